"""Looking at a workspace file without changing a byte: snapshots, a ``-wal`` that does not belong,
and clear-text copies that an interrupted passphrase change left beside it.

SQLite applies whatever ``<name>-wal`` lies beside a database when it opens it, and checkpoints it
into the file when the last connection closes: nothing in a WAL says which file it was written for.
A ``-wal`` copied along with another workspace, or left over from an older copy of this one, would
be folded in silently and the file would hold a mix of two workspaces. So before any connection is
made on the file itself, a ``-wal`` with content is judged on private copies: the file alone and the
file with its WAL must both be sound and name the same office. Only a WAL that passes is left for
SQLite to apply (``vet_wal``, called by ``Workspace.open`` under the workspace lock).

``snapshot`` is how ``check`` reads: the file opened ``immutable`` when there is no WAL (SQLite then
creates nothing beside it), else the file and its WAL copied into a private folder first.

Every passphrase change writes the new file as ``.~untoc-<name>-<random>.tmp`` beside the
workspace; a process killed then leaves it behind, possibly in clear text (``passphrase remove``).
``leftover_copies`` finds those of one workspace; ``erase_leftovers`` overwrites and removes them.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from untoc_desktop.core.errors import WorkspaceError
from untoc_desktop.core.safe_write import TEMP_PREFIX, TEMP_SUFFIX, fsync_dir
from untoc_desktop.i18n import _
from untoc_desktop.store import db as dbmod

_ERASE_CHUNK = 1024 * 1024


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def has_wal(path: Path) -> bool:
    """Whether a ``-wal`` with content lies beside ``path`` (what SQLite would apply on opening)."""
    try:
        info = os.stat(wal_of(path))
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size > 0


# ---------------------------------------------------------------------------------- reading only
def _connect(
    path: Path, passphrase: str | None, *, immutable: bool, shown: Path
) -> sqlite3.Connection:
    """A read-only connection; ``immutable`` reads the file alone and creates nothing beside it."""
    target = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
    if passphrase is not None:
        return dbmod._cipher_connect(target, passphrase, shown, uri=True)
    conn = sqlite3.connect(target, uri=True, timeout=dbmod.BUSY_TIMEOUT_S)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn


@contextmanager
def _private_copy(path: Path, *, with_wal: bool) -> Iterator[Path]:
    """The file (and its WAL) copied into a folder only this user can read, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="untoc-check-") as folder:
        copy = Path(folder) / "workspace.untocdb"
        try:
            shutil.copyfile(path, copy)
            if with_wal:
                shutil.copyfile(wal_of(path), wal_of(copy))
        except OSError as exc:
            raise WorkspaceError(
                _("Cannot read the workspace {path}: {reason}").format(
                    path=path, reason=exc.strerror or exc
                )
            ) from exc
        yield copy


@contextmanager
def snapshot(path: Path, passphrase: str | None) -> Iterator[sqlite3.Connection]:
    """A read-only connection on the workspace as it stands, WAL included, writing nothing beside
    it. ``passphrase`` only for an encrypted file."""
    if not has_wal(path):
        conn = _connect(path, passphrase, immutable=True, shown=path)
        try:
            yield conn
        finally:
            conn.close()
        return
    with _private_copy(path, with_wal=True) as copy:
        conn = _connect(copy, passphrase, immutable=False, shown=path)
        try:
            yield conn
        finally:
            conn.close()


@dataclass
class _View:
    problems: list[str]
    office_id: str | None
    orphans: int
    version: int


def _look(conn: sqlite3.Connection) -> _View:
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
        problems = [] if rows == ["ok"] else rows
        orphans = len(conn.execute("PRAGMA foreign_key_check").fetchall())
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        return _View([str(exc)], None, 0, 0)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'office_id'").fetchone()
    except sqlite3.DatabaseError:
        row = None
    return _View(problems, str(row[0]) if row and row[0] else None, orphans, version)


def _view(copy: Path, passphrase: str | None, shown: Path, *, immutable: bool) -> _View:
    try:
        conn = _connect(copy, passphrase, immutable=immutable, shown=shown)
    except dbmod.WrongPassphraseError:
        raise
    except sqlite3.DatabaseError as exc:
        return _View([str(exc)], None, 0, 0)
    try:
        return _look(conn)
    finally:
        conn.close()


