"""Write a :class:`~untoc_desktop.documents.model.Document` as PDF with reportlab Platypus.

Every page is decorated when the whole document is known (a deferred ``showPage`` canvas), which is
how "page X of Y", the running title and the "confidential" mark reach every page, the cover
included. Headings feed the table of contents and the PDF outline.

One layout pass: a table of contents' layout depends only on its entries' texts, which are known
before layout (one per heading of level 1-2); only the page numbers at the ends of its lines are
not. So the contents are laid out with their entries from the start (``_OnePassContents``), the
number and dot leader of each line are a PDF form XObject drawn in place (``doForm``) and defined
when the deferred pages are written, like the page totals. ``multiBuild`` laid the whole document
out at least twice instead. If layout does not meet the headings as expected (a heading split across
pages), the document is built again the old way, with ``multiBuild``.

Speed (issue 9): reportlab repeats work a long submission pays for many times over, so a
paragraph keeps its lines between ``wrap`` calls at one width (``_Paragraph``), plain text skips
the markup parser (``_plain_paragraph``), the canvas writes numbers, escapes and page streams
without reportlab's Python loops, the fonts remember word widths and code drawn text quickly
(``fonts._font_class``), and the cycle collector waits for the end. Each gives exactly reportlab's
own answer (``tests/documents/test_pdf_shortcuts.py``); the pages are identical.
"""

from __future__ import annotations

import gc
import io
import re
from ast import literal_eval
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from typing import Any, BinaryIO, Literal
from weakref import WeakKeyDictionary

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFStream, PDFZCompress
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
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
from reportlab.platypus.paragraph import (  # type: ignore[attr-defined]  # not in the stubs
    cleanBlockQuotedText,
    textTransformFrags,
)
from reportlab.platypus.paraparser import ParaFrag
from reportlab.platypus.tableofcontents import TableOfContents, drawPageNumbers
from reportlab.rl_config import _FUZZ

from untoc_desktop.core.errors import CancelledError
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
    Run,
    Spacer,
    Table,
)
from untoc_desktop.i18n import _

# Paper is light: the documents take the interface's light palette and type scale (``design.py``),
# so the letterhead and the cover look like the app the office works in.
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
#: Room kept at the right of a contents line for its dot leader and page number.
TOC_NUMBER_ROOM = 30.0


