"""A joint civil-society declaration: title, sections, then the signatories.

The signatory list follows the declaration delivered to the 12th Conference of the Parties (2024):
organizations first, then individuals, each with the country they work from. Signatories marked
sensitive were already dropped by ``gather`` unless the user deliberately included them.
"""

from __future__ import annotations

from untoc_desktop.core.declaration import mentions_in
from untoc_desktop.documents.common import Context
from untoc_desktop.documents.gather import DossierData, Record
from untoc_desktop.documents.model import Document, Heading, ListBlock, Run, Spacer, para
from untoc_desktop.documents.templates import blank_text, fill
from untoc_desktop.i18n import N_, _


def _signatory_line(row: Record, ctx: Context) -> tuple[Run, ...]:
    country = ctx.country(row.get("country"))
    return (Run(row["name"].strip()), Run(f" ({country})" if country else ""))


def ordered_signatories(data: DossierData) -> tuple[list[Record], list[Record]]:
    rows = data.extra.get("signatories", [])
    orgs = [r for r in rows if r["kind"] == "organization" and r["name"].strip()]
    people = [r for r in rows if r["kind"] == "individual" and r["name"].strip()]
    return orgs, people


def compose(data: DossierData, ctx: Context) -> Document:
    tpl, blanks = ctx.template("declaration"), ctx.blanks()
    dossier, org = data.dossier, data.organization
    title = dossier["title"].strip()
    doc = Document(
        kind="declaration",
        lang=ctx.lang,
        title=title or tpl["subtitle"],
        author=org["name"].strip(),
        subject=tpl["subtitle"],
        running_title=title,
        page_label=ctx.gettext("Page {page} of {pages}"),
    )
    if data.included_sensitive:
        doc.confidential_label = ctx.gettext("Confidential")
    doc.add(
        para(ctx.long_date(), "right"),
        para(title or blank_text(tpl["untitled"]), "title", bold=True, blank=not title),
        para(tpl["subtitle"], "subtitle"),
        para(
            "".join(
                r.text for r in fill(tpl["coordinated_by"], {"organization": org["name"]}, blanks)
            ),
            "small",
        ),
        Spacer(8),
    )
    for section in data.extra.get("sections", []):
        if section["title"].strip():
            doc.add(Heading(section["title"].strip()))
        paragraphs = [" ".join(p.split()) for p in section["text"].split("\n\n") if p.strip()]
        doc.add(
            *(para(p) for p in paragraphs)
            if paragraphs
            else [para(blank_text(tpl["empty_section"]), blank=True)]
        )
    orgs, people = ordered_signatories(data)
    doc.add(Heading(tpl["signatories_heading"]))
    if not (orgs or people):
        doc.add(para(tpl["no_signatories"], italic=True))
    for heading, rows in (
        (tpl["organizations_heading"], orgs),
        (tpl["individuals_heading"], people),
    ):
        if rows:
            doc.add(
                Heading(heading, level=2), ListBlock(tuple(_signatory_line(r, ctx) for r in rows))
            )
    return doc


def missing(data: DossierData) -> list[str]:
    out: list[str] = []
    if not data.dossier["title"].strip():
        out.append(N_("The declaration has no title."))
    if not data.organization["name"].strip():
        out.append(N_("The organization's name is missing."))
    found = mentions_in(
        data.dossier["title"],
        data.extra.get("sections", []),
        data.extra.get("signatories", []),
    )
    for item in found:
        if not item.mentions:
            continue
        # Already translated: each message carries its values.
        if item.field == "title":
            message = _(
                "The title names a State ({names}): check that the declaration may name it."
            )
        elif item.field == "section_title":
            message = _(
                "The title of section {section} names a State ({names}): check that the "
                "declaration may name it."
            )
        elif item.field == "section_text":
            message = _(
                "The text of section {section} names a State ({names}): check that the "
                "declaration may name it."
            )
        else:
            message = _(
                "The signatory “{signatory}” names a State ({names}): keep it only if it is "
                "part of the organization's own name."
            )
        out.append(message.format(names=item.names, section=item.where, signatory=item.where))
    return out
