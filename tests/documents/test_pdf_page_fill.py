"""A heading stays with the start of what follows it, not with all of it: no page left mostly blank
because a long list or table after a heading did not fit in what remained of the page."""

from __future__ import annotations

import io

import pytest
from doc_helpers import pdf_pages
from pypdf import PdfReader

from untoc_desktop.documents import pdf as pdf_module
from untoc_desktop.documents.model import (
    Document,
    Heading,
    ListBlock,
    Paragraph,
    Table,
    para,
    plain,
)

FILLER = "The shelters reported that victims were referred late and without interpreters. " * 30


def _document(*blocks: object) -> Document:
    return Document(
        "submission", "en", "Page fill", "Office", "subtitle", blocks=[para(FILLER), *blocks]
    )


@pytest.mark.parametrize("with_label", [False, True])
def test_a_heading_above_a_long_list_starts_on_the_page_it_reaches(with_label: bool) -> None:
    items = tuple(
        plain(f"Item {n}: " + "a finding that takes a couple of lines on the page " * 3)
        for n in range(40)
    )
    label = (Paragraph(plain("Gaps and challenges"), "label"),) if with_label else ()
    pages = pdf_pages(
        pdf_module.to_bytes(
            _document(
                Heading("Article 5: Criminalization"), *label, ListBlock(items, numbered=True)
            )
        )
    )
    assert (
        "Article 5: Criminalization" in pages[0] and "1. Item 0:" in pages[0]
    )  # not pushed to page 2
    assert "2. Item 1:" in "".join(pages)  # numbering goes on after the first item
    assert all(f"{n + 1}. Item {n}:" in "".join(pages) for n in range(40))


def test_a_heading_above_a_long_table_starts_on_the_page_it_reaches() -> None:
    rows = tuple(
        (f"E{n}", "Court registry", "30 June 2025", "A court decision on forced labour " * 2, "")
        for n in range(1, 80)
    )
    table = Table(
        ("No.", "Source", "Date", "Description", "Attachment"), rows, (0.09, 0.17, 0.14, 0.34, 0.26)
    )
    pages = pdf_pages(pdf_module.to_bytes(_document(Heading("Annex: evidence"), table)))
    assert "Annex: evidence" in pages[0] and "E1" in pages[0]


def test_a_heading_with_too_little_room_below_moves_to_the_next_page() -> None:
    rows = tuple((f"E{n}", "Registry", "", "Decision", "") for n in range(1, 40))
    table = Table(("No.", "Source", "Date", "Description", "Attachment"), rows)
    filler = tuple(
        para(FILLER) for _ in range(2)
    )  # about two thirds of a page more: the table's start won't fit
    pages = pdf_pages(pdf_module.to_bytes(_document(*filler, Heading("Annex: evidence"), table)))
    heading_page = next(n for n, text in enumerate(pages) if "Annex: evidence" in text)
    assert "E1" in pages[heading_page]  # the heading never ends a page alone


def test_three_digit_numbers_do_not_run_into_their_items() -> None:
    items = tuple(plain(f"Word{n} follows its number") for n in range(120))
    data = pdf_module.to_bytes(_document(ListBlock(items, numbered=True)))
    left: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        for start in ("100.", "Word99 "):
            if text.startswith(start):
                left.setdefault(start, cm[4] + tm[4])

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    # "100." is 21.2 pt wide in the bullet font: its item starts clear of it
    assert left["Word99 "] - left["100."] > 22
