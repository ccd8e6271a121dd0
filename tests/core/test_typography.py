"""Code-built punctuation follows the language (issue 25)."""

from datetime import date

from untoc_desktop.core.typography import (
    NBSP,
    apostrophes,
    colon,
    form_label,
    labelled,
    listing,
    long_date,
    series,
)


def test_french_puts_a_no_break_space_before_colons_and_semicolons():
    assert labelled("Article 23", "former", "fr") == f"Article 23{NBSP}: former"
    assert labelled("Article 23", "train", "en") == "Article 23: train"
    assert series(["un", "deux"], "fr") == f"un{NBSP}; deux"
    assert series(["uno", "dos"], "es") == "uno; dos"
    assert colon("fr_FR") == f"{NBSP}: "


def test_lists_use_each_languages_pattern():
    assert listing(["A", "B", "C"], "en") == "A, B, and C"
    assert listing(["A", "B", "C"], "fr") == "A, B et C"
    assert listing(["A", "B", "C"], "es") == "A, B y C"
    assert listing([], "fr") == ""


def test_a_form_label_takes_its_colon_in_the_language():
    assert form_label("Date d'envoi", "fr") == f"Date d'envoi{NBSP}:"
    assert form_label("Sent on", "en") == "Sent on:"
    assert form_label("Fecha de envío", "es") == "Fecha de envío:"


def test_the_first_of_the_month_is_1er_in_french_only():
    assert long_date(date(2026, 12, 1), "fr") == "1er décembre 2026"
    assert long_date(date(2026, 12, 2), "fr") == "2 décembre 2026"
    assert long_date(date(2026, 12, 1), "es") == "1 de diciembre de 2026"
    assert long_date(date(2026, 12, 1), "en") == "December 1, 2026"


def test_french_print_has_one_apostrophe_and_addresses_keep_theirs():
    text = "l'article 5 et l’entrave ; écrire à o'brien@example.org ou https://x.org/l'a"
    out = apostrophes(text, "fr")
    assert out == "l’article 5 et l’entrave ; écrire à o'brien@example.org ou https://x.org/l'a"
    assert apostrophes("it's", "en") == "it's"
    assert apostrophes("'quoted'", "fr") == "'quoted'"  # not between two letters
