"""Pledge commitment 4 keeps the guide's meaning: an endeavour, pilot initiatives included (issue
23)."""

from __future__ import annotations

import pytest

from untoc_desktop.documents.templates import load

WORDS = {
    "en": ("endeavour", "pilot initiatives"),
    "fr": ("s'efforcer", "initiatives pilotes"),
    "es": ("procurar", "iniciativas piloto"),
}


@pytest.mark.parametrize("lang", sorted(WORDS))
def test_commitment_4_is_an_endeavour_that_names_the_pilot_initiatives(lang: str) -> None:
    fourth = load("pledge", lang)["commitments"][3]
    for word in WORDS[lang]:
        assert word in fourth
