"""One translation layer for the whole application: the UI, the command line and the documents.

Messages are looked up in gettext catalogs under ``translations/<lang>/LC_MESSAGES/messages``. The
UI language is process-wide (``set_language``); a document's language is independent of it and is
served by ``translator(lang)``. When the compiled ``.mo`` is missing or older than its ``.po`` (a
fresh checkout before the install step), the catalog is compiled in memory with babel, so a
translation is never silently lost.
"""

from __future__ import annotations

import gettext
import io
import locale
import os
import threading
from collections.abc import Callable
from functools import cache

from untoc_desktop.paths import translations_dir

LANGUAGES: tuple[str, ...] = ("en", "fr", "es")
DEFAULT_LANGUAGE = "en"
DOMAIN = "messages"

_lock = threading.Lock()
_current = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def normalize(lang: str | None) -> str:
    """Map any locale tag (``fr_CA.UTF-8``, ``es-419``) onto one of the supported languages."""
    if not lang:
        return DEFAULT_LANGUAGE
    code = lang.replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def system_language() -> str:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalize(value.split(":")[0])
    try:
        return normalize(locale.getlocale()[0])
    except ValueError:
        return DEFAULT_LANGUAGE


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """The catalog for ``lang``; English is the source language and needs none."""
    lang = normalize(lang)
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    folder = translations_dir() / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.exists():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        buf = io.BytesIO()
        write_mo(buf, catalog, use_fuzzy=False)
        buf.seek(0)
        return gettext.GNUTranslations(buf)
    return gettext.NullTranslations()


def set_language(lang: str) -> str:
    """Switch the UI language for the whole process and tell every listener (the Qt bridge)."""
    global _current
    with _lock:
        _current = normalize(lang)
        listeners = list(_listeners)
    for listener in listeners:
        listener(_current)
    return _current


def current_language() -> str:
    return _current


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


class InContext(str):
    """An English message marked with the role it plays (``NP_``), so that ``_`` looks it up with
    its context: "Evidence" as a column over many items is "Preuves", one item of evidence is
    "Élément de preuve". It is still a plain ``str`` for everything else."""

    context: str

    def __new__(cls, context: str, message: str) -> InContext:
        self = super().__new__(cls, message)
        self.context = context
        return self


def _lookup(t: gettext.NullTranslations, message: str) -> str:
    if isinstance(message, InContext):
        return t.pgettext(message.context, str(message))
    return t.gettext(message)


def _(message: str) -> str:
    """Translate ``message`` into the current UI language (with its context if ``NP_`` gave it
    one)."""
    return _lookup(translator(_current), message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translator(_current).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translator(_current).pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated later, where it is shown."""
    return message


def NP_(context: str, message: str) -> InContext:  # noqa: N802 - gettext's marker style
    """``N_`` with a message context, for a word that plays two roles (see ``InContext``)."""
    return InContext(context, message)


class DocumentLanguage:
    """Translation functions bound to one document's language, whatever the UI language is."""

    def __init__(self, lang: str) -> None:
        self.lang = normalize(lang)
        self._t = translator(self.lang)

    def gettext(self, message: str) -> str:
        return _lookup(self._t, message)

    def pgettext(self, context: str, message: str) -> str:
        return self._t.pgettext(context, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)
