"""Release checksums are signed in minisign's format: what offices verify with ``minisign -Vm``."""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path

import pytest
from packaging_helpers import load

rs = load("release_signing")

MESSAGE = b"3f2a...  untoc-desktop-0.1.0-linux-x86_64.tar.gz\n"


def test_signature_verifies_and_returns_the_trusted_comment():
    key = rs.generate_key()
    signature = rs.sign(key, MESSAGE, "untoc-desktop 0.1.0 linux-x86_64")
    assert (
        rs.verify(key.public_key_file(), signature, MESSAGE) == "untoc-desktop 0.1.0 linux-x86_64"
    )


def test_a_changed_file_is_rejected():
    key = rs.generate_key()
    signature = rs.sign(key, MESSAGE, "release")
    with pytest.raises(rs.SigningError, match="does not match"):
        rs.verify(key.public_key_file(), signature, MESSAGE.replace(b"3f2a", b"3f2b"))


def test_a_changed_trusted_comment_is_rejected():
    key = rs.generate_key()
    signature = rs.sign(key, MESSAGE, "untoc-desktop 0.1.0")
    forged = signature.replace(
        "trusted comment: untoc-desktop 0.1.0", "trusted comment: untoc-desktop 9.9.9"
    )
    with pytest.raises(rs.SigningError):
        rs.verify(key.public_key_file(), forged, MESSAGE)


def test_a_signature_from_another_key_is_rejected():
    signer, other = rs.generate_key(), rs.generate_key()
    signature = rs.sign(signer, MESSAGE, "release")
    with pytest.raises(rs.SigningError, match="another key"):
        rs.verify(other.public_key_file(), signature, MESSAGE)


def test_same_key_id_but_different_public_key_is_rejected():
    signer = rs.generate_key()
    impostor = rs.SigningKey(key_id=signer.key_id, private=rs.generate_key().private)
    with pytest.raises(rs.SigningError, match="does not match"):
        rs.verify(impostor.public_key_file(), rs.sign(signer, MESSAGE, "release"), MESSAGE)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello\nworld\n",
        "untrusted comment: x\n!!!not base64!!!\n",
        "untrusted comment: x\n" + base64.b64encode(b"Ed" + bytes(10)).decode() + "\n",
    ],
)
def test_malformed_key_and_signature_files_are_refused(text):
    key = rs.generate_key()
    with pytest.raises(rs.SigningError):
        rs.verify(text, rs.sign(key, MESSAGE, "c"), MESSAGE)
    with pytest.raises(rs.SigningError):
        rs.verify(key.public_key_file(), text, MESSAGE)
    with pytest.raises(rs.SigningError):
        rs.load_secret_key(text)


def test_a_multi_line_trusted_comment_is_refused():
    with pytest.raises(rs.SigningError, match="one line"):
        rs.sign(rs.generate_key(), MESSAGE, "first\ntrusted comment: forged")


def test_secret_key_round_trip_and_damage_detection():
    key = rs.generate_key()
    loaded = rs.load_secret_key(key.secret_key_file())
    assert loaded.key_id == key.key_id and loaded.public_bytes == key.public_bytes
    lines = key.secret_key_file().splitlines()
    blob = bytearray(base64.b64decode(lines[1]))
    blob[70] ^= 1  # one bit of the secret key
    damaged = f"{lines[0]}\n{base64.b64encode(bytes(blob)).decode()}\n"
    with pytest.raises(rs.SigningError, match="damaged"):
        rs.load_secret_key(damaged)


def test_missing_key_file_is_a_clear_error(tmp_path):
    with pytest.raises(rs.SigningError, match="cannot read"):
        rs.load_or_generate(tmp_path / "absent.key")
    key, ephemeral = rs.load_or_generate(None)
    assert ephemeral and len(key.key_id) == 8


def test_scrypt_parameters_follow_libsodium():
    # minisign's defaults (opslimit 2^25, memlimit 2^30) give N = 2^20, r = 8, p = 1 in libsodium.
    assert rs._scrypt_params(33554432, 1073741824) == (1 << 20, 8, 1)


@pytest.mark.skipif(shutil.which("minisign") is None, reason="minisign is not installed")
def test_minisign_itself_accepts_our_signatures_and_keys(tmp_path: Path):
    key = rs.generate_key()
    (tmp_path / "SHA256SUMS").write_bytes(MESSAGE)
    (tmp_path / "SHA256SUMS.minisig").write_text(rs.sign(key, MESSAGE, "untoc-desktop test"))
    (tmp_path / "release.pub").write_text(key.public_key_file())
    (tmp_path / "release.key").write_text(key.secret_key_file())
    verify = ["minisign", "-Vm", str(tmp_path / "SHA256SUMS"), "-p", str(tmp_path / "release.pub")]
    result = subprocess.run(verify, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "untoc-desktop test" in result.stdout
    # minisign signs with our unencrypted secret key, and we verify what it wrote.
    (tmp_path / "other.txt").write_bytes(b"another file\n")
    sign = [
        "minisign",
        "-Sm",
        str(tmp_path / "other.txt"),
        "-s",
        str(tmp_path / "release.key"),
        "-t",
        "by minisign",
    ]
    assert subprocess.run(sign, capture_output=True).returncode == 0
    assert (
        rs.verify(
            key.public_key_file(), (tmp_path / "other.txt.minisig").read_text(), b"another file\n"
        )
        == "by minisign"
    )
    # And a tampered checksum file fails minisign too.
    (tmp_path / "SHA256SUMS").write_bytes(MESSAGE + b"extra\n")
    assert subprocess.run(verify, capture_output=True).returncode != 0
