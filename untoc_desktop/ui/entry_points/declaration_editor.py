"""The editor of a joint declaration: its sections, its signatories and their endorsements.

A coordinating office writes the text and sends it for endorsement in a bundle; a partner office
that imported it records its own endorsement here ("Endorse as this office"), which signs the text
it read with the office key, and sends a bundle back. The status column tells the coordinator which
signatures are verified and which signatories must be asked again because the text changed since.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.core import declaration as decl
from untoc_desktop.core.errors import UserError
from untoc_desktop.core.reference import load as load_reference
from untoc_desktop.i18n import N_, _, current_language, ngettext
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui import theme
from untoc_desktop.ui.entry_points.common import EditorFrame, language_combo, select_data
from untoc_desktop.ui.entry_points.models import SectionsModel, SignatoriesModel
from untoc_desktop.ui.wizard.channels import channel_note
from untoc_desktop.ui.wizard.common import Autosaver, error_label, set_plain_text, show_error


def _endorsements(ws: Workspace, dossier_id: str) -> list[decl.Endorsement]:
    """Statuses from the bundles package when it is there; without it, nothing can be verified."""
    try:
        from untoc_desktop.bundles.endorsements import endorsements
    except ImportError:
        current = decl.text_hash(ws, dossier_id)
        return [
            decl.Endorsement(r, decl.endorsement_status(r, current, lambda _r: None))
            for r in decl.signatories(ws, dossier_id)
        ]
    return endorsements(ws, dossier_id)


class DeclarationEditor(EditorFrame, QWidget):
    document = "declaration"
    untitled = N_("declaration")

    dossier_changed = Signal(str)
    close_requested = Signal()
    #: The user asked to send the declaration to partner offices (the main window exports a bundle).
    send_requested = Signal(str)

    def __init__(self, ws: Workspace, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.dossier_id = ws, dossier_id
        self.autosaver = Autosaver(self)
        self.autosaver.saved.connect(self._after_save)
        self._section_id: str | None = None
        self._build()
        self.load()
        self.retranslate()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        top = self._build_header()

        self.title_edit = QLineEdit()
        self.language = language_combo()
        self.title_label, self.language_label = QLabel(), QLabel()
        self.title_label.setBuddy(self.title_edit)
        self.language_label.setBuddy(self.language)
        head = QFormLayout()
        head.addRow(self.title_label, self.title_edit)
        head.addRow(self.language_label, self.language)

        # sections
        self.sections_model = SectionsModel(self)
        self.sections_view = QListView()
        self.sections_view.setModel(self.sections_model)
        self.sections_view.selectionModel().currentChanged.connect(
            lambda cur, _prev: self._show_section(cur)
        )
        self.add_section_button, self.remove_section_button = QPushButton(), QPushButton()
        self.up_button, self.down_button = QPushButton(), QPushButton()
        self.add_section_button.clicked.connect(self.add_section)
        self.remove_section_button.clicked.connect(self.remove_section)
        self.up_button.clicked.connect(lambda: self.move_section(-1))
        self.down_button.clicked.connect(lambda: self.move_section(1))
        self.section_title = QLineEdit()
        self.section_text = QPlainTextEdit()
        self.section_text.setTabChangesFocus(True)
        self.section_title_label, self.section_text_label = QLabel(), QLabel()
        self.section_title_label.setBuddy(self.section_title)
        self.section_text_label.setBuddy(self.section_text)
        list_box = QVBoxLayout()
        list_box.addWidget(self.sections_view, 1)
        buttons = QHBoxLayout()
        for button in (
            self.add_section_button,
            self.remove_section_button,
            self.up_button,
            self.down_button,
        ):
            buttons.addWidget(button)
        list_box.addLayout(buttons)
        text_box = QVBoxLayout()
        text_box.addWidget(self.section_title_label)
        text_box.addWidget(self.section_title)
        text_box.addWidget(self.section_text_label)
        text_box.addWidget(self.section_text, 1)
        self.sections_group = QGroupBox()
        sections_layout = QHBoxLayout(self.sections_group)
        sections_layout.addLayout(list_box, 1)
        sections_layout.addLayout(text_box, 2)

        # signatories
        self.signatories_model = SignatoriesModel(self)
        self.signatories_view = QTableView()
        self.signatories_view.setModel(self.signatories_model)
        self.signatories_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.signatories_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.signatories_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive
        )
        self.signatories_view.horizontalHeader().setStretchLastSection(True)
        self.renewal_label = QLabel()
        self.renewal_label.setWordWrap(True)
        theme.set_role(self.renewal_label, "warning")
        self.kind_combo = QComboBox()
        for kind in decl.SIGNATORY_KINDS:
            self.kind_combo.addItem("", kind)
        self.name_edit = QLineEdit()
        self.country_combo = QComboBox()
        self.agreed_on_edit = QLineEdit()
        self.agreed_on_edit.setPlaceholderText("2026-03-05")
        self.agreed_how_edit = QLineEdit()
        self.sensitive_check = QCheckBox()
        self.add_signatory_button = QPushButton()
        self.add_signatory_button.clicked.connect(self.add_signatory)
        self.signatory_error = error_label()
        self.remove_signatory_button, self.endorse_button = QPushButton(), QPushButton()
        self.send_button, self.export_button = QPushButton(), QPushButton()
        self.remove_signatory_button.clicked.connect(self.remove_signatory)
        self.endorse_button.clicked.connect(self.endorse_selected)
        self.send_button.clicked.connect(self._send)
        self.export_button.clicked.connect(self.export)
        self.signatory_labels = {
            k: QLabel() for k in ("kind", "name", "country", "agreed_on", "agreed_how")
        }
        form = QFormLayout()
        for key, widget in (
            ("kind", self.kind_combo),
            ("name", self.name_edit),
            ("country", self.country_combo),
            ("agreed_on", self.agreed_on_edit),
            ("agreed_how", self.agreed_how_edit),
        ):
            self.signatory_labels[key].setBuddy(widget)
            form.addRow(self.signatory_labels[key], widget)
        form.addRow("", self.sensitive_check)
        form.addRow("", self.add_signatory_button)
        form.addRow("", self.signatory_error)
        actions = QHBoxLayout()
        for button in (
            self.remove_signatory_button,
            self.endorse_button,
            self.send_button,
            self.export_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        self.signatories_group = QGroupBox()
        sig_layout = QVBoxLayout(self.signatories_group)
        upper = QHBoxLayout()
        upper.addWidget(self.signatories_view, 3)
        upper.addLayout(form, 2)
        sig_layout.addLayout(upper, 1)
        sig_layout.addWidget(self.renewal_label)
        sig_layout.addLayout(actions)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.sections_group)
        splitter.addWidget(self.signatories_group)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(head)
        # The plenary this declaration goes to: what rule 17(3) lets an organization do there.
        self.rule_note = QLabel()
        self.rule_note.setWordWrap(True)
        self.rule_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.rule_note)
        layout.addWidget(splitter, 1)

        self.autosaver.bind_line(
            self.title_edit, lambda v: dossiers.set_title(self.ws, self.dossier_id, v)
        )
        self.autosaver.bind_line(self.section_title, self._save_section_title)
        self.autosaver.bind_text(self.section_text, self._save_section_text)
        self.language.currentIndexChanged.connect(self._save_language)

    # ------------------------------------------------------------------ data
    def load(self) -> None:
        row = decl.declaration(self.ws, self.dossier_id)
        self.title_edit.setText(row["title"])
        self.language.blockSignals(True)
        select_data(self.language, row["language"])
        self.language.blockSignals(False)
        self._fill_countries()
        self.refresh_sections()
        self.refresh_signatories()

    def _fill_countries(self) -> None:
        ref, lang = load_reference(), current_language()
        current = self.country_combo.currentData()
        self.country_combo.blockSignals(True)
        self.country_combo.clear()
        self.country_combo.addItem(_("(none)"), "")
        for state in ref.sorted_states(lang):
            self.country_combo.addItem(ref.country_name(state.iso2, lang), state.iso2)
        select_data(self.country_combo, current or "")
        self.country_combo.blockSignals(False)

    def refresh_sections(self, select: str | None = None) -> None:
        rows = decl.sections(self.ws, self.dossier_id)
        self.sections_model.set_rows(rows)
        target = select or self._section_id
        index = next((i for i, r in enumerate(rows) if r["id"] == target), 0 if rows else -1)
        if index >= 0:
            self.sections_view.selectionModel().setCurrentIndex(
                self.sections_model.index(index), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self._show_section(self.sections_model.index(index))
        else:
            self._show_section(None)

    def _show_section(self, index) -> None:  # noqa: ANN001 - QModelIndex or None
        self.autosaver.flush()
        section_id = (
            index.data(Qt.ItemDataRole.UserRole) if index is not None and index.isValid() else None
        )
        self._section_id = section_id
        row = dossiers.DECLARATION_SECTIONS.get(self.ws, section_id) if section_id else None
        self.section_title.setEnabled(row is not None)
        self.section_text.setEnabled(row is not None)
        self.section_title.setText(row["title"] if row else "")
        set_plain_text(self.section_text, row["text"] if row else "")

    def refresh_signatories(self) -> None:
        rows = _endorsements(self.ws, self.dossier_id)
        self.signatories_model.set_rows(rows)
        again = sum(1 for e in rows if e.status == "needs_renewal")
        self.renewal_label.setText(
            ngettext(
                "{count} signatory signed an earlier text: ask them again.",
                "{count} signatories signed an earlier text: ask them again.",
                again,
            ).format(count=again)
            if again
            else ""
        )
        self.renewal_label.setVisible(bool(again))

    def _after_save(self) -> None:
        self.refresh_signatories()
        self.dossier_changed.emit(self.dossier_id)

    def _save_section_title(self, value: str) -> None:
        if self._section_id:
            dossiers.DECLARATION_SECTIONS.update(self.ws, self._section_id, title=value)
            row = next(
                (i for i, r in enumerate(self.sections_model.rows) if r["id"] == self._section_id),
                None,
            )
            if row is not None:
                self.sections_model.rows[row]["title"] = value
                index = self.sections_model.index(row)
                self.sections_model.dataChanged.emit(index, index)

    def _save_section_text(self, value: str) -> None:
        if self._section_id:
            dossiers.DECLARATION_SECTIONS.update(self.ws, self._section_id, text=value)

    def _save_language(self, _index: int) -> None:
        dossiers.set_language(self.ws, self.dossier_id, self.language.currentData())
        self.dossier_changed.emit(self.dossier_id)

    # ------------------------------------------------------------------ sections
    def add_section(self) -> None:
        self.autosaver.flush()
        section = decl.add_section(self.ws, self.dossier_id, _("New section"))
        self.refresh_sections(select=section)
        self.refresh_signatories()
        self.section_title.setFocus()
        self.section_title.selectAll()

    def remove_section(self) -> None:
        if not self._section_id:
            return
        self.autosaver.flush()
        dossiers.DECLARATION_SECTIONS.delete(self.ws, self._section_id)
        self._section_id = None
        self.refresh_sections()
        self.refresh_signatories()

    def move_section(self, offset: int) -> None:
        if not self._section_id:
            return
        self.autosaver.flush()
        decl.move_section(self.ws, self._section_id, offset)
        self.refresh_sections(select=self._section_id)
        self.refresh_signatories()

    # ------------------------------------------------------------------ signatories
    def add_signatory(self) -> str | None:
        try:
            signatory = decl.add_signatory(
                self.ws,
                self.dossier_id,
                kind=self.kind_combo.currentData(),
                name=self.name_edit.text(),
                country=self.country_combo.currentData() or "",
                agreed_on=self.agreed_on_edit.text(),
                agreed_how=self.agreed_how_edit.text(),
                sensitive=self.sensitive_check.isChecked(),
            )
        except UserError as exc:
            show_error(self.signatory_error, str(exc))
            return None
        show_error(self.signatory_error, None)
        for edit in (self.name_edit, self.agreed_on_edit, self.agreed_how_edit):
            edit.clear()
        self.sensitive_check.setChecked(False)
        self.refresh_signatories()
        self.dossier_changed.emit(self.dossier_id)
        self.name_edit.setFocus()
        return signatory

    def selected_signatory(self) -> str | None:
        index = self.signatories_view.currentIndex()
        return index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None

    def remove_signatory(self) -> None:
        signatory = self.selected_signatory()
        if signatory:
            dossiers.SIGNATORIES.delete(self.ws, signatory)
            self.refresh_signatories()
            self.dossier_changed.emit(self.dossier_id)

    def endorse_selected(self) -> None:
        """Record the selected signatory's endorsement, signed with this office's key."""
        signatory = self.selected_signatory()
        title = _("Endorse")
        if not signatory:
            QMessageBox.information(
                self, title, _("Select the signatory who endorses the declaration.")
            )
            return
        self.autosaver.flush()
        from untoc_desktop.bundles.endorsements import endorse

        try:
            endorse(self.ws, signatory)
        except UserError as exc:
            QMessageBox.warning(self, title, str(exc))
            return
        self.refresh_signatories()
        self.dossier_changed.emit(self.dossier_id)

    def _send(self) -> None:
        self.autosaver.flush()
        self.send_requested.emit(self.dossier_id)

    # ------------------------------------------------------------------ language and lifetime
    def retranslate(self) -> None:
        self.back_button.setText(_("← Dossiers"))
        self.back_button.setAccessibleName(_("Back to the list of dossiers"))
        self.heading.setText(_("Joint declaration"))
        self.rule_note.setText(channel_note("rule_17_3", current_language()))
        self.title_label.setText(_("&Title:"))
        self.language_label.setText(_("Document &language:"))
        self.sections_group.setTitle(_("Sections"))
        self.add_section_button.setText(_("Add section"))
        self.remove_section_button.setText(_("Remove"))
        self.up_button.setText(_("Up"))
        self.down_button.setText(_("Down"))
        self.section_title_label.setText(_("Section title:"))
        self.section_text_label.setText(_("Section text:"))
        self.signatories_group.setTitle(_("Signatories"))
        for i, label in enumerate(decl.SIGNATORY_KINDS.values()):
            self.kind_combo.setItemText(i, _(label))
        for key, text in (
            ("kind", _("Kind:")),
            ("name", _("&Name:")),
            ("country", _("Country:")),
            ("agreed_on", _("Agreed on:")),
            ("agreed_how", _("How they agreed:")),
        ):
            self.signatory_labels[key].setText(text)
        self.sensitive_check.setText(_("Sensitive (left out of exports unless included)"))
        self.add_signatory_button.setText(_("Add signatory"))
        self.remove_signatory_button.setText(_("Remove signatory"))
        self.endorse_button.setText(_("Endorse as this office"))
        self.send_button.setText(_("Send for endorsement…"))
        self.export_button.setText(_("E&xport PDF or Word…"))
        for widget, name in (
            (self.title_edit, _("Title of the declaration")),
            (self.language, _("Document language")),
            (self.sections_view, _("Sections of the declaration")),
            (self.add_section_button, _("Add section")),
            (self.remove_section_button, _("Remove the selected section")),
            (self.up_button, _("Move the section up")),
            (self.down_button, _("Move the section down")),
            (self.section_title, _("Section title")),
            (self.section_text, _("Section text")),
            (self.signatories_view, _("Signatories and their endorsements")),
            (self.kind_combo, _("Organization or individual")),
            (self.name_edit, _("Name of the signatory")),
            (self.country_combo, _("Country of the signatory")),
            (self.agreed_on_edit, _("Date they agreed (year-month-day)")),
            (self.agreed_how_edit, _("How they agreed")),
            (self.sensitive_check, _("Sensitive")),
            (self.add_signatory_button, _("Add signatory")),
            (self.remove_signatory_button, _("Remove the selected signatory")),
            (self.endorse_button, _("Endorse the declaration as this office")),
            (self.send_button, _("Send the declaration for endorsement in a bundle")),
            (self.export_button, _("Export the declaration")),
        ):
            widget.setAccessibleName(name)
        self._fill_countries()
        self.refresh_signatories()
        self.sections_model.layoutChanged.emit()
