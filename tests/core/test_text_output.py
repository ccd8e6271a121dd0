"""core.text for output: what a document writer and a terminal receive (issue 20)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from untoc_desktop.core.text import clean, for_document, for_terminal, json_for_terminal


def test_for_document_is_clean_and_what_xml_can_hold():
    assert for_document("a\x0bb\ufffe\uffff\u202ec\x00") == "a\nb\ufffd\ufffd[U+202E]c"
    assert for_document("Réseau — تقرير \U0010ffff \ufdd0") == "Réseau — تقرير \U0010ffff \ufdd0"


@given(st.text())
def test_for_document_leaves_only_xml_characters_and_is_idempotent(text):
    once = for_document(text)
    assert for_document(once) == once
    assert clean(once) == once
    assert all(
        ch in "\t\n" or 0x20 <= ord(ch) <= 0xD7FF or 0xE000 <= ord(ch) <= 0xFFFD or ord(ch) > 0xFFFF
        for ch in once
    )


def test_for_terminal_writes_out_controls_and_bidi_characters():
    assert for_terminal("a\x1b[2Jb\x07\rc\x9bd\u202ee\u2066f\ud800") == (
        "a[U+001B][2Jb[U+0007][U+000D]c[U+009B]d[U+202E]e[U+2066]f[U+D800]"
    )
    assert for_terminal("line\n\ttab") == "line\n\ttab"
    assert for_terminal("line\n\ttab", one_line=True) == "line[U+000A][U+0009]tab"
    for text in ("Plain ASCII", "Réseau d'action — café", "تقرير \u200f", "日本語"):
        assert for_terminal(text, one_line=True) == text


@given(st.text())
def test_for_terminal_leaves_nothing_a_terminal_obeys(text):
    shown = for_terminal(text, one_line=True)
    assert not any(0xD800 <= ord(ch) <= 0xDFFF or ch in "\u2028\u2029\u202e\u2066" for ch in shown)
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in shown)


@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_json_for_terminal_is_the_same_json_value(value):
    shown = json_for_terminal(json.dumps(value, ensure_ascii=False))
    assert json.loads(shown) == value
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in shown)
    assert not any(0xD800 <= ord(ch) <= 0xDFFF or ch in "\u2028\u2029\u202e\u2066" for ch in shown)
