"""Text extraction from the rendered PDF and DOCX files, shared by the document tests."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from pypdf import PdfReader


def squash(text: str) -> str:
    """Collapse whitespace so a sentence wrapped over two lines still matches, and read the
    typographic apostrophe French documents print (’) as the keyboard's."""
    return re.sub(r"\s+", " ", text).strip().replace("\u2019", "'")


def pdf_pages(data: bytes | Path) -> list[str]:
    raw = data.read_bytes() if isinstance(data, Path) else data
    return [squash(page.extract_text() or "") for page in PdfReader(io.BytesIO(raw)).pages]


def pdf_text(data: bytes | Path) -> str:
    return " ".join(pdf_pages(data))


def docx_parts(path: Path) -> list[str]:
    """Body paragraphs, table cells, headers and footers, each with its spaces as written."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return parts


def docx_text(path: Path) -> str:
    """Everything a reader of the file sees, as one squashed line."""
    return squash(" ".join(docx_parts(path)))
