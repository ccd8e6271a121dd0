"""A hostile partner cannot write in another office's name, date its versions in the future, or
slip in files nothing shows (issue 18's attack, as a partner office could mount it).

Office B controls its own workspace file and its key, nothing else: it rewrites A's records in its
file with plain SQL, credits them to A (or to itself) with a 2099 date, and exports.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.bundles.conftest import content
from untoc_desktop.bundles.export import export_bundle
from untoc_desktop.bundles.importer import apply, known_keys, preview, read_bundle
from untoc_desktop.bundles.review import conflicts, restore_conflict, set_trusted
from untoc_desktop.cli import main
from untoc_desktop.core.timeutil import now
from untoc_desktop.store.workspace import Workspace

FUTURE = "2099-01-01T00:00:00.000000Z"


def _import(path: Path, bundle: Path, accept=()):
    with Workspace.open(path) as ws:
        validated = read_bundle(bundle, None, known_keys(ws), own_office_id=ws.office_id)
        return apply(ws, validated, accept)


def _trust(path: Path, office: Path) -> None:
    """``path``'s user marks ``office`` as a trusted co-editor (after comparing fingerprints)."""
    with Workspace.open(office) as ws:
        office_id = ws.office_id
    with Workspace.open(path) as ws:
        set_trusted(ws, office_id, True)


def _preview(path: Path, bundle: Path):
    with Workspace.open(path) as ws:
        return preview(ws, read_bundle(bundle, None, known_keys(ws), own_office_id=ws.office_id))


def _export(path: Path, out: Path) -> Path:
    with Workspace.open(path) as ws:
        return export_bundle(ws, out).path


def _shared(make_office, tmp_path) -> tuple[Path, Path, str, str, str]:
    """A's dossier with a finding, already imported by B (and B's first bundle known to A)."""
    a, b = make_office("A"), make_office("B")
    with Workspace.open(a) as ws:
        dossier = ws.create_dossier(title="A's dossier", country="KE")
        finding = ws.add_finding(dossier, "gap", "A's finding")
        a_id = ws.office_id
    _import(b, _export(a, tmp_path / "a1"))
    _import(a, _export(b, tmp_path / "b0"))
    return a, b, dossier, finding, a_id


