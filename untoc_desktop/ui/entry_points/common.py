"""Small pieces the statement and declaration editors share."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import QCloseEvent, QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import LANGUAGES, _
from untoc_desktop.services import export as export_service
from untoc_desktop.services.export import WorkspaceRef
from untoc_desktop.store.workspace import ClosedWorkspaceError, Workspace
from untoc_desktop.ui import folders
from untoc_desktop.ui.qt_i18n import LANGUAGE_NAMES
from untoc_desktop.ui.worker import run_task


def language_combo() -> QComboBox:
    combo = QComboBox()
    for lang in LANGUAGES:
        combo.addItem(LANGUAGE_NAMES[lang], lang)
    return combo


def select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def export_document(
    parent: QWidget,
    ws: Workspace,
    dossier_id: str,
    document: str,
    suggested: str,
    include_sensitive: bool = False,
) -> Path | None:
    """Ask where, then write the PDF or DOCX in a worker thread (never on the UI thread)."""
    title = _("Export")
    path, chosen = QFileDialog.getSaveFileName(
        parent,
        title,
        folders.start_path(folders.DOCUMENTS, Path(suggested).name, Path(suggested).parent),
        _("PDF document (*.pdf);;Word document (*.docx)"),
    )
    if not path:
        return None
    folders.remember(folders.DOCUMENTS, path)
    fmt = "docx" if path.lower().endswith(".docx") or "docx" in chosen else "pdf"
    out = Path(path)
    if out.suffix.lower() != f".{fmt}":
        out = out.with_name(out.name + f".{fmt}")
    try:
        return run_task(
            parent,
            _("Writing the document…"),
            export_service.render_in_worker,
            WorkspaceRef.of(ws),
            dossier_id,
            document,
            fmt,
            None,
            out,
            include_sensitive=include_sensitive,
        )
    except UserError as exc:
        QMessageBox.warning(parent, title, str(exc))
        return None


class EditorFrame:
    """What the statement and declaration editors share: one page in the wizard's contract
    (``go_to_step``, ``current_step``, ``close_requested``), export under the title's name, and
    autosave flushed whenever the editor leaves the screen.

    Mixed in before ``QWidget``; the editor provides ``ws``, ``dossier_id``, ``autosaver``,
    ``title_edit``, ``export_button``, ``close_requested`` and ``retranslate``.
    """

    #: the document kind rendered by ``export``, and the file name used when the title is empty
    document: str = ""
    untitled: str = ""

    def _build_header(self) -> QHBoxLayout:
        """The back button and the editor's heading (texts are set in ``retranslate``)."""
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self._leave)
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.heading.setFont(font)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.heading, 1)
        return top

    def export(self) -> None:
        self.autosaver.flush()
        name = (self.title_edit.text().strip() or _(self.untitled)).replace("/", "-")
        export_document(self, self.ws, self.dossier_id, self.document, f"{name}.pdf")

    def go_to_step(self, _step: int) -> None:
        """The main window's "Export documents" lands on the export button here."""
        self.export_button.setFocus()

    def current_step(self) -> int:
        return 1

    def _leave(self) -> None:
        self.autosaver.flush()
        self.close_requested.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            # The workspace may be closed under a widget still waiting to be deleted:
            # nothing to show.
            with contextlib.suppress(ClosedWorkspaceError):
                self.retranslate()
        super().changeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.autosaver.flush()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.autosaver.flush()
        super().closeEvent(event)
