"""Template wording, kept as data in ``resources/templates/<document>.<lang>.json``.

A translator improves a letter by editing one JSON file, never Python. Placeholders are named,
``{organization}``; when a value is missing, :func:`fill` turns the placeholder into a visibly
marked blank rather than dropping it, so a half-finished letter never reads as if it were complete.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Mapping
from functools import cache
from typing import Any

from untoc_desktop.documents import names
from untoc_desktop.documents.model import Run
from untoc_desktop.i18n import normalize
from untoc_desktop.paths import resource

#: Spaces, tabs and line breaks, but not the no-break space (U+00A0), which typography needs.
_SPACES = re.compile(r"[ \t\r\n\f\v]+")

DOCUMENTS: tuple[str, ...] = names.TEMPLATED


class TemplateError(ValueError):
    """A template file is missing or malformed: the installation is broken, not the user's input."""


@cache
def load(document: str, lang: str) -> Mapping[str, Any]:
    """The wording of ``document`` in ``lang``; every language must define the same keys."""
    if document not in DOCUMENTS:
        raise TemplateError(f"unknown document {document!r}")
    lang = normalize(lang)
    path = resource("templates", f"{document}.{lang}.json")
    try:
        with path.open(encoding="utf-8") as fh:
            data: Mapping[str, Any] = json.load(fh)
    except (OSError, ValueError) as exc:
        raise TemplateError(f"{path}: {exc}") from exc
    if lang != "en":
        missing = set(load(document, "en")) - set(data)
        if missing:
            raise TemplateError(f"{path}: keys missing compared with English: {sorted(missing)}")
    return data


def counted(value: str | Mapping[str, str], n: int, lang: str) -> str:
    """The form of a template text for the count ``n``: a counted text is written per CLDR plural
    category (``{"one": "1 recommendation", "other": "{count} recommendations"}``), so French says
    "1 recommandation" and Spanish "1 recomendación" without the code knowing either grammar."""
    if isinstance(value, str):
        return value
    from babel import Locale

    category = Locale.parse(normalize(lang)).plural_form(n)
    text = value.get(category) or value.get("other")
    if not isinstance(text, str):
        raise TemplateError(f"a counted text has no form for {category!r} nor 'other': {value!r}")
    return text


def fields(template: str) -> list[str]:
    """The placeholder names used in ``template``."""
    return [name for _text, name, _spec, _conv in string.Formatter().parse(template) if name]


def fill(
    template: str,
    values: Mapping[str, str | None],
    blanks: Mapping[str, str] | None = None,
    *,
    italic: bool = False,
) -> tuple[Run, ...]:
    """Substitute ``values`` into ``template``, as runs; an empty value becomes a marked blank.

    ``blanks`` gives the label shown in the blank (``[name of the focal point]``); the label is
    already translated into the document's language by the caller.
    """
    blanks = blanks or {}
    runs: list[Run] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal:
            runs.append(Run(literal, italic=italic))
        if name is None:
            continue
        value = (values.get(name) or "").strip()
        if value:
            runs.append(Run(value, italic=italic))
        else:
            runs.append(Run(blank_text(blanks.get(name, name)), italic=italic, blank=True))
    return tuple(runs)


def blank_text(label: str) -> str:
    """How a missing value looks in every format: bracketed so it survives copy and paste."""
    return f"[{label}]"


def as_inserted(text: str) -> str:
    """User text as it reads inside a template's sentence: one line, no final full stop (the
    template ends the sentence), and a capital that only opened the user's own sentence lowered.

    Only a first word written like the start of a sentence ("Trafficking") is lowered; acronyms
    and words with capitals further in ("UNTOC", "iPhone", "McDonald") are left alone. A name
    written like an ordinary word ("Roma communities") would be lowered too, which is why the
    organization profile asks for the issues as a phrase, not a sentence.
    """
    # Line breaks and runs of spaces become one space; a no-break space the user typed (French
    # "pêche\u00a0; protection") stays, so str.split(), which splits on it, is not used.
    text = _SPACES.sub(" ", text).strip().rstrip(" .;,")
    first = text.split(" ", 1)[0] if text else ""
    if len(first) > 1 and first[0].isupper() and first[1:].islower() and first.isalpha():
        return first[0].lower() + text[1:]
    if len(first) == 1 and first.isupper() and first != "I":
        return first.lower() + text[1:]
    return text
