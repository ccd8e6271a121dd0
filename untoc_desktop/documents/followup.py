"""The follow-up report: what has become of each recommendation, and of the pledge's commitments.

The guide ends its example with the organization "ready ... to begin the process of monitoring the
progress your government is making". This report is that monitoring, written down: an overview of
where the recommendations stand, then each recommendation with its whole history (date, status,
evidence), then the transparency pledge and each commitment's latest status. Recommendations
marked sensitive, and their history, are left out unless deliberately included.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from untoc_desktop.documents import phase2_data
from untoc_desktop.documents.common import Context
from untoc_desktop.documents.gather import DossierData, Record
from untoc_desktop.documents.model import Document, Heading, Spacer, Table, para
from untoc_desktop.documents.public import header_lines
from untoc_desktop.i18n import N_
from untoc_desktop.store.phase2 import COMMITMENTS, RECOMMENDATION_STATUSES


def _evidence(row: Record) -> str:
    parts = [row["evidence"].strip(), row.get("evidence_name", "").strip()]
    return " — ".join(p for p in parts if p)


def _date(ctx: Context, value: str) -> str:
    return ctx.long_date(value) if value.strip() else ""


def compose(data: DossierData, ctx: Context) -> Document:
    tpl = ctx.template("followup")
    extra = phase2_data.of(data)
    title = data.dossier["title"].strip() or tpl["title"]
    doc = Document(
        kind="followup",
        lang=ctx.lang,
        title=tpl["title"],
        author=data.organization["name"].strip(),
        subject=tpl["subtitle"],
        running_title=title,
        page_label=ctx.gettext("Page {page} of {pages}"),
    )
    if data.included_sensitive:
        doc.confidential_label = ctx.gettext("Confidential")
    doc.add(para(tpl["title"], "title", bold=True), para(tpl["subtitle"], "subtitle"))
    header_lines(doc, data, ctx, tpl)
    doc.add(Spacer(6), para(tpl["intro"]))

    recommendations = phase2_data.recommendations(data)
    statuses: dict[str, str] = tpl["statuses"]
    doc.add(Heading(tpl["overview_heading"]))
    if recommendations:
        latest = Counter(
            (extra.histories.get(r["id"]) or [{"status": "none"}])[-1]["status"]
            for r in recommendations
        )
        order = (*RECOMMENDATION_STATUSES, "none")
        doc.add(
            Table(
                tuple(tpl["overview_header"]),
                tuple((statuses[s], str(latest[s])) for s in order if latest[s]),
                (0.8, 0.2),
            )
        )
    else:
        doc.add(para(tpl["no_recommendation"]))

    if recommendations:
        doc.add(Heading(tpl["recommendations_heading"]))
    for number, rec in enumerate(recommendations, start=1):
        doc.add(
            Heading(tpl["recommendation_label"].format(number=number), 2),
            para(rec["text"].strip()),
        )
        history = extra.histories.get(rec["id"], [])
        if history:
            doc.add(
                Table(
                    tuple(tpl["history_header"]),
                    tuple(
                        (
                            _date(ctx, row["date"]),
                            str(statuses.get(row["status"], row["status"])),
                            _evidence(row),
                        )
                        for row in history
                    ),
                    (0.22, 0.3, 0.48),
                )
            )
        else:
            doc.add(para(tpl["no_history"], "note"))

    _pledge(doc, extra, ctx, tpl)
    return doc


def _pledge(doc: Document, extra: phase2_data.Phase2Data, ctx: Context, tpl: Any) -> None:
    from untoc_desktop.documents.public import pledge_sentence

    doc.add(Heading(tpl["pledge_heading"]), para(pledge_sentence(extra.pledge, tpl, ctx)))
    pledge = extra.pledge
    if pledge is None:
        return
    lines: dict[str, str] = tpl["pledge_lines"]
    shown = []
    if pledge["sent_to"].strip():
        shown.append(lines["sent"].format(to=pledge["sent_to"].strip()))
    if pledge["sent_on"].strip():
        shown.append(lines["sent_on"].format(date=_date(ctx, pledge["sent_on"])))
    shown.append(lines["answer"].format(answer=tpl["answers"][pledge["answer"]]))
    if pledge["answer_on"].strip():
        shown.append(lines["answer_on"].format(date=_date(ctx, pledge["answer_on"])))
    if pledge["published_where"].strip():
        shown.append(lines["published"].format(where=pledge["published_where"].strip()))
    if pledge["signed_copy_name"].strip():
        shown.append(lines["signed_copy"].format(name=pledge["signed_copy_name"].strip()))
    doc.add(*(para(line, "tight") for line in shown))
    if pledge["answer"] != "signed" and not extra.commitments:
        return
    states: dict[str, str] = tpl["commitment_statuses"]
    rows = []
    for number in COMMITMENTS:
        history = extra.commitments.get(number, [])
        last = history[-1] if history else None
        rows.append(
            (
                f"{number}. {tpl['commitments'][number - 1]}",
                states[last["status"]] if last else states["none"],
                _date(ctx, last["date"]) if last else "",
                _evidence(last) if last else "",
            )
        )
    doc.add(
        Spacer(6), Table(tuple(tpl["commitments_header"]), tuple(rows), (0.34, 0.16, 0.18, 0.32))
    )


def missing(data: DossierData) -> list[str]:
    out: list[str] = []
    if not any(f["kind"] == "recommendation" for f in data.findings):
        out.append(N_("There are no recommendations yet."))
    return out