def _styles(compact: bool = False) -> dict[str, ParagraphStyle]:
    fonts.register()
    base = ParagraphStyle(
        "body",
        fontName=fonts.BODY,
        fontSize=10,
        leading=13.4 if compact else 14,
        textColor=INK,
        spaceAfter=6 if compact else 8,
        alignment=TA_JUSTIFY,
    )

    def derive(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "tight": derive("tight", spaceAfter=0, alignment=0),
        "right": derive("right", alignment=TA_RIGHT, spaceAfter=14),
        "quote": derive("quote", leftIndent=22, rightIndent=22, fontSize=10, leading=14.5),
        "note": derive(
            "note", fontSize=_pt("caption"), leading=_pt("caption") * 1.33, textColor=MUTED
        ),
        "small": derive("small", fontSize=8.5, leading=11, textColor=MUTED),
        "label": derive("label", spaceBefore=4, spaceAfter=3, alignment=0),
        "title": derive(
            "title", fontSize=17, leading=22, alignment=TA_CENTER, textColor=ACCENT, spaceAfter=6
        ),
        "subtitle": derive(
            "subtitle",
            fontSize=10.5,
            leading=14,
            alignment=TA_CENTER,
            textColor=MUTED,
            spaceAfter=16,
        ),
        "h1": derive(
            "h1",
            fontSize=_pt("display"),
            leading=_pt("display") * 1.25,
            textColor=ACCENT,
            spaceBefore=14,
            spaceAfter=8,
            alignment=0,
        ),
        "h2": derive(
            "h2",
            fontSize=_pt("title"),
            leading=_pt("title") * 1.25,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=6,
            alignment=0,
        ),
        "h3": derive(
            "h3",
            fontSize=_pt("subtitle"),
            leading=_pt("subtitle") * 1.25,
            textColor=MUTED,
            spaceBefore=6,
            spaceAfter=4,
            alignment=0,
        ),
        "cell": derive("cell", fontSize=8.8, leading=11.5, spaceAfter=0, alignment=0),
        "cellhead": derive(
            "cellhead",
            fontSize=8.8,
            leading=11.5,
            spaceAfter=0,
            alignment=0,
            textColor=colors.white,
        ),
        "lh_name": derive(
            "lh_name", fontSize=14, leading=18, textColor=ACCENT, alignment=TA_RIGHT, spaceAfter=2
        ),
        "lh_line": derive(
            "lh_line", fontSize=8.5, leading=11, textColor=MUTED, alignment=TA_RIGHT, spaceAfter=0
        ),
        "cover_title": derive(
            "cover_title",
            fontSize=24,
            leading=30,
            textColor=ACCENT,
            alignment=TA_CENTER,
            spaceAfter=14,
        ),
        "cover_sub": derive(
            "cover_sub",
            fontSize=12,
            leading=17,
            textColor=MUTED,
            alignment=TA_CENTER,
            spaceAfter=40,
        ),
        "cover_line": derive(
            "cover_line", fontSize=11, leading=16, alignment=TA_CENTER, spaceAfter=4
        ),
        # The right indent keeps an entry's text clear of its page number: a line that reached
        # the margin left the number squeezed against it, with no dot leader.
        "toc1": derive(
            "toc1", fontSize=11, leading=15, spaceAfter=3, alignment=0, rightIndent=TOC_NUMBER_ROOM
        ),
        "toc2": derive(
            "toc2",
            fontSize=9.5,
            leading=13,
            leftIndent=18,
            rightIndent=TOC_NUMBER_ROOM,
            spaceAfter=1,
            alignment=0,
            textColor=MUTED,
        ),
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


class _Paragraph(RLParagraph):
    """A reportlab ``Paragraph`` that breaks its lines once per width instead of at every ``wrap``.

    Platypus asks most paragraphs for their size two or three times at the same width: a list's
    ``wrap`` measures every item, then the frame measures each item again as it adds or draws it, a
    ``KeepTogether`` measures its whole group first, a table measures its cells again after a split.
    Each time reportlab broke the lines anew, measuring every word, which was most of the layout's
    cost. The lines depend only on the width (``availHeight`` is not read), the text and the style,
    none of which change once built, so the answer of the last ``wrap`` is reused as long as its
    lines are there (``split`` drops them when the paragraph moves on whole).
    """

    _wrapped_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab's names)
        if availWidth == self._wrapped_width and availWidth >= _FUZZ and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size


#: The fragment reportlab's markup parser makes of plain text in each style (``_plain_paragraph``).
_PLAIN_FRAGMENTS: WeakKeyDictionary[ParagraphStyle, ParaFrag | Literal[False]] = WeakKeyDictionary()


def _plain_paragraph(markup: str, style: ParagraphStyle) -> _Paragraph | None:
    """A paragraph of text without markup, given the fragment the parser would make, or None.

    Most paragraphs of a submission (table cells, findings without evidence, body text) are one
    run of plain text. For those reportlab's parser (an ``HTMLParser`` per paragraph) always makes
    a single fragment carrying the style's font and colour and the cleaned text; building that
    fragment from the one it made for the style costs nothing next to a parse. Text with markup or
    entities (``<``, ``&``) still goes through the parser, as does anything the check below finds
    different from what the parser gave (``tests/documents/test_pdf_shortcuts.py`` compares them).
    """
    if "<" in markup or "&" in markup:
        return None
    text = cleanBlockQuotedText(markup)
    template = _PLAIN_FRAGMENTS.get(style)
    if template is None:
        parsed = RLParagraph("x", style)
        ok = parsed.style is style and len(parsed.frags) == 1 and parsed.frags[0].text == "x"
        template = _PLAIN_FRAGMENTS[style] = parsed.frags[0] if ok else False
    if not template or not text:
        return None
    # the parser's lists (underlines, links) belong to one paragraph: each gets its own
    own_lists = {
        name: list(value) for name, value in template.__dict__.items() if isinstance(value, list)
    }
    frags = [template.clone(text=text, **own_lists)]
    textTransformFrags(frags, style)
    return _Paragraph(text, style, frags=frags)


#: The longest paragraph laid out as one flowable. Platypus breaks a flowable's lines again on
#: every page it spills over (``Paragraph.split`` keeps the rest as text, which the next page
#: wraps anew), so one paragraph's layout grew with the square of its length: 100,000
#: characters took 3 s, 1,000,000 did not finish. Longer paragraphs are laid out in pieces of at
#: most this many characters (about half a page), cut after a sentence (``_pieces``), which
#: keeps the cost linear. Shorter paragraphs, nearly all of them, are laid out as before.
MAX_PARAGRAPH_CHARS = 3000

#: Where a long paragraph is best cut: after the end of a sentence (or a line), then after a space.
_SENTENCE_END = re.compile(r"[.!?;:\u3002\u061f\u0964]\s+|\n")
_SPACE = re.compile(r"\s+")


def _cut(text: str, start: int, limit: int) -> int:
    """Where the piece that starts at ``start`` ends: after the last sentence end, else the last
    space, in the second half of its ``limit`` characters, else after ``limit`` characters."""
    low, high = start + limit // 2, start + limit
    for pattern in (_SENTENCE_END, _SPACE):
        ends = [m.end() for m in pattern.finditer(text, low, high)]
        if ends:
            return ends[-1]
    return high


def _pieces(runs: tuple[Run, ...], limit: int | None = None) -> list[tuple[Run, ...]]:
    """``runs`` as consecutive pieces of at most ``limit`` (``MAX_PARAGRAPH_CHARS``) characters,
    cut between sentences where there is a sentence end to cut after; the pieces together hold
    exactly ``runs``."""
    limit = MAX_PARAGRAPH_CHARS if limit is None else limit
    text = "".join(r.text for r in runs)
    if len(text) <= limit:
        return [runs]
    cuts = [0]
    while len(text) - cuts[-1] > limit:
        cuts.append(_cut(text, cuts[-1], limit))
    cuts.append(len(text))
    pieces: list[tuple[Run, ...]] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece: list[Run] = []
        offset = 0
        for run in runs:
            lo, hi = max(start - offset, 0), min(end - offset, len(run.text))
            if lo < hi:
                piece.append(
                    run if hi - lo == len(run.text) else replace(run, text=run.text[lo:hi])
                )
            offset += len(run.text)
        pieces.append(tuple(piece))
    return pieces


def _paras(runs: tuple[Run, ...] | str, style: ParagraphStyle) -> list[Flowable]:
    """The paragraph as flowables: one, or for a long paragraph one per piece (``_pieces``), set
    without space between them so that they read as one paragraph."""
    if isinstance(runs, str):
        runs = (Run(runs),)
    pieces = _pieces(runs)
    if len(pieces) == 1:
        return [_para(runs, style)]
    first = ParagraphStyle(style.name + "-first", parent=style, spaceAfter=0)
    middle = ParagraphStyle(
        style.name + "-middle", parent=style, spaceBefore=0, spaceAfter=0, firstLineIndent=0
    )
    last = ParagraphStyle(style.name + "-last", parent=style, spaceBefore=0, firstLineIndent=0)
    styles = [first, *[middle] * (len(pieces) - 2), last]
    return [_para(piece, piece_style) for piece, piece_style in zip(pieces, styles, strict=True)]


def _para(runs: tuple[Run, ...] | str, style: ParagraphStyle) -> RLParagraph:
    if isinstance(runs, str):
        runs = (Run(runs),)
    raw = "".join(r.text for r in runs)
    if fonts.has_arabic(raw) and fonts.shaping_available():
        style = ParagraphStyle(style.name + "-shaped", parent=style, shaping=1)
    markup = "".join(_run_markup(r) for r in runs)
    if len(runs) == 1 and (plain := _plain_paragraph(markup, style)) is not None:
        return plain
    return _Paragraph(markup, style)


def _image(png: bytes, max_w: float, max_h: float) -> Image:
    width, height = ImageReader(io.BytesIO(png)).getSize()
    scale = min(max_w / width, max_h / height)
    return Image(io.BytesIO(png), width=width * scale, height=height * scale)


class _Doc(BaseDocTemplate):
    def __init__(
        self, target: BinaryIO, document: Document, cancelled: Callable[[], bool] | None
    ) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=document.margin_cm * cm,
            bottomMargin=document.margin_cm * cm,
            title=document.title,
            author=document.author,
            subject=document.subject,
            creator="UNTOC Desktop",
            producer="UNTOC Desktop",
            lang=document.lang,
        )
        self._cancelled = cancelled
        self._bookmark = 0
        #: key -> page of each heading that feeds the contents, as met by layout (level, key) in
        #: order
        self.heading_pages: dict[str, int] = {}
        self.contents_seen: list[tuple[int, str]] = []
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def beforeDocument(self) -> None:
        self._bookmark = 0
        self.heading_pages.clear()
        self.contents_seen.clear()

    def afterFlowable(self, flowable: Flowable) -> None:
        if self._cancelled is not None and self._cancelled():
            raise CancelledError(_("The export was cancelled; no file was written."))
        level = getattr(flowable, "_toc_level", None)
        if level is None:
            return
        text = flowable._toc_text  # type: ignore[attr-defined]
        key = f"h{self._bookmark}"
        self._bookmark += 1
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level - 1, closed=level > 1)
        if level <= 2:
            self.heading_pages[key] = self.page
            self.contents_seen.append((level - 1, key))
            self.notify("TOCEntry", (level - 1, text, self.page, key))


