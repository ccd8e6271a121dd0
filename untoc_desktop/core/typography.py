"""Punctuation for text the code assembles, in the document's or the interface's language.

Translated messages carry their own punctuation (the catalogs' French has its no-break spaces);
text glued together in code does not. Joining "article 23" and a finding with ": " gave French a
bare space before nothing and no space before the colon; joining warnings with "; " did the same.
Every such join goes through here: babel's CLDR list patterns for lists ("A, B et C"), and French
spacing (a no-break space before ``: ; ? !``) for labels and series.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Literal

from babel.lists import format_list

NBSP = "\u00a0"


def _french(lang: str) -> bool:
    return lang.split("_")[0].split("-")[0] == "fr"


def colon(lang: str) -> str:
    """``": "``, or ``"\u00a0: "`` in French."""
    return f"{NBSP}: " if _french(lang) else ": "


def form_label(label: str, lang: str) -> str:
    """A form label before its field: ``Label:``, ``Libellé :`` in French."""
    return f"{label}{colon(lang).rstrip()}"


def labelled(label: str, text: str, lang: str) -> str:
    """``label: text`` with the language's spacing."""
    return f"{label}{colon(lang)}{text}"


def series(items: Sequence[str], lang: str) -> str:
    """Items that are clauses of their own, separated by semicolons (no "and" before the last)."""
    separator = f"{NBSP}; " if _french(lang) else "; "
    return separator.join(items)


def listing(
    items: Sequence[str], lang: str, *, style: Literal["standard", "or"] = "standard"
) -> str:
    """``A, B and C`` / ``A, B et C`` / ``A, B y C``: CLDR's list pattern for the language."""
    if not items:
        return ""
    return format_list(list(items), style=style, locale=lang.replace("-", "_"))


def long_date(value: date, lang: str) -> str:
    """A date written out ("5 March 2026", "5 mars 2026", "5 de marzo de 2026"); the first of the
    month is "1er" in French, as French typography writes it and CLDR does not."""
    from babel.dates import format_date  # after the first paint: babel.dates is slow to import

    if _french(lang) and value.day == 1:
        return format_date(value, "'1er' MMMM y", locale=lang.replace("-", "_"))
    return format_date(value, "long", locale=lang.replace("-", "_"))


# An apostrophe between two letters ("l'article"), in a word that is not an address.
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")
_ADDRESS = re.compile(r"\S*(?:@|://|www\.)\S*")


def apostrophes(text: str, lang: str) -> str:
    """French print uses the typographic apostrophe (’). The catalogs and templates keep the
    keyboard's ' (what users type and search with) and the reference data the ’ of its sources;
    a French document used both side by side ("l’entrave" under "l'article"). E-mail and web
    addresses keep what was typed."""
    if not _french(lang) or "'" not in text:
        return text
    parts = []
    last = 0
    for match in _ADDRESS.finditer(text):
        parts.append(_APOSTROPHE.sub("\u2019", text[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(_APOSTROPHE.sub("\u2019", text[last:]))
    return "".join(parts)
