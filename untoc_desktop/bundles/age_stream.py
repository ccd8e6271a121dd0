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
import hashlib
import io
import os
import threading
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidSignature, InvalidTag
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
    # hashlib's scrypt (OpenSSL's, as ``cryptography``'s) releases the interpreter lock, so the
    # export can run it on a thread (``PendingHeader``) while it prepares the records.
    wrap_key = hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=_SCRYPT_LABEL + salt,
        n=2**log_n,
        r=8,
        p=1,
        maxmem=129 * 8 * 2**log_n + 2**20,  # N blocks of 128 r bytes, and room to spare
        dklen=32,
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


class PendingHeader:
    """The age header of a new file key, its scrypt running on a thread from construction.

    scrypt is about a second of one core by design; started as the export begins, it runs on the
    second core while the records are read and the first chunks are encrypted (only the header
    needs the passphrase's key: the payload is sealed under the file key, known at once).
    ``result`` waits for it and raises what it raised.
    """

    def __init__(self, passphrase: str, *, log_n: int = SCRYPT_LOG_N) -> None:
        if not passphrase:
            raise ValueError("an empty passphrase")
        self.file_key = os.urandom(_FILE_KEY_BYTES)
        self.log_n = log_n
        self._header = b""
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(passphrase, log_n), name="bundle-scrypt", daemon=True
        )
        self._thread.start()

    def _run(self, passphrase: str, log_n: int) -> None:
        try:
            self._header = header(self.file_key, passphrase, log_n)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller in result()
            self._error = exc

    def done(self) -> bool:
        return not self._thread.is_alive()

    def result(self) -> bytes:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._header


def header_length(log_n: int = SCRYPT_LOG_N) -> int:
    """The length of ``header``'s output for ``log_n``, known before scrypt has run: the salt, the
    wrapped key and the MAC have fixed sizes."""
    salt, body, mac = 22, 43, 43  # base64 without padding of 16, 32 and 32 bytes
    return len(MAGIC) + len(b"-> scrypt ") + salt + 1 + len(str(log_n)) + 1 + body + 5 + mac + 1


#: Sealed chunks an ``AgeWriter`` holds in memory at most while its header's scrypt is still
#: running, when its sink cannot take them ahead of the header (``reserve``).
_HOLD = 32 * 2**20


class AgeWriter:
    """Encrypts what is written to it into ``sink`` as an age file; ``close`` writes the last chunk.

    The header comes from ``pending`` (a ``PendingHeader``, whose scrypt may still be running) or
    is derived from ``passphrase`` here. The header goes first, but only it needs the passphrase's
    key, so the chunks need not wait for scrypt: a sink with ``reserve(length)`` (the container's,
    writing a file it can read back) takes them after a gap the length of the header, which
    ``fill(header)`` writes once it is known; any other sink gets them held in memory (32 MiB at
    most, then the writer waits). Chunks go to ``sink`` as soon as they are full, except that one
    is always held back: age marks the last chunk, so a chunk is sealed as "not last" only once
    more bytes are known to follow. ``close`` does not close ``sink``.
    """

    def __init__(
        self,
        sink: BinaryIO,
        passphrase: str | None = None,
        *,
        log_n: int = SCRYPT_LOG_N,
        pending: PendingHeader | None = None,
    ) -> None:
        if pending is None:
            if not passphrase:
                raise ValueError("an empty passphrase")
            pending = PendingHeader(passphrase, log_n=log_n)
        self._sink = sink
        self._header: PendingHeader | None = pending
        self._log_n = pending.log_n
        self._reserved = False
        nonce = os.urandom(16)
        self._held: list[bytes] = [nonce]
        self._held_size = 0
        self._aead = ChaCha20Poly1305(_hkdf(pending.file_key, nonce, b"payload"))
        self._counter = 0
        self._pending = bytearray()
        self._closed = False

    def _emit(self, data: bytes) -> None:
        if self._header is not None:
            if self._header.done():
                self._release()
            elif self._reserved:
                self._sink.write(data)
                return
            else:
                reserve = getattr(self._sink, "reserve", None)
                if reserve is not None and reserve(header_length(self._log_n)):
                    self._reserved = True
                    for held in self._held:
                        self._sink.write(held)
                    self._held = []
                    self._sink.write(data)
                    return
                if self._held_size + len(data) <= _HOLD:
                    self._held.append(data)
                    self._held_size += len(data)
                    return
                self._release()
        self._sink.write(data)

    def _release(self) -> None:
        """The header (into its gap, when the chunks went ahead), then every chunk held while it
        was derived."""
        if self._header is not None:
            header = self._header.result()
            self._header = None
            if self._reserved:
                self._sink.fill(header)  # type: ignore[attr-defined]  # reserve()'s partner
                return
            self._sink.write(header)
            for held in self._held:
                self._sink.write(held)
            self._held = []

    def _seal(self, chunk: bytes | bytearray | memoryview, *, last: bool) -> None:
        nonce = self._counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")
        self._emit(self._aead.encrypt(nonce, bytes(chunk), None))
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
            self._release()


def encrypt(data: bytes, passphrase: str, *, log_n: int = SCRYPT_LOG_N) -> bytes:
    """Whole-bytes form, for tests and tools."""
    out = io.BytesIO()
    writer = AgeWriter(out, passphrase, log_n=log_n)
    writer.write(data)
    writer.close()
    return out.getvalue()


# ------------------------------------------------------------------------------------------ reading
class AgeFormatError(ValueError):
    """The age file is malformed (its header, or its size cannot be that of an age payload)."""