#: ``escapePDF`` of each byte: escaping is character by character, so ``str.translate`` with this
#: table gives exactly reportlab's answer, without its Python loop over every character drawn.
_PDF_ESCAPES = {code: escapePDF(bytes((code,))) for code in range(256)}


@lru_cache(maxsize=8192, typed=True)
def _number(value: float) -> str:
    """``fp_str`` of one number, remembered: a page's flowables sit at a few dozen distinct
    offsets."""
    return fp_str(value)


class _LayoutMismatchError(Exception):
    """Layout did not meet the headings the contents were planned with: lay the document out
    again."""


def _canvas_class(
    document: Document,
    heading_pages: dict[str, int] | None = None,
    planned: frozenset[str] = frozenset(),
) -> type[Canvas]:
    """A canvas that holds every page back until the end, then decorates each with the totals.

    With ``heading_pages`` (filled during layout) it also defines the forms that hold the page
    numbers of the contents' lines (``_OnePassContents``) and links those numbers to their headings.
    """

    class DecoratedCanvas(Canvas):
        # reportlab's own ``Canvas`` internals used below, which its stubs leave out
        _code: list[str]
        _doc: Any  # the ``PDFDocument`` being written
        _pageNumber: int
        _currentMatrix: tuple[float, float, float, float, float, float]
        _startPage: Callable[[], None]

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self.contents_marks: list[tuple[Any, ...]] = []  # this page's, reset at each page

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()
            self.contents_marks = []

        def save(self) -> None:
            if not planned <= (heading_pages or {}).keys():  # a contents line would point nowhere
                raise _LayoutMismatchError
            total = len(self._pages)
            lines: dict[str, tuple[Any, ...]] = {}
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                for mark in self.contents_marks:
                    self._contents_link(*mark)
                    lines.setdefault(mark[5], mark)
                super().showPage()
                self._flate_only(self._doc.Pages.pages[-1])
            # referenced by the pages above, defined now that pages are known
            for mark in lines.values():
                self._contents_line_end(*mark)
            super().save()

        # reportlab's own C functions, when installed, are used as they are
        if fonts.in_python("fp_str"):

            def transform(self, a: float, b: float, c: float, d: float, e: float, f: float) -> None:
                """reportlab's ``transform`` with its numbers written from memory (see ``_number``).

                Every flowable is drawn after a ``translate`` to its place, and reportlab formats
                the six numbers in Python each time (``fp_str`` joins the numbers it formats one by
                one, so the text is the same). Merging into a ``cm`` just written is left to
                reportlab.
                """
                if self._code and self._code[-1][-3:] == " cm":
                    super().transform(a, b, c, d, e, f)
                    return
                if rl_canvas.ENABLE_TRACKING:  # type: ignore[attr-defined]  # not in the stubs
                    a0, b0, c0, d0, e0, f0 = self._currentMatrix
                    self._currentMatrix = (
                        a0 * a + c0 * b,
                        b0 * a + d0 * b,
                        a0 * c + c0 * d,
                        b0 * c + d0 * d,
                        a0 * e + c0 * f + e0,
                        b0 * e + d0 * f + f0,
                    )
                self._code.append(" ".join(map(_number, (a, b, c, d, e, f))) + " cm")

        if fonts.in_python("escapePDF"):

            def _escape(self, s: str | bytes) -> str:
                """The PDF string escape of text drawn (see ``_PDF_ESCAPES``)."""
                if isinstance(s, bytes):
                    return s.decode("latin-1").translate(_PDF_ESCAPES)
                # ``Canvas._escape`` is missing from the stubs
                escaped: str = super()._escape(s)  # type: ignore[misc]
                return escaped

        @staticmethod
        def _flate_only(page: Any) -> None:
            """Compress the page's content stream with Flate alone, without ASCII85 on top.

            reportlab also wraps every compressed page in ASCII85 (``rl_config.useA85``, a
            process-wide setting) so that a PDF stays 7-bit text, which nothing reads it with today;
            encoding it in Python was about 6% of a long submission's time, and it makes the file
            some 15% larger. The page's drawing operators are the same; a reader inflates them
            without the extra step.
            """
            if page.compression and not page.Contents:
                contents = PDFStream(content=page.stream, filters=[PDFZCompress])
                contents.__Comment__ = "page stream"  # type: ignore[attr-defined]  # not in the stubs
                page.Contents = contents

        def _page_of(self, key: str) -> int:
            return (heading_pages or {}).get(key, 0)

        def _contents_line_end(
            self,
            origin: tuple[float, float],
            x: float,
            y: float,
            style: ParagraphStyle,
            dot: str,
            key: str,
            width: float,
            height: float,
        ) -> None:
            """Define the form holding one contents line's dot leader and page number.

            The page drew it in place with ``doForm`` during layout (so text order is unchanged for
            screen readers and copying); its coordinates are those of that place.
            """
            self.beginForm(  # the stubs want ints for the corner; reportlab takes floats
                _contents_form(key),
                lowerx=-width,  # type: ignore[arg-type]
                lowery=-height,  # type: ignore[arg-type]
                upperx=2 * width,
                uppery=2 * height,
            )
            self._curr_tx_info = {"cur_x": x, "cur_y": y}  # where drawPageNumbers starts the leader
            drawPageNumbers(self, style, [(self._page_of(key), None)], width, height, dot)
            self.endForm()

        def _contents_link(
            self,
            origin: tuple[float, float],
            x: float,
            y: float,
            style: ParagraphStyle,
            dot: str,
            key: str,
            width: float,
            height: float,
        ) -> None:
            """The page number links to its heading, as reportlab's own contents do (not possible in
            a form)."""
            number_w = self.stringWidth(str(self._page_of(key)), style.fontName, style.fontSize)
            left, bottom = origin[0] + width - number_w, origin[1] + y
            # Named: the page state restored by ``save`` rewinds reportlab's automatic annotation
            # count.
            self.linkRect(
                "",
                key,
                (left, bottom, left + number_w, bottom + style.leading),
                relative=0,
                name=f"contents-link-{self._pageNumber}-{key}",
            )

        def _decorate(self, total: int) -> None:
            width, height = A4
            self.saveState()
            self.setFont(fonts.BODY, 8)
            self.setFillColor(MUTED)
            label = document.page_label.format(page=self._pageNumber, pages=total)
            self.drawCentredString(width / 2, MARGIN / 2, label)
            if document.running_title:
                title = running_title(document.running_title, width - 2 * MARGIN - 5 * cm)
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


