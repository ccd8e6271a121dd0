"""The country-mention check of constructive-dialogue statements (core.mentions)."""

from __future__ import annotations

import pytest

from untoc_desktop.core import mentions
from untoc_desktop.core.mentions import find_mentions, fold


def found(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.text, m.states) for m in find_mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # English: names with and without the article, demonym plural, possessive
        ("Victims were moved through the Philippines.", [("Philippines", ("PH",))]),
        ("Kenyans and a Kenyan official", [("Kenyans", ("KE",)), ("Kenyan", ("KE",))]),
        ("Kenya's new law", [("Kenya", ("KE",))]),
        # French: accented, inflected (fem., plural), elided, apostrophe variants
        ("Les Kényans et les Kényanes", [("Kényans", ("KE",)), ("Kényanes", ("KE",))]),
        ("des femmes canadiennes", [("canadiennes", ("CA",))]),
        ("en Côte d'Ivoire", [("Côte d'Ivoire", ("CI",))]),
        ("en Côte d’Ivoire", [("Côte d’Ivoire", ("CI",))]),
        ("les autorités d'Égypte", [("Égypte", ("EG",))]),
        ("les ressortissantes grecques", [("grecques", ("GR",))]),
        # Spanish: -o/-a/-os/-as, -és, -í, compound names
        ("mujeres mexicanas y hombres mexicanos", [("mexicanas", ("MX",)), ("mexicanos", ("MX",))]),
        ("trabajadoras francesas", [("francesas", ("FR",))]),
        ("jóvenes marroquíes", [("marroquíes", ("MA",))]),
        ("la República Democrática del Congo", [("República Democrática del Congo", ("CD",))]),
        # accents and case are ignored
        (
            "MEXICO and mexico and Mexico",
            [("MEXICO", ("MX",)), ("mexico", ("MX",)), ("Mexico", ("MX",))],
        ),
        ("Cote d'Ivoire", [("Cote d'Ivoire", ("CI",))]),
        # the longest name wins and whole words only
        (
            "Guinea-Bissau, Equatorial Guinea, Papua New Guinea",
            [
                ("Guinea-Bissau", ("GW",)),
                ("Equatorial Guinea", ("GQ",)),
                ("Papua New Guinea", ("PG",)),
            ],
        ),
        ("Nigeria, not Niger", [("Nigeria", ("NG",)), ("Niger", ("NE",))]),
        # overrides and aliases
        ("the State of Palestine", [("State of Palestine", ("PS",))]),
        ("the Russian Federation", [("Russian Federation", ("RU",))]),
        ("Antigua and Barbuda", [("Antigua and Barbuda", ("AG",))]),
    ],
)
def test_mentions_are_found(text: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Each State party to the Convention and its Protocols",
        "Chaque État partie à la Convention et à ses Protocoles, les Parties",
        "Cada Estado parte en la Convención y sus Protocolos, las Partes",
        "The Conference of the Parties and the Government",
        "polish the text; the chad of a ballot; a turkey dinner",  # lower case: ordinary words
        "Latin American organizations; l'Amérique latine; organizaciones latinoamericanas",
        "",
    ],
)
def test_generic_words_and_ordinary_words_are_not_flagged(text: str) -> None:
    assert find_mentions(text) == []


def test_homographs_count_when_capitalized() -> None:
    assert found("the Polish police in Chad") == [("Polish", ("PL",)), ("Chad", ("TD",))]


def test_spans_point_into_the_original_text_despite_decomposed_accents() -> None:
    text = "Les Ke\u0301nyanes et la Cote d\u2019Ivoire"  # é typed as e + combining accent
    result = find_mentions(text)
    assert [text[m.start : m.end] for m in result] == [m.text for m in result]
    assert [m.states for m in result] == [("KE",), ("CI",)]


def test_shared_demonym_names_every_state_it_may_mean() -> None:
    assert found("Congolese women") == [("Congolese", ("CD", "CG"))]


def test_fold_keeps_an_index_per_character() -> None:
    folded, index = fold("Éa’")
    assert folded == "ea'" and index == [0, 1, 2, 3]


def test_inflection_rules_produce_the_claimed_forms() -> None:
    assert mentions.french_forms("kényan") == ["kényan", "kényane", "kényans", "kényanes"]
    assert mentions.french_forms("canadien") == [
        "canadien",
        "canadienne",
        "canadiens",
        "canadiennes",
    ]
    assert mentions.french_forms("français") == ["français", "française", "françaises"]
    assert mentions.spanish_forms("mexicano") == ["mexicano", "mexicana", "mexicanos", "mexicanas"]
    assert mentions.spanish_forms("francés") == ["francés", "francesa", "franceses", "francesas"]
    assert mentions.english_forms("Chinese") == ["Chinese"]


def test_every_participant_has_a_name_and_most_a_demonym() -> None:
    from untoc_desktop.core import reference

    data = reference.read_demonyms()
    codes = {s.iso2 for s in reference.load().states()}
    assert set(data["demonyms"]) == codes
    assert data["meta"]["status"] == "working"
    for lang in ("en", "fr", "es"):
        covered = [c for c, entry in data["demonyms"].items() if entry[lang]]
        assert len(covered) >= 195, lang
    for code in codes:  # every State is found by at least its own English name
        name = reference.load().country_name(code, "en")
        assert code in {s for m in find_mentions(f"in {name} today") for s in m.states}, code
