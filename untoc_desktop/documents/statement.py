"""The written statement to a constructive dialogue: heading, working group, date, text, signature.

The statement's text is the user's own; this composer only frames it. The rule of the dialogues (no
specific country situation) is printed as a note so the reader knows it was respected; the editor,
not the document, is where mentions are pointed out (``core.mentions``).
"""

from __future__ import annotations

from untoc_desktop.core.statement import WORKING_GROUPS, exported_mentions, word_count
from untoc_desktop.documents.common import Context
from untoc_desktop.documents.gather import DossierData
from untoc_desktop.documents.letter import letterhead
from untoc_desktop.documents.model import Document, Keep, Paragraph, Run, Spacer, para
from untoc_desktop.documents.templates import blank_text, fill
from untoc_desktop.i18n import N_, _


def compose(data: DossierData, ctx: Context) -> Document:
    tpl, blanks = ctx.template("statement"), ctx.blanks()
    dossier, org = data.dossier, data.organization
    title = dossier["title"].strip() or tpl["title"]
    doc = Document(
        kind="statement",
        lang=ctx.lang,
        title=title,
        author=org["name"].strip(),
        subject=tpl["title"],
        page_label=ctx.gettext("Page {page} of {pages}"),
        margin_cm=1.8,
        compact=True,
    )
    group = WORKING_GROUPS.get(dossier.get("working_group") or "")
    doc.add(
        letterhead(data, ctx),
        para(tpl["title"], "title", bold=True),
        para(tpl["subtitle"], "subtitle"),
        Paragraph(
            (
                Run(tpl["working_group_label"] + " ", bold=True),
                Run(ctx.gettext(group))
                if group
                else Run(blank_text(ctx.gettext("working group")), blank=True),
            )
        ),
        Paragraph(
            (
                Run(tpl["date_label"] + " ", bold=True),
                Run(ctx.long_date(dossier["dialogue_date"]))
                if dossier.get("dialogue_date")
                else Run(blank_text(ctx.gettext("date of the dialogue")), blank=True),
            )
        ),
        Spacer(8),
    )
    if dossier["title"].strip():
        doc.add(para(dossier["title"].strip(), bold=True))
    paragraphs = [
        " ".join(p.split())
        for p in (dossier.get("statement_text") or "").split("\n\n")
        if p.strip()
    ]
    doc.add(
        *(para(p) for p in paragraphs)
        if paragraphs
        else [para(blank_text(tpl["empty"]), blank=True)]
    )
    doc.add(Spacer(6), para(tpl["rule_note"], "note", italic=True))
    words, limit = (
        word_count(dossier.get("statement_text") or ""),
        int(dossier.get("statement_limit") or 0),
    )
    if limit:
        doc.add(para(tpl["length"].format(words=words, limit=limit), "small"))
    doc.add(
        Keep(
            (
                Spacer(12),
                Paragraph(
                    fill(tpl["submitted_by"], {"organization": org["name"]}, blanks), "tight"
                ),
                Paragraph((Run(ctx.long_date()),), "tight"),
            )
        )
    )
    return doc


def missing(data: DossierData) -> list[str]:
    """Untranslated descriptions of what the statement still prints as blanks."""
    out: list[str] = []
    dossier = data.dossier
    if not (dossier.get("statement_text") or "").strip():
        out.append(N_("The statement's text is empty."))
    if not dossier.get("working_group"):
        out.append(N_("The working group is not chosen."))
    if not dossier.get("dialogue_date"):
        out.append(N_("The date of the dialogue is missing."))
    if not data.organization["name"].strip():
        out.append(N_("The organization's name is missing."))
    found = exported_mentions(dossier)
    for name, message in (
        (
            "title",
            N_(
                "The title names a State ({names}): the statement may not refer to a "
                "specific country."
            ),
        ),
        (
            "statement_text",
            N_(
                "The text names a State ({names}): the statement may not refer to a "
                "specific country."
            ),
        ),
    ):
        if found[name]:
            names = ", ".join(dict.fromkeys(m.text for m in found[name]))
            out.append(_(message).format(names=names))  # already translated: it has a value
    return out
