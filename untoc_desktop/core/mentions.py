"""Find every mention of a State in a text, so a constructive-dialogue statement can respect its
rule.

The guide (Part 3) is plain: during a constructive dialogue "no specific country situations shall be
mentioned, except by the State under review". An organization that names a State anyway risks being
cut off, or being objected to at the next registration, so the statement editor warns on every
mention while the user writes.

What counts as a mention, in English, French and Spanish alike (a statement may quote any of them):

* the State's name as CLDR gives it through babel (``Locale(lang).territories``), the project's
  overrides (``core.reference``: "State of Palestine") and the aliases of ``demonyms.json``
  ("Ivory Coast", "Russian Federation", "Holy See");
* its demonyms ("Kenyan", "kényanes", "mexicanas"), from ``demonyms.json``, inflected by the small
  rules below: CLDR has no demonyms. Only the forms these rules produce (or the file lists) are
  claimed; an irregular form neither covers is not found.

Matching ignores accents and case (a field laptop's keyboard may lack "é"), needs whole words
("Níger" is not found inside "Nigeria") and never flags generic words such as "State", "Convention",
"Protocol" or "Party". A few names are also everyday words ("Chad", "Turkey", "Chile", "Maurice"):
those count only when written with a capital. Spans refer to the original text, for highlighting.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from untoc_desktop.core import reference
from untoc_desktop.i18n import LANGUAGES

#: Words that must never be flagged whatever a data file says (folded: no accents, lower case).
GENERIC_WORDS: frozenset[str] = frozenset(
    {
        "state",
        "states",
        "convention",
        "conventions",
        "protocol",
        "protocols",
        "party",
        "parties",
        "government",
        "nation",
        "nations",
        "united nations",
        "republic",
        "country",
        "countries",
        "etat",
        "etats",
        "partie",
        "protocole",
        "protocoles",
        "gouvernement",
        "republique",
        "pays",
        "estado",
        "estados",
        "parte",
        "partes",
        "convencion",
        "protocolo",
        "protocolos",
        "gobierno",
        "republica",
        "pais",
        "paises",
    }
)

#: How "&" in a CLDR short name ("Antigua & Barbuda") is written out in running text.
_AND: Mapping[str, str] = {"en": "and", "fr": "et", "es": "y"}

_APOSTROPHES = "\u2019\u2018\u02bc\u0060\u00b4\u2032"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
_SEPARATORS = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class Mention:
    """One mention: ``text[start:end]`` names or describes ``states`` (ISO 3166 alpha-2 codes)."""

    start: int
    end: int
    text: str
    states: tuple[str, ...]
    kind: str  # "name" | "demonym"


def fold(text: str) -> tuple[str, list[int]]:
    """The text without accents, case-folded, with one apostrophe and one dash, and an index map.

    ``index[i]`` is the position in ``text`` of folded character ``i``; one extra entry at the end
    maps the end of the text, so a folded span ``[a, b)`` is ``[index[a], index[b - 1] + 1)``.
    """
    out: list[str] = []
    index: list[int] = []
    for position, char in enumerate(text):
        if char in _APOSTROPHES:
            char = "'"
        elif char in _DASHES:
            char = "-"
        decomposed = unicodedata.normalize("NFKD", char)
        for piece in "".join(c for c in decomposed if not unicodedata.combining(c)).casefold():
            out.append(piece)
            index.append(position)
    index.append(len(text))
    return "".join(out), index


def _key(text: str) -> str:
    """The lookup key of a form or a matched span: folded, spaces and hyphens made one space."""
    return _SEPARATORS.sub(" ", fold(text)[0]).strip()


# ------------------------------------------------------------------------------------ inflection
def english_forms(base: str) -> list[str]:
    """English adjectives are invariant; the noun plural adds -s ("Kenyans"), not after -ese etc."""
    if base.casefold().endswith(("ese", "sh", "ch", "ss", "s", "x", "y", "ic")):
        return [base]
    return [base, base + "s"]


def french_forms(base: str) -> list[str]:
    """kényan -> kényane, kényans, kényanes; canadien -> canadienne; belge -> belges; français."""
    if base.endswith("e"):
        feminine = base
    elif base.endswith("en"):
        feminine = base + "ne"
    else:
        feminine = base + "e"
    masculine_plural = base if base.endswith(("s", "x")) else base + "s"
    return list(dict.fromkeys((base, feminine, masculine_plural, feminine + "s")))


def spanish_forms(base: str) -> list[str]:
    """mexicano -> mexicana, mexicanos, mexicanas; francés -> francesa...; marroquí ->
    marroquíes."""
    if base.endswith("o"):
        stem = base[:-1]
        return [base, stem + "a", stem + "os", stem + "as"]
    if base.endswith(("e", "a")):
        return [base, base + "s"]
    if base.endswith(("és", "ís", "án", "ón")):
        stem = base[:-2] + fold(base[-2])[0] + base[-1]
        return [base, stem + "a", stem + "es", stem + "as"]
    if base.endswith("ol"):
        return [base, base + "a", base + "es", base + "as"]
    if base.endswith(("í", "i", "ú")):
        return [base, base + "es", base + "s"]
    return [base, base + "s"]


INFLECT = {"en": english_forms, "fr": french_forms, "es": spanish_forms}


def demonym_forms(value: Any, lang: str) -> list[str]:
    """The forms one ``demonyms.json`` entry stands for: bases inflected, or the listed forms."""
    if value is None:
        return []
    if isinstance(value, Mapping):
        return [str(form) for form in value["forms"]]
    return [form for base in value for form in INFLECT[lang](str(base))]


# ------------------------------------------------------------------------------------ the table
def _name_variants(name: str, lang: str) -> list[str]:
    """CLDR short names as people write them: "Myanmar (Burma)" -> both; "&" and "St." spelled
    out."""
    out = [name]
    bracket = re.match(r"^(.*?)\s*\((.+)\)\s*$", name)
    if bracket:
        out = [bracket.group(1), bracket.group(2)]
    more: list[str] = []
    for item in out:
        if "&" in item:
            more.append(item.replace("&", _AND[lang]))
        if item.startswith("St. "):
            more.append("Saint " + item[4:])
    return [*out, *more]


@dataclass(frozen=True)
class _Entry:
    states: tuple[str, ...]
    kind: str
    capitalized_only: bool


@cache
def _table() -> tuple[dict[str, _Entry], re.Pattern[str], re.Pattern[str] | None]:
    """Every form -> what it names, the matching expression, and the not-a-State phrases."""
    from babel import Locale

    ref = reference.load()
    data = reference.read_demonyms()
    codes = [state.iso2 for state in ref.states()]
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"states": set(), "kinds": set()})
    lowercase_use: set[str] = set()
    capitalized = {
        _key(word) for lang in LANGUAGES for word in data.get("capitalized_only", {}).get(lang, [])
    }

    def add(form: str, code: str, kind: str) -> None:
        key = _key(form)
        if not key or key in GENERIC_WORDS:
            return
        found[key]["states"].add(code)
        found[key]["kinds"].add(kind)
        if key not in capitalized or kind == "demonym" and form[:1].islower():
            lowercase_use.add(key)

    for lang in LANGUAGES:
        territories = Locale.parse(lang).territories
        for code in codes:
            names = {territories.get(code, ""), ref.country_name(code, lang)}
            names.update(data.get("aliases", {}).get(code, {}).get(lang, []))
            for name in filter(None, names):
                for variant in _name_variants(name, lang):
                    add(variant, code, "name")
            entry = data.get("demonyms", {}).get(code, {})
            for form in demonym_forms(entry.get(lang), lang):
                add(form, code, "demonym")

    table = {
        key: _Entry(
            tuple(sorted(value["states"])),
            "name" if "name" in value["kinds"] else "demonym",
            key not in lowercase_use,
        )
        for key, value in found.items()
    }
    pattern = _alternation(table)
    phrases = [_key(p) for lang in LANGUAGES for p in data.get("not_mentions", {}).get(lang, [])]
    not_mentions = _alternation(dict.fromkeys(phrases)) if phrases else None
    return table, pattern, not_mentions


def _alternation(keys: Iterable[str]) -> re.Pattern[str]:
    """One expression for all forms, longest first so "Guinea-Bissau" wins over "Guinea"."""
    parts = [
        r"[\s\-]+".join(re.escape(word) for word in key.split(" "))
        for key in sorted(keys, key=len, reverse=True)
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


# ------------------------------------------------------------------------------------ finding
def find_mentions(text: str) -> list[Mention]:
    """Every mention of a State in ``text`` (any of en/fr/es), in reading order, never
    overlapping."""
    if not text:
        return []
    table, pattern, not_mentions = _table()
    folded, index = fold(text)
    excluded = [m.span() for m in not_mentions.finditer(folded)] if not_mentions else []
    out: list[Mention] = []
    for match in pattern.finditer(folded):
        a, b = match.span()
        if any(x <= a and b <= y for x, y in excluded):
            continue
        entry = table.get(_SEPARATORS.sub(" ", match.group(0)))
        if entry is None:
            continue
        start, end = index[a], index[b - 1] + 1
        if entry.capitalized_only and not text[start].isupper():
            continue
        out.append(Mention(start, end, text[start:end], entry.states, entry.kind))
    return out


def known_forms() -> int:
    """How many distinct folded forms are checked (shown in the About box and measured in tests)."""
    return len(_table()[0])
