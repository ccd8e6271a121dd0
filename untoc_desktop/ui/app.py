"""Starting the graphical interface: the application object, settings, language, the workspace.

This is the composition root: it is the one place that creates the ``QApplication``, decides the
language (``--lang``, else the last one chosen, else the system's), makes sure this is the only
instance on the workspace, checks and opens it (offering a backup when it is damaged), hands it to
the main window and keeps the automatic backups going. A workspace that cannot be opened (not a
workspace, newer than this build) is explained in one message box and the app exits 1 without
touching it; a second start on an open workspace raises the first window and exits 0.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

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


class _AfterFirstPaint(QObject):
    """Calls ``callback`` once, as soon as the watched window has painted (or after ``fallback_ms``).

    For work that must not compete with the first paint on a two-core laptop: the start-up backup
    reads the whole workspace in a thread, which delayed the window by about a tenth of a second.
    The fallback covers a window that starts minimized and is not painted for a while; ``fire`` at
    exit covers a session that ends before either, so the start-up backup is never skipped.
    """

    def __init__(self, watched: QWidget, callback: Callable[[], None], fallback_ms: int = 5000) -> None:
        super().__init__(watched)
        self._callback: Callable[[], None] | None = callback
        watched.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self.fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self.fire)
        return False

    def fire(self) -> None:
        """Run the callback now unless it already ran."""
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()


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
    """Open the workspace for the session, checking it first; None if the user gave up.

    The integrity check and the recovery are ``core.recovery.open_or_recover``: a damaged file is
    renamed aside (never overwritten) and the user picks the latest good backup, another backup, an
    empty workspace or quitting (``backup_dialogs.offer_recovery``). An encrypted workspace asks for
    its passphrase first, again after a wrong one. Refusals that are not damage (newer version,
    read-only, not a workspace) propagate as ``UserError``.
    """
    from untoc_desktop.core.db import PassphraseRequiredError, WrongPassphraseError
    from untoc_desktop.core.recovery import open_or_recover

    passphrase: str | None = None
    error: str | None = None
    while True:
        try:
            # The start-up backup is taken by AutoBackup in a thread once the window shows.
            ws, report = open_or_recover(path, passphrase=passphrase, backup_at_start=False)
        except (PassphraseRequiredError, WrongPassphraseError) as exc:
            from untoc_desktop.ui.passphrase_dialogs import ask_passphrase  # only then: babel, ~0.05 s

            if isinstance(exc, WrongPassphraseError) and passphrase is not None:
                error = _("That passphrase does not open this workspace. Try again.")
            passphrase = ask_passphrase(None, Path(path), error)
            if passphrase is None:
                return None
            continue
        if ws is not None:
            return ws
        # Damaged and set aside: restored or emptied on True, then opened on the next turn.
        from untoc_desktop.ui.backup_dialogs import offer_recovery

        if not offer_recovery(None, report, passphrase):
            return None


def already_running(workspace_path: Path, activate: Callable[[], None]) -> bool:
    """True when another instance has this workspace open: it was asked to come to the front.

    The second start then exits with status 0: the user's wish (see this workspace's window) is
    fulfilled by the first instance, and a launcher or script should not report a failure for a
    double-click. The message is printed and shown, since on Windows there is no console to read.
    """
    from untoc_desktop.ui import single_instance

    if single_instance.claim_or_signal(workspace_path, activate):
        return False
    message = single_instance.already_running_message()
    print(message, file=sys.stderr)
    QMessageBox.information(None, APP_NAME, message)
    return True


def run_gui(workspace_path: Path, lang: str | None) -> int:
    """Run the interface on ``workspace_path`` until the window closes; returns the exit status."""
    from untoc_desktop.ui import single_instance

    app = ensure_app()
    store = settings()
    apply_language(choose_language(lang, store.value("language")))
    windows: list[QWidget] = []
    if already_running(workspace_path, lambda: windows and single_instance.raise_window(windows[0])):
        return 0
    try:
        return _run_window(app, workspace_path, store, windows)
    finally:
        single_instance.release(workspace_path)


def _run_window(app: QApplication, workspace_path: Path, store: QSettings, windows: list[QWidget]) -> int:
    try:
        ws = open_workspace(workspace_path)
    except UserError as exc:
        QMessageBox.critical(None, _("Cannot open the workspace"), str(exc))
        return 1
    if ws is None:
        return 1

    from untoc_desktop.ui.auto_backup import AutoBackup
    from untoc_desktop.ui.main_window import MainWindow

    auto: AutoBackup | None = None
    start_backup: _AfterFirstPaint | None = None
    window: MainWindow | None = None
    try:
        window = MainWindow(ws, store)
        windows.append(window)
        if os.environ.get(EXIT_AFTER_PAINT_ENV) == "1":
            exit_filter = _ExitAfterFirstPaint(window)
            window.installEventFilter(exit_filter)
        auto = AutoBackup(ws)  # not the window's child: it outlives the window's deletion below
        window.attach_auto_backup(auto)
        window.show()
        start_backup = _AfterFirstPaint(window, auto.start)
        return app.exec()
    finally:
        if start_backup is not None:
            start_backup.fire()  # a session that ended before its first paint still gets its backup
        if auto is not None:
            auto.stop()  # a backup being written finishes before the connection closes
        ws.close()
        if window is not None:
            # Gone now, not at exit: its application-wide shortcut (Ctrl+L) and idle filter go with it.
            window.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
