"""Hashing on a second thread, so that a bundle's largest single cost overlaps with the rest.

Minisign signs the BLAKE2b-512 of the whole payload: for a 200 MB bundle that hash alone takes as
long as reading, checking and writing the bytes together. ``hashlib`` releases the GIL while it
hashes anything but tiny inputs, so a thread fed with the same chunks runs on the second core of
even an old laptop, and the export waits for the hash only at the end.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from typing import Any, Protocol

_SMALL = (
    64 * 1024
)  # shorter writes (ZIP headers, small members) are gathered before they are queued
_BATCH = 1024 * 1024
_DEPTH = 8  # chunks queued at most: bounds the memory the hash may lag behind by (8 x 4 MiB)


_Item = bytes | memoryview | Callable[[], Iterable[bytes]] | None


class _Hash(Protocol):
    def update(self, data: Any, /) -> None: ...

    def digest(self) -> bytes: ...


class BackgroundHash:
    """A hash object whose ``update`` returns at once; ``digest`` waits for the hash to catch up.

    Chunks are hashed in the order given. Bytes handed over must not change afterwards: ``bytes``
    and read-only memoryviews are kept as they are, anything mutable is copied. ``close`` stops the
    thread without a digest (an export that failed or was cancelled); it is safe to call twice.
    """

    def __init__(self, hash_object: _Hash, *, depth: int = _DEPTH) -> None:
        self._hash = hash_object
        self._queue: queue.Queue[_Item] = queue.Queue(depth)
        self._pending = bytearray()
        self._error: BaseException | None = None
        self._closing = False
        self._thread: threading.Thread | None = threading.Thread(
            target=self._run, name="bundle-hash", daemon=True
        )
        self._thread.start()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is None:
                try:
                    if callable(item):
                        for chunk in item():
                            if self._closing:
                                break
                            self._hash.update(chunk)
                    else:
                        self._hash.update(item)
                except BaseException as exc:  # noqa: BLE001 - handed to the caller in digest()
                    self._error = exc

    def update_from(self, chunks: Callable[[], Iterable[bytes]]) -> None:
        """Hash, in turn, the chunks ``chunks()`` yields, calling it on the hashing thread: bytes
        already in a file are read there (``os.pread`` releases the interpreter lock) instead of
        by the caller, who goes on writing meanwhile."""
        if self._thread is None:
            raise ValueError("update_from() after digest() or close()")
        self._flush_pending()
        self._queue.put(chunks)

    def update(self, data: bytes | bytearray | memoryview) -> None:
        if self._thread is None:
            raise ValueError("update() after digest() or close()")
        if len(data) < _SMALL:
            self._pending += data
            if len(self._pending) >= _BATCH:
                self._flush_pending()
            return
        self._flush_pending()
        if isinstance(data, memoryview) and data.readonly:
            self._queue.put(data)
        else:
            self._queue.put(data if isinstance(data, bytes) else bytes(data))

    def _flush_pending(self) -> None:
        if self._pending:
            self._queue.put(bytes(self._pending))
            self._pending.clear()

    def _stop(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None

    def digest(self) -> bytes:
        self._flush_pending()
        self._stop()
        if self._error is not None:
            raise self._error
        return self._hash.digest()

    def close(self) -> None:
        self._pending.clear()
        self._closing = True  # a read under way (``update_from``) stops at its next chunk
        self._stop()


class HashWorker:
    """One thread hashing chunks for any number of hash objects, in the order given: an import
    checks 2,000 small files, too many for a thread each, and their SHA-256 then runs beside the
    reading (CRC-32, decryption) and the writing into SQLite, which release the interpreter lock
    too.

    ``update`` returns at once (the queue holds ``depth`` chunks at most, which bounds memory);
    ``wait`` returns once every chunk given so far is hashed, and raises what a hash raised.
    Chunks must not change once handed over (``bytes`` are kept as they are, anything else is
    copied). ``close`` stops the thread; it is safe to call twice.
    """

    def __init__(self, *, depth: int = 4) -> None:
        self._queue: queue.Queue[tuple[_Hash, bytes] | threading.Event | None] = queue.Queue(depth)
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = threading.Thread(
            target=self._run, name="bundle-hash-worker", daemon=True
        )
        self._thread.start()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if isinstance(item, threading.Event):
                item.set()
            elif self._error is None:
                try:
                    item[0].update(item[1])
                except BaseException as exc:  # noqa: BLE001 - handed to the caller in wait()
                    self._error = exc

    def update(self, hash_object: _Hash, data: bytes | bytearray | memoryview) -> None:
        if self._thread is None:
            raise ValueError("update() after close()")
        self._queue.put((hash_object, data if isinstance(data, bytes) else bytes(data)))

    def wait(self) -> None:
        if self._thread is None:
            raise ValueError("wait() after close()")
        done = threading.Event()
        self._queue.put(done)
        done.wait()
        if self._error is not None:
            raise self._error

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
