"""What every window and action of one session shares: the workspace, the settings, the services.

``ui/app.py`` builds one :class:`AppContext` per session and hands it to the main window, which
hands it on. Windows and actions read the workspace from the context each time they need it,
never keep a copy of their own across a replacement, and listen to ``workspace_replaced`` when
they hold views of it: encrypting, re-keying and restoring a backup close the file and open a new
connection, and the context is the one place that swaps it.

The File and Security menus' work (``file_actions``, ``security``) and the entry points' hooks get
the context and a :class:`Shell`: the few things they need from the window that started them.
They never import the main window, so the import graph has no cycle through it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QSettings, Signal

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from untoc_desktop.services.export import WorkspaceRef
    from untoc_desktop.store.workspace import Workspace
    from untoc_desktop.ui.auto_backup import AutoBackup


class SettingsKeys:
    """The keys of the per-user settings (QSettings): one name each, used by
    every reader and writer."""

    LANGUAGE = "language"
    WINDOW_GEOMETRY = "main_window/geometry"
    WINDOW_STATE = "main_window/state"
    LOCK_MINUTES = "security/lock_after_minutes"


class Shell(Protocol):
    """What a menu action needs from the window it was started from."""

    def dialog_parent(self) -> QWidget:
        """The window that owns the action's dialogs and message boxes."""
        ...

    def show_status(self, message: str, timeout_ms: int = 10000) -> None:
        """A short outcome in the status bar."""
        ...

    def current_dossier_id(self) -> str | None:
        """The dossier open or selected, for actions that preselect it."""
        ...

    def open_position(self) -> tuple[str | None, int | None]:
        """The dossier open and its step, to come back to after the file was replaced."""
        ...

    def open_dossier(self, dossier_id: str, step: int | None = None) -> None: ...

    def show_list(self) -> None:
        """Close the open dossier (its editor flushes what is being typed) and show the list."""
        ...

    def dossiers_changed(self) -> None:
        """Dossiers were added, merged or restored: refresh the list."""
        ...

    def set_frozen(self, frozen: bool) -> None:
        """Disable (or enable again) the window's content and menus while the file is replaced."""
        ...

    def security_changed(self) -> None:
        """The passphrase changed: the lock asks for the new one, the menus follow."""
        ...

    def set_lock_minutes(self, minutes: int) -> None:
        """The idle time before locking, for the running lock."""
        ...


class AppContext(QObject):
    """The session's workspace and settings; ``replace`` swaps the workspace for every holder."""

    workspace_replaced = Signal(object)  # the new Workspace

    def __init__(
        self, ws: Workspace, settings: QSettings | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._ws = ws
        self.settings = settings if settings is not None else QSettings()
        #: Set by ``ui.app`` once the backups run; paused while the file is replaced.
        self.auto_backup: AutoBackup | None = None

    @property
    def ws(self) -> Workspace:
        return self._ws

    @property
    def path(self) -> Path:
        return self._ws.path

    def worker_ref(self) -> WorkspaceRef:
        """What a worker thread needs to open its own connection to the workspace."""
        from untoc_desktop.services.export import WorkspaceRef

        return WorkspaceRef.of(self._ws)

    def replace(self, fresh: Workspace) -> None:
        """Make ``fresh`` the session's workspace and tell every holder (the caller
        closed the old one)."""
        self._ws = fresh
        self.workspace_replaced.emit(fresh)

    def reopen(self, passphrase: str | None) -> Workspace:
        """Open the workspace's file again (after it was converted or restored)
        and make it current."""
        from untoc_desktop.store.workspace import Workspace

        fresh = Workspace.open(self.path, create=False, passphrase=passphrase)
        self.replace(fresh)
        return fresh
