"""The TrueType fonts shipped in ``resources/fonts`` and the markup that picks one per script.

reportlab's base-14 fonts print Cyrillic as black boxes and has no font fallback, so every PDF uses
DejaVu Sans (Latin, Greek, Cyrillic) and switches runs of Arabic script to Noto Naskh Arabic, which
HarfBuzz (``uharfbuzz``) then shapes into joined letters. Without ``uharfbuzz`` Arabic still prints,
but as separate letters: names stay legible, which is the least a partner's name deserves.
"""

from __future__ import annotations

import re
from functools import cache
from xml.sax.saxutils import escape

from untoc_desktop.paths import resource

BODY = "DejaVuSans"
ARABIC = "NotoNaskhArabic"

_FACES: dict[str, dict[str, str]] = {
    BODY: {"normal": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf", "italic": "DejaVuSans-Oblique.ttf",
           "boldItalic": "DejaVuSans-BoldOblique.ttf"},
    ARABIC: {"normal": "NotoNaskhArabic-Regular.ttf", "bold": "NotoNaskhArabic-Bold.ttf",
             "italic": "NotoNaskhArabic-Regular.ttf", "boldItalic": "NotoNaskhArabic-Bold.ttf"},
}

_ARABIC_CHARS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_ARABIC_RUN = re.compile(f"[{_ARABIC_CHARS}]+(?:[\\s\u200c\u200d]+[{_ARABIC_CHARS}]+)*")


@cache
def register() -> dict[str, str]:
    """Register both families once per process; returns the family name of each style variant."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names: dict[str, str] = {}
    for family, faces in _FACES.items():
        for variant, filename in faces.items():
            name = family if variant == "normal" else f"{family}-{variant}"
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
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
        out.append(escape(text[last:match.start()]))
        out.append(f'<font name="{ARABIC}">{escape(match.group())}</font>')
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out).replace("\n", "<br/>")
