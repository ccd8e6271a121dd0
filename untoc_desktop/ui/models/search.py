"""Search results across findings and evidence, as a list the user can open."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from untoc_desktop.core.search import SearchHit, search
from untoc_desktop.i18n import _, pgettext
from untoc_desktop.store.workspace import Workspace

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class SearchResultsModel(QAbstractListModel):
    """The hits for the last query, each shown as "kind · dossier: snippet"."""

    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.query = ""
        self._hits: list[SearchHit] = []

    def run(self, text: str) -> int:
        """Search for ``text`` and return how many hits there are."""
        self.beginResetModel()
        self.query = text
        self._hits = search(self.ws, text) if text.strip() else []
        self.endResetModel()
        return len(self._hits)

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    def retranslate(self) -> None:
        if self._hits:
            self.dataChanged.emit(self.index(0), self.index(len(self._hits) - 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self._hits[index.row()]
        if role == HIT_ROLE:
            return hit
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            kind = _("Finding") if hit.kind == "finding" else pgettext("one record", "Evidence")
            flag = _(" (sensitive)") if hit.sensitive else ""
            return _("{kind}{sensitive} in “{dossier}”: {snippet}").format(
                kind=kind,
                sensitive=flag,
                dossier=hit.dossier_title or _("(untitled)"),
                snippet=hit.snippet,
            )
        return None
