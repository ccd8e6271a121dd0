"""Step 9, export: the letter, the pledge and the submission, and a bundle for a partner office.

Nothing leaves the office before the safety check is confirmed. Documents are written in the
document language chosen here (independent of the UI language); sensitive items are left out
unless the user ticks the box, which is only offered after the safety check. Rendering runs in a
worker thread behind a cancellable progress dialog; results and errors are shown on the page.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from untoc_desktop.core.errors import CancelledError, UserError
from untoc_desktop.core.file_names import bundle_file_name, document_file_name
from untoc_desktop.core.safety import EXPORTS
from untoc_desktop.i18n import LANGUAGES, _
from untoc_desktop.services import export as export_service
from untoc_desktop.services.export import WorkspaceRef
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui import a11y, folders, theme
from untoc_desktop.ui.qt_i18n import LANGUAGE_NAMES
from untoc_desktop.ui.wizard.common import StepPage, error_label, show_error, wrapped
from untoc_desktop.ui.worker import run_task

FORMATS = {"pdf": "PDF", "docx": "DOCX (Word)"}
DOCUMENTS = ("letter", "pledge", "submission")


class ExportPage(StepPage):
    def __init__(self, ws: Workspace, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ws, dossier_id, 9, parent)
        self.gate = wrapped()
        theme.set_role(self.gate, "error")
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.currentIndexChanged.connect(self._save_language)
        self.format = QComboBox()
        for key, label in FORMATS.items():
            self.format.addItem(label, key)
        self.include = QCheckBox()
        self.include.toggled.connect(self._include_toggled)
        self.include_warning = wrapped()
        theme.set_role(self.include_warning, "error")
        # Off by default: a file's properties would name the organization and the dossier to
        # anyone who sees the file, beyond what its pages say (issue 19).
        self.properties = QCheckBox()
        self.language_label, self.format_label = QLabel(), QLabel()
        self.language_label.setBuddy(self.language)
        self.format_label.setBuddy(self.format)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.language_label, self.language)
        form.addRow(self.format_label, self.format)
        form.addRow(self.include)
        form.addRow(self.include_warning)
        form.addRow(self.properties)
        self.content.addWidget(self.gate)
        self.content.addLayout(form)

        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, key in enumerate((*DOCUMENTS, "bundle")):
            button = QPushButton()
            button.clicked.connect(lambda _c=False, k=key: self.export(k))
            self.buttons[key] = button
            grid.addWidget(button, i // 2, i % 2)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_label = QLabel()
        self.passphrase_label.setBuddy(self.passphrase)
        self.passphrase_help = wrapped()
        pass_form = QFormLayout()
        pass_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        pass_form.addRow(self.passphrase_label, self.passphrase)
        pass_form.addRow(self.passphrase_help)
        self.content.addLayout(grid)
        self.content.addLayout(pass_form)
        self.error = error_label()
        self.result = wrapped()
        self.content.addWidget(self.error)
        self.content.addWidget(self.result)
        # After an export: open the file, or its folder (issue 21).
        self.saved: Path | None = None
        self.open_file, self.open_folder = QPushButton(), QPushButton()
        self.open_file.clicked.connect(lambda: self._open(self.saved))
        self.open_folder.clicked.connect(lambda: self._open(self.saved and self.saved.parent))
        opened = QHBoxLayout()
        opened.addWidget(self.open_file)
        opened.addWidget(self.open_folder)
        opened.addStretch(1)
        self.content.addLayout(opened)
        self._show_saved(None)
        self.content.addStretch(1)
        self.setTabOrder(self.language, self.format)
        self.retranslate()

    def _show_saved(self, path: Path | None) -> None:
        """The outcome line and the Open buttons; translated again on a language switch."""
        self.saved = path
        self.open_file.setVisible(path is not None)
        self.open_folder.setVisible(path is not None)
        self.open_file.setText(_("&Open"))
        self.open_file.setAccessibleDescription(_("Open the exported file"))
        self.open_folder.setText(_("Show in &folder"))
        self.open_folder.setAccessibleDescription(_("Open the folder of the exported file"))
        if path is not None:
            self.result.setText(_("Saved: {path}").format(path=path))
            a11y.announce(self.result, self.result.text())  # heard, not only seen (issue 22)

    @staticmethod
    def _open(path: Path | None) -> None:
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def retranslate_page(self) -> None:
        self.language_label.setText(_("Document &language:"))
        self.language.setAccessibleDescription(_("Language of the documents"))
        self.format_label.setText(_("&Format:"))
        self.format.setAccessibleDescription(_("File format of the documents"))
        self.include.setText(_("&Include sensitive items"))
        self.include.setAccessibleDescription(_("Include sensitive items in the documents"))
        self.properties.setText(_("Name the organization and the &title in the file's properties"))
        self.properties.setAccessibleDescription(
            _("Write the organization and the title into the file's properties")
        )
        self.buttons["letter"].setText(_("Export the &letter…"))
        self.buttons["pledge"].setText(_("Export the &pledge…"))
        self.buttons["submission"].setText(_("Export the &submission…"))
        self.buttons["bundle"].setText(_("&Bundle for a partner office…"))
        for key, button in self.buttons.items():
            button.setAccessibleDescription(_(EXPORTS[key]))  # named by its text (issue 22)
        self.passphrase_label.setText(_("Bundle pass&phrase:"))
        self.passphrase.setAccessibleDescription(_("Passphrase that protects the bundle"))
        self.passphrase_help.setText(
            _(
                "A bundle carries the whole dossier and its attached files (sensitive "
                "ones only if you include them). Protect it with a passphrase and tell it "
                "to the partner office another way than the USB stick."
            )
        )
        if hasattr(self, "open_file"):
            self._show_saved(self.saved)
        self.reload()

    def reload(self) -> None:
        dossier = self.dossier
        self.language.blockSignals(True)
        self.language.setCurrentIndex(max(self.language.findData(dossier.get("language", "en")), 0))
        self.language.blockSignals(False)
        reviewed = bool(dossier.get("safety_reviewed_at"))
        self.gate.setText(
            "" if reviewed else _("Confirm the safety check (step 8) before exporting anything.")
        )
        self.gate.setVisible(not reviewed)
        self.include.setEnabled(reviewed)
        if not reviewed:
            self.include.setChecked(False)
        for button in self.buttons.values():
            button.setEnabled(reviewed)
        self.passphrase.setEnabled(reviewed)
        self._include_toggled(self.include.isChecked())

    def _save_language(self, index: int) -> None:
        dossiers.set_language(self.ws, self.dossier_id, self.language.itemData(index))
        self.changed.emit()

    def _include_toggled(self, checked: bool) -> None:
        self.include_warning.setText(
            _(
                "Sensitive items will be in the documents. Anyone who reads them, or "
                "finds the file, will see them."
            )
            if checked
            else ""
        )
        self.include_warning.setVisible(checked)
        a11y.announce(self.include_warning, self.include_warning.text(), assertive=True)

    # ---- exporting
    def export(self, key: str) -> Path | None:
        """Ask where to save, render in a worker thread, and report on the page;
        returns the file."""
        self.flush()
        show_error(self.error, None)
        if not self.dossier.get("safety_reviewed_at"):
            show_error(
                self.error, _("Confirm the safety check (step 8) before exporting anything.")
            )
            return None
        if key == "bundle":
            ext, filt = "untoc", _("UNTOC bundles (*.untoc)")
        else:
            ext = self.format.currentData()
            filt = _("PDF documents (*.pdf)") if ext == "pdf" else _("Word documents (*.docx)")
        name = (
            bundle_file_name()
            if key == "bundle"
            else document_file_name(key, self.language.currentData() or "en", ext)
        )
        kind = folders.BUNDLES if key == "bundle" else folders.DOCUMENTS
        suggested = folders.start_path(kind, name)
        path, _selected = QFileDialog.getSaveFileName(self, _(EXPORTS[key]), suggested, filt)
        if not path:
            return None
        folders.remember(kind, path)
        out = Path(path)
        if out.suffix.lower() != f".{ext}":
            out = out.with_name(out.name + f".{ext}")
        try:
            if key == "bundle":
                run_task(
                    self,
                    _("Writing the bundle…"),
                    export_service.export_bundle_in_worker,
                    WorkspaceRef.of(self.ws),
                    [self.dossier_id],
                    out,
                    passphrase=self.passphrase.text() or None,
                    include_sensitive=self.include.isChecked(),
                )
            else:
                out = (
                    run_task(
                        self,
                        _("Writing the document…"),
                        export_service.render_in_worker,
                        WorkspaceRef.of(self.ws),
                        self.dossier_id,
                        key,
                        ext,
                        self.language.currentData(),
                        out,
                        include_sensitive=self.include.isChecked(),
                        properties=self.properties.isChecked(),
                    )
                    or out
                )
        except CancelledError:
            self.result.setText(_("Cancelled. Nothing was written."))
            a11y.announce(self.result, self.result.text())
            return None
        except UserError as exc:
            show_error(self.error, str(exc))
            return None
        except Exception as exc:  # noqa: BLE001 - shown next to the buttons rather than crashing the app
            show_error(self.error, _("The export failed: {reason}").format(reason=exc))
            return None
        self._show_saved(out)
        self.changed.emit()
        return out
