"""The peers: what a careful user would do by hand with standard tools instead (issue 26).

Each runs the real tools as separate processes, one after the other, as a person at a terminal
would: ``cp``, ``age``, ``minisign``, ``sync``, then reading the file back from the drive (its
cached pages dropped first, as the app's read-back does). The app does more than its peer (it
checks every attachment's hash, keeps versions, signs each record's author) and may use both
cores; the peer is serial.

The passphrase peer: ``age -p`` reads its passphrase from a terminal only, so the peer encrypts to
an X25519 recipient (``age -e -r``) and pays scrypt at age's work factor (2^18, what ``age -p``
spends) separately, in this process: the same work, in the same order.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path
from typing import Any

from benchmarks import floors


class Tools:
    """A minisign key pair (no password) and an age identity, made once in ``folder``."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.secret, self.public = folder / "peer.key", folder / "peer.pub"
        self.identity = folder / "peer.age"
        if not self.secret.exists():
            _run("minisign", "-G", "-W", "-f", "-p", str(self.public), "-s", str(self.secret))
        if not self.identity.exists():
            _run("age-keygen", "-o", str(self.identity))
        self.recipient = next(
            line.split(": ", 1)[1]
            for line in self.identity.read_text().splitlines()
            if line.startswith("# public key: ")
        )


def _run(*cmd: str) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def scrypt_2_18() -> None:
    """age's passphrase KDF at its default work factor: the cost ``age -p`` pays once per file."""
    hashlib.scrypt(b"a passphrase", salt=os.urandom(16), n=2**18, r=8, p=1, maxmem=2**29, dklen=32)


def read_back_cold(path: Path) -> None:
    """Read ``path`` from the drive, not the cache (as the app's read-back after ``fsync``)."""
    with path.open("rb") as fh:
        if hasattr(os, "posix_fadvise"):
            os.posix_fadvise(fh.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        while fh.read(4 * 2**20):
            pass


def export_plain(tools: Tools, workspace: Path, out: Path) -> None:
    """``cp`` the workspace, ``minisign -S`` it, ``sync``, read it back."""
    _run("cp", str(workspace), str(out))
    _run("minisign", "-S", "-s", str(tools.secret), "-m", str(out), "-t", "by hand")
    _run("sync")
    read_back_cold(out)


def export_encrypted(tools: Tools, workspace: Path, out: Path) -> None:
    """scrypt (2^18), ``age -e`` the workspace, ``minisign -S``, ``sync``, read it back."""
    scrypt_2_18()
    _run("age", "-e", "-r", tools.recipient, "-o", str(out), str(workspace))
    _run("minisign", "-S", "-s", str(tools.secret), "-m", str(out), "-t", "by hand")
    _run("sync")
    read_back_cold(out)


def import_by_hand(
    tools: Tools,
    signed: Path,
    target: Path,
    records: dict[str, list[dict[str, Any]]],
    attachments: dict[str, bytes],
    *,
    encrypted: bool,
) -> None:
    """``minisign -V``; for an encrypted file scrypt and ``age -d``; then the rows and files
    inserted by SQLite with nothing checked (``floors.insert_floor``) into the fresh ``target``."""
    _run("minisign", "-V", "-q", "-p", str(tools.public), "-m", str(signed))
    if encrypted:
        scrypt_2_18()
        clear = signed.with_suffix(".clear")
        _run("age", "-d", "-i", str(tools.identity), "-o", str(clear), str(signed))
        clear.unlink()
    floors.insert_floor(target, records, attachments)
