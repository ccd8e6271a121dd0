"""Any text the workspace can hold renders, in every document and both formats (issue 20).

Control characters (Word's Shift+Enter is a vertical tab), bidirectional overrides and the
noncharacters XML cannot hold reach the writers only through ``documents.model.for_writers``:
line breaks become line breaks, bidi overrides are shown as ``[U+202E]``, the rest is dropped.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from doc_helpers import docx_text, pdf_text, squash
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from untoc_desktop.core import declaration as decl
from untoc_desktop.core import statement as stmt
from untoc_desktop.core.demo import build_demo
from untoc_desktop.documents import DOCUMENTS, compose, render
from untoc_desktop.documents.model import Document, ListBlock, Paragraph, Run, Table
from untoc_desktop.store.workspace import Workspace

#: The free-text columns of everything a document may print.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "dossiers": ("title", "executive_summary", "working_group", "statement_text"),
    "focal_points": ("name", "position", "ministry", "address", "email", "phone"),
    "findings": ("text",),
    "evidence": ("source", "date", "description", "attachment_name"),
    "partners": ("name", "email", "role", "agreed_on", "agreed_how"),
    "declaration_sections": ("title", "text"),
    "signatories": ("name", "agreed_on", "agreed_how"),
}
ORGANIZATION_FIELDS = (
    "name",
    "acronym",
    "address",
    "email",
    "phone",
    "website",
    "focus_issues",
    "signatory_name",
    "signatory_title",
)
HOSTILE = "Shift\x0bEnter\x00 \x1b[31mred\x07 \u202egnp.exe\u202c \ufffe\uffff\x85end\r\nx\x7f\x9b"


def _dossier(ws: Workspace, document: str) -> str:
    if document == "declaration":
        did = decl.create_declaration(ws, title="Declaration")
        decl.add_section(ws, did, "Preamble", "Text.")
        decl.add_signatory(ws, did, kind="individual", name="A Person", country="KE")
        decl.add_signatory(ws, did, kind="organization", name="An Org", country="US")
        return did
    if document == "statement":
        ws.save_organization(name="Org")
        sid = stmt.create_statement(
            ws,
            title="Statement",
            language="en",
            working_group="TIP",
            dialogue_date="2026-05-04",
            statement_limit=200,
        )
        stmt.save_fields(ws, sid, statement_text="Fund shelters.")
        return sid
    return build_demo(ws, "KE", "en")


def _fill(ws: Workspace, dossier_id: str, text: str) -> None:
    """``text`` in every free-text field of the dossier, its rows and the organization."""
    with ws.transaction():
        for table, columns in TEXT_FIELDS.items():
            if table == "dossiers":
                rows = [ws.dossier(dossier_id)]
            elif table == "focal_points":
                rows = [ws.focal_point(dossier_id)]
            else:
                rows = ws.children(table, dossier_id)
            for row in rows:
                if row and row.get("id"):
                    values = {c: f"{c} {text} ." for c in columns if c in row}
                    ws.update(table, row["id"], **values)
        ws.save_organization(**{c: f"{c} {text} ." for c in ORGANIZATION_FIELDS})


def _check_files(ws: Workspace, dossier_id: str, document: str, folder: Path) -> tuple[str, str]:
    pdf = render(ws, dossier_id, document, "pdf", "en", folder / "out.pdf")
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert len(reader.pages) >= 1
    pdf_words = squash(" ".join(page.extract_text() or "" for page in reader.pages))
    word = render(ws, dossier_id, document, "docx", "en", folder / "out.docx")
    docx.Document(str(word))  # opens
    return pdf_words, docx_text(word)


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_control_characters_in_every_field_render_in_both_formats(
    ws: Workspace, tmp_path: Path, document: str
) -> None:
    dossier = _dossier(ws, document)
    _fill(ws, dossier, HOSTILE)
    pdf_words, docx_words = _check_files(ws, dossier, document, tmp_path)
    for text in (pdf_words, docx_words):
        assert "[U+202E]gnp.exe" in text  # shown, not obeyed
        assert "\u202e" not in text and "\x1b" not in text and "\x0b" not in text
        assert "Shift Enter" in text  # the vertical tab is a line break (squashed to a space)


def test_the_model_the_writers_read_holds_no_control_character(ws: Workspace) -> None:
    dossier = _dossier(ws, "submission")
    _fill(ws, dossier, HOSTILE)
    doc = compose(ws, dossier, "submission", "en")
    for value in (doc.title, doc.author, doc.subject, doc.running_title, doc.plain_text()):
        assert not any(ch in value for ch in "\x00\x07\x0b\x1b\x7f\x85\x9b\r\u202e\ufffe\uffff")
    assert "Shift\nEnter" in doc.plain_text()


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_any_text_in_any_field_gives_files_that_open(
    ws: Workspace, tmp_path: Path, document: str
) -> None:
    dossier = _dossier(ws, document)

    @settings(max_examples=8, deadline=None)
    @given(st.text(st.characters(exclude_categories=("Cs",)), max_size=40))
    @example(HOSTILE)
    @example("\x0b" * 3)
    @example("<b>&amp;</b> & < > \" ' \\ \t\t")
    @example("تقرير \u202b مكتب \u200f 日本語 e\u0301 \U0001f600 \U0010ffff \ufdd0")
    def check(text: str) -> None:
        _fill(ws, dossier, text)
        _check_files(ws, dossier, document, tmp_path)

    check()


def _long_text(n: int) -> str:
    sentence = "The shelter in the district lacks funding and trained staff. "
    return (sentence * (n // len(sentence) + 1))[:n]


def _inside(flowables: Iterable[Any]) -> Iterator[Any]:
    """Every flowable, looking inside groups and lists and their items."""
    for flowable in flowables:
        inner = getattr(flowable, "_content", None)  # a group, or a list's indented items
        if hasattr(flowable, "_flowable"):  # one item of a list
            inner = [flowable._flowable]
        if inner:
            yield from _inside(inner)
        else:
            yield flowable


def test_a_long_paragraph_becomes_flowables_of_bounded_size() -> None:
    """Layout breaks each flowable's lines again at every page it spills over, so one paragraph of
    1,000,000 characters took hours; in pieces, each piece is laid out once or twice."""
    from untoc_desktop.documents import pdf

    text = _long_text(300_000)
    doc = Document(kind="submission", lang="en", title="t", author="a", subject="s")
    doc.add(
        Paragraph((Run(text),)),
        ListBlock(((Run("1. ", bold=True), Run(text), Run(" [E1]", bold=True)),)),
    )
    styles = pdf._styles()
    story = pdf._flowables(doc, styles, 400)
    paragraphs = [f for f in _inside(story) if isinstance(f, pdf.RLParagraph)]
    assert max(len(p.getPlainText()) for p in paragraphs) <= pdf.MAX_PARAGRAPH_CHARS
    joined = "".join(p.getPlainText() for p in paragraphs)
    assert joined.replace(" ", "").count("shelter") == 2 * text.count("shelter")
    assert "[E1]" in joined


def test_a_long_paragraph_is_cut_between_sentences() -> None:
    from untoc_desktop.documents import pdf

    text = _long_text(20_000)
    pieces = pdf._pieces((Run("Lead: ", bold=True), Run(text)), 3000)
    assert len(pieces) > 1
    assert all(sum(len(r.text) for r in piece) <= 3000 for piece in pieces)
    assert "".join(r.text for piece in pieces for r in piece) == "Lead: " + text
    assert pieces[0][0] == Run("Lead: ", bold=True)
    for piece in pieces[:-1]:
        assert piece[-1].text.endswith(". ")


def test_a_long_word_without_spaces_is_cut_anyway() -> None:
    from untoc_desktop.documents import pdf

    pieces = pdf._pieces((Run("x" * 10_000),), 3000)
    assert [len(p[0].text) for p in pieces] == [3000, 3000, 3000, 1000]


def test_a_long_finding_in_a_table_cell_and_a_long_title_render(tmp_path: Path) -> None:
    from untoc_desktop.documents import pdf

    text = _long_text(30_000)
    doc = Document(kind="submission", lang="en", title=text, author="a", subject="s")
    doc.running_title = text
    doc.add(Table(("A", "B"), ((text[:20_000], "short"),), (0.5, 0.5)))
    data = pdf.to_bytes(doc)
    assert "lacks funding" in pdf_text(data)
