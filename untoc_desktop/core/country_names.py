"""States' names in three languages: CLDR's through babel, but for the few the UN names otherwise.

Kept apart from :mod:`untoc_desktop.core.reference` because the dossier list needs a name per row
at the window's first paint, and nothing else of the reference data: parsing all of it (13 frozen
dataclasses, nine files and the party-status table) took 25 ms of a 0.3 s start. The override
table is read here and only here; ``reference`` asks this module for it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from untoc_desktop.i18n import LANGUAGES, normalize
from untoc_desktop.paths import resource

OVERRIDES_FILE = "country_name_overrides.json"


class ReferenceDataError(ValueError):
    """A reference file is missing, malformed or inconsistent: the installation is broken."""


def read_reference_file(name: str) -> dict[str, Any]:
    """One JSON file of ``resources/reference``; a missing or malformed one raises
    :class:`ReferenceDataError`."""
    path = resource("reference", name)
    try:
        with path.open(encoding="utf-8") as fh:
            document: dict[str, Any] = json.load(fh)
    except (OSError, ValueError) as exc:
        raise ReferenceDataError(f"cannot read reference file {path}: {exc}") from exc
    return document


@cache
def overrides() -> Mapping[str, Mapping[str, str]]:
    """ISO code -> {language: name} for the States whose CLDR name the UN does not use."""
    out: dict[str, dict[str, str]] = {}
    try:
        for raw in read_reference_file(OVERRIDES_FILE)["overrides"]:
            names = {lang: raw["name"][lang] for lang in LANGUAGES}
            if not all(isinstance(text, str) and text.strip() for text in names.values()):
                raise ReferenceDataError(f"{OVERRIDES_FILE}: {raw['iso2']}: an empty name")
            out[str(raw["iso2"]).upper()] = names
    except (KeyError, TypeError) as exc:
        raise ReferenceDataError(f"{OVERRIDES_FILE}: malformed entry ({exc!r})") from exc
    return out


@cache
def territories(lang: str) -> Mapping[str, str]:
    """CLDR's territory names for ``lang``; babel's locale data is loaded on first use only."""
    from babel import Locale

    return Locale.parse(lang).territories


def country_name(iso2: str, lang: str | None) -> str:
    """The State's name in ``lang``: the override table first, else CLDR via babel.

    Raises ``KeyError`` if neither knows the code.
    """
    code, lang = iso2.upper(), normalize(lang)
    override = overrides().get(code)
    if override is not None:
        return override[lang]
    return territories(lang)[code]


def has_override(iso2: str) -> bool:
    return iso2.upper() in overrides()
