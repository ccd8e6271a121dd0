"""core.text.clean: what text from outside may hold once it is in the workspace."""

from hypothesis import given
from hypothesis import strategies as st

from untoc_desktop.core.text import clean, needs_cleaning


def test_line_breaks_become_newlines_and_controls_go():
    assert clean("one\x0btwo\r\nthree\rfour\u2028five") == "one\ntwo\nthree\nfour\nfive"
    assert clean("a\x00b\x1b[31mc\x7fd\x9be") == "ab[31mcde"
    assert clean("tab\tand\nnewline stay") == "tab\tand\nnewline stay"


def test_bidi_overrides_are_shown_not_obeyed():
    assert clean("invoice\u202egnp.exe") == "invoice[U+202E]gnp.exe"
    assert clean("\u2066x\u2069") == "[U+2066]x[U+2069]"


def test_lone_surrogates_become_replacement_characters():
    assert clean("a\ud800b") == "a\ufffdb"


def test_ordinary_text_in_any_script_is_left_alone():
    for text in ("Réseau d'action — café", "تقرير المنظمة", "Организация", "日本語", "e\u0301"):
        assert clean(text) == text
        assert not needs_cleaning(text)


@given(st.text())
def test_clean_is_idempotent_and_leaves_nothing_to_clean(text):
    once = clean(text)
    assert clean(once) == once
    assert all(ch in "\n\t" or ch.isprintable() or ord(ch) > 0x9F for ch in once)
