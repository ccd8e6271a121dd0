"""The translation layer: message contexts for words that play two roles (issue 25)."""

from __future__ import annotations

import pytest

from untoc_desktop import i18n
from untoc_desktop.i18n import NP_, DocumentLanguage, _, pgettext


@pytest.fixture
def french():
    previous = i18n.current_language()
    i18n.set_language("fr")
    yield
    i18n.set_language(previous)


def test_a_marked_word_is_still_the_english_string():
    word = NP_("one record", "Evidence")
    assert word == "Evidence"
    assert isinstance(word, str)
    assert word.context == "one record"


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_one_piece_of_evidence_is_not_the_column_of_evidence(lang):
    doc = DocumentLanguage(lang)
    column = doc.gettext("Evidence")
    one = doc.gettext(NP_("one record", "Evidence"))
    assert one == doc.pgettext("one record", "Evidence")
    assert one != column
    assert one != "Evidence"


def test_the_interface_looks_up_the_context_too(french):
    assert _("Evidence") == "Preuves"
    assert _(NP_("one record", "Evidence")) == pgettext("one record", "Evidence")
    assert pgettext("one record", "Evidence") == "Élément de preuve"


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_engagement_screen_is_not_one_log_entry(lang):
    doc = DocumentLanguage(lang)
    assert doc.gettext(NP_("one record", "Engagement")) != doc.gettext("Engagement")
