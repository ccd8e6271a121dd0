"""Backups: made sound or not at all, rotated, previewed read-only, restored without losing the old
file."""

from __future__ import annotations

import errno
import hashlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from untoc_desktop.core import safe_write
from untoc_desktop.core.errors import UserError, WorkspaceError
from untoc_desktop.store import backup
from untoc_desktop.store.backup import BackupError
from untoc_desktop.store.db import PassphraseRequiredError, WrongPassphraseError
from untoc_desktop.store.schema import SCHEMA_VERSION
from untoc_desktop.store.workspace import Workspace


def _fill(ws: Workspace) -> str:
    dossier = ws.create_dossier(title="Trafficking in Kenya", country="KE")
    ws.add_finding(dossier, "gap", "No shelter for victims")
    ws.add_finding(dossier, "good_practice", "Hotline in Swahili")
    sha = ws.add_attachment(b"photo bytes", mime="image/jpeg")
    ws.insert("evidence", dossier_id=dossier, source="Interview", attachment_sha256=sha)
    gone = ws.create_dossier(title="Old draft")
    ws.delete("dossiers", gone)
    ws.set_meta("office_name", "Nairobi office")
    return dossier


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _workspace_files(ws_path: Path) -> dict[str, str]:
    """The workspace and its sidecars, by content, to prove a failure changed nothing."""
    return {p.name: _digest(p) for p in ws_path.parent.glob(ws_path.name + "*") if p.is_file()}


def test_create_backup_is_a_sound_copy_and_preview_reads_it(ws: Workspace) -> None:
    _fill(ws)
    path = backup.create_backup(ws)
    assert path.parent == ws.path.parent / "backups"
    summary = backup.describe_backup(path)
    assert summary.office_id == ws.office_id and summary.office_name == "Nairobi office"
    assert summary.schema_version == SCHEMA_VERSION
    assert [
        (d.title, d.country, d.findings, d.evidence, d.attachments) for d in summary.dossiers
    ] == [("Trafficking in Kenya", "KE", 2, 1, 1)]
    assert summary.trashed == 1 and summary.attachments == 1 and summary.findings == 2
    assert summary.taken_at is not None and abs(datetime.now(UTC) - summary.taken_at) < timedelta(
        minutes=5
    )
    assert [b.path for b in backup.list_backups(ws.path)] == [path]


def test_preview_changes_nothing_in_the_backup(ws: Workspace) -> None:
    _fill(ws)
    path = backup.create_backup(ws)
    before = _digest(path)
    backup.describe_backup(path)
    assert _digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_rotation_keeps_the_configured_number(ws: Workspace) -> None:
    backup.set_keep_count(ws, 3)
    made = [backup.create_backup(ws) for _ in range(5)]
    kept = [b.path for b in backup.list_backups(ws.path)]
    assert kept == list(reversed(made[-3:]))
    assert not made[0].exists() and not made[1].exists()


def test_rotation_never_touches_other_files(ws: Workspace) -> None:
    folder = backup.backup_dir(ws.path)
    folder.mkdir()
    mine = folder / "my notes.untocdb"
    mine.write_bytes(b"the user's own file")
    other = folder / "other.backup-20200101T000000000000Z.untocdb"
    other.write_bytes(b"another workspace's backup")
    backup.set_keep_count(ws, 1)
    backup.create_backup(ws)
    backup.create_backup(ws)
    assert mine.exists() and other.exists()
    assert len(backup.list_backups(ws.path)) == 1


@pytest.mark.parametrize("bad", ["0", "-2", "ten", "", "3.5", "100000"])
def test_bad_keep_count_is_refused_and_changes_nothing(ws: Workspace, bad: str) -> None:
    backup.set_keep_count(ws, 4)
    with pytest.raises(UserError, match="from 1 to"):
        backup.set_keep_count(ws, bad)
    assert backup.keep_count(ws) == 4


def test_keep_count_defaults_to_ten(ws: Workspace) -> None:
    assert backup.keep_count(ws) == backup.DEFAULT_KEEP == 10
    ws.set_meta("backup_keep", "garbage written by hand")
    assert backup.keep_count(ws) == 10


def test_daily_schedule(ws: Workspace) -> None:
    assert backup.backup_due(ws.path)
    first = backup.auto_backup(ws)
    assert first is not None
    assert backup.auto_backup(ws) is None  # already one today
    assert backup.backup_due(ws.path, now=datetime.now(UTC) + timedelta(days=1, minutes=1))
    assert backup.auto_backup(ws, at_start=True) is not None  # start-up always backs up


def test_auto_backup_from_a_worker_thread_while_the_workspace_is_open(ws: Workspace) -> None:
    import threading

    _fill(ws)
    out: list[Path | None] = []
    worker = threading.Thread(
        target=lambda: out.append(backup.auto_backup_at(ws.path, at_start=True))
    )
    worker.start()
    worker.join()
    assert out[0] is not None and backup.describe_backup(out[0]).findings == 2
    assert backup.auto_backup_at(ws.path) is None  # one a day
    ws.add_finding(ws.dossiers()[0]["id"], "gap", "the main connection still writes")


