"""After imports: the conflict copies to look at and restore, and the partner
offices and their keys.

Both lists are this office's own notes (``bundles.review``). A conflict copy is the version that
lost a merge when two offices changed one record independently; nothing is lost, but someone must
look. The partner list is where trust on first use is reviewed: each office's fingerprint, whether
it was confirmed by phone, and a way to withdraw that trust or forget the key altogether.
"""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_datetime
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.bundles import review
from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import N_, _, current_language
from untoc_desktop.store.workspace import Workspace

TABLE_NAMES = review.TABLE_NAMES
#: The field that best names a record of each table in the list.
LABEL_FIELDS = ("title", "text", "description", "name", "value", "source")


BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "office_id"})


def _blank(value: object) -> str:
    return _("(empty)") if value in (None, "", "[]") else " ".join(str(value).split())[:300]


def when(stamp: str | None) -> str:
    if not stamp:
        return "—"
    try:
        return format_datetime(datetime.fromisoformat(stamp), "short", locale=current_language())
    except (ValueError, TypeError):
        return stamp


def _table(model: QStandardItemModel, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _button(box: QDialogButtonBox, text: str, role: QDialogButtonBox.ButtonRole) -> QPushButton:
    button = box.addButton(text, role)
    button.setAccessibleName(text.replace("&", ""))
    return button


def _selected_key(view: QTableView) -> str | None:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None


class ConflictsDialog(QDialog):
    """Unresolved conflict copies: what they held, and Restore this version or
    Keep the current one."""

    changed = Signal()  # a copy was restored: views of the workspace should refresh

    COLUMNS = (N_("Kind"), N_("Record"), N_("From office"), N_("Detected"))

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(_("Conflicts"))
        self.setAccessibleName(_("Conflicts"))
        intro = QLabel(
            _(
                "When this office and a partner changed the same record, the newer version was "
                "kept and the other one is listed here. Restore it if it was the right one."
            )
        )
        intro.setWordWrap(True)
        self.model = QStandardItemModel(0, len(self.COLUMNS), self)
        self.view = _table(self.model, _("Conflict copies"))
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.selectionModel().selectionChanged.connect(self._show_details)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName(_("What the kept version holds"))
        self.details.setMaximumHeight(140)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(_("Close"))
        self.restore_button = _button(
            self.buttons, _("&Restore this version"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.dismiss_button = _button(
            self.buttons, _("&Keep the current version"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.restore_button.clicked.connect(self.restore_selected)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.buttons)
        self.resize(760, 480)
        self.refresh()

    def refresh(self) -> None:
        self.model.clear()
        self.model.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        # clear() dropped the columns and their resize modes: the record text takes the spare width.
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        names = {o.office_id: o.name for o in review.partner_offices(self.ws)}
        self.items = {c.id: c for c in review.conflicts(self.ws)}
        for item in self.items.values():
            label = next(
                (str(item.record[f]) for f in LABEL_FIELDS if item.record.get(f)), item.record_id
            )
            cells = [
                QStandardItem(_(TABLE_NAMES.get(item.table, item.table))),
                QStandardItem(" ".join(label.split())[:120]),
                QStandardItem(names.get(item.source_office_id) or item.source_office_id),
                QStandardItem(when(item.detected_at)),
            ]
            cells[0].setData(item.id, Qt.ItemDataRole.UserRole)
            cells[1].setToolTip(label)
            self.model.appendRow(cells)
        if self.model.rowCount():
            self.view.selectRow(0)
        self._show_details()

    def _show_details(self, *_args: object) -> None:
        key = _selected_key(self.view)
        item = self.items.get(key) if key else None
        self.restore_button.setEnabled(item is not None)
        self.dismiss_button.setEnabled(item is not None)
        if item is None:
            self.details.setPlainText(_("There are no conflict copies.") if not self.items else "")
            return
        self.details.setPlainText(self._differences(item))

    def _differences(self, item: review.Conflict) -> str:
        """Only the fields where the kept version differs from the current one:
        what the user decides on."""
        current = review.current_version(self.ws, item) or {}
        lines = []
        for key, value in item.record.items():
            if key in BOOKKEEPING or value == current.get(key):
                continue
            lines.append(
                _('{field}: kept version "{kept}", current "{current}"').format(
                    field=key, kept=_blank(value), current=_blank(current.get(key))
                )
            )
        return "\n".join(lines) or _("The kept version holds the same content as the current one.")

    def restore_selected(self) -> bool:
        return self._act(review.restore_conflict, _("The kept version was restored."))

    def dismiss_selected(self) -> bool:
        return self._act(review.dismiss_conflict, _("The current version was kept."))

    def _act(self, fn, done: str) -> bool:  # noqa: ANN001 - review.restore_conflict or dismiss_conflict
        key = _selected_key(self.view)
        if key is None:
            return False
        try:
            fn(self.ws, key)
        except UserError as exc:
            QMessageBox.warning(self, _("Conflicts"), str(exc))
            return False
        self.refresh()
        self.details.setPlainText(done if not self.items else self.details.toPlainText())
        self.changed.emit()
        return True


class PartnerOfficesDialog(QDialog):
    """The offices whose bundles were imported, their fingerprints, and who may co-edit.

    A trusted co-editor's changes to records this office (or a third) wrote merge without asking;
    anyone else's arrive as proposals in the import preview. Trust is given only after the user
    compared the fingerprint another way, so the confirmation shows it again.
    """

    COLUMNS = (
        N_("Office"),
        N_("Key fingerprint"),
        N_("Trusted co-editor"),
        N_("First bundle"),
        N_("Latest bundle"),
    )

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(_("Partner offices"))
        self.setAccessibleName(_("Partner offices"))
        intro = QLabel(
            _(
                "Each office signs its bundles with its own key. An office's new records are "
                "imported; its changes to records other offices wrote are only proposals, which "
                "you accept or leave out in the import preview. After comparing the fingerprint "
                "with the office by phone or in person, you can trust it as a co-editor: its "
                "changes then merge without asking. If an office says it did not send a bundle, "
                "withdraw the trust or forget its key."
            )
        )
        intro.setWordWrap(True)
        self.model = QStandardItemModel(0, len(self.COLUMNS), self)
        self.view = _table(self.model, _("Partner offices"))
        self.view.selectionModel().selectionChanged.connect(self._update)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(_("Close"))
        self.trust_button = _button(
            self.buttons, _("&Trust as co-editor…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.untrust_button = _button(
            self.buttons, _("&Withdraw trust"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.forget_button = _button(
            self.buttons, _("&Forget this office…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.trust_button.clicked.connect(self.trust_selected)
        self.untrust_button.clicked.connect(lambda: self.set_trusted(False))
        self.forget_button.clicked.connect(self.forget_selected)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        self.resize(900, 420)
        self.refresh()

    def refresh(self) -> None:
        self.model.clear()
        self.model.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.offices = {o.office_id: o for o in review.partner_offices(self.ws)}
        for office in self.offices.values():
            cells = [
                QStandardItem(office.name or office.office_id),
                QStandardItem(office.fingerprint),
                QStandardItem(_("Yes") if office.trusted else _("No")),
                QStandardItem(when(office.first_seen)),
                QStandardItem(when(office.last_bundle_at)),
            ]
            cells[0].setData(office.office_id, Qt.ItemDataRole.UserRole)
            self.model.appendRow(cells)
        if self.model.rowCount():
            self.view.selectRow(0)
        self._update()

    def _update(self, *_args: object) -> None:
        key = _selected_key(self.view)
        office = self.offices.get(key) if key else None
        self.trust_button.setEnabled(office is not None and not office.trusted)
        self.untrust_button.setEnabled(office is not None and office.trusted)
        self.forget_button.setEnabled(office is not None)

    def set_trusted(self, trusted: bool) -> bool:
        key = _selected_key(self.view)
        if key is None:
            return False
        review.set_trusted(self.ws, key, trusted)
        self.refresh()
        return True

    def trust_selected(self) -> bool:
        """Ask, with the fingerprint in front of the user, before trusting an office."""
        key = _selected_key(self.view)
        if key is None:
            return False
        office = self.offices[key]
        answer = QMessageBox.question(
            self,
            _("Trust as co-editor"),
            _(
                "Trust {office} as a co-editor? Its changes to your records will then be imported "
                "without asking (the previous version is kept as a conflict copy when both "
                "offices changed it).\n\nDo this only if the office read you this fingerprint "
                "by phone or in person:\n\n{fingerprint}"
            ).format(office=office.name or key, fingerprint=office.fingerprint),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.set_trusted(True)

    def forget_selected(self) -> bool:
        key = _selected_key(self.view)
        if key is None:
            return False
        answer = QMessageBox.question(
            self,
            _("Forget this office"),
            _(
                "Forget the key of {office}? Its next bundle will be treated as coming from a new "
                "office, and you will need to compare the fingerprint again."
            ).format(office=self.offices[key].name or key),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        review.forget_office(self.ws, key)
        self.refresh()
        return True
