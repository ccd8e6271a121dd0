"""Write a :class:`~untoc_desktop.documents.model.Document` as PDF with reportlab Platypus.

Every page is decorated when the whole document is known (a deferred ``showPage`` canvas), which is
how "page X of Y", the running title and the "confidential" mark reach every page, the cover
included. Headings feed the table of contents and the PDF outline with keys that are reset before
each pass of ``multiBuild`` (changing keys make the build loop until it fails).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageTemplate,
    TableStyle,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Spacer as RLSpacer
from reportlab.platypus import Table as RLTable
from reportlab.platypus.flowables import HRFlowable
from reportlab.platypus.tableofcontents import TableOfContents

from untoc_desktop.design import LIGHT as PAPER
from untoc_desktop.design import TYPE_SCALE
from untoc_desktop.documents import fonts
from untoc_desktop.documents.model import (
    Block,
    Contents,
    Cover,
    Document,
    Heading,
    Keep,
    Letterhead,
    ListBlock,
    PageBreak,
    Paragraph,
    RenderCancelledError,
    Run,
    Spacer,
    Table,
)

# Paper is light: the documents take the interface's light palette and type scale (``design.py``), so
# the letterhead and the cover look like the app the office works in.
INK = colors.HexColor(PAPER.text)
ACCENT = colors.HexColor(PAPER.accent)
MUTED = colors.HexColor(PAPER.muted_text)
RULE = colors.HexColor(PAPER.divider)
BLANK_BG = "#fff1a8"
BLANK_FG = "#8a1c00"
CONFIDENTIAL = colors.HexColor(PAPER.error_text)
BODY_PT = 10.0


def _pt(role: str) -> float:
    return round(BODY_PT * TYPE_SCALE[role], 1)
MARGIN = 2.2 * cm


def _styles(compact: bool = False) -> dict[str, ParagraphStyle]:
    fonts.register()
    base = ParagraphStyle("body", fontName=fonts.BODY, fontSize=10, leading=13.4 if compact else 14,
                          textColor=INK, spaceAfter=6 if compact else 8, alignment=TA_JUSTIFY)

    def derive(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "tight": derive("tight", spaceAfter=0, alignment=0),
        "right": derive("right", alignment=TA_RIGHT, spaceAfter=14),
        "quote": derive("quote", leftIndent=22, rightIndent=22, fontSize=10, leading=14.5),
        "note": derive("note", fontSize=_pt("caption"), leading=_pt("caption") * 1.33, textColor=MUTED),
        "small": derive("small", fontSize=8.5, leading=11, textColor=MUTED),
        "label": derive("label", spaceBefore=4, spaceAfter=3, alignment=0),
        "title": derive("title", fontSize=17, leading=22, alignment=TA_CENTER, textColor=ACCENT, spaceAfter=6),
        "subtitle": derive("subtitle", fontSize=10.5, leading=14, alignment=TA_CENTER, textColor=MUTED,
                           spaceAfter=16),
        "h1": derive("h1", fontSize=_pt("display"), leading=_pt("display") * 1.25,
                      textColor=ACCENT, spaceBefore=14, spaceAfter=8, alignment=0),
        "h2": derive("h2", fontSize=_pt("title"), leading=_pt("title") * 1.25,
                      textColor=ACCENT, spaceBefore=10, spaceAfter=6, alignment=0),
        "h3": derive("h3", fontSize=_pt("subtitle"), leading=_pt("subtitle") * 1.25,
                      textColor=MUTED, spaceBefore=6, spaceAfter=4, alignment=0),
        "cell": derive("cell", fontSize=8.8, leading=11.5, spaceAfter=0, alignment=0),
        "cellhead": derive("cellhead", fontSize=8.8, leading=11.5, spaceAfter=0, alignment=0,
                           textColor=colors.white),
        "lh_name": derive("lh_name", fontSize=14, leading=18, textColor=ACCENT, alignment=TA_RIGHT, spaceAfter=2),
        "lh_line": derive("lh_line", fontSize=8.5, leading=11, textColor=MUTED, alignment=TA_RIGHT, spaceAfter=0),
        "cover_title": derive("cover_title", fontSize=24, leading=30, textColor=ACCENT, alignment=TA_CENTER,
                              spaceAfter=14),
        "cover_sub": derive("cover_sub", fontSize=12, leading=17, textColor=MUTED, alignment=TA_CENTER,
                            spaceAfter=40),
        "cover_line": derive("cover_line", fontSize=11, leading=16, alignment=TA_CENTER, spaceAfter=4),
        "toc1": derive("toc1", fontSize=11, leading=15, spaceAfter=3, alignment=0),
        "toc2": derive("toc2", fontSize=9.5, leading=13, leftIndent=18, spaceAfter=1, alignment=0, textColor=MUTED),
    }


def _run_markup(run: Run) -> str:
    text = fonts.markup(run.text)
    if run.bold:
        text = f"<b>{text}</b>"
    if run.italic:
        text = f"<i>{text}</i>"
    if run.blank:
        text = f'<span backColor="{BLANK_BG}" color="{BLANK_FG}">{text}</span>'
    return text


def _para(runs: tuple[Run, ...] | str, style: ParagraphStyle) -> RLParagraph:
    if isinstance(runs, str):
        runs = (Run(runs),)
    raw = "".join(r.text for r in runs)
    if fonts.has_arabic(raw) and fonts.shaping_available():
        style = ParagraphStyle(style.name + "-shaped", parent=style, shaping=1)
    return RLParagraph("".join(_run_markup(r) for r in runs), style)


def _image(png: bytes, max_w: float, max_h: float) -> Image:
    width, height = ImageReader(io.BytesIO(png)).getSize()
    scale = min(max_w / width, max_h / height)
    return Image(io.BytesIO(png), width=width * scale, height=height * scale)


class _Doc(BaseDocTemplate):
    def __init__(self, target: BinaryIO, document: Document, cancelled: Callable[[], bool] | None) -> None:
        super().__init__(
            target, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=document.margin_cm * cm,
            bottomMargin=document.margin_cm * cm,
            title=document.title, author=document.author, subject=document.subject, creator="UNTOC Desktop",
            producer="UNTOC Desktop", lang=document.lang,
        )
        self._cancelled = cancelled
        self._bookmark = 0
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def beforeDocument(self) -> None:
        self._bookmark = 0

    def afterFlowable(self, flowable: Flowable) -> None:
        if self._cancelled is not None and self._cancelled():
            raise RenderCancelledError
        level = getattr(flowable, "_toc_level", None)
        if level is None:
            return
        text = flowable._toc_text  # type: ignore[attr-defined]
        key = f"h{self._bookmark}"
        self._bookmark += 1
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level - 1, closed=level > 1)
        if level <= 2:
            self.notify("TOCEntry", (level - 1, text, self.page, key))


def _canvas_class(document: Document) -> type[Canvas]:
    """A canvas that holds every page back until the end, then decorates each with the totals."""

    class DecoratedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = A4
            self.saveState()
            self.setFont(fonts.BODY, 8)
            self.setFillColor(MUTED)
            label = document.page_label.format(page=self._pageNumber, pages=total)
            self.drawCentredString(width / 2, MARGIN / 2, label)
            if document.running_title:
                title = document.running_title
                while title and self.stringWidth(title, fonts.BODY, 8) > width - 2 * MARGIN - 5 * cm:
                    title = title[:-2]
                if title != document.running_title:
                    title = title.rstrip() + "…"
                self.drawString(MARGIN, height - MARGIN / 2, title)
                self.setStrokeColor(RULE)
                self.setLineWidth(0.5)
                self.line(MARGIN, height - MARGIN / 2 - 4, width - MARGIN, height - MARGIN / 2 - 4)
            if document.confidential_label:
                mark = document.confidential_label.upper()
                self.setFont(f"{fonts.BODY}-bold", 9)
                self.setFillColor(CONFIDENTIAL)
                self.setStrokeColor(CONFIDENTIAL)
                text_w = self.stringWidth(mark, f"{fonts.BODY}-bold", 9)
                x, y = width - MARGIN - text_w, height - MARGIN / 2
                self.rect(x - 4, y - 3, text_w + 8, 13, stroke=1, fill=0)
                self.drawString(x, y, mark)
                self.drawRightString(width - MARGIN, MARGIN / 2, mark)
            self.restoreState()

    return DecoratedCanvas


def _flowables(document: Document, styles: dict[str, ParagraphStyle], text_width: float) -> list[Flowable]:
    """Convert every block; a heading travels to the next page with the first thing under it.

    (``keepWithNext`` alone let a heading end a page above a list, so the pairing is explicit.)
    """
    story: list[Flowable] = []
    pending: list[Flowable] = []
    for block in document.blocks:
        converted = _convert(block, styles, text_width)
        if isinstance(block, Heading):
            pending.extend(converted)
            continue
        if pending and converted:
            story.append(KeepTogether([*pending, converted[0]]))
            converted, pending = converted[1:], []
        story.extend(pending)
        story.extend(converted)
        pending = []
    story.extend(pending)
    return story


def _convert(block: Block, styles: dict[str, ParagraphStyle], text_width: float) -> list[Flowable]:
    if isinstance(block, Paragraph):
        flowable = _para(block.runs, styles.get(block.style, styles["body"]))
        flowable.keepWithNext = block.style == "label"  # a label never ends a page without its content
        return [flowable]
    if isinstance(block, Heading):
        level = max(1, min(block.level, 3))
        flowable = _para(block.text, styles[f"h{level}"])
        flowable.keepWithNext = True
        flowable._toc_level = level  # type: ignore[attr-defined]
        flowable._toc_text = block.text  # type: ignore[attr-defined]
        return [flowable]
    if isinstance(block, ListBlock):
        items = [ListItem(_para(item, styles["tight"]), spaceAfter=4) for item in block.items]
        kwargs: dict[str, Any] = {"bulletType": "1", "start": block.start,
                                                                  "bulletFormat": "%s."} if block.numbered else {
            "bulletType": "bullet", "start": "•"}
        return [ListFlowable(items, leftIndent=18, bulletFontName=fonts.BODY, bulletFontSize=9.5,
                             spaceAfter=8, **kwargs)]
    if isinstance(block, Table):
        return [_table(block, styles, text_width)]
    if isinstance(block, Letterhead):
        return _letterhead(block, styles, text_width)
    if isinstance(block, Cover):
        return _cover(block, styles)
    if isinstance(block, Spacer):
        return [RLSpacer(1, block.height_pt)]
    if isinstance(block, PageBreak):
        return [RLPageBreak()]
    if isinstance(block, Keep):
        return [KeepTogether([f for inner in block.blocks for f in _convert(inner, styles, text_width)])]
    if isinstance(block, Contents):
        toc = TableOfContents(levelStyles=[styles["toc1"], styles["toc2"]], dotsMinLevel=0)
        return [_para(block.title, styles["h1"]), toc]
    raise TypeError(f"unknown block {block!r}")


def _table(block: Table, styles: dict[str, ParagraphStyle], text_width: float) -> RLTable:
    widths = [w * text_width for w in block.widths] if block.widths else None
    data = [[_para(h, styles["cellhead"]) for h in block.header]]
    data += [[_para(cell, styles["cell"]) for cell in row] for row in block.rows]
    table = RLTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT", spaceBefore=4, spaceAfter=10)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor(PAPER.surface_alt)]),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _letterhead(block: Letterhead, styles: dict[str, ParagraphStyle], text_width: float) -> list[Flowable]:
    text = [_para(block.name, styles["lh_name"]), *(_para(line, styles["lh_line"]) for line in block.lines)]
    logo: Flowable | str = _image(block.logo_png, 4 * cm, 2.2 * cm) if block.logo_png else ""
    table = RLTable([[logo, text]], colWidths=[4.5 * cm, text_width - 4.5 * cm], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, -1), 1.2, ACCENT),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ("LEFTPADDING", (0, 0), (0, 0), 0),
        ("RIGHTPADDING", (-1, 0), (-1, 0), 0),
    ]))
    return [table, RLSpacer(1, 14)]


def _cover(block: Cover, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [RLSpacer(1, 3 * cm)]
    if block.logo_png:
        logo = _image(block.logo_png, 6 * cm, 3.5 * cm)
        logo.hAlign = "CENTER"
        story += [logo, RLSpacer(1, 1 * cm)]
    story += [_para(block.title, styles["cover_title"]),
              HRFlowable(width="25%", thickness=2, color=ACCENT, hAlign="CENTER", spaceBefore=2, spaceAfter=10),
              _para(block.subtitle, styles["cover_sub"])]
    story.append(KeepTogether([_para(line, styles["cover_line"]) for line in block.lines]))
    return story


def write(document: Document, target: BinaryIO, *, cancelled: Callable[[], bool] | None = None) -> None:
    """Write ``document`` as PDF into ``target``; raises :class:`RenderCancelledError` if asked to stop."""
    styles = _styles(document.compact)
    doc = _Doc(target, document, cancelled)
    doc.multiBuild(_flowables(document, styles, doc.width), canvasmaker=_canvas_class(document))


def to_bytes(document: Document, *, cancelled: Callable[[], bool] | None = None) -> bytes:
    buffer = io.BytesIO()
    write(document, buffer, cancelled=cancelled)
    return buffer.getvalue()
