"""The background hash gives the same digest as hashing in place, whatever the sizes of the
pieces."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator

import pytest

from untoc_desktop.bundles.hashing import BackgroundHash


def test_digest_equals_hashlib_for_mixed_piece_sizes() -> None:
    pieces = [
        os.urandom(n) for n in (0, 10, 70_000, 5, 4 * 2**20, 3, 100, 2**20 + 7, 64 * 1024 - 1)
    ]
    hasher = BackgroundHash(hashlib.blake2b())
    for piece in pieces:
        hasher.update(piece)
    assert hasher.digest() == hashlib.blake2b(b"".join(pieces)).digest()


def test_mutable_input_is_copied_before_the_caller_reuses_it() -> None:
    buffer = bytearray(b"a" * 100_000)
    hasher = BackgroundHash(hashlib.sha256())
    hasher.update(buffer)
    buffer[:] = b"b" * 100_000  # reused at once, as a write buffer would be
    assert hasher.digest() == hashlib.sha256(b"a" * 100_000).digest()


def test_close_stops_the_thread_and_update_after_it_is_refused() -> None:
    before = threading.active_count()
    hasher = BackgroundHash(hashlib.blake2b())
    hasher.update(os.urandom(200_000))
    hasher.close()
    hasher.close()
    assert threading.active_count() == before
    with pytest.raises(ValueError):
        hasher.update(b"late")


def test_an_error_in_the_hash_reaches_the_caller() -> None:
    class Broken:
        def update(self, data: object) -> None:
            raise RuntimeError("broken hash")

        def digest(self) -> bytes:
            return b""

    hasher = BackgroundHash(Broken())  # type: ignore[arg-type]
    hasher.update(os.urandom(100_000))
    with pytest.raises(RuntimeError, match="broken hash"):
        hasher.digest()


def test_chunks_read_on_the_thread_are_hashed_in_their_place() -> None:
    before, middle, after = os.urandom(70_000), os.urandom(3 * 2**20), os.urandom(90_000)
    hasher = BackgroundHash(hashlib.blake2b())
    hasher.update(before)
    hasher.update_from(lambda: iter([middle[: 2**20], middle[2**20 :]]))
    hasher.update(after)
    assert hasher.digest() == hashlib.blake2b(before + middle + after).digest()


def test_a_failed_read_on_the_thread_reaches_the_caller() -> None:
    def short() -> Iterator[bytes]:
        yield b"some"
        raise OSError("the file is shorter than what was written to it")

    hasher = BackgroundHash(hashlib.blake2b())
    hasher.update_from(short)
    with pytest.raises(OSError, match="shorter"):
        hasher.digest()


def test_close_stops_a_read_under_way() -> None:
    read: list[int] = []
    started = threading.Event()

    def endless() -> Iterator[bytes]:
        while True:
            read.append(1)
            started.set()
            yield b"x" * 1024

    hasher = BackgroundHash(hashlib.blake2b())
    hasher.update_from(endless)
    assert started.wait(5)
    hasher.close()  # returns: the read stops at its next chunk
    count = len(read)
    assert count >= 1 and len(read) == count
