"""A plain, format-neutral document model that the PDF and DOCX writers both read.

Composing a letter or a submission once, as a list of blocks, and then writing it twice keeps the
two formats saying exactly the same thing: the tests read the model's promises (no sensitive item,
the right language) back from both files. Nothing here knows about reportlab or python-docx.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Literal, TypeVar

from untoc_desktop.core.text import for_document
from untoc_desktop.core.typography import apostrophes

ParagraphStyle = Literal[
    "body", "quote", "note", "right", "small", "title", "subtitle", "label", "tight"
]


@dataclass(frozen=True)
class Run:
    """A stretch of text with one look. ``blank`` marks a missing value the user must complete."""

    text: str
    bold: bool = False
    italic: bool = False
    blank: bool = False


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    style: ParagraphStyle = "body"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Heading:
    """A real heading: numbered into the table of contents and the PDF outline, Word's Heading N."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class ListBlock:
    items: tuple[tuple[Run, ...], ...]
    numbered: bool = False
    start: int = 1


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # fractions of the text width


@dataclass(frozen=True)
class Letterhead:
    """The organization's name, logo (PNG bytes, already re-encoded) and contact lines."""

    name: str
    lines: tuple[str, ...]
    logo_png: bytes | None = None


@dataclass(frozen=True)
class Cover:
    title: str
    subtitle: str
    lines: tuple[str, ...]
    logo_png: bytes | None = None


@dataclass(frozen=True)
class Spacer:
    height_pt: float = 12


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Keep:
    """Blocks that must stay on one page (a signature block, the endorsement fields)."""

    blocks: tuple[Paragraph | Spacer, ...]


@dataclass(frozen=True)
class Contents:
    """Where the table of contents goes; the writers fill it from the headings."""

    title: str


Block = (
    Paragraph
    | Heading
    | ListBlock
    | Table
    | Letterhead
    | Cover
    | Spacer
    | PageBreak
    | Contents
    | Keep
)


@dataclass
class Document:
    """A whole document in one language, ready to be written as PDF or DOCX."""

    kind: str
    lang: str
    title: str
    author: str
    subject: str
    blocks: list[Block] = field(default_factory=list)
    running_title: str = ""  # printed in every page header when set
    page_label: str = "Page {page} of {pages}"  # already translated
    confidential_label: str = ""  # printed on every page when set (sensitive items included)
    margin_cm: float = 2.2  # top and bottom; a letter uses less so that it fits on one sheet
    compact: bool = False  # tighter paragraph spacing, for the same reason
    fit_pages: int = 0  # PDF: tighten type and spacing a little to fit this many pages (0: no)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def plain_text(self) -> str:
        """All the words of the document, for tests and for a quick look in a terminal."""
        parts: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph | Heading):
                parts.append(block.text)
            elif isinstance(block, ListBlock):
                parts.extend("".join(r.text for r in item) for item in block.items)
            elif isinstance(block, Table):
                parts.append(" ".join(block.header))
                parts.extend(" ".join(row) for row in block.rows)
            elif isinstance(block, Letterhead):
                parts.extend((block.name, *block.lines))
            elif isinstance(block, Cover):
                parts.extend((block.title, block.subtitle, *block.lines))
            elif isinstance(block, Keep):
                parts.extend(b.text for b in block.blocks if isinstance(b, Paragraph))
        return "\n".join(parts)


def plain(text: str, **style: bool) -> tuple[Run, ...]:
    return (Run(text, **style),)


def para(text: str, style: ParagraphStyle = "body", **run_style: bool) -> Paragraph:
    return Paragraph(plain(text, **run_style), style)


_T = TypeVar("_T")


def _printable(value: _T, lang: str) -> _T:
    if isinstance(value, str):
        return apostrophes(for_document(value), lang)  # type: ignore[return-value]  # a str
    if isinstance(value, tuple | list):
        return type(value)(_printable(v, lang) for v in value)  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _printable(getattr(value, f.name), lang) for f in fields(value)}
        return replace(value, **changes)
    return value  # numbers, flags, a logo's bytes


def for_writers(document: Document) -> Document:
    """``document`` with every text in it as ``core.text.for_document`` leaves it: the one place
    where what the workspace may hold (a vertical tab from Word's Shift+Enter, an escape
    character, a bidirectional override from a partner's bundle) becomes what both writers can
    print. python-docx refused control characters (no DOCX at all) and the PDF showed them as
    boxes or obeyed the overrides. Line breaks arrive as ``\\n``, which both writers print as
    line breaks. French documents print one apostrophe, the typographic one (``typography.
    apostrophes``)."""
    return _printable(document, document.lang)
