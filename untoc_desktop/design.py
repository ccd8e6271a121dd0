"""The design tokens shared by the interface and the documents: palettes, type scale, spacing.

Qt-free on purpose: the letter, the pledge and the submission (``documents/``, no Qt) use the same
colours and the same type scale as the screens, so what an office prints looks like what it saw.
``ui/theme.py`` turns these tokens into a Qt palette and stylesheet; ``tests/ui/test_theme.py``
checks the WCAG contrast of every text/background pair declared in :func:`text_pairs`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

# Spacing, in device-independent pixels (Qt multiplies by the screen's scale factor).
SPACE_XS = 4
SPACE_S = 8
SPACE_M = 12
SPACE_L = 16
SPACE_XL = 24
RADIUS = 6

#: Type scale relative to the system's default font, so the user's own font size is respected.
TYPE_SCALE: dict[str, float] = {
    "caption": 0.9,
    "body": 1.0,
    "subtitle": 1.15,
    "title": 1.35,
    "display": 1.6,
}
#: Roles whose text counts as "large" for WCAG (>= 14 pt bold or 18 pt): 3:1 is enough for them.
LARGE_ROLES = frozenset({"title", "display"})


@dataclass(frozen=True)
class Palette:
    """Colours by meaning. ``*_text`` are for text; the others are surfaces, lines and marks."""

    window: str  # the window's background
    surface: str  # inputs, lists, cards
    surface_alt: str  # alternate rows, secondary cards
    text: str  # body text
    muted_text: str  # secondary text, captions, hints
    accent: str  # primary buttons, selection, "you are here"
    on_accent: str  # text on ``accent``
    link_text: str
    error_text: str
    warning_text: str
    success_text: str
    border: str  # control outlines (>= 3:1 against the window: WCAG 1.4.11)
    divider: str  # decorative separators (no contrast requirement)
    unverified: str  # hatching of what the app could not verify
    clusters: tuple[
        str, str, str, str
    ]  # the four review clusters (bars; text is drawn beside them)
    preparatory: str  # the preparatory phase's bar
    on_clusters: str  # text drawn on a cluster or preparatory bar
    #: The keyboard focus ring, drawn outside the control on the window's or a card's background
    #: (>= 3:1 against each: WCAG 1.4.11 and 2.4.13).
    focus: str


LIGHT = Palette(
    window="#f5f6f8",
    surface="#ffffff",
    surface_alt="#eceff3",
    text="#1b1f24",
    muted_text="#4a5361",
    accent="#1c5aa6",
    on_accent="#ffffff",
    link_text="#1a55a0",
    error_text="#a4001d",
    warning_text="#7f4c00",
    success_text="#1b6330",
    border="#7d8796",
    divider="#d3d8df",
    unverified="#6b7380",
    clusters=("#1c5aa6", "#7a3e9d", "#0f6e62", "#9c4a12"),
    preparatory="#5b6573",
    on_clusters="#ffffff",
    focus="#1c5aa6",
)

DARK = Palette(
    window="#1d2126",
    surface="#15181c",
    surface_alt="#262b32",
    text="#e8eaed",
    muted_text="#aeb6c1",
    accent="#86b7f2",
    on_accent="#0b1a2b",
    link_text="#8fc0f7",
    error_text="#ff9a8f",
    warning_text="#f0c36b",
    success_text="#86d69c",
    border="#7e8896",
    divider="#3a414a",
    unverified="#9aa3ae",
    clusters=("#86b7f2", "#c9a0e8", "#7fd3c4", "#f0b07a"),
    preparatory="#b3bcc7",
    on_clusters="#0b1a2b",
    focus="#86b7f2",
)

PALETTES: dict[str, Palette] = {"light": LIGHT, "dark": DARK}


def text_pairs(p: Palette) -> list[tuple[str, str, str, bool]]:
    """Every (name, foreground, background, large) combination the interface draws text in."""
    pairs: list[tuple[str, str, str, bool]] = []
    for bg_name in ("window", "surface", "surface_alt"):
        bg = getattr(p, bg_name)
        for fg_name in (
            "text",
            "muted_text",
            "link_text",
            "error_text",
            "warning_text",
            "success_text",
        ):
            pairs.append((f"{fg_name} on {bg_name}", getattr(p, fg_name), bg, False))
    pairs.append(("on_accent on accent", p.on_accent, p.accent, False))
    for number, colour in enumerate(p.clusters, start=1):
        pairs.append((f"on_clusters on cluster {number}", p.on_clusters, colour, False))
    pairs.append(("on_clusters on preparatory", p.on_clusters, p.preparatory, False))
    return pairs


def graphic_pairs(p: Palette) -> list[tuple[str, str, str]]:
    """Marks that carry meaning without text (WCAG 1.4.11 asks 3:1 against what is next to them)."""
    out = [
        ("border on window", p.border, p.window),
        ("border on surface", p.border, p.surface),
        ("accent on window", p.accent, p.window),
        ("unverified on window", p.unverified, p.window),
    ]
    out += [(f"cluster {n} on window", c, p.window) for n, c in enumerate(p.clusters, start=1)]
    out.append(("preparatory on window", p.preparatory, p.window))
    out += [
        (f"focus ring on {name}", p.focus, getattr(p, name))
        for name in ("window", "surface", "surface_alt")
    ]
    return out


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of an ``#rrggbb`` colour."""
    value = hex_colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(hex_colour)
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio (1 to 21) between two ``#rrggbb`` colours."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def palette_names() -> list[str]:
    """The colour fields of :class:`Palette` (for tests and the documentation)."""
    return [f.name for f in fields(Palette)]
