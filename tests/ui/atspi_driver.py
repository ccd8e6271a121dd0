"""The app under an AT-SPI test: the main window on a demo dossier, moved from step to step by
lines on stdin ("step 3", "quit"); prints "ready <screen>" once the screen is shown.

Run by ``test_atspi.py`` with the project's Python on a real X server; the tree is read from
another process (Debian's python3 with pyatspi), as Orca reads it.
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from untoc_desktop.core.demo import build_demo
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui.app import ensure_app
from untoc_desktop.ui.context import AppContext
from untoc_desktop.ui.main_window import MainWindow
from untoc_desktop.ui.qt_i18n import apply_language


class Commands(QObject):
    line = Signal(str)


def main(workspace: str, lang: str) -> int:
    app = ensure_app()
    apply_language(lang)
    ws = Workspace.open(Path(workspace))
    dossier_id = build_demo(ws, "KE", lang)
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "a.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppContext(ws, settings))
    window.resize(1366, 768)
    window.show()
    window.open_dossier(dossier_id, step=0)
    commands = Commands()

    def act(line: str) -> None:
        words = line.split()
        if not words or words[0] == "quit":
            window.close()
            app.quit()
            return
        if words[0] == "step":
            window.wizard.go_to_step(int(words[1]))
        QTimer.singleShot(800, lambda: print(f"ready {line.strip()}", flush=True))

    commands.line.connect(act)

    def read() -> None:
        for line in sys.stdin:
            commands.line.emit(line)
        commands.line.emit("quit")

    threading.Thread(target=read, daemon=True).start()
    QTimer.singleShot(1500, lambda: print("ready start", flush=True))
    code = app.exec()
    ws.close()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
