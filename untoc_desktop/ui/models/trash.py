"""The trash: deleted dossiers and dossier items, newest first, each restorable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from untoc_desktop.bundles.review import TABLE_NAMES
from untoc_desktop.i18n import N_, _
from untoc_desktop.store.workspace import Record, Workspace
from untoc_desktop.ui.models.common import local_time

KIND_LABELS: dict[str, str] = {
    **TABLE_NAMES,
    "engagement_log": N_("Engagement log entry"),
}
HEADERS = (N_("What"), N_("Item"), N_("Deleted"))
_Index = QModelIndex | QPersistentModelIndex


def _describe(table: str, record: Record) -> str:
    for key in (
        "title",
        "name",
        "text",
        "summary",
        "description",
        "source",
        "outlet",
        "note",
        "evidence",
        "commitment",
        "status",
    ):
        value = (record.get(key) or "").strip()
        if value:
            return value if len(value) <= 120 else value[:119] + "…"
    return _("(empty)")


class TrashTableModel(QAbstractTableModel):
    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self._items: list[tuple[str, Record]] = []
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._items = self.ws.trash()
        self.endResetModel()

    def item(self, row: int) -> tuple[str, Record]:
        return self._items[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        table, record = self._items[index.row()]
        column = index.column()
        if column == 0:
            return _(KIND_LABELS.get(table, table))
        if column == 1:
            return _describe(table, record)
        return local_time(record["deleted_at"])
