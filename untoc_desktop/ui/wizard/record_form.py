"""Master-detail editing of a dossier's records: a list of one-line rows and, below it, a form for
the selected record with a multi-line editor for its long text.

Why not edit in the table: with long text in wrapped cells, a row grows when a neighbouring
column changes width, the next row moves under the pointer and a double-click opens the editor on
the wrong record (issue 21). Here rows have one fixed height and text is never edited in the list;
the form is bound to one record id at a time, and every pending save carries the id and the value
it was typed for, so nothing typed can reach another record. Saves go through the editor's undo
stack (``RecordTableEditor._write_fields``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QWidget,
)

from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import _
from untoc_desktop.store.workspace import Record
from untoc_desktop.ui.wizard.common import AUTOSAVE_MS, show_error
from untoc_desktop.ui.wizard.models import Column, RecordTableEditor, RecordTableModel


class MasterDetailEditor(RecordTableEditor):
    """A ``RecordTableEditor`` whose list is read-only (ticks excepted) and whose selected record
    is edited in a form. ``focus_key`` is the field a new record opens with the cursor in;
    ``long_keys`` are edited in a multi-line editor; ``list_keys`` are the columns the list shows
    (all by default)."""

    def __init__(
        self,
        model: RecordTableModel,
        add: Callable[[], str],
        *,
        focus_key: str,
        long_keys: tuple[str, ...] = (),
        list_keys: tuple[str, ...] | None = None,
        movable: bool = False,
        view: QTableView | None = None,
        extra_buttons: tuple[QPushButton, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        model.inline = False
        view = view or QTableView()
        view.setProperty("single_line_rows", True)
        super().__init__(
            model,
            add,
            movable=movable,
            stretch=focus_key,
            view=view,
            extra_buttons=extra_buttons,
            parent=parent,
        )
        self.focus_key = focus_key
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.view.fontMetrics().lineSpacing() + 10)
        for i, column in enumerate(model.columns):
            if list_keys is not None and column.key not in list_keys:
                self.view.setColumnHidden(i, True)
        self.view.setMinimumHeight(rows.defaultSectionSize() * 4 + 30)

        # ---- the form
        self.form_box = QGroupBox()
        form = QFormLayout(self.form_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self._columns = {c.key: c for c in model.columns}
        # The main text first, then the other typed fields, then choices and ticks: Tab from
        # one typed field goes to the next (Name, Role, Email), not into a drop-down.
        ordered = sorted(
            (c for c in model.columns if c.editable),
            key=lambda c: (c.key != focus_key, c.kind in ("choice", "bool")),
        )
        for column in ordered:
            widget = self._field_for(column, column.key in long_keys)
            self.fields[column.key] = widget
            if column.kind == "bool":
                form.addRow(widget)
            else:
                label = QLabel()
                label.setBuddy(widget)
                self.labels[column.key] = label
                form.addRow(label, widget)
        layout = self.layout()
        layout.insertWidget(layout.indexOf(self.status), self.form_box)
        # The list, its buttons, then the form: Tab from the last field leaves the list's editor
        # instead of landing on "Delete selected".
        previous: QWidget = self.delete_button
        for button in (self.up_button, self.down_button):
            if button is not None:
                self.setTabOrder(previous, button)
                previous = button
        for widget in self.fields.values():
            self.setTabOrder(previous, widget)
            previous = widget

        self._record_id: str | None = None
        self._loading = False
        self._pending: dict[tuple[str, str], Any] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush_edits)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._load_selected())
        # A double-click, Enter or typing on a row goes to that row's text in the form.
        self.view.doubleClicked.connect(lambda _index: self.focus_text())
        self.view.activated.connect(lambda _index: self.focus_text())
        self.view.installEventFilter(self)
        model.modelReset.connect(self._load_selected)
        self._load_selected()

    # ---- building
    def _field_for(self, column: Column, long: bool) -> QWidget:
        key = column.key
        if column.kind == "bool":
            box = QCheckBox()
            box.toggled.connect(lambda on, k=key: self._edited(k, on, at_once=True))
            return box
        if column.kind == "choice" and column.choices:
            combo = QComboBox()
            for value in column.choices:
                combo.addItem("", value)
            combo.activated.connect(
                lambda _i, k=key, c=combo: self._edited(k, c.currentData(), at_once=True)
            )
            return combo
        if long:
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setMinimumHeight(90)
            text.textChanged.connect(lambda k=key, t=text: self._edited(k, t.toPlainText()))
            text.installEventFilter(self)
            return text
        line = QLineEdit()
        if column.kind == "date":
            line.setPlaceholderText(_("YYYY-MM-DD"))
        line.textEdited.connect(lambda value, k=key: self._edited(k, value))
        line.editingFinished.connect(self.flush_edits)
        return line

    def retranslate(
        self, name: str, add_text: str, empty: str | None = None, form_title: str = ""
    ) -> None:
        super().retranslate(name, add_text, empty)
        self.form_box.setTitle(form_title)
        self.form_box.setAccessibleName(form_title)
        for key, widget in self.fields.items():
            column = self._columns[key]
            label = _(column.header)
            if key in self.labels:
                self.labels[key].setText(label)
            elif isinstance(widget, QCheckBox):
                widget.setText(label)
            widget.setAccessibleName(label)
            if isinstance(widget, QComboBox) and column.choices:
                for i, value in enumerate(column.choices.values()):
                    widget.setItemText(i, _(value))
            if isinstance(widget, QLineEdit) and column.kind == "date":
                widget.setPlaceholderText(_("YYYY-MM-DD"))

    # ---- showing the selected record
    def _load_selected(self) -> None:
        self.flush_edits()
        if self.selected_row() < 0 and self.model.rowCount():
            self.view.selectRow(0)  # the form shows something (this runs again, selected)
            return
        record = self.selected_record()
        self._record_id = record["id"] if record else None
        self.form_box.setEnabled(record is not None)
        self._fill(record or {})

    def _fill(self, record: Record, only: set[str] | None = None) -> None:
        self._loading = True
        try:
            for key, widget in self.fields.items():
                if only is not None and key not in only:
                    continue
                column = self._columns[key]
                value = (column.get(record) if column.get and record else record.get(key)) or ""
                if isinstance(widget, QCheckBox):
                    widget.setChecked(bool(value))
                elif isinstance(widget, QComboBox):
                    widget.setCurrentIndex(max(widget.findData(value), 0))
                elif isinstance(widget, QPlainTextEdit):
                    if widget.toPlainText() != str(value):
                        widget.setPlainText(str(value))
                elif isinstance(widget, QLineEdit) and widget.text() != str(value):
                    widget.setText(str(value))
        finally:
            self._loading = False

    def record_changed(self, record_id: str) -> None:
        """A command changed ``record_id``: refresh the form where it shows that record and the
        user has nothing pending there (an undo; not the save of what is being typed)."""
        if record_id != self._record_id:
            return
        record = self.model.collection.get(self.model.ws, record_id)
        if record is None or record.get("deleted_at"):
            return
        pending = {key for rid, key in self._pending if rid == record_id}
        self._fill(record, set(self.fields) - pending)

    def show_record(self, record_id: str, focus: bool = True) -> None:
        """Select ``record_id`` and put the cursor in its main text."""
        self.select(record_id)
        if focus:
            self.focus_text()

    def focus_text(self) -> None:
        widget = self.fields.get(self.focus_key)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            # The field typed into is on screen, and so is its row in the list (issue 22).
            row = self.selected_row()
            if row >= 0:
                self.view.scrollTo(self.model.index(row, 0))
            parent = widget.parentWidget()
            while parent is not None and not isinstance(parent, QScrollArea):
                parent = parent.parentWidget()
            if isinstance(parent, QScrollArea):
                parent.ensureWidgetVisible(widget)

    # ---- saving
    def _edited(self, key: str, value: Any, at_once: bool = False) -> None:
        if self._loading or self._record_id is None:
            return
        self._pending[(self._record_id, key)] = value
        if at_once:
            self.flush_edits()
        else:
            self._timer.start()

    def pending(self) -> bool:
        return bool(self._pending)

    def flush_edits(self) -> None:
        """Write what was typed, each value to the record it was typed for."""
        self._timer.stop()
        pending, self._pending = self._pending, {}
        for (record_id, key), value in pending.items():
            column = self._columns[key]
            try:
                checked = self.model._checked(column, value)
                if column.set is not None:
                    record = self.model.collection.get(self.model.ws, record_id)
                    if record is not None:
                        column.set(record, checked)
                        self.model.refresh_record(record_id)
                        self.edited.emit()
                    continue
                record = self.model.collection.get(self.model.ws, record_id)
                if record is None:
                    continue
                self._write_fields(record_id, {key: record.get(key)}, {key: checked})
            except UserError as exc:
                show_error(self.error, str(exc))
                continue
            show_error(self.error, None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view:
            if event.type() == QEvent.Type.KeyPress and self._types_text(event):
                return self._forward_typing(event)
            return False
        if event.type() == QEvent.Type.FocusOut:
            self.flush_edits()
        return False

    @staticmethod
    def _types_text(event: QEvent) -> bool:
        assert isinstance(event, QKeyEvent)
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        text = event.text()
        # The space bar still ticks the current cell of the list.
        printable = bool(text) and text.isprintable() and text != " "
        return printable and modifiers == Qt.KeyboardModifier.NoModifier

    def _forward_typing(self, event: QEvent) -> bool:
        """Typing on a selected row continues that row's text (never a jump to another row, as
        a list's keyboard search would do)."""
        assert isinstance(event, QKeyEvent)
        widget = self.fields.get(self.focus_key)
        if self._record_id is None or widget is None:
            return True
        self.focus_text()
        if isinstance(widget, QPlainTextEdit):
            widget.moveCursor(QTextCursor.MoveOperation.End)
        elif isinstance(widget, QLineEdit):
            widget.end(False)
        QApplication.sendEvent(
            widget, QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
        )
        return True

    def add_row(self) -> str:
        self.flush_edits()
        record_id = super().add_row()
        self.focus_text()
        return record_id

    def delete_row(self) -> None:
        self.flush_edits()
        super().delete_row()
