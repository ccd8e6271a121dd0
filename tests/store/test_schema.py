"""Opening files the app must refuse, and migrating files from older schema versions."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys

import pytest

from untoc_desktop.core.errors import WorkspaceError
from untoc_desktop.store.schema import SCHEMA_VERSION, migrate, user_version
from untoc_desktop.store.workspace import Workspace


def test_new_workspace_is_at_current_version(ws: Workspace) -> None:
    assert user_version(ws.conn) == SCHEMA_VERSION


def test_version_1_file_is_migrated_and_its_rows_become_searchable(ws_path) -> None:
    conn = sqlite3.connect(ws_path)
    assert migrate(conn, target=1) == [1]
    conn.execute(
        "INSERT INTO dossiers (id, created_at, updated_at, office_id, title) "
        "VALUES ('d1', 't', 't', 'o', 'Old')"
    )
    conn.execute(
        "INSERT INTO findings (id, created_at, updated_at, office_id, dossier_id, kind, text) "
        "VALUES ('f1', 't', 't', 'o', 'd1', 'gap', 'Témoignage ancien')"
    )
    conn.commit()
    conn.close()

    with Workspace.open(ws_path) as ws:
        assert user_version(ws.conn) == SCHEMA_VERSION
        assert ws.dossier("d1")["title"] == "Old"
        from untoc_desktop.core.search import search

        assert [h.record_id for h in search(ws, "temoignage")] == ["f1"]
        assert "milestones" in ws.db.table_names()


def test_failed_migration_leaves_the_old_version(ws_path, monkeypatch) -> None:
    from untoc_desktop.store import schema

    conn = sqlite3.connect(ws_path)
    migrate(conn, target=1)

    def broken(c) -> None:
        c.executescript("CREATE TABLE half_done (x);")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setitem(schema.MIGRATIONS, 2, broken)
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn)
    assert user_version(conn) == 1
    assert "half_done" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()


def _snapshot(path):
    return path.read_bytes(), path.stat().st_mtime_ns


def test_not_sqlite_is_refused_untouched(tmp_path) -> None:
    path = tmp_path / "notes.untocdb"
    path.write_text("This is a text file, not a workspace.\n" * 10)
    before = _snapshot(path)
    with pytest.raises(WorkspaceError, match="not an UNTOC Desktop workspace"):
        Workspace.open(path)
    assert _snapshot(path) == before


def test_newer_schema_is_refused_untouched(ws_path) -> None:
    conn = sqlite3.connect(ws_path)
    migrate(conn)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = _snapshot(ws_path)
    with pytest.raises(WorkspaceError, match="newer version"):
        Workspace.open(ws_path)
    assert _snapshot(ws_path) == before
    assert not ws_path.with_name(ws_path.name + "-wal").exists()


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="root ignores file permissions"
)
def test_read_only_is_refused_untouched(ws_path) -> None:
    Workspace.open(ws_path).close()
    ws_path.chmod(stat.S_IRUSR)
    before = _snapshot(ws_path)
    try:
        with pytest.raises(WorkspaceError, match="read-only"):
            Workspace.open(ws_path)
        assert _snapshot(ws_path) == before
    finally:
        ws_path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_read_only_is_refused_even_as_root(ws_path, monkeypatch) -> None:
    """Root can write anywhere, so simulate the read-only stick through os.access."""
    Workspace.open(ws_path).close()
    before = _snapshot(ws_path)
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    with pytest.raises(WorkspaceError, match="read-only"):
        Workspace.open(ws_path)
    assert _snapshot(ws_path) == before


def test_second_instance_is_refused(ws_path) -> None:
    first = Workspace.open(ws_path)
    try:
        before = ws_path.read_bytes()
        with pytest.raises(WorkspaceError, match="already open"):
            Workspace.open(ws_path)
        assert ws_path.read_bytes() == before
    finally:
        first.close()
    Workspace.open(ws_path).close()  # released with the first instance


def test_folder_is_refused(tmp_path) -> None:
    with pytest.raises(WorkspaceError, match="folder"):
        Workspace.open(tmp_path)


def test_record_tables_come_after_the_tables_they_refer_to(ws: Workspace) -> None:
    """Bundles write rows in RECORD_TABLES order, so a parent must always come first."""
    from untoc_desktop.store.schema import RECORD_TABLES

    seen: set[str] = set()
    for table in RECORD_TABLES:
        parents = {row[2] for row in ws.conn.execute(f"PRAGMA foreign_key_list({table})")}
        assert parents - {"attachments", table} <= seen, table
        seen.add(table)
    record_like = {
        name
        for (name,) in ws.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if "office_id" in {c[1] for c in ws.conn.execute(f"PRAGMA table_info({name})")}
    }
    bookkeeping = {"partner_offices", "conflicts", "sync_versions", "version_signatures"}
    assert record_like - bookkeeping == set(RECORD_TABLES)
