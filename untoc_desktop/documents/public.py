"""The public summary: one to two pages a civil-society organization can hand out or post.

It says who the organization is, why the review matters, what it found, what it recommends and
where each recommendation stands, and whether the Government signed the transparency pledge. It
passes the same safety gate as the submission: ``gather`` has already left out every sensitive
item, and it names no person except the organization's own signatory and co-signers who agreed.
"""

from __future__ import annotations

from typing import Any

from untoc_desktop.documents import phase2_data
from untoc_desktop.documents.common import Context, contact_line
from untoc_desktop.documents.gather import DossierData, Record
from untoc_desktop.documents.model import (
    Document,
    Heading,
    ListBlock,
    Paragraph,
    Run,
    Spacer,
    para,
)
from untoc_desktop.documents.templates import as_inserted, counted, fill
from untoc_desktop.i18n import N_

#: How many items of each kind a page or two can hold; the rest is counted, not printed.
MAX_GAPS = 4
MAX_PRACTICES = 2
MAX_RECOMMENDATIONS = 6
MAX_SUMMARY_WORDS = 160


def labelled(label: str, value: str) -> Paragraph:
    return Paragraph((Run(label + " ", bold=True), Run(value)), "label")


def shortened(text: str, words: int) -> str:
    parts = text.split()
    return text.strip() if len(parts) <= words else " ".join(parts[:words]) + " …"


def pledge_sentence(pledge: Record | None, tpl: Any, ctx: Context) -> str:
    """The pledge's state in one sentence of the document's language."""
    if pledge is None or not (pledge["sent_on"] or pledge["answer"] != "none"):
        return str(tpl["pledge_none"])
    key = {"signed": "pledge_signed", "declined": "pledge_declined"}.get(
        pledge["answer"], "pledge_sent"
    )
    when = pledge["answer_on"] if pledge["answer"] != "none" else pledge["sent_on"]
    on_date = tpl["on_date"].format(date=ctx.long_date(when)) if when.strip() else ""
    return str(tpl[key]).format(date=on_date)


def status_of(history: list[Record], tpl: Any, ctx: Context) -> str:
    if not history:
        return str(tpl["statuses"]["none"])
    last = history[-1]
    label = str(tpl["statuses"].get(last["status"], last["status"]))
    return f"{label} ({ctx.long_date(last['date'])})" if last["date"].strip() else label


def header_lines(doc: Document, data: DossierData, ctx: Context, tpl: Any) -> None:
    dossier = data.dossier
    blanks = ctx.blanks()
    doc.add(
        Paragraph(
            (
                Run(tpl["state_label"] + " ", bold=True),
                *fill("{country}", {"country": ctx.country(dossier["country"])}, blanks),
            ),
            "label",
        )
    )
    if dossier.get("cluster") and "cluster_label" in tpl:
        cluster = ctx.ref.cluster(int(dossier["cluster"]))
        doc.add(labelled(tpl["cluster_label"], f"{cluster.number}. {cluster.name(ctx.lang)}"))
    doc.add(
        Paragraph(
            (
                Run(tpl["by_label"] + " ", bold=True),
                *fill("{organization}", {"organization": data.organization["name"]}, blanks),
            ),
            "label",
        ),
        labelled(tpl["date_label"], ctx.long_date()),
    )


def compose(data: DossierData, ctx: Context) -> Document:
    tpl, blanks = ctx.template("public"), ctx.blanks()
    org, dossier = data.organization, data.dossier
    extra = phase2_data.of(data)
    doc = Document(
        kind="public",
        lang=ctx.lang,
        title=tpl["title"],
        author=org["name"].strip(),
        subject=tpl["subtitle"],
        page_label=ctx.gettext("Page {page} of {pages}"),
        fit_pages=2,
    )
    if data.included_sensitive:
        doc.confidential_label = ctx.gettext("Confidential")
    doc.add(para(tpl["title"], "title", bold=True), para(tpl["subtitle"], "subtitle"))
    header_lines(doc, data, ctx, tpl)
    doc.add(Spacer(6))

    doc.add(Heading(tpl["who_heading"]))
    doc.add(
        Paragraph(
            fill(
                tpl["who"],
                {
                    "organization": org["name"],
                    "focus_issues": as_inserted(org["focus_issues"]),
                },
                blanks,
            )
        )
    )
    summary = [p.strip() for p in dossier["executive_summary"].split("\n\n") if p.strip()]
    if summary:
        doc.add(Heading(tpl["why_heading"]), para(shortened(summary[0], MAX_SUMMARY_WORDS)))

    left_out = 0
    doc.add(Heading(tpl["found_heading"]))
    gaps = phase2_data.findings_of(data, "gap")
    practices = phase2_data.findings_of(data, "good_practice")
    if not gaps and not practices:
        doc.add(para(tpl["none_found"]))
    for label, items, limit in (
        (tpl["gaps_label"], gaps, MAX_GAPS),
        (tpl["practices_label"], practices, MAX_PRACTICES),
    ):
        if items:
            doc.add(
                para(label, bold=True),
                ListBlock(tuple((Run(shortened(f["text"], 45)),) for f in items[:limit])),
            )
            left_out += max(0, len(items) - limit)

    doc.add(Heading(tpl["recommend_heading"]))
    recommendations = phase2_data.recommendations(data)
    if recommendations:
        doc.add(para(tpl["recommend_intro"]))
        doc.add(
            ListBlock(
                tuple(
                    (
                        Run(shortened(r["text"], 50) + " "),
                        Run(tpl["status_prefix"] + " ", bold=True),
                        Run(status_of(extra.histories.get(r["id"], []), tpl, ctx), italic=True),
                    )
                    for r in recommendations[:MAX_RECOMMENDATIONS]
                ),
                numbered=True,
            )
        )
        left_out += max(0, len(recommendations) - MAX_RECOMMENDATIONS)
    else:
        doc.add(para(tpl["no_recommendation"]))

    doc.add(Heading(tpl["pledge_heading"]), para(pledge_sentence(extra.pledge, tpl, ctx)))

    partners = phase2_data.cleared_partners(data)
    if partners:
        doc.add(
            Heading(tpl["joined_heading"]),
            para(", ".join(p["name"].strip() for p in partners)),
        )
    contact = contact_line(org["email"], org["phone"], org["website"])
    if contact:
        doc.add(Heading(tpl["contact_heading"]), para(contact))
    if left_out:
        doc.add(
            Spacer(6),
            para(counted(tpl["more"], left_out, ctx.lang).format(count=left_out), "small"),
        )
    return doc


def missing(data: DossierData) -> list[str]:
    out: list[str] = []
    if not data.organization["name"].strip():
        out.append(N_("The organization's name is missing."))
    if not data.dossier["country"]:
        out.append(N_("The State party is not chosen."))
    if not any(f["kind"] == "recommendation" for f in data.findings):
        out.append(N_("There are no recommendations yet."))
    return out
