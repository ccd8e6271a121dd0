"""Issue 20, the workspace file itself: whatever lies at ``--workspace``, every command answers with
one line and exit 1 (or a correct result), never a traceback or a hang, and leaves every byte.

Cases: damaged middle pages, a ``-wal`` that belongs to another workspace, a 0-byte file, a FIFO
(or another non-regular file), and the clear-text copy a killed ``passphrase remove`` leaves.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from untoc_desktop.cli import main
from untoc_desktop.core.demo import build_demo
from untoc_desktop.store import backup
from untoc_desktop.store.workspace import Workspace

PASS = "river stone lantern 42"
SECRET = "Witness Qjolvarr saw the border officer take payment"


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm")]


def _hashes(path: Path) -> dict[str, str | None]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None
        for p in _sidecars(path)
    }


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def _demo(path: Path) -> str:
    with Workspace.open(path) as ws:
        return build_demo(ws, "KE", "en")


def _foreign_wal(path: Path, tmp_path: Path, *, partial: bool) -> None:
    """Put beside ``path`` the live ``-wal`` of another workspace (as a crash would leave it).

    ``partial``: the other workspace was checkpointed first, so its WAL holds only some pages.
    """
    other_path = tmp_path / "other" / "other.untocdb"
    other = Workspace.open(other_path)
    try:
        if partial:
            build_demo(other, "FR", "en")
            other.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        dossier = other.create_dossier(title="Another office's dossier", country="FR")
        for n in range(30):
            other.add_finding(dossier, "gap", f"their finding {n} " + "x" * 300)
        shutil.copyfile(
            other_path.with_name(other_path.name + "-wal"), path.with_name(path.name + "-wal")
        )
    finally:
        other.close()


def _corrupt_middle(path: Path) -> None:
    """Random bytes over the middle pages; the header page stays intact."""
    size = path.stat().st_size
    page = 4096
    with path.open("r+b") as fh:
        for start in range(2 * page, size - page, 3 * page):
            fh.seek(start)
            fh.write(os.urandom(page))


# ------------------------------------------------------------------------------ check never writes
def test_check_on_damaged_middle_pages_is_one_line_and_changes_nothing(ws_path: Path, capsys):
    _demo(ws_path)
    _corrupt_middle(ws_path)
    before = _hashes(ws_path)
    assert main(["check", "--workspace", str(ws_path)]) == 1
    line = _one_line(capsys.readouterr().err)
    assert "damaged" in line
    assert _hashes(ws_path) == before


def test_check_of_a_workspace_with_its_own_wal_changes_no_byte(
    ws_path: Path, tmp_path: Path, capsys
):
    ws = Workspace.open(ws_path)
    try:
        build_demo(ws, "KE", "en")
        crashed = tmp_path / "crashed" / ws_path.name
        crashed.parent.mkdir()
        for src, dst in zip(_sidecars(ws_path), _sidecars(crashed), strict=True):
            shutil.copyfile(src, dst)
    finally:
        ws.close()
    before = _hashes(crashed)
    assert before[crashed.name + "-wal"] is not None
    assert main(["check", "--workspace", str(crashed)]) == 0
    assert "sound" in capsys.readouterr().out
    assert _hashes(crashed) == before


def test_check_with_no_wal_creates_no_sidecar(ws_path: Path, capsys):
    _demo(ws_path)
    before = _hashes(ws_path)
    assert main(["check", "--workspace", str(ws_path)]) == 0
    assert _hashes(ws_path) == before
    assert not ws_path.with_name(ws_path.name + "-wal").exists()


# ------------------------------------------------------------------------------ a foreign -wal
@pytest.mark.parametrize("partial", [False, True], ids=["whole", "partial"])
@pytest.mark.parametrize(
    "command",
    ["check", "dossiers", "render", "export", "demo", "import"],
)
def test_a_foreign_wal_is_never_checkpointed(
    ws_path: Path, tmp_path: Path, capsys, command: str, partial: bool
):
    dossier = _demo(ws_path)
    _foreign_wal(ws_path, tmp_path, partial=partial)
    before = _hashes(ws_path)
    out = tmp_path / "out" / "file"
    out.parent.mkdir()
    ws = ["--workspace", str(ws_path)]
    argv = {
        "check": ["check", *ws],
        "dossiers": ["dossiers", *ws, "--json"],
        "render": ["render", "letter", *ws, "--dossier", dossier, "--out", str(out)],
        "export": ["bundle", "export", *ws, "--out", str(out), "--confirm-safety"],
        "demo": ["demo", *ws, "--country", "KE"],
        "import": ["bundle", "import", *ws, str(_a_bundle(tmp_path))],
    }[command]
    capsys.readouterr()
    assert main(argv) == 1
    line = _one_line(capsys.readouterr().err)
    assert "-wal" in line
    assert _hashes(ws_path) == before
    assert list(out.parent.iterdir()) == []


def _a_bundle(tmp_path: Path) -> Path:
    from untoc_desktop.bundles.export import export_bundle

    with Workspace.open(tmp_path / "partner" / "p.untocdb") as partner:
        partner.create_dossier(title="Partner dossier", country="KE")
        return export_bundle(partner, tmp_path / "bundle").path


# ------------------------------------------------------------------------------ a 0-byte file
@pytest.mark.parametrize("command", ["check", "dossiers", "demo", "import"])
def test_an_empty_file_never_becomes_a_new_workspace(
    ws_path: Path, tmp_path: Path, capsys, command: str
):
    ws_path.write_bytes(b"")
    ws = ["--workspace", str(ws_path)]
    argv = {
        "check": ["check", *ws],
        "dossiers": ["dossiers", *ws, "--json"],
        "demo": ["demo", *ws, "--country", "KE"],
        "import": ["bundle", "import", *ws, str(_a_bundle(tmp_path))],
    }[command]
    capsys.readouterr()
    assert main(argv) == 1
    line = _one_line(capsys.readouterr().err)
    assert "empty" in line and "No good backup" in line
    assert ws_path.read_bytes() == b""
    assert not ws_path.with_name(ws_path.name + "-wal").exists()


def test_an_empty_file_names_the_latest_good_backup(ws_path: Path, capsys):
    with Workspace.open(ws_path) as ws:
        build_demo(ws, "KE", "en")
        good = backup.create_backup(ws)
    ws_path.write_bytes(b"")
    assert main(["dossiers", "--workspace", str(ws_path)]) == 1
    line = _one_line(capsys.readouterr().err)
    assert str(good) in line
    assert ws_path.read_bytes() == b""
    assert [b.path for b in backup.list_backups(ws_path)] == [good]


# ------------------------------------------------------------------------------ not a regular file
def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "untoc_desktop", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
@pytest.mark.parametrize("kind", ["fifo", "socket", "device"])
@pytest.mark.parametrize("command", ["check", "dossiers"])
def test_a_non_regular_file_is_refused_without_hanging(tmp_path: Path, kind: str, command: str):
    path = tmp_path / "ws.untocdb"
    server = None
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
    else:
        path.symlink_to("/dev/zero")
    try:
        result = _run([command, "--workspace", str(path), "--lang", "en"])
    finally:
        if server is not None:
            server.close()
    assert result.returncode == 1
    line = _one_line(result.stderr)
    assert "not a regular file" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ws.untocdb"]


# ----------------------------------------------------------------------------- clear-text leftovers
def _encrypted_with_leftover(tmp_path: Path) -> tuple[Path, Path, Path]:
    path = tmp_path / "ws" / "secret.untocdb"
    with Workspace.open(path, passphrase=PASS) as ws:
        dossier = ws.create_dossier(title="Secret dossier")
        ws.add_finding(dossier, "gap", SECRET)
    clear = tmp_path / "clear.untocdb"
    with Workspace.open(clear) as ws:
        dossier = ws.create_dossier(title="Secret dossier")
        ws.add_finding(dossier, "gap", SECRET)
    leftover = path.with_name(f".~untoc-{path.name}-0a1b2c3d.tmp")
    shutil.copyfile(clear, leftover)
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASS + "\n", encoding="utf-8")
    return path, leftover, passfile


def test_check_reports_a_clear_text_leftover_and_leaves_it(tmp_path: Path, capsys):
    path, leftover, passfile = _encrypted_with_leftover(tmp_path)
    before = _hashes(path)
    assert main(["check", "--workspace", str(path), "--passphrase-file", str(passfile)]) == 1
    line = _one_line(capsys.readouterr().err)
    assert str(leftover) in line and "clear text" in line
    assert leftover.exists() and _hashes(path) == before


def test_every_open_erases_a_clear_text_leftover(tmp_path: Path, capsys):
    path, leftover, passfile = _encrypted_with_leftover(tmp_path)
    other = path.with_name(".~untoc-report.pdf-0a1b2c3d.tmp")  # not the workspace's: kept
    other.write_bytes(b"%PDF")
    argv = ["dossiers", "--workspace", str(path), "--passphrase-file", str(passfile), "--json"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "Secret dossier" in captured.out
    assert "clear-text copy" in _one_line(captured.err)
    assert not leftover.exists() and other.exists()
    for file in path.parent.iterdir():
        assert SECRET.encode() not in file.read_bytes()
    assert main(["check", "--workspace", str(path), "--passphrase-file", str(passfile)]) == 0
