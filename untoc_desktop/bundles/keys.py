"""The office's Ed25519 signing key and minisign-compatible public keys and signatures.

Signatures use minisign's file format so that anyone can check a bundle with the ``minisign`` tool,
without this application. The cryptography itself is the ``cryptography`` library's Ed25519 and
hashlib's BLAKE2b; this module only encodes and decodes minisign's text layout:

* public key: ``base64("Ed" + key id (8 bytes) + public key (32 bytes))``
* signature: ``base64("ED" + key id + Ed25519(BLAKE2b-512(file)))``, a trusted comment line, and
  ``base64(Ed25519(signature (64 bytes) + trusted comment))`` binding the comment to the signature.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import _
from untoc_desktop.store.workspace import Workspace

META_PRIVATE_KEY = "office_signing_key"
META_KEY_ID = "office_key_id"
_ALG_PUBLIC = b"Ed"
_ALG_PREHASHED = b"ED"
_UNTRUSTED = "untrusted comment: "
_TRUSTED = "trusted comment: "


class SignatureError(UserError):
    """The signature is missing, malformed or does not match: the bundle may have been altered."""


@dataclass(frozen=True)
class PublicKey:
    key_id: bytes  # 8 bytes, minisign's key number
    raw: bytes  # 32 bytes

    def to_minisign(self) -> str:
        """The contents of a minisign public-key file."""
        body = base64.b64encode(_ALG_PUBLIC + self.key_id + self.raw).decode("ascii")
        return f"{_UNTRUSTED}minisign public key {self.key_id_hex}\n{body}\n"

    @property
    def base64(self) -> str:
        return base64.b64encode(_ALG_PUBLIC + self.key_id + self.raw).decode("ascii")

    @property
    def key_id_hex(self) -> str:
        return self.key_id[::-1].hex().upper()

    @property
    def fingerprint(self) -> str:
        """What two people compare over the phone: 32 hex digits of SHA-256 of the key, in
        groups."""
        digest = hashlib.sha256(self.raw).hexdigest()[:32].upper()
        return " ".join(digest[i : i + 4] for i in range(0, 32, 4))

    @classmethod
    def from_minisign(cls, text: str) -> PublicKey:
        lines = [line for line in text.splitlines() if line.strip()]
        body = lines[-1] if lines else ""
        try:
            data = base64.b64decode(body.strip(), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise SignatureError(_("The bundle's public key is malformed.")) from exc
        if len(data) != 42 or data[:2] != _ALG_PUBLIC:
            raise SignatureError(_("The bundle's public key is malformed."))
        return cls(key_id=data[2:10], raw=data[10:])

    def verify_raw(self, message: bytes, signature: bytes) -> bool:
        """Whether ``signature`` is this key's plain Ed25519 signature of ``message``."""
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True

    def verify(self, message: bytes, signature_text: str) -> str:
        """Check a minisign signature of ``message``; returns the trusted comment it vouches for."""
        return self.verify_prehashed(hashlib.blake2b(message).digest(), signature_text)

    def verify_prehashed(self, digest: bytes, signature_text: str) -> str:
        """Like ``verify`` for a message already hashed (BLAKE2b-512), so a large file is read only
        once."""
        bad = _("The bundle's signature does not match its contents: it was altered or damaged.")
        lines = signature_text.split("\n")
        if (
            len(lines) < 4
            or not lines[0].startswith(_UNTRUSTED)
            or not lines[2].startswith(_TRUSTED)
        ):
            raise SignatureError(_("The bundle's signature is malformed."))
        try:
            sig_blob = base64.b64decode(lines[1].strip(), validate=True)
            global_sig = base64.b64decode(lines[3].strip(), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise SignatureError(_("The bundle's signature is malformed.")) from exc
        if len(sig_blob) != 74 or sig_blob[:2] != _ALG_PREHASHED or len(global_sig) != 64:
            raise SignatureError(_("The bundle's signature is malformed."))
        if sig_blob[2:10] != self.key_id:
            raise SignatureError(bad)
        signature = sig_blob[10:]
        trusted = lines[2][len(_TRUSTED) :]
        key = Ed25519PublicKey.from_public_bytes(self.raw)
        try:
            key.verify(signature, digest)
            key.verify(global_sig, signature + trusted.encode("utf-8"))
        except InvalidSignature as exc:
            raise SignatureError(bad) from exc
        return trusted


@dataclass(frozen=True)
class SigningKey:
    key_id: bytes
    private: Ed25519PrivateKey

    @property
    def public(self) -> PublicKey:
        from cryptography.hazmat.primitives import serialization

        raw = self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return PublicKey(self.key_id, raw)

    def sign(
        self, message: bytes, trusted_comment: str, untrusted_comment: str = "UNTOC Desktop bundle"
    ) -> str:
        """A minisign signature file (prehashed mode) for ``message``."""
        return self.sign_prehashed(
            hashlib.blake2b(message).digest(), trusted_comment, untrusted_comment
        )

    def sign_prehashed(
        self, digest: bytes, trusted_comment: str, untrusted_comment: str = "UNTOC Desktop bundle"
    ) -> str:
        """The same signature from the message's BLAKE2b-512 digest, computed while the message was
        written."""
        if len(digest) != 64:
            raise ValueError("minisign signs a BLAKE2b-512 digest (64 bytes)")
        if "\n" in trusted_comment or "\r" in trusted_comment:
            raise ValueError("a trusted comment is one line")
        signature = self.private.sign(digest)
        global_sig = self.private.sign(signature + trusted_comment.encode("utf-8"))
        blob = base64.b64encode(_ALG_PREHASHED + self.key_id + signature).decode("ascii")
        return (
            f"{_UNTRUSTED}{untrusted_comment}\n{blob}\n{_TRUSTED}{trusted_comment}\n"
            f"{base64.b64encode(global_sig).decode('ascii')}\n"
        )

    def sign_raw(self, message: bytes) -> bytes:
        """A plain Ed25519 signature (64 bytes): what signs each record version."""
        return self.private.sign(message)

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(os.urandom(8), Ed25519PrivateKey.generate())


def office_key(ws: Workspace) -> SigningKey:
    """The office's signing key, created and stored in the workspace the first time it is needed."""
    stored, key_id = ws.meta(META_PRIVATE_KEY), ws.meta(META_KEY_ID)
    if stored and key_id:
        return SigningKey(
            bytes.fromhex(key_id), Ed25519PrivateKey.from_private_bytes(base64.b64decode(stored))
        )
    from cryptography.hazmat.primitives import serialization

    key = SigningKey.generate()
    seed = key.private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    with ws.transaction():
        ws.set_meta(META_PRIVATE_KEY, base64.b64encode(seed).decode("ascii"))
        ws.set_meta(META_KEY_ID, key.key_id.hex())
    return key


def office_name(ws: Workspace) -> str:
    """How partner offices see this office: the organization's acronym, else its name."""
    org_id = ws.meta("organization_id")
    org = ws.get("organizations", org_id) if org_id else None
    if org:
        return (org.get("acronym") or "").strip() or (org.get("name") or "").strip()
    return (ws.meta("office_name") or "").strip()