def running_title(text: str, room: float) -> str:
    """``text`` on one line of the page header: line breaks as spaces, cut with "…" to ``room``
    points. Only the first few hundred characters can fit, so a long title costs no more."""
    title = full = " ".join(text[:400].split())
    while title and stringWidth(title, fonts.BODY, 8) > room:
        title = title[:-2]
    if title != full or len(text) > 400:
        title = title.rstrip() + "…"
    return title


def _contents_form(key: str) -> str:
    return f"contents-{key}"


class _OnePassContents(TableOfContents):
    """A table of contents laid out in the same pass as the document it lists.

    Its entries are set before layout (``preset``). A line's end (dot leader and page number) is
    drawn as a PDF form referenced in place and defined by the deferred canvas once every heading's
    page is known (PDF and reportlab allow a form to be defined after its use).
    """

    _preset = False  # not preset (``write_two_passes``): an ordinary ``TableOfContents``

    def preset(self, entries: list[tuple[int, str, str]]) -> None:
        self._lastEntries = [(level, text, 0, key) for level, text, key in entries]
        self._preset = True

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        size = super().wrap(avail_width, avail_height)
        if not self._preset:
            return size

        def record_line_end(canvas: Canvas, kind: str | None, label: str) -> None:
            _page, level_text, key_text = label.split(",")
            level, key = int(level_text), literal_eval(key_text)
            dot = " . " if 0 <= self.dotsMinLevel <= level else ""
            info = canvas._curr_tx_info  # type: ignore[attr-defined]
            canvas.doForm(_contents_form(key))
            canvas.contents_marks.append(  # type: ignore[attr-defined]  # a DecoratedCanvas's own
                (
                    canvas.absolutePosition(0, 0),
                    info["cur_x"],
                    info["cur_y"],
                    self.getLevelStyle(level),
                    dot,
                    key,
                    avail_width,
                    avail_height,
                )
            )

        self.canv.setNamedCB("drawTOCEntryEnd", record_line_end)
        return size


