"""The shortcuts taken for speed (issue 26) change no output: the cheap pre-tests of a record line
find every line the old single expression found, and an age file written while its scrypt was
still running (chunks held back, then released after the header) decrypts like any other."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import threading
import zipfile
import zlib
from pathlib import Path

import pyrage
import pytest

from untoc_desktop.bundles import age_stream, export
from untoc_desktop.bundles import format as fmt
from untoc_desktop.bundles.container import verify_written, write_container
from untoc_desktop.bundles.keys import SigningKey

FAST = 10
# The expression the export used before issue 26: one alternation over every character.
_OLD = re.compile(
    r"\\u00[01]|\\u007f|\\[bfr]|\\ud[89a-f]|"
    "[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def test_pre_tests_agree_with_the_single_expression() -> None:
    rng = random.Random(26)
    alphabet = [
        "a", "é", " ", "\\", "u", "0", "1", "7", "f", "b", "r", "n", "d", "8", "\u0085",
        "\u2028", "\u202e", "\u2067", "\u00a0", "\"", "x",
    ]  # fmt: skip
    for _ in range(20000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert export._may_be_unclean(line) == bool(_OLD.search(line)), repr(line)


def test_chunks_held_while_scrypt_runs_are_released_after_the_header() -> None:
    gate = threading.Event()

    class SlowHeader(age_stream.PendingHeader):
        def _run(self, passphrase: str, log_n: int) -> None:
            gate.wait(10)
            super()._run(passphrase, log_n)

    data = os.urandom(3 * 65536 + 11)
    out = io.BytesIO()
    writer = age_stream.AgeWriter(out, pending=SlowHeader("held back", log_n=FAST))
    writer.write(data)
    assert out.getvalue() == b""  # nothing may precede the header
    gate.set()
    writer.close()
    assert out.getvalue().startswith(age_stream.MAGIC)
    assert pyrage.passphrase.decrypt(out.getvalue(), "held back") == data


def test_a_failed_scrypt_is_raised_by_the_writer() -> None:
    class Broken(age_stream.PendingHeader):
        def _run(self, passphrase: str, log_n: int) -> None:
            self._error = MemoryError("scrypt")

    writer = age_stream.AgeWriter(io.BytesIO(), pending=Broken("x", log_n=FAST))
    writer.write(b"abc")
    try:
        writer.close()
    except MemoryError:
        return
    raise AssertionError("the writer hid scrypt's failure")


def test_list_lines_are_what_the_json_encoder_writes() -> None:
    encoder = json.JSONEncoder()
    rng = random.Random(9)
    pieces = ["findings", "a-1", "2026-01-01T00:00:00.000000Z", "+/=", '"', "\\", "é", "\x7f", "\n"]
    for _ in range(5000):
        items = [rng.choice(pieces) + rng.choice(pieces) for _ in range(rng.randint(1, 5))]
        assert export._list_line(items) == encoder.encode(items) + "\n"


def test_the_hand_written_outer_zip_is_a_plain_stored_zip(tmp_path: Path) -> None:
    """The container is written without ``zipfile`` (its CRC-32 runs on the hashing thread):
    ``zipfile`` reads it back with every CRC right and the three members stored, in order."""
    key = SigningKey.generate()
    payload = fmt.ZIP_MAGIC + os.urandom(300_000)
    path = tmp_path / "c.untoc"
    with path.open("wb") as fh:
        header = {"format": 2, "office_id": "o-1", "office_name": "A", "created_at": "2026-01-01"}
        written = write_container(fh, key, header, lambda sink: sink.write(payload))
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        assert [i.filename for i in zf.infolist()] == [fmt.PAYLOAD, fmt.SIGNATURE, fmt.PUBLIC_KEY]
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())
        assert zf.read(fmt.PAYLOAD) == payload
        assert zf.getinfo(fmt.PAYLOAD).CRC == written.crc == zlib.crc32(payload)
        assert zf.read(fmt.PUBLIC_KEY).decode() == key.public.to_minisign()
    assert written.digest == hashlib.blake2b(payload).digest()
    verify_written(path, key.public, written)


@pytest.mark.parametrize("sink", ["file", "memory"])
def test_chunks_written_ahead_of_a_slow_header_are_signed_in_order(
    tmp_path: Path, sink: str
) -> None:
    """With a sink it can read back, the container takes the encrypted chunks before the age header
    (a gap is left, filled when scrypt ends): the file, its signature and its CRC-32 are those of
    the payload in order, and age decrypts it. A file is read back by the hashing thread (while
    the rest is written), anything else by the writer."""
    gate = threading.Event()

    class SlowHeader(age_stream.PendingHeader):
        def _run(self, passphrase: str, log_n: int) -> None:
            gate.wait(10)
            super()._run(passphrase, log_n)

    key = SigningKey.generate()
    data = os.urandom(5 * 2**20 + 7)
    header = {"format": 2, "office_id": "o-1", "office_name": "A", "created_at": "2026-01-01"}
    reserved: list[bool] = []

    def payload(sink: io.BufferedIOBase) -> None:
        writer = age_stream.AgeWriter(sink, pending=SlowHeader("ahead", log_n=FAST))  # type: ignore[arg-type]
        writer.write(data[: 3 * 2**20])
        reserved.append(writer._reserved)
        gate.set()
        writer.write(data[3 * 2**20 :])
        writer.close()

    path = tmp_path / "c.untoc"
    if sink == "file":
        with path.open("w+b") as fh:
            written = write_container(fh, key, header, payload)  # type: ignore[arg-type]
    else:
        memory = io.BytesIO()
        written = write_container(memory, key, header, payload)  # type: ignore[arg-type]
        path.write_bytes(memory.getvalue())
    assert reserved == [True]
    with zipfile.ZipFile(path) as zf:
        sealed = zf.read(fmt.PAYLOAD)  # zipfile checks the CRC-32
    assert sealed.startswith(age_stream.MAGIC)
    assert written.digest == hashlib.blake2b(sealed).digest() and written.crc == zlib.crc32(sealed)
    verify_written(path, key.public, written)
    assert pyrage.passphrase.decrypt(sealed, "ahead") == data


def test_the_header_length_is_known_before_scrypt() -> None:
    for log_n in (1, 9, 10, 18, 20):
        assert len(age_stream.header(os.urandom(16), "p", log_n=min(log_n, 10))) == (
            age_stream.header_length(min(log_n, 10))
        )
    assert age_stream.header_length(18) == age_stream.header_length(10)


def test_members_written_in_chunks_hold_exactly_the_joined_lines() -> None:
    """Issue 26: record members are encoded and deflated in pieces; the bytes are those of the
    whole table joined at once."""
    from untoc_desktop.bundles import export

    lines = [f'{{"id": "r{i}", "text": "é{"x" * (i % 300)}"}}\n' for i in range(9000)]
    chunks = list(export._chunks(iter(lines)))
    assert len(chunks) > 1
    assert b"".join(chunks) == "".join(lines).encode("utf-8")
    assert list(export._chunks(iter([]))) == []
