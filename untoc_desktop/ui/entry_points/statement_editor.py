"""The editor of a written statement to a constructive dialogue.

The text is checked while the user writes: every mention of a State is highlighted in the text and
listed beside it with its line and character, because the dialogues' rule (no specific country
situation, guide Part 3) is easy to break by quoting one's own findings. Edits are saved after a
pause in typing and when the editor is left, like the wizard's pages.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.core import statement as st
from untoc_desktop.core.errors import UserError
from untoc_desktop.core.typography import long_date
from untoc_desktop.i18n import N_, _, current_language, ngettext
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui import theme
from untoc_desktop.ui.entry_points.common import EditorFrame, language_combo, select_data
from untoc_desktop.ui.entry_points.models import MentionsModel, SourcesModel
from untoc_desktop.ui.wizard.common import Autosaver, error_label, set_plain_text

#: Pause in typing before the text is checked again (the check takes a few ms per page).
CHECK_MS = 300
HIGHLIGHT = QColor("#ffd54f")


class SourcesDialog(QDialog):
    """Pick findings and recommendations from any dossier to insert into the statement."""

    def __init__(self, items: list[st.SourceItem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Insert from findings"))
        self.model = SourcesModel(items, self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(_("Findings and recommendations of your dossiers"))
        self.view.setWordWrap(True)
        note = QLabel(
            _(
                "Checked items are added at the end of the statement, in this order. "
                "Rewrite them in general terms: no country situation may be mentioned "
                "in a constructive dialogue."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(720, 460)

    @classmethod
    def ask(cls, items: list[st.SourceItem], parent: QWidget | None = None) -> list[str] | None:
        dialog = cls(items, parent)
        return dialog.model.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


class StatementEditor(EditorFrame, QWidget):
    """One dialogue-statement dossier: settings, text with inline mention warnings,
    length, export."""

    document = "statement"
    untitled = N_("statement")

    dossier_changed = Signal(str)
    close_requested = Signal()

    def __init__(self, ws: Workspace, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.dossier_id = ws, dossier_id
        self.autosaver = Autosaver(self)
        self.autosaver.saved.connect(lambda: self.dossier_changed.emit(self.dossier_id))
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_MS)
        self._check_timer.timeout.connect(self.run_check)
        self._build()
        self.load()
        self.retranslate()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        top = self._build_header()

        self.title_edit = QLineEdit()
        self.group_combo = QComboBox()
        self.group_combo.addItem("", "")
        for code in st.WORKING_GROUPS:
            self.group_combo.addItem("", code)
        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText("2026-03-05")
        self.date_error = error_label()
        self.limit_spin = QSpinBox()
        self.limit_spin.setRange(1, st.MAX_LIMIT)
        self.language = language_combo()
        self.registration = QLabel()
        self.registration.setWordWrap(True)
        form = QFormLayout()
        self.form = form
        self.labels = {key: QLabel() for key in ("title", "group", "date", "limit", "language")}
        form.addRow(self.labels["title"], self.title_edit)
        form.addRow(self.labels["group"], self.group_combo)
        date_box = QVBoxLayout()
        date_box.addWidget(self.date_edit)
        date_box.addWidget(self.date_error)
        form.addRow(self.labels["date"], date_box)
        form.addRow(self.labels["limit"], self.limit_spin)
        form.addRow(self.labels["language"], self.language)
        for key, widget in (
            ("title", self.title_edit),
            ("group", self.group_combo),
            ("date", self.date_edit),
            ("limit", self.limit_spin),
            ("language", self.language),
        ):
            self.labels[key].setBuddy(widget)

        self.text_edit = QPlainTextEdit()
        self.text_edit.setTabChangesFocus(True)
        self.count_label = QLabel()
        self.insert_button = QPushButton()
        self.insert_button.clicked.connect(self.insert_from_findings)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.text_label = QLabel()
        self.text_label.setBuddy(self.text_edit)
        left_layout.addWidget(self.text_label)
        left_layout.addWidget(self.text_edit, 1)
        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        row.addWidget(self.insert_button)
        row.addWidget(self.export_button)
        left_layout.addLayout(row)

        self.mentions_model = MentionsModel(self)
        self.mentions_view = QListView()
        self.mentions_view.setModel(self.mentions_model)
        self.mentions_view.setWordWrap(True)
        self.mentions_view.activated.connect(self.go_to_mention)
        self.mentions_view.clicked.connect(self.go_to_mention)
        self.mentions_label = QLabel()
        self.mentions_label.setWordWrap(True)
        self.mentions_label.setBuddy(self.mentions_view)
        self.rule_label = QLabel()
        self.rule_label.setWordWrap(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.mentions_label)
        right_layout.addWidget(self.mentions_view, 1)
        right_layout.addWidget(self.rule_label)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addWidget(self.registration)
        layout.addWidget(splitter, 1)

        self.autosaver.bind_line(
            self.title_edit, lambda v: dossiers.set_title(self.ws, self.dossier_id, v)
        )
        self.autosaver.bind_line(self.date_edit, self._save_date, self.date_error)
        self.autosaver.bind_text(
            self.text_edit, lambda v: st.save_fields(self.ws, self.dossier_id, statement_text=v)
        )
        self.group_combo.currentIndexChanged.connect(
            lambda _i: self._save(working_group=self.group_combo.currentData() or "")
        )
        self.limit_spin.valueChanged.connect(self._on_limit)
        self.language.currentIndexChanged.connect(
            lambda _i: self._save(language=self.language.currentData())
        )
        self.text_edit.textChanged.connect(self._check_timer.start)

    # ------------------------------------------------------------------ data
    def load(self) -> None:
        row = st.statement(self.ws, self.dossier_id)
        for widget in (self.group_combo, self.limit_spin, self.language):
            widget.blockSignals(True)
        self.title_edit.setText(row["title"])
        select_data(self.group_combo, row["working_group"])
        self.date_edit.setText(row["dialogue_date"])
        self.limit_spin.setValue(int(row["statement_limit"] or 500))
        select_data(self.language, row["language"])
        for widget in (self.group_combo, self.limit_spin, self.language):
            widget.blockSignals(False)
        set_plain_text(self.text_edit, row["statement_text"])
        self.run_check()

    def _save(self, **fields: object) -> None:
        try:
            st.save_fields(self.ws, self.dossier_id, **fields)  # type: ignore[arg-type]
        except UserError as exc:
            QMessageBox.warning(self, _("Constructive-dialogue statement"), str(exc))
            self.load()
            return
        self._update_registration()
        self.dossier_changed.emit(self.dossier_id)

    def _save_date(self, value: str) -> None:
        st.save_fields(self.ws, self.dossier_id, dialogue_date=value)
        self._update_registration()

    def _on_limit(self, value: int) -> None:
        self._save(statement_limit=value)
        self.run_check()

    # ------------------------------------------------------------------ checking
    def run_check(self) -> None:
        """Count words, find every State mention, highlight them and list them beside the text."""
        self._check_timer.stop()
        text = self.text_edit.toPlainText()
        check = st.check_text(text, self.limit_spin.value())
        self.mentions_model.set_mentions(text, list(check.mentions))
        selections = []
        for mention in check.mentions:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.text_edit.document())
            cursor.setPosition(_utf16(text, mention.start))
            cursor.setPosition(_utf16(text, mention.end), QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(HIGHLIGHT)
            fmt.setForeground(QColor("#000000"))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            selection.cursor, selection.format = cursor, fmt
            selections.append(selection)
        self.text_edit.setExtraSelections(selections)
        self._last_check = check
        self._show_check()

    def _show_check(self) -> None:
        check = getattr(self, "_last_check", None)
        if check is None:
            return
        words = ngettext("{count} word", "{count} words", check.words).format(count=check.words)
        if check.over_limit:
            self.count_label.setText(
                _("{words} of {limit}: {over} over the limit").format(
                    words=words, limit=check.limit, over=check.over_limit
                )
            )
            theme.set_role(self.count_label, "error")
        else:
            self.count_label.setText(_("{words} of {limit}").format(words=words, limit=check.limit))
            theme.set_role(self.count_label, "")
        self.count_label.setAccessibleName(self.count_label.text())
        count = len(check.mentions)
        self.mentions_label.setText(
            ngettext(
                "{count} mention of a State: rephrase it before submitting.",
                "{count} mentions of States: rephrase them before submitting.",
                count,
            ).format(count=count)
            if count
            else _("No State is mentioned.")
        )

    def go_to_mention(self, index: QModelIndex) -> None:
        mention = index.data(Qt.ItemDataRole.UserRole)
        if mention is None:
            return
        text = self.text_edit.toPlainText()
        cursor = self.text_edit.textCursor()
        cursor.setPosition(_utf16(text, mention.start))
        cursor.setPosition(_utf16(text, mention.end), QTextCursor.MoveMode.KeepAnchor)
        self.text_edit.setTextCursor(cursor)
        self.text_edit.setFocus()

    def _update_registration(self) -> None:
        row = self.ws.dossier(self.dossier_id) or {}
        closes = st.registration_closes(row) if row else None
        if closes is None:
            self.registration.setText(
                _(
                    "Enter the date of the dialogue to see when registration closes "
                    "(15 days before it)."
                )
            )
            return
        left = (closes - date.today()).days
        when = long_date(closes, current_language())
        if left < 0:
            self.registration.setText(_("Registration closed on {date}.").format(date=when))
        else:
            self.registration.setText(
                ngettext(
                    "Confirm attendance by {date}: {days} day left.",
                    "Confirm attendance by {date}: {days} days left.",
                    left,
                ).format(date=when, days=left)
            )

    # ------------------------------------------------------------------ actions
    def insert_from_findings(self) -> None:
        self.autosaver.flush()
        items = st.source_items(self.ws)
        if not items:
            QMessageBox.information(
                self,
                _("Insert from findings"),
                _("Your dossiers have no findings or recommendations yet."),
            )
            return
        chosen = SourcesDialog.ask(items, self)
        if not chosen:
            return
        by_id = {i.finding_id: i for i in items}
        allow = False
        if any(by_id[f].sensitive for f in chosen):
            answer = QMessageBox.question(
                self,
                _("Insert from findings"),
                _("Some chosen items are marked sensitive. Put them into the statement anyway?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            allow = True
        try:
            text = st.insert_items(self.ws, self.dossier_id, chosen, allow_sensitive=allow)
        except UserError as exc:
            QMessageBox.warning(self, _("Insert from findings"), str(exc))
            return
        set_plain_text(self.text_edit, text)
        self.run_check()
        self.dossier_changed.emit(self.dossier_id)

    # ------------------------------------------------------------------ language and lifetime
    def retranslate(self) -> None:
        self.back_button.setText(_("← Dossiers"))
        self.back_button.setAccessibleName(_("Back to the list of dossiers"))
        self.heading.setText(_("Constructive-dialogue statement"))
        self.labels["title"].setText(_("&Title:"))
        self.labels["group"].setText(_("&Working group:"))
        self.labels["date"].setText(_("&Date of the dialogue:"))
        self.labels["limit"].setText(_("Word &limit:"))
        self.labels["language"].setText(_("Document &language:"))
        self.group_combo.setItemText(0, _("(choose)"))
        for i, label in enumerate(st.WORKING_GROUPS.values(), start=1):
            self.group_combo.setItemText(i, _(label))
        self.text_label.setText(_("&Statement:"))
        self.mentions_view.setAccessibleName(_("Mentions of States in the statement"))
        self.rule_label.setText(
            _(
                "During a constructive dialogue no specific country situation may be "
                "mentioned, except by the State under review."
            )
        )
        self.insert_button.setText(_("&Insert from findings…"))
        self.export_button.setText(_("E&xport PDF or Word…"))
        for widget, name in (
            (self.title_edit, _("Title")),
            (self.group_combo, _("Working group")),
            (self.date_edit, _("Date of the dialogue (year-month-day)")),
            (self.limit_spin, _("Word limit")),
            (self.language, _("Document language")),
            (self.text_edit, _("Statement text")),
            (self.insert_button, _("Insert from findings")),
            (self.export_button, _("Export the statement")),
        ):
            widget.setAccessibleName(name)
        self._show_check()
        self._update_registration()


def _utf16(text: str, index: int) -> int:
    """Qt counts positions in UTF-16 units; Python in code points (they differ beyond the BMP)."""
    return len(text[:index].encode("utf-16-le")) // 2
