"""Schema version 3 (bundles' own tables) applied to a file left at version 2."""

from __future__ import annotations

import sqlite3

from untoc_desktop.store.schema import migrate, user_version
from untoc_desktop.store.workspace import Workspace


def test_version_2_file_migrates_to_3_and_keeps_its_records(ws_path) -> None:
    conn = sqlite3.connect(ws_path)
    assert migrate(conn, target=2) == [1, 2]
    conn.execute(
        "INSERT INTO dossiers (id, created_at, updated_at, office_id, title) "
        "VALUES ('d1', 't', 't', 'o', 'Kept')"
    )
    conn.commit()
    conn.close()

    with Workspace.open(ws_path) as ws:
        assert user_version(ws.conn) >= 3
        assert ws.dossier("d1")["title"] == "Kept"
        tables = set(ws.db.table_names())
        assert {"partner_offices", "conflicts", "sync_versions"} <= tables
        ws.conn.execute(
            "INSERT INTO sync_versions "
            "VALUES ('dossiers', 'd1', '2026-01-01T00:00:00.000000Z', 'o')"
        )
        # A version is remembered once, however many bundles carried it.
        ws.conn.execute(
            "INSERT OR IGNORE INTO sync_versions "
            "VALUES ('dossiers', 'd1', '2026-01-01T00:00:00.000000Z', 'o')"
        )
        assert ws.conn.execute("SELECT COUNT(*) FROM sync_versions").fetchone()[0] == 1
