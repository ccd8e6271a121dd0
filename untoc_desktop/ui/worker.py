"""Run slow work off the UI thread, behind a progress dialog the user can cancel.

Rendering a long submission or sealing a bundle of photos can take seconds on an old laptop; doing
it on the UI thread would freeze the window and make the user think the app crashed (and perhaps
kill it mid-write). ``run_task`` keeps the event loop turning while the work runs in a ``QThread``,
and hands the result, or the exception, back to the caller as if the call had been synchronous.

The function runs in another thread, so it must not touch widgets, and it must open its own
``Workspace.open(path, lock=False)``: SQLite connections are bound to the thread that made them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from untoc_desktop.i18n import _

T = TypeVar("T")

#: The dialog only appears when the work lasts longer than this, so quick tasks do not flash.
SHOW_AFTER_MS = 400


class _TaskThread(QThread):
    """Calls ``fn`` once in its own thread and keeps its outcome for the UI thread to collect."""

    progressed = Signal(int, int, str)

    def __init__(self, fn: Callable[..., Any], args: tuple, kwargs: dict[str, Any]) -> None:
        super().__init__()
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._cancel = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, stage: str = "") -> None:
        """The ``progress`` a task is given: a count, and optionally what it is doing now."""
        self.progressed.emit(done, total, stage)

    def run(self) -> None:
        try:
            self.result = self._fn(
                *self._args, progress=self.report, cancelled=self.is_cancelled, **self._kwargs
            )
        except BaseException as exc:  # noqa: BLE001 - handed back to the UI thread and re-raised there
            self.error = exc


def run_task(
    parent: QWidget | None, title: str, fn: Callable[..., T], *args: Any, **kwargs: Any
) -> T:
    """Run ``fn(*args, progress=..., cancelled=..., **kwargs)`` in a worker thread and wait for it.

    ``progress(done, total)`` moves the bar (``total`` 0 means "unknown": a busy indicator);
    ``progress(done, total, stage)`` also says, in a translated line under the title, what is
    happening now when a step is long and unlike the others (checking the bundle on the drive);
    ``cancelled()`` turns true once the user pressed Cancel, and the function should then stop and
    raise ``core.errors.CancelledError`` (or return early). Returns ``fn``'s result, or raises its
    exception here, in the UI thread, where it can be shown next to the action that started it.
    """
    thread = _TaskThread(fn, args, kwargs)
    dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(SHOW_AFTER_MS)

    def on_progress(done: int, total: int, stage: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)
        if stage and not thread.is_cancelled():  # "Stopping…" stays once the user cancelled
            dialog.setLabelText(stage)

    def on_cancel() -> None:
        thread.cancel()
        dialog.setLabelText(_("Stopping…"))

    thread.progressed.connect(on_progress)
    dialog.canceled.connect(on_cancel)
    loop = QEventLoop()
    thread.finished.connect(loop.quit)
    thread.start()
    dialog.setValue(0)  # starts the minimum-duration timer
    if thread.isRunning():
        loop.exec()
    thread.wait()
    dialog.canceled.disconnect(on_cancel)
    dialog.close()
    dialog.deleteLater()
    if thread.error is not None:
        raise thread.error
    return thread.result
