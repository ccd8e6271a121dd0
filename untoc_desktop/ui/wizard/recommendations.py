"""Step 7, recommendations and summary: ordered recommendations and a word-limited
executive summary."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QPlainTextEdit, QSpinBox, QWidget

from untoc_desktop.core.plan import word_count
from untoc_desktop.i18n import N_, _, ngettext
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui import theme
from untoc_desktop.ui.wizard.common import StepPage, set_plain_text, wrapped
from untoc_desktop.ui.wizard.models import Column, RecordTableModel
from untoc_desktop.ui.wizard.record_form import MasterDetailEditor

MAX_WORD_LIMIT = 10_000


class RecommendationsPage(StepPage):
    def __init__(self, ws: Workspace, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ws, dossier_id, 7, parent)
        self.recs_heading = QLabel()
        self.recs_help = wrapped()
        model = RecordTableModel(
            ws,
            dossiers.FINDINGS,
            [
                Column("text", N_("Recommendation")),
                Column("sensitive", N_("Sensitive"), "bool"),
            ],
            lambda: dossiers.recommendations(ws, dossier_id),
            self,
        )
        self.recs = MasterDetailEditor(
            model, self._add, focus_key="text", long_keys=("text",), movable=True
        )
        self.recs.edited.connect(self.changed)
        self.content.addWidget(self.recs_heading)
        self.content.addWidget(self.recs_help)
        self.content.addWidget(self.recs, 1)

        dossier = self.dossier
        self.summary_label = QLabel()
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setMinimumHeight(180)
        set_plain_text(self.summary, dossier.get("executive_summary", ""))
        self.summary_label.setBuddy(self.summary)
        self.autosaver.bind_text(self.summary, self._save_summary)
        self.summary.textChanged.connect(self._update_count)
        self.count = QLabel()
        self.count.setWordWrap(True)
        self.limit = QSpinBox()
        self.limit.setRange(50, MAX_WORD_LIMIT)
        self.limit.setSingleStep(50)
        self.limit.setValue(dossier.get("summary_word_limit", 500))
        self.limit.valueChanged.connect(self._save_limit)
        self.limit_label = QLabel()
        self.limit_label.setBuddy(self.limit)
        self.content.addWidget(self.summary_label)
        self.content.addWidget(self.summary, 1)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.limit_label, self.limit)
        self.content.addWidget(self.count)
        self.content.addLayout(form)
        self.retranslate()

    def retranslate_page(self) -> None:
        self.recs_heading.setText(_("Recommendations, in order of priority"))
        self.recs_help.setText(
            _(
                "Each recommendation says who should do what, for example “The Ministry of "
                "Justice should train prosecutors on forced labour in fisheries”. Reorder "
                "with Ctrl+Up and Ctrl+Down."
            )
        )
        self.recs.retranslate(
            _("Recommendations"),
            _("&Add a recommendation"),
            _(
                "No recommendations yet. Write short, action-oriented proposals the government can "
                "follow, most important first."
            ),
            _("Selected recommendation"),
        )
        self.summary_label.setText(_("E&xecutive summary"))
        self.summary.setAccessibleName(_("Executive summary"))
        self.limit_label.setText(_("Word &limit:"))
        self.limit.setAccessibleDescription(_("Word limit of the executive summary"))
        self._update_count()

    def reload(self) -> None:
        self.recs.model.reload()
        stored = self.dossier.get("executive_summary", "")
        if self.summary.toPlainText() != stored and not self.autosaver.pending():
            set_plain_text(self.summary, stored)
            self._update_count()

    def _add(self) -> str:
        return self.ws.add_finding(self.dossier_id, "recommendation", "")

    def _save_summary(self, text: str) -> None:
        dossiers.set_executive_summary(self.ws, self.dossier_id, text)

    def _save_limit(self, value: int) -> None:
        dossiers.set_summary_word_limit(self.ws, self.dossier_id, value)
        self._update_count()
        self.changed.emit()

    def _update_count(self) -> None:
        words, limit = word_count(self.summary.toPlainText()), self.limit.value()
        text = ngettext("{count} word of {limit}", "{count} words of {limit}", words).format(
            count=words, limit=limit
        )
        over = words > limit
        if over:
            text += " — " + _("over the limit by {n}").format(n=words - limit)
        self.count.setText(text)
        theme.set_role(self.count, "error" if over else "")
        self.count.setAccessibleName(text)
