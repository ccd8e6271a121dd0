"""Start-up recovery: a damaged workspace is kept aside untouched and the latest good backup
offered."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from untoc_desktop.core import safe_write
from untoc_desktop.core.errors import WorkspaceError
from untoc_desktop.store import backup, recovery
from untoc_desktop.store.db import PassphraseRequiredError, WrongPassphraseError
from untoc_desktop.store.recovery import RecoveryStatus, open_or_recover
from untoc_desktop.store.schema import SCHEMA_VERSION
from untoc_desktop.store.workspace import Workspace


def _make(ws_path: Path, title: str = "Dossier") -> None:
    with Workspace.open(ws_path) as ws:
        dossier = ws.create_dossier(title=title)
        for i in range(200):
            ws.add_finding(dossier, "gap", f"finding {i} " + "x" * 200)


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data) - 4096, 8192):
        data[offset : offset + 600] = b"\xab" * 600
    path.write_bytes(bytes(data))


def test_new_workspace_is_created(ws_path: Path) -> None:
    ws, report = open_or_recover(ws_path)
    assert ws is not None and report.status is RecoveryStatus.CREATED
    ws.close()


def test_sound_workspace_opens_and_takes_a_start_backup(ws_path: Path) -> None:
    _make(ws_path)
    ws, report = open_or_recover(ws_path)
    try:
        assert ws is not None and report.status is RecoveryStatus.OPENED
        assert report.backup_taken is not None
        assert backup.describe_backup(report.backup_taken).findings == 200
    finally:
        ws.close()


def test_damaged_workspace_is_kept_aside_byte_for_byte_and_backup_offered(ws_path: Path) -> None:
    _make(ws_path, "Good")
    ws, _report = open_or_recover(ws_path)
    ws.close()
    _corrupt(ws_path)
    damaged_bytes = hashlib.sha256(ws_path.read_bytes()).hexdigest()

    ws, report = open_or_recover(ws_path)

    assert ws is None and report.status is RecoveryStatus.DAMAGED
    assert report.problems
    assert not ws_path.exists()
    assert report.damaged_path is not None and report.damaged_path.name.startswith(
        "workspace.untocdb.damaged-"
    )
    assert hashlib.sha256(report.damaged_path.read_bytes()).hexdigest() == damaged_bytes
    assert report.latest_good_backup == backup.list_backups(ws_path)[0].path
    assert report.backup_summary is not None and report.backup_summary.dossiers[0].title == "Good"
    assert "is damaged" in report.message and str(report.damaged_path) in report.message

    aside = backup.restore_from(report.latest_good_backup, ws_path)
    assert aside is None  # the damaged file was already set aside, and stays there
    assert report.damaged_path.exists()
    ws, report2 = open_or_recover(ws_path, backup_at_start=False)
    assert report2.status is RecoveryStatus.OPENED
    assert len(ws.rows("findings")) == 200
    ws.close()


def test_damaged_backups_are_skipped_not_deleted(ws_path: Path) -> None:
    _make(ws_path)
    with Workspace.open(ws_path) as ws:
        good = backup.create_backup(ws)
        bad = backup.create_backup(ws)
    _corrupt(bad)
    _corrupt(ws_path)
    ws, report = open_or_recover(ws_path)
    assert ws is None and report.latest_good_backup == good
    assert bad.exists()


def test_damaged_without_any_backup(ws_path: Path) -> None:
    _make(ws_path)
    _corrupt(ws_path)
    ws, report = open_or_recover(ws_path)
    assert ws is None and report.latest_good_backup is None
    assert "No good backup" in report.message


def test_broken_header_is_not_set_aside_without_a_passphrase(ws_path: Path) -> None:
    """Without a readable header the file may be an encrypted workspace: never judge it damaged
    blind."""
    _make(ws_path)
    data = bytearray(ws_path.read_bytes())
    data[:16] = b"\0" * 16
    ws_path.write_bytes(bytes(data))
    with pytest.raises(PassphraseRequiredError):
        open_or_recover(ws_path)
    assert ws_path.read_bytes() == bytes(data)
    assert not list(ws_path.parent.glob("*.damaged-*"))


# ------------------------------------------------------------------ encrypted workspaces
PASS = "correct horse battery staple"


def _make_encrypted(ws_path: Path) -> None:
    with Workspace.open(ws_path, passphrase=PASS) as ws:
        dossier = ws.create_dossier(title="Encrypted dossier")
        for i in range(200):
            ws.add_finding(dossier, "gap", f"secret finding {i} " + "y" * 200)


def test_encrypted_workspace_needs_its_passphrase_and_is_never_set_aside(ws_path: Path) -> None:
    _make_encrypted(ws_path)
    before = hashlib.sha256(ws_path.read_bytes()).hexdigest()
    with pytest.raises(PassphraseRequiredError):
        open_or_recover(ws_path)
    with pytest.raises(WrongPassphraseError):
        open_or_recover(ws_path, passphrase="not the right one at all")
    assert hashlib.sha256(ws_path.read_bytes()).hexdigest() == before
    assert not list(ws_path.parent.glob("*.damaged-*"))
    ws, report = open_or_recover(ws_path, passphrase=PASS)
    assert ws is not None and report.status is RecoveryStatus.OPENED
    ws.close()
    assert (
        report.backup_taken is not None
        and b"secret finding" not in report.backup_taken.read_bytes()
    )


def test_damaged_encrypted_workspace_with_its_passphrase(ws_path: Path) -> None:
    _make_encrypted(ws_path)
    ws, _report = open_or_recover(ws_path, passphrase=PASS)
    ws.close()
    # Damage data pages only: a damaged schema page of an encrypted file cannot be told from a wrong
    # passphrase, and is then refused as one (left in place), never set aside.
    # Three quarters in: the findings' pages, written after the schema's (the middle of the file
    # held a schema page once version 5 added a table).
    data = bytearray(ws_path.read_bytes())
    start = len(data) * 3 // 4
    data[start : start + 3000] = b"\xab" * 3000
    ws_path.write_bytes(bytes(data))
    ws, report = open_or_recover(ws_path, passphrase=PASS)
    assert ws is None and report.status is RecoveryStatus.DAMAGED
    assert report.backup_summary is not None and report.backup_summary.encrypted
    assert report.backup_summary.dossiers[0].title == "Encrypted dossier"


def test_someone_elses_file_is_refused_and_left_in_place(tmp_path: Path) -> None:
    thesis = tmp_path / "thesis.docx"
    thesis.write_bytes(b"PK\x03\x04 a word document")
    with pytest.raises(WorkspaceError, match="not an UNTOC Desktop workspace"):
        open_or_recover(thesis)
    assert thesis.read_bytes() == b"PK\x03\x04 a word document"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.docx"]


def test_newer_version_is_refused_not_set_aside(ws_path: Path) -> None:
    _make(ws_path)
    conn = sqlite3.connect(ws_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(WorkspaceError, match="newer version"):
        open_or_recover(ws_path)
    assert ws_path.exists()
    assert not list(ws_path.parent.glob("*.damaged-*"))


def test_second_instance_is_refused_not_set_aside(ws: Workspace) -> None:
    with pytest.raises(WorkspaceError, match="already open"):
        open_or_recover(ws.path)
    assert not list(ws.path.parent.glob("*.damaged-*"))


def test_left_over_temp_files_are_cleaned_at_start(ws_path: Path) -> None:
    _make(ws_path)
    folder = backup.backup_dir(ws_path)
    folder.mkdir()
    stale = [
        safe_write.temp_path_for(ws_path),
        safe_write.temp_path_for(folder / "workspace.backup.untocdb"),
    ]
    for path in stale:
        path.write_bytes(b"half a copy")
    ws, report = open_or_recover(ws_path, backup_at_start=False)
    ws.close()
    assert report.temp_files_removed == 2 and not any(p.exists() for p in stale)


def test_failed_start_backup_is_a_warning_not_a_refusal(
    ws_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _make(ws_path)

    def full(*_args: object, **_kw: object) -> None:
        raise safe_write.WriteError("The disk is full.")

    monkeypatch.setattr(recovery.backup, "auto_backup", full)
    ws, report = open_or_recover(ws_path)
    assert ws is not None and report.status is RecoveryStatus.OPENED
    assert "The disk is full." in report.message
    ws.close()


# ------------------------------------------------------------------------ check after a clean close
def test_clean_close_stamp_is_stable_until_the_file_changes(ws_path: Path) -> None:
    _make(ws_path)
    stamp = recovery.clean_close_stamp(ws_path)
    assert stamp is not None and stamp == recovery.clean_close_stamp(ws_path)
    with Workspace.open(ws_path) as ws:
        ws.create_dossier(title="A change")
    assert recovery.clean_close_stamp(ws_path) not in (None, stamp)


def test_no_stamp_while_a_wal_has_content_or_without_a_file(ws_path: Path) -> None:
    assert recovery.clean_close_stamp(ws_path) is None
    ws = Workspace.open(ws_path)
    try:
        ws.create_dossier(title="Open, not closed")
        assert ws_path.with_name(ws_path.name + "-wal").stat().st_size > 0
        assert recovery.clean_close_stamp(ws_path) is None  # a crash would leave it so
    finally:
        ws.close()
    assert recovery.clean_close_stamp(ws_path) is not None


def test_check_now_false_opens_without_the_integrity_check(
    ws_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _make(ws_path)
    calls: list[Path] = []
    monkeypatch.setattr(
        recovery, "damage_of", lambda path, passphrase=None: calls.append(path) or []
    )
    ws, report = open_or_recover(ws_path, backup_at_start=False, check_now=False)
    assert ws is not None and report.status is RecoveryStatus.OPENED and calls == []
    ws.close()
    ws, _report = open_or_recover(ws_path, backup_at_start=False)
    assert ws is not None and calls == [ws_path]
    ws.close()
