"""The File menu's work: bundles in and out, backups. Each slow step runs through ``run_task``.

The main window only composes; what happens when the user picks "Export bundle…" lives here. Each
handler asks for a path with a standard dialog, runs the work off the UI thread on its own
workspace connection, and reports the outcome in the status bar, or an error the user can act on
in one message box (never a cascade).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from untoc_desktop.core.errors import UserError
from untoc_desktop.core.workspace import Workspace
from untoc_desktop.i18n import _
from untoc_desktop.ui.features import feature
from untoc_desktop.ui.worker import run_task

if TYPE_CHECKING:
    from untoc_desktop.ui.main_window import MainWindow

BUNDLES = "untoc_desktop.bundles"
BACKUP = "untoc_desktop.core.backup"
BACKUP_DIALOGS = "untoc_desktop.ui.backup_dialogs"


def available() -> dict[str, bool]:
    """Which File actions this build can serve (the others are shown disabled)."""
    return {
        "import_bundle": bool(feature(BUNDLES, "read_bundle") and feature(BUNDLES, "apply")),
        "export_bundle": feature(BUNDLES, "export_bundle") is not None,
        "backup": feature(BACKUP, "backup_to") is not None,
        "restore": feature(BACKUP_DIALOGS, "restore_from_backup") is not None,
    }


def _in_own_workspace(main: Workspace, fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call ``fn(ws, ...)`` on a connection of the worker's own (SQLite objects are per thread)."""
    with Workspace.open(main.path, lock=False, passphrase=main.passphrase) as ws:
        return fn(ws, *args, **kwargs)


def _ask_passphrase(window: MainWindow, title: str, prompt: str) -> str | None:
    """A passphrase (empty string allowed), or None when the user cancelled."""
    text, ok = QInputDialog.getText(window, title, prompt, QLineEdit.EchoMode.Password)
    return text if ok else None


def _fail(window: MainWindow, title: str, exc: Exception) -> None:
    QMessageBox.warning(window, title, str(exc))


def export_bundle(window: MainWindow) -> None:
    fn = feature(BUNDLES, "export_bundle")
    if fn is None:
        return
    title = _("Export bundle")
    dossier_id = window.list_page.selected_id()
    out, _filter = QFileDialog.getSaveFileName(window, title, "", _("UNTOC bundles (*.untoc)"))
    if not out:
        return
    out_path = Path(out) if out.endswith(".untoc") else Path(out + ".untoc")
    passphrase = _ask_passphrase(window, title, _(
        "Passphrase to encrypt the bundle (tell it to the partner office by another channel). "
        "Leave empty only if the bundle holds nothing sensitive:"))
    if passphrase is None:
        return
    ids = [dossier_id] if dossier_id else None
    try:
        run_task(window, _("Writing the bundle…"), _in_own_workspace, window.ws, fn, out_path,
                 dossier_ids=ids, passphrase=passphrase or None)
    except UserError as exc:
        _fail(window, title, exc)
        return
    window.statusBar().showMessage(_("Bundle saved to {path}").format(path=out_path), 10000)


def import_bundle(window: MainWindow) -> None:
    read, preview, apply = (feature(BUNDLES, n) for n in ("read_bundle", "preview", "apply"))
    if read is None or apply is None:
        return
    title = _("Import bundle")
    path, _filter = QFileDialog.getOpenFileName(window, title, "", _("UNTOC bundles (*.untoc)"))
    if not path:
        return
    passphrase: str | None = None
    while True:
        try:
            bundle = run_task(window, _("Reading the bundle…"), lambda p, secret, progress, cancelled: read(
                Path(p), passphrase=secret), path, passphrase)
            break
        except UserError as exc:
            if type(exc).__name__ != "PassphraseError":
                _fail(window, title, exc)
                return
            passphrase = _ask_passphrase(window, title, str(exc) + "\n" + _("Passphrase:"))
            if passphrase is None:
                return
    if preview is not None:
        summary = str(preview(window.ws, bundle))
        answer = QMessageBox.question(window, title, _("{summary}\n\nApply these changes?").format(summary=summary))
        if answer != QMessageBox.StandardButton.Yes:
            return
    try:
        apply(window.ws, bundle)
    except UserError as exc:
        _fail(window, title, exc)
        return
    window.list_page.model.refresh()
    window.statusBar().showMessage(_("Bundle imported."), 10000)


def backup_to(window: MainWindow) -> None:
    fn = feature(BACKUP, "backup_to")
    if fn is None:
        return
    title = _("Back up to")
    out, _filter = QFileDialog.getSaveFileName(
        window, title, "", _("UNTOC workspaces (*.untocdb)"))
    if not out:
        return
    try:
        written = run_task(window, _("Backing up…"),
                           lambda dest, progress, cancelled: fn(window.ws.path, dest,
                                                                passphrase=window.ws.passphrase), Path(out))
    except UserError as exc:
        _fail(window, title, exc)
        return
    window.statusBar().showMessage(_("Backup saved to {path}").format(path=written), 10000)


def restore_backup(window: MainWindow) -> None:
    fn = feature(BACKUP_DIALOGS, "restore_from_backup")
    if fn is not None:
        fn(window, window.ws)
