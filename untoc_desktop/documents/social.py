"""Short texts for social media, each with its length: the guide's step 9, delivering the messages
publicly, in the form most organizations use first.

Plain text built from the press release's wording (``press.<lang>.json``, ``social``); a text
holding a recommendation shortens it so the whole stays within ``LIMIT`` characters. No sensitive
item can appear: the recommendations come from ``gather``'s filtered list.
"""

from __future__ import annotations

from untoc_desktop.documents import phase2_data
from untoc_desktop.documents.common import Context
from untoc_desktop.documents.gather import DossierData
from untoc_desktop.documents.model import Document, Paragraph, Run, para
from untoc_desktop.documents.templates import counted

#: Characters most platforms accept in one post.
LIMIT = 280


def _fit(template: str, values: dict[str, str], limit: int = LIMIT) -> str:
    """``template`` filled; ``recommendation`` shortened (with an ellipsis) to keep within
    ``limit``."""
    text = template.format(**values)
    if len(text) <= limit or "{recommendation}" not in template:
        return text
    room = limit - (len(text) - len(values["recommendation"])) - 1
    short = values["recommendation"][: max(room, 0)].rstrip(" ,;:.")
    return template.format(**{**values, "recommendation": short + "…"})


def texts(data: DossierData, ctx: Context) -> list[str]:
    """The ready-to-post texts in the document's language."""
    tpl = ctx.template("press")
    recommendations = phase2_data.recommendations(data)
    values = {
        "organization": data.organization["name"].strip(),
        "count": str(len(recommendations)),
        "hashtags": tpl["hashtags"],
        "recommendation": recommendations[0]["text"].strip() if recommendations else "",
    }
    out = []
    for written in tpl["social"]:
        template = counted(written, len(recommendations), ctx.lang)
        if "{recommendation}" in template and not recommendations:
            continue
        out.append(_fit(template, values))
    return out


def count_label(text: str, ctx: Context) -> str:
    return counted(ctx.template("press")["count_label"], len(text), ctx.lang).format(
        count=len(text)
    )


def add_to(doc: Document, data: DossierData, ctx: Context) -> None:
    """The texts as paragraphs, each followed by its length."""
    for text in texts(data, ctx):
        doc.add(para(text), Paragraph((Run(count_label(text, ctx), italic=True),), "small"))


def compose(data: DossierData, ctx: Context) -> Document:
    """The texts alone (``render social --format txt`` gives them as plain text)."""
    tpl = ctx.template("press")
    doc = Document(
        kind="social",
        lang=ctx.lang,
        title=tpl["social_heading"],
        author=data.organization["name"].strip(),
        subject=tpl["social_heading"],
        page_label=ctx.gettext("Page {page} of {pages}"),
    )
    doc.add(para(tpl["social_heading"], "title", bold=True), para(tpl["social_intro"], "small"))
    add_to(doc, data, ctx)
    return doc


def missing(data: DossierData) -> list[str]:
    return []
