"""Step 2, your country: choose the State, see what it is party to and where
it stands in the review.

Shipped facts keep their verification status all the way to the screen ("unknown" never reads as
"not a party"), and the user can correct any of them: the correction is stored in the workspace and
laid over the shipped data (``core.state_facts``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from untoc_desktop.core import state_facts
from untoc_desktop.core import timeline as review_timeline
from untoc_desktop.core.reference import load as load_reference
from untoc_desktop.i18n import N_, _, current_language
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui.widgets.empty_state import attach as attach_empty
from untoc_desktop.ui.widgets.timeline import TimelineView
from untoc_desktop.ui.wizard.common import StepPage, error_label, show_error, wrapped
from untoc_desktop.ui.wizard.models import configure_table, fit_columns

PARTY_LABELS = {
    "party": N_("Party"),
    "not_party": N_("Not a party"),
    "unknown": N_("Unknown (this does not mean “not a party”)"),
}
SURENESS = {
    "verified": N_("Verified"),
    "secondary": N_("From a secondary source, not verified"),
    "inferred": N_("Inferred, not verified"),
    "unknown": N_("Unknown"),
    "unverified": N_("Not verified"),
    "corrected": N_("Corrected by you"),
}


class CountryPage(StepPage):
    def __init__(self, ws: Workspace, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ws, dossier_id, 2, parent)
        self.ref = load_reference()
        self.state = QComboBox()
        self.state.setEditable(True)
        self.state.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.state.setMinimumContentsLength(24)
        completer = QCompleter(self.state.model(), self.state)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.state.setCompleter(completer)
        self.state.activated.connect(self._on_activated)
        self.state.lineEdit().editingFinished.connect(self._on_typed)
        self.state_label = QLabel()
        self.state_label.setBuddy(self.state)
        self.state_error = error_label()
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.state_label, self.state)
        form.addRow("", self.state_error)
        self.content.addLayout(form)

        self.instruments_heading = _heading()
        self.instruments = QStandardItemModel(0, 3, self)
        self.instruments_view = QTableView()
        self.instruments_view.setModel(self.instruments)
        configure_table(self.instruments_view)
        self.instruments_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        fit_columns(self.instruments_view, 2)
        self.instruments_view.setMinimumHeight(140)
        attach_empty(
            self.instruments_view,
            lambda: _(
                "Choose a State above: the instruments it is party to appear here, "
                "with how sure the app is."
            ),
            lambda: _("Choose a State"),
            self.state.setFocus,
            "globe",
        )
        self.content.addWidget(self.instruments_heading)
        self.content.addWidget(self.instruments_view)

        self.review_heading = _heading()
        self.review_text = wrapped()
        self.timeline = QStandardItemModel(0, 3, self)
        self.timeline_view = QTableView()
        self.timeline_view.setModel(self.timeline)
        configure_table(self.timeline_view)
        self.timeline_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        fit_columns(self.timeline_view, 1)
        self.timeline_view.setMinimumHeight(150)
        self.content.addWidget(self.review_heading)
        self.content.addWidget(self.review_text)
        self.timeline_picture = TimelineView()
        self.content.addWidget(self.timeline_picture)
        self.content.addWidget(self.timeline_view)

        self.correct_box = QGroupBox()
        self.correct_help = wrapped()
        self.field = QComboBox()
        self.field.currentIndexChanged.connect(self._fill_values)
        self.value = QComboBox()
        self.note = QLineEdit()
        self.save_correction = QPushButton()
        self.save_correction.clicked.connect(self._on_correct)
        self.correct_error = error_label()
        self.correct_done = wrapped()
        self.field_label, self.value_label, self.note_label = QLabel(), QLabel(), QLabel()
        for label, widget in (
            (self.field_label, self.field),
            (self.value_label, self.value),
            (self.note_label, self.note),
        ):
            label.setBuddy(widget)
        box = QFormLayout(self.correct_box)
        box.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        box.addRow(self.correct_help)
        box.addRow(self.field_label, self.field)
        box.addRow(self.value_label, self.value)
        box.addRow(self.note_label, self.note)
        row = QHBoxLayout()
        row.addWidget(self.save_correction)
        row.addStretch(1)
        box.addRow(row)
        box.addRow(self.correct_error)
        box.addRow(self.correct_done)
        self.content.addWidget(self.correct_box)
        self.content.addStretch(1)
        self.retranslate()

    # ---- texts
    def retranslate_page(self) -> None:
        self.state_label.setText(_("&State under review:"))
        self.state.setAccessibleName(_("State under review (type to search)"))
        self.state.lineEdit().setPlaceholderText(_("Type part of the name to search"))
        self.instruments_heading.setText(_("Instruments this State is party to"))
        self.instruments_view.setAccessibleName(_("Instruments and party status"))
        self.instruments.setHorizontalHeaderLabels([_("Instrument"), _("Status"), _("How sure")])
        self.review_heading.setText(_("Where it stands in the review"))
        self.timeline_view.setAccessibleName(_("Review timeline"))
        self.timeline.setHorizontalHeaderLabels([_("Years"), _("Phase"), _("How sure")])
        self.correct_box.setTitle(_("Correct this"))
        self.correct_help.setText(
            _(
                "If you know that something above is wrong, correct it here. Your "
                "correction is used in this app and its documents instead of the shipped data."
            )
        )
        self.field_label.setText(_("&Fact:"))
        self.field.setAccessibleName(_("Fact to correct"))
        self.value_label.setText(_("Correct &value:"))
        self.value.setAccessibleName(_("Correct value"))
        self.note_label.setText(_("&Source or note:"))
        self.note.setAccessibleName(_("Source or note for the correction"))
        self.note.setPlaceholderText(_("For example: instrument of accession deposited in 2024"))
        self.save_correction.setText(_("Save the c&orrection"))
        self.save_correction.setAccessibleName(_("Save the correction"))
        current = self.field.currentIndex()
        self.field.blockSignals(True)
        self.field.clear()
        self.field.addItem(_("Review group"), state_facts.REVIEW_GROUP_FIELD)
        for instrument in self.ref.instruments():
            self.field.addItem(
                _("Party status: {instrument}").format(
                    instrument=instrument.short_name(current_language())
                ),
                state_facts.party_field(instrument.code),
            )
        self.field.setCurrentIndex(max(current, 0))
        self.field.blockSignals(False)
        self._fill_values()
        self._fill_states()
        self.reload()

    def _fill_states(self) -> None:
        lang = current_language()
        self.state.blockSignals(True)
        self.state.clear()
        for state in self.ref.sorted_states(lang):
            self.state.addItem(self.ref.country_name(state.iso2, lang), state.iso2)
        self.state.setCurrentIndex(self.state.findData(self.dossier.get("country", "")))
        self.state.blockSignals(False)

    def _fill_values(self) -> None:
        self.value.clear()
        if self.field.currentData() == state_facts.REVIEW_GROUP_FIELD:
            for n in (1, 2, 3):
                self.value.addItem(_("Group {number}").format(number=n), str(n))
        else:
            for status in state_facts.PARTY_STATUSES:
                self.value.addItem(_(PARTY_LABELS[status]), status)

    # ---- choosing the State
    def _on_activated(self, index: int) -> None:
        self._save_state(self.state.itemData(index))

    def _on_typed(self) -> None:
        text = self.state.currentText().strip()
        if not text:
            return
        index = self.state.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            show_error(
                self.state_error,
                _(
                    "No State is called “{text}”. Type part of the name and choose from the list."
                ).format(text=text),
            )
            return
        self.state.setCurrentIndex(index)
        self._save_state(self.state.itemData(index))

    def _save_state(self, iso2: str | None) -> None:
        if not iso2:
            return
        show_error(self.state_error, None)
        if iso2 != self.dossier.get("country"):
            dossiers.set_country(self.ws, self.dossier_id, iso2)
            self.changed.emit()
        self.reload()

    # ---- the facts
    def reload(self) -> None:
        iso2 = self.dossier.get("country", "")
        if self.state.currentData() != iso2:
            self.state.blockSignals(True)
            self.state.setCurrentIndex(self.state.findData(iso2))
            self.state.blockSignals(False)
        self.instruments.setRowCount(0)
        self.timeline.setRowCount(0)
        self.correct_box.setEnabled(bool(iso2))
        self.timeline_view.setVisible(False)
        self.timeline_picture.setVisible(bool(iso2))
        if iso2:
            self.timeline_picture.set_timeline(
                review_timeline.for_state(self.ws, iso2, self.dossier_id)
            )
        if not iso2:
            self.review_text.setText(
                _("Choose a State to see its instruments and its place in the review.")
            )
            return
        lang = current_language()
        for fact in state_facts.party_facts(self.ws, iso2, self.ref):
            sure = (
                "corrected" if fact.corrected else ("verified" if fact.verified else "unverified")
            )
            how = _(SURENESS[sure]) + (f" — {fact.note}" if fact.note else "")
            self.instruments.appendRow(
                [
                    _item(self.ref.instrument(fact.instrument).short_name(lang)),
                    _item(_(PARTY_LABELS[fact.status])),
                    _item(how),
                ]
            )
        group = state_facts.review_group(self.ws, iso2, self.ref)
        if group.group is None:
            self.review_text.setText(
                _(
                    "Review group: unknown. The results of the drawing of lots were not "
                    "found; if you know the group, correct it below."
                )
            )
            return
        lines = [
            _("Review group: {group} ({sure}).").format(
                group=group.group, sure=_(SURENESS[group.status])
            )
        ]
        phases = self.ref.review_timeline(group.group)
        current = state_facts.current_phase(phases)
        if current is not None and current.cluster:
            cluster = self.ref.cluster(current.cluster)
            lines.append(
                _(
                    "Cluster under review in theory this year: {name}. The real process is often "
                    "late; check with the focal point."
                ).format(name=cluster.name(lang))
            )
        self.review_text.setText(" ".join(lines))
        self.timeline_view.setVisible(True)
        for phase in phases:
            name = (
                _("Preparatory phase")
                if phase.kind == "preparatory"
                else self.ref.cluster(phase.cluster).name(lang)
                if phase.cluster
                else ""
            )
            years = f"{phase.start[:4]}–{phase.end[:4]}"
            self.timeline.appendRow(
                [_item(years), _item(name), _item(_(SURENESS.get(phase.status, phase.status)))]
            )

    def _on_correct(self) -> None:
        iso2 = self.dossier.get("country", "")
        if not iso2:
            show_error(self.correct_error, _("Choose a State first."))
            return
        if self.value.currentData() is None:
            show_error(self.correct_error, _("Choose the correct value."))
            return
        show_error(self.correct_error, None)
        self.ws.correct_state(
            iso2, self.field.currentData(), self.value.currentData(), self.note.text().strip()
        )
        self.correct_done.setText(_("Saved. Your correction now replaces the shipped data."))
        self.reload()
        self.changed.emit()


def _heading() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _item(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setToolTip(text)
    return item
