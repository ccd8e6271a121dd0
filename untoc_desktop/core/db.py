"""Opening the workspace file safely.

Everything that could refuse a file (not SQLite, newer schema, read-only, held by another
instance) is checked *before* the file is opened for writing, because merely switching an SQLite
file to WAL mode rewrites its header. Every connection gets the same pragmas: WAL journal,
``synchronous=FULL`` (a committed edit survives a power cut, which WAL with NORMAL does not
promise), foreign keys on, and a busy timeout so a second thread waits instead of failing.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from untoc_desktop.core.errors import WorkspaceError
from untoc_desktop.core.schema import SCHEMA_VERSION
from untoc_desktop.i18n import _

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 10.0


def check_file(path: Path, *, writable: bool = True) -> bool:
    """Refuse a file that is not a workspace we may open; returns whether it already exists."""
    if path.is_dir():
        raise WorkspaceError(_("{path} is a folder, not a workspace file.").format(path=path))
    if not path.exists():
        parent = path.parent if str(path.parent) else Path(".")
        if writable and parent.exists() and not os.access(parent, os.W_OK):
            raise WorkspaceError(
                _("Cannot create the workspace {path}: the folder is read-only.").format(path=path)
            )
        return False
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise WorkspaceError(
            _("Cannot read the workspace {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from exc
    if header and header != SQLITE_HEADER:
        raise WorkspaceError(
            _("{path} is not an UNTOC Desktop workspace (it is not an SQLite database).").format(path=path)
        )
    if writable and (not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)):
        raise WorkspaceError(
            _("The workspace {path} is read-only. Copy it to a folder you can write to.").format(path=path)
        )
    if header:
        version = _peek_version(path)
        if version > SCHEMA_VERSION:
            raise WorkspaceError(
                _(
                    "The workspace {path} was saved by a newer version of UNTOC Desktop "
                    "(schema {found}, this version knows {known}). Update the application to open it."
                ).format(path=path, found=version, known=SCHEMA_VERSION)
            )
    return True


def _peek_version(path: Path) -> int:
    """Read ``user_version`` without writing anything to the file."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise WorkspaceError(
            _("The workspace {path} is damaged or not a database: {reason}").format(path=path, reason=exc)
        ) from exc


def connect(path: Path) -> sqlite3.Connection:
    """A connection with the workspace pragmas; one per thread (sqlite3 checks the thread)."""
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
        configure(conn)
    except sqlite3.DatabaseError as exc:
        raise WorkspaceError(
            _("The workspace {path} is damaged or not a database: {reason}").format(path=path, reason=exc)
        ) from exc
    return conn


def configure(conn: sqlite3.Connection) -> None:
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if str(mode).lower() != "wal" and str(conn.execute("PRAGMA database_list").fetchone()[2]):
        raise sqlite3.DatabaseError(f"cannot switch to WAL journal (got {mode})")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