def _walk(flowables: list[Flowable]) -> Iterator[Flowable]:
    """The story's flowables in layout order, looking inside ``KeepTogether`` groups."""
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            yield from _walk(flowable._content)  # type: ignore[attr-defined]  # not in the stubs
        else:
            yield flowable


def _contents_entries(story: list[Flowable]) -> list[tuple[int, str, str]]:
    """(level - 1, text, key) of every heading that feeds the contents, in the order layout meets
    them.

    Keys count every heading, as ``_Doc.afterFlowable`` does; only levels 1 and 2 are listed.
    """
    headings = [f for f in _walk(story) if getattr(f, "_toc_level", None) is not None]
    return [
        (f._toc_level - 1, f._toc_text, f"h{n}")  # type: ignore[attr-defined]
        for n, f in enumerate(headings)
        if f._toc_level <= 2  # type: ignore[attr-defined]
    ]


def _flowables(
    document: Document, styles: dict[str, ParagraphStyle], text_width: float
) -> list[Flowable]:
    """Convert every block; a heading (and a label under it) travels to the next page with the start
    of what follows, never alone at the foot of a page.

    ``keepWithNext`` alone let a heading end a page above a list, so the pairing is explicit. It is
    with the *start* only: kept with a whole list or table, a heading pushed both to the next page
    whenever they did not fit, leaving up to two thirds of a page blank. A list comes as its first
    item and the rest (``_convert``); a table may split anywhere, so a heading above one starts a
    new page only when less than ``_TABLE_START`` is left.
    """
    story: list[Flowable] = []
    pending: list[Flowable] = []
    for block in document.blocks:
        converted = _convert(block, styles, text_width)
        if isinstance(block, Heading) or (isinstance(block, Paragraph) and block.style == "label"):
            pending.extend(converted)
            continue
        if pending and converted:
            story.extend(_with_start_of(pending, converted[0]))
            converted, pending = converted[1:], []
        story.extend(pending)
        story.extend(converted)
        pending = []
    story.extend(pending)
    return story


