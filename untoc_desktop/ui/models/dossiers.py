"""The dossier list: one row per dossier with its State, language, status and plan progress."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from untoc_desktop.core.plan import progress
from untoc_desktop.i18n import N_, _
from untoc_desktop.store.workspace import Record, Workspace
from untoc_desktop.ui.models.common import country_name, language_name, local_time, status_label

#: A role whose value sorts a column correctly (raw time, progress as a number).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The dossier id of a row.
ID_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMNS: tuple[tuple[str, str], ...] = (
    ("title", N_("Title")),
    ("country", N_("State")),
    ("language", N_("Document language")),
    ("status", N_("Status")),
    ("progress", N_("Progress")),
    ("updated_at", N_("Last change")),
)

_Index = QModelIndex | QPersistentModelIndex


class DossierTableModel(QAbstractTableModel):
    """The workspace's dossiers (not in the trash), most recently changed first.

    Progress through the Model Action Plan needs a dozen queries per dossier, so it is computed
    once per dossier and kept until ``invalidate`` says that dossier changed.
    """

    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self._rows: list[Record] = []
        self._progress: dict[str, tuple[int, int]] = {}
        self.refresh()

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """Reload the rows from the workspace (after create, duplicate, delete, restore, import)."""
        self.beginResetModel()
        self._rows = self.ws.dossiers()
        live = {row["id"] for row in self._rows}
        self._progress = {key: value for key, value in self._progress.items() if key in live}
        self.endResetModel()

    def invalidate(self, dossier_id: str) -> None:
        """One dossier changed: re-read its row and recompute its progress."""
        self._progress.pop(dossier_id, None)
        row = self.row_of(dossier_id)
        record = self.ws.dossier(dossier_id)
        if row is None or record is None or record.get("deleted_at"):
            self.refresh()
            return
        self._rows[row] = record
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def retranslate(self) -> None:
        """Names, statuses and dates are shown in the UI language: tell the views to redraw."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            )

    def progress_of(self, dossier_id: str) -> tuple[int, int]:
        if dossier_id not in self._progress:
            self._progress[dossier_id] = progress(self.ws, dossier_id)
        return self._progress[dossier_id]

    # ------------------------------------------------------------------ lookups
    def dossier_id(self, row: int) -> str:
        return self._rows[row]["id"]

    def row_of(self, dossier_id: str) -> int | None:
        for number, record in enumerate(self._rows):
            if record["id"] == dossier_id:
                return number
        return None

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section][1])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == ID_ROLE:
            return record["id"]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(record, key)
        if role == SORT_ROLE:
            if key == "progress":
                return self.progress_of(record["id"])[0]
            if key in ("updated_at", "title", "status", "language"):
                return str(record[key] or "").casefold()
            return self._display(record, key).casefold()
        if role == Qt.ItemDataRole.ToolTipRole and key == "progress":
            done, total = self.progress_of(record["id"])
            return _("{done} of {total} steps of the Model Action Plan complete").format(
                done=done, total=total
            )
        return None

    def _display(self, record: Record, key: str) -> str:
        if key == "title":
            return record["title"] or _("(untitled)")
        if key == "country":
            return country_name(record["country"]) or _("(no State yet)")
        if key == "language":
            return language_name(record["language"])
        if key == "status":
            return status_label(record["status"])
        if key == "progress":
            done, total = self.progress_of(record["id"])
            return f"{done}/{total}"
        return local_time(record["updated_at"])
