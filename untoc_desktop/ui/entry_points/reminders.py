"""The registration reminder on the main window: days left to confirm attendance at a dialogue.

It sits in a thin tool bar under the main one (``hooks`` shows the bar only when something is due),
visible on every page, so a field office sees the deadline whichever dossier it is working on.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from untoc_desktop.core.deadlines import Deadline, registration_reminders
from untoc_desktop.core.typography import long_date
from untoc_desktop.i18n import _, current_language, ngettext
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui import theme


class RegistrationReminder(QWidget):
    """ "Registration closes in 3 days (2026-02-23): TIP dialogue", with a button to open it."""

    open_requested = Signal(str)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.today: date | None = None  # tests set a fixed day
        self.reminders: list[Deadline] = []
        self.label = QLabel()
        self.label.setWordWrap(True)
        theme.set_role(self.label, "warning")
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._open)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.open_button)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.reminders = registration_reminders(self.ws, self.today)
        except Exception:  # noqa: BLE001 - a closed or replaced workspace: show nothing rather than fail
            self.reminders = []
        self.retranslate()

    def text(self) -> str:
        if not self.reminders:
            return ""
        first = self.reminders[0]
        if first.days_left == 0:
            line = _("Registration for the constructive dialogue closes today: {title}").format(
                title=first.title
            )
        else:
            line = ngettext(
                "Registration closes in {days} day ({date}): {title}",
                "Registration closes in {days} days ({date}): {title}",
                first.days_left,
            ).format(
                days=first.days_left,
                date=long_date(first.when, current_language()),
                title=first.title,
            )
        more = len(self.reminders) - 1
        if more:
            line += " " + ngettext("(and {count} more)", "(and {count} more)", more).format(
                count=more
            )
        return line

    def retranslate(self) -> None:
        text = self.text()
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.open_button.setText(_("Open"))
        self.open_button.setAccessibleName(_("Open the statement whose registration closes first"))

    def _open(self) -> None:
        if self.reminders:
            self.open_requested.emit(self.reminders[0].source_id)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
