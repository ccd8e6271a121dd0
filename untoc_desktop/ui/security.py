"""The Security menu's work: set, change or remove the passphrase, and the lock and backup preferences.

Converting the workspace (encrypting, re-keying, decrypting) rewrites the whole file, so it runs
with the workspace closed and off the UI thread (``run_task``). ``suspended`` is the one place that
closes the session's workspace for such work and puts the window back as it was afterwards (the
open dossier at its step), whatever happened: a failed conversion reopens the untouched file with
the old passphrase. The same guard serves a restore from backup, which also replaces the file.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.core import backup
from untoc_desktop.core.errors import UserError
from untoc_desktop.core.workspace import Workspace
from untoc_desktop.i18n import _
from untoc_desktop.ui import lock as lockmod
from untoc_desktop.ui.passphrase_dialogs import PassphraseChange, apply_change, ask_passphrase_change
from untoc_desktop.ui.worker import run_task

if TYPE_CHECKING:
    from untoc_desktop.ui.main_window import MainWindow


def reopen_in_place(ws: Workspace, passphrase: str | None) -> None:
    """Open ``ws.path`` again into the same object, so every view holding ``ws`` keeps working."""
    fresh = Workspace.open(ws.path, create=False, passphrase=passphrase)
    ws.__dict__.update(fresh.__dict__)


def _is_open(ws: Workspace) -> bool:
    try:
        ws.conn.execute("SELECT 1")
    except sqlite3.ProgrammingError:  # closed: reopening failed, the caller has told the user
        return False
    return True


@contextlib.contextmanager
def suspended(window: MainWindow) -> Iterator[None]:
    """Close the wizard, stop automatic backups and freeze the window while the file is replaced.

    The caller closes and reopens the workspace inside the block; afterwards the list is refreshed
    and the dossier that was open comes back at the step it was on (if it still exists).
    """
    dossier_id = window.dossier_id
    step = window.wizard.current_step() if window.wizard is not None and hasattr(window.wizard, "current_step") \
        else None
    window.show_list()  # the wizard flushes a field being typed before the file is touched
    auto = window.auto_backup
    if auto is not None:
        auto.pause()
    frozen = [w for w in (window.centralWidget(), window.menuBar()) if w is not None and w.isEnabled()]
    for widget in frozen:
        widget.setEnabled(False)
    try:
        yield
    finally:
        for widget in frozen:
            widget.setEnabled(True)
        if auto is not None:
            auto.resume()
        if _is_open(window.ws):
            window.list_page.model.refresh()
            if dossier_id and window.ws.dossier(dossier_id) is not None:
                window.open_dossier(dossier_id, step=step)
        window.security_changed()


def _apply_task(change: PassphraseChange, path, *, progress: Callable, cancelled: Callable) -> None:  # noqa: ANN001
    progress(0, 0)
    apply_change(path, change)


def change_passphrase(window: MainWindow, mode: str) -> bool:
    """Ask for the change (``set``, ``change`` or ``remove``) and carry it out; True when done."""
    change = ask_passphrase_change(window, mode)
    if change is None:
        return False
    ws = window.ws
    old = ws.passphrase
    titles = {"set": _("Encrypting the workspace…"), "change": _("Changing the passphrase…"),
              "remove": _("Decrypting the workspace…")}
    with suspended(window):
        ws.close()
        try:
            run_task(window, titles[mode], _apply_task, change, ws.path)
        except UserError as exc:
            reopen_in_place(ws, old)
            QMessageBox.warning(window, _("The passphrase was not changed"), str(exc))
            return False
        reopen_in_place(ws, change.new)
    done = {
        "set": _("The workspace is now encrypted. Keep the passphrase safe: if it is forgotten, the workspace "
                 "cannot be recovered."),
        "change": _("The passphrase was changed."),
        "remove": _("The passphrase was removed: the workspace is no longer encrypted."),
    }[mode]
    window.statusBar().showMessage(done, 10000)
    QMessageBox.information(window, _("Workspace passphrase"), done)
    return True


class PreferencesDialog(QDialog):
    """The two security settings a field office may tune: idle lock time and backups kept."""

    def __init__(self, ws: Workspace, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.settings = ws, settings
        self.setWindowTitle(_("Preferences"))
        self.setAccessibleName(_("Preferences"))
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setRange(0, lockmod.MAX_MINUTES)
        self.lock_minutes.setSpecialValueText(_("Never"))
        self.lock_minutes.setSuffix(_(" min"))
        self.lock_minutes.setValue(lockmod.lock_minutes(settings))
        self.lock_minutes.setAccessibleName(_("Lock after this many idle minutes (0: never)"))
        self.keep = QSpinBox()
        self.keep.setRange(1, backup.MAX_KEEP)
        self.keep.setValue(backup.keep_count(ws))
        self.keep.setAccessibleName(_("Number of automatic backups to keep"))
        form = QFormLayout()
        lock_label = QLabel(_("&Lock the window after:"))
        lock_label.setBuddy(self.lock_minutes)
        keep_label = QLabel(_("&Automatic backups to keep:"))
        keep_label.setBuddy(self.keep)
        form.addRow(lock_label, self.lock_minutes)
        form.addRow(keep_label, self.keep)
        note = QLabel(_("Locking hides the work when you step away; Ctrl+L locks at once. A backup is taken at "
                        "every start and once a day, in the backups folder next to the workspace."))
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName(_("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def save(self) -> int:
        """Store both values; returns the idle minutes for the running lock controller."""
        minutes = self.lock_minutes.value()
        lockmod.set_lock_minutes(self.settings, minutes)
        self.settings.sync()
        backup.set_keep_count(self.ws, self.keep.value())
        return minutes


def show_preferences(window: MainWindow) -> bool:
    dialog = PreferencesDialog(window.ws, window.settings, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    window.lock.set_timeout_minutes(dialog.save())
    return True
