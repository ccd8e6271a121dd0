"""Undoable edits of a dossier: one ``QUndoStack`` per open dossier, one command per change.

Every command records what it needs to go both ways and calls the same named store operations the
page would call (``dossiers.FINDINGS.update``, ``.delete``, ``.restore``, ``ws.link_evidence``), so
undo writes through the same path as the edit and a bundle sees an undo as one more edit. A delete
is a move to the trash: undoing it restores the record, and the trash holds it in the meantime.

The stack belongs to the dossier's wizard (``undo_stack`` on it); an editor finds it at the time
of the edit by walking up its parents (``stack_for``), so a page built on its own in a test still
gets one of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from untoc_desktop.store.dossiers import Collection
from untoc_desktop.store.workspace import Workspace

#: Called with the record's id after the command was done or undone: the editor reloads and
#: shows the record.
Notify = Callable[[str], None]

FIELD_EDIT_ID = 2101


def stack_for(obj: QObject) -> QUndoStack:
    """The undo stack of the dossier ``obj`` is shown in (the nearest ancestor's ``undo_stack``);
    a widget outside a wizard gets a stack of its own."""
    node: QObject | None = obj
    while node is not None:
        stack = getattr(node, "undo_stack", None)
        if isinstance(stack, QUndoStack):
            return stack
        node = node.parent()
    own = QUndoStack(obj)
    obj.undo_stack = own  # type: ignore[attr-defined]
    return own


class FieldEdit(QUndoCommand):
    """New values of some fields of one record; consecutive edits of the same fields merge, so
    undo takes back a whole stretch of typing, not a keystroke."""

    def __init__(
        self,
        ws: Workspace,
        collection: Collection,
        record_id: str,
        old: dict[str, Any],
        new: dict[str, Any],
        text: str,
        notify: Notify,
    ) -> None:
        super().__init__(text)
        self.ws, self.collection, self.record_id = ws, collection, record_id
        self.old, self.new, self.notify = dict(old), dict(new), notify

    def id(self) -> int:
        return FIELD_EDIT_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, FieldEdit):
            return False
        if other.record_id != self.record_id or set(other.new) != set(self.new):
            return False
        self.new = dict(other.new)
        return True

    def redo(self) -> None:
        self.collection.update(self.ws, self.record_id, **self.new)
        self.notify(self.record_id)

    def undo(self) -> None:
        self.collection.update(self.ws, self.record_id, **self.old)
        self.notify(self.record_id)


class AddRecord(QUndoCommand):
    """A new record: made by ``add`` the first time, then deleted and restored."""

    def __init__(
        self,
        ws: Workspace,
        collection: Collection,
        add: Callable[[], str],
        text: str,
        notify: Notify,
    ) -> None:
        super().__init__(text)
        self.ws, self.collection, self.add, self.notify = ws, collection, add, notify
        self.record_id: str | None = None

    def redo(self) -> None:
        if self.record_id is None:
            self.record_id = self.add()
        else:
            self.collection.restore(self.ws, self.record_id)
        self.notify(self.record_id)

    def undo(self) -> None:
        assert self.record_id is not None
        self.collection.delete(self.ws, self.record_id)
        self.notify(self.record_id)


class DeleteRecord(QUndoCommand):
    """A record moved to the trash; undo restores it."""

    def __init__(
        self, ws: Workspace, collection: Collection, record_id: str, text: str, notify: Notify
    ) -> None:
        super().__init__(text)
        self.ws, self.collection, self.record_id, self.notify = ws, collection, record_id, notify

    def redo(self) -> None:
        self.collection.delete(self.ws, self.record_id)
        self.notify(self.record_id)

    def undo(self) -> None:
        self.collection.restore(self.ws, self.record_id)
        self.notify(self.record_id)


class MoveRecord(QUndoCommand):
    """Two neighbours exchanged places; exchanging them again takes it back."""

    def __init__(
        self,
        ws: Workspace,
        collection: Collection,
        moving_id: str,
        neighbour_id: str,
        step: int,
        text: str,
        notify: Notify,
    ) -> None:
        super().__init__(text)
        self.ws, self.collection, self.notify = ws, collection, notify
        self.moving_id, self.neighbour_id, self.step = moving_id, neighbour_id, step

    def _swap(self) -> None:
        moving = self.collection.get(self.ws, self.moving_id)
        neighbour = self.collection.get(self.ws, self.neighbour_id)
        if moving is not None and neighbour is not None:
            self.collection.swap_positions(self.ws, moving, neighbour, self.step)
        self.notify(self.moving_id)

    def redo(self) -> None:
        self._swap()

    def undo(self) -> None:
        self.step = -self.step
        self._swap()
        self.step = -self.step


class LinkEvidence(QUndoCommand):
    """A piece of evidence linked to (or unlinked from) one finding, named when it was ticked."""

    def __init__(
        self,
        ws: Workspace,
        finding_id: str,
        evidence_id: str,
        linked: bool,
        text: str,
        notify: Notify,
    ) -> None:
        super().__init__(text)
        self.ws, self.finding_id, self.evidence_id = ws, finding_id, evidence_id
        self.linked, self.notify = linked, notify

    def _apply(self, linked: bool) -> None:
        if linked:
            self.ws.link_evidence(self.finding_id, self.evidence_id)
        else:
            self.ws.unlink_evidence(self.finding_id, self.evidence_id)
        self.notify(self.evidence_id)

    def redo(self) -> None:
        self._apply(self.linked)

    def undo(self) -> None:
        self._apply(not self.linked)
