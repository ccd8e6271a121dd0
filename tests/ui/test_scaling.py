"""Correct from 100 % to 200 %: the pictures size themselves from the font, and the tour runs at
2x."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from PySide6.QtGui import QImage

from untoc_desktop.core import timeline
from untoc_desktop.core.glance import ArticleCounts
from untoc_desktop.core.reference import load
from untoc_desktop.core.state_facts import GroupFact
from untoc_desktop.ui.widgets.glance import FindingsChart
from untoc_desktop.ui.widgets.timeline import TimelineCanvas


def test_pictures_grow_with_the_font(qtbot) -> None:  # noqa: ANN001
    canvas, chart = TimelineCanvas(), FindingsChart()
    for widget in (canvas, chart):
        qtbot.addWidget(widget)
    canvas.set_timeline(timeline.build(load(), GroupFact(1, "verified", False), date(2024, 1, 1)))
    chart.set_articles(
        [ArticleCounts("UNTOC", 5, Counter(gap=2)), ArticleCounts("TIP", 3, Counter(ta_need=1))]
    )
    small = (canvas.sizeHint().height(), chart.sizeHint().height())
    for widget in (canvas, chart):
        font = widget.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        widget.setFont(font)
    big = (canvas.sizeHint().height(), chart.sizeHint().height())
    assert big[0] > small[0] * 1.6 and big[1] > small[1] * 1.6


def test_tour_at_200_percent_renders_every_screen_at_twice_the_pixels(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="2", UNTOC_THEME="dark")
    out = tmp_path / "tour"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "untoc_desktop",
            "tour",
            "--workspace",
            str(tmp_path / "w.untocdb"),
            "--lang",
            "fr",
            "--out",
            str(out),
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=300,
    )
    country = QImage(str(out / "12-step-2-country.png"))
    assert (country.width(), country.height()) == (1366 * 2, 768 * 2)
    assert len(list(out.glob("*.png"))) >= 12
