"""What bundles read and write: records as stored, the versions that have
travelled, conflict copies.

A bundle carries rows exactly as they are kept (JSON columns as text, tombstones included), and an
import writes them back with their own bookkeeping (their ids, times and office), which is why
these statements bypass ``Workspace.insert``/``update``: those stamp the row as a local edit made
now, which would make every imported row look newer than it is. The merge rules themselves (who
wins, what is a conflict) are in ``bundles.importer``; this module only stores what they decide.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from untoc_desktop.core.timeutil import now
from untoc_desktop.store.workspace import Record, Workspace, new_id

#: (updated_at, office_id): one version of one record.
Version = tuple[str, str]
#: SQLite's default limit on a function's arguments (127) allows json_object 63 columns.
_MAX_JSON_COLUMNS = 63


def _checked(ws: Workspace, table: str) -> frozenset[str]:
    return ws.columns(table)  # raises for anything but a record table


# ------------------------------------------------------------------------------ reading for export
def raw_rows(
    ws: Workspace,
    table: str,
    *,
    column: str | None = None,
    values: Iterable[str] = (),
    read: Iterable[str] = (),
    json_key: str | None,
    encode: Any = None,
) -> list[dict[str, Any]]:
    """Rows as stored, ordered by id: each a dict with the row's JSON under ``json_key`` (keys in
    sorted order; no JSON when ``json_key`` is None) and the columns named in ``read``; only rows
    whose ``column`` is one of ``values`` when ``column`` is given.

    SQLite writes each row's JSON (``json_object``) three times faster than Python built a dict of
    every column and encoded it (10,000 findings: 0.11 s instead of 0.34 s). ``encode`` (a JSON
    encoder) serves a table wider than ``json_object`` allows, should the schema ever grow so.
    """
    columns = sorted(_checked(ws, table))
    where, params = "1", []
    if column is not None:
        if column not in columns:
            raise ValueError(f"{table} has no column {column}")
        params = sorted(set(values))
        where = f"{column} IN ({', '.join('?' * len(params))})" if params else "0"
    wanted = [c for c in columns if c in set(read)]
    if json_key is None:
        selected = ", ".join(f'"{c}"' for c in wanted)
        cur = ws.conn.execute(f"SELECT {selected} FROM {table} WHERE {where} ORDER BY id", params)
        return [dict(zip(wanted, row, strict=True)) for row in cur]
    if len(columns) > _MAX_JSON_COLUMNS:
        cur = ws.conn.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY id", params)
        names = [d[0] for d in cur.description]
        return [
            {**(row := dict(zip(names, values_, strict=True))), json_key: encode.encode(row)}
            for values_ in cur
        ]
    pairs = ", ".join(f"'{c}', \"{c}\"" for c in columns)
    selected = "".join(f', "{c}"' for c in wanted)
    cur = ws.conn.execute(
        f"SELECT json_object({pairs}){selected} FROM {table} WHERE {where} ORDER BY id", params
    )
    return [{json_key: text, **dict(zip(wanted, rest, strict=True))} for text, *rest in cur]


def travelled_versions(ws: Workspace, table: str) -> Iterator[tuple[str, str, str, str]]:
    """(table, record id, updated_at, office_id) of every version of ``table``'s records that has
    left in or arrived with a bundle. One range scan of the key, filtered by the caller, rather
    than ``IN`` queries of 500 ids: an export asks for nearly every row anyway."""
    yield from ws.conn.execute(
        "SELECT table_name, record_id, updated_at, office_id FROM sync_versions "
        "WHERE table_name = ?",
        (table,),
    )


def remember_versions(ws: Workspace, versions: Iterable[tuple[str, str, str, str]]) -> None:
    """Versions that left or arrived in a bundle are known to others: a later edit here
    supersedes them instead of conflicting with them."""
    with ws.transaction():
        ws.conn.executemany(
            "INSERT OR IGNORE INTO sync_versions (table_name, record_id, updated_at, office_id) "
            "VALUES (?, ?, ?, ?)",
            sorted(set(versions)),
        )


def attachment_location(ws: Workspace, sha256: str) -> tuple[int, int, str] | None:
    """(rowid, size, mime) of a stored attachment, for reading it in chunks."""
    row = ws.conn.execute(
        "SELECT rowid, size, mime FROM attachments WHERE sha256 = ?", (sha256,)
    ).fetchone()
    return (int(row[0]), int(row[1]), str(row[2])) if row else None


def attachment_chunks(ws: Workspace, rowid: int, size: int) -> Iterator[bytes]:
    """An attachment's bytes in chunks of ``size``: ``blobopen`` where the driver has it;
    SQLCipher's driver (an encrypted workspace) has not, so ``substr`` reads the same chunks."""
    if hasattr(ws.conn, "blobopen"):
        with ws.conn.blobopen("attachments", "data", rowid, readonly=True) as blob:
            while chunk := blob.read(size):
                yield chunk
        return
    offset = 1
    while True:
        row = ws.conn.execute(
            "SELECT substr(data, ?, ?) FROM attachments WHERE rowid = ?", (offset, size, rowid)
        ).fetchone()
        if not row or not row[0]:
            return
        yield bytes(row[0])
        offset += len(row[0])


