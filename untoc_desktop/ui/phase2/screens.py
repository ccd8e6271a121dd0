"""The guide's Phase 2, after the submission: one window with a tab per task.

- Pledge (the guide's step 7): when and to whom the transparency pledge went, the government's
  answer, the signed copy, where it was published, and each commitment's status over time.
- Engagement (step 8): the stakeholders, every contact with its outcome and next action, and the
  reminders (overdue answers and next actions first).
- Public messages (step 9): the public summary, press release and follow-up report, short texts
  for social media with their lengths, and a record of where the messages went out.
- Follow-up: each recommendation's status over time, and carrying recommendations into the next
  cluster's dossier.

Every list is a ``RecordTableModel`` on a named store collection; every edit is saved at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.core import action_plan
from untoc_desktop.core.deadlines import optional_date
from untoc_desktop.core.errors import CancelledError, UserError
from untoc_desktop.core.timeutil import today_iso
from untoc_desktop.core.typography import form_label, long_date
from untoc_desktop.documents import social
from untoc_desktop.documents.common import Context
from untoc_desktop.documents.gather import gather
from untoc_desktop.i18n import LANGUAGES, N_, _, current_language, ngettext
from untoc_desktop.services import export as export_service
from untoc_desktop.services.export import WorkspaceRef
from untoc_desktop.store import dossiers, phase2
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui.phase2.common import heading, help_text
from untoc_desktop.ui.qt_i18n import LANGUAGE_NAMES
from untoc_desktop.ui.widgets.empty_state import attach as attach_empty
from untoc_desktop.ui.wizard.common import error_label, show_error
from untoc_desktop.ui.wizard.models import (
    Column,
    RecordTableEditor,
    RecordTableModel,
    configure_table,
    fit_columns,
)
from untoc_desktop.ui.wizard.overview import DeadlineTableModel

Index = QModelIndex | QPersistentModelIndex

ANSWER_LABELS = {
    "none": N_("No answer yet"),
    "signed": N_("Signed"),
    "declined": N_("Declined"),
}
COMMITMENT_LABELS = {
    "1": N_("1. Consult stakeholders on the self-assessment"),
    "2": N_("2. Engage civil society in the constructive dialogues"),
    "3": N_("3. Engage civil society at the Conference of the Parties"),
    "4": N_("4. Take part in UNODC-led dialogue initiatives"),
    "5": N_("5. Publish the self-assessment responses"),
}
COMMITMENT_STATUS_LABELS = {
    "kept": N_("Kept"),
    "not_yet": N_("Not yet"),
    "broken": N_("Broken"),
}
STAKEHOLDER_KIND_LABELS = {
    "focal_point": N_("Focal point"),
    "ministry": N_("Ministry or agency"),
    "parliament": N_("Parliament"),
    "cso": N_("Other civil-society organization"),
    "media": N_("Media"),
    "unodc": N_("UNODC"),
    "partner": N_("Partner"),
    "other": N_("Other"),
}
MESSAGE_KIND_LABELS = {
    "public_summary": N_("Public summary"),
    "press_release": N_("Press release"),
    "social": N_("Social media post"),
    "interview": N_("Interview"),
    "event": N_("Public event"),
    "other": N_("Other"),
}
RECOMMENDATION_STATUS_LABELS = {
    "raised": N_("Raised with the government"),
    "self_assessment": N_("Reflected in the self-assessment"),
    "observations": N_("Reflected in the review's observations"),
    "implemented": N_("Implemented"),
    "not_implemented": N_("Not implemented"),
    "carried_over": N_("Carried into another dossier"),
}
PUBLIC_DOCUMENTS = {
    "public": N_("Public summary (1–2 pages)"),
    "press": N_("Press release"),
    "followup": N_("Follow-up report"),
}


# ------------------------------------------------------------------------------ the pledge
class PledgeTab(QWidget):
    changed = Signal()

    FIELDS: tuple[tuple[str, str, str], ...] = (
        ("sent_on", N_("Sent on"), "date"),
        ("sent_to", N_("Sent to"), "text"),
        ("sent_how", N_("How it was sent"), "text"),
        ("answer_due", N_("Answer expected by"), "date"),
        ("answer_on", N_("Answered on"), "date"),
        ("published_where", N_("Where the signed pledge is published"), "text"),
        ("published_on", N_("Published on"), "date"),
        ("note", N_("Notes"), "text"),
    )

    def __init__(self, ws: Workspace, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.dossier_id = ws, dossier_id
        self.help = help_text()
        self.reminder = QLabel()
        self.reminder.setWordWrap(True)
        self.form = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        self.edits: dict[str, QLineEdit] = {}
        self.answer = QComboBox()
        for value in phase2.PLEDGE_ANSWERS:
            self.answer.addItem("", value)
        self.answer.currentIndexChanged.connect(self._save_answer)
        self.answer_label = QLabel()
        self.answer_label.setBuddy(self.answer)
        for key, _label, _kind in self.FIELDS:
            edit = QLineEdit()
            edit.editingFinished.connect(lambda k=key: self._save(k))
            label = QLabel()
            label.setBuddy(edit)
            self.labels[key], self.edits[key] = label, edit
            self.form.addRow(label, edit)
            if key == "answer_due":
                self.form.addRow(self.answer_label, self.answer)
        self.copy_label = QLabel()
        self.copy_name = QLabel()
        self.attach_button = QPushButton()
        self.attach_button.clicked.connect(self._attach)
        row = QHBoxLayout()
        row.addWidget(self.copy_name, 1)
        row.addWidget(self.attach_button)
        self.form.addRow(self.copy_label, row)
        self.error = error_label()

        self.commitments_heading = heading()
        self.commitments_help = help_text()
        model = RecordTableModel(
            ws,
            phase2.COMMITMENT_HISTORY,
            [
                Column(
                    "commitment",
                    N_("Commitment"),
                    "choice",
                    COMMITMENT_LABELS,
                    get=lambda r: str(r["commitment"]),
                    set=self._set_commitment,
                ),
                Column("status", N_("Status"), "choice", COMMITMENT_STATUS_LABELS),
                Column("date", N_("Date"), "date"),
                Column("evidence", N_("Evidence")),
            ],
            lambda: phase2.commitment_history(ws, dossier_id),
            self,
        )
        self.commitments = RecordTableEditor(model, self._add_commitment, stretch="evidence")
        self.commitments.view.setMinimumHeight(140)
        self.commitments.edited.connect(self.changed)

        layout = QVBoxLayout(self)
        layout.addWidget(self.help)
        layout.addWidget(self.reminder)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.commitments_heading)
        layout.addWidget(self.commitments_help)
        layout.addWidget(self.commitments, 1)
        self.reload()
        self.retranslate()

    def _set_commitment(self, record: dict[str, Any], value: Any) -> None:
        phase2.COMMITMENT_HISTORY.update(self.ws, record["id"], commitment=int(value))

    def _add_commitment(self) -> str:
        return phase2.add_commitment_status(self.ws, self.dossier_id, 1, "not_yet", today_iso())

    def reload(self) -> None:
        record = phase2.pledge_if_any(self.ws, self.dossier_id) or {}
        for key, edit in self.edits.items():
            edit.setText(str(record.get(key, "") or ""))
        self.answer.blockSignals(True)
        self.answer.setCurrentIndex(max(self.answer.findData(record.get("answer", "none")), 0))
        self.answer.blockSignals(False)
        self.commitments.model.reload()
        self._show_reminder()

    def _show_reminder(self) -> None:
        record = phase2.pledge_if_any(self.ws, self.dossier_id) or {}
        name = record.get("signed_copy_name") or ""
        self.copy_name.setText(name or _("No file attached"))
        self.attach_button.setText(_("Attach the signed copy…") if not name else _("Replace…"))
        self.attach_button.setAccessibleName(_("Attach the signed copy of the pledge"))
        due = action_plan.pledge_answer_due(self.ws, self.dossier_id)
        if due is None:
            self.reminder.setVisible(False)
            return
        days = (due - date.today()).days
        self.reminder.setVisible(True)
        if days < 0:
            self.reminder.setText(
                _("The answer is overdue since {date}: ask the focal point again.").format(
                    date=long_date(due, current_language())
                )
            )
        else:
            self.reminder.setText(
                _("An answer is expected by {date}.").format(
                    date=long_date(due, current_language())
                )
            )

    def _save(self, key: str) -> None:
        value = self.edits[key].text().strip()
        kind = next(k for f, _l, k in self.FIELDS if f == key)
        try:
            if kind == "date":
                optional_date(value)
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        show_error(self.error, None)
        phase2.set_pledge_field(self.ws, self.dossier_id, key, value)
        self._show_reminder()
        self.changed.emit()

    def _save_answer(self, index: int) -> None:
        phase2.set_pledge_field(self.ws, self.dossier_id, "answer", self.answer.itemData(index))
        self._show_reminder()
        self.changed.emit()

    def _attach(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Attach the signed copy of the pledge"))
        if not path:
            return
        try:
            sha, name = self.ws.add_attachment_file(Path(path))
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        phase2.attach_signed_pledge(self.ws, self.dossier_id, sha, name)
        self._show_reminder()
        self.changed.emit()

    def retranslate(self) -> None:
        self.help.setText(
            _(
                "Step 7 of the guide: ask the government to sign the Civil Society Engagement "
                "and Transparency Pledge, in which it promises to consult civil society during the "
                "review and to publish its self-assessment. Print the pledge from step 9 (Export), "
                "send it with your letter, and record here what happens to it. Dates are written "
                "year-month-day."
            )
        )
        for key, label, _kind in self.FIELDS:
            self.labels[key].setText(form_label(_(label), current_language()))
            self.edits[key].setAccessibleName(_(label))
        self.answer_label.setText(_("The government's answer:"))
        self.answer.setAccessibleName(_("The government's answer"))
        for i, value in enumerate(phase2.PLEDGE_ANSWERS):
            self.answer.setItemText(i, _(ANSWER_LABELS[value]))
        self.copy_label.setText(_("Signed copy:"))
        self.commitments_heading.setText(_("Is each commitment kept?"))
        self.commitments_help.setText(
            _(
                "Once the pledge is signed, note each time you see a commitment kept or broken, "
                "with the date and what shows it. The latest entry for a commitment is its status "
                "in the follow-up report."
            )
        )
        self.commitments.retranslate(
            _("Commitments of the pledge over time"),
            _("&Add an observation"),
            _(
                "Nothing observed yet. When the government consults you on the self-assessment, "
                "invites you to a constructive dialogue or publishes its answers, record it here: "
                "this is how a pledge becomes a promise you can hold it to."
            ),
        )
        self._show_reminder()


# ------------------------------------------------------------------------------ engagement
class EngagementTab(QWidget):
    changed = Signal()

    def __init__(self, ws: Workspace, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.dossier_id = ws, dossier_id
        self.help = help_text()
        self.reminders_heading = heading()
        self.reminders = DeadlineTableModel(self)
        self.reminders_view = QTableView()
        self.reminders_view.setModel(self.reminders)
        configure_table(self.reminders_view)
        fit_columns(self.reminders_view, 1)
        self.reminders_view.setMinimumHeight(90)
        self.reminders_view.setMaximumHeight(140)
        attach_empty(
            self.reminders_view,
            lambda: _(
                "Nothing is waiting. Next actions with a due date, and the government's answer to "
                "the pledge, appear here; overdue ones in red."
            ),
            icon="calendar",
        )

        self.people_heading = heading()
        people_model = RecordTableModel(
            ws,
            phase2.STAKEHOLDERS,
            [
                Column("kind", N_("Kind"), "choice", STAKEHOLDER_KIND_LABELS),
                Column("name", N_("Name")),
                Column("organization", N_("Organization")),
                Column("contact", N_("Contact")),
                Column("note", N_("Notes")),
                Column("sensitive", N_("Sensitive"), "bool"),
            ],
            lambda: phase2.live_stakeholders(ws, dossier_id),
            self,
        )
        self.people = RecordTableEditor(people_model, self._add_person, stretch="note")
        self.people.view.setMinimumHeight(130)
        self.people.edited.connect(self._people_changed)

        self.log_heading = heading()
        #: stakeholder id -> name, the choices of the "With" column (refreshed in place).
        self.names: dict[str, str] = {}
        log_model = RecordTableModel(
            ws,
            dossiers.ENGAGEMENT_LOG,
            [
                Column("date", N_("Date"), "date"),
                Column("stakeholder_id", N_("With"), "choice", self.names),
                Column("channel", N_("Channel")),
                Column("summary", N_("What happened")),
                Column("outcome", N_("Outcome")),
                Column("next_action", N_("Next action")),
                Column("follow_up", N_("Due"), "date"),
                Column("done", N_("Done"), "bool"),
            ],
            lambda: phase2.contacts(ws, dossier_id),
            self,
        )
        self.log = RecordTableEditor(log_model, self._add_contact, stretch="outcome")
        self.log.view.setMinimumHeight(200)
        header = self.log.view.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 180)
        self.log.edited.connect(self._log_changed)

        splitter = QSplitter(Qt.Orientation.Vertical)
        for title, widget in (
            (self.people_heading, self.people),
            (self.log_heading, self.log),
        ):
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addWidget(title)
            inner.addWidget(widget, 1)
            splitter.addWidget(box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.help)
        layout.addWidget(self.reminders_heading)
        layout.addWidget(self.reminders_view)
        layout.addWidget(splitter, 1)
        self.reload()
        self.retranslate()

    def _refresh_names(self) -> None:
        self.names.clear()
        self.names.update({"": N_("(nobody named)")})
        self.names.update(phase2.stakeholder_names(self.ws, self.dossier_id))

    def reload(self) -> None:
        self._refresh_names()
        self.people.model.reload()
        self.log.model.reload()
        self.reload_reminders()

    def reload_reminders(self) -> None:
        self.reminders.set_items(action_plan.reminders(self.ws, self.dossier_id, date.today()))

    def _people_changed(self) -> None:
        self._refresh_names()
        self.log.model.retranslate()
        self.reload_reminders()
        self.changed.emit()

    def _log_changed(self) -> None:
        self.reload_reminders()
        self.changed.emit()

    def _add_person(self) -> str:
        return phase2.STAKEHOLDERS.add(self.ws, self.dossier_id, kind="ministry")

    def _add_contact(self) -> str:
        record = self.people.selected_record()
        return phase2.add_contact(
            self.ws,
            self.dossier_id,
            date=today_iso(),
            stakeholder_id=record["id"] if record else "",
        )

    def retranslate(self) -> None:
        self.help.setText(
            _(
                "Step 8 of the guide: take your messages to the focal point and to everyone who "
                "can act on them, in the way that works where you are. Keep who they are, every "
                "contact, what came of it and what you do next; the reminders tell you what is due."
            )
        )
        self.reminders_heading.setText(_("Reminders"))
        self.reminders_view.setAccessibleName(_("Reminders, overdue first"))
        self.people_heading.setText(_("Stakeholders"))
        self.people.retranslate(
            _("Stakeholders"),
            _("Add a &stakeholder"),
            _(
                "No stakeholder yet. Start with the focal point, then the ministries, members "
                "of parliament, other organizations, journalists and the UNODC team who can carry "
                "your recommendations. Mark as sensitive anyone who must not be named outside."
            ),
        )
        self.log_heading.setText(_("Contacts and next actions"))
        self.log.retranslate(
            _("Contacts and next actions"),
            _("Add a &contact"),
            _(
                "No contact recorded yet. After each letter, call or meeting, note what came of "
                "it and the next action with its due date, so nothing promised is forgotten."
            ),
        )


# ------------------------------------------------------------------------------ public messages
class PublicTab(QWidget):
    changed = Signal()

    def __init__(self, ws: Workspace, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.dossier_id = ws, dossier_id
        self.help = help_text()
        self.documents_heading = heading()
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)  # as its speakers write it
        dossier = ws.dossier(dossier_id) or {}
        self.language.setCurrentIndex(max(self.language.findData(dossier.get("language")), 0))
        self.language.currentIndexChanged.connect(self._show_social)
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.addWidget(self.language_label)
        row.addWidget(self.language)
        for key in PUBLIC_DOCUMENTS:
            button = QPushButton()
            button.clicked.connect(lambda _c=False, k=key: self._save(k))
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.error = error_label()

        self.social_heading = heading()
        self.social = QListWidget()
        self.social.setWordWrap(True)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self._copy)

        self.messages_heading = heading()
        model = RecordTableModel(
            ws,
            phase2.PUBLIC_MESSAGES,
            [
                Column("kind", N_("Kind"), "choice", MESSAGE_KIND_LABELS),
                Column("date", N_("Date"), "date"),
                Column("outlet", N_("Where")),
                Column("link", N_("Link")),
                Column("note", N_("Notes")),
            ],
            lambda: phase2.PUBLIC_MESSAGES.list(ws, dossier_id),
            self,
        )
        self.messages = RecordTableEditor(model, self._add_message, stretch="note")
        self.messages.view.setMinimumHeight(120)
        self.messages.edited.connect(self.changed)

        layout = QVBoxLayout(self)
        layout.addWidget(self.help)
        layout.addWidget(self.documents_heading)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addWidget(self.error)
        layout.addWidget(self.social_heading)
        layout.addWidget(self.social, 1)
        layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.messages_heading)
        layout.addWidget(self.messages, 1)
        self.retranslate()

    def reload(self) -> None:
        self.messages.model.reload()
        self._show_social()

    def _show_social(self) -> None:
        self.social.clear()
        lang = self.language.currentData()
        try:
            data = gather(self.ws, self.dossier_id)
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        ctx = Context.create(lang)
        for text in social.texts(data, ctx):
            count = ngettext("{count} character", "{count} characters", len(text)).format(
                count=len(text)
            )
            item = QListWidgetItem(f"{text}\n({count})")
            item.setData(Qt.ItemDataRole.UserRole, text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{text} ({count})")
            self.social.addItem(item)
        if self.social.count():
            self.social.setCurrentRow(0)

    def _copy(self) -> None:
        item = self.social.currentItem()
        if item is not None:
            QGuiApplication.clipboard().setText(item.data(Qt.ItemDataRole.UserRole))
            self.result.setText(_("Copied. Paste it where you post."))

    def _save(self, key: str) -> None:
        from untoc_desktop.ui.worker import run_task

        lang = self.language.currentData()
        path, chosen = QFileDialog.getSaveFileName(
            self,
            _(PUBLIC_DOCUMENTS[key]),
            f"{key}-{lang}.pdf",
            _("PDF (*.pdf);;Word (*.docx);;Text (*.txt)"),
        )
        if not path:
            return
        out = Path(path)
        fmt = out.suffix.lstrip(".").lower()
        if fmt not in ("pdf", "docx", "txt"):
            fmt = "pdf"
            out = out.with_suffix(".pdf")
        try:
            export_service.require_safety_check(self.ws, [self.dossier_id])
            run_task(
                self,
                _("Writing the document…"),
                export_service.render_in_worker,
                WorkspaceRef.of(self.ws),
                self.dossier_id,
                key,
                fmt,
                lang,
                out,
                include_sensitive=False,
            )
        except CancelledError:
            self.result.setText(_("Cancelled. Nothing was written."))
            return
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        show_error(self.error, None)
        self.result.setText(_("Saved {path}").format(path=out))

    def _add_message(self) -> str:
        return phase2.add_public_message(self.ws, self.dossier_id, "press_release", today_iso())

    def retranslate(self) -> None:
        self.help.setText(
            _(
                "Step 9 of the guide: deliver your messages publicly, through the media and your "
                "own channels, so that the review is seen and the government's answers are "
                "watched. Public documents pass the safety check: nothing marked sensitive is in "
                "them, and no person is named who has not agreed."
            )
        )
        self.documents_heading.setText(_("Documents to publish"))
        self.language_label.setText(_("&Language:"))
        self.language.setAccessibleName(_("Language of the documents"))
        for key, label in PUBLIC_DOCUMENTS.items():
            self.buttons[key].setText(_("Save {document}…").format(document=_(label)))
            self.buttons[key].setAccessibleName(_("Save {document}").format(document=_(label)))
        self.social_heading.setText(_("Short texts for social media"))
        self.social.setAccessibleName(_("Short texts for social media, with their length"))
        self.copy_button.setText(_("&Copy the selected text"))
        self.messages_heading.setText(_("Where the messages went out"))
        self.messages.retranslate(
            _("Where the messages went out"),
            _("Add a &publication"),
            _(
                "Nothing published yet. When a newspaper runs your press release, you give an "
                "interview or post the summary, note where and when: it shows the government "
                "that the review is being watched."
            ),
        )
        self._show_social()


# ------------------------------------------------------------------------------ follow-up
class RecommendationListModel(QAbstractTableModel):
    """Read-only: the dossier's recommendations with their latest follow-up status."""

    HEADERS = (N_("Recommendation"), N_("Where it stands"))

    def __init__(self, ws: Workspace, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.dossier_id = ws, dossier_id
        self.rows: list[dict[str, Any]] = []
        self.latest: dict[str, dict[str, Any]] = {}
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = dossiers.recommendations(self.ws, self.dossier_id)
        self.latest = phase2.latest_statuses(self.ws, self.dossier_id)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            if index.column() == 0:
                return f"{index.row() + 1}. {row['text'].strip() or _('(empty)')}"
            last = self.latest.get(row["id"])
            if last is None:
                return _("No follow-up yet")
            label = _(RECOMMENDATION_STATUS_LABELS.get(last["status"], last["status"]))
            return f"{label} ({last['date']})" if last["date"] else label
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.HEADERS[section])
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 1))


