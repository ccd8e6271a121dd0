"""List and table models of the entry-point editors (model/view, so long lists stay fast)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from untoc_desktop.core.declaration import SIGNATORY_KINDS, Endorsement
from untoc_desktop.core.mentions import Mention
from untoc_desktop.core.reference import load as load_reference
from untoc_desktop.core.statement import SourceItem
from untoc_desktop.i18n import N_, _, current_language
from untoc_desktop.store.workspace import Record

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def country_label(code: str) -> str:
    if not code:
        return ""
    try:
        return load_reference().country_name(code, current_language())
    except KeyError:
        return code


class MentionsModel(QAbstractListModel):
    """The State mentions of a statement, with where they are, listed beside the text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.mentions: list[Mention] = []
        self._text = ""

    def set_mentions(self, text: str, mentions: list[Mention]) -> None:
        self.beginResetModel()
        self._text, self.mentions = text, list(mentions)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.mentions)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        mention = self.mentions[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            line = self._text.count("\n", 0, mention.start) + 1
            column = mention.start - (self._text.rfind("\n", 0, mention.start) + 1) + 1
            states = ", ".join(country_label(code) for code in mention.states)
            return _("“{text}” ({states}): line {line}, character {column}").format(
                text=mention.text, states=states, line=line, column=column
            )
        if role == Qt.ItemDataRole.UserRole:
            return mention
        return None


class SourcesModel(QAbstractListModel):
    """Findings offered for insertion into a statement, checkable, sensitive ones marked."""

    KIND_LABELS = {
        "recommendation": N_("Recommendation"),
        "gap": N_("Gap or challenge"),
        "good_practice": N_("Good practice"),
        "ta_need": N_("Technical assistance need"),
        "observation": N_("Observation"),
    }

    def __init__(self, items: list[SourceItem], parent: Any = None) -> None:
        super().__init__(parent)
        self.items = items
        self.checked: set[str] = set()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.items)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            kind = _(self.KIND_LABELS.get(item.kind, item.kind))
            mark = _(" [sensitive]") if item.sensitive else ""
            text = " ".join(item.text.split())
            short = text if len(text) <= 160 else text[:159] + "…"
            return f"{kind}{mark} — {item.dossier_title or _('(untitled)')}: {short}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.text
        if role == Qt.ItemDataRole.CheckStateRole:
            return (
                Qt.CheckState.Checked
                if item.finding_id in self.checked
                else Qt.CheckState.Unchecked
            )
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        finding = self.items[index.row()].finding_id
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.checked.add(finding)
        else:
            self.checked.discard(finding)
        self.dataChanged.emit(index, index, [role])
        return True

    def chosen(self) -> list[str]:
        """Checked findings in list order (the order they will appear in the statement)."""
        return [i.finding_id for i in self.items if i.finding_id in self.checked]


class SectionsModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Record] = []

    def set_rows(self, rows: list[Record]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{index.row() + 1}. {row['title'].strip() or _('(untitled section)')}"
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        return None


class SignatoriesModel(QAbstractTableModel):
    """Signatories, organizations first, with how they agreed and their endorsement's state."""

    HEADERS = (
        N_("Kind"),
        N_("Name"),
        N_("Country"),
        N_("Agreed on"),
        N_("How"),
        N_("Sensitive"),
        N_("Endorsement"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Endorsement] = []

    def set_rows(self, rows: list[Endorsement]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        endorsement = self.rows[index.row()]
        row = endorsement.signatory
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return [
                _(SIGNATORY_KINDS[row["kind"]]),
                row["name"],
                country_label(row["country"]),
                row["agreed_on"],
                row["agreed_how"],
                _("Yes") if row["sensitive"] else "",
                endorsement.label,
            ][index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        return None

    def status_of(self, signatory_id: str) -> str | None:
        return next((e.status for e in self.rows if e.signatory["id"] == signatory_id), None)
