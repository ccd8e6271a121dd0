"""The floors: the least any program could spend on the same work, measured in the same run.

A ratio against a floor measured minutes apart on the same machine holds on a noisy or slow laptop
where an absolute number would not. Each floor does the same job as the app with nothing else:
the same bytes copied, the same rows inserted, the same words laid out, a bare window painted.

Run as a script (``python benchmarks/floors.py bare-window [--rss]``) it is the start-up floor:
a bare PySide6 main window of the app's default size that prints the marker at its first paint
and quits, exactly as the app does under ``UNTOC_EXIT_AFTER_PAINT=1``.
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

PAINTED_MARKER = "untoc-painted"  # the same as ``untoc_desktop.ui.app.PAINTED_MARKER``
WINDOW_SIZE = (1280, 700)  # ``untoc_desktop.ui.main_window.DEFAULT_SIZE``


def peak_rss_mb() -> float:
    """This process's peak resident memory.

    On Linux ``VmHWM`` is read rather than ``ru_maxrss``, which survives ``exec`` and so would
    report the benchmark parent's peak (hundreds of MB after an export) for every child it starts.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def pdf_floor(lines: list[str], out: Path) -> None:
    """The document's text as plain reportlab paragraphs: no fonts, styles, contents or page
    labels."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["Normal"]
    story = [Paragraph(escape(line), style) for line in lines if line.strip()]
    SimpleDocTemplate(str(out)).build(story)


def copy_floor(source: Path, target: Path) -> None:
    """The bytes of the bundle copied as a file, the least an export could cost."""
    shutil.copyfile(source, target)


def insert_floor(
    path: Path, records: dict[str, list[dict[str, Any]]], attachments: dict[str, bytes]
) -> None:
    """The bundle's rows and attachment bytes put into an empty workspace with nothing checked.

    ``path`` must be a fresh workspace (schema, triggers and pragmas as the app's), so the floor
    pays for the same indexes, FTS triggers and durable commit as an import does.
    """
    from untoc_desktop.store import db as dbmod

    conn: sqlite3.Connection = dbmod.connect(path, None)
    try:
        with conn:
            conn.executemany(
                "INSERT INTO attachments (sha256, data, size, created_at) VALUES (?, ?, ?, '')",
                [(sha, sqlite3.Binary(data), len(data)) for sha, data in attachments.items()],
            )
            for table, rows in records.items():
                if rows:
                    columns = list(rows[0])
                    conn.executemany(
                        f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                        f"({', '.join('?' * len(columns))})",
                        [tuple(r[c] for c in columns) for r in rows],
                    )
    finally:
        conn.close()


def bare_window(report_rss: bool) -> int:
    """Show a bare ``QMainWindow``, print the marker at its first paint, quit (the start-up
    floor)."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    class ExitAfterPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                print(PAINTED_MARKER, flush=True)
                QTimer.singleShot(0, app.quit)
            return False

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(*WINDOW_SIZE)
    watcher = ExitAfterPaint(window)
    window.installEventFilter(watcher)
    window.show()
    status = app.exec()
    if report_rss:
        print(f"rss_mb {peak_rss_mb():.1f}", flush=True)
    return status


if __name__ == "__main__":
    if sys.argv[1:2] != ["bare-window"]:
        raise SystemExit("usage: floors.py bare-window [--rss]")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(bare_window("--rss" in sys.argv))
