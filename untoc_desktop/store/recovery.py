"""Start-up: check the workspace, and when it is damaged keep it aside and offer
the latest good backup.

A damaged workspace is never written to, repaired in place or deleted: it may still hold the only
copy of an interview note, and a specialist may get more out of it later. It is renamed to
``<name>.damaged-<UTC time>`` (with its ``-wal``/``-shm``), which frees the path for a restored
backup or a fresh workspace. Files that are refused for other reasons (open in another window,
made by a newer version, read-only, someone else's non-workspace file) are left exactly where they
are: those are not damage.

The GUI and the command line both call ``open_or_recover`` and decide from its report what to ask.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from untoc_desktop.core.errors import UserError, WorkspaceError
from untoc_desktop.core.safe_write import clean_temp_files
from untoc_desktop.i18n import _, ngettext
from untoc_desktop.store import backup, checkup
from untoc_desktop.store import db as dbmod
from untoc_desktop.store.lock import WorkspaceLock
from untoc_desktop.store.schema import SCHEMA_VERSION
from untoc_desktop.store.workspace import Workspace


class RecoveryStatus(Enum):
    OPENED = "opened"  # sound, opened
    CREATED = "created"  # there was none; a new one was made
    DAMAGED = "damaged"  # moved aside; nothing opened; see ``latest_good_backup``


@dataclass
class RecoveryReport:
    status: RecoveryStatus
    path: Path
    damaged_path: Path | None = None
    problems: list[str] = field(default_factory=list)
    latest_good_backup: Path | None = None
    backup_summary: backup.BackupSummary | None = None
    backup_taken: Path | None = None
    warnings: list[str] = field(default_factory=list)
    temp_files_removed: int = 0

    @property
    def message(self) -> str:
        """One translated paragraph for a dialog or the command line."""
        if self.status is not RecoveryStatus.DAMAGED:
            return " ".join(self.warnings)
        text = _(
            "The workspace {path} is damaged. It was kept unchanged as {aside} "
            "and nothing was deleted."
        ).format(path=self.path, aside=self.damaged_path)
        if self.latest_good_backup:
            text += " " + _("The latest good backup is {backup}.").format(
                backup=self.latest_good_backup
            )
        else:
            text += " " + _("No good backup was found.")
        return text


def damage_of(path: Path, passphrase: str | None = None) -> list[str]:
    """What SQLite finds wrong with the file (empty when sound), read-only, without writing to it.

    Only real damage counts. A file that is not plain SQLite is judged only when it opens with the
    passphrase: without the key, an encrypted workspace cannot be told from a damaged one, and a
    wrong passphrase must never get a good workspace set aside. Such files are left to
    ``Workspace.open``, which asks for the passphrase or refuses them as it always does.
    """
    try:
        dbmod.require_intact(path)
        header = dbmod.read_header(path)
    except dbmod.DamagedFileError as exc:
        return [exc.problem]  # empty or cut short: damaged, never a new workspace
    except UserError:
        return []
    if header != dbmod.SQLITE_HEADER:
        if passphrase is None or not dbmod.looks_encrypted(path):
            return []
    else:
        passphrase = None
    try:
        # Judged on private copies: the file alone, then with its -wal, so a WAL that another file
        # wrote is found before any connection reads it (SQLite cannot tell).
        mismatch = checkup.wal_mismatch(path, passphrase)
    except UserError:
        return []
    if mismatch:
        return [mismatch]
    try:
        # Read-only: closing a normal connection would checkpoint the -wal into the damaged file.
        conn = backup.connect_file(path, passphrase, read_only=True)
    except UserError:
        return []  # wrong passphrase: not a judgement on the file
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if passphrase is not None:
            rows += [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


def clean_close_stamp(path: Path) -> str | None:
    """How a workspace that was closed cleanly looks on disk: its size and change time, no WAL left.

    The GUI records it when a session ends normally and compares it at the next start: the same
    stamp means nothing has touched the file since a clean close, so the integrity check can
    run just after the window appears instead of before (``open_or_recover(check_now=False)``).
    None while a WAL with content exists: the last session crashed or is still running, and
    the check must come first.
    """
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return None
        info = path.stat()
    except OSError:
        return None
    return f"{info.st_size}:{info.st_mtime_ns}"


def clean_close_record(path: Path) -> Path:
    """Where a clean close is recorded: beside the workspace, like its lock file.

    Not in the application's settings: a record there, keyed by the workspace's path, would tie a
    workspace found on a stick to the laptop that used it. Beside the file it says nothing the
    file itself does not (its own size and change time).
    """
    return path.with_name(path.name + ".clean")


def remember_clean_close(path: Path) -> None:
    stamp = clean_close_stamp(path)
    if stamp is not None:
        with contextlib.suppress(OSError):  # a read-only folder: the next start checks first
            clean_close_record(path).write_text(stamp, encoding="ascii")


def closed_cleanly(path: Path) -> bool:
    """Whether the file is exactly as a clean close left it; the record is used up (removed), so a
    session that crashes is checked before its window next time."""
    record = clean_close_record(path)
    try:
        recorded = record.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return False
    with contextlib.suppress(OSError):
        record.unlink()
    return recorded == clean_close_stamp(path)


def latest_good_backup(
    workspace_path: Path, passphrase: str | None = None
) -> tuple[Path | None, backup.BackupSummary | None]:
    """The newest automatic backup that passes its checks (damaged ones are
    skipped, not deleted)."""
    for candidate in backup.list_backups(workspace_path):
        with contextlib.suppress(UserError):
            return candidate.path, backup.describe_backup(candidate.path, passphrase)
    return None, None


def open_or_recover(
    path: str | Path,
    *,
    passphrase: str | None = None,
    backup_at_start: bool = True,
    check_now: bool = True,
) -> tuple[Workspace | None, RecoveryReport]:
    """Open the workspace for the session, or set a damaged one aside and say what backup there is.

    ``check_now=False`` skips SQLite's integrity check (a tenth of a second for 200 MB, before the
    window can appear): only for a file unchanged since a clean close (``clean_close_stamp``), and
    the caller then runs ``damage_of`` in the background and offers recovery if it finds anything.

    Raises ``UserError`` for refusals that are not damage (another instance, newer version,
    read-only, ``db.PassphraseRequiredError`` / ``WrongPassphraseError`` for an encrypted one): the
    caller shows that message, or asks for the passphrase and calls again. A failed start-up backup
    (full disk) does not stop the user from working; it becomes a warning in the report.
    """
    path = Path(path).expanduser()
    # The workspace's own temporary copies are erased by ``Workspace.open`` under the lock
    # (overwritten first: one may hold the workspace in clear text); other files' right after.
    removed = clean_temp_files(backup.backup_dir(path))
    report = RecoveryReport(RecoveryStatus.OPENED, path, temp_files_removed=removed)
    if dbmod.require_regular(path) is None:
        report.status = RecoveryStatus.CREATED
        ws = Workspace.open(path, passphrase=passphrase)
        _note_erased(report, ws)
        return ws, report
    try:
        # Someone else's file, a newer version, read-only, a missing or wrong passphrase:
        # refused, left as is.
        dbmod.check_file(path, passphrase=passphrase)
    except (dbmod.PassphraseRequiredError, dbmod.WrongPassphraseError):
        raise
    except WorkspaceError:
        if not damage_of(path, passphrase):
            raise
    guard = WorkspaceLock(path)
    guard.acquire()  # another instance holds it: its message goes to the user, nothing is touched
    try:
        problems = damage_of(path, passphrase) if check_now else []
        if problems:
            erased = checkup.erase_leftovers(path)
            report.temp_files_removed += erased.count + clean_temp_files(path.parent)
            report.warnings += [checkup.erased_message(file) for file in erased.in_clear]
            report.status = RecoveryStatus.DAMAGED
            report.problems = problems
            report.damaged_path = backup.move_aside(path, "damaged")
            report.latest_good_backup, report.backup_summary = latest_good_backup(path, passphrase)
            return None, report
    finally:
        guard.release()
    ws = Workspace.open(path, create=False, passphrase=passphrase)
    _note_erased(report, ws)
    if backup_at_start:
        try:
            report.backup_taken = backup.auto_backup(ws, at_start=True)
        except UserError as exc:
            report.warnings.append(
                _("The start-up backup was not made: {reason}").format(reason=exc)
            )
    return ws, report


def _note_erased(report: RecoveryReport, ws: Workspace) -> None:
    report.temp_files_removed += ws.erased.count + clean_temp_files(ws.path.parent)
    report.warnings += [checkup.erased_message(file) for file in ws.erased.in_clear]


def restore_advice(path: Path, passphrase: str | None = None) -> str:
    """What the command line says after refusing a damaged workspace: the backup to go back to."""
    found, _summary = latest_good_backup(path, passphrase)
    if found is None:
        return _("No good backup was found.")
    return _(
        "The latest good backup is {backup}: start UNTOC Desktop on this workspace to set the "
        "damaged file aside and restore it."
    ).format(backup=found)


def check_workspace(path: str | Path, passphrase: str | None = None) -> list[str]:
    """What is wrong with the workspace, one translated line each (empty when sound), for
    ``untoc-desktop check``, which never writes.

    It reads a snapshot (``checkup.snapshot``: the file ``immutable``, or copied with its WAL), so
    the file, its ``-wal`` and ``-shm`` keep every byte, the lock file included (only probed).
    Refusals that are not findings about this file (nothing there, someone else's file, a newer
    version, a missing or wrong passphrase, another instance writing it) raise ``UserError``.
    """
    path = Path(path).expanduser()
    if dbmod.require_regular(path) is None:
        raise WorkspaceError(_("The workspace {path} does not exist.").format(path=path))
    try:
        dbmod.require_intact(path)
    except dbmod.DamagedFileError as exc:
        return [f"{exc} {restore_advice(path, passphrase)}"]
    if dbmod.read_header(path) == dbmod.SQLITE_HEADER:
        passphrase = None
    elif not dbmod.looks_encrypted(path):
        raise dbmod.not_a_workspace(path)
    elif passphrase is None:
        raise dbmod.passphrase_required(path)
    WorkspaceLock(path).probe()
    lines = [checkup.leftover_message(path, file) for file in checkup.leftover_copies(path)][:1]
    mismatch = checkup.wal_mismatch(path, passphrase)
    if mismatch:
        return [*lines, f"{mismatch} {restore_advice(path, passphrase)}"]
    try:
        with checkup.snapshot(path, passphrase) as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise dbmod.newer_version(path, version)
            problems = Workspace(path, conn, None).integrity_problems()
            if passphrase is not None:
                problems += [
                    str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check") if r[0] != "ok"
                ]
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    if len(problems) == 1:
        damaged = _("The workspace {path} is damaged ({problem}). Nothing was changed.").format(
            path=path, problem=problems[0]
        )
    elif problems:
        more = len(problems) - 1
        damaged = ngettext(
            "The workspace {path} is damaged ({problem}, and {count} more problem). "
            "Nothing was changed.",
            "The workspace {path} is damaged ({problem}, and {count} more problems). "
            "Nothing was changed.",
            more,
        ).format(path=path, problem=problems[0], count=more)
    if problems:
        lines.append(f"{damaged} {restore_advice(path, passphrase)}")
    return lines


class _SoundVerdict(Workspace):
    """What ``check`` hands back once the snapshot was found sound: nothing to open for writing."""

    def integrity_problems(self) -> list[str]:
        return []


def checked(path: Path) -> Workspace:
    """A stand-in ``Workspace`` for a command that only needs ``check_workspace``'s verdict (sound):
    its connection is an empty in-memory database, so closing it can write nothing anywhere."""
    return _SoundVerdict(path, sqlite3.connect(":memory:"), None)
