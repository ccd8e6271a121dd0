"""Step 8, safety check: everything that could leave the office, reviewed before any export.

The lists come from ``core.safety.report``; this page only shows them, offers to remove location
and camera data from photos, and records the user's confirmation (``safety_reviewed_at``), which the
export page requires before sensitive items can be included.
"""

from __future__ import annotations

import html

from babel.numbers import format_decimal
from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from untoc_desktop.core import safety
from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import _, current_language, ngettext
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui import theme
from untoc_desktop.ui.widgets.empty_state import attach as attach_empty
from untoc_desktop.ui.wizard.common import StepPage, error_label, show_error, wrapped
from untoc_desktop.ui.wizard.models import configure_table, fit_columns


def _item(text: str, warn: bool = False) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setToolTip(text)
    if warn:
        item.setForeground(QColor(theme.current().error_text))
    return item


def _size(n: int) -> str:
    lang = current_language()
    if n >= 1024 * 1024:
        return _("{size} MB").format(size=format_decimal(round(n / 1048576, 1), locale=lang))
    return _("{size} KB").format(size=format_decimal(max(1, round(n / 1024)), locale=lang))


class SafetyPage(StepPage):
    #: The empty lists' buttons open the step where sensitive items and files are recorded.
    step_requested = Signal(int)

    def __init__(self, ws: Workspace, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ws, dossier_id, 8, parent)
        self.report: safety.SafetyReport | None = None
        self.sensitive, self.sensitive_view, self.sensitive_label = self._table(2)
        self.people, self.people_view, self.people_label = self._table(3)
        self.files, self.files_view, self.files_label = self._table(4)
        self.strip_button = QPushButton()
        self.strip_button.clicked.connect(self.strip_flagged)
        to_evidence = lambda: self.step_requested.emit(5)  # noqa: E731
        attach_empty(
            self.sensitive_view,
            lambda: _(
                "Nothing is marked sensitive. In step 5, mark any finding or evidence "
                "that could endanger someone if it were shared; it is then left out of "
                "exports unless you include it."
            ),
            lambda: _("Go to step 5, Evidence"),
            to_evidence,
            "shield-check",
        )
        attach_empty(
            self.people_view,
            lambda: _(
                "No people are named in this dossier yet. Names of focal points, "
                "partners and signatories are listed here so you can check each one before "
                "anything leaves the office."
            ),
            lambda: _("Go to step 6, Partners"),
            lambda: self.step_requested.emit(6),
            "users",
        )
        attach_empty(
            self.files_view,
            lambda: _(
                "No files are attached. Files you attach to evidence in step 5 are listed here, "
                "with any location or camera data they carry."
            ),
            lambda: _("Go to step 5, Evidence"),
            to_evidence,
            "paperclip",
        )
        self.strip_error = error_label()
        self.strip_status = wrapped()
        for label, view in (
            (self.sensitive_label, self.sensitive_view),
            (self.people_label, self.people_view),
            (self.files_label, self.files_view),
        ):
            self.content.addWidget(label)
            self.content.addWidget(view)
        row = QHBoxLayout()
        row.addWidget(self.strip_button)
        row.addStretch(1)
        self.content.addLayout(row)
        self.content.addWidget(self.strip_error)
        self.content.addWidget(self.strip_status)

        self.scopes_box = QGroupBox()
        self.scopes_grid = QGridLayout(self.scopes_box)
        self.scope_labels: dict[str, QLabel] = {}
        for i, key in enumerate(safety.EXPORTS):
            label = wrapped()
            self.scope_labels[key] = label
            self.scopes_grid.addWidget(label, i // 2, i % 2)
        self.content.addWidget(self.scopes_box)

        self.confirm = QCheckBox()
        self.confirm.toggled.connect(self._confirm)
        self.confirmed_at = wrapped()
        self.content.addWidget(self.confirm)
        self.content.addWidget(self.confirmed_at)
        self.content.addStretch(1)
        self.retranslate()

    @staticmethod
    def _table(columns: int) -> tuple[QStandardItemModel, QTableView, QLabel]:
        model = QStandardItemModel(0, columns)
        view = QTableView()
        view.setModel(model)
        configure_table(view)
        view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        fit_columns(view, 1)
        view.setMinimumHeight(110)
        label = QLabel()
        label.setWordWrap(True)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setBuddy(view)
        return model, view, label

    def retranslate_page(self) -> None:
        self.sensitive_view.setAccessibleDescription(_("Items marked sensitive"))
        self.people_view.setAccessibleDescription(_("People named in the dossier"))
        self.files_view.setAccessibleDescription(_("Attached files"))
        self.strip_button.setText(_("&Remove location and camera data from flagged photos"))
        self.strip_button.setAccessibleName(
            _("Remove location and camera data from flagged photos")
        )
        self.scopes_box.setTitle(_("What each export will contain"))
        self.confirm.setText(_("I have &reviewed everything that will leave the office"))
        self.confirm.setAccessibleDescription(_("Confirm the safety check"))
        # The report reads every attachment (hundreds of MB in a large dossier): it is built when
        # the step is shown (``go_to_step`` reloads the page), not when the wizard opens.
        if self.report is not None:
            self.reload()

    def reload(self) -> None:
        rep = self.report = safety.report(self.ws, self.dossier_id)
        self.sensitive_label.setText(
            ngettext(
                "&Sensitive items ({n}): left out of documents unless you include them",
                "&Sensitive items ({n}): left out of documents unless you include them",
                len(rep.sensitive),
            ).format(n=len(rep.sensitive))
        )
        self.sensitive.setRowCount(0)
        self.sensitive.setHorizontalHeaderLabels([_("What"), _("Text")])
        for item in rep.sensitive:
            self.sensitive.appendRow([_item(item.what), _item(item.text)])

        self.people_label.setText(
            ngettext("&People named ({n})", "&People named ({n})", len(rep.people)).format(
                n=len(rep.people)
            )
        )
        self.people.setRowCount(0)
        self.people.setHorizontalHeaderLabels([_("Role"), _("Name"), _("Sensitive")])
        for item in rep.people:
            self.people.appendRow(
                [_item(item.what), _item(item.text), _item(_("Yes") if item.sensitive else "")]
            )

        self.files_label.setText(
            ngettext(
                "Attached &files ({n}): they travel only in bundles",
                "Attached &files ({n}): they travel only in bundles",
                len(rep.attachments),
            ).format(n=len(rep.attachments))
        )
        self.files.setRowCount(0)
        self.files.setHorizontalHeaderLabels([_("File"), _("Warning"), _("Size"), _("Sensitive")])
        for att in rep.attachments:
            if att.metadata.has_location and att.metadata.has_camera:
                warning = _(
                    "Contains the place where the photo was taken (GPS) and identifies the camera"
                )
            elif att.metadata.has_location:
                warning = _("Contains the place where the photo was taken (GPS)")
            elif att.metadata.has_camera:
                warning = _("Identifies the camera")
            else:
                warning = ""
            self.files.appendRow(
                [
                    _item(att.name),
                    _item(warning, bool(warning)),
                    _item(_size(att.size)),
                    _item(_("Yes") if att.sensitive else ""),
                ]
            )
        self.strip_button.setEnabled(bool(rep.flagged_images))

        for scope in rep.exports:
            contains = "".join(f"<li>{html.escape(line)}</li>" for line in scope.contains)
            leaves = "".join(f"<li>{html.escape(line)}</li>" for line in scope.leaves_out)
            self.scope_labels[scope.document].setText(
                f"<b>{html.escape(scope.title)}</b><br>"
                f"{html.escape(_('Will contain:'))}<ul>{contains}</ul>"
                f"{html.escape(_('Will not contain:'))}<ul>{leaves}</ul>"
            )
        reviewed = self.dossier.get("safety_reviewed_at")
        self.confirm.blockSignals(True)
        self.confirm.setChecked(bool(reviewed))
        self.confirm.blockSignals(False)
        self.confirmed_at.setText(
            _("Confirmed on {when} (UTC).").format(when=reviewed[:16].replace("T", " "))
            if reviewed
            else ""
        )

    def strip_flagged(self) -> int:
        """Replace every flagged photo by a copy without its metadata;
        returns how many were cleaned."""
        if self.report is None:
            return 0
        cleaned, problems = 0, []
        for att in self.report.flagged_images:
            try:
                safety.strip_evidence_attachment(self.ws, att.evidence_id)
                cleaned += 1
            except UserError as exc:
                problems.append(f"{att.name}: {exc}")
        show_error(self.strip_error, " ".join(problems) or None)
        self.strip_status.setText(
            ngettext("Cleaned {n} photo.", "Cleaned {n} photos.", cleaned).format(n=cleaned)
        )
        self.reload()
        self.changed.emit()
        return cleaned

    def _confirm(self, checked: bool) -> None:
        dossiers.set_safety_reviewed(self.ws, self.dossier_id, bool(checked))
        self.reload()
        self.changed.emit()