def test_backup_to_a_folder_on_a_stick(ws: Workspace, tmp_path: Path) -> None:
    _fill(ws)
    stick = tmp_path / "stick"
    stick.mkdir()
    path = backup.backup_to(ws, stick)
    assert path.parent == stick and path.name.startswith("workspace.backup-")
    assert backup.describe_backup(path).dossiers[0].title == "Trafficking in Kenya"
    assert [p.name for p in stick.iterdir()] == [path.name]


def test_backup_from_a_path_in_another_thread(ws: Workspace, tmp_path: Path) -> None:
    import threading

    _fill(ws)
    out: list[Path] = []
    worker = threading.Thread(
        target=lambda: out.append(backup.backup_to(ws.path, tmp_path / "copy.untocdb"))
    )
    worker.start()
    worker.join()
    assert backup.describe_backup(out[0]).findings == 2


def test_backup_cannot_overwrite_the_workspace(ws: Workspace) -> None:
    before = _workspace_files(ws.path)
    with pytest.raises(BackupError, match="cannot replace the workspace"):
        backup.backup_to(ws, ws.path)
    assert _workspace_files(ws.path) == before


@pytest.mark.parametrize(
    ("code", "message"), [(errno.ENOSPC, "The disk is full"), (errno.EROFS, "read-only")]
)
def test_full_or_read_only_stick_leaves_nothing_and_workspace_unchanged(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, message: str
) -> None:
    _fill(ws)
    ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    stick = tmp_path / "stick"
    stick.mkdir()
    before = _workspace_files(ws.path)
    real_fsync = safe_write.os.fsync

    def failing_fsync(fd: int) -> None:
        real_fsync(fd)
        raise OSError(code, "injected")

    monkeypatch.setattr(safe_write.os, "fsync", failing_fsync)
    with pytest.raises(safe_write.WriteError, match=message):
        backup.backup_to(ws, stick / "copy.untocdb")
    assert list(stick.iterdir()) == []
    assert _workspace_files(ws.path) == before


def test_sqlite_full_disk_during_vacuum(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup, "_copy_into", full)
    with pytest.raises(safe_write.WriteError, match="The disk is full"):
        backup.backup_to(ws, tmp_path / "x.untocdb")
    assert not (tmp_path / "x.untocdb").exists()
    assert [p for p in tmp_path.iterdir() if safe_write.is_temp_file(p)] == []


def test_real_full_stick(ws: Workspace, tmp_path: Path) -> None:
    """A real 512 KiB tmpfs when we may mount one; the copy does not fit."""
    import os
    import shutil
    import subprocess

    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root and mount")
    dossier = ws.create_dossier(title="Big")
    ws.add_attachment(os.urandom(900_000))
    ws.add_finding(dossier, "gap", "text")
    ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _workspace_files(ws.path)
    stick = tmp_path / "stick"
    stick.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(stick)]).returncode:
        pytest.skip("mount refused")
    try:
        with pytest.raises(safe_write.WriteError, match="The disk is full"):
            backup.backup_to(ws, stick)
        assert list(stick.iterdir()) == []
    finally:
        subprocess.run(["umount", "-l", str(stick)], check=False)
    assert _workspace_files(ws.path) == before


# ------------------------------------------------------------------ refusing what is not a backup
def test_describe_refuses_non_workspaces(tmp_path: Path) -> None:
    text = tmp_path / "notes.untocdb"
    text.write_text("not a database")
    with pytest.raises(BackupError, match="not an UNTOC Desktop backup"):
        backup.describe_backup(text)
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(BackupError, match="not an UNTOC Desktop backup"):
        backup.describe_backup(other)
    with pytest.raises(BackupError, match="not a file"):
        backup.describe_backup(tmp_path)
    with pytest.raises(BackupError, match="not a file"):
        backup.describe_backup(tmp_path / "missing.untocdb")


def test_describe_refuses_a_newer_version(ws: Workspace) -> None:
    path = backup.create_backup(ws)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(BackupError, match="newer version"):
        backup.describe_backup(path)


def test_describe_refuses_a_damaged_backup(ws: Workspace) -> None:
    _fill(ws)
    path = backup.create_backup(ws)
    _damage(path)
    with pytest.raises(BackupError, match="damaged|not an UNTOC"):
        backup.describe_backup(path)


def _damage(path: Path) -> None:
    """Overwrite the middle of the file with noise, as a failing stick would."""
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page, len(data) - page, page * 2):
        data[offset + 8 : offset + 200] = b"\xde\xad" * 96
    path.write_bytes(bytes(data))


# ------------------------------------------------------------------ restore
def test_restore_keeps_the_current_file_aside(ws_path: Path) -> None:
    ws = Workspace.open(ws_path)
    dossier = _fill(ws)
    saved = backup.create_backup(ws)
    ws.add_finding(dossier, "gap", "Written after the backup")
    ws.close()
    current = _digest(ws_path)

    aside = backup.restore_from(saved, ws_path)

    assert aside is not None and aside.name.startswith("workspace.untocdb.before-restore-")
    assert _digest(aside) == current
    with Workspace.open(ws_path) as restored:
        texts = {f["text"] for f in restored.rows("findings")}
    assert "Written after the backup" not in texts and "No shelter for victims" in texts
    with Workspace.open(aside) as kept:
        assert "Written after the backup" in {f["text"] for f in kept.rows("findings")}


