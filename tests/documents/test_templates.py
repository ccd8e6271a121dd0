"""Template helpers: user text inserted in a sentence, counted texts (issue 25)."""

from __future__ import annotations

from untoc_desktop.documents.templates import as_inserted, counted


def test_inserted_text_keeps_the_users_no_break_spaces() -> None:
    typed = "Traite des personnes dans la pêche\u00a0; protection des victimes.\n"
    assert as_inserted(typed) == "traite des personnes dans la pêche\u00a0; protection des victimes"
    assert as_inserted("one\n\n  two\tthree") == "one two three"


def test_counted_texts_follow_each_languages_plural_rule() -> None:
    forms = {"one": "{count} item", "other": "{count} items"}
    assert counted(forms, 1, "en") == "{count} item"
    assert counted(forms, 0, "en") == "{count} items"
    assert counted(forms, 0, "fr") == "{count} item"  # French counts 0 as singular
    assert counted(forms, 2, "es") == "{count} items"
    assert counted("plain", 5, "fr") == "plain"
    assert counted({"other": "{count}"}, 1, "en") == "{count}"


def test_a_counted_text_without_its_forms_is_a_template_error() -> None:
    import pytest

    from untoc_desktop.documents.templates import TemplateError

    with pytest.raises(TemplateError):
        counted({"one": "{count} item"}, 3, "en")
