"""The TrueType fonts shipped in ``resources/fonts`` and the markup that picks one per script.

reportlab's base-14 fonts print Cyrillic as black boxes and has no font fallback, so every PDF uses
DejaVu Sans (Latin, Greek, Cyrillic) and switches runs of Arabic script to Noto Naskh Arabic, which
HarfBuzz (``uharfbuzz``) then shapes into joined letters. Without ``uharfbuzz`` Arabic still prints,
but as separate letters: names stay legible, which is the least a partner's name deserves.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import repeat
from typing import Any
from xml.sax.saxutils import escape

from untoc_desktop.paths import resource

BODY = "DejaVuSans"
ARABIC = "NotoNaskhArabic"

_FACES: dict[str, dict[str, str]] = {
    BODY: {
        "normal": "DejaVuSans.ttf",
        "bold": "DejaVuSans-Bold.ttf",
        "italic": "DejaVuSans-Oblique.ttf",
        "boldItalic": "DejaVuSans-BoldOblique.ttf",
    },
    ARABIC: {
        "normal": "NotoNaskhArabic-Regular.ttf",
        "bold": "NotoNaskhArabic-Bold.ttf",
        "italic": "NotoNaskhArabic-Regular.ttf",
        "boldItalic": "NotoNaskhArabic-Bold.ttf",
    },
}

_ARABIC_CHARS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_ARABIC_RUN = re.compile(f"[{_ARABIC_CHARS}]+(?:[\\s\u200c\u200d]+[{_ARABIC_CHARS}]+)*")


#: Strings up to this length (words, in practice) have their width remembered; longer ones (whole
#: lines measured for alignment) rarely come back and are measured each time.
WIDTH_CACHE_MAX_LEN = 40
#: Distinct strings remembered per font before the memory is emptied (a few MB at most).
WIDTH_CACHE_SIZE = 50_000
#: What ``splitString``'s table gives a character without a code in the first subset: not Latin-1.
_NO_CODE = "\u0100"


def in_python(name: str) -> bool:
    """Whether reportlab computes ``name`` in Python, its optional C accelerator (``rl-accel``)
    absent.

    The shortcuts here and in ``pdf`` stand in for reportlab's Python fallbacks only; with the
    accelerator installed reportlab's own C functions are used as they are.
    """
    from reportlab.lib import rl_accel

    return name not in getattr(rl_accel, "_c_funcs", {})


@cache
def _font_class() -> type:
    """reportlab's ``TTFont`` with the shortcuts of ``_MeasuringTTFont`` (made here: reportlab loads
    lazily)."""
    from reportlab.pdfbase.ttfonts import TTFont

    class _MeasuringTTFont(TTFont):
        """A TrueType font that measures each distinct word once and codes drawn text without a
        loop.

        Line breaking asks for the width of every word of every paragraph. Without reportlab's
        optional C accelerator each answer sums the character widths in Python (a quarter of a long
        submission's layout time); with it, the C call is still a third of line breaking. Words
        repeat all through a text, so each is measured once: in Python as its sum of character
        widths (the same characters summed in the same order give the same float, so
        ``0.001 * size * sum`` is exactly reportlab's answer), with the accelerator as its answer
        for that size.
        """

        def __init__(self, name: str, filename: str, **kwargs: Any) -> None:
            super().__init__(name, filename, **kwargs)
            # keyed by ``str``; a ``bytes`` lookup simply misses and is decoded
            self._units: dict[str | bytes, float] = {}
            self._widths: dict[tuple[str | bytes, float], float] = {}

        @property
        def ascent(self) -> float:
            """The face's ascent, where ``pdfmetrics.getAscentDescent`` looks first.

            Line breaking asks for it for every fragment of every paragraph; for a TrueType font
            reportlab found it only after an ``AttributeError`` on the font, raised and caught each
            time (3% of layout). The answer is the same: the face's own.
            """
            ascent: float = self.face.ascent  # the stubs leave the face's metrics untyped
            return ascent

        @property
        def descent(self) -> float:
            """The face's descent (see ``ascent``)."""
            descent: float = self.face.descent
            return descent

        def _remembered_width(
            self, text: str | bytes, size: float, encoding: str = "utf8"
        ) -> float:
            units = self._units.get(text)
            if units is None:
                if not isinstance(text, str):
                    text = text.decode(encoding or "utf8")
                # reportlab's sum, in the same order, with the per-character loop inside ``map``
                units = sum(
                    map(self.face.charWidths.get, map(ord, text), repeat(self.face.defaultWidth))
                )
                if len(text) <= WIDTH_CACHE_MAX_LEN:
                    if len(self._units) >= WIDTH_CACHE_SIZE:
                        self._units.clear()
                    self._units[text] = units
            return 0.001 * size * units

        def _remembered_c_width(
            self, text: str | bytes, size: float, encoding: str = "utf8"
        ) -> float:
            if len(text) > WIDTH_CACHE_MAX_LEN:
                return super().stringWidth(text, size, encoding)
            key = (text, size)
            width = self._widths.get(key)
            if width is None:
                if len(self._widths) >= WIDTH_CACHE_SIZE:
                    self._widths.clear()
                width = self._widths[key] = super().stringWidth(text, size, encoding)
            return width

        stringWidth = (
            _remembered_width if in_python("instanceStringWidthTTF") else _remembered_c_width
        )  # noqa: N815

        def splitString(
            self, text: str | bytes, doc: object, encoding: str = "utf-8"
        ) -> list[tuple[int, bytes]]:  # noqa: N802
            """Text as (subset, codes) chunks, without reportlab's loop once every character has a
            code.

            Drawing sends every line through here; reportlab looks each character up in Python.
            Once a character has its code in this document it keeps it, so when all of them have
            one in the first subset (Latin text after its first page), the answer is that one chunk:
            printable ASCII keeps its own codes, other text is coded by ``str.translate``.
            A character without a code yet, or a second subset, goes to reportlab.
            """
            state = self.state.get(doc) if isinstance(text, str) and text else None
            if state is not None and isinstance(text, str):
                if text.isascii() and text.isprintable() and _ascii_is_itself(state):
                    return [(0, text.encode("ascii"))]
                try:
                    return [(0, text.translate(_first_subset(state)).encode("latin-1"))]
                except UnicodeEncodeError:  # a character without a code in the first subset
                    pass
            return super().splitString(text, doc, encoding)

    def _first_subset(state: object) -> dict[int, str]:
        """A ``str.translate`` table from each character to its code in the first subset, as a
        character.

        Every character of Latin-1 without such a code maps to ``_NO_CODE``, which (like any other
        character left as it is) cannot be encoded as Latin-1: the encoding fails exactly when
        reportlab would have had to give a new code or use another subset. Rebuilt when reportlab
        gave new codes.
        """
        assigned = state.assignments  # type: ignore[attr-defined]
        known = getattr(state, "untoc_first_subset", None)
        if known is None or known[0] != len(assigned):
            table = {code: chr(n) if n < 256 else _NO_CODE for code, n in assigned.items()}
            for code in range(256):
                table.setdefault(code, _NO_CODE)
            table[0xA0] = table.get(32, _NO_CODE)  # reportlab codes a no-break space as a space
            known = state.untoc_first_subset = (len(assigned), table)  # type: ignore[attr-defined]
        return known[1]

    def _ascii_is_itself(state: object) -> bool:
        """Whether printable ASCII keeps its own codes in this document's first subset.

        It does from the start with ``rl_config.ttfAsciiReadable`` (reportlab's default) and a font
        that has every ASCII glyph, as DejaVu Sans has; codes never change once given, so the answer
        is kept on the document's font state after the first look.
        """
        known = getattr(state, "untoc_ascii_is_itself", None)
        if known is None:
            assigned = state.assignments  # type: ignore[attr-defined]
            known = all(assigned.get(code) == code for code in range(0x20, 0x7F))
            state.untoc_ascii_is_itself = known  # type: ignore[attr-defined]
        return known

    return _MeasuringTTFont


@cache
def register() -> dict[str, str]:
    """Register both families once per process; returns the family name of each style variant."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    names: dict[str, str] = {}
    for family, faces in _FACES.items():
        for variant, filename in faces.items():
            name = family if variant == "normal" else f"{family}-{variant}"
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(_font_class()(name, str(resource("fonts", filename))))
            names[f"{family}:{variant}"] = name
        addMapping(family, 0, 0, family)
        addMapping(family, 1, 0, f"{family}-bold")
        addMapping(family, 0, 1, f"{family}-italic")
        addMapping(family, 1, 1, f"{family}-boldItalic")
    return names


@cache
def shaping_available() -> bool:
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True


def has_arabic(text: str) -> bool:
    return _ARABIC_RUN.search(text) is not None


def markup(text: str) -> str:
    """Escape ``text`` for a reportlab Paragraph and put each Arabic run in the Arabic font."""
    out: list[str] = []
    last = 0
    for match in _ARABIC_RUN.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f'<font name="{ARABIC}">{escape(match.group())}</font>')
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out).replace("\n", "<br/>")
