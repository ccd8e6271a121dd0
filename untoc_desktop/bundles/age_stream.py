"""age passphrase encryption, written as a stream.

pyrage encrypts whole byte strings only: a 200 MB bundle needed the inner ZIP and its encrypted copy
in memory at once (over 400 MB on laptops that may have 2 GB), and its cipher ran at about 200 MB/s
here against 2 GB/s for ``cryptography``'s ChaCha20-Poly1305 in the same process. This writes the
same file format, chunk by chunk, with ``cryptography``'s primitives, so that the export streams
from SQLite to the stick; reading stays with pyrage, and both pyrage and the ``age`` command line
decrypt what is written here (``tests/bundles/test_age_stream.py``, ``test_external_tools.py``).

The format is age v1 (https://age-encryption.org/v1) with one ``scrypt`` recipient stanza: a random
16-byte file key wrapped with a key derived from the passphrase, a header MAC, then the payload in
64 KiB ChaCha20-Poly1305 chunks under a key derived from the file key and a random nonce.

The work factor is age's own default, 2^18 (256 MiB of memory, about a second on an old laptop).
pyrage picked 2^19 here, which asks for 512 MiB: too much to demand of a 2 GB laptop that also runs
a browser, for one bit of extra strength; the passphrase's length matters far more.
"""

from __future__ import annotations

import base64
import os
from typing import BinaryIO

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"age-encryption.org/v1\n"
SCRYPT_LOG_N = 18
_SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
_CHUNK = 64 * 1024
_FILE_KEY_BYTES = 16


def _b64(data: bytes) -> bytes:
    """age's base64: the standard alphabet without padding."""
    return base64.b64encode(data).rstrip(b"=")


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def header(
    file_key: bytes, passphrase: str, log_n: int = SCRYPT_LOG_N, salt: bytes | None = None
) -> bytes:
    """The age header for ``file_key`` wrapped with ``passphrase``, MAC line included.

    The slow part of encrypting (scrypt) happens here, once per file.
    """
    salt = salt if salt is not None else os.urandom(16)
    wrap_key = Scrypt(salt=_SCRYPT_LABEL + salt, length=32, n=2**log_n, r=8, p=1).derive(
        passphrase.encode("utf-8")
    )
    body = ChaCha20Poly1305(wrap_key).encrypt(bytes(12), file_key, None)
    # A 32-byte body is 43 base64 characters: one line, shorter than the 64-column wrap.
    text = (
        MAGIC
        + b"-> scrypt "
        + _b64(salt)
        + b" "
        + str(log_n).encode("ascii")
        + b"\n"
        + _b64(body)
        + b"\n---"
    )
    mac = hmac.HMAC(_hkdf(file_key, b"", b"header"), hashes.SHA256())
    mac.update(text)
    return text + b" " + _b64(mac.finalize()) + b"\n"


class AgeWriter:
    """Encrypts what is written to it into ``sink`` as an age file; ``close`` writes the last chunk.

    The header is written at construction (after scrypt). Chunks go to ``sink`` as soon as they are
    full, except that one is always held back: age marks the last chunk, so a chunk is sealed as
    "not last" only once more bytes are known to follow. ``close`` does not close ``sink``.
    """

    def __init__(self, sink: BinaryIO, passphrase: str, *, log_n: int = SCRYPT_LOG_N) -> None:
        if not passphrase:
            raise ValueError("an empty passphrase")
        file_key = os.urandom(_FILE_KEY_BYTES)
        self._sink = sink
        sink.write(header(file_key, passphrase, log_n))
        nonce = os.urandom(16)
        sink.write(nonce)
        self._aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
        self._counter = 0
        self._pending = bytearray()
        self._closed = False

    def _seal(self, chunk: bytes | bytearray | memoryview, *, last: bool) -> None:
        nonce = self._counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")
        self._sink.write(self._aead.encrypt(nonce, bytes(chunk), None))
        self._counter += 1

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self._closed:
            raise ValueError("write to a closed AgeWriter")
        view = memoryview(data).cast("B")
        size = len(view)
        if self._pending:
            take = min(_CHUNK - len(self._pending), len(view))
            self._pending += view[:take]
            view = view[take:]
            if not view:
                return size
            self._seal(self._pending, last=False)  # full, and more follows
            self._pending = bytearray()
        while len(view) > _CHUNK:
            self._seal(view[:_CHUNK], last=False)
            view = view[_CHUNK:]
        self._pending += view
        return size

    def flush(self) -> None:
        """Nothing to do: a chunk leaves when it is full (``zipfile`` calls this when it
        finishes)."""

    def close(self) -> None:
        """Seal the held-back chunk as the last one (empty only when nothing was written)."""
        if not self._closed:
            self._closed = True
            self._seal(self._pending, last=True)
            self._pending = bytearray()


def encrypt(data: bytes, passphrase: str, *, log_n: int = SCRYPT_LOG_N) -> bytes:
    """Whole-bytes form, for tests and tools."""
    import io

    out = io.BytesIO()
    writer = AgeWriter(out, passphrase, log_n=log_n)
    writer.write(data)
    writer.close()
    return out.getvalue()
