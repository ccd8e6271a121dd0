"""The workspace passphrase: nothing readable without it, nothing changed by a wrong one, and
set/change/remove conversions that keep every row or leave the old file untouched."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import threading
import unicodedata
from pathlib import Path

import pytest

from untoc_desktop.core import safe_write
from untoc_desktop.core.errors import UserError, WorkspaceError
from untoc_desktop.store import encryption
from untoc_desktop.store.db import PassphraseRequiredError, WrongPassphraseError
from untoc_desktop.store.workspace import Workspace

PASS = "river stone lantern 42"
OTHER = "a different long passphrase"
TITLE = "Zqx dossier Marisol-Tumbes trafficking route"
FINDING = "Witness Qjolvarr saw the border officer take payment"
ATTACHMENT = b"\x89PNG-not-really " + hashlib.sha256(b"attachment").digest() * 8


def _fill(ws: Workspace, tmp_path: Path) -> None:
    dossier = ws.create_dossier(title=TITLE)
    ws.add_finding(dossier, "gap", FINDING, sensitive=True)
    picture = tmp_path / "photo.bin"
    picture.write_bytes(ATTACHMENT)
    ws.add_evidence(dossier, source="interview", description="notes", attachment=picture)


def _files(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def _dump(path: Path, passphrase: str | None) -> dict[str, list[tuple]]:
    with Workspace.open(path, passphrase=passphrase, create=False) as ws:
        tables = [
            r[0]
            for r in ws.conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
            )
        ]
        return {
            t: sorted(map(tuple, ws.conn.execute(f'SELECT * FROM "{t}"').fetchall()), key=repr)
            for t in tables
        }


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "ws" / "secret.untocdb"
    with Workspace.open(path, passphrase=PASS) as ws:
        _fill(ws, tmp_path)
    return path


def _needles() -> list[bytes]:
    return [TITLE.encode(), FINDING.encode(), ATTACHMENT[:40], b"Qjolvarr", b"Marisol"]


def test_encrypted_file_wal_and_shm_hold_no_clear_text(tmp_path: Path) -> None:
    path = tmp_path / "secret.untocdb"
    with Workspace.open(path, passphrase=PASS) as ws:
        _fill(ws, tmp_path)
        # While the workspace is open the recent edits live in the -wal: check all three files.
        sidecars = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
        assert sidecars[1].stat().st_size > 0
        for file in sidecars:
            raw = file.read_bytes()
            for needle in [*_needles(), PASS.encode()]:
                assert needle not in raw, (file.name, needle)
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert all(needle not in raw for needle in _needles())
    for file in tmp_path.iterdir():
        assert PASS.encode() not in file.read_bytes()


def test_the_same_content_is_in_clear_in_a_plain_workspace(tmp_path: Path) -> None:
    """The control for the test above: the needles are really written, and found when not
    encrypted."""
    path = tmp_path / "plain.untocdb"
    with Workspace.open(path) as ws:
        _fill(ws, tmp_path)
    raw = path.read_bytes()
    assert TITLE.encode() in raw and FINDING.encode() in raw and ATTACHMENT[:40] in raw


def test_wrong_passphrase_opens_nothing_and_changes_nothing(encrypted: Path) -> None:
    before = _files(encrypted.parent)
    with pytest.raises(WrongPassphraseError) as info:
        Workspace.open(encrypted, passphrase="not the passphrase")
    assert "not the passphrase" not in str(info.value)
    assert "Wrong passphrase" in str(info.value)
    assert (
        _files(encrypted.parent) == before
    )  # same files, same bytes: no -wal, no -shm, no journal


def test_no_passphrase_asks_for_one_and_changes_nothing(encrypted: Path) -> None:
    before = _files(encrypted.parent)
    with pytest.raises(PassphraseRequiredError):
        Workspace.open(encrypted)
    assert _files(encrypted.parent) == before


def test_a_text_file_is_not_taken_for_an_encrypted_workspace(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.untocdb"
    bogus.write_text("not a database")
    with pytest.raises(WorkspaceError, match="not an UNTOC Desktop workspace"):
        Workspace.open(bogus, passphrase=PASS)
    assert bogus.read_text() == "not a database"


def test_encrypted_workspace_raises_sqlite3_errors(encrypted: Path) -> None:
    with Workspace.open(encrypted, passphrase=PASS) as ws:
        dossier = ws.dossiers()[0]["id"]
        with pytest.raises(sqlite3.IntegrityError):
            ws.insert("dossiers", id=dossier, title="duplicate id")
        assert ws.integrity_problems() == []


def test_worker_thread_opens_its_own_connection(encrypted: Path) -> None:
    with Workspace.open(encrypted, passphrase=PASS) as ws:
        titles: list[str] = []

        def work() -> None:
            with Workspace.open(ws.path, lock=False, passphrase=ws.passphrase) as mine:
                titles.extend(d["title"] for d in mine.dossiers())

        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
        assert titles == [TITLE]


def test_set_change_remove_keep_every_row(tmp_path: Path) -> None:
    path = tmp_path / "w.untocdb"
    with Workspace.open(path) as ws:
        _fill(ws, tmp_path)
    original = _dump(path, None)
    assert original["findings"] and original["attachments"]

    encryption.set_passphrase(path, PASS)
    assert encryption.is_encrypted(path)
    assert _dump(path, PASS) == original

    encryption.change_passphrase(path, PASS, OTHER)
    with pytest.raises(WrongPassphraseError):
        Workspace.open(path, passphrase=PASS)
    assert _dump(path, OTHER) == original

    encryption.remove_passphrase(path, OTHER)
    assert path.read_bytes().startswith(b"SQLite format 3\x00")
    assert _dump(path, None) == original
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(safe_write.TEMP_PREFIX)]
    assert leftovers == []


def test_passphrase_is_unicode_normalized_and_may_hold_quotes(tmp_path: Path) -> None:
    path = tmp_path / "w.untocdb"
    composed = "l'été « sûr » d'Ana 2024"
    Workspace.open(path, passphrase=composed).close()
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    Workspace.open(path, passphrase=decomposed).close()


def test_wrong_old_passphrase_changes_nothing(encrypted: Path) -> None:
    before = _files(encrypted.parent)
    with pytest.raises(WrongPassphraseError):
        encryption.change_passphrase(encrypted, "wrong old passphrase", OTHER)
    with pytest.raises(WrongPassphraseError):
        encryption.remove_passphrase(encrypted, "wrong old passphrase")
    assert _files(encrypted.parent) == before


@pytest.mark.parametrize("bad", ["short", "          ", "ten chars\x00here!", ""])
def test_weak_or_malformed_new_passphrase_is_refused(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "w.untocdb"
    Workspace.open(path).close()
    before = _files(tmp_path)
    with pytest.raises(UserError):
        encryption.set_passphrase(path, bad)
    assert _files(tmp_path) == before


def test_misdirected_operations_are_refused(tmp_path: Path, encrypted: Path) -> None:
    with pytest.raises(WorkspaceError, match="already has a passphrase"):
        encryption.set_passphrase(encrypted, OTHER)
    plain = tmp_path / "plain.untocdb"
    Workspace.open(plain).close()
    with pytest.raises(WorkspaceError, match="has no passphrase"):
        encryption.remove_passphrase(plain, PASS)
    with pytest.raises(WorkspaceError, match="does not exist"):
        encryption.set_passphrase(tmp_path / "absent.untocdb", PASS)
    assert not (tmp_path / "absent.untocdb").exists()


def test_conversion_refuses_an_open_workspace(encrypted: Path) -> None:
    with (
        Workspace.open(encrypted, passphrase=PASS),
        pytest.raises(WorkspaceError, match="already open"),
    ):
        encryption.change_passphrase(encrypted, PASS, OTHER)
    assert _dump(encrypted, PASS)["findings"]


class _CrashingExport:
    """A source connection whose export dies half-way, after the target got some pages."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, *args: object) -> object:
        if "sqlcipher_export" in sql:
            self._conn.execute("CREATE TABLE target.half_written (x)")
            raise sqlite3.OperationalError("disk I/O error")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self._conn, name)