class FollowupTab(QWidget):
    changed = Signal()

    def __init__(self, ws: Workspace, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.dossier_id = ws, dossier_id
        self.help = help_text()
        self.list_heading = heading()
        self.recommendations = RecommendationListModel(ws, dossier_id, self)
        self.list_view = QTableView()
        self.list_view.setModel(self.recommendations)
        configure_table(self.list_view)
        fit_columns(self.list_view, 0)
        self.list_view.setMinimumHeight(120)
        attach_empty(
            self.list_view,
            lambda: _(
                "No recommendation yet. Write them on step 7 (Recommendations and summary); "
                "here you then follow each one through the review."
            ),
            icon="inbox",
        )
        self.list_view.selectionModel().selectionChanged.connect(self._selected)
        self.carry_button = QPushButton()
        self.carry_button.clicked.connect(self._carry)
        self.history_heading = heading()
        history_model = RecordTableModel(
            ws,
            phase2.RECOMMENDATION_STATUS,
            [
                Column("date", N_("Date"), "date"),
                Column("status", N_("Status"), "choice", RECOMMENDATION_STATUS_LABELS),
                Column("evidence", N_("Evidence")),
            ],
            self._history,
            self,
        )
        self.history = RecordTableEditor(history_model, self._add_status, stretch="evidence")
        self.history.view.setMinimumHeight(130)
        self.history.edited.connect(self._edited)
        self.message = error_label()

        layout = QVBoxLayout(self)
        layout.addWidget(self.help)
        layout.addWidget(self.list_heading)
        layout.addWidget(self.list_view, 1)
        layout.addWidget(self.carry_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.message)
        layout.addWidget(self.history_heading)
        layout.addWidget(self.history, 1)
        self.retranslate()
        if self.recommendations.rowCount():
            self.list_view.selectRow(0)
        self._update()

    def selected_id(self) -> str | None:
        rows = self.list_view.selectionModel().selectedRows()
        return self.recommendations.rows[rows[0].row()]["id"] if rows else None

    def _history(self) -> list[dict[str, Any]]:
        selected = self.selected_id() if hasattr(self, "list_view") else None
        return phase2.recommendation_history(self.ws, selected) if selected else []

    def _selected(self) -> None:
        self.history.model.reload()
        self._update()

    def _update(self) -> None:
        has = self.selected_id() is not None
        self.history.add_button.setEnabled(has)
        self.carry_button.setEnabled(self.recommendations.rowCount() > 0)

    def _add_status(self) -> str:
        selected = self.selected_id()
        if selected is None:
            raise UserError(_("Choose a recommendation first."))
        return phase2.add_recommendation_status(self.ws, selected, "raised", today_iso())

    def _edited(self) -> None:
        selected = self.selected_id()
        self.recommendations.reload()
        if selected:
            row = next(
                (i for i, r in enumerate(self.recommendations.rows) if r["id"] == selected), -1
            )
            if row >= 0:
                self.list_view.selectionModel().blockSignals(True)
                self.list_view.selectRow(row)
                self.list_view.selectionModel().blockSignals(False)
        self._update()
        self.changed.emit()

    def reload(self) -> None:
        self.recommendations.reload()
        if self.recommendations.rowCount():
            self.list_view.selectRow(0)
        self.history.model.reload()
        self._update()

    def _carry(self) -> None:
        others = [
            d
            for d in self.ws.dossiers()
            if d["id"] != self.dossier_id and d.get("kind", "submission") == "submission"
        ]
        if not others:
            show_error(
                self.message,
                _(
                    "There is no other dossier to carry the recommendations into. Create the "
                    "next cluster's dossier first."
                ),
            )
            return
        titles = [d["title"] or _("(untitled)") for d in others]
        title, ok = QInputDialog.getItem(
            self,
            _("Carry recommendations into another dossier"),
            _("Copy every recommendation not yet implemented into:"),
            titles,
            0,
            False,
        )
        if not ok:
            return
        target = others[titles.index(title)]
        latest = phase2.latest_statuses(self.ws, self.dossier_id)
        ids = [
            r["id"]
            for r in self.recommendations.rows
            if latest.get(r["id"], {}).get("status") not in ("implemented", "carried_over")
        ]
        phase2.carry_recommendations(
            self.ws, self.dossier_id, target["id"], ids, today_iso(), target["title"]
        )
        show_error(self.message, None)
        self.reload()
        self.changed.emit()

    def retranslate(self) -> None:
        self.help.setText(
            _(
                "Recommendations only matter if someone checks what became of them. For each "
                "one, record when you raised it with the government, whether the self-assessment "
                "and the review's observations reflect it, and whether it was implemented, with "
                "the date and what shows it. The follow-up report prints this history."
            )
        )
        self.list_heading.setText(_("Recommendations"))
        self.list_view.setAccessibleName(_("Recommendations and where each stands"))
        self.carry_button.setText(_("Carry into the &next cluster's dossier…"))
        self.carry_button.setAccessibleName(
            _("Carry the recommendations not yet implemented into another dossier")
        )
        self.history_heading.setText(_("History of the selected recommendation"))
        self.recommendations.retranslate()
        self.history.retranslate(
            _("History of the selected recommendation"),
            _("Add a &status"),
            _(
                "No follow-up recorded for this recommendation. Start with the day you raised it "
                "with the government, and add each later step as it happens."
            ),
        )


# ------------------------------------------------------------------------------ the window
TABS: tuple[tuple[str, str], ...] = (
    ("pledge", N_("&Pledge")),
    ("engagement", N_("&Engagement")),
    ("public", N_("Public &messages")),
    ("followup", N_("&Follow-up")),
)


class Phase2Window(QDialog):
    """The four Phase 2 tabs for one dossier; ``changed`` after any stored edit."""

    changed = Signal()

    def __init__(
        self, ws: Workspace, dossier_id: str, tab: str = "pledge", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ws, self.dossier_id = ws, dossier_id
        self.tabs = QTabWidget()
        self.pages: dict[str, QWidget] = {
            "pledge": PledgeTab(ws, dossier_id),
            "engagement": EngagementTab(ws, dossier_id),
            "public": PublicTab(ws, dossier_id),
            "followup": FollowupTab(ws, dossier_id),
        }
        for key, _label in TABS:
            page = self.pages[key]
            page.changed.connect(self.changed)  # type: ignore[attr-defined]
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(page)
            self.tabs.addTab(scroll, "")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(980, 720)
        self.show_tab(tab)
        self.retranslate()

    def show_tab(self, key: str) -> None:
        keys = [k for k, _label in TABS]
        if key in keys:
            self.tabs.setCurrentIndex(keys.index(key))

    def retranslate(self) -> None:
        dossier = self.ws.dossier(self.dossier_id) or {}
        self.setWindowTitle(
            _("After the submission: {title}").format(title=dossier.get("title") or _("(untitled)"))
        )
        self.tabs.setAccessibleName(_("After the submission"))
        for i, (key, label) in enumerate(TABS):
            self.tabs.setTabText(i, _(label))
            self.pages[key].retranslate()  # type: ignore[attr-defined]
