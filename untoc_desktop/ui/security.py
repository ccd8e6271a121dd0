"""The Security menu's work: set, change or remove the passphrase, and the lock
and backup preferences.

Converting the workspace (encrypting, re-keying, decrypting) rewrites the whole file, so it runs
with the workspace closed and off the UI thread (``run_task``). ``suspended`` is the one place that
freezes the window for such work and puts it back as it was afterwards (the open dossier at its
step), whatever happened; the new connection reaches every view through ``AppContext.reopen``. A
failed conversion reopens the untouched file with the old passphrase. The same guard serves a
restore from backup and a bundle import, which also change the file under the open views.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

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

from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import _
from untoc_desktop.store import backup
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui import lock as lockmod
from untoc_desktop.ui.context import AppContext, Shell
from untoc_desktop.ui.passphrase_dialogs import (
    PassphraseChange,
    apply_change,
    ask_passphrase_change,
)
from untoc_desktop.ui.worker import run_task


def _is_open(ctx: AppContext) -> bool:
    # Closed when reopening failed; the caller has told the user.
    return ctx.ws.is_open()


@contextlib.contextmanager
def suspended(ctx: AppContext, shell: Shell) -> Iterator[None]:
    """Close the open dossier, stop automatic backups and freeze the window
    while the file is replaced.

    The caller closes and reopens the workspace inside the block (``ctx.reopen``); afterwards the
    list is refreshed and the dossier that was open comes back at the step it was on (if it still
    exists).
    """
    dossier_id, step = shell.open_position()
    shell.show_list()  # the editor flushes a field being typed before the file is touched
    auto = ctx.auto_backup
    if auto is not None:
        auto.pause()
    shell.set_frozen(True)
    try:
        yield
    finally:
        shell.set_frozen(False)
        if auto is not None:
            auto.resume()
        if _is_open(ctx):
            shell.dossiers_changed()
            if dossier_id and ctx.ws.dossier(dossier_id) is not None:
                shell.open_dossier(dossier_id, step=step)
        shell.security_changed()


def _apply_task(change: PassphraseChange, path, *, progress: Callable, cancelled: Callable) -> None:  # noqa: ANN001
    progress(0, 0)
    apply_change(path, change)


def change_passphrase(ctx: AppContext, shell: Shell, mode: str) -> bool:
    """Ask for the change (``set``, ``change`` or ``remove``) and carry it out; True when done."""
    parent = shell.dialog_parent()
    change = ask_passphrase_change(parent, mode)
    if change is None:
        return False
    old = ctx.ws.passphrase
    titles = {
        "set": _("Encrypting the workspace…"),
        "change": _("Changing the passphrase…"),
        "remove": _("Decrypting the workspace…"),
    }
    with suspended(ctx, shell):
        ctx.ws.close()
        try:
            run_task(parent, titles[mode], _apply_task, change, ctx.path)
        except UserError as exc:
            ctx.reopen(old)
            QMessageBox.warning(parent, _("The passphrase was not changed"), str(exc))
            return False
        ctx.reopen(change.new)
    done = {
        "set": _(
            "The workspace is now encrypted. Keep the passphrase safe: if it is forgotten, "
            "the workspace cannot be recovered."
        ),
        "change": _("The passphrase was changed."),
        "remove": _("The passphrase was removed: the workspace is no longer encrypted."),
    }[mode]
    shell.show_status(done)
    QMessageBox.information(parent, _("Workspace passphrase"), done)
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
        self.lock_minutes.setAccessibleDescription(
            _("Lock after this many idle minutes (0: never)")
        )
        self.keep = QSpinBox()
        self.keep.setRange(1, backup.MAX_KEEP)
        self.keep.setValue(backup.keep_count(ws))
        self.keep.setAccessibleDescription(_("Number of automatic backups to keep"))
        form = QFormLayout()
        lock_label = QLabel(_("&Lock the window after:"))
        lock_label.setBuddy(self.lock_minutes)
        keep_label = QLabel(_("&Automatic backups to keep:"))
        keep_label.setBuddy(self.keep)
        form.addRow(lock_label, self.lock_minutes)
        form.addRow(keep_label, self.keep)
        note = QLabel(
            _(
                "Locking hides the work when you step away; Ctrl+L locks at once. A backup is "
                "taken at every start and once a day, in the backups folder next to the workspace."
            )
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
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


def show_preferences(ctx: AppContext, shell: Shell) -> bool:
    dialog = PreferencesDialog(ctx.ws, ctx.settings, shell.dialog_parent())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    shell.set_lock_minutes(dialog.save())
    return True