def test_restore_moves_a_left_over_wal_with_the_old_file(ws_path: Path, tmp_path: Path) -> None:
    """A -wal of the old file must never be replayed onto the restored one."""
    ws = Workspace.open(ws_path)
    dossier = _fill(ws)
    saved = backup.backup_to(ws, tmp_path / "saved.untocdb")
    ws.add_finding(dossier, "gap", "Only in the WAL")
    wal = ws_path.with_name(ws_path.name + "-wal").read_bytes()
    ws.close()
    ws_path.with_name(ws_path.name + "-wal").write_bytes(wal)  # as if the app had been killed
    aside = backup.restore_from(saved, ws_path)
    with Workspace.open(ws_path) as restored:
        assert restored.integrity_problems() == []
        assert "Only in the WAL" not in {f["text"] for f in restored.rows("findings")}
    assert aside is not None
    with Workspace.open(aside) as kept:
        assert "Only in the WAL" in {f["text"] for f in kept.rows("findings")}


def test_restore_refuses_while_the_workspace_is_open(ws: Workspace) -> None:
    saved = backup.create_backup(ws)
    with pytest.raises(WorkspaceError, match="already open"):
        backup.restore_from(saved, ws.path)
    assert [p.name for p in ws.path.parent.iterdir() if "before-restore" in p.name] == []


def test_restore_refuses_a_bad_backup_and_changes_nothing(ws_path: Path, tmp_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        _fill(ws)
    before = _workspace_files(ws_path)
    bogus = tmp_path / "bogus.untocdb"
    bogus.write_bytes(b"SQLite format 3\x00" + b"\0" * 5000)
    with pytest.raises(BackupError):
        backup.restore_from(bogus, ws_path)
    assert _workspace_files(ws_path) == before


def test_restore_into_an_empty_place(tmp_path: Path, ws: Workspace) -> None:
    _fill(ws)
    saved = backup.create_backup(ws)
    target = tmp_path / "new" / "workspace.untocdb"
    assert backup.restore_from(saved, target) is None
    with Workspace.open(target) as restored:
        assert restored.office_id == ws.office_id


def test_aside_names_never_collide(tmp_path: Path) -> None:
    ws_path = tmp_path / "workspace.untocdb"
    names = set()
    for _ in range(3):
        ws_path.write_bytes(b"x")
        names.add(backup.move_aside(ws_path, "damaged"))
    assert len(names) == 3 and all(p.read_bytes() == b"x" for p in names)


# ------------------------------------------------------------------ encrypted workspaces
PASS = "correct horse battery staple"


def test_backup_of_an_encrypted_workspace_stays_encrypted(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "secret.untocdb", passphrase=PASS) as ws:
        ws.create_dossier(title="Names of witnesses")
        made = backup.create_backup(ws)
        stick = backup.backup_to(ws, tmp_path)
    for path in (made, stick):
        data = path.read_bytes()
        assert b"Names of witnesses" not in data and not data.startswith(b"SQLite format 3")
        with pytest.raises(PassphraseRequiredError):
            backup.describe_backup(path)
        with pytest.raises(WrongPassphraseError):
            backup.describe_backup(path, "a wrong passphrase")
        summary = backup.describe_backup(path, PASS)
        assert summary.encrypted and summary.dossiers[0].title == "Names of witnesses"


def test_restore_an_encrypted_backup(tmp_path: Path) -> None:
    ws_path = tmp_path / "secret.untocdb"
    with Workspace.open(ws_path, passphrase=PASS) as ws:
        ws.create_dossier(title="Before")
        saved = backup.create_backup(ws)
        ws.create_dossier(title="After")
    before = _workspace_files(ws_path)
    with pytest.raises(PassphraseRequiredError):
        backup.restore_from(saved, ws_path)
    assert _workspace_files(ws_path) == before
    aside = backup.restore_from(saved, ws_path, passphrase=PASS)
    assert aside is not None
    assert b"Before" not in ws_path.read_bytes()
    with Workspace.open(ws_path, passphrase=PASS) as restored:
        assert [d["title"] for d in restored.dossiers()] == ["Before"]
    with Workspace.open(aside, passphrase=PASS) as kept:
        assert {d["title"] for d in kept.dossiers()} == {"Before", "After"}


def test_backup_of_an_encrypted_workspace_from_a_worker_path(tmp_path: Path) -> None:
    ws_path = tmp_path / "secret.untocdb"
    with Workspace.open(ws_path, passphrase=PASS) as ws:
        ws.create_dossier(title="Confidential")
        made = backup.backup_to(ws_path, tmp_path / "copy.untocdb", passphrase=PASS)
    assert backup.describe_backup(made, PASS).dossiers[0].title == "Confidential"
    with pytest.raises(WrongPassphraseError):
        backup.backup_to(ws_path, tmp_path / "other.untocdb", passphrase="wrong wrong wrong")
    assert not (tmp_path / "other.untocdb").exists()
