"""Setting, changing and removing the workspace passphrase.

Each change writes a complete new copy of the workspace beside it with SQLCipher's
``sqlcipher_export`` (encrypted with the new key, or in clear when the passphrase is removed),
checks that the copy opens with the new key and holds the same rows, flushes it to disk, and only
then renames it over the old file. A crash or a full disk at any moment leaves either the old file
or the new one, never a half-converted workspace; the temporary copy is removed on any failure.
Re-encrypting in place (``PRAGMA rekey``) would rewrite the only copy page by page instead.

The passphrase is never stored anywhere: SQLCipher derives the key from it (PBKDF2-HMAC-SHA512,
256,000 iterations, a random salt per file). A forgotten passphrase cannot be recovered.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from pathlib import Path

from untoc_desktop.core.errors import UserError, WorkspaceError
from untoc_desktop.core.safe_write import atomic_path
from untoc_desktop.i18n import _
from untoc_desktop.store import checkup
from untoc_desktop.store import db as dbmod
from untoc_desktop.store.db import PassphraseRequiredError, WrongPassphraseError
from untoc_desktop.store.lock import WorkspaceLock

__all__ = [
    "MIN_PASSPHRASE_LENGTH",
    "PassphraseRequiredError",
    "WrongPassphraseError",
    "change_passphrase",
    "check_new_passphrase",
    "is_encrypted",
    "read_passphrase_file",
    "remove_passphrase",
    "set_passphrase",
    "strength",
]

#: Shorter passphrases fall to an offline guessing attack on a seized laptop within days.
MIN_PASSPHRASE_LENGTH = 10

is_encrypted = dbmod.is_encrypted


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too weak or malformed to protect the workspace
    (translated ``UserError``)."""
    if "\x00" in passphrase:
        raise UserError(_("A passphrase cannot contain a NUL character."))
    if not passphrase.strip():
        raise UserError(_("The passphrase is empty."))
    if len(dbmod.normalize_passphrase(passphrase)) < MIN_PASSPHRASE_LENGTH:
        raise UserError(
            _(
                "The passphrase is too short: use at least {count} characters (several words "
                "are easiest to remember)."
            ).format(count=MIN_PASSPHRASE_LENGTH)
        )


def strength(passphrase: str) -> int:
    """A rough 0-4 score for the strength hint: length counts most, then variety of characters.

    It is only a hint (it cannot know that a long phrase is a well-known quotation); the hard
    rule is ``check_new_passphrase``.
    """
    length = len(passphrase)
    if length < MIN_PASSPHRASE_LENGTH:
        return 0
    classes = sum(
        bool(re.search(pattern, passphrase))
        for pattern in (r"[a-z]", r"[A-Z]", r"\d", r"[^\w\s]", r"\s", r"[^\x00-\x7f]")
    )
    words = len(passphrase.split())
    score = 1
    if length >= 14 or (length >= 12 and classes >= 3):
        score = 2
    if length >= 18 or (length >= 14 and classes >= 3) or words >= 4:
        score = 3
    if length >= 24 and (classes >= 3 or words >= 5):
        score = 4
    return score


#: A passphrase file larger than this is not a passphrase file (and is not read whole into memory).
MAX_PASSPHRASE_FILE = 64 * 1024


