"""safe_write: a file is complete or absent, and a failure names its cause."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from untoc_desktop.core import safe_write
from untoc_desktop.core.safe_write import WriteError, atomic_path, clean_temp_files, write_atomic


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_write_atomic_writes_bytes_and_leaves_no_temp(tmp_path: Path) -> None:
    dest = tmp_path / "letter.pdf"
    write_atomic(dest, b"%PDF-1.7 content")
    assert dest.read_bytes() == b"%PDF-1.7 content"
    assert _listing(tmp_path) == ["letter.pdf"]


def test_write_atomic_replaces_an_existing_file_whole(tmp_path: Path) -> None:
    dest = tmp_path / "out.txt"
    dest.write_bytes(b"old")
    write_atomic(dest, lambda fh: fh.write(b"new and longer"))
    assert dest.read_bytes() == b"new and longer"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (errno.ENOSPC, "The disk is full."),
        (errno.EROFS, "The drive is read-only."),
        (errno.EACCES, "You do not have permission to write there."),
        (errno.EIO, "The drive could not be written (was it removed?)."),
    ],
)
def test_failure_while_writing_removes_temp_and_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, expected: str
) -> None:
    dest = tmp_path / "submission.docx"
    dest.write_bytes(b"previous complete version")

    def failing_writer(fh) -> None:  # noqa: ANN001
        fh.write(b"half of it")
        raise OSError(code, os.strerror(code))

    with pytest.raises(WriteError) as info:
        write_atomic(dest, failing_writer)
    assert expected in str(info.value)
    assert str(dest) in str(info.value)
    assert info.value.errno == code
    assert dest.read_bytes() == b"previous complete version"
    assert _listing(tmp_path) == ["submission.docx"]


def test_failure_in_os_write_is_caught_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fault injection below Python's file objects: ``os.write`` and ``os.fsync`` fail as on a full
    disk."""
    dest = tmp_path / "bundle.untoc"

    def no_space(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe_write.os, "fsync", no_space)
    with pytest.raises(WriteError, match="The disk is full"):
        write_atomic(dest, b"x" * 10_000)
    assert _listing(tmp_path) == []


def test_read_only_destination_fails_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    called = []
    real_open = os.open

    def read_only_open(path, flags, *args):  # noqa: ANN001, ANN202
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args)

    monkeypatch.setattr(safe_write.os, "open", read_only_open)
    with pytest.raises(WriteError, match="read-only"), atomic_path(tmp_path / "x.pdf"):
        called.append(True)
    assert called == [] and _listing(tmp_path) == []


def test_missing_folder_is_explained(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="no longer there"):
        write_atomic(tmp_path / "unplugged" / "x.pdf", b"data")


def test_sqlite_disk_full_is_recognised(tmp_path: Path) -> None:
    dest = tmp_path / "copy.untocdb"
    with pytest.raises(WriteError, match="The disk is full"), atomic_path(dest):
        raise sqlite3.OperationalError("database or disk is full")
    assert _listing(tmp_path) == []


def test_verify_can_refuse_the_file(tmp_path: Path) -> None:
    def refuse(path: Path) -> None:
        raise ValueError("not sound")

    with pytest.raises(ValueError), atomic_path(tmp_path / "x.bin", verify=refuse) as tmp:
        tmp.write_bytes(b"bad")
    assert _listing(tmp_path) == []


def test_other_exceptions_pass_through_and_clean_up(tmp_path: Path) -> None:
    with pytest.raises(KeyError), atomic_path(tmp_path / "x.bin") as tmp:
        tmp.write_bytes(b"partial")
        raise KeyError("bug")
    assert _listing(tmp_path) == []


def test_message_goes_through_the_translation_layer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safe_write, "_", lambda text: "<<" + text + ">>")
    with pytest.raises(WriteError) as info:
        write_atomic(tmp_path / "missing" / "x.pdf", b"data")
    message = str(info.value)
    assert message.startswith("<<Could not write") and "<<The folder is no longer there" in message


def test_clean_temp_files_removes_only_ours(tmp_path: Path) -> None:
    ours = safe_write.temp_path_for(tmp_path / "letter.pdf")
    ours.write_bytes(b"left by a killed process")
    ours.with_name(ours.name + "-journal").write_bytes(b"SQLite's rollback journal of it")
    (tmp_path / "letter.pdf").write_bytes(b"complete")
    (tmp_path / "notes.tmp").write_bytes(b"the user's own")
    assert clean_temp_files(tmp_path) == 2
    assert _listing(tmp_path) == ["letter.pdf", "notes.tmp"]
    assert clean_temp_files(tmp_path / "no-such-folder") == 0


# ------------------------------------------------------------------ a real, tiny filesystem
@pytest.fixture
def tiny_fs(tmp_path: Path) -> Iterator[Path]:
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root and mount for a real tmpfs")
    mnt = tmp_path / f"stick-{uuid.uuid4().hex[:6]}"
    mnt.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mnt)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"mount refused: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_real_full_disk(tiny_fs: Path) -> None:
    with pytest.raises(WriteError, match="The disk is full"):
        write_atomic(tiny_fs / "big.pdf", b"\0" * (2 * 1024 * 1024))
    assert _listing(tiny_fs) == []


def test_real_read_only_drive(tiny_fs: Path) -> None:
    (tiny_fs / "existing.pdf").write_bytes(b"complete")
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_fs)], check=True)
    with pytest.raises(WriteError, match="read-only"):
        write_atomic(tiny_fs / "new.pdf", b"data")
    assert _listing(tiny_fs) == ["existing.pdf"]
