"""The guide's two other entry points in the interface: dialogue statements and joint declarations.

``editor_for`` tells the main window which editor a dossier opens in (submissions keep the wizard);
``install`` adds the "New dossier of another kind" action and the registration reminder to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from untoc_desktop.store.workspace import Workspace

if TYPE_CHECKING:
    from untoc_desktop.ui.context import AppContext
    from untoc_desktop.ui.entry_points.hooks import Host, _Installed


def editor_for(ws: Workspace, dossier_id: str) -> type | None:
    """The editor class for a statement or a declaration; None for a submission (the wizard)."""
    kind = (ws.dossier(dossier_id) or {}).get("kind")
    if kind == "dialogue_statement":
        from untoc_desktop.ui.entry_points.statement_editor import StatementEditor

        return StatementEditor
    if kind == "declaration":
        from untoc_desktop.ui.entry_points.declaration_editor import DeclarationEditor

        return DeclarationEditor
    return None


def install(ctx: AppContext, window: Host) -> _Installed:
    """Add this package's action and reminder to the main window (see ``hooks``); the window keeps
    what this returns and hands it each editor it opens (``connect_editor``)."""
    from untoc_desktop.ui.entry_points.hooks import install as _install

    return _install(ctx, window)
