"""The File menu's work: bundles in and out, backups. Each slow step runs through ``run_task``.

The main window only composes; what happens when the user picks "Export bundle…" lives here. Each
handler asks for a path with a standard dialog, runs the work off the UI thread on its own
workspace connection, and reports the outcome in the status bar, or an error the user can act on
in one message box (never a cascade).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from untoc_desktop.core.errors import CancelledError, UserError
from untoc_desktop.core.workspace import Workspace
from untoc_desktop.i18n import _, ngettext
from untoc_desktop.services import export as export_service
from untoc_desktop.services.export import WorkspaceRef
from untoc_desktop.ui.context import AppContext, Shell
from untoc_desktop.ui.worker import run_task


def _in_own_workspace(ref: WorkspaceRef, fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call ``fn(ws, ..., progress=, cancelled=)`` on a connection of the worker's own (SQLite objects
    are per thread)."""
    with ref.open() as ws:
        return fn(ws, *args, **kwargs)


def _ask_passphrase(shell: Shell, title: str, prompt: str) -> str | None:
    """A passphrase (empty string allowed), or None when the user cancelled."""
    text, ok = QInputDialog.getText(shell.dialog_parent(), title, prompt, QLineEdit.EchoMode.Password)
    return text if ok else None


def _fail(shell: Shell, title: str, exc: Exception) -> None:
    QMessageBox.warning(shell.dialog_parent(), title, str(exc))


def _suggested_name(ws: Workspace) -> str:
    from untoc_desktop.bundles.keys import office_name

    name = office_name(ws) or ws.organization().get("name") or "office"
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in name).strip("-")[:40] or "office"
    return f"{safe}-{date.today():%Y-%m-%d}.untoc"


def export_bundle(ctx: AppContext, shell: Shell) -> Path | None:
    """Ask what to export and where (a stick first), then write and check the bundle in a worker."""
    from untoc_desktop.ui.bundle_dialogs import ExportBundleDialog
    from untoc_desktop.ui.drives import choose_bundle_path

    title = _("Export bundle")
    parent = shell.dialog_parent()
    choice = ExportBundleDialog.ask(ctx.ws, shell.current_dossier_id(), parent)
    if choice is None:
        return None
    out = choose_bundle_path(parent, save=True, suggested_name=_suggested_name(ctx.ws))
    if out is None:
        return None
    try:
        result = run_task(parent, _("Writing the bundle…"), export_service.write_bundle, ctx.worker_ref(),
                          choice.dossier_ids, out, passphrase=choice.passphrase,
                          include_sensitive=choice.include_sensitive)
    except CancelledError:
        shell.show_status(_("The export was cancelled; nothing was written."))
        return None
    except UserError as exc:
        _fail(shell, title, exc)
        return None
    lines = [_("The bundle was saved to {path}.").format(path=result.path),
             _("It is encrypted: give the passphrase to the partner office by phone or in person.")
             if result.encrypted else _("It is not encrypted: anyone who finds the stick can read it."),
             _("This office's key fingerprint, for the partner to check by phone: {fingerprint}").format(
                 fingerprint=result.fingerprint)]
    QMessageBox.information(parent, title, "\n\n".join(lines))
    shell.show_status(_("Bundle saved to {path}").format(path=result.path))
    return result.path


def _read_task(path: Path, passphrase: str | None, keys: dict[str, str], own: str, accept: bool, *,
               progress: Any, cancelled: Any) -> Any:
    from untoc_desktop.bundles.importer import read_bundle

    progress(0, 0)
    return read_bundle(path, passphrase, keys, accept_key_change=accept, own_office_id=own)


def read_bundle_asking(ctx: AppContext, shell: Shell, path: Path) -> Any:
    """The validated bundle, asking for its passphrase (again after a wrong one) and, for a changed
    key, whether the office confirmed it; None when the user gave up. Other errors propagate."""
    from untoc_desktop.bundles.container import KeyChangedError, PassphraseError
    from untoc_desktop.bundles.importer import known_keys

    title = _("Import bundle")
    keys = known_keys(ctx.ws)
    parent = shell.dialog_parent()
    passphrase: str | None = None
    accept = False
    while True:
        try:
            return run_task(parent, _("Reading the bundle…"), _read_task, path, passphrase, keys,
                            ctx.ws.office_id, accept)
        except PassphraseError:
            prompt = _("This bundle is encrypted. Enter the passphrase the partner office gave you:")
            if passphrase is not None:
                prompt = _("That passphrase does not open this bundle (or the bundle is damaged). Try again:")
            passphrase = _ask_passphrase(shell, title, prompt)
            if passphrase is None:
                return None
        except KeyChangedError as exc:
            answer = QMessageBox.warning(
                parent, _("The office's key changed"),
                str(exc) + "\n\n" + _("Accept the new key only if the office confirmed its fingerprint by phone. "
                                        "Accept it?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return None
            accept = True


def _preview_task(ws: Workspace, bundle: Any, *, progress: Any = None, cancelled: Any = None) -> Any:
    from untoc_desktop.bundles.importer import preview

    return preview(ws, bundle)


def _apply_task(ws: Workspace, bundle: Any, *, progress: Any = None, cancelled: Any = None) -> Any:
    from untoc_desktop.bundles.importer import apply

    return apply(ws, bundle)


def import_bundle(ctx: AppContext, shell: Shell) -> bool:
    """Pick a bundle (a stick first), check it, preview what it changes, and merge it; True if merged."""
    from untoc_desktop.ui.bundle_dialogs import ImportPreviewDialog
    from untoc_desktop.ui.drives import choose_bundle_path
    from untoc_desktop.ui.security import suspended

    title = _("Import bundle")
    parent = shell.dialog_parent()
    path = choose_bundle_path(parent, save=False)
    if path is None:
        return False
    try:
        bundle = read_bundle_asking(ctx, shell, path)
        if bundle is None:
            return False
        prev = run_task(parent, _("Comparing with this workspace…"), _in_own_workspace, ctx.worker_ref(),
                        _preview_task, bundle)
    except UserError as exc:
        _fail(shell, title, exc)
        return False
    if not ImportPreviewDialog.ask(prev, parent):
        return False
    with suspended(ctx, shell):  # the open dossier is shown again afterwards, with the merged content
        try:
            result = run_task(parent, _("Importing the bundle…"), _in_own_workspace, ctx.worker_ref(),
                              _apply_task, bundle)
        except UserError as exc:
            _fail(shell, title, exc)
            return False
    message = ngettext("Bundle imported. {count} conflicting version was kept: see File → Conflicts.",
                       "Bundle imported. {count} conflicting versions were kept: see File → Conflicts.",
                       result.conflicts).format(count=result.conflicts) if result.conflicts else _("Bundle imported.")
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
    """File → Back up to…: the backup dialogs' own flow (a stick, a checked copy), then the status bar."""
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