def _tamper(path: Path, sql: str, *params: object) -> None:
    """What B can do to its own file: anything, with plain SQL."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(sql, params)
    conn.close()


def test_versions_credited_to_another_office_are_refused_and_change_nothing(make_office, tmp_path):
    a, b, dossier, finding, a_id = _shared(make_office, tmp_path)
    _tamper(
        b,
        "UPDATE dossiers SET title = 'Taken over', updated_at = ?, office_id = ? WHERE id = ?",
        FUTURE,
        a_id,
        dossier,
    )
    forged_at = now()
    _tamper(
        b,
        "UPDATE findings SET text = 'Forged', updated_at = ?, office_id = ? WHERE id = ?",
        forged_at,
        a_id,
        finding,
    )
    # And files A's real signature of the finding's previous version under the forged one.
    _tamper(
        b,
        "UPDATE version_signatures SET updated_at = ? WHERE record_id = ?",
        forged_at,
        finding,
    )
    _tamper(
        b,
        "UPDATE organizations SET deleted_at = ?, updated_at = ?, office_id = ? "
        "WHERE office_id = ?",
        now(),
        now(),
        a_id,
        a_id,
    )
    before = content(a)
    bundle = _export(b, tmp_path / "attack")
    shown = _preview(a, bundle)
    reasons = {(r.table, r.record_id): r.reason for r in shown.refused}
    assert "dated after the bundle" in reasons[("dossiers", dossier)]
    assert "did not write it" in reasons[("findings", finding)]
    assert any(table == "organizations" for table, _id in reasons)
    assert all(r.author == a_id for r in shown.refused)
    result = _import(a, bundle)
    assert result.conflicts == 0
    assert content(a) == before


def test_a_partner_cannot_date_its_own_versions_in_the_future(make_office, tmp_path):
    a, b, dossier, _finding, _a_id = _shared(make_office, tmp_path)
    with Workspace.open(b) as ws:
        b_id = ws.office_id
    _tamper(
        b,
        "UPDATE dossiers SET title = 'Mine forever', updated_at = ?, office_id = ? WHERE id = ?",
        FUTURE,
        b_id,
        dossier,
    )
    _import(a, _export(b, tmp_path / "future"))
    with Workspace.open(a) as ws:
        assert ws.dossier(dossier)["title"] == "A's dossier"


def test_a_later_local_edit_stands_after_any_number_of_reimports(make_office, tmp_path):
    """B's clock runs four minutes ahead (within the stated skew): its version wins once (A trusts
    B as a co-editor), then A corrects it, and re-importing B's bundle never brings B's version
    back."""
    a, b, dossier, _finding, _a_id = _shared(make_office, tmp_path)
    _trust(a, b)
    with Workspace.open(b) as ws:
        ws.update("dossiers", dossier, title="B's wording")
        b_id = ws.office_id
    ahead = _four_minutes_ahead()
    _tamper(
        b, "UPDATE dossiers SET updated_at = ? WHERE id = ? AND office_id = ?", ahead, dossier, b_id
    )
    bundle = _export(b, tmp_path / "b1")
    _import(a, bundle)
    with Workspace.open(a) as ws:
        assert ws.dossier(dossier)["title"] == "B's wording"
        ws.update("dossiers", dossier, title="A's correction")
        assert ws.dossier(dossier)["updated_at"] > ahead
    for _ in range(3):
        _import(a, bundle)
        with Workspace.open(a) as ws:
            assert ws.dossier(dossier)["title"] == "A's correction"


def _four_minutes_ahead() -> str:
    from datetime import UTC, datetime, timedelta

    return (datetime.now(UTC) + timedelta(minutes=4)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def test_relayed_versions_stay_verifiable_and_forged_relays_do_not(make_office, tmp_path):
    """A → B → C: C, which knows A, accepts A's finding relayed by B, signed by A; B's forgery of
    A's finding in the same relay is refused."""
    a, b, dossier, finding, a_id = _shared(make_office, tmp_path)
    c = make_office("C")
    _import(c, _export(a, tmp_path / "a-to-c"))  # C knows A's key
    with Workspace.open(a) as ws:
        ws.update("findings", finding, text="A's second wording")
        second = ws.add_finding(dossier, "good_practice", "A's new practice")
    _import(b, _export(a, tmp_path / "a2"))
    relay = _export(b, tmp_path / "b-relay")
    assert not _preview(c, relay).refused
    _import(c, relay)
    with Workspace.open(c) as ws:
        assert ws.get("findings", finding)["text"] == "A's second wording"
        assert ws.get("findings", second)["text"] == "A's new practice"
    _tamper(b, "UPDATE findings SET text = 'B in A''s name' WHERE id = ?", second)
    forged = _export(b, tmp_path / "b-forged")
    assert [(r.table, r.record_id) for r in _preview(c, forged).refused] == [("findings", second)]
    _import(c, forged)
    with Workspace.open(c) as ws:
        assert ws.get("findings", second)["text"] == "A's new practice"


def test_versions_relayed_from_an_office_this_office_does_not_know_are_refused(
    make_office, tmp_path
):
    a, b, _dossier, _finding, a_id = _shared(make_office, tmp_path)
    c = make_office("C")
    shown = _preview(c, _export(b, tmp_path / "relay"))
    unknown = [r for r in shown.refused if r.author == a_id]
    assert unknown and all("does not know" in r.reason for r in unknown)


