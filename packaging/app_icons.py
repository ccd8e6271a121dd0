"""Render the application icon from its one SVG source into the files each platform wants.

Only the SVG is committed: PNG sizes, the Windows ``.ico`` and the macOS ``.icns`` are build
output, so the icon cannot drift between platforms. Qt's SVG renderer draws the PNGs (it is
already a dependency, and it runs without a display under the offscreen platform); Pillow packs
them into ``.ico`` and ``.icns``.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The sizes desktops ask for: freedesktop icon theme sizes, the Windows shell and the macOS Dock.
PNG_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256)


def render_png(svg: Path, size: int, out: Path) -> Path:
    """Draw ``svg`` as a square ``size``-pixel PNG with a transparent background."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    from PySide6.QtWidgets import QApplication

    # A QApplication, not a QGuiApplication: in a process that later shows widgets (the test
    # suite), a QGuiApplication created here would make every QWidget abort the process.
    _app = QApplication.instance() or QApplication([])  # noqa: F841 - QPainter needs an application
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG file")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        raise OSError(f"could not write {out}")
    return out


def build_icons(svg: Path, out_dir: Path) -> dict[str, Path]:
    """Write ``icon-<size>.png`` for every size, ``app.ico`` and ``app.icns`` into ``out_dir``.

    Returns the written files by name (``"png-256"``, ``"ico"``, ``"icns"``) for the build to use.
    """
    from PIL import Image

    written: dict[str, Path] = {}
    for size in PNG_SIZES:
        written[f"png-{size}"] = render_png(svg, size, out_dir / f"icon-{size}.png")
    largest = Image.open(written[f"png-{max(PNG_SIZES)}"]).convert("RGBA")
    ico = out_dir / "app.ico"
    largest.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES])
    written["ico"] = ico
    icns = out_dir / "app.icns"
    largest.save(icns, format="ICNS")
    written["icns"] = icns
    return written
