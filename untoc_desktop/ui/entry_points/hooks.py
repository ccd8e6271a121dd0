"""How the entry points plug into the main window without the window knowing their details.

The window calls ``install(ctx, self)`` once; this adds "New dossier of another kind…"
(Ctrl+Shift+N) to the File menu, the registration reminder under the toolbar, and connects a
declaration editor's "Send for endorsement" to the ordinary bundle export (with the open dossier
preselected). It needs from the window only what :class:`Host` names.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from untoc_desktop.i18n import _
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui.context import AppContext, Shell
from untoc_desktop.ui.entry_points.reminders import RegistrationReminder


class Host(Shell, Protocol):
    """The main window as the entry points see it: a Shell with a File menu and
    a list that refreshes."""

    file_menu: QMenu
    open_action: QAction
    list_refreshed: SignalInstance


class _Installed(QObject):
    """Keeps the added action's text in the UI language and the reminder up to date."""

    def __init__(self, ctx: AppContext, window: Host) -> None:
        assert isinstance(window, QMainWindow)
        super().__init__(window)
        self.ctx, self.window, self.shell = ctx, window, window
        self.action = QAction(window)
        self.action.setObjectName("new_of_kind")
        self.action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.action.triggered.connect(self.new_of_kind)
        window.addAction(self.action)
        window.file_menu.insertAction(window.open_action, self.action)
        self.reminder = RegistrationReminder(ctx.ws)
        self.reminder.open_requested.connect(window.open_dossier)
        self.bar = QToolBar()
        self.bar.setObjectName("registration_reminders")
        self.bar.setMovable(False)
        self.bar.addWidget(self.reminder)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)
        window.list_refreshed.connect(self.refresh)
        ctx.workspace_replaced.connect(self._workspace_replaced)
        window.installEventFilter(self)
        self.retranslate()
        self.refresh()

    def _workspace_replaced(self, ws: Workspace) -> None:
        self.reminder.ws = ws
        self.refresh()

    def refresh(self) -> None:
        self.reminder.refresh()
        self.bar.setVisible(bool(self.reminder.reminders))

    def retranslate(self) -> None:
        self.action.setText(_("New dossier of another &kind…"))
        self.action.setToolTip(
            _("Prepare a statement to a constructive dialogue or a joint declaration")
        )
        self.bar.setWindowTitle(_("Reminders"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def new_of_kind(self) -> str | None:
        from untoc_desktop.ui.entry_points.new_dossier import NewDossierDialog, create

        choice = NewDossierDialog.ask(self.shell.dialog_parent())
        if choice is None:
            return None
        dossier_id = create(self.ctx.ws, *choice)
        self.shell.dossiers_changed()
        self.shell.open_dossier(dossier_id, step=1)
        return dossier_id

    def connect_editor(self, editor: Any) -> None:
        """Wire an entry-point editor's extra signals to the window (called
        when a dossier opens)."""
        send = getattr(editor, "send_requested", None)
        if send is not None:
            from untoc_desktop.ui import file_actions

            send.connect(lambda _dossier_id: file_actions.export_bundle(self.ctx, self.shell))
        changed = getattr(editor, "dossier_changed", None)
        if changed is not None:
            changed.connect(lambda _dossier_id: self.refresh())


def install(ctx: AppContext, window: Host) -> _Installed:
    return _Installed(ctx, window)
