"""The bundle dialogs: what to export, and what an import would change before anything is written.

The export dialog makes the two risky choices explicit: sensitive items stay out unless the box is
ticked, and a passphrase (typed twice) is offered for the stick that may be lost. The import preview
shows who signed the bundle, the key's fingerprint grouped for reading aloud over the phone, and
whether the office is new, known or presents a CHANGED key, then per dossier how many records are
new, changed, conflicting or unchanged, so the user decides with the facts in front of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QRadioButton,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.bundles.importer import Preview, ProposalKey
from untoc_desktop.bundles.review import field_name, proposal_heading, refusal_text, shown_value
from untoc_desktop.i18n import N_, NP_, _, ngettext
from untoc_desktop.services.export import unconfirmed, unconfirmed_message
from untoc_desktop.store.workspace import Workspace

ERROR_STYLE = "color: #b00020;"


@dataclass(frozen=True)
class ExportChoice:
    dossier_ids: list[str] | None  # None: the whole workspace
    include_sensitive: bool
    passphrase: str | None


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleDescription(name)  # its label names it (issue 22)
    field.setMinimumWidth(280)
    return field


class ExportBundleDialog(QDialog):
    """Choose the dossiers (or the whole workspace), sensitive items, and an optional passphrase."""

    def __init__(
        self, ws: Workspace, selected: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(_("Export bundle"))
        self.setAccessibleName(_("Export bundle"))
        self.whole = QRadioButton(_("The &whole workspace (every dossier and the organization)"))
        self.chosen = QRadioButton(_("&Only the dossiers ticked below"))
        self.whole.setAccessibleDescription(_("Export the whole workspace"))
        self.chosen.setAccessibleDescription(_("Export only the ticked dossiers"))
        group = QButtonGroup(self)
        group.addButton(self.whole)
        group.addButton(self.chosen)
        self.model = QStandardItemModel(self)
        for record in ws.dossiers():
            item = QStandardItem(record["title"] or _("(untitled)"))
            item.setData(record["id"], Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(
                Qt.CheckState.Checked if record["id"] == selected else Qt.CheckState.Unchecked
            )
            self.model.appendRow(item)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName(_("Dossiers to export"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        (self.chosen if selected else self.whole).setChecked(True)
        self.sensitive = QCheckBox(
            _("Include items marked &sensitive (names, testimonies, their attachments)")
        )
        self.sensitive.setAccessibleDescription(_("Include items marked sensitive"))
        self.passphrase = _password_field(_("Bundle passphrase"))
        self.confirm = _password_field(_("Confirm the bundle passphrase"))
        pass_label, confirm_label = QLabel(_("&Passphrase:")), QLabel(_("Con&firm:"))
        pass_label.setBuddy(self.passphrase)
        confirm_label.setBuddy(self.confirm)
        form = QFormLayout()
        form.addRow(pass_label, self.passphrase)
        form.addRow(confirm_label, self.confirm)
        note = QLabel(
            _(
                "A passphrase encrypts the bundle's records and files: whoever finds a lost stick "
                "can read none of them, only which office signed the bundle (its name and key) "
                "and when. Tell the passphrase to the partner office by another channel (phone, in "
                "person), never on the stick. Leave it empty only if the bundle holds nothing "
                "sensitive."
            )
        )
        note.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton(
            _("&Choose where to save…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok.setAccessibleDescription(_("Choose where to save the bundle"))
        self.ok.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.whole, self.chosen, self.list, self.sensitive):
            layout.addWidget(widget)
        layout.addLayout(form)
        for widget in (note, self.error, self.buttons):
            layout.addWidget(widget)
        for signal in (
            self.whole.toggled,
            self.sensitive.toggled,
            self.passphrase.textChanged,
            self.confirm.textChanged,
            self.model.itemChanged,
        ):
            signal.connect(self._update)
        self.resize(620, 560)
        self._update()

    def ticked(self) -> list[str]:
        return [
            self.model.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.model.rowCount())
            if self.model.item(row).checkState() == Qt.CheckState.Checked
        ]

    def problem(self) -> str | None:
        """Why the export cannot go ahead yet (None when it can)."""
        if self.chosen.isChecked() and not self.ticked():
            return _("Tick at least one dossier, or choose the whole workspace.")
        missing = unconfirmed(self.ws, None if self.whole.isChecked() else self.ticked())
        if missing:
            return unconfirmed_message(missing)
        if self.passphrase.text() != self.confirm.text():
            return _("The two passphrases are not the same.")
        if self.sensitive.isChecked() and not self.passphrase.text():
            return _("A bundle with sensitive items must be encrypted: give it a passphrase.")
        return None

    def _update(self, *_args: object) -> None:
        self.list.setEnabled(self.chosen.isChecked())
        problem = self.problem()
        self.error.setText(problem or "")
        self.ok.setEnabled(problem is None)

    def _accept(self) -> None:
        if self.problem() is None:
            self.accept()

    def choice(self) -> ExportChoice:
        return ExportChoice(
            self.ticked() if self.chosen.isChecked() else None,
            self.sensitive.isChecked(),
            self.passphrase.text() or None,
        )

    @classmethod
    def ask(
        cls, ws: Workspace, selected: str | None, parent: QWidget | None
    ) -> ExportChoice | None:
        """Show the dialog modally; the choice, or None on Cancel (patched in tests)."""
        dialog = cls(ws, selected, parent)
        try:
            return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.passphrase.clear()
            dialog.confirm.clear()
            dialog.deleteLater()


def status_text(status: str) -> str:
    return {
        "new": _(
            "New office: this is its first bundle here. Read the fingerprint to them by "
            "phone before relying on it."
        ),
        "known": _("Known office: signed with the same key as its earlier bundles."),
        "changed": _(
            "KEY CHANGED: this office signed earlier bundles with another key. Import only if they "
            "confirmed the new fingerprint by phone."
        ),
    }[status]


class ImportPreviewDialog(QDialog):
    """Who signed the bundle and what importing it would change; Import or Cancel."""

    COLUMNS = (
        N_("Dossier"),
        N_("New"),
        N_("Changed"),
        N_("Conflicting"),
        N_("Unchanged"),
        N_("Proposed"),
    )

    def __init__(self, preview: Preview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        signer = preview.signer
        self.setWindowTitle(_("Import bundle"))
        self.setAccessibleName(_("Import bundle"))
        self.office = QLabel(
            _("Signed by: {name}").format(name=signer.office_name or _("(no name)"))
        )
        self.office.setAccessibleName(self.office.text())
        self.fingerprint = QLabel(signer.fingerprint)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(self.font().pointSizeF() * 1.25)
        mono.setWeight(QFont.Weight.Bold)
        self.fingerprint.setFont(mono)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setAccessibleName(
            _("Key fingerprint: {fingerprint}").format(fingerprint=signer.fingerprint)
        )
        fingerprint_label = QLabel(_("Key fingerprint:"))
        self.status = QLabel(status_text(signer.status))
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.status.text())
        if signer.status == "changed":
            self.status.setStyleSheet(ERROR_STYLE + " font-weight: bold;")
        self.model = QStandardItemModel(0, len(self.COLUMNS), self)
        self.model.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        for dossier, counts in sorted(
            preview.per_dossier.items(), key=lambda kv: (kv[0] == "", kv[0])
        ):
            name = preview.titles.get(dossier) or (
                _("(untitled dossier)") if dossier else _("Organization and State data")
            )
            cells = [QStandardItem(name)] + [
                QStandardItem(str(n))
                for n in (
                    counts.new,
                    counts.changed,
                    counts.conflicting,
                    counts.unchanged,
                    counts.proposed,
                )
            ]
            cells[0].setToolTip(name)
            for cell in cells:
                cell.setEditable(False)
            for cell in cells[1:]:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(cells)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Records per dossier"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(self.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        total = preview.total
        self.refused_label = QLabel()
        self.refused_model = QStandardItemModel(self)
        self.refused_view = QListView()
        self.refused_view.setModel(self.refused_model)
        self.refused_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.refused_view.setWordWrap(True)
        self.refused_view.setAccessibleName(_("Refused versions"))
        if preview.refused:
            self.refused_label.setText(
                ngettext(
                    "{count} version is refused and left out: the office it names did not "
                    "write it, or it cannot be checked.",
                    "{count} versions are refused and left out: the office they name did not "
                    "write them, or they cannot be checked.",
                    len(preview.refused),
                ).format(count=len(preview.refused))
            )
            self.refused_label.setStyleSheet(ERROR_STYLE)
            self.refused_label.setWordWrap(True)
            self.refused_label.setAccessibleName(self.refused_label.text())
            for r in preview.refused:
                item = QStandardItem(refusal_text(r.table, r.record_id, r.author, r.reason))
                item.setEditable(False)
                self.refused_model.appendRow(item)
        self.refused_label.setVisible(bool(preview.refused))
        self.refused_view.setVisible(bool(preview.refused))
        self._build_proposals()
        self.summary = QLabel(self._summary_text())
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.summary.text())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            _("&Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setAccessibleName(_("Import"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(_("Cancel"))
        # With a changed key Enter must not import; otherwise Import is the expected answer.
        (cancel if signer.status == "changed" else self.import_button).setDefault(True)
        self.import_button.setEnabled(preview.changes_anything or total.unchanged > 0)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(fingerprint_label, self.fingerprint)
        layout = QVBoxLayout(self)
        layout.addWidget(self.office)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.refused_label)
        layout.addWidget(self.refused_view)
        layout.addWidget(self.proposals_label)
        layout.addWidget(self.proposals_view, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(760, 560 if preview.proposals else 460)

    PROPOSAL_COLUMNS = (
        N_("Proposed change"),
        N_("In this workspace"),
        NP_("column of proposed values", "Proposed"),
    )

    def _build_proposals(self) -> None:
        """One checkable row per proposal (unticked: the user accepts, never the default), its
        fields below it with this workspace's value beside the proposed one."""
        proposals = self.preview.proposals
        self.proposals_label = QLabel(
            ngettext(
                "{count} change is proposed to a record another office wrote. It is applied only "
                "if you tick it; otherwise the next bundle from that office offers it again.",
                "{count} changes are proposed to records other offices wrote. Only those you tick "
                "are applied; the next bundle from that office offers the others again.",
                len(proposals),
            ).format(count=len(proposals))
        )
        self.proposals_label.setWordWrap(True)
        self.proposals_label.setAccessibleName(self.proposals_label.text())
        self.proposals_model = QStandardItemModel(0, len(self.PROPOSAL_COLUMNS), self)
        self.proposals_model.setHorizontalHeaderLabels([_(c) for c in self.PROPOSAL_COLUMNS])
        self._proposal_keys: list[ProposalKey] = []
        for proposal in proposals:
            head = QStandardItem(proposal_heading(proposal))
            head.setCheckable(True)
            head.setCheckState(Qt.CheckState.Unchecked)
            head.setEditable(False)
            head.setToolTip(head.text())
            head.setData(len(self._proposal_keys), Qt.ItemDataRole.UserRole)
            self._proposal_keys.append(proposal.key)
            for column, mine, theirs in proposal.changes:
                if column == "deleted_at":
                    continue
                cells = [
                    QStandardItem(field_name(column, proposal.table)),
                    QStandardItem(shown_value(mine)),
                    QStandardItem(shown_value(theirs)),
                ]
                for cell in cells:
                    cell.setEditable(False)
                    cell.setToolTip(cell.text())
                head.appendRow(cells)
            filler = [QStandardItem(""), QStandardItem("")]
            for cell in filler:
                cell.setEditable(False)
            self.proposals_model.appendRow([head, *filler])
        self.proposals_view = QTreeView()
        self.proposals_view.setModel(self.proposals_model)
        self.proposals_view.setAccessibleName(_("Proposed changes"))
        self.proposals_view.setWordWrap(True)
        self.proposals_view.setUniformRowHeights(False)
        self.proposals_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.proposals_view.expandAll()
        for row in range(self.proposals_model.rowCount()):
            self.proposals_view.setFirstColumnSpanned(row, self.proposals_view.rootIndex(), True)
        header = self.proposals_view.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 200)
        header.resizeSection(1, 260)
        self.proposals_model.itemChanged.connect(lambda *_a: self._update_summary())
        self.proposals_label.setVisible(bool(proposals))
        self.proposals_view.setVisible(bool(proposals))

    def accepted_proposals(self) -> frozenset[ProposalKey]:
        """The proposals whose box the user ticked."""
        return frozenset(
            self._proposal_keys[self.proposals_model.item(row, 0).data(Qt.ItemDataRole.UserRole)]
            for row in range(self.proposals_model.rowCount())
            if self.proposals_model.item(row, 0).checkState() == Qt.CheckState.Checked
        )

    def set_all_proposals(self, accepted: bool) -> None:
        state = Qt.CheckState.Checked if accepted else Qt.CheckState.Unchecked
        for row in range(self.proposals_model.rowCount()):
            self.proposals_model.item(row, 0).setCheckState(state)

    def _update_summary(self) -> None:
        self.summary.setText(self._summary_text())
        self.summary.setAccessibleName(self.summary.text())

    def _summary_text(self) -> str:
        total, prev = self.preview.total, self.preview
        if not prev.changes_anything:
            return _("This bundle holds nothing new for this workspace.")
        text = ngettext(
            "{count} new attachment.", "{count} new attachments.", prev.new_attachments
        ).format(count=prev.new_attachments)
        if total.conflicting:
            text += " " + ngettext(
                "{count} record was changed here and in the other office: both versions are kept, "
                "see File → Conflicts afterwards.",
                "{count} records were changed here and in the other office: both versions are "
                "kept, see File → Conflicts afterwards.",
                total.conflicting,
            ).format(count=total.conflicting)
        if prev.proposals:
            text += " " + _("Proposed changes: {accepted} of {count} accepted.").format(
                accepted=len(self.accepted_proposals()), count=len(prev.proposals)
            )
        return text

    @classmethod
    def ask(cls, preview: Preview, parent: QWidget | None) -> frozenset[ProposalKey] | None:
        """Show the preview modally: the proposals accepted when the user chose Import, None when
        cancelled (patched in tests)."""
        dialog = cls(preview, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.accepted_proposals()
        finally:
            dialog.deleteLater()
