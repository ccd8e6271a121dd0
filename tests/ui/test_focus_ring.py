"""Issue 22: a focus ring of at least 2 px with 3:1 contrast, light and dark, around whatever has
the keyboard focus, even a button filled with the accent colour."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from untoc_desktop.ui import focus_ring, theme


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_ring_colour_stands_out_on_every_background(scheme: str) -> None:
    p = theme.PALETTES[scheme]
    for background in (p.window, p.surface, p.surface_alt):
        assert theme.contrast_ratio(p.focus, background) >= 3.0
    assert focus_ring.WIDTH >= 2


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_ring_surrounds_the_focused_control_outside_it(qapp, qtbot, scheme: str) -> None:
    holder = theme.theme()
    before = holder.scheme
    holder.scheme = scheme
    try:
        rings = focus_ring.install(qapp)
        window = QWidget()
        qtbot.addWidget(window)
        layout = QHBoxLayout(window)
        button, field = QPushButton("Export"), QLineEdit()
        theme.set_role(button, "primary")  # filled with the accent colour
        layout.addWidget(button)
        layout.addWidget(field)
        window.resize(400, 80)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        for control in (button, field):
            control.setFocus()
            qtbot.waitUntil(control.hasFocus)
            rings._focus_changed(None, control)  # offscreen: the focus signal may not come
            ring = rings.ring_for(window)
            assert ring.isVisible()
            margin = focus_ring.WIDTH + focus_ring.GAP
            assert ring.geometry() == control.geometry().adjusted(-margin, -margin, margin, margin)
            image = window.grab().toImage()
            dpr = image.devicePixelRatio()
            # The ring's middle, left of the control: the focus colour, on the window's background.
            x = int((control.x() - focus_ring.GAP - focus_ring.WIDTH / 2 - 0.5) * dpr)
            y = int((control.y() + control.height() / 2) * dpr)
            assert QColor(image.pixel(x, y)).name() == holder.palette.focus
    finally:
        holder.scheme = before
