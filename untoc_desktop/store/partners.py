"""Partner offices: the other offices whose signed bundles this office has received, and their keys.

Trust on first use: the first bundle from an office records its public key; a later bundle signed
by another key for the same office drops the "confirmed" mark, so the user compares fingerprints
again. These rows are this office's own notes and never travel in bundles.
"""

from __future__ import annotations

from dataclasses import dataclass

from untoc_desktop.store.workspace import Workspace


@dataclass(frozen=True)
class PartnerOffice:
    office_id: str
    name: str
    fingerprint: str
    first_seen: str
    last_bundle_at: str | None
    trusted: bool


def partner_offices(ws: Workspace) -> list[PartnerOffice]:
    cur = ws.conn.execute(
        "SELECT office_id, name, fingerprint, first_seen, last_bundle_at, trusted "
        "FROM partner_offices ORDER BY name, office_id"
    )
    return [PartnerOffice(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in cur]


def public_keys(ws: Workspace) -> dict[str, str]:
    """office id -> public key (base64) of every office seen."""
    return {
        r[0]: r[1] for r in ws.conn.execute("SELECT office_id, public_key FROM partner_offices")
    }


def public_key(ws: Workspace, office_id: str) -> str | None:
    row = ws.conn.execute(
        "SELECT public_key FROM partner_offices WHERE office_id = ?", (office_id,)
    ).fetchone()
    return str(row[0]) if row else None


def remember(
    ws: Workspace,
    *,
    office_id: str,
    name: str,
    public_key: str,
    fingerprint: str,
    seen_at: str,
    bundle_made_at: str,
) -> None:
    """Record a signer: a new office's key, the newest name and bundle time of a known one; a
    changed key loses the confirmed mark."""
    ws.conn.execute(
        "INSERT INTO partner_offices "
        "(office_id, name, public_key, fingerprint, first_seen, last_bundle_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(office_id) DO UPDATE SET "
        "name = CASE WHEN excluded.last_bundle_at > COALESCE(last_bundle_at, '') "
        "THEN excluded.name ELSE name END, "
        "last_bundle_at = MAX(COALESCE(last_bundle_at, ''), excluded.last_bundle_at), "
        "public_key = excluded.public_key, fingerprint = excluded.fingerprint, "
        "trusted = CASE WHEN public_key = excluded.public_key THEN trusted ELSE 0 END",
        (office_id, name, public_key, fingerprint, seen_at, bundle_made_at),
    )


def set_trusted(ws: Workspace, office_id: str, trusted: bool) -> bool:
    """Mark (or unmark) an office as confirmed; False when no such office is known."""
    with ws.transaction():
        cur = ws.conn.execute(
            "UPDATE partner_offices SET trusted = ? WHERE office_id = ?", (int(trusted), office_id)
        )
    return cur.rowcount > 0


def forget(ws: Workspace, office_id: str) -> None:
    with ws.transaction():
        ws.conn.execute("DELETE FROM partner_offices WHERE office_id = ?", (office_id,))
