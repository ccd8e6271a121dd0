"""Step 3, focal point: who coordinates the review, the letter to them, and the
record that it went out."""

from __future__ import annotations

import re
from datetime import date, timedelta

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import _
from untoc_desktop.services import export as export_service
from untoc_desktop.services.export import WorkspaceRef
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui import a11y
from untoc_desktop.ui.wizard.common import (
    StepPage,
    error_label,
    set_plain_text,
    show_error,
    wrapped,
)
from untoc_desktop.ui.worker import run_task

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
#: Days after sending the letter when the app suggests following up.
FOLLOW_UP_DAYS = 21
LINE_FIELDS = ("name", "position", "ministry", "email", "phone")


def check_email(value: str) -> str | None:
    if value.strip() and not EMAIL.match(value.strip()):
        return _(
            "This does not look like an email address (name@example.org). "
            "It is not saved until it is corrected."
        )
    return None


class FocalPointPage(StepPage):
    def __init__(self, ws: Workspace, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ws, dossier_id, 3, parent)
        focal = ws.focal_point(dossier_id)
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name in ("name", "position", "ministry", "address", "email", "phone"):
            label = QLabel()
            error = error_label()
            if name == "address":
                edit: QLineEdit | QPlainTextEdit = QPlainTextEdit()
                edit.setTabChangesFocus(True)
                edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 14)
                set_plain_text(edit, focal[name])
                self.autosaver.bind_text(edit, lambda v, n=name: self._save(n, v), error)
            else:
                edit = QLineEdit(focal[name])
                self.autosaver.bind_line(
                    edit,
                    lambda v, n=name: self._save(n, v),
                    error,
                    check_email if name == "email" else None,
                )
            label.setBuddy(edit)
            self.edits[name], self.labels[name], self.errors[name] = edit, label, error
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(edit)
            box.addWidget(error)
            form.addRow(label, box)
        self.content.addLayout(form)

        self.letter_heading = QLabel()
        a11y.mark_heading(self.letter_heading)
        self.letter_help = wrapped()
        self.preview_button = QPushButton()
        self.preview_button.clicked.connect(self.preview_letter)
        self.sent_button = QPushButton()
        self.sent_button.clicked.connect(self.record_sent)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.sent_button)
        buttons.addStretch(1)
        self.letter_status = wrapped()
        self.letter_error = error_label()
        self.preview_area = QVBoxLayout()
        self.content.addWidget(self.letter_heading)
        self.content.addWidget(self.letter_help)
        self.content.addLayout(buttons)
        self.content.addWidget(self.letter_error)
        self.content.addWidget(self.letter_status)
        self.content.addLayout(self.preview_area)
        self.content.addStretch(1)
        self.retranslate()

    def retranslate_page(self) -> None:
        texts = {
            "name": (_("&Name:"), _("Focal point's name")),
            "position": (_("&Position:"), _("Focal point's position")),
            "ministry": (_("&Ministry or office:"), _("Ministry or office")),
            "address": (_("Postal &address:"), _("Focal point's postal address")),
            "email": (_("&Email:"), _("Focal point's email address")),
            "phone": (_("P&hone:"), _("Focal point's phone number")),
        }
        for name, (label, accessible) in texts.items():
            self.labels[name].setText(label)
            self.edits[name].setAccessibleDescription(accessible)  # the label names it
        self.edits["name"].setPlaceholderText(
            _("Leave empty if you do not know yet: the letter asks for it")
        )
        self.letter_heading.setText(_("The letter"))
        self.letter_help.setText(
            _(
                "The letter introduces your organization and asks who the focal point is "
                "and how the national consultations will run. Preview it, send it, then "
                "record that you sent it: the engagement log reminds you to follow up."
            )
        )
        self.preview_button.setText(_("&Preview the letter"))
        self.sent_button.setText(_("&Record that I sent it"))
        self.sent_button.setAccessibleDescription(
            _("Record in the engagement log that the letter was sent")
        )

    def reload(self) -> None:
        focal = self.ws.focal_point(self.dossier_id)
        for name, edit in self.edits.items():
            if isinstance(edit, QPlainTextEdit):
                if edit.toPlainText() != focal[name]:
                    set_plain_text(edit, focal[name])
            elif edit.text() != focal[name] and not edit.hasFocus():
                edit.setText(focal[name])

    def _save(self, name: str, value: str) -> None:
        self.ws.set_focal_point(self.dossier_id, **{name: value})

    def record_sent(self) -> str:
        self.flush()
        today = date.today()
        channel = (
            _("Email") if self.ws.focal_point(self.dossier_id)["email"].strip() else _("Letter")
        )
        record_id = dossiers.ENGAGEMENT_LOG.add(
            self.ws,
            self.dossier_id,
            date=today.isoformat(),
            channel=channel,
            summary=_(
                "Letter sent to the focal point asking who coordinates the review and how the "
                "national consultations will run."
            ),
            follow_up=(today + timedelta(days=FOLLOW_UP_DAYS)).isoformat(),
        )
        self.letter_status.setText(
            _("Recorded in the engagement log, with a follow-up in {days} days.").format(
                days=FOLLOW_UP_DAYS
            )
        )
        a11y.announce(self.letter_status, self.letter_status.text())  # issue 22
        self.changed.emit()
        return record_id

    def preview_letter(self) -> None:
        self.flush()
        show_error(self.letter_error, None)
        while self.preview_area.count():
            widget = self.preview_area.takeAt(0).widget()
            if widget:
                widget.deleteLater()
        lang = self.dossier.get("language", "en")
        try:
            pages = run_task(
                self,
                _("Preparing the preview…"),
                export_service.preview_pages,
                WorkspaceRef.of(self.ws),
                self.dossier_id,
                "letter",
                lang,
            )
        except UserError as exc:
            show_error(self.letter_error, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - any rendering failure is shown next to the button
            show_error(
                self.letter_error, _("The preview could not be made: {reason}").format(reason=exc)
            )
            return
        if not pages:  # cancelled
            return
        for number, png in enumerate(pages, start=1):
            image = QLabel()
            pixmap = QPixmap()
            pixmap.loadFromData(png, "PNG")
            image.setPixmap(pixmap)
            image.setAccessibleName(_("Letter preview, page {number}").format(number=number))
            self.preview_area.addWidget(image)
        self.letter_status.setText(_("Preview of the letter in the dossier's language."))
