"""Step 2, your country: choose the State, see what it is party to and where
it stands in the review.

Shipped facts keep their verification status all the way to the screen ("unknown" never reads as
"not a party"), and the user can correct any of them: the correction is stored in the workspace and
laid over the shipped data (``core.state_facts``).
"""

from __future__ import annotations

import re
from datetime import date

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
from untoc_desktop.core.typography import long_date as written_date
from untoc_desktop.i18n import N_, _, current_language
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui import a11y
from untoc_desktop.ui.widgets.empty_state import attach as attach_empty
from untoc_desktop.ui.widgets.timeline import TimelineView
from untoc_desktop.ui.wizard.channels import ChannelsView
from untoc_desktop.ui.wizard.common import StepPage, error_label, show_error, wrapped
from untoc_desktop.ui.wizard.models import configure_table, fit_columns

PARTY_LABELS = {
    "party": N_("Party"),
    "signatory": N_("Signatory, not a party"),
    "not_party": N_("Not a party"),
    "unknown": N_("Unknown (this does not mean “not a party”)"),
}
ACTION_LABELS = {
    "ratification": N_("ratification"),
    "accession": N_("accession"),
    "acceptance": N_("acceptance"),
    "approval": N_("approval"),
    "succession": N_("succession"),
}
CONFIDENCE_LABELS = {
    "high": N_("High (the depositary's table)"),
    "medium": N_("Medium"),
    "low": N_("Low (no later source found)"),
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
        self.instruments_note = _selectable(wrapped())
        self.content.addWidget(self.instruments_heading)
        self.content.addWidget(self.instruments_view)
        self.content.addWidget(self.instruments_note)

        self.review_heading = _heading()
        self.facts_text = _selectable(wrapped())
        self.review_text = _selectable(wrapped())
        self.stage_box = QGroupBox()
        self.stage_help = wrapped()
        self.stage = QComboBox()
        self.stage_cluster = QComboBox()
        self.stage_note = QLineEdit()
        self.save_stage = QPushButton()
        self.save_stage.clicked.connect(self._on_stage)
        self.stage_done = wrapped()
        self.advice = wrapped()
        self.stage_label, self.stage_cluster_label, self.stage_note_label = (
            QLabel(),
            QLabel(),
            QLabel(),
        )
        stage_form = QFormLayout(self.stage_box)
        stage_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        stage_form.addRow(self.stage_help)
        for label, widget in (
            (self.stage_label, self.stage),
            (self.stage_cluster_label, self.stage_cluster),
            (self.stage_note_label, self.stage_note),
        ):
            label.setBuddy(widget)
            stage_form.addRow(label, widget)
        stage_row = QHBoxLayout()
        stage_row.addWidget(self.save_stage)
        stage_row.addStretch(1)
        stage_form.addRow(stage_row)
        stage_form.addRow(self.stage_done)
        stage_form.addRow(self.advice)
        self.check_heading = _heading()
        self.check_view = ChannelsView("review_status")
        self.check_view.setMinimumHeight(170)
        self.plan_heading = _heading()
        self.plan_note = wrapped()
        self.timeline = QStandardItemModel(0, 3, self)
        self.timeline_view = QTableView()
        self.timeline_view.setModel(self.timeline)
        configure_table(self.timeline_view)
        self.timeline_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        fit_columns(self.timeline_view, 1)
        self.timeline_view.setMinimumHeight(150)
        self.content.addWidget(self.review_heading)
        self.content.addWidget(self.facts_text)
        self.content.addWidget(self.review_text)
        self.content.addWidget(self.stage_box)
        self.content.addWidget(self.check_heading)
        self.content.addWidget(self.check_view)
        self.content.addWidget(self.plan_heading)
        self.content.addWidget(self.plan_note)
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
        self.state.setAccessibleDescription(_("State under review (type to search)"))
        self.state.lineEdit().setPlaceholderText(_("Type part of the name to search"))
        self.instruments_heading.setText(_("Instruments and party status"))
        self.instruments_view.setAccessibleName(_("Instruments and party status"))
        self.instruments_note.setText(
            _(
                "Dates are those of the deposit of the instrument with the UN Secretary-General. "
                "“Unknown” means that no source after 2014 was found: it does not mean “not a "
                "party”. Confirm on the UN Treaty Collection (treaties.un.org, chapter XVIII, "
                "12 to 12.c); the source of each line is in its tooltip and in Help → About."
            )
        )
        self.instruments.setHorizontalHeaderLabels([_("Instrument"), _("Status"), _("How sure")])
        self.review_heading.setText(_("Where it stands in the review"))
        self.timeline_view.setAccessibleName(_("Review timeline"))
        self.timeline.setHorizontalHeaderLabels([_("Planned years"), _("Phase"), _("How sure")])
        self.stage_box.setTitle(_("Where your State's review really is"))
        self.stage_help.setText(
            _(
                "Record what you learn from the focal point, SHERLOC or the review's pages. The "
                "picture and the advice below follow what you record, not the plan."
            )
        )
        self.stage_label.setText(_("S&tage:"))
        self.stage.setAccessibleDescription(_("Stage of the State's review"))
        self.stage_cluster_label.setText(_("Cl&uster being reviewed:"))
        self.stage_note_label.setText(_("Source or &date:"))
        self.stage_note.setAccessibleDescription(_("Source or date of the stage"))
        self.stage_note.setPlaceholderText(_("For example: focal point's email of 3 March 2026"))
        self.save_stage.setText(_("Record the st&age"))
        self.save_stage.setAccessibleName(_("Record the stage"))
        lang = current_language()
        self.stage.blockSignals(True)
        self.stage.clear()
        self.stage.addItem(_("Not recorded"), "")
        for stage in state_facts.REVIEW_STAGES:
            self.stage.addItem(_(state_facts.STAGE_LABELS[stage]), stage)
        self.stage.blockSignals(False)
        self.stage_cluster.clear()
        self.stage_cluster.addItem(_("Not recorded"), 0)
        for cluster in self.ref.clusters():
            self.stage_cluster.addItem(
                _("Cluster {number}: {name}").format(
                    number=cluster.number, name=cluster.short_name(lang)
                ),
                cluster.number,
            )
        self.check_heading.setText(_("Where to check"))
        self.plan_heading.setText(_("The planned calendar: a plan, not where the review is"))
        self.plan_note.setText(
            _(
                "The calendar below is the one planned in 2018 (the guide's Figure 2): a "
                "preparatory phase, then one cluster every two years, each group starting a year "
                "after the previous one. The reviews run years behind it; rely on the dated facts "
                "above and on the stage you record."
            )
        )
        self.correct_box.setTitle(_("Correct this"))
        self.correct_help.setText(
            _(
                "If you know that something above is wrong, correct it here. Your "
                "correction is used in this app and its documents instead of the shipped data."
            )
        )
        self.field_label.setText(_("&Fact:"))
        self.field.setAccessibleDescription(_("Fact to correct"))
        self.value_label.setText(_("Correct &value:"))
        self.note_label.setText(_("&Source or note:"))
        self.note.setAccessibleDescription(_("Source or note for the correction"))
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
        self.stage_box.setEnabled(bool(iso2))
        self.timeline_view.setVisible(False)
        self.timeline_picture.setVisible(bool(iso2))
        if iso2:
            self.timeline_picture.set_timeline(
                review_timeline.for_state(self.ws, iso2, self.dossier_id)
            )
        lang = current_language()
        self.facts_text.setText(self._facts_text(lang))
        if not iso2:
            self.review_text.setText(
                _("Choose a State to see its instruments and its place in the review.")
            )
            self.advice.clear()
            return
        for fact in state_facts.party_facts(self.ws, iso2, self.ref):
            row = [
                _item(self.ref.instrument(fact.instrument).short_name(lang)),
                _item(_status_text(fact, lang)),
                _item(_sureness_text(fact, lang)),
            ]
            tip = (
                _("Your correction: {note}").format(note=fact.note or "—")
                if fact.corrected
                else _("Source: {source}").format(source=fact.source)
            )
            for item in row:
                item.setToolTip(f"{item.text()}\n\n{tip}")
            self.instruments.appendRow(row)
        self.review_text.setText(self._group_text(iso2, lang))
        stage = state_facts.review_stage(self.ws, iso2)
        self.stage.setCurrentIndex(max(0, self.stage.findData(stage.stage or "")))
        self.stage_cluster.setCurrentIndex(max(0, self.stage_cluster.findData(stage.cluster or 0)))
        if not self.stage_note.hasFocus():
            self.stage_note.setText(stage.note)
        self.advice.setText(_("What to do now: {advice}").format(advice=_(stage.advice)))
        group = state_facts.review_group(self.ws, iso2, self.ref)
        if group.group is None:
            return
        self.timeline_view.setVisible(True)
        for phase in self.ref.review_timeline(group.group):
            name = (
                _("Preparatory phase")
                if phase.kind == "preparatory"
                else self.ref.cluster(phase.cluster).name(lang)
                if phase.cluster
                else ""
            )
            years = f"{phase.start[:4]}–{phase.end[:4]}"
            sure = _(SURENESS.get(phase.status, phase.status))
            if phase.status == "inferred":
                sure = _("Planned only, not verified")
            self.timeline.appendRow([_item(years), _item(name), _item(sure)])

    def _facts_text(self, lang: str) -> str:
        lines = [_("What is known about the review, with the date each fact held:")]
        for fact in sorted(self.ref.review_facts(), key=lambda f: f.as_of, reverse=True):
            lines.append(
                "• "
                + _("{fact} (as of {date}; {sure}).").format(
                    fact=fact.text(lang).rstrip("."),
                    date=as_of_text(fact.as_of, lang),
                    sure=_(SURENESS.get(fact.status, fact.status)).lower(),
                )
            )
        return "\n".join(lines)

    def _group_text(self, iso2: str, lang: str) -> str:
        group = state_facts.review_group(self.ws, iso2, self.ref)
        meaning = _(
            "The States parties were drawn by lot into three groups that start their reviews one "
            "year apart; every group starts with cluster I, criminalization and jurisdiction."
        )
        if group.group is None:
            return " ".join(
                (
                    _(
                        "Review group: unknown. The results of the drawing of lots were not "
                        "found; if you know the group, correct it below."
                    ),
                    meaning,
                )
            )
        lines = [
            _("Review group: {group} ({sure}).").format(
                group=group.group, sure=_(SURENESS[group.status])
            ),
            meaning,
        ]
        for info in self.ref.review_groups():
            if info.number == group.group:
                lines.append(
                    _("Group {number} started in {year} ({sure}).").format(
                        number=info.number,
                        year=info.start_year,
                        sure=_(SURENESS.get(info.status, info.status)).lower(),
                    )
                )
        return " ".join(lines)

    def _on_stage(self) -> None:
        iso2 = self.dossier.get("country", "")
        if not iso2:
            return
        cluster = int(self.stage_cluster.currentData() or 0) or None
        state_facts.record_stage(
            self.ws,
            iso2,
            self.stage.currentData() or None,
            cluster,
            self.stage_note.text().strip(),
        )
        self.stage_done.setText(
            _("Recorded on {date}.").format(date=long_date(None, current_language()))
        )
        self.reload()
        self.changed.emit()

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
    a11y.mark_heading(label)  # a section's title, read as a heading (issue 22)
    return label


def long_date(value: str | None, lang: str) -> str:
    """An ISO date written out ("28 June 2001"); a partial one ("2014-07") as given."""
    if value is None:
        return written_date(date.today(), lang)
    try:
        return written_date(date.fromisoformat(value), lang)
    except ValueError:
        return value


def as_of_text(value: str, lang: str) -> str:
    """A source's as-of note in the interface's words: "27 January 2014 (UN Treaty Collection)",
    "May 2020", "about 2016", "2019 (inferred)". The research notes them in English shorthand
    ("2014-01-27 (UNTC scrape)", "~2016", "2019 (implied)"); the few free-form notes that fit
    none of these are shown as written."""
    text = value.strip()
    if match := re.fullmatch(r"(\d{4}-\d{2}-\d{2})( \(UNTC scrape\))?", text):
        written = long_date(match.group(1), lang)
        if not match.group(2):
            return written
        return _("{date} (UN Treaty Collection)").format(date=written)
    if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
        from babel.dates import format_date  # after the first paint

        return format_date(date(int(match.group(1)), int(match.group(2)), 1), "MMMM y", locale=lang)
    if match := re.fullmatch(r"~(\d{4})", text):
        return _("about {year}").format(year=match.group(1))
    if match := re.fullmatch(r"(\d{4}) \(implied\)", text):
        return _("{year} (inferred)").format(year=match.group(1))
    return text


def _selectable(label: QLabel) -> QLabel:
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    return label


def _status_text(fact: state_facts.PartyFact, lang: str) -> str:
    """ "Party since 28 June 2001 (ratification)", or the status alone when no date is known."""
    label = _(PARTY_LABELS.get(fact.status, PARTY_LABELS["unknown"]))
    if fact.status != "party" or fact.corrected:
        return label
    if fact.date:
        action = _(ACTION_LABELS[fact.action]) if fact.action in ACTION_LABELS else ""
        text = _("Party since {date}").format(date=long_date(fact.date, lang))
        return f"{text} ({action})" if action else text
    return _("Party (date not found)")


def _sureness_text(fact: state_facts.PartyFact, lang: str) -> str:
    if fact.corrected:
        return _(SURENESS["corrected"]) + (f" — {fact.note}" if fact.note else "")
    sure = _(CONFIDENCE_LABELS.get(fact.confidence, CONFIDENCE_LABELS["low"]))
    if not fact.as_of:
        return sure
    return _("{sure}, as of {date}").format(sure=sure, date=as_of_text(fact.as_of, lang))


def _item(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setToolTip(text)
    return item
