"""One running instance per workspace.

An OS-level lock on ``<workspace>.lock`` is released by the kernel when the process dies, so a
crash or a kill never leaves a stale lock that would keep the user out of their own work.
"""

from __future__ import annotations

import os
from pathlib import Path

from untoc_desktop.core.errors import WorkspaceError
from untoc_desktop.i18n import _

if os.name == "nt":  # pragma: no cover - exercised on Windows builds only
    import msvcrt
else:
    import fcntl


class WorkspaceLock:
    def __init__(self, workspace: Path) -> None:
        self.path = workspace.with_name(workspace.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise WorkspaceError(
                _("Cannot lock the workspace {path}: {reason}").format(
                    path=self.path, reason=exc.strerror
                )
            ) from exc
        try:
            if os.name == "nt":  # pragma: no cover
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # Windows only
            else:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            raise self._held_error() from exc
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def probe(self) -> None:
        """Refuse, like ``acquire``, when another instance holds the lock, without taking it or
        writing anything: for ``check``, which reads a snapshot and must not change a byte. No
        lock file means that nobody holds it (or that the folder is read-only)."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return
        try:
            if os.name == "nt":  # pragma: no cover
                return  # msvcrt locks need a writable handle; Windows refuses the copy instead
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError as exc:
                raise self._held_error() from exc
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _held_error(self) -> WorkspaceError:
        return WorkspaceError(
            _(
                "The workspace {path} is already open in another UNTOC Desktop window or "
                "command. Close it there first."
            ).format(path=self.path.with_suffix(""))
        )

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            if os.name != "nt":
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
