"""The workspace: one SQLite file that holds an office's whole work, attachments included.

All writes go through ``Workspace`` so that every record gets the same bookkeeping (UUID, times,
office id) and every edit is committed at once in its own transaction: the user never presses
"save", and a crash loses at most the keystroke being typed.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from untoc_desktop.core.errors import UserError, WorkspaceError
from untoc_desktop.core.timeutil import now, now_after
from untoc_desktop.i18n import _
from untoc_desktop.store import checkup
from untoc_desktop.store import db as dbmod
from untoc_desktop.store.db import (
    PassphraseRequiredError,
    WrongPassphraseError,
    normalize_passphrase,
)
from untoc_desktop.store.lock import WorkspaceLock
from untoc_desktop.store.schema import DOSSIER_CHILD_TABLES, RECORD_TABLES, SCHEMA_VERSION, migrate

if TYPE_CHECKING:
    from sqlite_utils import Database

Record = dict[str, Any]

FINDING_KINDS: tuple[str, ...] = (
    "gap",
    "good_practice",
    "ta_need",
    "recommendation",
    "observation",
)
DOSSIER_STATUSES: tuple[str, ...] = ("draft", "ready", "submitted", "archived")
JSON_COLUMNS: dict[str, tuple[str, ...]] = {
    "dossiers": ("instruments", "crime_types", "sdg_targets")
}
MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024

_BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "office_id", "deleted_at"})
_ENDORSEMENT_COLUMNS = (
    "endorsed_hash",
    "endorsement_signature",
    "endorsed_office_id",
    "endorsed_key_id",
    "endorsed_at",
)


#: The driver's errors the layers above may catch, named here so that none of them imports the
#: driver: using a workspace already closed (a wizard still on screen after a failed reopen), and a
#: damaged or unreadable file.
ClosedWorkspaceError = sqlite3.ProgrammingError
DamagedWorkspaceError = sqlite3.DatabaseError


__all__ = [
    "ClosedWorkspaceError",
    "DamagedWorkspaceError",
    "PassphraseRequiredError",
    "Record",
    "Workspace",
    "WrongPassphraseError",
    "new_id",
    "normalize_passphrase",
    "preload_sqlite_utils",
]


def preload_sqlite_utils() -> None:
    """Import sqlite-utils (and its plugin scan, about 0.12 s) ahead of the session's first write,
    at a moment the caller chooses: the interface does it once the window has painted."""
    import sqlite_utils  # noqa: F401


def new_id() -> str:
    return str(uuid.uuid4())


class Workspace:
    """An open workspace. Not thread-safe: give each worker thread its own ``Workspace.open``."""

    passphrase: str | None = None
    #: Copies an interrupted passphrase change left (some in clear text), erased at this opening.
    erased: checkup.Erased = checkup.Erased()

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: WorkspaceLock | None) -> None:
        self.path = path
        self.conn = conn
        self._db: Database | None = None
        self._lock = lock
        self._columns: dict[str, frozenset[str]] = {}

    @property
    def db(self) -> Database:
        """sqlite-utils on this connection, made at first use: importing it (and its plugin scan)
        costs about 0.1 s, which the start-up need not pay before the first paint."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    # ------------------------------------------------------------------ opening and closing
    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        create: bool = True,
        lock: bool = True,
        passphrase: str | None = None,
    ) -> Workspace:
        """Open (and migrate) the workspace at ``path``, refusing anything it should not touch.

        The one way in, for the command line and the interface: a non-regular file, an empty or
        cut-short one (``db.DamagedFileError``: damage, never a new workspace) and a ``-wal`` that
        is not the file's own are refused before SQLite touches them; under the lock, temporary
        copies a killed passphrase change left are erased (``erased``).

        ``lock=False`` is for extra connections of the same process (worker threads), which must
        not fight the main connection for the single-instance lock. ``passphrase`` opens an
        encrypted workspace (``db.PassphraseRequiredError`` without it, ``db.WrongPassphraseError``
        for a wrong one, nothing written either way); a new file opened with one is created
        encrypted. A plain workspace ignores it.
        """
        path = Path(path).expanduser()
        exists = dbmod.check_file(path, passphrase=passphrase)
        if exists and not dbmod.is_encrypted(path):
            passphrase = None
        if not exists and not create:
            raise WorkspaceError(_("The workspace {path} does not exist.").format(path=path))
        if not exists:
            path.parent.mkdir(parents=True, exist_ok=True)
        guard = WorkspaceLock(path) if lock else None
        if guard:
            guard.acquire()
        erased = checkup.Erased()
        try:
            if guard:
                # Only the lock holder judges the WAL and the leftovers: a worker (lock=False) of
                # the same process would see the live WAL and the passphrase change in progress.
                checkup.vet_wal(path, passphrase if exists else None)
                erased = checkup.erase_leftovers(path)
            conn = dbmod.connect(path, passphrase)
            try:
                migrate(conn)
            except sqlite3.DatabaseError as exc:
                conn.close()
                raise WorkspaceError(
                    _("The workspace {path} could not be upgraded: {reason}").format(
                        path=path, reason=exc
                    )
                ) from exc
            workspace = cls(path, conn, guard)
            # Kept in memory only, so a worker thread can open its own connection:
            # Workspace.open(ws.path, lock=False, passphrase=ws.passphrase).
            workspace.passphrase = passphrase
            workspace.erased = erased
            workspace._ensure_office()
        except BaseException:
            if guard:
                guard.release()
            raise
        return workspace

    def close(self) -> None:
        try:
            self.conn.close()
        finally:
            if self._lock:
                self._lock.release()

    def is_open(self) -> bool:
        """False once closed (for instance after reopening the file failed)."""
        try:
            self.conn.execute("SELECT 1")
        except sqlite3.ProgrammingError:
            return False
        return True

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Workspace]:
        """Group several edits so they land together or not at all (nests with savepoints)."""
        with self.db.atomic():
            yield self

    @contextmanager
    def snapshot(self) -> Iterator[Workspace]:
        """Reads that all see one state of the workspace, whatever other connections commit
        meanwhile (a read transaction: WAL keeps the state it began with). A bundle export reads
        the records after their attachments; without this, an attachment added in between would
        leave a record pointing at a file the bundle lacks. Write nothing inside: a write would
        fail once another connection has written.

        Plain BEGIN and COMMIT rather than ``transaction``: a read needs no savepoints, and a
        bundle export reads its attachments beside scrypt's 256 MiB without loading sqlite-utils
        (13 MiB), which its writes load after."""
        if self.conn.in_transaction:  # already inside one: it is the snapshot
            yield self
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")  # ends the read; nothing was written

    # ------------------------------------------------------------------ office identity and meta
    def _ensure_office(self) -> None:
        if self.meta("office_id") is None:
            with self.transaction():
                self.set_meta("office_id", new_id())
                self.set_meta("office_name", "")
                self.set_meta("created_at", now())

    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @property
    def office_id(self) -> str:
        return self.meta("office_id") or ""

    @property
    def schema_version(self) -> int:
        return SCHEMA_VERSION

    # ------------------------------------------------------------------ generic records
    def columns(self, table: str) -> frozenset[str]:
        if table not in self._columns:
            if table not in RECORD_TABLES:
                raise ValueError(f"not a record table: {table}")
            self._columns[table] = frozenset(
                row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")
            )
        return self._columns[table]

    def _encode(self, table: str, fields: dict[str, Any]) -> dict[str, Any]:
        unknown = set(fields) - self.columns(table)
        if unknown:
            raise ValueError(f"unknown columns for {table}: {sorted(unknown)}")
        out = dict(fields)
        for column in JSON_COLUMNS.get(table, ()):
            if column in out and not isinstance(out[column], str):
                out[column] = json.dumps(list(out[column]))
        for key, value in out.items():
            if isinstance(value, bool):
                out[key] = int(value)
        return out

    def _decode(self, table: str, row: Record | None) -> Record | None:
        if row is None:
            return None
        for column in JSON_COLUMNS.get(table, ()):
            if column in row and isinstance(row[column], str):
                row[column] = json.loads(row[column] or "[]")
        return row

    def insert(self, table: str, **fields: Any) -> str:
        """Insert a record and return its id; bookkeeping columns are filled here."""
        stamp = now()
        record = self._encode(table, {k: v for k, v in fields.items() if k not in _BOOKKEEPING})
        record.update(
            id=fields.get("id") or new_id(),
            created_at=stamp,
            updated_at=stamp,
            office_id=self.office_id,
        )
        with self.transaction():
            self.db.table(table).insert(record)
        return str(record["id"])

    def update(self, table: str, record_id: str, **fields: Any) -> None:
        """Change fields of one record; a no-op edit does not touch ``updated_at``."""
        changes = self._encode(table, {k: v for k, v in fields.items() if k not in _BOOKKEEPING})
        if not changes:
            return
        with self.transaction():
            current = self._raw(table, record_id)
            if current is None:
                raise KeyError(f"{table}/{record_id}")
            if all(current.get(k) == v for k, v in changes.items()):
                return
            changes.update(updated_at=now_after(current["updated_at"]), office_id=self.office_id)
            sets = ", ".join(f"{column} = ?" for column in changes)
            self.conn.execute(
                f"UPDATE {table} SET {sets} WHERE id = ?", (*changes.values(), record_id)
            )

    def _raw(self, table: str, record_id: str) -> Record | None:
        self.columns(table)
        cur = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (record_id,))
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cur.description], row, strict=True))

    def get(self, table: str, record_id: str) -> Record | None:
        return self._decode(table, self._raw(table, record_id))

    def rows(
        self,
        table: str,
        where: str = "1",
        params: Iterable[Any] = (),
        *,
        order_by: str = "created_at",
        include_deleted: bool = False,
    ) -> list[Record]:
        self.columns(table)
        clause = f"({where})" if include_deleted else f"({where}) AND deleted_at IS NULL"
        cur = self.conn.execute(
            f"SELECT * FROM {table} WHERE {clause} ORDER BY {order_by}", tuple(params)
        )
        names = [d[0] for d in cur.description]
        return [self._decode(table, dict(zip(names, row, strict=True))) for row in cur]  # type: ignore[misc]

    def delete(self, table: str, record_id: str) -> None:
        """Move a record to the trash; it stays restorable and travels in bundles as a tombstone."""
        with self.transaction():
            stamp = self._next_stamp(table, record_id)
            self.conn.execute(
                f"UPDATE {table} SET deleted_at = ?, updated_at = ?, office_id = ? "
                "WHERE id = ? AND deleted_at IS NULL",
                (stamp, stamp, self.office_id, record_id),
            )

    def restore(self, table: str, record_id: str) -> None:
        with self.transaction():
            self.conn.execute(
                f"UPDATE {table} SET deleted_at = NULL, updated_at = ?, office_id = ? WHERE id = ?",
                (self._next_stamp(table, record_id), self.office_id, record_id),
            )

    def _next_stamp(self, table: str, record_id: str) -> str:
        current = self._raw(table, record_id)
        return now_after(current["updated_at"] if current else None)

    #: Records the trash view lists: everything a user (or a partner's bundle) can delete.
    TRASH_TABLES = (
        "dossiers",
        "findings",
        "evidence",
        "partners",
        "engagement_log",
        "milestones",
        "focal_points",
        "declaration_sections",
        "signatories",
        "pledge_commitments",
        "stakeholders",
        "public_messages",
        "recommendation_status",
    )

    def trash(self) -> list[tuple[str, Record]]:
        """Deleted records, newest first, for the trash view (a partner's deletion lands here too,
        so every kind it can delete must be listed to be restorable)."""
        items: list[tuple[str, Record]] = []
        for table in self.TRASH_TABLES:
            for row in self.rows(table, "deleted_at IS NOT NULL", include_deleted=True):
                items.append((table, row))
        items.sort(key=lambda item: item[1]["deleted_at"], reverse=True)
        return items

    def purge(self, table: str, record_id: str) -> None:
        """Erase a trashed record for good (its children go with it through ON DELETE CASCADE)."""
        with self.transaction():
            self.conn.execute(
                f"DELETE FROM {table} WHERE id = ? AND deleted_at IS NOT NULL", (record_id,)
            )

    # ------------------------------------------------------------------ attachments
    def add_attachment(self, data: bytes, *, mime: str = "application/octet-stream") -> str:
        """Store bytes once, by SHA-256, and return the hash (the attachment's identity)."""
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise UserError(
                _("The file is too large to attach ({size} MB; the limit is {limit} MB).").format(
                    size=len(data) // (1024 * 1024), limit=MAX_ATTACHMENT_BYTES // (1024 * 1024)
                )
            )
        digest = hashlib.sha256(data).hexdigest()
        with self.transaction():
            self.conn.execute(
                "INSERT OR IGNORE INTO attachments (sha256, data, size, mime, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (digest, sqlite3.Binary(data), len(data), mime, now()),
            )
        return digest

    def add_attachment_file(self, path: str | Path) -> tuple[str, str]:
        """Attach a file from disk; returns (sha256, file name)."""
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UserError(
                _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
            ) from exc
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return self.add_attachment(data, mime=mime), path.name

    def attachment(self, sha256: str) -> bytes | None:
        row = self.conn.execute(
            "SELECT data FROM attachments WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return bytes(row[0]) if row else None

    def attachment_info(self, sha256: str) -> Record | None:
        cur = self.conn.execute(
            "SELECT sha256, size, mime, created_at FROM attachments WHERE sha256 = ?", (sha256,)
        )
        row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None

    # ------------------------------------------------------------------ organization profile
    def organization(self) -> Record:
        """The office's own organization profile, created empty on first use."""
        org_id = self.meta("organization_id")
        row = self.get("organizations", org_id) if org_id else None
        if row is None:
            with self.transaction():
                org_id = self.insert("organizations")
                self.set_meta("organization_id", org_id)
            row = self.get("organizations", org_id)
        assert row is not None
        return row

    def save_organization(self, **fields: Any) -> None:
        self.update("organizations", self.organization()["id"], **fields)

    # ------------------------------------------------------------------ dossiers
    def create_dossier(
        self, *, title: str = "", country: str = "", language: str = "en", **fields: Any
    ) -> str:
        with self.transaction():
            dossier_id = self.insert(
                "dossiers",
                organization_id=self.organization()["id"],
                title=title,
                country=country,
                language=language,
                **fields,
            )
            self.insert("focal_points", dossier_id=dossier_id)
        return dossier_id

    def dossier(self, dossier_id: str) -> Record | None:
        return self.get("dossiers", dossier_id)

    def dossiers(self, *, include_deleted: bool = False) -> list[Record]:
        return self.rows("dossiers", order_by="updated_at DESC", include_deleted=include_deleted)

    def children(
        self, table: str, dossier_id: str, *, order_by: str = "position, created_at"
    ) -> list[Record]:
        if table not in DOSSIER_CHILD_TABLES:
            raise ValueError(f"{table} does not belong to a dossier")
        if order_by == "position, created_at" and "position" not in self.columns(table):
            order_by = "created_at"
        return self.rows(table, "dossier_id = ?", (dossier_id,), order_by=order_by)

    def focal_point(self, dossier_id: str) -> Record:
        rows = self.rows("focal_points", "dossier_id = ?", (dossier_id,), include_deleted=True)
        if rows:
            return rows[0]
        self.insert("focal_points", dossier_id=dossier_id)
        return self.rows("focal_points", "dossier_id = ?", (dossier_id,))[0]

    def set_focal_point(self, dossier_id: str, **fields: Any) -> None:
        self.update("focal_points", self.focal_point(dossier_id)["id"], **fields)

    def selected_articles(self, dossier_id: str) -> list[tuple[str, int]]:
        rows = self.rows(
            "dossier_articles", "dossier_id = ?", (dossier_id,), order_by="instrument, article"
        )
        return [(r["instrument"], r["article"]) for r in rows]

    def set_article_selected(
        self, dossier_id: str, instrument: str, article: int, selected: bool
    ) -> None:
        """Select or unselect an article; unselecting keeps the row as a tombstone for bundles."""
        with self.transaction():
            rows = self.rows(
                "dossier_articles",
                "dossier_id = ? AND instrument = ? AND article = ?",
                (dossier_id, instrument, article),
                include_deleted=True,
            )
            if not rows:
                if selected:
                    self.insert(
                        "dossier_articles",
                        dossier_id=dossier_id,
                        instrument=instrument,
                        article=article,
                    )
                return
            row = rows[0]
            if selected and row["deleted_at"]:
                self.restore("dossier_articles", row["id"])
            elif not selected and not row["deleted_at"]:
                self.delete("dossier_articles", row["id"])

    def next_position(self, table: str, dossier_id: str) -> int:
        row = self.conn.execute(
            f"SELECT COALESCE(MAX(position), 0) + 1 FROM {table} WHERE dossier_id = ?",
            (dossier_id,),
        ).fetchone()
        return int(row[0])

    def add_finding(
        self,
        dossier_id: str,
        kind: str,
        text: str,
        *,
        instrument: str | None = None,
        article: int | None = None,
        sensitive: bool = False,
    ) -> str:
        if kind not in FINDING_KINDS:
            raise ValueError(f"unknown finding kind {kind!r}")
        return self.insert(
            "findings",
            dossier_id=dossier_id,
            kind=kind,
            text=text,
            instrument=instrument,
            article=article,
            sensitive=sensitive,
            position=self.next_position("findings", dossier_id),
        )

    def add_evidence(
        self,
        dossier_id: str,
        *,
        source: str = "",
        date: str = "",
        description: str = "",
        attachment: str | Path | None = None,
        sensitive: bool = False,
    ) -> str:
        sha, name = (None, "")
        if attachment is not None:
            sha, name = self.add_attachment_file(attachment)
        return self.insert(
            "evidence",
            dossier_id=dossier_id,
            source=source,
            date=date,
            description=description,
            attachment_sha256=sha,
            attachment_name=name,
            sensitive=sensitive,
            position=self.next_position("evidence", dossier_id),
        )

    def link_evidence(self, finding_id: str, evidence_id: str) -> None:
        with self.transaction():
            rows = self.rows(
                "finding_evidence",
                "finding_id = ? AND evidence_id = ?",
                (finding_id, evidence_id),
                include_deleted=True,
            )
            if not rows:
                self.insert("finding_evidence", finding_id=finding_id, evidence_id=evidence_id)
            elif rows[0]["deleted_at"]:
                self.restore("finding_evidence", rows[0]["id"])

    def unlink_evidence(self, finding_id: str, evidence_id: str) -> None:
        for row in self.rows(
            "finding_evidence", "finding_id = ? AND evidence_id = ?", (finding_id, evidence_id)
        ):
            self.delete("finding_evidence", row["id"])

    def evidence_for(self, finding_id: str) -> list[str]:
        return [
            r["evidence_id"] for r in self.rows("finding_evidence", "finding_id = ?", (finding_id,))
        ]

    def duplicate_dossier(self, dossier_id: str, *, title: str | None = None) -> str:
        """Copy a dossier with all its content under new ids (attachments are shared by hash)."""
        source = self.dossier(dossier_id)
        if source is None:
            raise KeyError(dossier_id)
        with self.transaction():
            fields = {k: v for k, v in source.items() if k not in _BOOKKEEPING}
            fields["title"] = (
                title if title is not None else _("{title} (copy)").format(title=source["title"])
            )
            fields["status"] = "draft"
            new = self.insert("dossiers", **fields)
            id_map: dict[str, str] = {}
            for table in DOSSIER_CHILD_TABLES:
                for row in self.rows(table, "dossier_id = ?", (dossier_id,)):
                    copy = {k: v for k, v in row.items() if k not in _BOOKKEEPING}
                    copy["dossier_id"] = new
                    if table == "signatories":
                        # A copy is a new text: an endorsement signed the original, not this one.
                        copy.update({column: "" for column in _ENDORSEMENT_COLUMNS})
                    id_map[row["id"]] = self.insert(table, **copy)
            for link in self.rows(
                "finding_evidence",
                "finding_id IN "
                "(SELECT id FROM findings WHERE dossier_id = ? AND deleted_at IS NULL)",
                (dossier_id,),
            ):
                if link["finding_id"] in id_map and link["evidence_id"] in id_map:
                    self.insert(
                        "finding_evidence",
                        finding_id=id_map[link["finding_id"]],
                        evidence_id=id_map[link["evidence_id"]],
                    )
        return new

    # ------------------------------------------------------------------ State corrections
    def state_corrections(self, country: str) -> dict[str, str]:
        rows = self.rows("state_corrections", "country = ?", (country,))
        return {r["field"]: r["value"] for r in rows}

    def correct_state(self, country: str, field: str, value: str, note: str = "") -> None:
        """Record the user's correction of a shipped fact about a State (party
        status, review group)."""
        with self.transaction():
            rows = self.rows(
                "state_corrections",
                "country = ? AND field = ?",
                (country, field),
                include_deleted=True,
            )
            if rows:
                self.update("state_corrections", rows[0]["id"], value=value, note=note)
                if rows[0]["deleted_at"]:
                    self.restore("state_corrections", rows[0]["id"])
            else:
                self.insert(
                    "state_corrections", country=country, field=field, value=value, note=note
                )

    # ------------------------------------------------------------------ integrity
    def integrity_problems(self) -> list[str]:
        """SQLite's integrity and foreign-key checks plus attachment hashes; empty when sound."""
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [
            f"foreign key: {table} row {rowid} -> {parent}"
            for table, rowid, parent, _fk in self.conn.execute("PRAGMA foreign_key_check")
        ]
        for sha, data in self.conn.execute("SELECT sha256, data FROM attachments"):
            if hashlib.sha256(data).hexdigest() != sha:
                problems.append(f"attachment {sha[:12]}: content does not match its hash")
        return problems


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
