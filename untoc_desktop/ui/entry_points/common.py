"""Small pieces the statement and declaration editors share."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QFileDialog, QMessageBox, QWidget

from untoc_desktop.core.errors import UserError
from untoc_desktop.core.workspace import Workspace
from untoc_desktop.i18n import LANGUAGES, _
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


def _render_task(ws: Workspace, dossier_id: str, document: str, fmt: str, out: Path, include_sensitive: bool, *,
                 progress: object = None, cancelled: object = None) -> Path:
    from untoc_desktop.documents import render

    with Workspace.open(ws.path, lock=False, passphrase=ws.passphrase) as own:
        return render(own, dossier_id, document, fmt, None, out, include_sensitive=include_sensitive,
                      progress=progress, cancelled=cancelled)  # type: ignore[arg-type]


def export_document(parent: QWidget, ws: Workspace, dossier_id: str, document: str, suggested: str,
                    include_sensitive: bool = False) -> Path | None:
    """Ask where, then write the PDF or DOCX in a worker thread (never on the UI thread)."""
    title = _("Export")
    path, chosen = QFileDialog.getSaveFileName(
        parent, title, suggested, _("PDF document (*.pdf);;Word document (*.docx)"))
    if not path:
        return None
    fmt = "docx" if path.lower().endswith(".docx") or "docx" in chosen else "pdf"
    out = Path(path)
    if out.suffix.lower() != f".{fmt}":
        out = out.with_name(out.name + f".{fmt}")
    try:
        return run_task(parent, _("Writing the document…"), _render_task, ws, dossier_id, document, fmt, out,
                        include_sensitive)
    except UserError as exc:
        QMessageBox.warning(parent, title, str(exc))
        return None
