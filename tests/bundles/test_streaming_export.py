"""The one-pass export: attachments stream from SQLite, the file is checked by its CRC and
signature, and a damaged workspace blob or a file altered after writing is caught before it reaches
a partner."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest

from untoc_desktop.bundles import export as export_module
from untoc_desktop.bundles import format as fmt
from untoc_desktop.bundles.container import BundleError, Written, verify_written, write_container
from untoc_desktop.bundles.export import export_bundle
from untoc_desktop.bundles.importer import read_bundle
from untoc_desktop.bundles.keys import SignatureError, SigningKey, office_key
from untoc_desktop.core.errors import UserError
from untoc_desktop.store.workspace import Workspace

HEADER = {
    "format": 1,
    "office_id": "office-1",
    "office_name": "A",
    "created_at": "2026-01-01T00:00:00.000000Z",
}


def _attach(ws: Workspace, data: bytes) -> str:
    sha = ws.add_attachment(data, mime="image/jpeg")
    dossier = ws.insert("dossiers", title="D")
    ws.insert(
        "evidence",
        dossier_id=dossier,
        description="photo",
        attachment_sha256=sha,
        attachment_name="p.jpg",
    )
    return sha


def test_attachments_stream_into_the_bundle_byte_for_byte_and_it_imports(
    ws: Workspace, tmp_path: Path
) -> None:
    # more than one 1 MiB chunk; hex text shrinks about twice when deflated
    big = b"".join(hashlib.sha256(str(i).encode()).hexdigest().encode() for i in range(170_000))
    photo = os.urandom(300_000)  # does not shrink, like a JPEG: stored
    shas = {_attach(ws, big): big, _attach(ws, photo): photo}
    result = export_bundle(ws, tmp_path / "out.untoc", include_sensitive=True)
    assert result.size == (tmp_path / "out.untoc").stat().st_size
    bundle = read_bundle(
        result.path, None, {ws.office_id: office_key(ws).public.base64}, own_office_id=ws.office_id
    )
    assert bundle.attachments == shas
    with (
        zipfile.ZipFile(result.path) as outer,
        zipfile.ZipFile(io.BytesIO(outer.read(fmt.PAYLOAD))) as inner,
    ):
        methods = {i.filename: i.compress_type for i in inner.infolist()}
    assert (
        methods[f"{fmt.ATTACHMENTS_PREFIX}{hashlib.sha256(photo).hexdigest()}"]
        == zipfile.ZIP_STORED
    )
    assert (
        methods[f"{fmt.ATTACHMENTS_PREFIX}{hashlib.sha256(big).hexdigest()}"]
        == zipfile.ZIP_DEFLATED
    )


def test_a_damaged_attachment_in_the_workspace_stops_the_export_and_leaves_no_file(
    ws: Workspace, tmp_path: Path
) -> None:
    sha = _attach(ws, b"original photo bytes" * 100)
    ws.conn.execute(
        "UPDATE attachments SET data = ? WHERE sha256 = ?", (b"rotten photo bytes!!" * 100, sha)
    )
    with pytest.raises(UserError, match="damaged"):
        export_bundle(ws, tmp_path / "out.untoc", include_sensitive=True)
    assert not list(tmp_path.glob("*.untoc")) and not list(tmp_path.glob(".out.untoc*"))


def test_a_file_that_differs_from_what_was_written_is_removed(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _attach(ws, b"x" * 5000)
    real = export_module.verify_written

    def flip_a_byte_then_verify(path: Path, public, written: Written) -> None:
        data = bytearray(path.read_bytes())
        data[len(data) // 3] ^= 0x01  # inside the payload: a failing drive
        path.write_bytes(bytes(data))
        real(path, public, written)

    monkeypatch.setattr(export_module, "verify_written", flip_a_byte_then_verify)
    with pytest.raises(UserError, match="could not be read back"):
        export_bundle(ws, tmp_path / "out.untoc", include_sensitive=True)
    assert not list(tmp_path.glob("*.untoc")) and not list(tmp_path.glob(".out.untoc*"))


def _container(tmp_path: Path, key: SigningKey, payload: bytes) -> tuple[Path, Written]:
    path = tmp_path / "c.untoc"
    with path.open("wb") as fh:
        written = write_container(fh, key, HEADER, lambda sink: sink.write(payload))
    return path, written


def test_verify_written_accepts_the_file_it_describes_and_refuses_any_other(tmp_path: Path) -> None:
    key = SigningKey.generate()
    payload = fmt.ZIP_MAGIC + b"inner zip stand-in" * 1000
    path, written = _container(tmp_path, key, payload)
    verify_written(path, key.public, written)
    assert written.digest == hashlib.blake2b(payload).digest() and written.size == len(payload)

    with pytest.raises(BundleError):  # signed with another key than this office's
        verify_written(path, SigningKey.generate().public, written)
    with pytest.raises(SignatureError):  # a digest that was not the one signed
        verify_written(
            path, key.public, Written(hashlib.blake2b(b"other").digest(), written.crc, written.size)
        )
    truncated = tmp_path / "t.untoc"
    truncated.write_bytes(path.read_bytes()[: written.size // 2])
    with pytest.raises(BundleError):
        verify_written(truncated, key.public, written)
    not_a_payload, other = _container(tmp_path, key, b"neither zip nor age")
    with pytest.raises(BundleError):
        verify_written(not_a_payload, key.public, other)


def test_verify_written_checks_the_age_header_without_decrypting(tmp_path: Path) -> None:
    key = SigningKey.generate()
    hostile = fmt.AGE_MAGIC + b"-> scrypt c2FsdHNhbHRzYWx0c2FsdA 30\nbody\n--- mac\n" + b"\0" * 100
    path, written = _container(tmp_path, key, hostile)
    with pytest.raises(BundleError, match="unreasonable"):
        verify_written(path, key.public, written)


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="posix_fadvise is Linux/BSD only")
def test_the_read_back_comes_from_the_drive_not_the_cache(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache of the written file is dropped after fsync and before the read-back, so that the
    read-back sees what the stick holds (a counterfeit stick loses bytes the cache still has)."""
    _attach(ws, os.urandom(50_000))
    events: list[str] = []
    real_fsync, real_verify = os.fsync, export_module.verify_written

    def fadvise(fd: int, offset: int, length: int, advice: int) -> None:
        assert (offset, length, advice) == (0, 0, os.POSIX_FADV_DONTNEED)
        assert os.readlink(f"/proc/self/fd/{fd}").endswith(".part")
        events.append("drop cache")

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def verify(path: Path, public, written: Written) -> None:
        events.append("read back")
        real_verify(path, public, written)

    monkeypatch.setattr(os, "posix_fadvise", fadvise)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(export_module, "verify_written", verify)
    export_bundle(ws, tmp_path / "out.untoc", include_sensitive=True)
    assert events[:3] == ["fsync", "drop cache", "read back"]


def test_an_encrypted_export_streams_and_decrypts(ws: Workspace, tmp_path: Path) -> None:
    photo = os.urandom(300_000)
    sha = _attach(ws, photo)
    result = export_bundle(ws, tmp_path / "out.untoc", passphrase="a passphrase for the test")
    with zipfile.ZipFile(result.path) as outer:
        payload = outer.read(fmt.PAYLOAD)
    assert payload.startswith(fmt.AGE_MAGIC) and b" scrypt " in payload[:100]
    bundle = read_bundle(
        result.path,
        "a passphrase for the test",
        {ws.office_id: office_key(ws).public.base64},
        own_office_id=ws.office_id,
    )
    assert bundle.attachments == {sha: photo}
