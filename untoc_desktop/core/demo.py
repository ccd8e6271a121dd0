"""The demonstration dossier: a complete, realistic contribution for any State, in en, fr or es.

It exists so that a new user (and the tests, the tour and the benchmarks) can see every part of the
product filled in. Its text lives in ``resources/demo/demo.json``; the State's name and the
instruments it is party to come from the reference data. A profile the user already filled in is
never overwritten.
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from typing import Any

from untoc_desktop.core.errors import UserError
from untoc_desktop.core.reference import load as load_reference
from untoc_desktop.core.timeutil import now
from untoc_desktop.i18n import _, normalize
from untoc_desktop.paths import resource
from untoc_desktop.store import phase2
from untoc_desktop.store.workspace import Workspace

DEMO_CLUSTER = 1


def demo_text(lang: str) -> dict[str, Any]:
    with resource("demo", "demo.json").open(encoding="utf-8") as fh:
        text: dict[str, Any] = json.load(fh)[normalize(lang)]
    return text


def demo_photo() -> bytes:
    """A small JPEG that carries GPS coordinates, so the safety check has something to flag."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), (38, 70, 83))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 120, 300, 180), fill=(120, 90, 60))
    for x in range(40, 300, 50):
        draw.rectangle((x, 135, x + 30, 165), fill=(210, 200, 170))
    draw.polygon([(20, 120), (160, 40), (300, 120)], fill=(90, 110, 120))
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "S", (6.0, 10.0, 12.5)
    gps[3], gps[4] = "E", (39.0, 11.0, 48.0)
    exif[0x010F], exif[0x0110] = "DemoCam", "Field Camera 2"  # make and model
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=80, exif=exif)
    return buf.getvalue()


def build_demo(ws: Workspace, country: str, lang: str) -> str:
    """Create the demo dossier for ``country`` in ``lang`` and return its id."""
    ref = load_reference()
    try:
        state = ref.state(country)
    except KeyError:
        raise UserError(
            _(
                "Unknown State code: {code}. Use an ISO 3166 two-letter code such as KE or FR."
            ).format(code=country)
        ) from None
    lang = normalize(lang)
    text = demo_text(lang)
    instruments = [i.code for i in ref.instruments() if state.party(i.code).status != "not_party"]
    country_name = ref.country_name(country, lang)
    today = date.today()

    with ws.transaction():
        if not ws.organization()["name"].strip():
            ws.save_organization(country=country, **text["organization"])
        dossier_id = ws.create_dossier(
            title=text["title"].format(country=country_name),
            country=country,
            language=lang,
            instruments=instruments,
            cluster=DEMO_CLUSTER,
            executive_summary=text["summary"],
            step=1,
        )
        ws.set_focal_point(dossier_id, **text["focal_point"])

        findings = [f for f in text["findings"] if f["instrument"] in instruments]
        if not any(f["sensitive"] for f in findings):
            findings[0] = dict(findings[0], sensitive=True)
        for f in findings:
            ws.set_article_selected(dossier_id, f["instrument"], f["article"], True)
        finding_ids = [
            ws.add_finding(
                dossier_id,
                f["kind"],
                f["text"],
                instrument=f["instrument"],
                article=f["article"],
                sensitive=f["sensitive"],
            )
            for f in findings
        ]
        recommendation_ids = [
            ws.add_finding(dossier_id, "recommendation", recommendation)
            for recommendation in text["recommendations"]
        ]

        evidence_ids = []
        for item in text["evidence"]:
            if item["attachment"] == "photo":
                sha, name = ws.add_attachment(demo_photo(), mime="image/jpeg"), text["photo_file"]
            else:
                sha = ws.add_attachment(text["notes_text"].encode("utf-8"), mime="text/plain")
                name = text["notes_file"]
            evidence_ids.append(
                ws.insert(
                    "evidence",
                    dossier_id=dossier_id,
                    source=item["source"],
                    date=item["date"],
                    description=item["description"],
                    attachment_sha256=sha,
                    attachment_name=name,
                    sensitive=item["sensitive"],
                    position=ws.next_position("evidence", dossier_id),
                )
            )
        ws.link_evidence(finding_ids[0], evidence_ids[0])
        if len(finding_ids) > 2:
            ws.link_evidence(finding_ids[2], evidence_ids[1])

        for partner in text["partners"]:
            ws.insert(
                "partners",
                dossier_id=dossier_id,
                country=country,
                agreed_on=(today - timedelta(days=10)).isoformat(),
                **partner,
            )
        log = text["log"]
        sent = today - timedelta(days=7)
        letter_id = ws.insert(
            "engagement_log",
            dossier_id=dossier_id,
            date=sent.isoformat(),
            channel=log["channel"],
            summary=log["summary"],
            follow_up=(sent + timedelta(days=log["follow_up_days"])).isoformat(),
        )
        _phase2(ws, dossier_id, lang, today, letter_id, recommendation_ids)
        ws.update("dossiers", dossier_id, step=1, exported_at=None, safety_reviewed_at=None)
        ws.set_meta("demo_built_at", now())
    return dossier_id


def _phase2(
    ws: Workspace,
    dossier_id: str,
    lang: str,
    today: date,
    letter_id: str,
    recommendation_ids: list[str],
) -> None:
    """The guide's Phase 2 as a week after the letter looks: the pledge sent with the letter and
    not answered yet, five stakeholders, three contacts (one next action a day overdue), two
    recommendations raised; nothing published yet (text: ``resources/demo/phase2.json``)."""
    with resource("demo", "phase2.json").open(encoding="utf-8") as fh:
        text: dict[str, Any] = json.load(fh)[lang]

    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    focal = ws.focal_point(dossier_id)
    phase2.set_pledge_sent(ws, dossier_id, day(-7), focal["ministry"], text["pledge"]["sent_how"])
    phase2.set_pledge_field(ws, dossier_id, "answer_due", day(21))
    phase2.set_pledge_field(ws, dossier_id, "note", text["pledge"]["note"])
    phase2.add_commitment_status(ws, dossier_id, 1, "not_yet", day(-2), text["commitment_1"])
    who: dict[str, str] = {}
    for person in text["stakeholders"]:
        fields = {k: v for k, v in person.items() if k != "key"}
        who[person["key"]] = phase2.STAKEHOLDERS.add(ws, dossier_id, **fields)
    for contact in text["contacts"]:
        due = "" if contact["due_in"] is None else day(contact["due_in"])
        if contact.get("log"):
            ws.update(
                "engagement_log",
                letter_id,
                stakeholder_id=who[contact["who"]],
                outcome=contact["outcome"],
                next_action=contact["next_action"],
                follow_up=due,
            )
            continue
        phase2.add_contact(
            ws,
            dossier_id,
            date=day(-contact["days_ago"]),
            stakeholder_id=who[contact["who"]],
            channel=contact["channel"],
            summary=contact["summary"],
            outcome=contact["outcome"],
            next_action=contact["next_action"],
            due=due,
        )
    for offset, (finding_id, evidence) in zip(
        (-7, -5), zip(recommendation_ids, text["raised"], strict=False), strict=False
    ):
        phase2.add_recommendation_status(ws, finding_id, "raised", day(offset), evidence)
