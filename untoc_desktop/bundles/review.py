"""What the user reviews after imports: conflict copies to restore, partner offices to trust.

Conflict copies and partner offices are this office's own notes: they do not travel in bundles.
Restoring a conflict copy is an ordinary edit made now, so it wins the next merge everywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from untoc_desktop.core.errors import UserError
from untoc_desktop.core.timeutil import now
from untoc_desktop.i18n import _
from untoc_desktop.store.workspace import Workspace

_BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "office_id", "deleted_at"})


@dataclass(frozen=True)
class Conflict:
    id: str
    table: str
    record_id: str
    record: dict[str, Any]  # the version that lost the merge, as it was
    source_office_id: str
    detected_at: str
    resolved_at: str | None


@dataclass(frozen=True)
class PartnerOffice:
    office_id: str
    name: str
    fingerprint: str
    first_seen: str
    last_bundle_at: str | None
    trusted: bool


def conflicts(ws: Workspace, *, include_resolved: bool = False) -> list[Conflict]:
    where = "1" if include_resolved else "resolved_at IS NULL"
    cur = ws.conn.execute(
        "SELECT id, table_name, record_id, record, source_office_id, detected_at, resolved_at FROM conflicts "
        f"WHERE {where} ORDER BY detected_at DESC, id"
    )
    return [Conflict(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5], r[6]) for r in cur]


def _conflict(ws: Workspace, conflict_id: str) -> Conflict:
    for item in conflicts(ws, include_resolved=True):
        if item.id == conflict_id:
            return item
    raise UserError(_("There is no conflict copy with the id {id}.").format(id=conflict_id))


def restore_conflict(ws: Workspace, conflict_id: str) -> None:
    """Make the kept version current again (as a new edit by this office) and mark it resolved."""
    item = _conflict(ws, conflict_id)
    current = ws.get(item.table, item.record_id)
    if current is None:
        raise UserError(_("The record this conflict copy belongs to no longer exists."))
    fields = {
        k: v
        for k, v in item.record.items()
        if k not in _BOOKKEEPING and k in ws.columns(item.table)
    }
    with ws.transaction():
        ws.update(item.table, item.record_id, **fields)
        if item.record.get("deleted_at") and not current["deleted_at"]:
            ws.delete(item.table, item.record_id)
        elif not item.record.get("deleted_at") and current["deleted_at"]:
            ws.restore(item.table, item.record_id)
        ws.conn.execute("UPDATE conflicts SET resolved_at = ? WHERE id = ?", (now(), conflict_id))


def dismiss_conflict(ws: Workspace, conflict_id: str) -> None:
    """Keep the merged version; the copy stays in the history as resolved."""
    _conflict(ws, conflict_id)
    with ws.transaction():
        ws.conn.execute("UPDATE conflicts SET resolved_at = ? WHERE id = ?", (now(), conflict_id))


def partner_offices(ws: Workspace) -> list[PartnerOffice]:
    cur = ws.conn.execute(
        "SELECT office_id, name, fingerprint, first_seen, last_bundle_at, trusted FROM partner_offices "
        "ORDER BY name, office_id"
    )
    return [PartnerOffice(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in cur]


def set_trusted(ws: Workspace, office_id: str, trusted: bool) -> None:
    """Record that the user compared this office's fingerprint (by phone, in person)."""
    with ws.transaction():
        cur = ws.conn.execute(
            "UPDATE partner_offices SET trusted = ? WHERE office_id = ?", (int(trusted), office_id)
        )
    if cur.rowcount == 0:
        raise UserError(_("There is no partner office with the id {id}.").format(id=office_id))


def forget_office(ws: Workspace, office_id: str) -> None:
    """Forget an office's key, e.g. after it really changed keys; its next bundle is a first use."""
    with ws.transaction():
        ws.conn.execute("DELETE FROM partner_offices WHERE office_id = ?", (office_id,))