#: Room a heading needs below it to stay above a table on the same page: a few rows and the header.
_TABLE_START = 5 * cm


def _with_start_of(pending: list[Flowable], first: Flowable) -> list[Flowable]:
    if isinstance(first, RLTable):
        for flowable in pending:
            flowable.keepWithNext = False  # reportlab would otherwise glue them to the whole table
        return [CondPageBreak(_TABLE_START), *pending, first]
    return [KeepTogether([*pending, first])]


def _convert(block: Block, styles: dict[str, ParagraphStyle], text_width: float) -> list[Flowable]:
    if isinstance(block, Paragraph):
        paragraphs = _paras(block.runs, styles.get(block.style, styles["body"]))
        for flowable in paragraphs:
            # a label never ends a page without its content
            flowable.keepWithNext = block.style == "label"
        return list(paragraphs)
    if isinstance(block, Heading):
        level = max(1, min(block.level, 3))
        paragraphs = _paras(block.text, styles[f"h{level}"])
        for flowable in paragraphs:
            flowable.keepWithNext = True
        paragraphs[0]._toc_level = level  # type: ignore[attr-defined]
        paragraphs[0]._toc_text = block.text  # type: ignore[attr-defined]
        return list(paragraphs)
    if isinstance(block, ListBlock):
        # The first item on its own, then the rest, numbered on, with the spacing of one list: what
        # keeps a heading with the list (``_flowables``) keeps it with that item, not the whole
        # list.
        first, rest = block.items[:1], block.items[1:]
        return [
            _list(
                first, block, block.start, styles, space_after=_ITEM_GAP if rest else _LIST_AFTER
            ),
            *(
                [_list(rest, block, block.start + 1, styles, space_after=_LIST_AFTER)]
                if rest
                else []
            ),
        ]
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
        return [
            KeepTogether([f for inner in block.blocks for f in _convert(inner, styles, text_width)])
        ]
    if isinstance(block, Contents):
        toc = _OnePassContents(levelStyles=[styles["toc1"], styles["toc2"]], dotsMinLevel=0)
        return [_para(block.title, styles["h1"]), toc]
    raise TypeError(f"unknown block {block!r}")


