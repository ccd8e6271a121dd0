"""Step 0, the dossier page: status, progress, the engagement log, milestones and what is due next.

The guide asks organizations to keep track of every contact with the focal point and to register
for a constructive dialogue 15 days before it; this page keeps both in one place, so a field office
sees at a glance what it promised to follow up and what closes soon.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QTableView, QWidget

from untoc_desktop.core import action_plan, plan
from untoc_desktop.core import timeline as review_timeline
from untoc_desktop.core.deadlines import MILESTONE_KINDS, Deadline, deadlines
from untoc_desktop.core.glance import glance
from untoc_desktop.core.timeutil import today_iso
from untoc_desktop.i18n import N_, _, current_language, ngettext
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import DOSSIER_STATUSES, Workspace
from untoc_desktop.ui import theme
from untoc_desktop.ui.phase2.guide_plan import GuidePlanCard
from untoc_desktop.ui.widgets.empty_state import attach as attach_empty
from untoc_desktop.ui.widgets.glance import GlanceCard
from untoc_desktop.ui.widgets.timeline import TimelineView
from untoc_desktop.ui.wizard.common import StepPage, wrapped
from untoc_desktop.ui.wizard.models import (
    Column,
    RecordTableEditor,
    RecordTableModel,
    configure_table,
    fit_columns,
)

STATUS_LABELS = {
    "draft": N_("Draft"),
    "ready": N_("Ready"),
    "submitted": N_("Submitted"),
    "archived": N_("Archived"),
}


def days_left_text(days: int) -> str:
    if days == 0:
        return _("Today")
    if days > 0:
        return ngettext("In {n} day", "In {n} days", days).format(n=days)
    return ngettext("{n} day late", "{n} days late", -days).format(n=-days)


class DeadlineTableModel(QAbstractTableModel):
    """Read-only: the deadlines computed by ``core.deadlines``, soonest first, overdue in red."""

    HEADERS = (N_("Date"), N_("What"), N_("Days left"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[Deadline] = []

    def set_items(self, items: list[Deadline]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if index.column() == 0:
                return format_date(item.when, "medium", locale=current_language())
            return item.title if index.column() == 1 else days_left_text(item.days_left)
        if role == Qt.ItemDataRole.ForegroundRole and item.overdue:
            return QColor(theme.current().error_text)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.HEADERS[section])
        return None


class OverviewPage(StepPage):
    #: A click on a step of the glance card or on a missing item: the wizard opens that step.
    step_requested = Signal(int)

    def __init__(self, ws: Workspace, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ws, dossier_id, 0, parent)
        self.status = QComboBox()
        for value in DOSSIER_STATUSES:
            self.status.addItem("", value)
        self.status.currentIndexChanged.connect(self._save_status)
        self.status_label = QLabel()
        self.status_label.setBuddy(self.status)
        self.progress = wrapped()
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.status_label, self.status)
        self.progress_label = QLabel()
        form.addRow(self.progress_label, self.progress)
        self.guide_progress_label = QLabel()
        self.guide_progress = wrapped()
        form.addRow(self.guide_progress_label, self.guide_progress)
        self.content.addLayout(form)
        self.glance = GlanceCard()
        self.glance.step_requested.connect(self.step_requested)
        self.content.addWidget(self.glance)
        # The guide's nine steps in two phases, and the way to Phase 2's screens (issue 24).
        self.guide_plan = GuidePlanCard()
        self.guide_plan.step_requested.connect(self.step_requested)
        self.guide_plan.screen_requested.connect(self.open_phase2)
        self.content.addWidget(self.guide_plan)
        self.timeline_heading = self._heading()
        self.timeline = TimelineView()
        self.content.addWidget(self.timeline_heading)
        self.content.addWidget(self.timeline)

        self.upcoming_heading = self._heading()
        self.upcoming = DeadlineTableModel(self)
        self.upcoming_view = QTableView()
        self.upcoming_view.setModel(self.upcoming)
        configure_table(self.upcoming_view)
        fit_columns(self.upcoming_view, 1)
        self.upcoming_view.setMinimumHeight(110)
        attach_empty(
            self.upcoming_view,
            lambda: _(
                "Nothing is due. Deadlines appear here from your milestones and from follow-up "
                "dates in the engagement log."
            ),
            lambda: _("Add a milestone"),
            lambda: self.milestones.add_row(),
            "calendar",
        )
        self.content.addWidget(self.upcoming_heading)
        self.content.addWidget(self.upcoming_view)

        self.log_heading = self._heading()
        self.log_help = wrapped()
        log_model = RecordTableModel(
            ws,
            dossiers.ENGAGEMENT_LOG,
            [
                Column("date", N_("Date"), "date"),
                Column("channel", N_("Channel")),
                Column("summary", N_("What happened")),
                Column("follow_up", N_("Follow up on"), "date"),
                Column("done", N_("Done"), "bool"),
            ],
            lambda: dossiers.ENGAGEMENT_LOG.list(ws, dossier_id),
            self,
        )
        self.log = RecordTableEditor(log_model, self._add_log, stretch="summary")
        self.log.view.setMinimumHeight(150)
        self.log.edited.connect(self._edited)
        self.content.addWidget(self.log_heading)
        self.content.addWidget(self.log_help)
        self.content.addWidget(self.log, 1)

        self.milestones_heading = self._heading()
        self.milestones_help = wrapped()
        milestone_model = RecordTableModel(
            ws,
            dossiers.MILESTONES,
            [
                Column("kind", N_("Kind"), "choice", MILESTONE_KINDS),
                Column("title", N_("Title")),
                Column("date", N_("Date"), "date"),
            ],
            lambda: dossiers.MILESTONES.list(ws, dossier_id),
            self,
        )
        self.milestones = RecordTableEditor(milestone_model, self._add_milestone, stretch="title")
        self.milestones.view.setMinimumHeight(110)
        self.milestones.edited.connect(self._edited)
        self.content.addWidget(self.milestones_heading)
        self.content.addWidget(self.milestones_help)
        self.content.addWidget(self.milestones, 1)
        self.setTabOrder(self.status, self.upcoming_view)
        self.reload()
        self.retranslate()

    @staticmethod
    def _heading() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        return label

    def retranslate(self) -> None:
        self.title.setText(_("Dossier page"))
        self.purpose.setText(
            _(
                "Where this dossier stands: its status, what is due next, and every contact "
                "with the government. Choose a step on the left to work on the dossier."
            )
        )
        for i, value in enumerate(DOSSIER_STATUSES):
            self.status.setItemText(i, _(STATUS_LABELS[value]))
        self.status_label.setText(_("&Status:"))
        self.status.setAccessibleName(_("Status"))
        self.progress_label.setText(_("Progress:"))
        self.timeline_heading.setText(_("Where the State stands in the review"))
        self.upcoming_heading.setText(_("Coming up"))
        self.upcoming_view.setAccessibleName(_("Deadlines and follow-ups, soonest first"))
        self.log_heading.setText(_("Engagement log"))
        self.log_help.setText(
            _(
                "Every contact with the focal point or the government: date, channel "
                "(letter, email, meeting, call), what happened, and when to follow up. "
                "Dates are written year-month-day."
            )
        )
        self.log.retranslate(
            _("Engagement log"),
            _("&Add a contact"),
            _(
                "No contact recorded yet. Start with the letter to the focal point: "
                "when you sent it and how."
            ),
        )
        self.milestones_heading.setText(_("Milestones"))
        self.milestones_help.setText(
            _(
                "Dates you know of. Registration for a constructive dialogue closes "
                "15 days before it; the app shows that deadline under Coming up."
            )
        )
        self.milestones.retranslate(
            _("Milestones"),
            _("Add a &milestone"),
            _(
                "No milestones yet. Add the dates you learn of: a constructive dialogue, "
                "a national consultation, a working group session."
            ),
        )
        self.reload_deadlines()
        self._show_progress()  # a language switch translates it again (issue 21)

    def _show_progress(self) -> None:
        done, total = plan.progress(self.ws, self.dossier_id)
        self.progress.setText(_("{done} of {total} steps complete").format(done=done, total=total))
        phases = action_plan.phase_progress(self.ws, self.dossier_id)
        self.guide_progress_label.setText(_("The guide's plan:"))
        self.guide_progress.setText(
            _("Phase 1: {done1} of {total1} done · Phase 2: {done2} of {total2} done").format(
                done1=phases[1][0], total1=phases[1][1], done2=phases[2][0], total2=phases[2][1]
            )
        )

    def open_phase2(self, tab: str = "pledge") -> None:
        """The Phase 2 window (pledge, engagement, public messages, follow-up) on ``tab``."""
        from untoc_desktop.ui.phase2.screens import Phase2Window

        window = Phase2Window(self.ws, self.dossier_id, tab, self)
        window.exec()
        self.reload()
        self.changed.emit()

    def reload(self) -> None:
        dossier = self.dossier
        self.status.blockSignals(True)
        self.status.setCurrentIndex(max(self.status.findData(dossier.get("status", "draft")), 0))
        self.status.blockSignals(False)
        self._show_progress()
        self.glance.set_glance(glance(self.ws, self.dossier_id))
        self.guide_plan.set_dossier(self.ws, self.dossier_id)
        self.timeline.set_timeline(
            review_timeline.for_state(self.ws, dossier.get("country", ""), self.dossier_id)
        )
        self.log.model.reload()
        self.milestones.model.reload()
        self.reload_deadlines()

    def reload_deadlines(self) -> None:
        self.upcoming.set_items(deadlines(self.ws, self.dossier_id, date.today()))

    def _edited(self) -> None:
        self.reload_deadlines()
        self.changed.emit()

    def _save_status(self, index: int) -> None:
        dossiers.set_status(self.ws, self.dossier_id, self.status.itemData(index))
        self.changed.emit()

    def _add_log(self) -> str:
        return dossiers.ENGAGEMENT_LOG.add(self.ws, self.dossier_id, date=today_iso())

    def _add_milestone(self) -> str:
        return dossiers.MILESTONES.add(self.ws, self.dossier_id, kind="dialogue")
