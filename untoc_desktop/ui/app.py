"""Starting the graphical interface: the application object, settings, language, the workspace.

This is the composition root: it is the one place that creates the ``QApplication``, decides the
language (``--lang``, else the last one chosen, else the system's), opens the workspace and hands
it to the main window. A workspace that cannot be opened (not a workspace, newer than this build,
already open elsewhere) is explained in one message box and the app exits 1 without touching it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from untoc_desktop import APP_NAME, __version__, i18n
from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import _
from untoc_desktop.ui.qt_i18n import apply_language

ORGANIZATION = "UNTOC Desktop"
#: Hidden switch for ``benchmarks/run.py``: print ``PAINTED_MARKER`` at the main window's first paint
#: and quit, so the cold start can be timed from process start to a painted window.
EXIT_AFTER_PAINT_ENV = "UNTOC_EXIT_AFTER_PAINT"
PAINTED_MARKER = "untoc-painted"


class _ExitAfterFirstPaint(QObject):
    """Event filter that reports the first paint of the watched window, then quits the event loop."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print(PAINTED_MARKER, flush=True)
            QTimer.singleShot(0, QCoreApplication.quit)
        return False


def ensure_app() -> QApplication:
    """The process's ``QApplication``, created once with the app's name (QSettings relies on it)."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setApplicationDisplayName(APP_NAME)
    from untoc_desktop.ui import theme

    if not theme.theme().connected:  # once: re-applying would re-polish every widget
        theme.apply(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def settings() -> QSettings:
    return QSettings(ORGANIZATION, APP_NAME)


def choose_language(requested: str | None, stored: object) -> str:
    """``--lang`` wins, then the language chosen last time, then the system's."""
    if requested in i18n.LANGUAGES:
        return requested  # type: ignore[return-value]
    if isinstance(stored, str) and stored in i18n.LANGUAGES:
        return stored
    return i18n.system_language()


def open_workspace(path: Path):  # noqa: ANN201 - Workspace | None; core imported lazily for start-up time
    """Open the workspace, asking for its passphrase if it is encrypted; None if the user gave up."""
    from untoc_desktop.core.db import PassphraseRequiredError, WrongPassphraseError
    from untoc_desktop.core.workspace import Workspace

    passphrase: str | None = None
    prompt = _("This workspace is encrypted. Enter its passphrase:")
    while True:
        try:
            return Workspace.open(path, passphrase=passphrase)
        except (PassphraseRequiredError, WrongPassphraseError) as exc:
            if isinstance(exc, WrongPassphraseError):
                prompt = _("That passphrase does not open this workspace. Try again:")
            passphrase, ok = QInputDialog.getText(None, _("Encrypted workspace"), prompt,
                                                  QLineEdit.EchoMode.Password)
            if not ok:
                return None


def run_gui(workspace_path: Path, lang: str | None) -> int:
    """Run the interface on ``workspace_path`` until the window closes; returns the exit status."""
    app = ensure_app()
    store = settings()
    apply_language(choose_language(lang, store.value("language")))

    try:
        ws = open_workspace(workspace_path)
    except UserError as exc:
        QMessageBox.critical(None, _("Cannot open the workspace"), str(exc))
        return 1
    if ws is None:
        return 1

    from untoc_desktop.ui.main_window import MainWindow

    try:
        window = MainWindow(ws, store)
        if os.environ.get(EXIT_AFTER_PAINT_ENV) == "1":
            exit_filter = _ExitAfterFirstPaint(window)
            window.installEventFilter(exit_filter)
        window.show()
        return app.exec()
    finally:
        ws.close()
