"""What text from outside may contain: one place for the characters that cannot travel as they are.

Text arrives from partners' bundles, pasted from word processors and typed on odd keyboards. Some
characters in it do harm out of sight: control characters break the XML inside a DOCX file and
reach a terminal as escape sequences; bidirectional overrides (U+202A-U+202E, U+2066-U+2069)
make a line read differently from what it holds ("gnp.exe" shown as "exe.png"); a lone surrogate
cannot even be written as UTF-8. ``clean`` maps them to something harmless and *visible*, so a
reader sees that something was there instead of being misled by it. It is idempotent, which lets
the signed form of a version be the cleaned one (``bundles.authorship``): a version cleaned at
import still verifies, and relays unchanged.
"""

from __future__ import annotations

import re

#: Directional formatting characters that reorder what follows them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# C0 controls except tab and newline, DEL, C1 controls; line and paragraph separators.
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\u2028\u2029\x85]")
_DROPPED = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f]")
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    return f"[U+{ord(match.group()):04X}]"


def clean(text: str) -> str:
    """``text`` with line breaks as ``\\n``, other control characters removed, bidirectional
    overrides written out as ``[U+202E]`` and lone surrogates as U+FFFD. Idempotent."""
    if text.isascii() and text.isprintable():
        return text  # the common case, and fast
    text = _LINE_BREAKS.sub("\n", text)
    text = _DROPPED.sub("", text)
    text = _BIDI.sub(_visible, text)
    return _SURROGATE.sub("\ufffd", text)


def needs_cleaning(text: str) -> bool:
    return clean(text) != text


# Characters XML 1.0 cannot hold at all, once ``clean`` has run: the two noncharacters of the
# basic plane (lxml refuses them, so python-docx cannot write a file that contains them).
_NOT_XML = re.compile("[\ufffe\uffff]")


def for_document(text: str) -> str:
    """``clean(text)``, and what XML cannot hold (U+FFFE, U+FFFF) as U+FFFD: text any writer of
    a document (PDF, DOCX) can print. Line breaks stay ``\\n``; the writers make them line breaks.
    Idempotent."""
    text = clean(text)
    return text if text.isascii() else _NOT_XML.sub("\ufffd", text)


# What must not reach a terminal as it is: C0 controls but tab and newline (escape sequences,
# carriage returns that overwrite a line), DEL, C1 controls (U+009B starts a sequence on some
# terminals), the line and paragraph separators, bidirectional overrides and isolates, and lone
# surrogates (which cannot even be written to a UTF-8 stream).
_TERMINAL_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + "".join(
    sorted(BIDI_CONTROLS)
)
_TERMINAL = re.compile(f"[{_TERMINAL_UNSAFE}]")
_TERMINAL_ONE_LINE = re.compile(f"[\t\n{_TERMINAL_UNSAFE}]")
_JSON_TERMINAL = re.compile(f"[\x7f-\x9f\u2028\u2029\ud800-\udfff{''.join(sorted(BIDI_CONTROLS))}]")


def for_terminal(text: str, *, one_line: bool = False) -> str:
    """``text`` safe to print to a terminal: every control and bidirectional character written
    out as ``[U+001B]``, so a title or an office name from a partner can neither drive the
    terminal (colours, the window title, a cleared screen, a line overwritten by ``\\r``) nor
    reorder what is shown. Tab and newline are kept, unless ``one_line`` (a value inside a line
    of a listing, which must not start a line of its own)."""
    if text.isascii() and text.isprintable():
        return text
    return (_TERMINAL_ONE_LINE if one_line else _TERMINAL).sub(_visible, text)


def json_for_terminal(text: str) -> str:
    """JSON text (as ``json.dumps(..., ensure_ascii=False)`` writes it) with the characters a
    terminal must not receive as ``\\uXXXX`` escapes: the same JSON value, safe to print. JSON
    already escapes C0 controls; these can only stand inside its strings."""
    return _JSON_TERMINAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
