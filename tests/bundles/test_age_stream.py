"""The streamed age writer produces files that pyrage (the reader) decrypts, at every chunk
boundary."""

from __future__ import annotations

import io
import os

import pyrage
import pytest

from untoc_desktop.bundles import age_stream
from untoc_desktop.bundles.container import check_age_header

FAST = 10  # scrypt work factor for tests; the format is the same at 18


@pytest.mark.parametrize("size", [0, 1, 65535, 65536, 65537, 2 * 65536, 3 * 65536 + 5])
def test_pyrage_decrypts_every_chunk_boundary(size: int) -> None:
    data = os.urandom(size)
    sealed = age_stream.encrypt(data, "correct horse", log_n=FAST)
    assert pyrage.passphrase.decrypt(sealed, "correct horse") == data


def test_writes_in_any_pieces_give_the_same_plaintext() -> None:
    data = os.urandom(5 * 65536 + 123)
    out = io.BytesIO()
    writer = age_stream.AgeWriter(out, "pieces", log_n=FAST)
    cuts = [0, 1, 7, 65536, 65537, 70000, 200000, 4 * 65536, len(data)]
    for start, end in zip(cuts, cuts[1:], strict=False):
        writer.write(memoryview(data)[start:end])
    writer.close()
    # 16-byte tag per 64 KiB chunk: 6 chunks, the last one partial.
    header_end = out.getvalue().index(b"\n---") + 1
    header_end = out.getvalue().index(b"\n", header_end) + 1
    assert len(out.getvalue()) == header_end + 16 + len(data) + 6 * 16
    assert pyrage.passphrase.decrypt(out.getvalue(), "pieces") == data


def test_non_ascii_passphrase_is_utf8_as_age_expects() -> None:
    sealed = age_stream.encrypt(b"secret", "contraseña été ✓", log_n=FAST)
    assert pyrage.passphrase.decrypt(sealed, "contraseña été ✓") == b"secret"


def test_wrong_passphrase_and_tampering_are_refused() -> None:
    sealed = age_stream.encrypt(b"x" * 100_000, "right", log_n=FAST)
    with pytest.raises(pyrage.DecryptError):
        pyrage.passphrase.decrypt(sealed, "wrong")
    tampered = bytearray(sealed)
    tampered[-100] ^= 1
    with pytest.raises(pyrage.DecryptError):
        pyrage.passphrase.decrypt(bytes(tampered), "right")


def test_header_passes_the_importers_check_and_uses_ages_default_work_factor() -> None:
    sealed = age_stream.encrypt(b"abc", "pw", log_n=FAST)
    check_age_header(sealed)
    lines = sealed.split(b"\n")
    assert lines[0] == b"age-encryption.org/v1"
    assert lines[1].split(b" ")[:2] == [b"->", b"scrypt"] and lines[1].endswith(b" 10")
    assert age_stream.SCRYPT_LOG_N == 18


def test_writer_refuses_misuse() -> None:
    with pytest.raises(ValueError):
        age_stream.AgeWriter(io.BytesIO(), "")
    writer = age_stream.AgeWriter(io.BytesIO(), "pw", log_n=FAST)
    writer.close()
    writer.close()  # twice is harmless
    with pytest.raises(ValueError):
        writer.write(b"late")
