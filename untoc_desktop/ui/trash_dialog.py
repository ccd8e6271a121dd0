"""The trash dialog: what was deleted, and a way to bring it back.

Deleting never erases: a dossier deleted by mistake (or under pressure) can be restored here.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.i18n import _
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui.models.trash import TrashTableModel


class TrashDialog(QDialog):
    #: Emitted with the table and id of each restored record, so lists refresh.
    restored = Signal(str, str)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.model = TrashTableModel(ws, self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.view.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.ResizeToContents
        )
        self.view.activated.connect(lambda index: self.restore_row(index.row()))
        self.empty = QLabel()
        self.restore_button = QPushButton()
        self.restore_button.clicked.connect(self._on_restore)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.view.selectionModel().selectionChanged.connect(self._update)
        self.resize(760, 420)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Trash"))
        self.intro.setText(
            _("Deleted items stay here until you restore them. Select one and press Restore.")
        )
        self.empty.setText(_("The trash is empty."))
        self.view.setAccessibleName(_("Deleted items"))
        self.restore_button.setText(_("&Restore"))
        self.restore_button.setAccessibleDescription(_("Restore the selected item"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(_("Close"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _update(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.empty.setVisible(not has_rows)
        self.restore_button.setEnabled(bool(self.view.selectionModel().selectedRows()))

    def restore_row(self, row: int) -> None:
        table, record = self.model.item(row)
        dossiers.restore_trashed(self.ws, table, record["id"])
        self.model.refresh()
        self._update()
        self.restored.emit(table, record["id"])

    def _on_restore(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            self.restore_row(rows[0].row())
