"""A bundle can be verified, decrypted and unpacked with the Debian ``minisign``, ``age`` and
``unzip`` tools, following the commands in docs/bundle-format.md, without this application."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import pty
import select
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from untoc_desktop.bundles.export import export_bundle
from untoc_desktop.bundles.keys import office_key
from untoc_desktop.store.workspace import Workspace

TOOLS = ("minisign", "age", "unzip")
pytestmark = pytest.mark.skipif(
    any(shutil.which(t) is None for t in TOOLS),
    reason="needs the minisign, age and unzip command-line tools (apt install minisign age unzip)",
)
DOC = Path(__file__).resolve().parents[2] / "docs" / "bundle-format.md"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=60)


def age_decrypt(cwd: Path, passphrase: str) -> tuple[int, str]:
    """``age -d`` reads a passphrase only from a terminal: answer it through a pseudo-terminal."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.chdir(cwd)
        os.execvp("age", ["age", "-d", "-o", "inner.zip", "payload"])
    output, sent, deadline = b"", False, time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if not sent and b"passphrase" in output.lower():
            os.write(fd, passphrase.encode() + b"\n")
            sent = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace")


def test_the_documented_commands_verify_decrypt_and_unpack_a_bundle(
    ws: Workspace, tmp_path: Path
) -> None:
    doc = DOC.read_text(encoding="utf-8")
    for command in (
        "minisign -V -p office.pub -m payload",
        "age -d -o inner.zip payload",
        "unzip -d contents inner.zip",
        "unzip ../partner.untoc",
    ):
        assert command in doc, f"docs/bundle-format.md no longer shows `{command}`"
    dossier = ws.create_dossier(title="Audit me", country="KE")
    sha = ws.add_attachment(b"evidence bytes")
    ws.insert("evidence", dossier_id=dossier, attachment_sha256=sha, attachment_name="e.txt")
    export_bundle(ws, tmp_path / "partner.untoc", passphrase="tr0ub4dor & 3")
    check = tmp_path / "check"
    check.mkdir()

    assert run(["unzip", "../partner.untoc"], check).returncode == 0
    verified = run(["minisign", "-V", "-p", "office.pub", "-m", "payload"], check)
    assert verified.returncode == 0, verified.stderr
    assert "Signature and comment signature verified" in verified.stdout
    assert ws.office_id in verified.stdout  # the trusted comment names the office
    assert (check / "payload").read_bytes()[:21] == b"age-encryption.org/v1"

    code, output = age_decrypt(check, "tr0ub4dor & 3")
    assert code == 0, output
    assert run(["unzip", "-d", "contents", "inner.zip"], check).returncode == 0
    contents = check / "contents"
    manifest = json.loads((contents / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["office_id"] == ws.office_id
    for name, digest in manifest["members"].items():
        assert hashlib.sha256((contents / name).read_bytes()).hexdigest() == digest
    assert (contents / "attachments" / sha).read_bytes() == b"evidence bytes"
    titles = [
        json.loads(line)["title"]
        for line in (contents / "records" / "dossiers.jsonl").read_text().splitlines()
    ]
    assert titles == ["Audit me"]

    # The fingerprint recipe in the document gives the fingerprint the application shows.
    shell = run(
        ["sh", "-c", "tail -1 office.pub | base64 -d | tail -c 32 | sha256sum | cut -c1-32"], check
    )
    assert shell.stdout.strip().upper() == office_key(ws).public.fingerprint.replace(" ", "")


def test_minisign_and_age_reject_tampering_and_a_wrong_passphrase(
    ws: Workspace, tmp_path: Path
) -> None:
    ws.create_dossier(title="x")
    export_bundle(ws, tmp_path / "partner.untoc", passphrase="right")
    check = tmp_path / "check"
    check.mkdir()
    run(["unzip", "../partner.untoc"], check)
    code, _ = age_decrypt(check, "wrong")
    assert code != 0
    payload = bytearray((check / "payload").read_bytes())
    payload[-1] ^= 1
    (check / "payload").write_bytes(bytes(payload))
    assert run(["minisign", "-V", "-p", "office.pub", "-m", "payload"], check).returncode != 0


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")
def test_a_versions_author_signature_verifies_with_openssl(tmp_path: Path) -> None:
    """docs/bundle-format.md's recipe: the canonical bytes from Python's json, the signature
    from sync/signatures.jsonl, the author's key from office.pub, checked by OpenSSL."""
    with Workspace.open(tmp_path / "w.untocdb") as ws:
        dossier = ws.create_dossier(title="Été — ñ", country="KE")
        finding = ws.add_finding(dossier, "gap", "Victimes non orientées \u202e")
        bundle = export_bundle(ws, tmp_path / "b.untoc").path
    with zipfile.ZipFile(bundle) as outer:
        key = outer.read("office.pub").decode().splitlines()[-1]
        with zipfile.ZipFile(io.BytesIO(outer.read("payload"))) as inner:
            row = json.loads(inner.read("records/findings.jsonl").decode().splitlines()[0])
            lines = inner.read("sync/signatures.jsonl").decode().splitlines()
    assert row["id"] == finding
    [signature] = [json.loads(x)[4] for x in lines if json.loads(x)[:2] == ["findings", finding]]
    canonical = json.dumps(
        ["findings", row], sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    (tmp_path / "version.bin").write_bytes(b"UNTOC Desktop record version 1\n" + canonical.encode())
    (tmp_path / "version.sig").write_bytes(base64.b64decode(signature))
    der = bytes.fromhex("302a300506032b6570032100") + base64.b64decode(key)[-32:]
    (tmp_path / "author.der").write_bytes(der)
    args = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "author.der", "-keyform", "DER"]
    args += ["-rawin", "-in", "version.bin", "-sigfile", "version.sig"]
    result = run(args, tmp_path)
    assert "Signature Verified Successfully" in result.stdout, result.stdout + result.stderr
    (tmp_path / "version.bin").write_bytes(b"UNTOC Desktop record version 1\n" + b"[]")
    assert "Signature Verified Successfully" not in run(args, tmp_path).stdout
