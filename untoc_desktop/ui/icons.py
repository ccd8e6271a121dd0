"""Icons from the shipped Lucide set (ISC licence, ``resources/icons/lucide/LICENSE``), tinted.

Lucide draws with ``stroke="currentColor"``; we substitute a palette colour before rendering, so
one SVG serves the light and the dark scheme and a warning icon is the same red as warning text.
Icons are rendered with QtSvg at 1x and 2x so they stay sharp from 100 % to 200 % scaling.
Only the icons the interface uses are shipped; asking for another is a programming error.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from untoc_desktop.paths import resource
from untoc_desktop.ui import theme

ICON_DIR = ("icons", "lucide")
SIZES = (16, 20, 24, 32, 48)


@cache
def _svg(name: str) -> str:
    path = resource(*ICON_DIR, f"{name}.svg")
    return path.read_text(encoding="utf-8")


def available() -> list[str]:
    """The names of the shipped icons."""
    return sorted(p.stem for p in resource(*ICON_DIR).glob("*.svg"))


def pixmap(name: str, size: int, colour: str, ratio: float = 1.0) -> QPixmap:
    """``name`` drawn in ``colour`` (``#rrggbb``) at ``size`` logical pixels for ``ratio``."""
    data = _svg(name).replace("currentColor", colour)
    renderer = QSvgRenderer(QByteArray(data.encode("utf-8")))
    if not renderer.isValid():
        raise ValueError(f"icon {name!r} is not a valid SVG")
    physical = max(1, round(size * ratio))
    image = QPixmap(physical, physical)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, physical, physical))
    painter.end()
    image.setDevicePixelRatio(ratio)
    return image


def icon(name: str, role: str = "text") -> QIcon:
    """A ``QIcon`` of ``name`` in the current palette's ``role`` colour (``text``,
    ``accent``...)."""
    colour = getattr(theme.current(), role)
    result = QIcon()
    for size in SIZES:
        for ratio in (1.0, 2.0):
            result.addPixmap(pixmap(name, size, colour, ratio))
    return result
