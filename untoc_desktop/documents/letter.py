"""The letter to the State party's focal point (guide, Part 4), composed from its template.

The guide writes this letter for the organization that does not yet know who leads the review, so
an unknown focal point is its normal case, not a gap: the letter is then addressed to the office
that coordinates the review (or to the ministry the user named) and asks who the focal point is,
with no placeholder to delete before sending. Blanks remain only for what the organization itself
must fill in (its name, its signatory); :func:`missing` tells the wizard what to complete.
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
from untoc_desktop.documents.templates import as_inserted, blank_text, fill
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
        fit_pages=1,
    )
    doc.add(letterhead(data, ctx), Paragraph((Run(ctx.long_date()),), "right"))

    named = bool(focal["name"].strip())
    ministry = [line.strip() for line in focal["ministry"].splitlines() if line.strip()]
    if named:
        first = focal["name"].strip()
    elif ministry:
        first = ministry.pop(0)  # "Ministry of Justice": the letter goes to the office itself
    else:
        first = tpl["recipient_office"]
    recipient: list[Paragraph] = [para(first, "tight")]
    for value in (focal["position"], "\n".join(ministry), focal["address"]):
        for line in value.strip().splitlines():
            recipient.append(para(line.strip(), "tight"))
    if focal["email"].strip():
        recipient.append(para(focal["email"].strip(), "tight"))
    doc.add(*recipient, Spacer(6))

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
    salutation = tpl["salutation_named"] if named else tpl["salutation_unnamed"]
    doc.add(Paragraph(fill(salutation, {"focal_name": focal["name"]}, blanks)))
    doc.add(
        para(tpl["opening"]), para(tpl["quote_intro"]), para(tpl["quote"], "quote", italic=True)
    )
    if tpl["quote_note"]:
        doc.add(para(tpl["quote_note"], "note"))
    focus = as_inserted(org["focus_issues"])
    doc.add(
        Paragraph(fill(tpl["focus"], {"organization": org["name"], "focus_issues": focus}, blanks))
    )
    requests = list(tpl["requests"])
    if named:  # ask them to confirm they are the one, rather than for their own name
        requests[0] = tpl["request_focal_named"]
    doc.add(para(tpl["requests_intro"]), ListBlock(tuple((Run(item),) for item in requests)))
    values = {
        "signatory_name": org["signatory_name"],
        "signatory_title": org["signatory_title"],
        "organization": org["name"],
    }
    doc.add(
        Keep(
            (  # a signature never stands alone on a page: the closing and sign-off go with it
                para(tpl["closing"]),
                para(tpl["sign_off_named"] if named else tpl["sign_off_unnamed"]),
                Spacer(18),
                *(
                    Paragraph(fill("{" + key + "}", values, blanks), "tight")
                    for key in ("signatory_name", "signatory_title", "organization")
                ),
            )
        ),
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
