from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from untoc_desktop.core.search import fts_query, search
from untoc_desktop.store.workspace import Workspace


@pytest.fixture
def filled(ws: Workspace) -> tuple[Workspace, str]:
    dossier_id = ws.create_dossier(title="Coastal")
    ws.add_finding(dossier_id, "gap", "Témoignage des pêcheurs sur le travail forcé")
    ws.add_evidence(
        dossier_id, source="Police report", description="Interviews in the port district"
    )
    return ws, dossier_id


def test_accents_are_ignored(filled) -> None:
    ws, _ = filled
    assert [h.kind for h in search(ws, "temoignage pecheurs")] == ["finding"]
    assert [h.kind for h in search(ws, "TÉMOIGNAGE")] == ["finding"]


def test_last_word_matches_as_prefix(filled) -> None:
    ws, _ = filled
    assert [h.kind for h in search(ws, "police rep")] == ["evidence"]


def test_deleted_items_are_not_found(filled) -> None:
    ws, dossier_id = filled
    [finding] = ws.children("findings", dossier_id)
    ws.delete("findings", finding["id"])
    assert search(ws, "temoignage") == []


def test_edited_text_is_reindexed(filled) -> None:
    ws, dossier_id = filled
    [finding] = ws.children("findings", dossier_id)
    ws.update("findings", finding["id"], text="Corruption at the border")
    assert search(ws, "temoignage") == []
    assert len(search(ws, "border")) == 1


@pytest.mark.parametrize(
    "text", ['photo"', "NEAR(", '"""', "a:b", "-", "*", "AND OR NOT", "(", "", "   "]
)
def test_hostile_input_is_just_text(filled, text) -> None:
    ws, _ = filled
    assert isinstance(search(ws, text), list)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_a_valid_query(text) -> None:
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO t VALUES ('some text')")
    query = fts_query(text)
    if query is not None:
        conn.execute("SELECT * FROM t WHERE t MATCH ?", (query,)).fetchall()
