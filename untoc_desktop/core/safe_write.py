"""Writing a file so that it is either complete or absent, never half there.

Exports and backups often go to a USB stick that may be full, read-only or pulled out. A file cut
off half-way looks valid to a tired user and travels to another office, so every file the
application writes outside the workspace goes through here: the bytes go to a hidden temporary file
*in the destination folder* (so the final rename stays on one filesystem and is atomic), the file is
flushed to the device with ``fsync``, an optional check runs on it, and only then ``os.replace``
gives it its real name. On any error the temporary file is removed and the error becomes a
``UserError`` that names the cause in the user's language.

Temporary files are named ``.~untoc-<name>-<random>.tmp`` (plus any ``-journal`` SQLite made beside
one); ``clean_temp_files`` removes the ones a killed process left behind (the application does so at
start for the folders it owns).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import _

TEMP_PREFIX = ".~untoc-"
TEMP_SUFFIX = ".tmp"
_SIDECARS = ("", "-journal", "-wal", "-shm")

# SQLite result codes (sqlite3.Error.sqlite_errorcode & 0xFF) mapped onto the errno that means the
# same.
_SQLITE_TO_ERRNO = {
    13: errno.ENOSPC,
    8: errno.EROFS,
    3: errno.EACCES,
    10: errno.EIO,
    14: errno.ENOENT,
}


class WriteError(UserError):
    """A file could not be written; nothing was left behind at the destination."""

    def __init__(self, message: str, *, errno_code: int | None = None) -> None:
        super().__init__(message)
        self.errno = errno_code


def temp_path_for(dest: Path) -> Path:
    """A fresh hidden temporary name beside ``dest`` (same folder, so the rename is atomic)."""
    return dest.with_name(f"{TEMP_PREFIX}{dest.name}-{secrets.token_hex(4)}{TEMP_SUFFIX}")


def is_temp_file(path: Path) -> bool:
    """One of our temporary files, or the ``-journal``/``-wal``/``-shm`` SQLite made beside one."""
    name = path.name
    return name.startswith(TEMP_PREFIX) and any(name.endswith(TEMP_SUFFIX + s) for s in _SIDECARS)


def clean_temp_files(folder: Path) -> int:
    """Remove temporary files a killed process left in ``folder``; returns how many went."""
    removed = 0
    try:
        entries = list(folder.iterdir())
    except OSError:
        return 0
    for entry in entries:
        if is_temp_file(entry) and entry.is_file():
            with contextlib.suppress(OSError):
                entry.unlink()
                removed += 1
    return removed


def error_code(exc: BaseException) -> int | None:
    """The errno behind an ``OSError`` or an SQLite error (which reports its own codes)."""
    if isinstance(exc, OSError):
        return exc.errno
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None:
            return _SQLITE_TO_ERRNO.get(code & 0xFF)
        text = str(exc).lower()
        if "disk is full" in text:
            return errno.ENOSPC
        if "readonly" in text or "read-only" in text:
            return errno.EROFS
    return None


def describe_cause(exc: BaseException) -> str:
    """A short translated sentence that says why writing failed."""
    code = error_code(exc)
    if code in (errno.ENOSPC, errno.EDQUOT):
        return _("The disk is full.")
    if code == errno.EROFS:
        return _("The drive is read-only.")
    if code in (errno.EACCES, errno.EPERM):
        return _("You do not have permission to write there.")
    if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        return _("The folder is no longer there (was the drive removed?).")
    if code == errno.EIO:
        return _("The drive could not be written (was it removed?).")
    if code in (errno.ENAMETOOLONG, errno.EINVAL):
        return _("The file name is not accepted by this drive.")
    if code == errno.EFBIG:
        return _("The file is too large for this drive.")
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return _("The system reported: {reason}").format(reason=reason)


def write_error(dest: Path, exc: BaseException) -> WriteError:
    message = _("Could not write {path}. {cause} Nothing was saved there.").format(
        path=dest, cause=describe_cause(exc)
    )
    return WriteError(message, errno_code=error_code(exc))


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to flush."""
    if os.name == "nt":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_path(
    dest: str | Path, *, verify: Callable[[Path], None] | None = None
) -> Iterator[Path]:
    """Yield an empty temporary file beside ``dest``; on success it becomes ``dest`` atomically.

    For writers that want a path (reportlab, ``VACUUM INTO``, ``python-docx``). ``verify`` runs on
    the finished temporary file and may raise to refuse it. Any exception removes the temporary
    file; ``OSError`` and ``sqlite3.Error`` become a ``WriteError`` that names the cause, other
    exceptions pass through unchanged. ``dest`` is never touched unless everything succeeded.
    """
    dest = Path(dest)
    tmp = temp_path_for(dest)
    try:
        # O_EXCL creates the file now, so a read-only or missing destination fails before any work.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        os.close(fd)
    except OSError as exc:
        raise write_error(dest, exc) from exc
    try:
        yield tmp
        _fsync_file(tmp)
        if verify is not None:
            verify(tmp)
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except (OSError, sqlite3.Error) as exc:
        _discard(tmp)
        raise write_error(dest, exc) from exc
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink()


def write_atomic(dest: str | Path, write: Callable[[BinaryIO], None] | bytes) -> Path:
    """Write ``dest`` completely or not at all; ``write`` is bytes or a function given the open
    file."""
    dest = Path(dest)
    with atomic_path(dest) as tmp, tmp.open("wb") as fh:
        if isinstance(write, bytes | bytearray | memoryview):
            fh.write(write)
        else:
            write(fh)
        fh.flush()
    return dest