class AgeDecryptError(ValueError):
    """The passphrase does not open the file, or a chunk fails its authentication."""


_SEALED = _CHUNK + 16  # a full chunk with its Poly1305 tag


def _unb64(text: bytes) -> bytes:
    """age's base64, strictly: no padding, canonical (what encodes back to the same text)."""
    if not text or b"=" in text or len(text) % 4 == 1:
        raise AgeFormatError("malformed base64")
    try:
        data = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except ValueError as exc:
        raise AgeFormatError("malformed base64") from exc
    if _b64(data) != text:
        raise AgeFormatError("non-canonical base64")
    return data


def parse_header(head: bytes) -> tuple[bytes, int, bytes, bytes, int]:
    """(salt, log_n, wrapped file key, header MAC, header length) of a one-scrypt-stanza header.

    ``head`` is the start of the file (at least the whole header). Only what this application and
    age, rage and pyrage write for a passphrase is accepted: one ``scrypt`` stanza, a one-line body.
    """
    lines = head.split(b"\n", 4)
    if len(lines) < 5 or lines[0] + b"\n" != MAGIC:
        raise AgeFormatError("not an age header")
    stanza = lines[1].split(b" ")
    if len(stanza) != 4 or stanza[:2] != [b"->", b"scrypt"]:
        raise AgeFormatError("not a passphrase (scrypt) stanza")
    salt, work = _unb64(stanza[2]), stanza[3]
    if len(salt) != 16 or not work.isdigit() or work.startswith(b"0") or len(work) > 2:
        raise AgeFormatError("malformed scrypt stanza")
    body = _unb64(lines[2]) if lines[2] else b""
    if len(body) != _FILE_KEY_BYTES + 16 or not lines[3].startswith(b"--- "):
        raise AgeFormatError("malformed scrypt stanza")
    mac = _unb64(lines[3][4:])
    if len(mac) != 32:
        raise AgeFormatError("malformed header MAC")
    length = sum(len(line) + 1 for line in lines[:4])
    return salt, int(work), body, mac, length


class AgeReader(io.RawIOBase):
    """A seekable reader of the plaintext of an age passphrase file held in ``source``.

    age seals its payload in independent 64 KiB chunks, each with its own tag and a counter nonce
    (the last one marked), so any byte range can be decrypted alone: ``zipfile`` can then read the
    inner ZIP straight from the encrypted file, chunk by chunk, and nothing but the chunk in use is
    ever held in clear in memory (pyrage decrypts whole byte strings only: a 400 MB bundle needed
    400 MB twice). A chunk that fails its tag raises ``AgeDecryptError``: tampering is caught where
    it is read, and the last chunk must carry the "last" mark, so a truncated file is refused too.

    ``source`` must be seekable and stay unchanged (the importer's private copy of the payload);
    ``log_n`` must have been bounded by the caller before (scrypt runs here).
    """

    def __init__(self, source: BinaryIO, passphrase: str, *, max_log_n: int) -> None:
        super().__init__()
        source.seek(0, io.SEEK_END)
        total = source.tell()
        source.seek(0)
        salt, log_n, body, mac, length = parse_header(source.read(4096))
        if log_n > max_log_n:
            raise AgeFormatError("scrypt work factor too large")
        wrap_key = Scrypt(salt=_SCRYPT_LABEL + salt, length=32, n=2**log_n, r=8, p=1).derive(
            passphrase.encode("utf-8")
        )
        try:
            file_key = ChaCha20Poly1305(wrap_key).decrypt(bytes(12), body, None)
        except InvalidTag as exc:
            raise AgeDecryptError("wrong passphrase") from exc
        source.seek(0)
        text = source.read(length)
        check = hmac.HMAC(_hkdf(file_key, b"", b"header"), hashes.SHA256())
        check.update(text[: text.rindex(b"---") + 3])
        try:
            check.verify(mac)
        except InvalidSignature as exc:
            raise AgeDecryptError("header MAC mismatch") from exc
        nonce = source.read(16)
        sealed = total - length - 16
        if len(nonce) != 16 or sealed < 16:
            raise AgeFormatError("truncated")
        self._chunks = -(-sealed // _SEALED)
        last = sealed - (self._chunks - 1) * _SEALED
        if last < 16 or (last == 16 and self._chunks > 1):
            raise AgeFormatError("truncated")  # only a lone chunk may be empty
        self._source = source
        self._start = length + 16
        self._aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
        self.size = sealed - 16 * self._chunks
        self._pos = 0
        self._cached: tuple[int, bytes] = (-1, b"")

    def _chunk(self, index: int) -> bytes:
        if self._cached[0] == index:
            return self._cached[1]
        self._source.seek(self._start + index * _SEALED)
        sealed = self._source.read(_SEALED)
        last = index == self._chunks - 1
        nonce = index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")
        try:
            plain = self._aead.decrypt(nonce, sealed, None)
        except InvalidTag as exc:
            raise AgeDecryptError(f"chunk {index} fails its authentication") from exc
        self._cached = (index, plain)
        return plain

    def close(self) -> None:
        """Close the source too (the importer's private copy)."""
        source = getattr(self, "_source", None)  # absent when the constructor failed
        if source is not None and not self.closed:
            source.close()
        super().close()

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._pos = base + offset
        return self._pos

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view) and self._pos < self.size:
            index, skip = divmod(self._pos, _CHUNK)
            chunk = self._chunk(index)[skip : skip + len(view) - done]
            view[done : done + len(chunk)] = chunk
            done += len(chunk)
            self._pos += len(chunk)
        return done
