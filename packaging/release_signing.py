"""Sign release checksums in minisign's format, with the ``cryptography`` package only.

Why minisign: an office that receives the app on a USB stick must be able to check it was not
altered on the way, with a tool small enough to carry on the same stick. ``minisign -Vm`` is one
small executable for Linux, Windows and macOS, and its keys and signatures are short text files.
Producing them here (rather than calling ``minisign``) means a release can be signed on any build
machine that has the project's own dependencies.

Formats (from minisign's documentation and source): a public key is ``"Ed" + key id (8) + Ed25519
public key (32)``; a signature line is ``"ED" + key id + Ed25519(BLAKE2b-512(file))`` (the
"prehashed" mode minisign uses by default), followed by a trusted comment and a global signature
over ``signature + trusted comment``; a secret key is ``"Ed" + kdf ("Sc" or two zero bytes) + "B2"
+ salt (32) + opslimit (8) + memlimit (8) + [key id + secret key (64) + BLAKE2b-256 checksum]``,
the bracket XOR-ed with a scrypt stream when the key is encrypted. Every field is base64 on the
line after an "untrusted comment:" line.
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SIG_ALG = b"Ed"
PREHASHED_ALG = b"ED"
CHECKSUM_ALG = b"B2"
SCRYPT_KDF = b"Sc"
NO_KDF = b"\x00\x00"


class SigningError(ValueError):
    """A key or signature file is malformed, encrypted with another password, or does not verify."""


@dataclass(frozen=True)
class SigningKey:
    key_id: bytes
    private: Ed25519PrivateKey

    @property
    def public_bytes(self) -> bytes:
        return self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    def public_key_file(self) -> str:
        """The public key as minisign writes it (``minisign -p`` reads this file)."""
        blob = base64.b64encode(SIG_ALG + self.key_id + self.public_bytes).decode()
        return f"untrusted comment: minisign public key {key_id_hex(self.key_id)}\n{blob}\n"

    def secret_key_file(self) -> str:
        """The secret key, unencrypted (like ``minisign -G -W``): for throw-away CI keys only."""
        secret = self.private.private_bytes_raw() + self.public_bytes
        checksum = hashlib.blake2b(SIG_ALG + self.key_id + secret, digest_size=32).digest()
        blob = (
            SIG_ALG
            + NO_KDF
            + CHECKSUM_ALG
            + bytes(32)
            + bytes(8)
            + bytes(8)
            + self.key_id
            + secret
            + checksum
        )
        return f"untrusted comment: minisign secret key\n{base64.b64encode(blob).decode()}\n"


def key_id_hex(key_id: bytes) -> str:
    """minisign prints the key id as a little-endian 64-bit number in upper-case hex."""
    return f"{struct.unpack('<Q', key_id)[0]:016X}"


def generate_key() -> SigningKey:
    return SigningKey(key_id=os.urandom(8), private=Ed25519PrivateKey.generate())


def _payload(text: str, what: str) -> bytes:
    lines = [line.strip() for line in text.strip().splitlines()]
    if len(lines) < 2 or not lines[0].startswith("untrusted comment:"):
        raise SigningError(f"not a minisign {what} file (no 'untrusted comment:' line)")
    try:
        return base64.b64decode(lines[1], validate=True)
    except ValueError as exc:
        raise SigningError(f"the minisign {what} file is not valid base64") from exc


def _scrypt_params(opslimit: int, memlimit: int) -> tuple[int, int, int]:
    """libsodium's ``pickparams``: turn minisign's opslimit/memlimit into scrypt's (N, r, p)."""
    opslimit = max(opslimit, 32768)
    r = 8
    if opslimit < memlimit // 32:
        p, max_n = 1, opslimit // (r * 4)
    else:
        p, max_n = 0, memlimit // (r * 128)
    n_log2 = 1
    while n_log2 < 63 and (1 << n_log2) <= max_n // 2:
        n_log2 += 1
    if p == 0:
        p = min((opslimit // 4) // (1 << n_log2), 0x3FFFFFFF) // r
    return 1 << n_log2, r, max(p, 1)


def load_secret_key(text: str, password: str | None = None) -> SigningKey:
    """Read a minisign secret key file; an encrypted one needs its ``password``."""
    blob = _payload(text, "secret key")
    if len(blob) != 158 or blob[:2] != SIG_ALG or blob[4:6] != CHECKSUM_ALG:
        raise SigningError("not an Ed25519 minisign secret key")
    kdf, salt = blob[2:4], blob[6:38]
    opslimit, memlimit = struct.unpack("<QQ", blob[38:54])
    sealed = blob[54:]
    if kdf == SCRYPT_KDF:
        if not password:
            raise SigningError("the secret key is encrypted: give its password")
        n, r, p = _scrypt_params(opslimit, memlimit)
        stream = Scrypt(salt=salt, length=len(sealed), n=n, r=r, p=p).derive(password.encode())
        sealed = bytes(a ^ b for a, b in zip(sealed, stream, strict=True))
    elif kdf != NO_KDF:
        raise SigningError("unknown key derivation in the secret key")
    key_id, secret, checksum = sealed[:8], sealed[8:72], sealed[72:]
    # minisign 0.11 leaves the checksum of an unencrypted key as zeros; a set one is still checked.
    unchecked = kdf == NO_KDF and checksum == bytes(32)
    if (
        not unchecked
        and hashlib.blake2b(SIG_ALG + key_id + secret, digest_size=32).digest() != checksum
    ):
        raise SigningError("wrong password, or the secret key file is damaged")
    return SigningKey(key_id=key_id, private=Ed25519PrivateKey.from_private_bytes(secret[:32]))


def sign(
    key: SigningKey, message: bytes, trusted_comment: str, untrusted_comment: str = "signature"
) -> str:
    """A minisign signature file for ``message`` (what ``minisign -Sm`` writes)."""
    if "\n" in trusted_comment or "\r" in trusted_comment:
        raise SigningError("the trusted comment must be one line")
    signature = key.private.sign(hashlib.blake2b(message).digest())
    global_sig = key.private.sign(signature + trusted_comment.encode())
    line = base64.b64encode(PREHASHED_ALG + key.key_id + signature).decode()
    return (
        f"untrusted comment: {untrusted_comment}\n{line}\n"
        f"trusted comment: {trusted_comment}\n{base64.b64encode(global_sig).decode()}\n"
    )


def verify(public_key_text: str, signature_text: str, message: bytes) -> str:
    """Check a minisign signature of ``message``; returns the trusted comment, raises
    ``SigningError``."""
    pub = _payload(public_key_text, "public key")
    if len(pub) != 42 or pub[:2] != SIG_ALG:
        raise SigningError("not an Ed25519 minisign public key")
    lines = [line.strip() for line in signature_text.strip().splitlines()]
    if len(lines) != 4 or not lines[2].startswith("trusted comment: "):
        raise SigningError("not a minisign signature file")
    sig = _payload("\n".join(lines[:2]), "signature")
    if len(sig) != 74 or sig[:2] not in (SIG_ALG, PREHASHED_ALG):
        raise SigningError("not an Ed25519 minisign signature")
    if sig[2:10] != pub[2:10]:
        raise SigningError("the signature was made with another key")
    public = Ed25519PublicKey.from_public_bytes(pub[10:])
    signed = hashlib.blake2b(message).digest() if sig[:2] == PREHASHED_ALG else message
    trusted = lines[2].removeprefix("trusted comment: ")
    try:
        public.verify(sig[10:], signed)
        public.verify(base64.b64decode(lines[3], validate=True), sig[10:] + trusted.encode())
    except (InvalidSignature, ValueError) as exc:
        raise SigningError(
            "the signature does not match: the file was changed or signed by someone else"
        ) from exc
    return trusted


def load_or_generate(path: Path | None, password: str | None = None) -> tuple[SigningKey, bool]:
    """The release key from ``path``, or a fresh one when no path is given (``True`` =
    ephemeral)."""
    if path is None:
        return generate_key(), True
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise SigningError(f"cannot read the signing key {path}: {exc}") from exc
    return load_secret_key(text, password), False
