"""Backups of the workspace: automatic and rotating, to a USB stick, previewed and restored.

A backup is a complete, compact copy of the workspace made with SQLite's ``VACUUM INTO``, which
reads one consistent snapshot while the application keeps working and writes a single file with no
``-wal`` sidecar. The copy is written through ``safe_write.atomic_path``: it gets its final name
only after ``PRAGMA integrity_check`` passed on it, so a backup on disk is always a sound one.

How many automatic backups to keep is stored in the workspace's ``meta`` table (``backup_keep``),
not in a separate settings file: the setting belongs to that workspace, it is committed like every
edit, and there is no second file to lose or keep in step. When the workspace is damaged the
setting cannot be read, but then nothing is rotated either: recovery never deletes a backup.

Automatic backups live in ``backups/`` beside the workspace (``<data dir>/backups/`` for the default
workspace) and are named ``<workspace stem>.backup-<UTC time>.untocdb``; rotation only ever deletes
files of that exact pattern, never anything else the folder holds.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from untoc_desktop.core.errors import UserError, WorkspaceError
from untoc_desktop.core.safe_write import atomic_path, fsync_dir, temp_path_for, write_error
from untoc_desktop.i18n import _
from untoc_desktop.store import checkup
from untoc_desktop.store import db as dbmod
from untoc_desktop.store.lock import WorkspaceLock
from untoc_desktop.store.schema import SCHEMA_VERSION
from untoc_desktop.store.workspace import Workspace

DEFAULT_KEEP = 10
MAX_KEEP = 365
BACKUP_INTERVAL = timedelta(days=1)
BACKUP_EXTENSION = ".untocdb"
_STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
_STAMP_RE = r"(\d{8}T\d{12}Z)"


class BackupError(UserError):
    """A file is not a backup this version can preview or restore; nothing was changed."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime


