"""The press release: the guide's step 9, delivering the messages publicly through the media.

A headline, a lead, a quotation from the organization's signatory (who signs its letters and so
has agreed to be named), the key recommendations, the pledge's state, a paragraph on the Review
Mechanism, the organization and a media contact, then short texts for social media with their
lengths. Sensitive items are already left out by ``gather``.
"""

from __future__ import annotations

from untoc_desktop.documents import phase2_data, social
from untoc_desktop.documents.common import Context, contact_line
from untoc_desktop.documents.gather import DossierData
from untoc_desktop.documents.model import (
    Document,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    Spacer,
    para,
)
from untoc_desktop.documents.public import pledge_sentence, shortened
from untoc_desktop.documents.templates import as_inserted, counted, fill
from untoc_desktop.i18n import N_

MAX_KEY_RECOMMENDATIONS = 3


def compose(data: DossierData, ctx: Context) -> Document:
    tpl, blanks = ctx.template("press"), ctx.blanks()
    org = data.organization
    org_name = org["name"].strip()
    recommendations = phase2_data.recommendations(data)
    extra = phase2_data.of(data)
    headline = "".join(
        r.text
        for r in fill(
            counted(tpl["headline"], len(recommendations), ctx.lang),
            {"organization": org_name, "count": str(len(recommendations))},
            blanks,
        )
    )
    doc = Document(
        kind="press",
        lang=ctx.lang,
        title=headline,
        author=org_name,
        subject=tpl["release_label"],
        page_label=ctx.gettext("Page {page} of {pages}"),
    )
    if data.included_sensitive:
        doc.confidential_label = ctx.gettext("Confidential")
    doc.add(
        para(tpl["release_label"], "small", bold=True),
        para(ctx.long_date(), "small"),
        Spacer(6),
        para(headline, "title", bold=True),
        Paragraph(
            (
                Run(tpl["state_label"] + " ", bold=True),
                *fill("{country}", {"country": ctx.country(data.dossier["country"])}, blanks),
            ),
            "label",
        ),
        Spacer(6),
        Paragraph(fill(tpl["lead"], {"organization": org_name}, blanks)),
    )
    name, title = org["signatory_name"].strip(), org["signatory_title"].strip()
    if name:
        doc.add(
            Paragraph(
                (
                    Run(tpl["quote"], italic=True),
                    Run(" "),
                    *fill(
                        tpl["quote_attribution"],
                        {"name": name, "title": title, "organization": org_name},
                        blanks,
                    ),
                ),
                "quote",
            )
        )
    if recommendations:
        doc.add(
            Heading(tpl["key_heading"]),
            ListBlock(
                tuple(
                    (Run(shortened(r["text"], 50)),)
                    for r in recommendations[:MAX_KEY_RECOMMENDATIONS]
                ),
                numbered=True,
            ),
        )
    pledge = extra.pledge
    if pledge is not None and (pledge["sent_on"] or pledge["answer"] != "none"):
        doc.add(para(pledge_sentence(pledge, tpl, ctx)))
    doc.add(Heading(tpl["about_review_heading"]), para(tpl["about_review"]))
    about = tpl["about_org_heading"].format(organization=org_name or blanks["organization"])
    doc.add(Heading(about))
    if org["focus_issues"].strip():
        issues = as_inserted(org["focus_issues"])
        doc.add(para(issues[:1].upper() + issues[1:] + "."))
    contact = contact_line(name, org["email"], org["phone"], org["website"])
    if contact:
        doc.add(Heading(tpl["contact_heading"]), para(contact))
    doc.add(Spacer(6), para(tpl["ends"], "small", bold=True))
    doc.add(PageBreak(), Heading(tpl["social_heading"]), para(tpl["social_intro"], "small"))
    social.add_to(doc, data, ctx)
    return doc


def missing(data: DossierData) -> list[str]:
    out: list[str] = []
    if not data.organization["name"].strip():
        out.append(N_("The organization's name is missing."))
    if not data.organization["signatory_name"].strip():
        out.append(N_("Who signs the letters (name and title)"))
    return out
