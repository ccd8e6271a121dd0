"""Export and import between offices: what travels, what is left out, what happens twice,
conflicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bundles.conftest import bookkeeping, content
from untoc_desktop.bundles.container import KeyChangedError, seal
from untoc_desktop.bundles.export import export_bundle
from untoc_desktop.bundles.importer import apply, known_keys, preview, read_bundle
from untoc_desktop.bundles.keys import SigningKey, office_key
from untoc_desktop.bundles.review import conflicts, partner_offices, restore_conflict, set_trusted
from untoc_desktop.core.demo import build_demo
from untoc_desktop.core.errors import CancelledError
from untoc_desktop.store.workspace import Workspace


def _import(path: Path, bundle: Path, passphrase: str | None = None, accept=(), **kw):
    with Workspace.open(path) as ws:
        validated = read_bundle(
            bundle, passphrase, known_keys(ws), own_office_id=ws.office_id, **kw
        )
        return apply(ws, validated, accept)


def _export(path: Path, out: Path, **kw) -> Path:
    with Workspace.open(path) as ws:
        return export_bundle(ws, out, **kw).path


def test_demo_travels_without_its_sensitive_items_and_a_second_import_changes_nothing(
    make_office, tmp_path
):
    a, b = make_office("A"), make_office("B")
    with Workspace.open(a) as ws:
        dossier = build_demo(ws, "KE", "en")
        sensitive = [r["id"] for r in ws.rows("findings", "sensitive = 1")]
        evidence = ws.rows("evidence", "attachment_sha256 IS NOT NULL")
    assert sensitive, "the demo is expected to hold a sensitive finding"
    bundle = _export(a, tmp_path / "a-to-b")
    assert bundle.name == "a-to-b.untoc"

    result = _import(b, bundle)
    assert result.preview.per_dossier[dossier].new > 0
    with Workspace.open(b) as ws:
        assert ws.dossier(dossier)["title"]
        assert all(ws.get("findings", fid) is None for fid in sensitive)
        for item in evidence:
            if not item["sensitive"]:
                assert ws.attachment(item["attachment_sha256"]) is not None
        assert [p.name for p in partner_offices(ws)] == ["A"]
    before = content(b), bookkeeping(b)
    again = _import(b, bundle)
    assert not again.preview.changes_anything and again.conflicts == 0
    assert (content(b), bookkeeping(b)) == before


def test_sensitive_items_travel_only_when_deliberately_included(make_office, tmp_path):
    a, b = make_office("A"), make_office("B")
    with Workspace.open(a) as ws:
        build_demo(ws, "FR", "fr")
        sensitive = [r["id"] for r in ws.rows("findings", "sensitive = 1")]
    _import(
        b,
        _export(a, tmp_path / "full", include_sensitive=True, passphrase="correct horse"),
        "correct horse",
    )
    with Workspace.open(b) as ws:
        assert all(ws.get("findings", fid) is not None for fid in sensitive)


def test_chosen_dossiers_only_and_deletions_travel_as_tombstones(make_office, tmp_path):
    a, b = make_office("A"), make_office("B")
    with Workspace.open(a) as ws:
        keep = ws.create_dossier(title="Kept", country="KE")
        other = ws.create_dossier(title="Not chosen", country="PE")
        finding = ws.add_finding(keep, "gap", "No shelter for victims")
    _import(b, _export(a, tmp_path / "one", dossier_ids=[keep]))
    with Workspace.open(b) as ws:
        assert ws.dossier(other) is None
        assert ws.get("findings", finding)["text"] == "No shelter for victims"
    with Workspace.open(a) as ws:
        ws.delete("findings", finding)
    _import(b, _export(a, tmp_path / "two", dossier_ids=[keep]))
    with Workspace.open(b) as ws:
        assert ws.get("findings", finding)["deleted_at"] is not None


def test_concurrent_edits_keep_the_losing_version_as_a_restorable_conflict_copy(
    make_office, tmp_path
):
    a, b = make_office("A"), make_office("B")
    with Workspace.open(a) as ws:
        dossier = ws.create_dossier(title="Shared", country="KE")
        finding = ws.add_finding(dossier, "gap", "Original")
    _import(b, _export(a, tmp_path / "1"))
    with Workspace.open(a) as ws:
        ws.update("findings", finding, text="A's wording")
    with Workspace.open(b) as ws:
        ws.update("findings", finding, text="B's wording (later)")
    # B's change to A's finding is a proposal; A accepts it and keeps its own as a copy.
    result = _import(a, _export(b, tmp_path / "2"), accept=True)
    assert result.conflicts == 1 and result.accepted == 1
    with Workspace.open(a) as ws:
        assert ws.get("findings", finding)["text"] == "B's wording (later)"
        [copy] = conflicts(ws)
        assert copy.record["text"] == "A's wording" and copy.table == "findings"
        restore_conflict(ws, copy.id)
        assert ws.get("findings", finding)["text"] == "A's wording"
        assert conflicts(ws) == []
    # B receives A's version, which lost on B's side too: B keeps its own as a copy; both agree now.
    _import(b, _export(a, tmp_path / "3"), accept=True)
    assert content(a) == content(b)


def test_sequential_edits_are_not_conflicts(make_office, tmp_path):
    a, b = make_office("A"), make_office("B")
    with Workspace.open(a) as ws:
        dossier = ws.create_dossier(title="v1")
    _import(b, _export(a, tmp_path / "1"))
    with Workspace.open(b) as ws:
        ws.update("dossiers", dossier, title="v2 by B")
    # Each accepts the other's change to its record (a proposal: neither is a trusted co-editor).
    assert _import(a, _export(b, tmp_path / "2"), accept=True).conflicts == 0
    with Workspace.open(a) as ws:
        ws.update("dossiers", dossier, title="v3 by A")
    assert _import(b, _export(a, tmp_path / "3"), accept=True).conflicts == 0
    with Workspace.open(b) as ws:
        assert ws.dossier(dossier)["title"] == "v3 by A"


def test_same_article_selected_in_two_offices_merges_into_one_row(make_office, tmp_path):
    a, b = make_office("A"), make_office("B")
    with Workspace.open(a) as ws:
        dossier = ws.create_dossier(title="Shared")
    _import(b, _export(a, tmp_path / "1"))
    for path in (a, b):
        with Workspace.open(path) as ws:
            ws.set_article_selected(dossier, "UNTOC", 5, True)
    _import(a, _export(b, tmp_path / "2"))
    _import(b, _export(a, tmp_path / "3"))
    assert content(a) == content(b)
    with Workspace.open(a) as ws:
        assert ws.selected_articles(dossier) == [("UNTOC", 5)]


def test_a_known_office_with_a_new_key_is_refused_unless_accepted(make_office, tmp_path):
    a, b = make_office("A"), make_office("B")
    with Workspace.open(a) as ws:
        ws.create_dossier(title="Genuine")
        a_id = ws.office_id
    genuine = _export(a, tmp_path / "genuine")
    _import(b, genuine)
    with Workspace.open(b) as ws:
        set_trusted(ws, a_id, True)
        assert partner_offices(ws)[0].trusted
    forged = tmp_path / "forged.untoc"
    members = genuine.read_bytes()
    from untoc_desktop.bundles.container import _outer_members

    payload = _outer_members(members)["payload"]
    header = {
        "format": 1,
        "office_id": a_id,
        "office_name": "A",
        "created_at": "2030-01-01T00:00:00.000000Z",
    }
    forged.write_bytes(seal(payload, SigningKey.generate(), header, None))
    with pytest.raises(KeyChangedError, match="different key"):
        _import(b, forged)
    result = _import(b, forged, accept_key_change=True)
    assert result.preview.signer.status == "changed"
    with Workspace.open(b) as ws:
        assert not partner_offices(ws)[0].trusted


def test_a_bundle_claiming_to_be_this_office_with_another_key_is_refused(make_office, tmp_path):
    a = make_office("A")
    with Workspace.open(a) as ws:
        office_key(ws)
        header = {"format": 1, "office_id": ws.office_id, "office_name": "A", "created_at": "x"}
    bundle = _export(a, tmp_path / "mine")
    from untoc_desktop.bundles.container import _outer_members

    payload = _outer_members(bundle.read_bytes())["payload"]
    bundle.write_bytes(seal(payload, SigningKey.generate(), header, None))
    with pytest.raises(KeyChangedError):
        _import(a, bundle, accept_key_change=True)


def test_export_reports_progress_and_cancelling_leaves_no_file(make_office, tmp_path):
    a = make_office("A")
    with Workspace.open(a) as ws:
        dossier = ws.create_dossier(title="With files")
        for i in range(3):
            sha = ws.add_attachment(bytes([i]) * 5000)
            ws.insert(
                "evidence", dossier_id=dossier, attachment_sha256=sha, attachment_name=f"{i}.bin"
            )
        seen: list[tuple[int, int]] = []
        export_bundle(
            ws, tmp_path / "out" / "ok", progress=lambda d, t, *stage: seen.append((d, t))
        )
        assert seen[-1][0] == seen[-1][1] and len(seen) >= 4
        assert [d for d, _ in seen] == sorted(d for d, _ in seen)
        calls = iter(range(100))
        with pytest.raises(CancelledError):
            export_bundle(ws, tmp_path / "out" / "stopped", cancelled=lambda: next(calls) >= 2)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ok.untoc"]


def test_preview_changes_nothing(make_office, tmp_path):
    a, b = make_office("A"), make_office("B")
    with Workspace.open(a) as ws:
        build_demo(ws, "KE", "es")
    bundle = _export(a, tmp_path / "p")
    before = content(b), bookkeeping(b)
    with Workspace.open(b) as ws:
        prev = preview(ws, read_bundle(bundle, None, known_keys(ws)))
    assert prev.total.new > 0 and prev.signer.status == "new"
    assert (content(b), bookkeeping(b)) == before


def test_every_character_travels_exactly_from_an_encrypted_workspace(tmp_path):
    """The records' JSON is written by SQLite (SQLCipher's, for an encrypted workspace): quotes,
    backslashes, tabs, newlines, non-Latin text and large integers arrive exactly as typed; other
    control characters (the bell) are left out on the way (``core.text.clean``)."""
    tricky = (
        'quotes " and \\ backslash, tab\t, newline\n, bell \x07, NUL-free; '
        "é ñ ✓ Прокуратура مكتب 🙂"
    )
    source = tmp_path / "a" / "workspace.untocdb"
    source.parent.mkdir()
    with Workspace.open(source, passphrase="a passphrase for the source office") as ws:
        ws.save_organization(name=tricky[:40], acronym="A")
        dossier = ws.create_dossier(title=tricky)
        ws.add_finding(dossier, "gap", tricky)
        ws.conn.execute("UPDATE findings SET position = ?", (2**62,))
        out = export_bundle(ws, tmp_path / "a.untoc", include_sensitive=True).path
        sent = {
            t: [tuple(r) for r in ws.conn.execute(f"SELECT * FROM {t} ORDER BY id")]
            for t in ("dossiers", "findings", "organizations")
        }
    target = tmp_path / "b" / "workspace.untocdb"
    target.parent.mkdir()
    Workspace.open(target).close()
    _import(target, out)
    with Workspace.open(target) as ws:
        for table, rows in sent.items():
            expected = [
                tuple(v.replace("\x07", "") if isinstance(v, str) else v for v in r) for r in rows
            ]
            assert [
                tuple(r) for r in ws.conn.execute(f"SELECT * FROM {table} ORDER BY id")
            ] == expected
