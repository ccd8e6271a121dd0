"""Schema version 7: the partial index that answers "which articles have a finding with text"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from untoc_desktop.store import dossiers
from untoc_desktop.store.schema import migrate, user_version
from untoc_desktop.store.workspace import Workspace


def test_the_covered_articles_query_is_answered_from_the_index(ws: Workspace) -> None:
    plan = " ".join(
        str(row[-1])
        for row in ws.conn.execute(
            "EXPLAIN QUERY PLAN " + dossiers.COVERED_WITH_TEXT_SQL, ("some dossier",)
        )
    )
    assert "findings_covered" in plan


def test_the_index_gives_the_same_answer_as_reading_every_finding(ws: Workspace) -> None:
    dossier = ws.insert("dossiers", title="D")
    other = ws.insert("dossiers", title="E")
    rows = [
        ("UNTOC", "5", "gap", "text"),  # counted
        ("UNTOC", "6", "gap", "   "),  # blank text: not counted
        ("TIP", "3", "recommendation", "do this"),  # a recommendation: not counted
        ("TIP", "5", "good_practice", "kept"),  # counted
        ("SOM", "6", "gap", "deleted later"),  # deleted: not counted
    ]
    ids = [
        ws.insert(
            "findings", dossier_id=dossier, instrument=i, article=a, kind=k, text=t, position=n
        )
        for n, (i, a, k, t) in enumerate(rows)
    ]
    ws.insert(
        "findings", dossier_id=other, instrument="FIREARMS", article="8", kind="gap", text="x"
    )
    ws.delete("findings", ids[-1])
    covered = dossiers.covered_articles_with_text(ws, dossier)
    unindexed = {
        tuple(row)
        for row in ws.conn.execute(
            "SELECT DISTINCT instrument, article FROM findings NOT INDEXED WHERE dossier_id = ? "
            "AND deleted_at IS NULL AND kind != 'recommendation' AND trim(text) != ''",
            (dossier,),
        )
    }
    assert covered == unindexed == {("UNTOC", 5), ("TIP", 5)}
    # an edit moves a finding in or out of the index
    ws.update("findings", ids[1], text="now written")
    ws.update("findings", ids[0], text="")
    assert dossiers.covered_articles_with_text(ws, dossier) == {("UNTOC", 6), ("TIP", 5)}


def test_a_version_6_file_gets_the_index_and_keeps_its_findings(ws_path: Path) -> None:
    conn = sqlite3.connect(ws_path)
    assert migrate(conn, target=6) == [1, 2, 3, 4, 5, 6]
    conn.executescript(
        "INSERT INTO dossiers (id, created_at, updated_at, office_id, title) "
        "VALUES ('d1', 't', 't', 'o', 'Kept');"
        "INSERT INTO findings (id, created_at, updated_at, office_id, dossier_id, instrument, "
        "article, kind, text) VALUES ('f1', 't', 't', 'o', 'd1', 'UNTOC', '5', 'gap', 'Kept');"
    )
    conn.commit()
    conn.close()
    with Workspace.open(ws_path) as ws:
        assert user_version(ws.conn) == 7
        names = {r[0] for r in ws.conn.execute("SELECT name FROM sqlite_master")}
        assert "findings_covered" in names
        assert dossiers.covered_articles_with_text(ws, "d1") == {("UNTOC", 5)}
