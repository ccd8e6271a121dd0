"""The one visual system: palettes (light and dark), type scale, spacing and the
application stylesheet.

People in field offices would rather look than read, on old screens, in bright rooms or at night.
Every colour, size and gap comes from the tokens in ``untoc_desktop/design.py`` (shared with the
documents) and is applied here, so a screen never invents its own shade of red and a contrast
problem is fixed once. ``tests/ui/test_theme.py`` computes the WCAG
contrast ratio of every text/background pair declared in :func:`text_pairs`.

The scheme follows the operating system (``QStyleHints.colorScheme()`` and its
``colorSchemeChanged`` signal); ``UNTOC_THEME=light|dark`` forces one (for the tour, tests and
anyone whose system reports the wrong choice). Widgets ask for meaning, not colour: a label gets
``set_role(label, "error")`` and the stylesheet colours it for the current scheme, so a scheme
change repaints it without the widget doing anything.
"""

from __future__ import annotations

import os
from typing import Literal

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from untoc_desktop.design import (  # noqa: F401 - re-exported: the theme is where the UI finds its tokens
    DARK,
    LARGE_ROLES,
    LIGHT,
    PALETTES,
    RADIUS,
    SPACE_L,
    SPACE_M,
    SPACE_S,
    SPACE_XL,
    SPACE_XS,
    TYPE_SCALE,
    Palette,
    contrast_ratio,
    graphic_pairs,
    palette_names,
    relative_luminance,
    text_pairs,
)

Scheme = Literal["light", "dark"]
THEME_ENV = "UNTOC_THEME"


def system_scheme() -> Scheme:
    """``UNTOC_THEME`` if set to light/dark, else the operating system's choice
    (light if unknown)."""
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
        (role.Window, p.window),
        (role.WindowText, p.text),
        (role.Base, p.surface),
        (role.AlternateBase, p.surface_alt),
        (role.Text, p.text),
        (role.Button, p.surface_alt),
        (role.ButtonText, p.text),
        (role.Highlight, p.accent),
        (role.HighlightedText, p.on_accent),
        (role.Link, p.link_text),
        (role.LinkVisited, p.link_text),
        (role.ToolTipBase, p.surface),
        (role.ToolTipText, p.text),
        (role.PlaceholderText, p.muted_text),
        (role.BrightText, p.error_text),
        (role.Mid, p.border),
        (role.Dark, p.border),
        (role.Midlight, p.divider),
        (role.Light, p.surface),
        (role.Shadow, p.border),
        (role.Accent, p.accent),
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
QFrame[role="empty"] {{
    background: {p.surface}; border: 1px dashed {p.border}; border-radius: {RADIUS}px;
}}
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