def _fail_replace(src: object, dst: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("stage", ["rename", "verify", "export"])
@pytest.mark.parametrize("start_encrypted", [True, False])
def test_a_failed_conversion_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str, start_encrypted: bool
) -> None:
    path = tmp_path / "w.untocdb"
    with Workspace.open(path, passphrase=PASS if start_encrypted else None) as ws:
        _fill(ws, tmp_path)
    old = PASS if start_encrypted else None
    original = _dump(path, old)
    before = _files(tmp_path)
    if stage == "rename":
        monkeypatch.setattr(safe_write.os, "replace", _fail_replace)
    elif stage == "verify":

        def bad_verify(*args: object) -> None:
            raise WorkspaceError("injected: the copy does not check out")

        monkeypatch.setattr(encryption, "_verify", bad_verify)
    else:
        real_source = encryption._source
        calls = {"n": 0}

        def crashing_source(where: Path, key: str | None) -> object:
            calls["n"] += 1
            conn = real_source(where, key)
            return _CrashingExport(conn) if calls["n"] == 1 else conn

        monkeypatch.setattr(encryption, "_source", crashing_source)
    with pytest.raises(UserError):
        if start_encrypted:
            encryption.change_passphrase(path, PASS, OTHER)
        else:
            encryption.set_passphrase(path, OTHER)
    monkeypatch.undo()
    after = _files(tmp_path)
    assert after == before, "the old file changed or a temporary file was left behind"
    assert not any(name.startswith(safe_write.TEMP_PREFIX) for name in os.listdir(tmp_path))
    assert _dump(path, old) == original


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"horse battery\n", "horse battery"),
        (b"\xef\xbb\xbfhorse battery\r\n", "horse battery"),
        (b"horse battery", "horse battery"),
        (b"  spaces kept  \n", "  spaces kept  "),
    ],
)
def test_a_passphrase_file_is_one_line(tmp_path: Path, data: bytes, expected: str) -> None:
    from untoc_desktop.store.encryption import read_passphrase_file

    path = tmp_path / "pass.txt"
    path.write_bytes(data)
    assert read_passphrase_file(path) == expected


@pytest.mark.parametrize(
    "data",
    [b"first line\nsecond line\n", b"first\n\n", b"x" * (64 * 1024 + 1)],
    ids=["two lines", "a blank second line", "too large"],
)
def test_an_ambiguous_passphrase_file_is_refused_not_guessed(tmp_path: Path, data: bytes) -> None:
    from untoc_desktop.core.errors import UserError
    from untoc_desktop.store.encryption import read_passphrase_file

    path = tmp_path / "pass.txt"
    path.write_bytes(data)
    with pytest.raises(UserError, match="must hold one line"):
        read_passphrase_file(path)
