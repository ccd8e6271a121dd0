"""The one visual system: palettes (light and dark), type scale, spacing and the application stylesheet.

People in field offices would rather look than read, on old screens, in bright rooms or at night.
Every colour, size and gap the interface uses is decided here, so a screen never invents its own
shade of red and a contrast problem is fixed once. ``tests/ui/test_theme.py`` computes the WCAG
contrast ratio of every text/background pair declared in :func:`text_pairs`.

The scheme follows the operating system (``QStyleHints.colorScheme()`` and its
``colorSchemeChanged`` signal); ``UNTOC_THEME=light|dark`` forces one (for the tour, tests and
anyone whose system reports the wrong choice). Widgets ask for meaning, not colour: a label gets
``set_role(label, "error")`` and the stylesheet colours it for the current scheme, so a scheme
change repaints it without the widget doing anything.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Literal

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

Scheme = Literal["light", "dark"]
THEME_ENV = "UNTOC_THEME"

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

    window: str          # the window's background
    surface: str         # inputs, lists, cards
    surface_alt: str     # alternate rows, secondary cards
    text: str            # body text
    muted_text: str      # secondary text, captions, hints
    accent: str          # primary buttons, selection, "you are here"
    on_accent: str       # text on ``accent``
    link_text: str
    error_text: str
    warning_text: str
    success_text: str
    border: str          # control outlines (>= 3:1 against the window: WCAG 1.4.11)
    divider: str         # decorative separators (no contrast requirement)
    unverified: str      # hatching of what the app could not verify
    clusters: tuple[str, str, str, str]  # the four review clusters (bars; text is drawn beside them)
    preparatory: str     # the preparatory phase's bar
    on_clusters: str     # text drawn on a cluster or preparatory bar

    def color(self, name: str) -> QColor:
        return QColor(getattr(self, name))


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
)

PALETTES: dict[str, Palette] = {"light": LIGHT, "dark": DARK}


def text_pairs(p: Palette) -> list[tuple[str, str, str, bool]]:
    """Every (name, foreground, background, large) combination the interface draws text in."""
    pairs: list[tuple[str, str, str, bool]] = []
    for bg_name in ("window", "surface", "surface_alt"):
        bg = getattr(p, bg_name)
        for fg_name in ("text", "muted_text", "link_text", "error_text", "warning_text", "success_text"):
            pairs.append((f"{fg_name} on {bg_name}", getattr(p, fg_name), bg, False))
    pairs.append(("on_accent on accent", p.on_accent, p.accent, False))
    for number, colour in enumerate(p.clusters, start=1):
        pairs.append((f"on_clusters on cluster {number}", p.on_clusters, colour, False))
    pairs.append(("on_clusters on preparatory", p.on_clusters, p.preparatory, False))
    return pairs


def graphic_pairs(p: Palette) -> list[tuple[str, str, str]]:
    """Marks that carry meaning without text (WCAG 1.4.11 asks 3:1 against what is next to them)."""
    out = [("border on window", p.border, p.window), ("border on surface", p.border, p.surface),
           ("accent on window", p.accent, p.window), ("unverified on window", p.unverified, p.window)]
    out += [(f"cluster {n} on window", c, p.window) for n, c in enumerate(p.clusters, start=1)]
    out.append(("preparatory on window", p.preparatory, p.window))
    return out


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of an ``#rrggbb`` colour."""
    value = hex_colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(hex_colour)
    r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio (1 to 21) between two ``#rrggbb`` colours."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def system_scheme() -> Scheme:
    """``UNTOC_THEME`` if set to light/dark, else the operating system's choice (light if unknown)."""
    forced = os.environ.get(THEME_ENV, "").strip().lower()
    if forced in PALETTES:
        return forced  # type: ignore[return-value]
    app = QGuiApplication.instance()
    if app is not None and QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark:
        return "dark"
    return "light"


class _Theme(QObject):
    """Holds the scheme in use and re-applies it when the system switches."""

    changed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.scheme: Scheme = "light"
        self.connected = False

    @property
    def palette(self) -> Palette:
        return PALETTES[self.scheme]


_theme: _Theme | None = None