def read_passphrase_file(path: str | Path) -> str:
    """A passphrase from a file: UTF-8, one line; a BOM and one trailing line end
    (``echo`` adds one) removed.

    The one reader of every passphrase file (workspace and bundle, CLI and scripts): a file that
    holds more than one line is refused rather than guessed at, since a passphrase with a stray
    line break in it would lock the user out.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_PASSPHRASE_FILE + 1)
    except OSError as exc:
        raise UserError(
            _("Cannot read the passphrase file {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(
            _("The passphrase file {path} is not UTF-8 text.").format(path=path)
        ) from exc
    text = text.removeprefix("\ufeff")
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith("\n"):
        text = text[:-1]
    if not text:
        raise UserError(_("The passphrase file {path} is empty.").format(path=path))
    if len(data) > MAX_PASSPHRASE_FILE or "\n" in text or "\r" in text:
        raise UserError(
            _("The passphrase file {path} must hold one line: the passphrase.").format(path=path)
        )
    return text


def set_passphrase(path: str | Path, new: str, *, lock: bool = True) -> None:
    """Encrypt a plain workspace with ``new``.

    The workspace must not be open: close it, convert, open it again with the new passphrase
    (``lock=False`` only for a caller that already holds the workspace lock itself).
    """
    path = Path(path).expanduser()
    _require_existing(path)
    if dbmod.is_encrypted(path):
        raise WorkspaceError(
            _("The workspace {path} already has a passphrase. Change it instead.").format(path=path)
        )
    check_new_passphrase(new)
    _convert(path, None, new, lock=lock)


def change_passphrase(path: str | Path, old: str, new: str, *, lock: bool = True) -> None:
    """Re-encrypt an encrypted workspace with ``new``; ``old`` must open it."""
    path = Path(path).expanduser()
    _require_encrypted(path)
    check_new_passphrase(new)
    _convert(path, old, new, lock=lock)


def remove_passphrase(path: str | Path, old: str, *, lock: bool = True) -> None:
    """Decrypt the workspace: afterwards anyone with the file can read it."""
    path = Path(path).expanduser()
    _require_encrypted(path)
    _convert(path, old, None, lock=lock)


def _require_existing(path: Path) -> None:
    if not path.is_file():
        raise WorkspaceError(_("The workspace {path} does not exist.").format(path=path))


def _require_encrypted(path: Path) -> None:
    _require_existing(path)
    if not dbmod.is_encrypted(path):
        raise WorkspaceError(_("The workspace {path} has no passphrase.").format(path=path))


def _convert(path: Path, old: str | None, new: str | None, *, lock: bool) -> None:
    """Write the workspace again under ``new`` (None: in clear) and swap it in atomically."""
    dbmod.check_file(
        path, passphrase=old
    )  # wrong passphrase, newer schema, read-only: refused here
    guard = WorkspaceLock(path) if lock else None
    if guard:
        guard.acquire()
    try:
        # The conversion folds the -wal in: never one another file wrote. Copies an earlier
        # conversion left (perhaps in clear text) go before a new one is made.
        checkup.vet_wal(path, old)
        checkup.erase_leftovers(path)
        expected: dict[str, int] = {}
        with atomic_path(path, verify=lambda tmp: _verify(tmp, new, expected)) as tmp:
            try:
                expected.update(_export(path, old, tmp, new))
            finally:
                _discard_sidecars(tmp)
            _drop_empty_wal(path)
    finally:
        if guard:
            guard.release()


def _source(path: Path, old: str | None) -> sqlite3.Connection:
    """The workspace through SQLCipher (which also reads plain files), keyed
    when ``old`` is given."""
    from untoc_desktop.store import cipher

    if old is not None:
        return dbmod._cipher_connect(str(path), old, path)
    conn = cipher.connect(str(path), timeout=dbmod.BUSY_TIMEOUT_S)
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def _export(path: Path, old: str | None, tmp: Path, new: str | None) -> dict[str, int]:
    """Copy everything into ``tmp`` under ``new``; returns the row count of each
    table, for the check."""
    conn = _source(path, old)
    try:
        # Fold the WAL into the main file first: the copy must hold every committed edit, and the
        # old -wal must not outlive the file it belongs to.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        counts = _counts(conn, "main")
        key = "" if new is None else dbmod.normalize_passphrase(new)
        conn.execute("ATTACH DATABASE ? AS target KEY ?", (str(tmp), key))
        try:
            conn.execute("SELECT sqlcipher_export('target')")
            # sqlcipher_export copies schema and rows but not the schema version.
            conn.execute(f"PRAGMA target.user_version = {version}")
            conn.commit()
        finally:
            conn.execute("DETACH DATABASE target")
    finally:
        conn.close()
    counts["__user_version__"] = version
    return counts


def _counts(conn: sqlite3.Connection, schema: str) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    return {
        name: int(conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0])
        for name in names
    }


def _verify(tmp: Path, new: str | None, expected: dict[str, int]) -> None:
    """The copy must open with the new key, pass SQLite's integrity check and hold the same rows."""
    conn = _source(tmp, new)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        found = _counts(conn, "main")
        found["__user_version__"] = int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()
    _discard_sidecars(tmp)
    if problems or found != expected:
        raise WorkspaceError(
            _(
                "The re-encrypted copy of the workspace did not check out; "
                "the workspace was left as it was."
            )
        )


def _drop_empty_wal(path: Path) -> None:
    """Remove the old file's emptied ``-wal``/``-shm``: a leftover WAL must
    never meet the new file."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise WorkspaceError(
            _(
                "The workspace {path} is still being written by another program; "
                "close it and try again."
            ).format(path=path)
        )
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path.with_name(path.name + suffix))


def _discard_sidecars(tmp: Path) -> None:
    for suffix in ("-journal", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp.with_name(tmp.name + suffix))
