"""SQLCipher connections that raise Python's own ``sqlite3`` exceptions.

The ``sqlcipher3`` binding is a fork of the standard ``sqlite3`` module with its own exception
classes. The workspace, sqlite-utils and every other module of the project catch
``sqlite3.IntegrityError``, ``sqlite3.OperationalError`` and so on; an encrypted workspace must
fail the same way as a plain one, or an error handled for one kind would crash the other. These
subclasses re-raise each SQLCipher error as the ``sqlite3`` class of the same name.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar, cast

import sqlcipher3.dbapi2 as _cipher

T = TypeVar("T")


def _translated(exc: _cipher.Error) -> sqlite3.Error:
    cls = getattr(sqlite3, type(exc).__name__, None)
    if not (isinstance(cls, type) and issubclass(cls, sqlite3.Error)):
        cls = sqlite3.DatabaseError
    new = cls(*exc.args)
    for attr in ("sqlite_errorcode", "sqlite_errorname"):
        if hasattr(exc, attr):
            setattr(new, attr, getattr(exc, attr))
    return new


def _call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    try:
        return fn(*args, **kwargs)
    except _cipher.Error as exc:
        raise _translated(exc) from exc


class Cursor(_cipher.Cursor):  # type: ignore[misc]  # sqlcipher3 ships no type information
    def execute(self, *args: Any) -> Cursor:
        return cast(Cursor, _call(super().execute, *args))

    def executemany(self, *args: Any) -> Cursor:
        return cast(Cursor, _call(super().executemany, *args))

    def executescript(self, *args: Any) -> Cursor:
        return cast(Cursor, _call(super().executescript, *args))

    def fetchone(self) -> Any:
        return _call(super().fetchone)

    def fetchmany(self, *args: Any, **kwargs: Any) -> list[Any]:
        return _call(super().fetchmany, *args, **kwargs)

    def fetchall(self) -> list[Any]:
        return _call(super().fetchall)

    def __next__(self) -> Any:
        return _call(super().__next__)


class Connection(_cipher.Connection):  # type: ignore[misc]  # no type information either
    def cursor(self, factory: type = Cursor) -> Cursor:
        return cast(Cursor, _call(super().cursor, factory))

    def execute(self, *args: Any) -> Cursor:
        return self.cursor().execute(*args)

    def executemany(self, *args: Any) -> Cursor:
        return self.cursor().executemany(*args)

    def executescript(self, *args: Any) -> Cursor:
        return self.cursor().executescript(*args)

    def commit(self) -> None:
        _call(super().commit)

    def rollback(self) -> None:
        _call(super().rollback)

    def __exit__(self, *exc: Any) -> Any:
        return _call(super().__exit__, *exc)


def connect(database: str, **kwargs: Any) -> sqlite3.Connection:
    """Like ``sqlite3.connect`` (same arguments), but the file may be encrypted (give
    ``PRAGMA key`` first)."""
    # The subclass behaves as sqlite3.Connection (same methods, sqlite3 exceptions).
    return cast(sqlite3.Connection, _call(_cipher.connect, database, factory=Connection, **kwargs))