@dataclass(frozen=True)
class DossierSummary:
    title: str
    country: str
    status: str
    findings: int
    evidence: int
    attachments: int


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, read without changing it, for the preview before a restore."""

    path: Path
    taken_at: datetime | None
    office_id: str
    office_name: str
    organization: str
    schema_version: int
    size: int
    dossiers: list[DossierSummary] = field(default_factory=list)
    trashed: int = 0
    attachments: int = 0
    encrypted: bool = False

    @property
    def findings(self) -> int:
        return sum(d.findings for d in self.dossiers)

    @property
    def evidence(self) -> int:
        return sum(d.evidence for d in self.dossiers)


# ---------------------------------------------------------------------------------------- where
def backup_dir(workspace_path: str | Path) -> Path:
    return Path(workspace_path).expanduser().parent / "backups"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_STAMP_FORMAT)


def _name_re(workspace_path: Path) -> re.Pattern[str]:
    return re.compile(
        re.escape(workspace_path.stem)
        + r"\.backup-"
        + _STAMP_RE
        + re.escape(BACKUP_EXTENSION)
        + "$"
    )


def list_backups(workspace_path: str | Path, folder: str | Path | None = None) -> list[BackupFile]:
    """The automatic backups of this workspace, newest first."""
    workspace_path = Path(workspace_path).expanduser()
    folder = Path(folder) if folder else backup_dir(workspace_path)
    pattern = _name_re(workspace_path)
    found: list[BackupFile] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = pattern.match(entry.name)
        if match and entry.is_file():
            taken = datetime.strptime(match.group(1), _STAMP_FORMAT).replace(tzinfo=UTC)
            found.append(BackupFile(entry, taken))
    found.sort(key=lambda b: b.taken_at, reverse=True)
    return found


# ---------------------------------------------------------------------------------------- settings
def keep_count(ws: Workspace) -> int:
    """How many automatic backups to keep (``meta.backup_keep``, default 10)."""
    try:
        value = int(ws.meta("backup_keep") or DEFAULT_KEEP)
    except ValueError:
        return DEFAULT_KEEP
    return min(max(value, 1), MAX_KEEP)


def set_keep_count(ws: Workspace, count: object) -> None:
    """Change how many automatic backups to keep; a wrong value is refused and changes nothing."""
    try:
        value = int(str(count).strip())
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_KEEP:
        raise UserError(
            _("The number of backups to keep must be a whole number from 1 to {max}.").format(
                max=MAX_KEEP
            )
        )
    ws.set_meta("backup_keep", str(value))


# ---------------------------------------------------------------------------------------- making
def connect_file(
    path: Path, passphrase: str | None = None, *, read_only: bool = False
) -> sqlite3.Connection:
    """A bare connection to a workspace file or copy (no WAL switch), keyed when it is encrypted.

    ``read_only`` opens it without changing a byte, even on a read-only stick; a plain file in WAL
    mode whose ``-shm`` cannot be made there is then read as it stands (``immutable``).
    """
    target, uri = (f"{path.resolve().as_uri()}?mode=ro", True) if read_only else (str(path), False)
    if passphrase is not None:
        return dbmod._cipher_connect(target, passphrase, path, uri=uri)
    conn = sqlite3.connect(target, uri=uri, timeout=dbmod.BUSY_TIMEOUT_S)
    if read_only:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            conn.close()
            conn = sqlite3.connect(target + "&immutable=1", uri=True)
    return conn


def _check_copy(path: Path, passphrase: str | None = None) -> None:
    """Refuse a copy that SQLite (and SQLCipher's page check) does not find sound;
    the caller removes it."""
    conn = connect_file(path, passphrase)
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if passphrase is not None:
            result += [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
    finally:
        conn.close()
    if result != ["ok"]:
        raise BackupError(
            _("The copy failed its integrity check: {problem}").format(problem=result[0])
        )


def _copy_into(
    source: Workspace | Path, tmp: Path, taken_at: datetime, passphrase: str | None
) -> None:
    """``VACUUM INTO`` a fresh snapshot, then label the copy with when and from where it was taken.

    From an encrypted workspace SQLCipher writes the copy encrypted with the same key, so a backup
    never holds in clear what the workspace protects.
    """
    if isinstance(source, Workspace):
        conn, own = source.conn, False
    else:
        conn, own = connect_file(Path(source), passphrase), True
    try:
        conn.execute("VACUUM INTO ?", (str(tmp),))
    finally:
        if own:
            conn.close()
    copy = connect_file(tmp, passphrase)
    try:
        with copy:
            copy.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [
                    ("backup_taken_at", taken_at.isoformat()),
                    ("backup_source", str(_path_of(source))),
                ],
            )
    finally:
        copy.close()


def _path_of(source: Workspace | Path) -> Path:
    return source.path if isinstance(source, Workspace) else Path(source)


def backup_to(
    source: Workspace | str | Path, dest_path: str | Path, *, passphrase: str | None = None
) -> Path:
    """Write a sound backup of the workspace to ``dest_path`` (a file or a
    folder), e.g. a USB stick.

    ``source`` is the open workspace, or its path when called from a worker thread (which must not
    use the GUI thread's connection; give the ``passphrase`` of an encrypted one). A folder gets a
    dated file name. Fails with a clear message and leaves nothing behind when the drive is full,
    read-only or removed.
    """
    source = source if isinstance(source, Workspace) else Path(source).expanduser()
    if (
        isinstance(source, Path)
        and passphrase is None
        and source.exists()
        and dbmod.looks_encrypted(source)
    ):
        raise dbmod.PassphraseRequiredError(
            _("The workspace {path} is encrypted; its passphrase is needed to back it up.").format(
                path=source
            )
        )
    dest = Path(dest_path).expanduser()
    taken_at = datetime.now(UTC)
    if dest.is_dir():
        dest = dest / f"{_path_of(source).stem}.backup-{_stamp(taken_at)}{BACKUP_EXTENSION}"
    with contextlib.suppress(OSError):
        if dest.exists() and dest.resolve() == _path_of(source).resolve():
            raise BackupError(
                _("A backup cannot replace the workspace it is made from. Choose another file.")
            )
    return _write_backup(source, dest, taken_at, passphrase)


def _write_backup(
    source: Workspace | Path, dest: Path, taken_at: datetime, passphrase: str | None = None
) -> Path:
    if isinstance(source, Workspace):
        passphrase = getattr(source, "passphrase", None)
    with atomic_path(dest, verify=lambda tmp: _check_copy(tmp, passphrase)) as tmp:
        _copy_into(source, tmp, taken_at, passphrase)
    return dest


def create_backup(ws: Workspace, folder: str | Path | None = None) -> Path:
    """Take an automatic backup into the backup folder, then keep only the newest ``keep_count``."""
    folder = Path(folder) if folder else backup_dir(ws.path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(folder, exc) from exc
    taken_at = datetime.now(UTC)
    dest = folder / f"{ws.path.stem}.backup-{_stamp(taken_at)}{BACKUP_EXTENSION}"
    _write_backup(ws, dest, taken_at)
    rotate(ws.path, keep_count(ws), folder)
    return dest


def rotate(workspace_path: str | Path, keep: int, folder: str | Path | None = None) -> list[Path]:
    """Delete the automatic backups beyond the ``keep`` newest; returns the deleted paths."""
    removed: list[Path] = []
    for old in list_backups(workspace_path, folder)[max(keep, 1) :]:
        with contextlib.suppress(OSError):
            old.path.unlink()
            removed.append(old.path)
    return removed


def backup_due(
    workspace_path: str | Path, *, now: datetime | None = None, folder: str | Path | None = None
) -> bool:
    """Whether the newest automatic backup is older than a day (or there is none)."""
    backups = list_backups(workspace_path, folder)
    moment = now or datetime.now(UTC)
    return not backups or moment - backups[0].taken_at >= BACKUP_INTERVAL


def auto_backup(
    ws: Workspace, *, at_start: bool = False, folder: str | Path | None = None
) -> Path | None:
    """The automatic backup: always at start, otherwise once a day (call it from a timer)."""
    if at_start or backup_due(ws.path, folder=folder):
        return create_backup(ws, folder)
    return None


def auto_backup_at(
    workspace_path: str | Path, *, passphrase: str | None = None, at_start: bool = False
) -> Path | None:
    """``auto_backup`` for a worker thread (``run_task``), which needs a connection of its own.

    A backup of a large workspace takes about a second (measured: 104 MB in 1.1 s), longer on an
    old disk, so the GUI runs it off the UI thread: ``open_or_recover(path, backup_at_start=False)``
    in the GUI thread, then this in a worker, at start and from an hourly timer (it only copies
    when the last backup is a day old).
    """
    with Workspace.open(workspace_path, create=False, lock=False, passphrase=passphrase) as ws:
        return auto_backup(ws, at_start=at_start)


# ---------------------------------------------------------------------------------------- reading
def describe_backup(path: str | Path, passphrase: str | None = None) -> BackupSummary:
    """Read what a backup holds, read-only; refuse anything that is not a sound workspace we know.

    An encrypted backup needs the passphrase it was made with (``PassphraseRequiredError`` without
    one, ``WrongPassphraseError`` for a wrong one).
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise BackupError(_("{path} is not a file.").format(path=path))
    try:
        with path.open("rb") as fh:
            header = fh.read(len(dbmod.SQLITE_HEADER))
    except OSError as exc:
        raise BackupError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from exc
    if header == dbmod.SQLITE_HEADER:
        passphrase = None
    elif not dbmod.looks_encrypted(path):
        raise BackupError(_("{path} is not an UNTOC Desktop backup.").format(path=path))
    elif passphrase is None:
        raise dbmod.PassphraseRequiredError(
            _(
                "The backup {path} is encrypted (or it is not a backup). "
                "Enter its passphrase to read it."
            ).format(path=path)
        )
    try:
        conn = connect_file(path, passphrase, read_only=True)
    except sqlite3.Error as exc:
        raise BackupError(
            _("The backup {path} is damaged or cannot be read: {reason}").format(
                path=path, reason=exc
            )
        ) from exc
    try:
        return _summarize(conn, path, encrypted=passphrase is not None)
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            _("The backup {path} is damaged: {reason}").format(path=path, reason=exc)
        ) from exc
    finally:
        conn.close()


def _summarize(conn: sqlite3.Connection, path: Path, *, encrypted: bool) -> BackupSummary:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version < 1 or not {"meta", "dossiers", "findings", "evidence"} <= tables:
        raise BackupError(_("{path} is not an UNTOC Desktop backup.").format(path=path))
    if version > SCHEMA_VERSION:
        raise BackupError(
            _(
                "The backup {path} was made by a newer version of UNTOC Desktop (schema {found}, "
                "this version knows {known}). Update the application to restore it."
            ).format(path=path, found=version, known=SCHEMA_VERSION)
        )
    problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if encrypted:
        problems += [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
    if problems != ["ok"]:
        raise BackupError(
            _("The backup {path} is damaged: {reason}").format(path=path, reason=problems[0])
        )
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    if not meta.get("office_id"):
        raise BackupError(_("{path} is not an UNTOC Desktop backup.").format(path=path))
    taken = meta.get("backup_taken_at")
    taken_at = (
        datetime.fromisoformat(taken)
        if taken
        else datetime.fromtimestamp(path.stat().st_mtime, UTC)
    )
    org = conn.execute(
        "SELECT name FROM organizations WHERE id = ?", (meta.get("organization_id"),)
    ).fetchone()
    dossiers = [
        DossierSummary(title, country, status, findings, evidence, attachments)
        for title, country, status, findings, evidence, attachments in conn.execute(
            """
            SELECT d.title, d.country, d.status,
                (SELECT count(*) FROM findings f
                    WHERE f.dossier_id = d.id AND f.deleted_at IS NULL),
                (SELECT count(*) FROM evidence e
                    WHERE e.dossier_id = d.id AND e.deleted_at IS NULL),
                (SELECT count(DISTINCT e.attachment_sha256) FROM evidence e
                    WHERE e.dossier_id = d.id AND e.deleted_at IS NULL
                    AND e.attachment_sha256 IS NOT NULL)
            FROM dossiers d WHERE d.deleted_at IS NULL ORDER BY d.updated_at DESC
            """
        )
    ]
    trashed = sum(
        conn.execute(f"SELECT count(*) FROM {table} WHERE deleted_at IS NOT NULL").fetchone()[0]
        for table in ("dossiers", "findings", "evidence")
    )
    return BackupSummary(
        path=path,
        taken_at=taken_at,
        office_id=meta["office_id"],
        office_name=meta.get("office_name") or "",
        organization=org[0] if org else "",
        schema_version=version,
        size=path.stat().st_size,
        dossiers=dossiers,
        trashed=trashed,
        attachments=conn.execute("SELECT count(*) FROM attachments").fetchone()[0],
        encrypted=encrypted,
    )


# ---------------------------------------------------------------------------------------- restoring
def aside_name(workspace_path: Path, label: str) -> Path:
    """A free name ``<workspace>.<label>-<UTC time>`` beside the workspace;
    never an existing file."""
    stamp = _stamp(datetime.now(UTC))
    candidate = workspace_path.with_name(f"{workspace_path.name}.{label}-{stamp}")
    counter = 1
    while candidate.exists() or candidate.with_name(candidate.name + "-wal").exists():
        candidate = workspace_path.with_name(f"{workspace_path.name}.{label}-{stamp}-{counter}")
        counter += 1
    return candidate


def move_aside(workspace_path: Path, label: str) -> Path:
    """Rename the workspace and its ``-wal``/``-shm`` to a free ``.<label>-<time>``
    name; returns it.

    Renaming (not copying) keeps every byte, including a damaged file that must not be touched, and
    moving the sidecars with it stops SQLite from replaying an old journal onto another file.
    """
    aside = aside_name(workspace_path, label)
    try:
        for suffix in ("", "-wal", "-shm"):
            current = workspace_path.with_name(workspace_path.name + suffix)
            if current.exists():
                os.replace(current, aside.with_name(aside.name + suffix))
        fsync_dir(workspace_path.parent)
    except OSError as exc:
        raise WorkspaceError(
            _("Could not set the workspace {path} aside: {reason}").format(
                path=workspace_path, reason=exc.strerror
            )
        ) from exc
    return aside


def _checkpoint(workspace_path: Path, passphrase: str | None) -> None:
    """Fold a left-over ``-wal`` into the file so the copy set aside is whole on its own.

    Without the key of an encrypted file this is skipped: ``move_aside`` keeps the ``-wal`` with it.
    """
    if passphrase is None and dbmod.looks_encrypted(workspace_path):
        return
    with contextlib.suppress(sqlite3.Error, UserError):
        if checkup.wal_mismatch(workspace_path, passphrase):
            return  # another file's WAL is kept beside it, never folded into it
        conn = connect_file(workspace_path, passphrase)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()


def restore_from(
    backup_path: str | Path, workspace_path: str | Path, *, passphrase: str | None = None
) -> Path | None:
    """Put a backup in place of the workspace; the current file is kept aside, never deleted.

    The workspace must be closed (the single-instance lock is taken here). The backup is checked,
    copied beside the workspace and checked again; only then is the current file renamed to
    ``<name>.before-restore-<time>`` and the copy renamed into place, so at every instant the
    workspace path holds either the old file or the complete new one. Returns where the previous
    workspace was kept (``None`` if there was none). An encrypted backup needs its ``passphrase``
    and stays encrypted with it: the restored workspace opens with the backup's passphrase.
    """
    backup_path = Path(backup_path).expanduser()
    workspace_path = Path(workspace_path).expanduser()
    summary = describe_backup(backup_path, passphrase)
    if not summary.encrypted:
        passphrase = None
    with contextlib.suppress(OSError):
        if workspace_path.exists() and backup_path.resolve() == workspace_path.resolve():
            raise BackupError(_("This file is the workspace itself. Choose a backup."))
    workspace_path.parent.mkdir(parents=True, exist_ok=True)
    lock = WorkspaceLock(workspace_path)
    lock.acquire()
    try:
        staged = temp_path_for(workspace_path)
        try:
            _stage_copy(summary.path, staged, passphrase)
            _check_copy(staged, passphrase)
            aside = None
            if workspace_path.exists():
                _checkpoint(workspace_path, passphrase)
                aside = move_aside(workspace_path, "before-restore")
            os.replace(staged, workspace_path)
            fsync_dir(workspace_path.parent)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                staged.unlink()
            if isinstance(exc, OSError | sqlite3.Error):
                raise write_error(workspace_path, exc) from exc
            raise
    finally:
        lock.release()
    return aside


def _stage_copy(backup: Path, staged: Path, passphrase: str | None) -> None:
    """Copy the backup with ``VACUUM INTO`` from a read-only connection (it reads a ``-wal`` too and
    keeps an encrypted backup encrypted), then flush the copy to the disk."""
    src = connect_file(backup, passphrase, read_only=True)
    try:
        src.execute("VACUUM INTO ?", (str(staged),))
    finally:
        src.close()
    with staged.open("rb+") as fh:
        os.fsync(fh.fileno())