# ------------------------------------------------------------------------------ reading for import
def stored_row(ws: Workspace, table: str, record_id: str) -> Record | None:
    """A record exactly as stored (JSON as text, tombstones too): what a bundle
    row is compared to."""
    return stored_row_by(ws, table, ("id",), (record_id,))


def stored_row_by(
    ws: Workspace, table: str, columns: Sequence[str], values: Sequence[Any]
) -> Record | None:
    """The stored record whose ``columns`` equal ``values`` (NULLs equal too): a natural key."""
    known = _checked(ws, table)
    if not set(columns) <= known:
        raise ValueError(f"{table} has no columns {sorted(set(columns) - known)}")
    where = " AND ".join(f"{c} IS ?" for c in columns)
    cur = ws.conn.execute(f"SELECT * FROM {table} WHERE {where}", tuple(values))
    row = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None


def stored_keys(ws: Workspace, table: str, columns: Sequence[str]) -> set[tuple[Any, ...]]:
    """Every stored value of ``columns`` in ``table`` (tombstones too), in one scan: what the
    import's plan asks before looking a record up, so that a record this workspace does not have
    costs no query of its own."""
    known = _checked(ws, table)
    if not set(columns) <= known:
        raise ValueError(f"{table} has no columns {sorted(set(columns) - known)}")
    return set(ws.conn.execute(f"SELECT {', '.join(columns)} FROM {table}"))


def change_token(ws: Workspace) -> tuple[int, int]:
    """Changes since the connection opened and commits by other connections: equal tokens mean
    the workspace has not changed in between (an import's preview still holds for its apply)."""
    version = ws.conn.execute("PRAGMA data_version").fetchone()[0]
    return (ws.conn.total_changes, int(version))


def insert_rows(
    ws: Workspace, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """``insert_row`` for many rows with the same columns, in one statement."""
    known = _checked(ws, table)
    if not set(columns) <= known:
        raise ValueError(f"{table} has no columns {sorted(set(columns) - known)}")
    ws.conn.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        rows,
    )


def record_exists(ws: Workspace, table: str, record_id: str) -> bool:
    _checked(ws, table)
    return (
        ws.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (record_id,)).fetchone() is not None
    )


def known_versions(ws: Workspace, table: str, record_id: str) -> set[Version]:
    return set(
        ws.conn.execute(
            "SELECT updated_at, office_id FROM sync_versions "
            "WHERE table_name = ? AND record_id = ?",
            (table, record_id),
        )
    )


def dossier_of_finding(ws: Workspace, finding_id: str) -> str:
    row = ws.conn.execute("SELECT dossier_id FROM findings WHERE id = ?", (finding_id,)).fetchone()
    return str(row[0]) if row else ""


def dossier_title(ws: Workspace, dossier_id: str) -> str:
    row = ws.conn.execute("SELECT title FROM dossiers WHERE id = ?", (dossier_id,)).fetchone()
    return str(row[0]) if row else ""


def has_attachment(ws: Workspace, sha256: str) -> bool:
    found = ws.conn.execute("SELECT 1 FROM attachments WHERE sha256 = ?", (sha256,)).fetchone()
    return found is not None


# ------------------------------------------------------------------------------ writing an import
# These run inside the importer's one transaction (``Workspace.transaction``), never alone.
def put_attachment(ws: Workspace, sha256: str, data: bytes, mime: str, stamp: str) -> None:
    ws.conn.execute(
        "INSERT OR IGNORE INTO attachments (sha256, data, size, mime, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (sha256, sqlite3.Binary(data), len(data), mime, stamp),
    )


#: Files up to this size are stored as one bound value (``put_attachment_stream``).
_BOUND_WHOLE_BYTES = 4 * 2**20


def put_attachment_stream(
    ws: Workspace, sha256: str, size: int, chunks: Iterable[bytes], mime: str, stamp: str
) -> None:
    """Store an attachment of ``size`` bytes arriving in ``chunks``, unless one with that hash is
    already here (then ``chunks`` is not read).

    A file larger than 4 MiB is made a zero-filled blob of the right size, then written in place
    chunk by chunk (``blobopen``), so it is never whole in memory; binding it as one value made
    SQLite copy it once more. A smaller one is gathered and bound as one value: SQLite then
    writes its pages once instead of zeroes first (100 files of 2 MiB: 0.7 s instead of 1.0 s).
    SQLCipher's driver (an encrypted workspace) has no ``blobopen``: there every file is gathered
    first, one attachment at a time. More or fewer bytes than ``size`` raise ``ValueError`` (the
    caller's transaction then rolls back).
    """
    if has_attachment(ws, sha256):
        return
    if size <= _BOUND_WHOLE_BYTES or not hasattr(ws.conn, "blobopen"):
        parts, gathered = [], 0
        for chunk in chunks:
            parts.append(chunk)
            gathered += len(chunk)
            if gathered > size:
                raise ValueError(f"attachment {sha256[:12]} is longer than {size} bytes")
        if gathered != size:
            raise ValueError(f"attachment {sha256[:12]} is not {size} bytes long")
        put_attachment(ws, sha256, parts[0] if len(parts) == 1 else b"".join(parts), mime, stamp)
        return
    cur = ws.conn.execute(
        "INSERT INTO attachments (sha256, data, size, mime, created_at) "
        "VALUES (?, zeroblob(?), ?, ?, ?)",
        (sha256, size, size, mime, stamp),
    )
    rowid = cur.lastrowid
    assert rowid is not None
    written = 0
    with ws.conn.blobopen("attachments", "data", rowid) as blob:
        for chunk in chunks:
            if written + len(chunk) > size:
                raise ValueError(f"attachment {sha256[:12]} is longer than {size} bytes")
            blob.write(chunk)
            written += len(chunk)
    if written != size:
        raise ValueError(f"attachment {sha256[:12]} is shorter than {size} bytes")


