from __future__ import annotations

import pytest

from untoc_desktop.core import action_plan
from untoc_desktop.core.demo import build_demo
from untoc_desktop.store import phase2
from untoc_desktop.store.workspace import Workspace


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_demo_is_complete_and_realistic(ws: Workspace, lang: str) -> None:
    dossier_id = build_demo(ws, "KE", lang)
    dossier = ws.dossier(dossier_id)
    assert dossier["language"] == lang and dossier["cluster"] == 1
    assert "UNTOC" in dossier["instruments"]
    org = ws.organization()
    assert org["name"] and org["signatory_name"]
    findings = ws.children("findings", dossier_id)
    assert len(findings) >= 6
    assert len({(f["instrument"], f["article"]) for f in findings if f["article"]}) >= 3
    assert any(f["sensitive"] for f in findings)
    evidence = ws.children("evidence", dossier_id)
    assert len(evidence) == 2 and all(e["attachment_sha256"] for e in evidence)
    assert all(ws.attachment(e["attachment_sha256"]) for e in evidence)
    assert len(ws.children("partners", dossier_id)) == 2
    # The guide's Phase 2 (issue 24): the letter and two more contacts, each with an outcome.
    log = ws.children("engagement_log", dossier_id)
    assert len(log) == 3 and all(entry["outcome"] and entry["stakeholder_id"] for entry in log)
    assert (
        phase2.pledge(ws, dossier_id)["sent_on"]
        and phase2.pledge(ws, dossier_id)["answer"] == "none"
    )
    assert len(phase2.live_stakeholders(ws, dossier_id)) == 5
    assert [d.kind for d in action_plan.overdue(ws, dossier_id)] == ["next_action"]
    assert len(phase2.histories(ws, dossier_id)) == 2
    states = action_plan.states(ws, dossier_id)
    assert states[7] == action_plan.STARTED and states[8] == action_plan.DONE
    assert ws.focal_point(dossier_id)["ministry"]
    assert ws.integrity_problems() == []


def test_demo_keeps_an_existing_profile(ws: Workspace) -> None:
    ws.save_organization(name="My own NGO")
    build_demo(ws, "FR", "fr")
    assert ws.organization()["name"] == "My own NGO"


def test_demo_photo_carries_location_metadata() -> None:
    import io

    from PIL import Image

    from untoc_desktop.core.demo import demo_photo

    exif = Image.open(io.BytesIO(demo_photo())).getexif()
    assert exif.get_ifd(0x8825)  # GPS IFD present: the safety check must flag it
