"""The PDF writer's shortcuts around reportlab (issue 9) must give exactly reportlab's own answers.

Each shortcut skips work reportlab repeats (breaking a paragraph's lines again at the same width,
summing a word's character widths again, looking every drawn character up, escaping in Python);
these tests compare each one with plain reportlab on text of every script the documents print.
"""

from __future__ import annotations

import pytest
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from untoc_desktop.documents import fonts
from untoc_desktop.documents import pdf as pdf_module
from untoc_desktop.paths import resource

SAMPLES = (
    "",
    "shelter",
    "The State party's shelters (2019-2023) hold 40% of victims; see [E12].",
    "Fiscalía général · témoignages « protégés » — ñandú",
    "Прокуратура и суд",
    "مكتب الأمم المتحدة",
    "no\xa0break and\ttab\nnewline",
    "a" * 200,
)


def _twins() -> tuple[TTFont, TTFont]:
    """The app's font and reportlab's own, from the same file."""
    path = str(resource("fonts", "DejaVuSans.ttf"))
    return fonts._font_class()("test-measuring", path), TTFont("test-plain", path)


@pytest.mark.parametrize("text", SAMPLES)
def test_widths_are_reportlabs_asked_once_or_again(text: str) -> None:
    measuring, plain = _twins()
    for size in (8.8, 10, 17):
        assert measuring.stringWidth(text, size) == plain.stringWidth(text, size)
        assert measuring.stringWidth(text, size) == plain.stringWidth(text, size)  # from memory
    assert measuring.stringWidth(text.encode("utf8"), 10) == plain.stringWidth(text.encode("utf8"), 10)


def test_split_string_gives_reportlabs_codes_in_any_order_of_first_use() -> None:
    measuring, plain = _twins()
    doc_a, doc_b = Canvas(None)._doc, Canvas(None)._doc  # type: ignore[arg-type]
    cyrillic = "".join(map(chr, range(0x400, 0x500)))  # more letters than one subset holds
    for text in (*SAMPLES, *reversed(SAMPLES), "".join(SAMPLES), "Ωμέγα" * 90, cyrillic, cyrillic, *SAMPLES):
        assert measuring.splitString(text, doc_a) == plain.splitString(text, doc_b)


def test_escape_table_is_reportlabs_escape() -> None:
    every_byte = bytes(range(256))
    assert every_byte.decode("latin-1").translate(pdf_module._PDF_ESCAPES) == escapePDF(every_byte)


def _drawn(paragraph: Paragraph) -> list[str]:
    canvas = Canvas(None)  # type: ignore[arg-type]
    paragraph.drawOn(canvas, 0, 0)
    return canvas._code


@pytest.mark.parametrize("markup", ["plain words " * 30, "<b>Article 5:</b> text [E1, E2] " * 12, ""])
def test_a_paragraph_wrapped_again_at_the_same_width_keeps_reportlabs_lines(markup: str) -> None:
    fonts.register()
    style = ParagraphStyle("t", fontName=fonts.BODY, fontSize=10, leading=14)
    ours, theirs = pdf_module._Paragraph(markup, style), Paragraph(markup, style)
    for width in (300, 300, 120, 120, 300):
        assert ours.wrap(width, 500) == theirs.wrap(width, 500)
        assert _drawn(ours) == _drawn(theirs)
    assert ours.split(300, 20) == theirs.split(300, 20) == []  # too low for two lines: reportlab drops them
    assert ours.wrap(300, 500) == theirs.wrap(300, 500)
    assert _drawn(ours) == _drawn(theirs)
