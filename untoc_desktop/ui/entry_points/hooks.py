"""How the entry points plug into the main window without the window knowing their details.

The window calls ``install(self)`` once; this adds "New dossier of another kind…" (Ctrl+Shift+N) to
the File menu, the registration reminder under the toolbar, and connects a declaration editor's
"Send for endorsement" to the ordinary bundle export (with the open dossier preselected).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from untoc_desktop.i18n import _
from untoc_desktop.ui.entry_points.reminders import RegistrationReminder


class _Installed(QObject):
    """Keeps the added action's text in the UI language and the reminder up to date."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction(window)
        self.action.setObjectName("new_of_kind")
        self.action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.action.triggered.connect(self.new_of_kind)
        window.addAction(self.action)
        menu = getattr(window, "file_menu", None)
        if menu is not None:
            anchor = getattr(window, "open_action", None)
            if anchor is not None:
                menu.insertAction(anchor, self.action)
            else:
                menu.addAction(self.action)
        self.reminder = RegistrationReminder(window.ws)
        self.reminder.open_requested.connect(window.open_dossier)
        self.bar = QToolBar()
        self.bar.setObjectName("registration_reminders")
        self.bar.setMovable(False)
        self.bar.addWidget(self.reminder)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)
        window.list_page.model.modelReset.connect(self.refresh)
        window.installEventFilter(self)
        self.retranslate()
        self.refresh()

    def refresh(self) -> None:
        self.reminder.refresh()
        self.bar.setVisible(bool(self.reminder.reminders))

    def retranslate(self) -> None:
        self.action.setText(_("New dossier of another &kind…"))
        self.action.setToolTip(_("Prepare a statement to a constructive dialogue or a joint declaration"))
        self.bar.setWindowTitle(_("Reminders"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def new_of_kind(self) -> str | None:
        from untoc_desktop.ui.entry_points.new_dossier import NewDossierDialog, create

        choice = NewDossierDialog.ask(self.window)
        if choice is None:
            return None
        dossier_id = create(self.window.ws, *choice)
        self.window.list_page.model.refresh()
        self.window.open_dossier(dossier_id, step=1)
        return dossier_id


def connect_editor(window: Any, editor: Any) -> None:
    """Wire an entry-point editor's extra signals to the window (called when a dossier opens)."""
    send = getattr(editor, "send_requested", None)
    if send is not None:
        from untoc_desktop.ui import file_actions

        send.connect(lambda _dossier_id: file_actions.export_bundle(window))
    changed = getattr(editor, "dossier_changed", None)
    installed = getattr(window, "_entry_points", None)
    if changed is not None and installed is not None:
        changed.connect(lambda _dossier_id: installed.refresh())


def install(window: Any) -> None:
    window._entry_points = _Installed(window)
