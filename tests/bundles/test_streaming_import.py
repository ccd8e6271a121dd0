"""Import in constant memory (issue 26): the payload is copied privately once while its signature
is checked, then read as streams; no attachment is ever whole in memory, encrypted or not."""

from __future__ import annotations

import hashlib
import io
import os
import tracemalloc
from pathlib import Path

import pyrage
import pytest

from untoc_desktop.bundles import age_stream
from untoc_desktop.bundles.container import BundleError
from untoc_desktop.bundles.export import export_bundle
from untoc_desktop.bundles.importer import apply, known_keys, preview, read_bundle
from untoc_desktop.store import sync
from untoc_desktop.store.workspace import Workspace

BIG = 32 * 2**20


def _office_with_a_big_file(folder: Path, passphrase: str | None) -> tuple[Path, bytes]:
    data = os.urandom(BIG)  # does not compress, like a photo or a PDF
    with Workspace.open(folder / "a.untocdb") as ws:
        dossier = ws.create_dossier(title="Big", country="KE")
        sha = ws.add_attachment(data)
        ws.insert("evidence", dossier_id=dossier, attachment_sha256=sha, attachment_name="b.jpg")
        out = export_bundle(ws, folder / "big", passphrase=passphrase, include_sensitive=True)
    return out.path, data


@pytest.mark.parametrize("passphrase", [None, "a passphrase for the test"])
def test_import_never_holds_an_attachment_whole(tmp_path: Path, passphrase: str | None) -> None:
    bundle_path, data = _office_with_a_big_file(tmp_path, passphrase)
    with Workspace.open(tmp_path / "b.untocdb") as ws:
        keys = known_keys(ws)
        tracemalloc.start()
        try:
            bundle = read_bundle(bundle_path, passphrase, keys, own_office_id=ws.office_id)
            preview(ws, bundle)
            apply(ws, bundle)
            bundle.close()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 12 * 2**20, f"peak {peak / 2**20:.1f} MiB for a {BIG / 2**20:.0f} MiB file"
        assert ws.attachment(hashlib.sha256(data).hexdigest()) == data


def test_the_stick_may_be_pulled_out_after_the_preview(tmp_path: Path) -> None:
    """Everything after the signature is read from the private copy, not the bundle's file."""
    bundle_path, data = _office_with_a_big_file(tmp_path, None)
    with Workspace.open(tmp_path / "b.untocdb") as ws:
        bundle = read_bundle(bundle_path, None, known_keys(ws), own_office_id=ws.office_id)
        bundle_path.unlink()
        assert preview(ws, bundle).new_attachments == 1
        apply(ws, bundle)
        bundle.close()
        assert ws.attachment(hashlib.sha256(data).hexdigest()) == data


def test_the_private_copy_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle_path, _ = _office_with_a_big_file(tmp_path, None)
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setenv("TMPDIR", str(spool))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    with (
        Workspace.open(tmp_path / "b.untocdb") as ws,
        read_bundle(bundle_path, None, known_keys(ws), own_office_id=ws.office_id) as bundle,
    ):
        assert list(spool.iterdir()) == []  # unlinked at once
        apply(ws, bundle)
    assert list(spool.iterdir()) == []


def test_a_file_that_does_not_match_its_size_rolls_the_import_back(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "b.untocdb") as ws:
        with pytest.raises(ValueError), ws.transaction():
            sync.put_attachment_stream(ws, "a" * 64, 10, [b"12345"], "x/y", "now")
        with pytest.raises(ValueError), ws.transaction():
            sync.put_attachment_stream(ws, "a" * 64, 4, [b"12345"], "x/y", "now")
        assert not sync.has_attachment(ws, "a" * 64)
        with ws.transaction():
            sync.put_attachment_stream(ws, "b" * 64, 10, [b"12345", b"67890"], "x/y", "now")
        assert ws.attachment("b" * 64) == b"1234567890"


# ------------------------------------------------------------------------------ the age reader
@pytest.mark.parametrize("size", [0, 1, 65536, 65537, 3 * 65536, 200_001])
def test_age_reader_reads_what_age_and_this_writer_write(size: int) -> None:
    data = os.urandom(size)
    for sealed in (
        age_stream.encrypt(data, "pass", log_n=10),
        pyrage.passphrase.encrypt(data, "pass"),
    ):
        reader = age_stream.AgeReader(io.BytesIO(sealed), "pass", max_log_n=20)
        assert reader.size == size
        assert io.BufferedReader(reader).read() == data
        reader = age_stream.AgeReader(io.BytesIO(sealed), "pass", max_log_n=20)
        reader.seek(size // 3)
        assert reader.read(70_000) == data[size // 3 : size // 3 + 70_000]


def test_age_reader_refuses_a_wrong_passphrase_tampering_and_truncation() -> None:
    data = os.urandom(3 * 65536 + 10)
    sealed = age_stream.encrypt(data, "pass", log_n=10)
    with pytest.raises(age_stream.AgeDecryptError):
        age_stream.AgeReader(io.BytesIO(sealed), "wrong", max_log_n=20)
    with pytest.raises(age_stream.AgeFormatError):
        age_stream.AgeReader(io.BytesIO(sealed), "pass", max_log_n=9)
    flipped = bytearray(sealed)
    flipped[-100] ^= 1
    reader = io.BufferedReader(
        age_stream.AgeReader(io.BytesIO(bytes(flipped)), "pass", max_log_n=20)
    )
    with pytest.raises(age_stream.AgeDecryptError):
        reader.read()
    # Cut after a whole chunk: the chunk now last was not sealed as the last one.
    cut = sealed[: -(10 + 16)]
    reader = io.BufferedReader(age_stream.AgeReader(io.BytesIO(cut), "pass", max_log_n=20))
    with pytest.raises(age_stream.AgeDecryptError):
        reader.read()
    with pytest.raises(age_stream.AgeFormatError):
        age_stream.AgeReader(io.BytesIO(sealed[:60]), "pass", max_log_n=20)


def test_a_bundle_whose_payload_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    from untoc_desktop.bundles.container import seal
    from untoc_desktop.bundles.keys import SigningKey

    key = SigningKey.generate()
    header = {
        "format": 2,
        "office_id": "o-1",
        "office_name": "A",
        "created_at": "2026-01-01T00:00:00.000000Z",
    }
    path = tmp_path / "x.untoc"
    path.write_bytes(seal(b"not a zip at all", key, header, None))
    with pytest.raises(BundleError):
        read_bundle(path)
