"""Issue 20: the one open path (``Workspace.open``, and ``open_or_recover`` for the interface) and
the read-only ``check_workspace`` on hostile workspace files."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from pathlib import Path

import pytest

from untoc_desktop.core.errors import WorkspaceError
from untoc_desktop.store import backup, checkup
from untoc_desktop.store.db import DamagedFileError
from untoc_desktop.store.recovery import RecoveryStatus, check_workspace, open_or_recover
from untoc_desktop.store.workspace import Workspace

PASS = "river stone lantern 42"
SECRET = "Witness Qjolvarr saw the border officer take payment"


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm", ".lock")]


def _hashes(path: Path) -> dict[str, str | None]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None
        for p in _sidecars(path)
    }


def _fill(path: Path, title: str = "Ours", passphrase: str | None = None) -> None:
    with Workspace.open(path, passphrase=passphrase) as ws:
        dossier = ws.create_dossier(title=title, country="KE")
        for n in range(20):
            ws.add_finding(dossier, "gap", f"{title} finding {n} " + "y" * 200)


def _crash_copy(path: Path, dest: Path, *, passphrase: str | None = None) -> None:
    """``dest``: the workspace as a crash leaves it, with the last edits only in its ``-wal``."""
    ws = Workspace.open(path, passphrase=passphrase)
    try:
        ws.create_dossier(title="Written just before the crash")
        dest.parent.mkdir(parents=True, exist_ok=True)
        for src, dst in zip(_sidecars(path)[:3], _sidecars(dest)[:3], strict=True):
            shutil.copyfile(src, dst)
    finally:
        ws.close()


def _foreign_wal(path: Path, tmp_path: Path) -> None:
    other_path = tmp_path / "other" / "other.untocdb"
    other = Workspace.open(other_path)
    try:
        other.create_dossier(title="Another office's dossier", country="FR")
        shutil.copyfile(
            other_path.with_name(other_path.name + "-wal"), path.with_name(path.name + "-wal")
        )
    finally:
        other.close()


# ------------------------------------------------------------------------------ an empty file
def test_an_empty_file_is_damage_and_the_good_backup_is_offered(ws_path: Path) -> None:
    _fill(ws_path, "Good")
    with Workspace.open(ws_path) as ws:
        good = backup.create_backup(ws)
    ws_path.write_bytes(b"")

    ws, report = open_or_recover(ws_path)

    assert ws is None and report.status is RecoveryStatus.DAMAGED
    assert report.problems == ["the file is empty (0 bytes)"]
    assert report.latest_good_backup == good
    assert report.damaged_path is not None and report.damaged_path.read_bytes() == b""
    assert [b.path for b in backup.list_backups(ws_path)] == [good]  # no empty backup made
    assert not ws_path.exists()


@pytest.mark.parametrize(
    "content", [b"", b"SQLite format 3\x00", b"SQLite format 3\x00" + bytes(84)]
)
def test_workspace_open_never_makes_a_new_workspace_of_a_short_file(
    ws_path: Path, content: bytes
) -> None:
    ws_path.write_bytes(content)
    with pytest.raises(DamagedFileError, match="damaged"):
        Workspace.open(ws_path)
    assert ws_path.read_bytes() == content
    assert not ws_path.with_name(ws_path.name + "-wal").exists()


def test_someone_elses_small_file_is_still_not_a_workspace(ws_path: Path) -> None:
    ws_path.write_bytes(b"hello")
    with pytest.raises(WorkspaceError, match="not an UNTOC Desktop workspace"):
        Workspace.open(ws_path)
    ws, report = (None, None)
    with pytest.raises(WorkspaceError):
        ws, report = open_or_recover(ws_path)
    assert ws_path.read_bytes() == b"hello"


# ------------------------------------------------------------------------------ a foreign -wal
def test_a_foreign_wal_is_set_aside_with_the_file_by_the_interface(
    ws_path: Path, tmp_path: Path
) -> None:
    _fill(ws_path)
    _foreign_wal(ws_path, tmp_path)
    before = _hashes(ws_path)

    ws, report = open_or_recover(ws_path)

    assert ws is None and report.status is RecoveryStatus.DAMAGED
    assert "-wal" in report.problems[0]
    aside = report.damaged_path
    assert aside is not None
    assert hashlib.sha256(aside.read_bytes()).hexdigest() == before[ws_path.name]
    wal = aside.with_name(aside.name + "-wal")
    assert hashlib.sha256(wal.read_bytes()).hexdigest() == before[ws_path.name + "-wal"]


def test_a_foreign_wal_is_refused_by_workspace_open(ws_path: Path, tmp_path: Path) -> None:
    _fill(ws_path)
    _foreign_wal(ws_path, tmp_path)
    before = _hashes(ws_path)
    with pytest.raises(DamagedFileError, match="-wal"):
        Workspace.open(ws_path)
    after = _hashes(ws_path)
    assert {k: v for k, v in after.items() if not k.endswith(".lock")} == {
        k: v for k, v in before.items() if not k.endswith(".lock")
    }


@pytest.mark.parametrize("passphrase", [None, PASS], ids=["plain", "encrypted"])
def test_the_workspace_own_wal_after_a_crash_is_applied(
    ws_path: Path, tmp_path: Path, passphrase: str | None
) -> None:
    _fill(ws_path, passphrase=passphrase)
    crashed = tmp_path / "crashed" / "ws.untocdb"
    _crash_copy(ws_path, crashed, passphrase=passphrase)
    assert checkup.wal_mismatch(crashed, passphrase) is None
    before = _hashes(crashed)
    assert check_workspace(crashed, passphrase) == []
    assert _hashes(crashed) == before  # check never writes, the lock file included
    ws, report = open_or_recover(crashed, passphrase=passphrase, backup_at_start=False)
    assert ws is not None and report.status is RecoveryStatus.OPENED
    try:
        titles = {d["title"] for d in ws.dossiers()}
        assert "Written just before the crash" in titles
    finally:
        ws.close()


def test_a_wal_of_another_encrypted_workspace_is_refused(ws_path: Path, tmp_path: Path) -> None:
    _fill(ws_path, passphrase=PASS)
    other = tmp_path / "other" / "o.untocdb"
    _fill(other, "Theirs", passphrase=PASS)
    crashed = tmp_path / "crashed" / "o.untocdb"
    _crash_copy(other, crashed, passphrase=PASS)
    shutil.copyfile(crashed.with_name("o.untocdb-wal"), ws_path.with_name(ws_path.name + "-wal"))
    assert checkup.wal_mismatch(ws_path, PASS) is not None
    with pytest.raises(DamagedFileError):
        Workspace.open(ws_path, passphrase=PASS)


# ------------------------------------------------------------------------------ not a regular file
def _without_blocking(fifo: Path, call) -> BaseException | None:  # noqa: ANN001
    """Run ``call``; if it blocks on the FIFO, a writer unblocks it and the test fails."""
    result: list[BaseException | None] = []

    def run() -> None:
        try:
            call()
            result.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            result.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(20)
    if thread.is_alive():
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        thread.join(20)
        pytest.fail("blocked on the FIFO")
    return result[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
@pytest.mark.parametrize(
    "call",
    [
        lambda p: Workspace.open(p),
        lambda p: open_or_recover(p),
        lambda p: check_workspace(p),
    ],
    ids=["open", "open_or_recover", "check"],
)
def test_a_fifo_is_refused_without_blocking(ws_path: Path, call) -> None:  # noqa: ANN001
    os.mkfifo(ws_path)
    error = _without_blocking(ws_path, lambda: call(ws_path))
    assert isinstance(error, WorkspaceError) and "not a regular file" in str(error)


# ------------------------------------------------------------------------------ leftovers
def _leftover(path: Path, tmp_path: Path) -> Path:
    clear = tmp_path / "clear.untocdb"
    with Workspace.open(clear) as ws:
        ws.add_finding(ws.create_dossier(title="x"), "gap", SECRET)
    leftover = path.with_name(f".~untoc-{path.name}-0a1b2c3d.tmp")
    shutil.copyfile(clear, leftover)
    clear.unlink()
    return leftover


def test_the_interface_erases_a_clear_text_leftover_and_warns(
    ws_path: Path, tmp_path: Path
) -> None:
    _fill(ws_path, passphrase=PASS)
    leftover = _leftover(ws_path, tmp_path)
    journal = leftover.with_name(leftover.name + "-journal")
    journal.write_bytes(b"journal")
    ws, report = open_or_recover(ws_path, passphrase=PASS, backup_at_start=False)
    assert ws is not None
    ws.close()
    assert not leftover.exists() and not journal.exists()
    assert any(str(leftover) in w for w in report.warnings)


def test_a_worker_connection_leaves_a_passphrase_change_in_progress_alone(
    ws_path: Path, tmp_path: Path
) -> None:
    _fill(ws_path, passphrase=PASS)
    leftover = _leftover(ws_path, tmp_path)
    with Workspace.open(ws_path, passphrase=PASS, lock=False) as ws:
        assert ws.erased.count == 0
    assert leftover.exists()


def test_check_reports_a_leftover_and_changes_nothing(ws_path: Path, tmp_path: Path) -> None:
    _fill(ws_path, passphrase=PASS)
    leftover = _leftover(ws_path, tmp_path)
    before = _hashes(ws_path)
    problems = check_workspace(ws_path, PASS)
    assert len(problems) == 1 and str(leftover) in problems[0]
    assert leftover.exists() and _hashes(ws_path) == before


def test_check_refuses_while_another_instance_has_the_workspace(ws: Workspace) -> None:
    before = _hashes(ws.path)
    with pytest.raises(WorkspaceError, match="already open"):
        check_workspace(ws.path)
    assert _hashes(ws.path) == before


def test_a_passphrase_change_never_folds_in_a_foreign_wal(ws_path: Path, tmp_path: Path) -> None:
    from untoc_desktop.store import encryption

    _fill(ws_path)
    _foreign_wal(ws_path, tmp_path)
    before = _hashes(ws_path)
    with pytest.raises(DamagedFileError):
        encryption.set_passphrase(ws_path, PASS)
    after = _hashes(ws_path)
    assert {k: v for k, v in after.items() if not k.endswith(".lock")} == {
        k: v for k, v in before.items() if not k.endswith(".lock")
    }
    assert checkup.leftover_copies(ws_path) == []


def test_restoring_over_a_foreign_wal_keeps_the_old_file_as_it_was(
    ws_path: Path, tmp_path: Path
) -> None:
    _fill(ws_path, "Good")
    with Workspace.open(ws_path) as ws:
        good = backup.create_backup(ws)
    _foreign_wal(ws_path, tmp_path)
    before = _hashes(ws_path)
    aside = backup.restore_from(good, ws_path)
    assert aside is not None
    assert hashlib.sha256(aside.read_bytes()).hexdigest() == before[ws_path.name]
    wal = aside.with_name(aside.name + "-wal")
    assert hashlib.sha256(wal.read_bytes()).hexdigest() == before[ws_path.name + "-wal"]