_ITEM_GAP, _LIST_AFTER = 4, 8


def _list(
    items: tuple[tuple[Run, ...], ...],
    block: ListBlock,
    start: int,
    styles: dict[str, ParagraphStyle],
    *,
    space_after: float,
) -> ListFlowable:
    flowables = [ListItem(_paras(item, styles["tight"]), spaceAfter=_ITEM_GAP) for item in items]
    kwargs: dict[str, Any] = (
        {"bulletType": "1", "start": start, "bulletFormat": "%s."}
        if block.numbered
        else {"bulletType": "bullet", "start": "•"}
    )
    return ListFlowable(
        flowables,  # type: ignore[arg-type]  # the stubs omit ``ListItem``, which is no Flowable
        leftIndent=_list_indent(block),
        bulletFontName=fonts.BODY,
        bulletFontSize=_BULLET_SIZE,
        spaceAfter=space_after,
        **kwargs,
    )


_BULLET_SIZE = 9.5


def _list_indent(block: ListBlock) -> float:
    """Room for the widest number of the whole list (both of its parts line up), at least 18 pt.

    18 pt holds "99."; "100." ran into its item's first word ("100.Migration").
    """
    if not block.numbered:
        return 18
    widest = f"{block.start + len(block.items) - 1}."
    return max(18.0, stringWidth(widest, fonts.BODY, _BULLET_SIZE) + 3)  # "99." leaves 3 pt in 18


#: Characters of a cell beyond which its row may be split across pages (a narrow column of
#: 8.8 pt text holds about 2,000 characters in a page's height).
_LONG_CELL = 1000


def _cell(text: str, style: ParagraphStyle) -> Flowable | list[Flowable]:
    paragraphs = _paras(text, style)
    return paragraphs[0] if len(paragraphs) == 1 else paragraphs


def _table(block: Table, styles: dict[str, ParagraphStyle], text_width: float) -> RLTable:
    widths = [w * text_width for w in block.widths] if block.widths else None
    data = [[_cell(h, styles["cellhead"]) for h in block.header]]
    data += [[_cell(cell, styles["cell"]) for cell in row] for row in block.rows]
    # A row taller than a page cannot move to the next one: such a row (a long description) is
    # split across pages; ordinary tables keep each row whole, as before.
    long_cell = any(len(cell) > _LONG_CELL for row in block.rows for cell in row)
    table = RLTable(
        data,
        colWidths=widths,
        repeatRows=1,
        hAlign="LEFT",
        spaceBefore=4,
        spaceAfter=10,
        splitInRow=1 if long_cell else 0,
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                (
                    "ROWBACKGROUNDS",
                    (0, 1),
                    (-1, -1),
                    [colors.white, colors.HexColor(PAPER.surface_alt)],
                ),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _letterhead(
    block: Letterhead, styles: dict[str, ParagraphStyle], text_width: float
) -> list[Flowable]:
    text = [
        *_paras(block.name, styles["lh_name"]),
        *(p for line in block.lines for p in _paras(line, styles["lh_line"])),
    ]
    logo: Flowable | str = _image(block.logo_png, 4 * cm, 2.2 * cm) if block.logo_png else ""
    table = RLTable([[logo, text]], colWidths=[4.5 * cm, text_width - 4.5 * cm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -1), 1.2, ACCENT),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("RIGHTPADDING", (-1, 0), (-1, 0), 0),
            ]
        )
    )
    return [table, RLSpacer(1, 14)]


