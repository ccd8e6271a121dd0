"""A table model over workspace records, and the small editor (table + buttons) built on it.

Every list in the wizard (engagement log, milestones, findings, evidence, partners, recommendations)
is the same thing: rows of one table that belong to the dossier, edited in place, each edit stored
at once. One model class with a column description keeps those lists consistent: the same keyboard
behaviour, the same inline error when a date is refused, the same "deleted, restorable" message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.core.deadlines import optional_date
from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import N_, _
from untoc_desktop.store.dossiers import Collection
from untoc_desktop.store.workspace import Record, Workspace
from untoc_desktop.ui.widgets.empty_state import attach, empty_state_of
from untoc_desktop.ui.wizard.common import error_label, show_error
from untoc_desktop.ui.wizard.undo import (
    AddRecord,
    DeleteRecord,
    FieldEdit,
    MoveRecord,
    stack_for,
)

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One column: the record field, its header (untranslated), and how it is shown and edited."""

    key: str
    header: str
    kind: str = "text"  # text | bool | date | choice
    choices: dict[str, str] | None = None  # stored value -> untranslated label
    editable: bool = True
    get: Callable[[Record], Any] | None = None  # computed columns
    set: Callable[[Record, Any], None] | None = None


class RecordTableModel(QAbstractTableModel):
    """Rows of one ``Collection`` returned by ``loader``, edited in place and saved at once."""

    #: A translated message when an edit was refused, or "" after a good edit.
    error = Signal(str)
    #: Emitted after every stored edit.
    edited = Signal()

    def __init__(
        self,
        ws: Workspace,
        collection: Collection,
        columns: list[Column],
        loader: Callable[[], list[Record]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws, self.collection, self.columns, self.loader = ws, collection, columns, loader
        self._rows: list[Record] = []
        #: Stores an edit: ``writer(record_id, old_fields, new_fields)``; the editor sets it to
        #: push an undoable command. None: written directly.
        self.writer: Callable[[str, dict[str, Any], dict[str, Any]], None] | None = None
        #: False in a master-detail list: only ticks are edited in the list, text in the form.
        self.inline = True
        self.reload()

    # ---- reading
    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self.loader()
        self.endResetModel()

    def record(self, row: int) -> Record:
        return self._rows[row]

    def refresh_record(self, record_id: str) -> None:
        """Re-read one row after its record changed (no reset: the selection stays)."""
        row = self.row_of(record_id)
        if row < 0:
            return
        fresh = self.collection.get(self.ws, record_id)
        if fresh is None or fresh.get("deleted_at"):
            self.reload()
            return
        self._rows[row] = fresh
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def row_of(self, record_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r["id"] == record_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def _value(self, record: Record, column: Column) -> Any:
        return column.get(record) if column.get else record.get(column.key)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        value = self._value(self._rows[index.row()], column)
        if column.kind == "bool":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return _("Yes") if value else _("No")
            return None
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            if column.kind == "choice" and column.choices:
                return _(column.choices.get(value, value or "")) if value else ""
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.EditRole:
            return "" if value is None else value
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(self.columns[section].header)
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return base
        column = self.columns[index.column()]
        if not column.editable:
            return base
        if column.kind == "bool":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable if self.inline else base

    # ---- writing
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        column = self.columns[index.column()]
        record = self._rows[index.row()]
        if column.kind == "bool":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        try:
            value = self._checked(column, value)
            if column.set:
                column.set(record, value)
            elif self.writer is not None:
                self.writer(record["id"], {column.key: record.get(column.key)}, {column.key: value})
            else:
                self.collection.update(self.ws, record["id"], **{column.key: value})
        except UserError as exc:
            self.error.emit(str(exc))
            return False
        # By id, not by row: the write may have reloaded the list.
        self.refresh_record(record["id"])
        self.error.emit("")
        self.edited.emit()
        return True

    @staticmethod
    def _checked(column: Column, value: Any) -> Any:
        if column.kind == "date":
            value = str(value).strip()
            optional_date(value)  # raises a translated UserError
            return value
        if column.kind == "choice" and column.choices is not None and value not in column.choices:
            raise UserError(_("Choose one of the values in the list."))
        return value.strip() if isinstance(value, str) and column.kind != "text" else value

    def retranslate(self) -> None:
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1)
            )


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a ``choice`` column with a combo box of translated labels."""

    def __init__(self, choices: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName(_("Choose a value"))
        for value, label in self.choices.items():
            combo.addItem(_(label), value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        position = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def configure_table(view: QTableView) -> None:
    """Keyboard-friendly table: Tab leaves the table, arrows move, F2 or typing edits a cell."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setTabKeyNavigation(False)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    view.setWordWrap(True)
    view.setAlternatingRowColors(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    view.verticalHeader().setVisible(False)
    # Columns sized to their content look at the first rows only (Qt's default is 1,000 rows).
    header.setResizeContentsPrecision(CONTENT_SAMPLE_ROWS)
    fit_rows(view)
    model = view.model()
    if model is not None:
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(lambda *_args, v=view: fit_rows(v))


#: Above this many rows, rows get a fixed height of a few lines instead of fitting their text.
ROWS_FITTED_TO_TEXT = 50
#: How many rows a column sized to its content is measured on.
CONTENT_SAMPLE_ROWS = 100
#: Lines of text a row shows when the table is too long to fit every row to its text.
LINES_PER_LONG_ROW = 3


def fit_rows(view: QTableView) -> None:
    """Wrapped rows as tall as their text, except in very long tables.

    Fitting every row to its text makes Qt lay out every cell of every row on each reset; with
    2,000 evidence items or 10,000 findings (profiled: 15 s to open such a dossier) that freezes
    the window. Long tables get rows of a few lines instead; the whole text is in the tooltip and
    the editor, and the user can still drag a row taller.
    """
    header = view.verticalHeader()
    model = view.model()
    if view.property("single_line_rows"):  # a master list: rows never change height
        return
    if model is None or model.rowCount() <= ROWS_FITTED_TO_TEXT:
        if header.sectionResizeMode(0) != QHeaderView.ResizeMode.ResizeToContents or model is None:
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return
    if header.sectionResizeMode(0) != QHeaderView.ResizeMode.Interactive:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(view.fontMetrics().lineSpacing() * LINES_PER_LONG_ROW + 8)


#: Starting width of a free-text column that is not the stretching one (the user can drag it).
TEXT_COLUMN_WIDTH = 170


def fit_columns(
    view: QTableView,
    stretch: int,
    text_columns: frozenset[int] = frozenset(),
    text_width: int = TEXT_COLUMN_WIDTH,
) -> None:
    """Column ``stretch`` takes the spare width (and wraps); ``text_columns`` start at a fixed width
    the user can change (long text would otherwise push the table wider than a 1366 px screen); the
    others (dates, ticks, short choices) fit their content, header included."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    for i in range(view.model().columnCount()):
        if i == stretch:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        elif i in text_columns:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(i, text_width)
        else:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)


class RecordTableEditor(QWidget):
    """A record table with Add and Delete (and optionally Move up/down) buttons
    and an inline error."""

    edited = Signal()

    def __init__(
        self,
        model: RecordTableModel,
        add: Callable[[], str],
        *,
        movable: bool = False,
        stretch: str | None = None,
        view: QTableView | None = None,
        extra_buttons: tuple[QPushButton, ...] = (),
        parent: QWidget | None = None,
        text_width: int = TEXT_COLUMN_WIDTH,
    ) -> None:
        super().__init__(parent)
        self.model, self._add = model, add
        #: What one item is called in the Edit menu ("Undo Delete finding"), set by retranslate.
        self.item_name = self.list_name = ""
        self._status_msgid: str | None = None
        model.writer = self._write_fields
        self.view = view or QTableView()
        self.view.setModel(model)
        configure_table(self.view)
        for i, column in enumerate(model.columns):
            if column.kind == "choice" and column.choices:
                self.view.setItemDelegateForColumn(i, ChoiceDelegate(column.choices, self.view))
        keys = [c.key for c in model.columns]
        if stretch in keys:
            text = frozenset(i for i, c in enumerate(model.columns) if c.kind == "text")
            fit_columns(self.view, keys.index(stretch), text, text_width)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_row)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_row)
        self.up_button = self.down_button = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        for button in extra_buttons:
            buttons.addWidget(button)
        buttons.addWidget(self.delete_button)
        if movable:
            self.up_button, self.down_button = QPushButton(), QPushButton()
            self.up_button.clicked.connect(lambda: self.move(-1))
            self.down_button.clicked.connect(lambda: self.move(1))
            buttons.addWidget(self.up_button)
            buttons.addWidget(self.down_button)
            for keys, step in (("Ctrl+Up", -1), ("Ctrl+Down", 1)):
                shortcut = QShortcut(QKeySequence(keys), self.view)
                shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
                shortcut.activated.connect(lambda s=step: self.move(s))
        buttons.addStretch(1)
        QShortcut(
            QKeySequence(QKeySequence.StandardKey.Delete),
            self.view,
            context=Qt.ShortcutContext.WidgetShortcut,
        ).activated.connect(self.delete_row)
        self.error = error_label()
        self.status = QLabel()
        self.status.setWordWrap(True)
        model.error.connect(lambda message: show_error(self.error, message))
        model.edited.connect(self.edited)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        model.modelReset.connect(self._update_buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.setTabOrder(self.view, self.add_button)
        self.setTabOrder(self.add_button, self.delete_button)
        self._update_buttons()

    def retranslate(self, name: str, add_text: str, empty: str | None = None) -> None:
        """``name`` is the list's accessible name; ``add_text`` the Add button's label;
        ``empty`` the sentence shown while the list is empty (what belongs there), with
        the Add action beside it."""
        self.view.setAccessibleName(name)
        if empty is not None:
            self._empty_texts = (empty, add_text)
            if empty_state_of(self.view) is None:
                attach(
                    self.view,
                    lambda: self._empty_texts[0],
                    lambda: self._empty_texts[1],
                    self.add_row,
                )
            else:
                empty_state_of(self.view).retranslate()
        self.add_button.setText(add_text)
        self.add_button.setAccessibleName(add_text.replace("&", ""))
        self.item_name, self.list_name = add_text.replace("&", ""), name
        self.status.setText(_(self._status_msgid) if self._status_msgid else "")
        self.delete_button.setText(_("&Delete selected"))
        self.delete_button.setAccessibleDescription(_("Delete selected row"))
        if self.up_button and self.down_button:
            self.up_button.setText(_("Move &up"))
            self.up_button.setAccessibleDescription(_("Move up (Ctrl+Up)"))
            self.down_button.setText(_("Move do&wn"))
            self.down_button.setAccessibleDescription(_("Move down (Ctrl+Down)"))
        self.model.retranslate()

    def selected_row(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def selected_record(self) -> Record | None:
        row = self.selected_row()
        return self.model.record(row) if row >= 0 else None

    def select(self, record_id: str) -> None:
        row = self.model.row_of(record_id)
        if row >= 0:
            self.view.selectRow(row)

    def _update_buttons(self) -> None:
        has = self.selected_row() >= 0
        self.delete_button.setEnabled(has)
        if self.up_button and self.down_button:
            row = self.selected_row()
            self.up_button.setEnabled(row > 0)
            self.down_button.setEnabled(0 <= row < self.model.rowCount() - 1)

    # ---- undoable changes
    def stack(self) -> QUndoStack:
        return stack_for(self)

    def _set_status(self, msgid: str | None) -> None:
        """A message kept untranslated, so a language switch translates it again."""
        self._status_msgid = msgid
        self.status.setText(_(msgid) if msgid else "")

    def _after_command(self, record_id: str) -> None:
        """After a command was done or undone: show the record (reloading the list if it came or
        went) and tell the page."""
        self._reveal()
        if self.model.row_of(record_id) >= 0 and self.model.collection.get(
            self.model.ws, record_id
        ):
            self.model.refresh_record(record_id)
        else:
            self.model.reload()
        if self.model.row_of(record_id) >= 0 and self.selected_record_id() != record_id:
            self.select(record_id)
        self.record_changed(record_id)
        self.edited.emit()

    def _reveal(self) -> None:
        """Undoing a change made on another step shows that step first."""
        step, node = None, self.parent()
        while node is not None:
            if step is None and isinstance(getattr(node, "step", None), int):
                step = node.step
            if step is not None and hasattr(node, "go_to_step") and hasattr(node, "current_step"):
                if node.current_step() != step:
                    node.go_to_step(step)
                return
            node = node.parent()

    def record_changed(self, record_id: str) -> None:
        """A hook for editors that show the record elsewhere too (the master-detail form)."""

    def selected_record_id(self) -> str | None:
        record = self.selected_record()
        return record["id"] if record else None

    def _write_fields(self, record_id: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        if old == new:
            return
        field = next((_(c.header) for c in self.model.columns if c.key in new), next(iter(new), ""))
        self.stack().push(
            FieldEdit(
                self.model.ws,
                self.model.collection,
                record_id,
                old,
                new,
                _("Edit “{field}”").format(field=field),
                self._after_command,
            )
        )

    def add_row(self) -> str:
        command = AddRecord(
            self.model.ws,
            self.model.collection,
            self._add,
            self.item_name,
            self._after_command,
        )
        self.stack().push(command)
        assert command.record_id is not None
        record_id = command.record_id
        self.select(record_id)
        self._set_status(None)
        first = next(
            (i for i, c in enumerate(self.model.columns) if c.editable and c.kind != "bool"), 0
        )
        self.view.setFocus()
        self.view.setCurrentIndex(self.model.index(self.model.row_of(record_id), first))
        self.edited.emit()
        return record_id

    def delete_row(self) -> None:
        record = self.selected_record()
        if record is None:
            return
        self.stack().push(
            DeleteRecord(
                self.model.ws,
                self.model.collection,
                record["id"],
                _("Delete from “{list}”").format(list=self.list_name),
                self._after_command,
            )
        )
        self._set_status(N_("Deleted. Undo with Ctrl+Z, or restore it later from the trash."))

    def move(self, step: int) -> None:
        """Swap the selected row's ``position`` with its neighbour's (the order
        the documents use)."""
        row = self.selected_row()
        other = row + step
        if row < 0 or not 0 <= other < self.model.rowCount():
            return
        a, b = self.model.record(row), self.model.record(other)
        self.stack().push(
            MoveRecord(
                self.model.ws,
                self.model.collection,
                a["id"],
                b["id"],
                step,
                _("Move in “{list}”").format(list=self.list_name),
                self._reload_and_show,
            )
        )
        self.view.setFocus()

    def _reload_and_show(self, record_id: str) -> None:
        self.model.reload()
        self.select(record_id)
        self.edited.emit()
