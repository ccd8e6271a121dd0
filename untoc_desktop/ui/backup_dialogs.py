"""The backup actions of the interface: "Back up to…", "Restore from backup", and start-up recovery.

The work itself is in ``core.backup`` and ``core.recovery``; this module asks where, shows what a
backup holds before anything is replaced, runs the copying off the UI thread (``run_task``) and
reports the outcome in plain words. A restore replaces the whole workspace, so the preview states
what the backup holds and that the current workspace is kept aside, not deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import Enum
from pathlib import Path

from babel.dates import format_datetime
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import N_, _, current_language, ngettext
from untoc_desktop.store import backup
from untoc_desktop.store.backup import BackupSummary
from untoc_desktop.store.recovery import RecoveryReport
from untoc_desktop.store.workspace import PassphraseRequiredError, Workspace, WrongPassphraseError
from untoc_desktop.ui import folders
from untoc_desktop.ui.context import AppContext
from untoc_desktop.ui.passphrase_dialogs import ask_passphrase
from untoc_desktop.ui.worker import run_task

FILE_FILTER_PATTERN = "*.untocdb"


def _file_filter() -> str:
    return _("UNTOC Desktop workspaces ({pattern})").format(pattern=FILE_FILTER_PATTERN)


def _when(moment: datetime | None) -> str:
    if moment is None:
        return _("unknown")
    return format_datetime(
        moment, "medium", tzinfo=datetime.now().astimezone().tzinfo, locale=current_language()
    )


def _size(size: int) -> str:
    return _("{size} MB").format(size=f"{size / (1024 * 1024):.1f}")


# ---------------------------------------------------------------------------------------- preview
class BackupSummaryView(QWidget):
    """What a backup holds: when, which office, and one row per dossier with its counts."""

    COLUMNS = (N_("Dossier"), N_("Country"), N_("Findings"), N_("Evidence"), N_("Attachments"))

    def __init__(self, summary: BackupSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        self.header = QLabel(self._header_text())
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.header.setAccessibleName(_("About this backup"))
        self.model = QStandardItemModel(0, len(self.COLUMNS), self)
        self.model.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        for d in summary.dossiers:
            cells = [
                d.title or _("(untitled)"),
                d.country or "—",
                str(d.findings),
                str(d.evidence),
                str(d.attachments),
            ]
            items = [QStandardItem(text) for text in cells]
            for item in items:
                item.setEditable(False)
            for item in items[2:]:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(items)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Dossiers in this backup"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setAccessibleName(_("Columns"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.table)

    def _header_text(self) -> str:
        s = self.summary
        lines = [
            _("Backup taken: {when}").format(when=_when(s.taken_at)),
            _("Office: {office}").format(office=s.office_name or s.organization or _("(no name)")),
            ngettext("{count} dossier", "{count} dossiers", len(s.dossiers)).format(
                count=len(s.dossiers)
            )
            + " · "
            + ngettext("{count} finding", "{count} findings", s.findings).format(count=s.findings)
            + " · "
            + ngettext(
                "{count} piece of evidence", "{count} pieces of evidence", s.evidence
            ).format(count=s.evidence)
            + " · "
            + ngettext("{count} attachment", "{count} attachments", s.attachments).format(
                count=s.attachments
            ),
            ngettext("{count} item in the trash", "{count} items in the trash", s.trashed).format(
                count=s.trashed
            ),
            _("File: {path} ({size}, format version {version})").format(
                path=s.path, size=_size(s.size), version=s.schema_version
            ),
        ]
        return "\n".join(lines)


class BackupPreviewDialog(QDialog):
    """Shows a backup and asks to confirm the restore; the current workspace is kept aside."""

    def __init__(self, summary: BackupSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Restore from backup"))
        self.setAccessibleName(_("Restore from backup"))
        self.view = BackupSummaryView(summary, self)
        note = QLabel(
            _(
                "Restoring replaces the workspace you are working in with this backup. "
                "Your current workspace is not deleted: it is kept as a file next to it."
            )
        )
        note.setWordWrap(True)
        note.setAccessibleName(_("What restoring does"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            _("&Restore this backup"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setAccessibleName(_("Restore this backup"))
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName(_("Cancel"))
        # Enter must not replace the workspace by accident: the restore button is never the default,
        # not even while it has the focus.
        self.restore_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.resize(640, 420)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.cancel_button.setDefault(True)  # QDialog may pick its own default when shown
        self.view.table.setFocus()

    @classmethod
    def ask(cls, summary: BackupSummary, parent: QWidget | None) -> bool:
        """Show the preview modally; True when the user chose to restore (patched in tests)."""
        return cls(summary, parent).exec() == QDialog.DialogCode.Accepted


# ---------------------------------------------------------------------------------------- actions
def _backup_task(
    workspace_path: Path,
    dest: Path,
    passphrase: str | None,
    *,
    progress: Callable,
    cancelled: Callable,
) -> Path:
    progress(0, 0)
    return backup.backup_to(workspace_path, dest, passphrase=passphrase)


def _describe_task(
    path: Path, passphrase: str | None, *, progress: Callable, cancelled: Callable
) -> BackupSummary:
    progress(0, 0)
    return backup.describe_backup(path, passphrase)


def _restore_task(
    path: Path,
    workspace_path: Path,
    passphrase: str | None,
    *,
    progress: Callable,
    cancelled: Callable,
) -> Path | None:
    progress(0, 0)
    return backup.restore_from(path, workspace_path, passphrase=passphrase)


def _describe_asking_passphrase(
    parent: QWidget | None, path: Path, passphrase: str | None
) -> tuple[BackupSummary, str | None] | None:
    """Read the backup; for an encrypted one try the workspace's passphrase, then ask the user."""
    error: str | None = None
    while True:
        try:
            return run_task(
                parent, _("Reading the backup…"), _describe_task, path, passphrase
            ), passphrase
        except (PassphraseRequiredError, WrongPassphraseError) as exc:
            if isinstance(exc, WrongPassphraseError) and passphrase is not None:
                error = _("That passphrase does not open this backup. Try again.")
            passphrase = ask_passphrase(parent, path, error)
            if passphrase is None:
                return None
            error = None


