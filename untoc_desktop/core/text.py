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
