"""The engagement and transparency pledge that the organization asks its Government to endorse.

The State's name stands on its own line ("State party: Philippines") and the text speaks of "the
Government of the State party named above". That is deliberate: CLDR gives country names without
their article, and "le Gouvernement de Philippines" or "el Gobierno de Países Bajos" would be wrong,
while a hand-made table of articles for 198 names in two languages would be a maintenance trap. The
apposition is the form treaty texts use and is grammatical for every name in every language.
"""

from __future__ import annotations

from untoc_desktop.documents.common import Context
from untoc_desktop.documents.gather import DossierData
from untoc_desktop.documents.model import Document, Keep, ListBlock, Paragraph, Run, Spacer, para
from untoc_desktop.documents.templates import fill
from untoc_desktop.i18n import N_


def compose(data: DossierData, ctx: Context) -> Document:
    tpl = ctx.template("pledge")
    blanks = ctx.blanks()
    country = ctx.country(data.dossier["country"])
    doc = Document(
        kind="pledge",
        lang=ctx.lang,
        title=tpl["title"],
        author=data.organization["name"].strip(),
        subject=tpl["subtitle"],
        page_label=ctx.gettext("Page {page} of {pages}"),
    )
    doc.add(
        para(tpl["title"], "title", bold=True),
        para(tpl["subtitle"], "subtitle"),
        Paragraph(
            (
                Run(tpl["state_label"] + " ", bold=True),
                *fill("{country}", {"country": country}, blanks),
            )
        ),
        Spacer(6),
    )
    doc.add(*(para(text) for text in tpl["preamble"]))
    doc.add(ListBlock(tuple((Run(item),) for item in tpl["commitments"]), numbered=True))
    doc.add(para(tpl["transparency"]), Spacer(18))
    doc.add(
        Keep(
            (
                para(tpl["endorsement_heading"], bold=True),
                *(
                    Paragraph((Run(label + " ", bold=True), Run("_" * 40)), "label")
                    for label in tpl["endorsement_fields"]
                ),
            )
        )
    )
    doc.add(
        Spacer(18),
        Paragraph(
            fill(tpl["proposed_by"], {"organization": data.organization["name"]}, blanks), "small"
        ),
    )
    return doc


def missing(data: DossierData) -> list[str]:
    out: list[str] = []
    if not data.dossier["country"]:
        out.append(N_("The State party is not chosen."))
    if not data.organization["name"].strip():
        out.append(N_("The organization's name is missing."))
    return out
