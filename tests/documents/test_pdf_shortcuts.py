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
    "private \U000f0041 use",
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
    assert measuring.stringWidth(text.encode("utf8"), 10) == plain.stringWidth(
        text.encode("utf8"), 10
    )


def test_split_string_gives_reportlabs_codes_in_any_order_of_first_use() -> None:
    measuring, plain = _twins()
    doc_a, doc_b = Canvas(None)._doc, Canvas(None)._doc  # type: ignore[arg-type]
    cyrillic = "".join(map(chr, range(0x400, 0x500)))  # more letters than one subset holds
    for text in (
        *SAMPLES,
        *reversed(SAMPLES),
        "".join(SAMPLES),
        "Ωμέγα" * 90,
        cyrillic,
        cyrillic,
        *SAMPLES,
    ):
        assert measuring.splitString(text, doc_a) == plain.splitString(text, doc_b)


def test_escape_table_is_reportlabs_escape() -> None:
    every_byte = bytes(range(256))
    assert every_byte.decode("latin-1").translate(pdf_module._PDF_ESCAPES) == escapePDF(every_byte)


def _drawn(paragraph: Paragraph) -> list[str]:
    canvas = Canvas(None)  # type: ignore[arg-type]
    paragraph.drawOn(canvas, 0, 0)
    return canvas._code


@pytest.mark.parametrize(
    "markup", ["plain words " * 30, "<b>Article 5:</b> text [E1, E2] " * 12, ""]
)
def test_a_paragraph_wrapped_again_at_the_same_width_keeps_reportlabs_lines(markup: str) -> None:
    fonts.register()
    style = ParagraphStyle("t", fontName=fonts.BODY, fontSize=10, leading=14)
    ours, theirs = pdf_module._Paragraph(markup, style), Paragraph(markup, style)
    for width in (300, 300, 120, 120, 300):
        assert ours.wrap(width, 500) == theirs.wrap(width, 500)
        assert _drawn(ours) == _drawn(theirs)
    assert (
        ours.split(300, 20) == theirs.split(300, 20) == []
    )  # too low for two lines: reportlab drops them
    assert ours.wrap(300, 500) == theirs.wrap(300, 500)
    assert _drawn(ours) == _drawn(theirs)


PLAIN_TEXTS = (
    "Shelters",
    "  leading and trailing   spaces, \t tabs ",
    "Fiscalía général « protégés » — ñandú 'quotes' \"double\"",
    "no\xa0break\xa0space and soft\xadhyphen",
    "Прокуратура",
    "E12",
)


@pytest.mark.parametrize("style_name", ["body", "tight", "cell", "h1", "cover_title", "right"])
def test_plain_text_gets_the_fragment_the_parser_makes(style_name: str) -> None:
    style = pdf_module._styles()[style_name]
    for text in PLAIN_TEXTS:
        ours = pdf_module._plain_paragraph(fonts.markup(text), style)
        theirs = Paragraph(fonts.markup(text), style)
        assert ours is not None
        assert ours.text == theirs.text
        assert [f.__dict__ for f in ours.frags] == [f.__dict__ for f in theirs.frags]
        assert ours.frags[0].us_lines is not theirs.frags[0].us_lines
        assert ours.wrap(200, 500) == theirs.wrap(200, 500)
        assert _drawn(ours) == _drawn(theirs)


@pytest.mark.parametrize("markup", ["a &amp; b", "<b>bold</b>", "line<br/>break", "   ", ""])
def test_markup_entities_and_empty_text_are_left_to_the_parser(markup: str) -> None:
    assert pdf_module._plain_paragraph(markup, pdf_module._styles()["body"]) is None


def test_transforms_write_what_reportlab_writes() -> None:
    ours = pdf_module._canvas_class(pdf_module.Document("t", "en", "t", "a", "s"))(None)
    theirs = Canvas(None)  # type: ignore[arg-type]
    for canvas in (ours, theirs):
        canvas.saveState()
        canvas.translate(70.86614173228347, 712.4)
        canvas.translate(0, -13.4)  # merged into the one before
        canvas.setFont("Helvetica", 10)
        canvas.translate(1e-9, 0.5)
        canvas.scale(2, 0.5)
        canvas.rotate(30)
        canvas.drawString(0, 0, "x")
        canvas.translate(-3.25, 1000.125)
        canvas.restoreState()
    assert ours._code == theirs._code
    assert ours._currentMatrix == theirs._currentMatrix


def test_the_cycle_collector_is_back_as_it_was_after_a_write_even_a_cancelled_one() -> None:
    import gc

    from untoc_desktop.core.errors import CancelledError
    from untoc_desktop.documents.model import para

    document = pdf_module.Document("letter", "en", "t", "a", "s", blocks=[para("Hello")])
    assert gc.isenabled()
    pdf_module.to_bytes(document)
    assert gc.isenabled()
    with pytest.raises(CancelledError):
        pdf_module.to_bytes(document, cancelled=lambda: True)
    assert gc.isenabled()
    gc.disable()
    try:
        pdf_module.to_bytes(document)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_ascent_and_descent_are_the_faces() -> None:
    from reportlab.pdfbase import pdfmetrics

    fonts.register()
    font = pdfmetrics.getFont(fonts.BODY)
    assert (font.ascent, font.descent) == (font.face.ascent, font.face.descent)
    plain = _twins()[1]
    pdfmetrics.registerFont(plain)
    assert pdfmetrics.getAscentDescent(fonts.BODY, 9.5) == pdfmetrics.getAscentDescent(
        "test-plain", 9.5
    )