def test_the_command_line_names_what_it_refused(make_office, tmp_path, capsys):
    a, b, dossier, _finding, a_id = _shared(make_office, tmp_path)
    _tamper(
        b,
        "UPDATE dossiers SET title = 'x', updated_at = ?, office_id = ? WHERE id = ?",
        now(),
        a_id,
        dossier,
    )
    bundle = _export(b, tmp_path / "attack")
    assert main(["bundle", "import", "--workspace", str(a), str(bundle), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 version refused" in out
    assert f"Dossier {dossier} (written, it says, by office {a_id})" in out


def _honest_edits_of_a_records(b: Path, dossier: str, finding: str) -> None:
    """B changes A's records through the application, in its own name: no forgery at all."""
    with Workspace.open(b) as ws:
        ws.update("dossiers", dossier, title="B's title for A's dossier")
        ws.update("findings", finding, text="B's wording")
        ws.delete(
            "organizations", ws.rows("organizations", "office_id <> ?", (ws.office_id,))[0]["id"]
        )
        ws.add_finding(dossier, "gap", "B's own finding")


def test_an_untrusted_partners_changes_to_others_records_are_only_proposals(make_office, tmp_path):
    a, b, dossier, finding, a_id = _shared(make_office, tmp_path)
    with Workspace.open(b) as ws:
        b_id = ws.office_id
    _honest_edits_of_a_records(b, dossier, finding)
    bundle = _export(b, tmp_path / "b-edits")
    shown = _preview(a, bundle)
    assert not shown.refused
    proposals = {(p.table, p.record_id): p for p in shown.proposals}
    with Workspace.open(a) as ws:
        a_org = ws.organization()["id"]
    assert set(proposals) == {
        ("dossiers", dossier),
        ("findings", finding),
        ("organizations", a_org),
    }
    title = proposals[("dossiers", dossier)]
    assert title.author == b_id and title.author_name == "B"
    assert ("title", "A's dossier", "B's title for A's dossier") in title.changes
    assert proposals[("findings", finding)].changes == (("text", "A's finding", "B's wording"),)
    assert proposals[("organizations", a_org)].deletes
    assert shown.total.proposed == 3 and shown.total.new == 1

    before = content(a)
    result = _import(a, bundle)  # the default: nothing accepted
    assert result.accepted == 0
    after = content(a)
    assert after["dossiers"] == before["dossiers"]
    assert after["organizations"] == before["organizations"]
    with Workspace.open(a) as ws:
        assert ws.get("findings", finding)["text"] == "A's finding"
        texts = {f["text"] for f in ws.rows("findings", "dossier_id = ?", (dossier,))}
        assert texts == {"A's finding", "B's own finding"}  # B's new record is B's to add
    # Offered again by the next bundle: nothing was decided behind the user's back.
    assert len(_preview(a, bundle).proposals) == 3


def test_accepted_proposals_merge_and_the_rest_do_not(make_office, tmp_path):
    a, b, dossier, finding, a_id = _shared(make_office, tmp_path)
    _honest_edits_of_a_records(b, dossier, finding)
    bundle = _export(b, tmp_path / "b-edits")
    chosen = [p.key for p in _preview(a, bundle).proposals if p.table == "findings"]
    result = _import(a, bundle, chosen)
    assert result.accepted == 1
    with Workspace.open(a) as ws:
        assert ws.get("findings", finding)["text"] == "B's wording"
        assert ws.dossier(dossier)["title"] == "A's dossier"
        assert ws.organization()["deleted_at"] is None
    assert {p.table for p in _preview(a, bundle).proposals} == {"organizations", "dossiers"}


def test_a_trusted_co_editors_changes_merge_and_its_deletions_go_to_the_trash(
    make_office, tmp_path
):
    a, b, dossier, finding, a_id = _shared(make_office, tmp_path)
    _trust(a, b)
    _honest_edits_of_a_records(b, dossier, finding)
    with Workspace.open(b) as ws:
        ws.delete("findings", finding)
    bundle = _export(b, tmp_path / "b-edits")
    assert not _preview(a, bundle).proposals
    _import(a, bundle)
    with Workspace.open(a) as ws:
        assert ws.dossier(dossier)["title"] == "B's title for A's dossier"
        trashed = ws.get("findings", finding)
        assert trashed is not None and trashed["deleted_at"]  # in the trash, not purged
        assert trashed["text"] == "B's wording"


def test_a_declined_proposal_comes_back_to_its_author_as_a_conflict_copy(make_office, tmp_path):
    """Nothing B typed is lost either: A declines B's wording and writes its own; B, which trusts
    A as a co-editor, takes A's later version and keeps its own wording as a conflict copy."""
    a, b, dossier, finding, a_id = _shared(make_office, tmp_path)
    _trust(b, a)
    _honest_edits_of_a_records(b, dossier, finding)
    _import(a, _export(b, tmp_path / "b-edits"))
    with Workspace.open(a) as ws:
        ws.update("findings", finding, text="A's second wording")
    _import(b, _export(a, tmp_path / "a-later"))
    with Workspace.open(b) as ws:
        assert ws.get("findings", finding)["text"] == "A's second wording"
        copies = [c for c in conflicts(ws) if c.record_id == finding]
        assert [c.record["text"] for c in copies] == ["B's wording"]


def test_restoring_a_conflict_copy_wins_the_next_exchange_everywhere(make_office, tmp_path):
    a, b, dossier, finding, a_id = _shared(make_office, tmp_path)
    _trust(a, b)
    _trust(b, a)
    with Workspace.open(a) as ws:
        ws.update("findings", finding, text="A's edit")
    with Workspace.open(b) as ws:
        ws.update("findings", finding, text="B's concurrent edit")
    _import(a, _export(b, tmp_path / "b1"))  # B's is later: A keeps its own as a conflict copy
    with Workspace.open(a) as ws:
        assert ws.get("findings", finding)["text"] == "B's concurrent edit"
        (copy,) = [c for c in conflicts(ws) if c.record_id == finding]
        restore_conflict(ws, copy.id)
    for _ in range(2):  # and again: restoring is a new edit, it stands
        _import(b, _export(a, tmp_path / "a-restored"))
        _import(a, _export(b, tmp_path / "b-again"))
    for office in (a, b):
        with Workspace.open(office) as ws:
            assert ws.get("findings", finding)["text"] == "A's edit"


def test_text_from_a_partner_is_cleaned_and_still_verifies_when_relayed(make_office, tmp_path):
    a, b, dossier, finding, a_id = _shared(make_office, tmp_path)
    c = make_office("C")
    _import(c, _export(b, tmp_path / "b-to-c"))  # C knows B's key
    with Workspace.open(b) as ws:
        hostile = ws.add_finding(dossier, "gap", "Paid\x1b[2J\x0bcash\u202e gnp.exe\x00")
    _import(a, _export(b, tmp_path / "b-hostile"))
    with Workspace.open(a) as ws:
        assert ws.get("findings", hostile)["text"] == "Paid[2J\ncash[U+202E] gnp.exe"
    _import(c, _export(a, tmp_path / "a-knows"))
    relay = _export(a, tmp_path / "a-relays")
    assert not [r for r in _preview(c, relay).refused if r.record_id == hostile]


def test_the_command_line_lists_proposals_and_applies_them_only_when_asked(
    make_office, tmp_path, capsys
):
    a, b, dossier, finding, a_id = _shared(make_office, tmp_path)
    with Workspace.open(b) as ws:
        ws.update("findings", finding, text="B's wording")
    bundle = _export(b, tmp_path / "b-edits")
    args = ["bundle", "import", "--workspace", str(a), str(bundle)]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 proposed change to a record another office wrote" in out
    assert "B proposes to change this finding: “A's finding”" in out
    assert "Text: here “A's finding” / proposed “B's wording”" in out
    assert main(args) == 0
    assert "1 proposed change was not applied" in capsys.readouterr().out
    with Workspace.open(a) as ws:
        assert ws.get("findings", finding)["text"] == "A's finding"
    assert main([*args, "--accept-proposals"]) == 0
    assert "1 proposed change accepted." in capsys.readouterr().out
    with Workspace.open(a) as ws:
        assert ws.get("findings", finding)["text"] == "B's wording"


def _as_format_1(bundle: Path, office: Path, out: Path) -> Path:
    """The same bundle as a release before author signatures would have made it: no
    ``sync/signatures.jsonl``, format 1, signed by the same office key."""
    import io
    import zipfile

    from tests.bundles.conftest import inner_zip
    from untoc_desktop.bundles import format as fmt
    from untoc_desktop.bundles.container import seal
    from untoc_desktop.bundles.keys import office_key

    with zipfile.ZipFile(bundle) as outer:
        payload = outer.read(fmt.PAYLOAD)
    with zipfile.ZipFile(io.BytesIO(payload)) as inner:
        members = [
            (n, inner.read(n)) for n in inner.namelist() if n not in (fmt.MANIFEST, fmt.SIGNATURES)
        ]
    with Workspace.open(office) as ws:
        key, office_id = office_key(ws), ws.office_id
    stamp = now()
    data = inner_zip(
        members, format_version=1, office_id=office_id, office_name="B", created_at=stamp
    )
    head = {"format": 1, "office_id": office_id, "office_name": "B", "created_at": stamp}
    out.write_bytes(seal(data, key, head, None))
    return out


def test_a_bundle_from_before_author_signatures_adds_its_senders_records_and_proposes_the_rest(
    make_office, tmp_path
):
    """Format 1 carries no author signatures: the sender's own versions are proven by the bundle's
    signature (its new records merge, its changes to A's records are proposals); versions it
    relays for other offices cannot be checked and are refused, named in the preview."""
    a, b, dossier, finding, a_id = _shared(make_office, tmp_path)
    with Workspace.open(b) as ws:
        ws.update("findings", finding, text="B's wording")
        own = ws.add_finding(dossier, "gap", "B's own finding")
    old = _as_format_1(_export(b, tmp_path / "b-new"), b, tmp_path / "b-old.untoc")
    shown = _preview(a, old)
    assert [(p.table, p.record_id) for p in shown.proposals] == [("findings", finding)]
    assert shown.refused and all(
        r.author == a_id and "without its author's signature" in r.reason for r in shown.refused
    )
    _import(a, old)
    with Workspace.open(a) as ws:
        assert ws.get("findings", own)["text"] == "B's own finding"
        assert ws.get("findings", finding)["text"] == "A's finding"
        assert ws.dossier(dossier)["title"] == "A's dossier"


def test_every_record_table_has_a_name_for_the_user():
    """Refusals, proposals and conflicts name the kind of record, never a table name."""
    from untoc_desktop.bundles.review import TABLE_NAMES
    from untoc_desktop.store.schema import RECORD_TABLES

    assert set(RECORD_TABLES) <= set(TABLE_NAMES)
