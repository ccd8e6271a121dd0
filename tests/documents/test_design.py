"""The documents share the interface's light palette and type scale (design.py)."""

from __future__ import annotations

from untoc_desktop import design
from untoc_desktop.documents import pdf, word


def test_pdf_and_docx_use_the_light_palette() -> None:
    assert pdf.ACCENT.hexval().lower() == "0x" + design.LIGHT.accent[1:]
    assert pdf.INK.hexval().lower() == "0x" + design.LIGHT.text[1:]
    assert pdf.CONFIDENTIAL.hexval().lower() == "0x" + design.LIGHT.error_text[1:]
    assert str(word.ACCENT).lower() == design.LIGHT.accent[1:]
    assert str(word.RED).lower() == design.LIGHT.error_text[1:]


def test_document_headings_follow_the_type_scale() -> None:
    styles = pdf._styles()
    assert styles["h1"].fontSize == round(pdf.BODY_PT * design.TYPE_SCALE["display"], 1)
    assert styles["h2"].fontSize == round(pdf.BODY_PT * design.TYPE_SCALE["title"], 1)
    assert (
        styles["h1"].fontSize
        > styles["h2"].fontSize
        > styles["h3"].fontSize
        > styles["body"].fontSize
    )


def test_document_text_colours_are_readable_on_paper() -> None:
    for colour in (
        design.LIGHT.text,
        design.LIGHT.muted_text,
        design.LIGHT.accent,
        design.LIGHT.error_text,
    ):
        assert design.contrast_ratio(colour, "#ffffff") >= 4.5