def theme() -> _Theme:
    """The process's theme holder; ``theme().changed`` tells custom-painted widgets to repaint."""
    global _theme
    if _theme is None:
        _theme = _Theme()
    return _theme


def current() -> Palette:
    """The palette in use (light until :func:`apply` ran)."""
    return theme().palette


def qpalette(p: Palette) -> QPalette:
    """A ``QPalette`` for the Fusion style, so standard widgets follow the scheme without QSS."""
    pal = QPalette()
    role = QPalette.ColorRole
    for r, value in (
        (role.Window, p.window), (role.WindowText, p.text), (role.Base, p.surface),
        (role.AlternateBase, p.surface_alt), (role.Text, p.text), (role.Button, p.surface_alt),
        (role.ButtonText, p.text), (role.Highlight, p.accent), (role.HighlightedText, p.on_accent),
        (role.Link, p.link_text), (role.LinkVisited, p.link_text), (role.ToolTipBase, p.surface),
        (role.ToolTipText, p.text), (role.PlaceholderText, p.muted_text), (role.BrightText, p.error_text),
        (role.Mid, p.border), (role.Dark, p.border), (role.Midlight, p.divider), (role.Light, p.surface),
        (role.Shadow, p.border), (role.Accent, p.accent),
    ):
        pal.setColor(r, QColor(value))
    disabled = QColor(p.muted_text)
    disabled.setAlpha(170)
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, r, disabled)
    return pal


def stylesheet(p: Palette) -> str:
    """The application stylesheet: role-marked labels, primary buttons, cards and focus rings."""
    return f"""
QLabel[role="error"] {{ color: {p.error_text}; }}
QLabel[role="warning"] {{ color: {p.warning_text}; }}
QLabel[role="success"] {{ color: {p.success_text}; }}
QLabel[role="muted"] {{ color: {p.muted_text}; }}
QFrame[role="card"] {{
    background: {p.surface}; border: 1px solid {p.divider}; border-radius: {RADIUS}px;
}}
QFrame[role="empty"] {{ background: {p.surface}; border: 1px dashed {p.border}; border-radius: {RADIUS}px; }}
QPushButton[role="primary"] {{
    background: {p.accent}; color: {p.on_accent}; border: 1px solid {p.accent};
    border-radius: {RADIUS}px; padding: {SPACE_XS + 2}px {SPACE_M}px; font-weight: 600;
}}
QPushButton[role="primary"]:focus {{ border: 2px solid {p.text}; }}
QPushButton[role="primary"]:disabled {{
    background: {p.surface_alt}; color: {p.muted_text}; border-color: {p.divider};
}}
QPushButton[role="link"] {{
    background: transparent; color: {p.link_text}; border: none; text-decoration: underline;
    text-align: left; padding: 2px 0px;
}}
QPushButton[role="link"]:focus {{ border: 1px dotted {p.link_text}; }}
"""


def font(role: str, base: QFont | None = None, bold: bool | None = None) -> QFont:
    """A font of the type scale (``caption`` ... ``display``), relative to the application font."""
    result = QFont(base if base is not None else QApplication.font())
    size = result.pointSizeF()
    if size > 0:
        result.setPointSizeF(size * TYPE_SCALE[role])
    if bold is None:
        bold = role in ("subtitle", "title", "display")
    result.setBold(bold)
    return result


def set_role(widget: QWidget, role: str) -> None:
    """Give a widget a meaning (error, warning, success, muted, card, empty, primary, link)."""
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def apply(app: QApplication, scheme: Scheme | None = None) -> Scheme:
    """Apply the palette and stylesheet to ``app``; follow the system's changes from then on."""
    holder = theme()
    holder.scheme = scheme or system_scheme()
    p = holder.palette
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")  # the one style that honours a custom palette on every platform
    app.setPalette(qpalette(p))
    app.setStyleSheet(stylesheet(p))
    if not holder.connected:
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _s: apply(app))
        holder.connected = True
    holder.changed.emit(holder.scheme)
    return holder.scheme


def palette_names() -> list[str]:
    """The colour fields of :class:`Palette` (for tests and the documentation)."""
    return [f.name for f in fields(Palette)]
