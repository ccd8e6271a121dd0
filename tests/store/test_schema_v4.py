"""Schema version 4 (dialogue statements and declarations) applied to a file left at version 3."""

from __future__ import annotations

import sqlite3

import pytest

from untoc_desktop.bundles import format as fmt
from untoc_desktop.store.schema import DOSSIER_CHILD_TABLES, RECORD_TABLES, migrate, user_version
from untoc_desktop.store.workspace import Workspace


def test_version_3_file_migrates_to_4_and_old_dossiers_stay_submissions(ws_path) -> None:
    conn = sqlite3.connect(ws_path)
    assert migrate(conn, target=3) == [1, 2, 3]
    conn.execute(
        "INSERT INTO dossiers (id, created_at, updated_at, office_id, title) "
        "VALUES ('d1', 't', 't', 'o', 'Kept')"
    )
    conn.commit()
    conn.close()

    with Workspace.open(ws_path) as ws:
        assert user_version(ws.conn) >= 4
        old = ws.dossier("d1")
        assert (old["title"], old["kind"], old["working_group"], old["dialogue_date"]) == (
            "Kept",
            "submission",
            "",
            "",
        )
        section = ws.insert(
            "declaration_sections", dossier_id="d1", title="Preamble", text="We...", position=1
        )
        signer = ws.insert(
            "signatories", dossier_id="d1", kind="individual", name="A. Person", country="KE"
        )
        assert ws.children("declaration_sections", "d1")[0]["id"] == section
        assert ws.children("signatories", "d1")[0]["endorsed_hash"] == ""
        assert ws.get("signatories", signer)["office_id"] == ws.office_id


def test_unknown_kind_is_refused_by_the_schema(ws) -> None:
    dossier = ws.create_dossier(title="x")
    with pytest.raises(sqlite3.IntegrityError):
        ws.update("dossiers", dossier, kind="pamphlet")
    with pytest.raises(sqlite3.IntegrityError):
        ws.insert("signatories", dossier_id=dossier, kind="robot")
    assert ws.dossier(dossier)["kind"] == "submission"


def test_new_tables_travel_in_bundles() -> None:
    for table in ("declaration_sections", "signatories"):
        assert table in RECORD_TABLES and table in DOSSIER_CHILD_TABLES
        assert table in fmt.MERGE_ORDER and fmt.PARENTS[table] == (("dossier_id", "dossiers"),)
    assert "signatories" in fmt.SENSITIVE_TABLES
