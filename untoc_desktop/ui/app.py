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
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from untoc_desktop import APP_NAME, __version__, i18n
from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import _
from untoc_desktop.store.workspace import DamagedWorkspaceError, preload_sqlite_utils
from untoc_desktop.ui.context import AppContext, SettingsKeys
from untoc_desktop.ui.qt_i18n import apply_language

if TYPE_CHECKING:  # imported when needed: start-up time
    from untoc_desktop.ui.auto_backup import AutoBackup

ORGANIZATION = "UNTOC Desktop"
#: Hidden switch for ``benchmarks/run.py``: print ``PAINTED_MARKER`` at the main window's first
#: paint and quit, so the cold start can be timed from process start to a painted window.
EXIT_AFTER_PAINT_ENV = "UNTOC_EXIT_AFTER_PAINT"
PAINTED_MARKER = "untoc-painted"


class _ExitAfterFirstPaint(QObject):
    """Event filter that reports the first paint of the watched window,
    then quits the event loop."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print(PAINTED_MARKER, flush=True)
            QTimer.singleShot(0, QCoreApplication.quit)
        return False


class _AfterFirstPaint(QObject):
    """Calls ``callback`` once, as soon as the watched window has painted (or
    after ``fallback_ms``).

    For work that must not compete with the first paint on a two-core laptop: the start-up backup
    reads the whole workspace in a thread, which delayed the window by about a tenth of a second.
    The fallback covers a window that starts minimized and is not painted for a while; ``fire`` at
    exit covers a session that ends before either, so the start-up backup is never skipped.
    """

    def __init__(
        self, watched: QWidget, callback: Callable[[], None], fallback_ms: int = 5000
    ) -> None:
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
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setApplicationDisplayName(APP_NAME)
    from untoc_desktop.ui import theme

    if not theme.theme().connected:  # once: re-applying would re-polish every widget
        theme.apply(app)  # type: ignore[arg-type]
    from untoc_desktop.ui import focus_ring

    focus_ring.install(app)  # type: ignore[arg-type]  # a 2 px ring a keyboard user can see
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


def open_workspace(path: Path, *, check_now: bool = True):  # noqa: ANN201 - Workspace | None; lazy core
    """Open the workspace for the session, checking it first; None if the user gave up.

    ``check_now=False`` leaves the integrity check to the start-up backup thread (``_run_window``
    decides, for a file unchanged since a clean close).

    The integrity check and the recovery are ``core.recovery.open_or_recover``: a damaged file is
    renamed aside (never overwritten) and the user picks the latest good backup, another backup, an
    empty workspace or quitting (``backup_dialogs.offer_recovery``). An encrypted workspace asks for
    its passphrase first, again after a wrong one. Refusals that are not damage (newer version,
    read-only, not a workspace) propagate as ``UserError``.
    """
    from untoc_desktop.store.recovery import open_or_recover
    from untoc_desktop.store.workspace import PassphraseRequiredError, WrongPassphraseError

    passphrase: str | None = None
    error: str | None = None
    while True:
        try:
            # The start-up backup is taken by AutoBackup in a thread once the window shows.
            ws, report = open_or_recover(
                path, passphrase=passphrase, backup_at_start=False, check_now=check_now
            )
        except (PassphraseRequiredError, WrongPassphraseError) as exc:
            from untoc_desktop.ui.passphrase_dialogs import (
                ask_passphrase,
            )  # only then: babel, ~0.05 s

            if isinstance(exc, WrongPassphraseError) and passphrase is not None:
                error = _("That passphrase does not open this workspace. Try again.")
            passphrase = ask_passphrase(None, Path(path), error)
            if passphrase is None:
                return None
            continue
        if ws is not None:
            if report.warnings:  # e.g. a clear-text copy left by a killed passphrase change
                QMessageBox.warning(None, APP_NAME, "\n\n".join(report.warnings))
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
    apply_language(choose_language(lang, store.value(SettingsKeys.LANGUAGE)))
    windows: list[QWidget] = []
    if already_running(
        workspace_path, lambda: windows and single_instance.raise_window(windows[0])
    ):
        return 0
    try:
        while True:
            status = _run_window(app, workspace_path, store, windows)
            if status != _REOPEN:
                return status
            windows.clear()  # the damaged session's window is gone; recovery opens a new one
    finally:
        single_instance.release(workspace_path)


_REOPEN = (
    -1
)  # ``_run_window``'s status when the deferred check found damage: open again, checking first


def _check_can_wait(workspace_path: Path, store: QSettings) -> bool:
    """Whether the start-up integrity check may run after the first paint instead of before it.

    Only for a file exactly as this application left it at a clean close (same size and change time,
    no WAL: ``store.recovery.closed_cleanly``). Anything else, a first start, a crash, a copied or
    restored file, is checked before the window opens. Earlier releases kept the record in the
    settings under a hash of the workspace's path; any such key is dropped.
    """
    from untoc_desktop.store.recovery import closed_cleanly

    if _LEGACY_CLEAN_CLOSE_GROUP in store.childGroups():
        store.remove(_LEGACY_CLEAN_CLOSE_GROUP)
        store.sync()
    return closed_cleanly(workspace_path)


_LEGACY_CLEAN_CLOSE_GROUP = "cleanClose"


def _damage_found(window: QWidget, workspace_path: Path, problems: list[str]) -> None:
    """The check after start-up found damage: say so, then close the window for the recovery."""
    QMessageBox.critical(
        window,
        _("The workspace is damaged"),
        _(
            "The check that runs after start-up found damage in {path} ({problem}). "
            "UNTOC Desktop will close it now and set it aside without deleting anything, "
            "then offer the latest good backup."
        ).format(path=workspace_path, problem=problems[0]),
    )
    window.close()


def _after_first_paint(auto: AutoBackup, *, check_first: bool) -> None:
    """Work that waits for the window: the start-up backup (and the deferred integrity check) in
    their thread, then, while the user looks at the list, sqlite-utils for
    the session's first write.

    Importing sqlite-utils (with its plugin scan) takes about 0.12 s; left to the first write, it
    made opening the first dossier (which saves the step) or the first autosave hitch by that much.
    """
    auto.start(check_first=check_first)
    QTimer.singleShot(0, preload_sqlite_utils)


def _run_window(
    app: QApplication, workspace_path: Path, store: QSettings, windows: list[QWidget]
) -> int:
    deferred = _check_can_wait(workspace_path, store)
    try:
        ws = open_workspace(workspace_path, check_now=not deferred)
    except (UserError, DamagedWorkspaceError) as exc:
        if deferred:
            # Perhaps damaged after all: the next round checks first, offers the recovery, or shows
            # the same refusal (a newer version, a read-only file) as a checked start would.
            return _REOPEN
        if not isinstance(exc, UserError):
            raise
        QMessageBox.critical(None, _("Cannot open the workspace"), str(exc))
        return 1
    if ws is None:
        return 1

    from untoc_desktop.ui.auto_backup import AutoBackup
    from untoc_desktop.ui.main_window import MainWindow

    auto: AutoBackup | None = None
    start_backup: _AfterFirstPaint | None = None
    window: MainWindow | None = None
    damage: list[list[str]] = []
    running, ended_cleanly = [True], False
    ctx = AppContext(ws, store)
    try:
        try:
            window = MainWindow(ctx)
        except DamagedWorkspaceError as exc:
            if not deferred:
                raise
            damage.append([str(exc)])
            return _REOPEN
        windows.append(window)
        if os.environ.get(EXIT_AFTER_PAINT_ENV) == "1":
            exit_filter = _ExitAfterFirstPaint(window)
            window.installEventFilter(exit_filter)
        auto = AutoBackup(ws)  # not the window's child: it outlives the window's deletion below
        ctx.auto_backup = auto
        ctx.workspace_replaced.connect(auto.set_workspace)
        window.attach_auto_backup(auto)
        shown = window
        auto.damaged.connect(damage.append)
        # Found while the window is in use: tell the user and reopen through the recovery. Found
        # only as the session ends (it was shorter than the check): no message; the missing
        # clean-close record makes the next start check first and offer the recovery there.
        auto.damaged.connect(
            lambda problems: running[0] and _damage_found(shown, workspace_path, problems)
        )
        window.show()
        start_backup = _AfterFirstPaint(
            window, lambda: _after_first_paint(auto, check_first=deferred)
        )
        status = app.exec()
        running[0] = False
        ended_cleanly = True
        return _REOPEN if damage else status
    finally:
        running[0] = False
        if start_backup is not None:
            start_backup.fire()  # a session that ended before its first paint still gets its backup
        if auto is not None:
            auto.stop()  # a backup being written finishes before the connection closes
        ctx.ws.close()  # the session's connection: a restore or a passphrase change replaced ``ws``
        if ended_cleanly and not damage:
            from untoc_desktop.store.recovery import remember_clean_close

            remember_clean_close(workspace_path)
        if window is not None:
            # Gone now, not at exit: its application-wide shortcut (Ctrl+L) and
            # idle filter go with it.
            window.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
