"""Open the big dossier in the real main window (offscreen) and report the time and peak memory.

Run by ``run.py`` in a fresh process each time, so the peak memory is that of an app that started,
showed its list and opened the dossier, and nothing else:

    python benchmarks/gui_probe.py WORKSPACE DOSSIER_ID

prints one JSON line: ``open_ms`` (from asking to open the dossier at its findings step to the
wizard's first paint) and ``rss_mb`` (peak resident memory at the end).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from benchmarks.floors import peak_rss_mb  # noqa: E402
from untoc_desktop.store.workspace import Workspace, preload_sqlite_utils  # noqa: E402
from untoc_desktop.ui.app import ensure_app  # noqa: E402
from untoc_desktop.ui.context import AppContext  # noqa: E402
from untoc_desktop.ui.main_window import EVIDENCE_STEP, MainWindow  # noqa: E402

TIMEOUT_S = 60.0


class PaintWatch(QObject):
    """Remembers whether the watched widget has been painted."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.painted = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def wait_for_paint(app: QApplication, widget: QWidget) -> None:
    watch = PaintWatch(widget)
    deadline = time.perf_counter() + TIMEOUT_S
    while not watch.painted:
        if time.perf_counter() > deadline:
            raise SystemExit("the widget was never painted")
        app.processEvents()
    widget.removeEventFilter(watch)


def main(workspace: Path, dossier_id: str) -> None:
    app = ensure_app()
    with Workspace.open(workspace) as ws:
        window = MainWindow(
            AppContext(
                ws, QSettings(str(workspace.with_suffix(".ini")), QSettings.Format.IniFormat)
            )
        )
        window.show()
        wait_for_paint(app, window)
        # What the app does right after its first paint, while the user looks at the list
        # (``ui.app._after_first_paint``); built without ``run_gui``, the window would otherwise
        # make the first dossier pay that import (0.1 s), which no user's first click does.
        preload_sqlite_utils()
        started = time.perf_counter()
        window.open_dossier(dossier_id, EVIDENCE_STEP)
        assert window.wizard is not None
        wait_for_paint(app, window.wizard)
        open_ms = (time.perf_counter() - started) * 1000
        window.close()
    print(json.dumps({"open_ms": round(open_ms, 1), "rss_mb": round(peak_rss_mb(), 1)}), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
