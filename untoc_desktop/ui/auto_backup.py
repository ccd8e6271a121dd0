"""Automatic backups while the app runs: one at start, then one a day, never blocking the window.

A backup of a large workspace takes about a second on a good disk (``core.backup``: 104 MB in
1.1 s) and several on an old laptop, so it runs in a thread of its own with its own connection
(``backup.auto_backup_at``). Unlike ``run_task`` nothing waits for it and no dialog appears: the
user keeps typing, and the outcome is a line in the status bar. A failed backup (full disk) is
reported there too; it never stops the work.

The timer fires hourly but a copy is only made when the newest backup is a day old, so a laptop
that sleeps overnight still gets its daily backup soon after it wakes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import _
from untoc_desktop.store import backup, recovery
from untoc_desktop.store.workspace import Workspace

CHECK_INTERVAL_MS = 60 * 60 * 1000


class _BackupThread(QThread):
    """Takes one automatic backup on its own connection and keeps the outcome for the GUI thread.

    With ``check_first`` it runs the start-up integrity check first (``recovery.damage_of``, on a
    read-only connection), and a damaged file gets no backup: a copy of it would only push a good
    backup out of the rotation.
    """

    def __init__(
        self, path: Path, passphrase: str | None, at_start: bool, check_first: bool = False
    ) -> None:
        super().__init__()
        self._path, self._passphrase, self._at_start = path, passphrase, at_start
        self._check_first = check_first
        self.written: Path | None = None
        self.error: str | None = None
        self.damage: list[str] = []

    def run(self) -> None:
        try:
            if self._check_first:
                self.damage = recovery.damage_of(self._path, self._passphrase)
                if self.damage:
                    return
            self.written = backup.auto_backup_at(
                self._path, passphrase=self._passphrase, at_start=self._at_start
            )
        except UserError as exc:
            self.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - a failed backup must never take the app down
            self.error = str(exc) or type(exc).__name__


class AutoBackup(QObject):
    """Runs the start-up backup and the daily one for ``ws`` (its path and
    passphrase read each time).

    The Security menu and a restore open a new connection; ``set_workspace`` (connected to
    ``AppContext.workspace_replaced``) follows it, so a backup after a passphrase
    change uses the new one.
    """

    made = Signal(object)  # Path of the backup written
    failed = Signal(str)  # translated reason
    damaged = Signal(list)  # what the deferred start-up check found (``start(check_first=True)``)

    def __init__(
        self, ws: Workspace, parent: QObject | None = None, *, interval_ms: int = CHECK_INTERVAL_MS
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self._thread: _BackupThread | None = None
        self._paused = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run_if_due)

    def set_workspace(self, ws: Workspace) -> None:
        """Back up the session's new connection (``AppContext.workspace_replaced``)."""
        self.ws = ws

    def start(self, *, check_first: bool = False) -> None:
        """Take the start-up backup now (in the background) and check daily from then on.

        ``check_first``: the workspace was opened without its integrity check (unchanged since a
        clean close); run it in the same thread before the backup, and emit ``damaged`` if it fails.
        """
        self.run(at_start=True, check_first=check_first)
        self.timer.start()

    def run_if_due(self) -> None:
        if backup.backup_due(self.ws.path):
            self.run(at_start=False)

    def run(self, *, at_start: bool, check_first: bool = False) -> bool:
        """Start a backup unless one is running or backups are paused; True if one started."""
        if self._paused or self.busy:
            return False
        thread = _BackupThread(self.ws.path, self.ws.passphrase, at_start, check_first)
        thread.finished.connect(self._done)
        self._thread = thread
        thread.start()
        return True

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def wait(self) -> None:
        """Block until a running backup is written (before the workspace is closed or converted)."""
        if self._thread is not None:
            self._thread.wait()
            self._done()

    def pause(self) -> None:
        """No new backup until ``resume`` (while the file is being converted or replaced)."""
        self._paused = True
        self.wait()

    def resume(self) -> None:
        self._paused = False

    def stop(self) -> None:
        self.timer.stop()
        self.pause()

    def _done(self) -> None:
        # Called from the queued ``finished`` and from ``wait``: report each thread once, and never
        # one that is still running (a later backup started after ``wait`` handled the earlier one).
        thread = self._thread
        if thread is None or not thread.isFinished():
            return
        self._thread = None
        if thread.damage:
            self.timer.stop()  # no more copies of a damaged file
            self.damaged.emit(thread.damage)
        elif thread.error is not None:
            self.failed.emit(
                _("The automatic backup was not made: {reason}").format(reason=thread.error)
            )
        elif thread.written is not None:
            self.made.emit(thread.written)
        thread.deleteLater()