def _documents_dir() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


def back_up_to(parent: QWidget | None, ws: Workspace) -> Path | None:
    """Ask where (a USB stick, say), write a checked backup there; returns its path or None."""
    suggested = _documents_dir() / f"{ws.path.stem}-backup-{datetime.now():%Y-%m-%d}.untocdb"
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Back up to…"),
        folders.start_path(folders.BACKUPS, suggested.name, suggested.parent),
        _file_filter(),
    )
    if not chosen:
        return None
    folders.remember(folders.BACKUPS, chosen)
    dest = Path(chosen)
    if not dest.suffix:
        dest = dest.with_suffix(".untocdb")
    try:
        made = run_task(parent, _("Making the backup…"), _backup_task, ws.path, dest, ws.passphrase)
    except UserError as exc:
        QMessageBox.warning(parent, _("The backup was not made"), str(exc))
        return None
    QMessageBox.information(
        parent, _("Backup made"), _("The workspace was backed up to {path}.").format(path=made)
    )
    return made


def restore_from_backup(
    parent: QWidget | None,
    workspace: AppContext | str | Path,
    *,
    backup_path: str | Path | None = None,
    before_restore: Callable[[], None] | None = None,
) -> bool:
    """Pick a backup, preview it, and restore it; True when the workspace was replaced.

    ``workspace`` is the path of a closed workspace, or the session's ``AppContext``: its workspace
    is closed for the restore and reopened afterwards (the restored file, or the old one if the
    restore failed) through ``AppContext.reopen``, which tells every view holding it.
    ``before_restore`` runs once the user confirmed, for callers that close things themselves.
    Nothing changes on Cancel or on error.
    """
    ctx = workspace if isinstance(workspace, AppContext) else None
    workspace_path = ctx.path if ctx is not None else Path(workspace)
    passphrase = ctx.ws.passphrase if ctx is not None else None
    if backup_path is None:
        start = backup.backup_dir(workspace_path)
        chosen, _filter = QFileDialog.getOpenFileName(
            parent,
            _("Restore from backup"),
            str(start if start.exists() else _documents_dir()),
            _file_filter(),
        )
        if not chosen:
            return False
        backup_path = chosen
    try:
        described = _describe_asking_passphrase(parent, Path(backup_path), passphrase)
    except UserError as exc:
        QMessageBox.warning(parent, _("This backup cannot be restored"), str(exc))
        return False
    if described is None:
        return False
    summary, backup_passphrase = described
    if not BackupPreviewDialog.ask(summary, parent):
        return False
    if before_restore is not None:
        before_restore()
    if ctx is not None:
        ctx.ws.close()
    try:
        aside = run_task(
            parent,
            _("Restoring the backup…"),
            _restore_task,
            summary.path,
            workspace_path,
            backup_passphrase,
        )
    except UserError as exc:
        if ctx is not None:
            ctx.reopen(passphrase)
        QMessageBox.warning(parent, _("The backup was not restored"), str(exc))
        return False
    if ctx is not None:
        ctx.reopen(backup_passphrase if summary.encrypted else None)
    message = _("The backup was restored.")
    if aside is not None:
        message += " " + _("Your previous workspace was kept as {path}.").format(path=aside)
    QMessageBox.information(parent, _("Backup restored"), message)
    return True