def foreign_wal_message(path: Path) -> str:
    return _(
        "The file {wal} beside the workspace {path} belongs to another workspace or to an older "
        "copy of this one; it was not applied and nothing was changed."
    ).format(wal=wal_of(path), path=path)


def wal_mismatch(path: Path, passphrase: str | None) -> str | None:
    """Why the ``-wal`` beside ``path`` does not belong to it (one translated line), or None.

    Judged on private copies, never on the file: the file alone (as of its last checkpoint) and
    the file with its WAL. A WAL written for this file keeps a sound file sound and the office the
    same; a foreign or stale one brings broken pages, orphan rows or another office's id.
    """
    if not has_wal(path):
        return None
    with _private_copy(path, with_wal=False) as copy:
        alone = _view(copy, passphrase, path, immutable=True)
        shutil.copyfile(wal_of(path), wal_of(copy))
        applied = _view(copy, passphrase, path, immutable=False)
    if (
        (not alone.problems and applied.problems)
        or (alone.office_id and applied.office_id != alone.office_id)
        or (not alone.problems and not alone.orphans and applied.orphans)
    ):
        return foreign_wal_message(path)
    return None


def vet_wal(path: Path, passphrase: str | None) -> None:
    """Refuse a ``-wal`` that does not belong to ``path`` before SQLite folds it in (and a WAL that
    holds a newer schema). Call it holding the workspace lock, before connecting."""
    problem = wal_mismatch(path, passphrase)
    if problem:
        raise dbmod.DamagedFileError(problem, problem)


# ---------------------------------------------------------------------------------- leftovers
def leftover_copies(path: Path) -> list[Path]:
    """Temporary copies of this workspace (and their SQLite sidecars) that a killed passphrase
    change or restore left beside it."""
    pattern = re.compile(
        re.escape(TEMP_PREFIX + path.name + "-")
        + r"[0-9a-f]{8}"
        + re.escape(TEMP_SUFFIX)
        + r"(-journal|-wal|-shm)?"
    )
    try:
        entries = sorted(path.parent.iterdir())
    except OSError:
        return []
    return [e for e in entries if pattern.fullmatch(e.name) and _is_regular(e)]


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def in_clear(path: Path) -> bool:
    """Whether a leftover can be read without a passphrase (a plain SQLite file or journal)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(dbmod.SQLITE_HEADER))
    except OSError:
        return False
    return head == dbmod.SQLITE_HEADER


def leftover_message(path: Path, leftover: Path) -> str:
    return _(
        "An interrupted passphrase change left a copy of the workspace {path} beside it, "
        "perhaps in clear text: {file}. Open the workspace once with UNTOC Desktop (any command) "
        "to erase it."
    ).format(path=path, file=leftover)


@dataclass
class Erased:
    """What ``erase_leftovers`` removed: how many files, and which of them were in clear text."""

    count: int = 0
    in_clear: list[Path] = field(default_factory=list)


def erase_leftovers(path: Path) -> Erased:
    """Overwrite with zeros, flush and remove this workspace's temporary copies. Call it holding
    the workspace lock: a passphrase change in progress holds it too.

    Overwriting first keeps the clear text from lingering in the freed blocks of an ordinary disk
    (a flash drive may still keep old blocks: encryption, not erasing, is the protection there).
    """
    erased = Erased()
    for leftover in leftover_copies(path):
        if leftover.name.endswith(TEMP_SUFFIX) and in_clear(leftover):
            erased.in_clear.append(leftover)
        with contextlib.suppress(OSError):
            _overwrite(leftover)
        with contextlib.suppress(OSError):
            leftover.unlink()
            erased.count += 1
    if erased.count:
        with contextlib.suppress(OSError):
            fsync_dir(path.parent)
    return erased


def _overwrite(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0))
    try:
        size = os.fstat(fd).st_size
        zeros = bytes(min(size, _ERASE_CHUNK))
        written = 0
        while written < size:
            written += os.write(fd, zeros[: size - written])
        os.fsync(fd)
    finally:
        os.close(fd)


def erased_message(leftover: Path) -> str:
    return _(
        "A clear-text copy of the workspace, left by an interrupted passphrase change, was "
        "found and erased: {file}."
    ).format(file=leftover)