def _cover(block: Cover, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [RLSpacer(1, 3 * cm)]
    if block.logo_png:
        logo = _image(block.logo_png, 6 * cm, 3.5 * cm)
        logo.hAlign = "CENTER"
        story += [logo, RLSpacer(1, 1 * cm)]
    story += [
        *_paras(block.title, styles["cover_title"]),
        HRFlowable(
            width="25%", thickness=2, color=ACCENT, hAlign="CENTER", spaceBefore=2, spaceAfter=10
        ),
        *_paras(block.subtitle, styles["cover_sub"]),
    ]
    story.append(
        KeepTogether([p for line in block.lines for p in _paras(line, styles["cover_line"])])
    )
    return story


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a PDF is built, and resume it (if it ran) afterwards.

    Layout makes and keeps tens of thousands of small objects (flowables, fragments, lines) that
    live until the file is written, so the collector ran some hundred times over a long
    submission, re-examining them all and freeing nothing (5-8% of the time). Memory freed by
    reference counting is freed as before; the few cycles are collected once it runs again. If
    two documents are written at once, the collector is back on when the first one that found
    it on has finished.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def write(
    document: Document, target: BinaryIO, *, cancelled: Callable[[], bool] | None = None
) -> None:
    """Write ``document`` as PDF into ``target``; raises ``CancelledError`` if asked to stop."""
    with _cycle_collection_paused():
        _write(document, target, cancelled)


#: How far a document that must fit its pages (``Document.fit_pages``: a letter) may be tightened:
#: type, leading and spacing scaled by each factor in turn until it fits, never below 88 %.
_FIT_SCALES = (0.96, 0.92, 0.88)


def _scaled(styles: dict[str, ParagraphStyle], factor: float) -> dict[str, ParagraphStyle]:
    out = {}
    for name, style in styles.items():
        copy = ParagraphStyle(f"{name}-{factor}", parent=style)
        for attr in ("fontSize", "leading", "spaceAfter", "spaceBefore"):
            setattr(copy, attr, getattr(style, attr) * factor)
        out[name] = copy
    return out


def _write(document: Document, target: BinaryIO, cancelled: Callable[[], bool] | None) -> None:
    if document.fit_pages:
        # A letter whose sign-off spills onto a second page is tightened a little instead.
        for factor in (1.0, *_FIT_SCALES):
            buffer = io.BytesIO()
            doc = _Doc(buffer, document, cancelled)
            styles = _styles(document.compact)
            doc.build(
                _flowables(
                    document, styles if factor == 1.0 else _scaled(styles, factor), doc.width
                ),
                canvasmaker=_canvas_class(document, doc.heading_pages, frozenset()),
            )
            if doc.page <= document.fit_pages:
                break
        target.write(buffer.getbuffer())
        return
    styles = _styles(document.compact)
    buffer = io.BytesIO()
    doc = _Doc(buffer, document, cancelled)
    story = _flowables(document, styles, doc.width)
    contents = [f for f in _walk(story) if isinstance(f, _OnePassContents)]
    entries = _contents_entries(story)
    for toc in contents:
        toc.preset(entries)
    planned = frozenset(key for _level, _text, key in entries) if contents else frozenset()
    try:
        doc.build(story, canvasmaker=_canvas_class(document, doc.heading_pages, planned))
        if contents and doc.contents_seen != [(level, key) for level, _text, key in entries]:
            raise _LayoutMismatchError
    except (
        _LayoutMismatchError
    ):  # layout split or dropped a heading: rare, and correct the slow way
        write_two_passes(document, target, cancelled=cancelled)
        return
    target.write(buffer.getbuffer())


def write_two_passes(
    document: Document, target: BinaryIO, *, cancelled: Callable[[], bool] | None = None
) -> None:
    """The same document with ``multiBuild``: the contents filled in by laying everything out
    again."""
    styles = _styles(document.compact)
    doc = _Doc(target, document, cancelled)
    doc.multiBuild(_flowables(document, styles, doc.width), canvasmaker=_canvas_class(document))


def to_bytes(document: Document, *, cancelled: Callable[[], bool] | None = None) -> bytes:
    buffer = io.BytesIO()
    write(document, buffer, cancelled=cancelled)
    return buffer.getvalue()
