"""The letter to the State party's focal point (guide, Part 4), composed from its template.

It must render even when the focal point or the signatory is still unknown: the very purpose of the
letter is often to learn who the focal point is. Missing values become marked blanks, and
:func:`missing` tells the wizard what to complete.
"""

from __future__ import annotations

from untoc_desktop.documents.common import Context, contact_line
from untoc_desktop.documents.gather import DossierData
from untoc_desktop.documents.model import (
    Document,
    Keep,
    Letterhead,
    ListBlock,
    Paragraph,
    Run,
    Spacer,
    para,
)
from untoc_desktop.documents.templates import blank_text, fill
from untoc_desktop.i18n import N_


def letterhead(data: DossierData, ctx: Context) -> Letterhead:
    org = data.organization
    name = org["name"].strip() or blank_text(ctx.blanks()["organization"])
    if org.get("acronym", "").strip():
        name = f"{name} ({org['acronym'].strip()})"
    lines = [
        line
        for line in (
            org["address"].strip().replace("\n", ", "),
            ctx.country(org.get("country")),
            contact_line(org["email"], org["phone"], org["website"]),
        )
        if line
    ]
    return Letterhead(name=name, lines=tuple(lines), logo_png=data.logo_png)


def compose(data: DossierData, ctx: Context) -> Document:
    tpl = ctx.template("letter")
    blanks = ctx.blanks()
    org, focal, dossier = data.organization, data.focal_point, data.dossier
    title = tpl["subject"]
    doc = Document(
        kind="letter",
        lang=ctx.lang,
        title=title,
        author=org["name"].strip(),
        subject=title,
        page_label=ctx.gettext("Page {page} of {pages}"),
        margin_cm=1.6,
        compact=True,
    )
    doc.add(letterhead(data, ctx), Paragraph((Run(ctx.long_date()),), "right"))

    recipient: list[Paragraph] = [
        Paragraph(fill("{focal_name}", {"focal_name": focal["name"]}, blanks), "tight")
    ]
    for value in (focal["position"], focal["ministry"], focal["address"]):
        for line in value.strip().splitlines():
            recipient.append(para(line.strip(), "tight"))
    if focal["email"].strip():
        recipient.append(para(focal["email"].strip(), "tight"))
    if not (focal["email"].strip() or focal["address"].strip()):
        recipient.append(Paragraph(fill("{focal_contact}", {}, blanks), "tight"))
    doc.add(*recipient, Spacer(8))

    country = ctx.country(dossier["country"])
    doc.add(
        Paragraph(
            (Run(tpl["subject_label"] + " ", bold=True), Run(tpl["subject"], bold=True)), "label"
        ),
        Paragraph(
            (
                Run(tpl["state_label"] + " ", bold=True),
                *fill("{country}", {"country": country}, blanks),
            )
        ),
    )
    named = bool(focal["name"].strip())
    salutation = tpl["salutation_named"] if named else tpl["salutation_unnamed"]
    doc.add(Paragraph(fill(salutation, {"focal_name": focal["name"]}, blanks)))
    doc.add(
        para(tpl["opening"]), para(tpl["quote_intro"]), para(tpl["quote"], "quote", italic=True)
    )
    if tpl["quote_note"]:
        doc.add(para(tpl["quote_note"], "note"))
    focus = " ".join(org["focus_issues"].split())
    doc.add(
        Paragraph(fill(tpl["focus"], {"organization": org["name"], "focus_issues": focus}, blanks))
    )
    doc.add(para(tpl["requests_intro"]), ListBlock(tuple((Run(item),) for item in tpl["requests"])))
    values = {
        "signatory_name": org["signatory_name"],
        "signatory_title": org["signatory_title"],
        "organization": org["name"],
    }
    doc.add(
        Keep(
            (  # a signature never stands alone on a page: the closing paragraph goes with it
                para(tpl["closing"]),
                para(tpl["sign_off_named"] if named else tpl["sign_off_unnamed"]),
                Spacer(30),
                *(
                    Paragraph(fill("{" + key + "}", values, blanks), "tight")
                    for key in ("signatory_name", "signatory_title", "organization")
                ),
            )
        )
    )
    return doc


def missing(data: DossierData) -> list[str]:
    """Untranslated descriptions of what the letter prints as blanks (translate where shown)."""
    org, focal = data.organization, data.focal_point
    out: list[str] = []
    if not org["name"].strip():
        out.append(N_("The organization's name is missing."))
    if not org["focus_issues"].strip():
        out.append(N_("The issues your organization works on are missing."))
    if not org["signatory_name"].strip():
        out.append(N_("The signatory's name is missing."))
    if not org["signatory_title"].strip():
        out.append(N_("The signatory's title is missing."))
    if not focal["name"].strip():
        out.append(N_("The focal point's name is not known yet: the letter asks for it."))
    if not (focal["email"].strip() or focal["address"].strip()):
        out.append(N_("The focal point's address or email is missing."))
    if not data.dossier["country"]:
        out.append(N_("The State party is not chosen."))
    return out