# ---------------------------------------------------------------------------------------- start-up
class RecoveryChoice(Enum):
    RESTORE_LATEST = "restore_latest"
    CHOOSE_BACKUP = "choose_backup"
    START_EMPTY = "start_empty"
    QUIT = "quit"


class RecoveryDialog(QDialog):
    """Told at start that the workspace is damaged: restore the latest good backup,
    pick one, or start empty."""

    def __init__(self, report: RecoveryReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = RecoveryChoice.QUIT
        self.setWindowTitle(_("The workspace is damaged"))
        self.setAccessibleName(_("The workspace is damaged"))
        message = QLabel(report.message)
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        message.setAccessibleName(_("What happened"))
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        if report.backup_summary is not None:
            layout.addWidget(BackupSummaryView(report.backup_summary, self))
        self.buttons = QDialogButtonBox()
        self.choice_buttons: dict[RecoveryChoice, QPushButton] = {}
        role = QDialogButtonBox.ButtonRole
        options = [
            (RecoveryChoice.RESTORE_LATEST, _("Restore the &latest good backup"), role.AcceptRole),
            (RecoveryChoice.CHOOSE_BACKUP, _("&Choose another backup…"), role.ActionRole),
            (RecoveryChoice.START_EMPTY, _("Start with an &empty workspace"), role.ActionRole),
            (RecoveryChoice.QUIT, _("&Quit"), role.RejectRole),
        ]
        for choice, label, button_role in options:
            if choice is RecoveryChoice.RESTORE_LATEST and report.latest_good_backup is None:
                continue
            button = self.buttons.addButton(label, button_role)
            button.setAccessibleName(label.replace("&", ""))
            button.clicked.connect(lambda _checked=False, c=choice: self._choose(c))
            self.choice_buttons[choice] = button
        first = next(iter(self.choice_buttons.values()))
        first.setDefault(True)
        first.setFocus()
        layout.addWidget(self.buttons)
        self.resize(640, 460 if report.backup_summary else 200)

    def _choose(self, choice: RecoveryChoice) -> None:
        self.choice = choice
        if choice is RecoveryChoice.QUIT:
            self.reject()
        else:
            self.accept()

    @classmethod
    def ask(cls, report: RecoveryReport, parent: QWidget | None) -> RecoveryChoice:
        dialog = cls(report, parent)
        dialog.exec()
        return dialog.choice


def offer_recovery(
    parent: QWidget | None, report: RecoveryReport, passphrase: str | None = None
) -> bool:
    """After ``open_or_recover`` found damage: let the user pick; True when the app should go on.

    On True the caller opens ``report.path`` again (restored, or created empty); on False it quits.
    The damaged file stays where ``report.damaged_path`` says whatever is chosen. ``passphrase`` is
    the one given to ``open_or_recover`` for an encrypted workspace.
    """
    while True:
        choice = RecoveryDialog.ask(report, parent)
        if choice is RecoveryChoice.QUIT:
            return False
        if choice is RecoveryChoice.START_EMPTY:
            return True
        if choice is RecoveryChoice.RESTORE_LATEST and report.latest_good_backup is not None:
            try:
                run_task(
                    parent,
                    _("Restoring the backup…"),
                    _restore_task,
                    report.latest_good_backup,
                    report.path,
                    passphrase,
                )
            except UserError as exc:
                QMessageBox.warning(parent, _("The backup was not restored"), str(exc))
                continue
            return True
        if choice is RecoveryChoice.CHOOSE_BACKUP and restore_from_backup(parent, report.path):
            return True
