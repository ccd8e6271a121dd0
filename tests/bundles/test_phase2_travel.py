"""The guide's Phase 2 records travel between offices like the others (issue 24)."""

from __future__ import annotations

from pathlib import Path

from tests.bundles.conftest import content
from untoc_desktop.bundles.export import collect, export_bundle
from untoc_desktop.bundles.importer import apply, known_keys, read_bundle
from untoc_desktop.store import phase2
from untoc_desktop.store.workspace import Workspace


def _import(path: Path, bundle: Path, accept=()):
    with Workspace.open(path) as ws:
        validated = read_bundle(bundle, None, known_keys(ws), own_office_id=ws.office_id)
        return apply(ws, validated, accept)


def _export(path: Path, out: Path, **kw) -> Path:
    with Workspace.open(path) as ws:
        return export_bundle(ws, out, **kw).path


def _phase2_dossier(ws: Workspace) -> tuple[str, str, str]:
    dossier = ws.create_dossier(title="Phase 2", country="KE")
    phase2.set_pledge_sent(ws, dossier, "2026-01-10", "Ministry of Interior", "letter")
    sha = ws.add_attachment(b"%PDF-1.4 signed pledge", mime="application/pdf")
    phase2.attach_signed_pledge(ws, dossier, sha, "pledge-signed.pdf")
    phase2.add_commitment_status(ws, dossier, 2, "kept", "2026-03-01", "Dialogue held")
    public = phase2.STAKEHOLDERS.add(ws, dossier, kind="ministry", name="Ministry of Interior")
    secret = phase2.STAKEHOLDERS.add(ws, dossier, kind="media", name="J. Reporter", sensitive=1)
    phase2.add_contact(ws, dossier, date="2026-02-01", stakeholder_id=public, outcome="Agreed")
    phase2.add_contact(ws, dossier, date="2026-02-02", stakeholder_id=secret, summary="Briefing")
    phase2.add_public_message(ws, dossier, "press_release", "2026-04-01", "Daily Nation")
    open_rec = ws.add_finding(dossier, "recommendation", "Publish the self-assessment")
    hidden_rec = ws.add_finding(dossier, "recommendation", "Protect a named witness")
    ws.update("findings", hidden_rec, sensitive=1)
    phase2.add_recommendation_status(ws, open_rec, "raised", "2026-02-01")
    phase2.add_recommendation_status(ws, hidden_rec, "raised", "2026-02-01", "Named witness")
    return dossier, secret, hidden_rec


def test_phase2_travels_and_a_second_import_changes_nothing(make_office, tmp_path):
    a, b = make_office("A"), make_office("B")
    with Workspace.open(a) as ws:
        dossier, secret, hidden_rec = _phase2_dossier(ws)
    bundle = _export(a, tmp_path / "1", dossier_ids=[dossier])
    _import(b, bundle)
    with Workspace.open(b) as ws:
        pledge = phase2.pledge(ws, dossier)
        assert pledge["sent_to"] == "Ministry of Interior"
        assert ws.attachment(pledge["signed_copy_sha256"]) == b"%PDF-1.4 signed pledge"
        assert phase2.commitment_latest(ws, dossier)[2]["status"] == "kept"
        assert [s["name"] for s in phase2.live_stakeholders(ws, dossier)] == [
            "Ministry of Interior"
        ]
        assert ws.get("stakeholders", secret) is None
        assert len(phase2.contacts(ws, dossier)) == 2  # the contact itself travels
        assert ws.get("findings", hidden_rec) is None
        assert list(phase2.histories(ws, dossier)) and all(
            row["finding_id"] != hidden_rec
            for rows in phase2.histories(ws, dossier).values()
            for row in rows
        )
        assert phase2.PUBLIC_MESSAGES.list(ws, dossier)[0]["outlet"] == "Daily Nation"
    again = _import(b, bundle)
    assert not again.preview.changes_anything


def test_sensitive_follow_up_travels_only_with_its_recommendation(make_office, tmp_path):
    a = make_office("A")
    with Workspace.open(a) as ws:
        dossier, _secret, hidden_rec = _phase2_dossier(ws)
        left_out = collect(ws, [dossier])
        assert all(r["finding_id"] != hidden_rec for r in left_out["recommendation_status"])
        everything = collect(ws, [dossier], include_sensitive=True)
        assert any(r["finding_id"] == hidden_rec for r in everything["recommendation_status"])
        whole = collect(ws)
        assert all(r["finding_id"] != hidden_rec for r in whole["recommendation_status"])


def test_the_pledge_answered_in_two_offices_merges_into_one_record(make_office, tmp_path):
    a, b = make_office("A"), make_office("B")
    with Workspace.open(a) as ws:
        dossier = ws.create_dossier(title="Shared")
    _import(b, _export(a, tmp_path / "1"))
    # Each office creates the dossier's pledge record on its own (natural key: the dossier).
    with Workspace.open(a) as ws:
        phase2.set_pledge_sent(ws, dossier, "2026-01-10", "Ministry")
    with Workspace.open(b) as ws:
        phase2.set_pledge_answer(ws, dossier, "signed", "2026-02-01")
    _import(a, _export(b, tmp_path / "2"), accept=True)
    _import(b, _export(a, tmp_path / "3"), accept=True)
    assert content(a) == content(b)
    with Workspace.open(a) as ws:
        assert len(ws.rows("pledges", "dossier_id = ?", (dossier,))) == 1