def insert_row(ws: Workspace, table: str, row: dict[str, Any]) -> None:
    """Insert a row as it came, bookkeeping included (the caller checked its columns)."""
    insert_rows(ws, table, list(row), [tuple(row.values())])


def replace_row(ws: Workspace, table: str, old_id: str, row: dict[str, Any]) -> None:
    """The same thing under a smaller id: the local row gives way (such rows have no children)."""
    _checked(ws, table)
    ws.conn.execute(f"DELETE FROM {table} WHERE id = ?", (old_id,))
    insert_row(ws, table, row)


def overwrite_row(ws: Workspace, table: str, record_id: str, values: dict[str, Any]) -> None:
    _checked(ws, table)
    sets = ", ".join(f"{c} = ?" for c in values)
    ws.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*values.values(), record_id))


# ------------------------------------------------------------------------------ conflict copies
@dataclass(frozen=True)
class Conflict:
    id: str
    table: str
    record_id: str
    record: dict[str, Any]  # the version that lost the merge, as it was
    source_office_id: str
    detected_at: str
    resolved_at: str | None


def keep_conflict(
    ws: Workspace, table: str, record_id: str, loser: Record, source: str, stamp: str
) -> int:
    """Keep the version that lost a merge (once: the same version twice is one copy); returns
    how many copies were added (0 or 1)."""
    cur = ws.conn.execute(
        "INSERT OR IGNORE INTO conflicts (id, table_name, record_id, version_updated_at, "
        "version_office_id, record, source_office_id, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            new_id(),
            table,
            record_id,
            loser["updated_at"],
            loser["office_id"],
            json.dumps(loser, ensure_ascii=False, sort_keys=True),
            source,
            stamp,
        ),
    )
    return int(cur.rowcount)


def conflicts(ws: Workspace, *, include_resolved: bool = False) -> list[Conflict]:
    where = "1" if include_resolved else "resolved_at IS NULL"
    cur = ws.conn.execute(
        "SELECT id, table_name, record_id, record, source_office_id, detected_at, resolved_at "
        f"FROM conflicts WHERE {where} ORDER BY detected_at DESC, id"
    )
    return [Conflict(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5], r[6]) for r in cur]


def mark_resolved(ws: Workspace, conflict_id: str) -> None:
    with ws.transaction():
        ws.conn.execute("UPDATE conflicts SET resolved_at = ? WHERE id = ?", (now(), conflict_id))


# ------------------------------------------------------------------------------ authors' signatures
def version_signatures(ws: Workspace, table: str) -> dict[tuple[str, str, str], str]:
    """(record id, updated_at, office_id) -> the author's signature, for ``table``'s versions."""
    return {
        (r[0], r[1], r[2]): r[3]
        for r in ws.conn.execute(
            "SELECT record_id, updated_at, office_id, signature FROM version_signatures "
            "WHERE table_name = ?",
            (table,),
        )
    }


def remember_signatures(ws: Workspace, rows: Iterable[tuple[str, str, str, str, str]]) -> None:
    """Keep (table, record id, updated_at, office_id, signature) rows; a version's signature
    never changes, so a second copy is ignored."""
    with ws.transaction():
        ws.conn.executemany(
            "INSERT OR IGNORE INTO version_signatures "
            "(table_name, record_id, updated_at, office_id, signature) VALUES (?, ?, ?, ?, ?)",
            list(rows),
        )


def copy_signature(
    ws: Workspace, table: str, from_id: str, to_id: str, updated_at: str, office_id: str
) -> None:
    """File a version's signature under the id its record keeps after a natural-key merge."""
    ws.conn.execute(
        "INSERT OR IGNORE INTO version_signatures "
        "(table_name, record_id, updated_at, office_id, signature) "
        "SELECT table_name, ?, updated_at, office_id, signature FROM version_signatures "
        "WHERE table_name = ? AND record_id = ? AND updated_at = ? AND office_id = ?",
        (to_id, table, from_id, updated_at, office_id),
    )
