"""Opening the workspace file safely, in clear or encrypted with SQLCipher.

Everything that could refuse a file (not SQLite, newer schema, read-only, held by another
instance, wrong passphrase) is checked *before* the file is opened for writing, because merely
switching an SQLite file to WAL mode rewrites its header. Every connection gets the same pragmas:
WAL journal, ``synchronous=FULL`` (a committed edit survives a power cut, which WAL with NORMAL
does not promise), foreign keys on, and a busy timeout so a second thread waits instead of failing.

An encrypted workspace is an SQLCipher 4 file (AES-256, a random salt in its first 16 bytes,
PBKDF2-HMAC-SHA512 over the passphrase, an HMAC on every page). Its first bytes are therefore not
"SQLite format 3", which is how an encrypted workspace is told from a plain one. Unencrypted
workspaces keep Python's own ``sqlite3`` so nothing changes for them; encrypted ones get an
SQLCipher connection whose errors are re-raised as the matching ``sqlite3`` exceptions, so every
``except sqlite3.IntegrityError`` in the project works the same on both kinds.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import unicodedata
from pathlib import Path
from typing import Any

from untoc_desktop.core.errors import WorkspaceError
from untoc_desktop.i18n import _
from untoc_desktop.store.schema import SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 10.0
#: SQLCipher pages are a power of two of at least 512 bytes, so an encrypted file's
#: size is a multiple of it.
_MIN_PAGE = 512


class PassphraseRequiredError(WorkspaceError):
    """The workspace is encrypted and no passphrase was given: ask for one, then open again."""


class WrongPassphraseError(WorkspaceError):
    """The passphrase does not open the workspace (or the file is not a workspace at all)."""


class DamagedFileError(WorkspaceError):
    """The file at the workspace path is damaged (empty, cut short, a WAL that is not its own):
    never opened as it stands, never taken for a new workspace. ``problem`` is the short reason
    the recovery reports."""

    def __init__(self, message: str, problem: str) -> None:
        super().__init__(message)
        self.problem = problem


def normalize_passphrase(passphrase: str) -> str:
    """The passphrase as SQLCipher sees it: NFC, so "é" typed on any keyboard gives the same key."""
    return unicodedata.normalize("NFC", passphrase)


def _key_literal(passphrase: str) -> str:
    """``PRAGMA key`` cannot take a bound parameter, so the passphrase is
    quoted as an SQL string."""
    value = normalize_passphrase(passphrase)
    if "\x00" in value:
        raise WorkspaceError(_("A passphrase cannot contain a NUL character."))
    return "'" + value.replace("'", "''") + "'"


def _not_regular(path: Path) -> WorkspaceError:
    if path.is_dir():
        return WorkspaceError(_("{path} is a folder, not a workspace file.").format(path=path))
    return WorkspaceError(
        _(
            "{path} is not a regular file (it is a pipe, a socket or a device), so it cannot be a "
            "workspace. Nothing was changed."
        ).format(path=path)
    )


def require_regular(path: Path) -> os.stat_result | None:
    """The file's status, None when nothing is there; anything but a regular file (a folder, a
    FIFO, a socket, a device) is refused here, before anything opens it: opening a FIFO blocks
    until a writer comes, reading a device never ends."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WorkspaceError(
            _("Cannot read the workspace {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(path)
    return info


def require_intact(path: Path) -> None:
    """Refuse an empty or cut-short file: it is damage, not a new workspace (a workspace is created
    only where no file exists). SQLite writes at least one whole page (512 bytes or more)."""
    info = require_regular(path)
    if info is None or info.st_size >= _MIN_PAGE:
        return
    if info.st_size == 0:
        problem = _("the file is empty (0 bytes)")
    elif read_header(path) == SQLITE_HEADER[: min(info.st_size, len(SQLITE_HEADER))]:
        problem = _("the file is cut short ({size} bytes)").format(size=info.st_size)
    else:
        return  # someone else's small file: refused as not a workspace, not set aside
    raise DamagedFileError(
        _("The workspace {path} is damaged: {problem}. Nothing was changed.").format(
            path=path, problem=problem
        ),
        problem,
    )


def read_header(path: Path) -> bytes:
    """The first bytes of the file, without ever blocking: a non-regular file is refused."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if path.exists() and not path.is_file():
            raise _not_regular(path) from exc
        raise WorkspaceError(
            _("Cannot read the workspace {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _not_regular(path)
        return os.read(fd, len(SQLITE_HEADER))
    except OSError as exc:
        raise WorkspaceError(
            _("Cannot read the workspace {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from exc
    finally:
        os.close(fd)


def looks_encrypted(path: Path) -> bool:
    """Whether ``path`` could be an encrypted workspace: not plain SQLite, and whole pages long.

    Without the passphrase nothing more can be known (that is the point of the encryption), so a
    random file of the right size is reported as "maybe encrypted" and the passphrase decides.
    """
    header = read_header(path)
    if not header or header == SQLITE_HEADER:
        return False
    size = path.stat().st_size
    return size >= _MIN_PAGE and size % _MIN_PAGE == 0


def is_encrypted(path: Path) -> bool:
    """Whether the existing workspace at ``path`` is (or looks like) an encrypted one."""
    return path.exists() and path.is_file() and looks_encrypted(path)


def check_file(path: Path, *, writable: bool = True, passphrase: str | None = None) -> bool:
    """Refuse a file that is not a workspace we may open; returns whether it already exists.

    For an encrypted file the passphrase is tried on a read-only connection, so a wrong one is
    reported before anything is written (no WAL switch, no ``-wal`` file, the file untouched).
    """
    if require_regular(path) is None:
        parent = path.parent if str(path.parent) else Path(".")
        if writable and parent.exists() and not os.access(parent, os.W_OK):
            raise WorkspaceError(
                _("Cannot create the workspace {path}: the folder is read-only.").format(path=path)
            )
        return False
    require_intact(path)
    header = read_header(path)
    encrypted = bool(header) and header != SQLITE_HEADER
    if encrypted and not looks_encrypted(path):
        raise not_a_workspace(path)
    if encrypted and passphrase is None:
        raise passphrase_required(path)
    if writable and (not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)):
        raise WorkspaceError(
            _("The workspace {path} is read-only. Copy it to a folder you can write to.").format(
                path=path
            )
        )
    if header:
        version = _peek_version(path, passphrase if encrypted else None)
        if version > SCHEMA_VERSION:
            raise newer_version(path, version)
    return True


def not_a_workspace(path: Path) -> WorkspaceError:
    return WorkspaceError(
        _("{path} is not an UNTOC Desktop workspace (it is not an SQLite database).").format(
            path=path
        )
    )


def passphrase_required(path: Path) -> PassphraseRequiredError:
    return PassphraseRequiredError(
        _(
            "The workspace {path} is encrypted (or it is not a workspace). "
            "Enter its passphrase to open it."
        ).format(path=path)
    )


def newer_version(path: Path, version: int) -> WorkspaceError:
    return WorkspaceError(
        _(
            "The workspace {path} was saved by a newer version of UNTOC Desktop "
            "(schema {found}, this version knows {known}). "
            "Update the application to open it."
        ).format(path=path, found=version, known=SCHEMA_VERSION)
    )


def _peek_version(path: Path, passphrase: str | None = None) -> int:
    """Read ``user_version`` without writing anything to the file (checking the
    passphrase on the way).

    While a ``-wal`` with content lies beside it, the file is read alone (``immutable``): that WAL
    may belong to another file (``checkup.vet_wal`` judges it, under the lock), and a read-only
    connection would still make a ``-shm`` beside it.
    """
    wal = path.with_name(path.name + "-wal")
    pending = wal.is_file() and wal.stat().st_size > 0
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if pending else "")
    try:
        if passphrase is None:
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
        else:
            conn = _cipher_connect(uri, passphrase, path, uri=True)
        try:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise WorkspaceError(
            _("The workspace {path} is damaged or not a database: {reason}").format(
                path=path, reason=exc
            )
        ) from exc


def connect(path: Path, passphrase: str | None = None) -> sqlite3.Connection:
    """A connection with the workspace pragmas; one per thread (sqlite3 checks the thread).

    With a passphrase the key is given first, verified, and only then is the journal switched to
    WAL; a new file opened with a passphrase is created encrypted from its first page.
    """
    try:
        if passphrase is None:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
        else:
            conn = _cipher_connect(str(path), passphrase, path)
        configure(conn)
    except sqlite3.DatabaseError as exc:
        raise WorkspaceError(
            _("The workspace {path} is damaged or not a database: {reason}").format(
                path=path, reason=exc
            )
        ) from exc
    return conn


def _cipher_connect(
    target: str, passphrase: str, path: Path, *, uri: bool = False
) -> sqlite3.Connection:
    """An SQLCipher connection keyed with ``passphrase``; a wrong one raises
    ``WrongPassphraseError``."""
    from untoc_desktop.store import cipher

    conn = cipher.connect(target, uri=uri, timeout=BUSY_TIMEOUT_S)
    try:
        # SQLCipher logs decryption failures to stderr by default; the CLI promises one line there.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {_key_literal(passphrase)}")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            raise WrongPassphraseError(
                _(
                    "Wrong passphrase: the workspace {path} could not be opened. "
                    "Nothing was changed."
                ).format(path=path)
            ) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def configure(conn: sqlite3.Connection | Any) -> None:
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if str(mode).lower() != "wal" and str(conn.execute("PRAGMA database_list").fetchone()[2]):
        raise sqlite3.DatabaseError(f"cannot switch to WAL journal (got {mode})")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
