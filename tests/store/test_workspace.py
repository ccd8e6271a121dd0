from __future__ import annotations

import uuid

import pytest

from untoc_desktop.store.workspace import Workspace


def test_connection_pragmas(ws: Workspace) -> None:
    assert ws.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert ws.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert ws.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_records_carry_bookkeeping(ws: Workspace) -> None:
    dossier_id = ws.create_dossier(title="Draft", country="KE", instruments=["UNTOC", "TIP"])
    row = ws.dossier(dossier_id)
    assert uuid.UUID(row["id"])
    assert row["created_at"] == row["updated_at"]
    assert row["office_id"] == ws.office_id and ws.office_id
    assert row["instruments"] == ["UNTOC", "TIP"]


def test_update_changes_time_only_when_something_changes(ws: Workspace) -> None:
    dossier_id = ws.create_dossier(title="A")
    before = ws.dossier(dossier_id)["updated_at"]
    ws.update("dossiers", dossier_id, title="A")
    assert ws.dossier(dossier_id)["updated_at"] == before
    ws.update("dossiers", dossier_id, title="B")
    after = ws.dossier(dossier_id)
    assert after["title"] == "B" and after["updated_at"] > before


def test_unknown_column_is_refused(ws: Workspace) -> None:
    dossier_id = ws.create_dossier(title="A")
    with pytest.raises(ValueError):
        ws.update("dossiers", dossier_id, nonsense=1)
    assert ws.dossier(dossier_id)["title"] == "A"


def test_foreign_keys_are_enforced(ws: Workspace) -> None:
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        ws.add_finding("no-such-dossier", "gap", "text")
    assert ws.rows("findings") == []


def test_delete_goes_to_trash_and_restores(ws: Workspace) -> None:
    dossier_id = ws.create_dossier(title="To delete")
    finding = ws.add_finding(dossier_id, "gap", "A gap")
    ws.delete("dossiers", dossier_id)
    assert ws.dossiers() == []
    assert [t for t, _row in ws.trash()] == ["dossiers"]
    ws.restore("dossiers", dossier_id)
    assert [d["id"] for d in ws.dossiers()] == [dossier_id]
    assert [f["id"] for f in ws.children("findings", dossier_id)] == [finding]


def test_purge_removes_children(ws: Workspace) -> None:
    dossier_id = ws.create_dossier(title="Gone")
    ws.add_finding(dossier_id, "gap", "A gap")
    ws.delete("dossiers", dossier_id)
    ws.purge("dossiers", dossier_id)
    assert ws.rows("findings", include_deleted=True) == []


def test_duplicate_copies_content_and_links(ws: Workspace, tmp_path) -> None:
    attachment = tmp_path / "note.txt"
    attachment.write_text("notes")
    dossier_id = ws.create_dossier(title="Original", country="FR")
    ws.set_focal_point(dossier_id, name="M. Dupont")
    finding = ws.add_finding(dossier_id, "gap", "A gap", instrument="UNTOC", article=5)
    evidence = ws.add_evidence(dossier_id, source="Court", attachment=attachment)
    ws.link_evidence(finding, evidence)

    copy_id = ws.duplicate_dossier(dossier_id)
    copy = ws.dossier(copy_id)
    assert copy["title"] == "Original (copy)" and copy["country"] == "FR"
    assert ws.focal_point(copy_id)["name"] == "M. Dupont"
    [new_finding] = ws.children("findings", copy_id)
    [new_evidence] = ws.children("evidence", copy_id)
    assert new_finding["id"] != finding
    assert ws.evidence_for(new_finding["id"]) == [new_evidence["id"]]
    assert (
        new_evidence["attachment_sha256"]
        == ws.children("evidence", dossier_id)[0]["attachment_sha256"]
    )


def test_attachments_are_stored_once_by_hash(ws: Workspace) -> None:
    first = ws.add_attachment(b"same bytes")
    second = ws.add_attachment(b"same bytes")
    assert first == second
    assert ws.attachment(first) == b"same bytes"
    assert ws.conn.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 1


def test_article_selection_keeps_a_tombstone(ws: Workspace) -> None:
    dossier_id = ws.create_dossier()
    ws.set_article_selected(dossier_id, "TIP", 3, True)
    ws.set_article_selected(dossier_id, "TIP", 3, True)
    assert ws.selected_articles(dossier_id) == [("TIP", 3)]
    ws.set_article_selected(dossier_id, "TIP", 3, False)
    assert ws.selected_articles(dossier_id) == []
    assert len(ws.rows("dossier_articles", include_deleted=True)) == 1
    ws.set_article_selected(dossier_id, "TIP", 3, True)
    assert ws.selected_articles(dossier_id) == [("TIP", 3)]


def test_transaction_rolls_back_as_a_whole(ws: Workspace) -> None:
    dossier_id = ws.create_dossier(title="Kept")
    with pytest.raises(RuntimeError), ws.transaction():
        ws.update("dossiers", dossier_id, title="Lost")
        ws.add_finding(dossier_id, "gap", "Lost too")
        raise RuntimeError("boom")
    assert ws.dossier(dossier_id)["title"] == "Kept"
    assert ws.children("findings", dossier_id) == []


def test_organization_profile_is_reused(ws: Workspace) -> None:
    ws.save_organization(name="Coastal Rights", signatory_name="A. Okafor")
    first = ws.create_dossier()
    second = ws.create_dossier()
    assert ws.dossier(first)["organization_id"] == ws.dossier(second)["organization_id"]
    assert ws.organization()["name"] == "Coastal Rights"


def test_state_corrections_overlay(ws: Workspace) -> None:
    ws.correct_state("KE", "review_group", "2", "Confirmed by the ministry")
    ws.correct_state("KE", "review_group", "3")
    assert ws.state_corrections("KE") == {"review_group": "3"}


def test_integrity_check_finds_a_tampered_attachment(ws: Workspace) -> None:
    assert ws.integrity_problems() == []
    sha = ws.add_attachment(b"original")
    ws.conn.execute("UPDATE attachments SET data = ? WHERE sha256 = ?", (b"changed", sha))
    ws.conn.commit()
    assert any(sha[:12] in p for p in ws.integrity_problems())


def test_edits_survive_reopening(ws_path) -> None:
    with Workspace.open(ws_path) as ws:
        dossier_id = ws.create_dossier(title="Persisted")
        ws.add_finding(dossier_id, "observation", "Typed before closing")
    with Workspace.open(ws_path) as ws:
        assert ws.dossier(dossier_id)["title"] == "Persisted"
        assert ws.children("findings", dossier_id)[0]["text"] == "Typed before closing"


def test_duplicate_declaration_drops_endorsements(ws: Workspace) -> None:
    dossier_id = ws.create_dossier(title="Declaration")
    ws.insert(
        "signatories",
        dossier_id=dossier_id,
        name="Coastal Rights",
        endorsed_hash="ab" * 32,
        endorsement_signature="sig",
        endorsed_office_id="office",
        endorsed_key_id="key",
        endorsed_at="2026-11-01T00:00:00.000000Z",
    )
    copy_id = ws.duplicate_dossier(dossier_id)
    [copy] = ws.children("signatories", copy_id)
    assert copy["name"] == "Coastal Rights"
    assert (
        copy["endorsement_signature"] == ""
        and copy["endorsed_hash"] == ""
        and copy["endorsed_at"] == ""
    )
    [original] = ws.children("signatories", dossier_id)
    assert original["endorsement_signature"] == "sig"
