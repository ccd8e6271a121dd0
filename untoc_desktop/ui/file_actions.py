"""The File menu's work: bundles in and out, backups. Each slow step runs through ``run_task``.

The main window only composes; what happens when the user picks "Export bundle…" lives here. Each
handler asks for a path with a standard dialog, runs the work off the UI thread on its own
workspace connection, and reports the outcome in the status bar, or an error the user can act on
in one message box (never a cascade).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from untoc_desktop.core.errors import CancelledError, UserError
from untoc_desktop.core.file_names import bundle_file_name
from untoc_desktop.i18n import _, ngettext
from untoc_desktop.services import bundle_import
from untoc_desktop.services import export as export_service
from untoc_desktop.ui.context import AppContext, Shell
from untoc_desktop.ui.worker import run_task


def _ask_passphrase(shell: Shell, title: str, prompt: str) -> str | None:
    """A passphrase (empty string allowed), or None when the user cancelled."""
    text, ok = QInputDialog.getText(
        shell.dialog_parent(), title, prompt, QLineEdit.EchoMode.Password
    )
    return text if ok else None


def _fail(shell: Shell, title: str, exc: Exception) -> None:
    QMessageBox.warning(shell.dialog_parent(), title, str(exc))


def export_bundle(ctx: AppContext, shell: Shell) -> Path | None:
    """Ask what to export and where (a stick first), then write and check the bundle in a worker."""
    from untoc_desktop.ui.bundle_dialogs import ExportBundleDialog
    from untoc_desktop.ui.drives import choose_bundle_path

    title = _("Export bundle")
    parent = shell.dialog_parent()
    choice = ExportBundleDialog.ask(ctx.ws, shell.current_dossier_id(), parent)
    if choice is None:
        return None
    out = choose_bundle_path(parent, save=True, suggested_name=bundle_file_name())
    if out is None:
        return None
    try:
        result = run_task(
            parent,
            _("Writing the bundle…"),
            export_service.export_bundle_in_worker,
            ctx.worker_ref(),
            choice.dossier_ids,
            out,
            passphrase=choice.passphrase,
            include_sensitive=choice.include_sensitive,
        )
    except CancelledError:
        shell.show_status(_("The export was cancelled; nothing was written."))
        return None
    except UserError as exc:
        _fail(shell, title, exc)
        return None
    lines = [
        _("The bundle was saved to {path}.").format(path=result.path),
        _("It is encrypted: give the passphrase to the partner office by phone or in person.")
        if result.encrypted
        else _("It is not encrypted: anyone who finds the stick can read it."),
        _("This office's key fingerprint, for the partner to check by phone: {fingerprint}").format(
            fingerprint=result.fingerprint
        ),
    ]
    QMessageBox.information(parent, title, "\n\n".join(lines))
    shell.show_status(_("Bundle saved to {path}").format(path=result.path))
    return result.path


class _DialogPrompter:
    """The import's questions as dialogs over the window; the merge runs with
    the window suspended."""

    def __init__(self, ctx: AppContext, shell: Shell) -> None:
        self.ctx, self.shell = ctx, shell

    def passphrase(self, error: Exception, tried: str | None) -> str | None:
        prompt = _("This bundle is encrypted. Enter the passphrase the partner office gave you:")
        if tried is not None:
            prompt = _(
                "That passphrase does not open this bundle (or the bundle is damaged). Try again:"
            )
        return _ask_passphrase(self.shell, _("Import bundle"), prompt)

    def accept_key_change(self, error: Exception) -> bool:
        answer = QMessageBox.warning(
            self.shell.dialog_parent(),
            _("The office's key changed"),
            str(error)
            + "\n\n"
            + _(
                "Accept the new key only if the office confirmed its fingerprint by phone. "
                "Accept it?"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def confirm(self, preview: Any) -> bool:
        from untoc_desktop.ui.bundle_dialogs import ImportPreviewDialog

        chosen = ImportPreviewDialog.ask(preview, self.shell.dialog_parent())
        self.accepted: frozenset[Any] = chosen or frozenset()
        return chosen is not None

    def accepted_proposals(self, preview: Any) -> frozenset[Any]:
        return self.accepted

    def applying(self) -> contextlib.AbstractContextManager[object]:
        from untoc_desktop.ui.security import suspended

        return suspended(
            self.ctx, self.shell
        )  # the open dossier comes back with the merged content


def import_bundle(ctx: AppContext, shell: Shell) -> bool:
    """Pick a bundle (a stick first), check it, preview what it changes, and merge it;
    True if merged."""
    from untoc_desktop.ui.drives import choose_bundle_path

    title = _("Import bundle")
    parent = shell.dialog_parent()
    path = choose_bundle_path(parent, save=False)
    if path is None:
        return False
    try:
        result = bundle_import.import_bundle(
            ctx.worker_ref(),
            path,
            _DialogPrompter(ctx, shell),
            lambda step, fn, *args: run_task(parent, step, fn, *args),
        )
    except UserError as exc:
        _fail(shell, title, exc)
        return False
    if result is None:
        return False
    message = (
        ngettext(
            "Bundle imported. {count} conflicting version was kept: see File → Conflicts.",
            "Bundle imported. {count} conflicting versions were kept: see File → Conflicts.",
            result.conflicts,
        ).format(count=result.conflicts)
        if result.conflicts
        else _("Bundle imported.")
    )
    left_out = len(result.preview.proposals) - result.accepted
    if left_out:
        message += " " + ngettext(
            "{count} proposed change was left out; the next bundle from that office offers it "
            "again.",
            "{count} proposed changes were left out; the next bundle from that office offers "
            "them again.",
            left_out,
        ).format(count=left_out)
    shell.show_status(message, 15000)
    if result.conflicts:
        QMessageBox.information(parent, title, message)
    return True


def show_conflicts(ctx: AppContext, shell: Shell) -> None:
    from untoc_desktop.ui.bundle_review import ConflictsDialog

    dialog = ConflictsDialog(ctx.ws, shell.dialog_parent())
    dialog.changed.connect(shell.dossiers_changed)
    dialog.exec()


def show_partner_offices(ctx: AppContext, shell: Shell) -> None:
    from untoc_desktop.ui.bundle_review import PartnerOfficesDialog

    PartnerOfficesDialog(ctx.ws, shell.dialog_parent()).exec()


def backup_to(ctx: AppContext, shell: Shell) -> Path | None:
    """File → Back up to…: the backup dialogs' own flow (a stick, a checked copy),
    then the status bar."""
    from untoc_desktop.ui.backup_dialogs import back_up_to

    written = back_up_to(shell.dialog_parent(), ctx.ws)
    if written is not None:
        shell.show_status(_("Backup saved to {path}").format(path=written))
    return written


def restore_backup(ctx: AppContext, shell: Shell) -> bool:
    """Restore a backup into the open workspace; the window comes back as it was (``suspended``)."""
    from untoc_desktop.ui.backup_dialogs import restore_from_backup
    from untoc_desktop.ui.security import suspended

    with suspended(ctx, shell):
        return bool(restore_from_backup(shell.dialog_parent(), ctx))
