"""Bundles that must be refused: a clear message, exit 1, the workspace byte-for-byte unchanged, no
files."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import struct
import zipfile
from pathlib import Path

import pyrage
import pytest

from tests.bundles.conftest import file_digest, folder_listing, inner_zip
from untoc_desktop.bundles import format as fmt
from untoc_desktop.bundles.container import _outer_members, seal
from untoc_desktop.bundles.export import export_bundle
from untoc_desktop.bundles.keys import SigningKey, office_key
from untoc_desktop.cli import main
from untoc_desktop.store.workspace import Workspace

SHA = "a" * 64


@pytest.fixture
def setup(make_office, tmp_path):
    """Office A (a dossier, an attachment, its key) whose bundles office B has already imported
    once."""
    a, b = make_office("A"), make_office("B")
    with Workspace.open(a) as ws:
        dossier = ws.create_dossier(title="Genuine", country="KE")
        sha = ws.add_attachment(b"photo bytes")
        ws.insert("evidence", dossier_id=dossier, attachment_sha256=sha, attachment_name="p.jpg")
        key, office_id = office_key(ws), ws.office_id
        plain = export_bundle(ws, tmp_path / "plain").path
    assert main(["bundle", "import", "--workspace", str(b), str(plain)]) == 0
    (tmp_path / "right.txt").write_text("right one\n")
    (tmp_path / "wrong.txt").write_text("wrong one\n")
    return {
        "a": a,
        "b": b,
        "key": key,
        "office_id": office_id,
        "dossier": dossier,
        "plain": plain,
        "tmp": tmp_path,
    }


def _secret(setup) -> bytes:
    """An encrypted bundle (made only where needed: scrypt takes seconds on purpose)."""
    return _signed(setup, _inner(setup, []), passphrase="right one")


def _signed(setup, inner: bytes, *, passphrase: str | None = None, **header: object) -> bytes:
    head = {
        "format": 1,
        "office_id": setup["office_id"],
        "office_name": "A",
        "created_at": "2030-01-01T00:00:00.000000Z",
    }
    head.update(header)
    return seal(inner, setup["key"], head, passphrase)


def _inner(setup, members: list[tuple[str, bytes]], **overrides: object) -> bytes:
    return inner_zip(members, office_id=setup["office_id"], **overrides)


def _refused(setup, data: bytes, expected: str, capsys, *extra: str) -> None:
    bundle = setup["tmp"] / "incoming.untoc"
    bundle.write_bytes(data)
    b: Path = setup["b"]
    before, listing = file_digest(b), folder_listing(setup["tmp"])
    assert main(["bundle", "import", "--workspace", str(b), str(bundle), *extra]) == 1
    err = capsys.readouterr().err.strip()
    assert expected in err and "\n" not in err, err
    assert file_digest(b) == before
    assert folder_listing(setup["tmp"]) == listing


def _finding(dossier: str, office: str = "o-1", **fields: object) -> bytes:
    """A finding row; ``office`` should be the signer's for the row to pass the authorship check
    and reach the check a test is about."""
    row = {
        "id": "f-1",
        "created_at": "2026-01-01T00:00:00.000000Z",
        "updated_at": "2026-01-01T00:00:00.000000Z",
        "office_id": office,
        "deleted_at": None,
        "dossier_id": dossier,
        "kind": "gap",
        "text": "x",
        "sensitive": 0,
        "position": 1,
    }
    row.update(fields)
    return (json.dumps(row) + "\n").encode()


def test_truncated(setup, capsys):
    data = setup["plain"].read_bytes()
    _refused(setup, data[: len(data) // 2], "damaged or not a bundle", capsys)


@pytest.mark.parametrize("where", [0.0, 0.3, 0.5, 0.7, 0.999])
@pytest.mark.parametrize("member", [fmt.PAYLOAD, fmt.SIGNATURE, fmt.PUBLIC_KEY])
def test_bit_flipped(setup, capsys, where, member):
    """Any flipped bit in what the signature covers, or in the signature and key, is caught.

    (Bits of the outer ZIP's own bookkeeping that change nothing it holds are covered by the fuzz
    test.)
    """
    data = bytearray(setup["plain"].read_bytes())
    content = _outer_members(bytes(data))[member]
    start = data.find(content)
    data[start + int((len(content) - 1) * where)] ^= 0x10
    _refused(setup, bytes(data), "", capsys)


def test_payload_altered_under_a_valid_signature(setup, capsys):
    outer = _outer_members(setup["plain"].read_bytes())
    payload = bytearray(outer["payload"])
    payload[len(payload) // 2] ^= 1
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in (fmt.PUBLIC_KEY, fmt.SIGNATURE):
            zf.writestr(name, outer[name])
        zf.writestr(fmt.PAYLOAD, bytes(payload))
    _refused(setup, buf.getvalue(), "signature does not match", capsys)


def test_resigned_by_another_key_claiming_the_same_office(setup, capsys):
    payload = _outer_members(setup["plain"].read_bytes())["payload"]
    forged = seal(
        payload,
        SigningKey.generate(),
        {
            "format": 1,
            "office_id": setup["office_id"],
            "office_name": "A",
            "created_at": "2031-01-01",
        },
        None,
    )
    _refused(setup, forged, "different key", capsys)


def test_wrong_passphrase(setup, capsys):
    _refused(
        setup,
        _secret(setup),
        "passphrase is wrong",
        capsys,
        "--passphrase-file",
        str(setup["tmp"] / "wrong.txt"),
    )


def test_missing_passphrase(setup, capsys):
    _refused(setup, _secret(setup), "--passphrase-file", capsys)


def test_unknown_format_version(setup, capsys):
    data = _signed(setup, _inner(setup, []), format=3)
    _refused(setup, data, "format version 3", capsys)


def test_excessive_scrypt_work_factor(setup, capsys):
    encrypted = pyrage.passphrase.encrypt(_inner(setup, []), "right one")
    head, rest = encrypted.split(b"\n", 2)[:2], encrypted.split(b"\n", 2)[2]
    stanza = head[1].rsplit(b" ", 1)[0] + b" 30"
    data = _signed(setup, b"\n".join([head[0], stanza, rest]))
    _refused(
        setup,
        data,
        "unreasonable amount of work",
        capsys,
        "--passphrase-file",
        str(setup["tmp"] / "right.txt"),
    )


@pytest.mark.parametrize(
    "name",
    [
        "../evil.jsonl",
        "/etc/passwd",
        "records/../../x",
        "attachments/" + "A" * 64,
        "records/users.jsonl",
        "C:/Windows/evil.txt",
        "records\\..\\x",
    ],
)
def test_member_names_outside_the_allow_list(setup, capsys, name):
    _refused(setup, _signed(setup, _inner(setup, [(name, b"{}")])), "unexpected member", capsys)


def test_symlink_member(setup, capsys):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo(fmt.ATTACHMENTS_PREFIX + SHA)
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
        zf.writestr(fmt.MANIFEST, "{}")
    _refused(setup, _signed(setup, buf.getvalue()), "is not a regular file", capsys)


def test_real_zip_bomb(setup, capsys):
    bomb = b"\0" * (50 * 2**20)
    inner = _inner(setup, [("attachments/" + hashlib.sha256(bomb).hexdigest(), bomb)])
    assert len(inner) < 2**20
    _refused(setup, _signed(setup, inner), "zip bomb", capsys)


def test_declared_size_far_beyond_the_limits(setup, capsys):
    inner = bytearray(_inner(setup, [("records/findings.jsonl", _finding(setup["dossier"]))]))
    # Patch the central directory's uncompressed size of the first member to 3 GB.
    at = inner.find(b"PK\x01\x02")
    inner[at + 24 : at + 28] = struct.pack("<I", 3 * 2**30)
    _refused(setup, _signed(setup, bytes(inner)), "larger than allowed", capsys)


def test_duplicate_members(setup, capsys):
    buf = io.BytesIO()
    with pytest.warns(UserWarning), zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("records/findings.jsonl", _finding(setup["dossier"]))
        zf.writestr("records/findings.jsonl", _finding(setup["dossier"], text="other"))
        zf.writestr(fmt.MANIFEST, "{}")
    _refused(setup, _signed(setup, buf.getvalue()), "appears twice", capsys)


def test_odd_compression_method(setup, capsys):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_BZIP2) as zf:
        zf.writestr("records/findings.jsonl", _finding(setup["dossier"]))
    _refused(setup, _signed(setup, buf.getvalue()), "unsupported compression", capsys)


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        (b"{not json\n", "not valid JSON"),
        (b"[1, 2]\n", "unexpected fields"),
        (b'{"id": "x"}\n', "lacks a valid id"),
        (b"\xff\xfe\n", "not UTF-8"),
    ],
)
def test_malformed_records(setup, capsys, records, expected):
    inner = _inner(setup, [("records/findings.jsonl", records)], counts={"findings": 1})
    _refused(setup, _signed(setup, inner), expected, capsys)


def test_record_breaking_a_database_rule_rolls_everything_back(setup, capsys):
    good = _finding(setup["dossier"], setup["office_id"], id="f-good")
    bad = _finding(setup["dossier"], setup["office_id"], id="f-bad", kind="not-a-kind")
    inner = _inner(setup, [("records/findings.jsonl", good + bad)])
    _refused(setup, _signed(setup, inner), "malformed", capsys)


def test_record_with_unknown_column(setup, capsys):
    inner = _inner(
        setup,
        [
            (
                "records/findings.jsonl",
                _finding(setup["dossier"], setup["office_id"], secret_column="x"),
            )
        ],
    )
    _refused(setup, _signed(setup, inner), "fields this version does not know", capsys)


def test_record_whose_dossier_is_missing(setup, capsys):
    inner = _inner(
        setup, [("records/findings.jsonl", _finding("no-such-dossier", setup["office_id"]))]
    )
    _refused(setup, _signed(setup, inner), "missing", capsys)


def test_record_pointing_to_a_missing_attachment(setup, capsys):
    row = {
        "id": "e-1",
        "created_at": "2026-01-01T00:00:00.000000Z",
        "updated_at": "2026-01-01T00:00:00.000000Z",
        "office_id": "o",
        "deleted_at": None,
        "dossier_id": setup["dossier"],
        "attachment_sha256": SHA,
    }
    inner = _inner(setup, [("records/evidence.jsonl", (json.dumps(row) + "\n").encode())])
    _refused(setup, _signed(setup, inner), "attachment the bundle does not hold", capsys)


def test_member_not_matching_the_manifest_checksum(setup, capsys):
    inner = _inner(
        setup,
        [("records/findings.jsonl", _finding(setup["dossier"]))],
        manifest={"members": {"records/findings.jsonl": "0" * 64}},
    )
    _refused(setup, _signed(setup, inner), "does not match its checksum", capsys)


def test_manifest_naming_another_office(setup, capsys):
    inner = inner_zip([], office_id="someone-else")
    _refused(setup, _signed(setup, inner), "names another office", capsys)


def test_not_a_bundle_at_all(setup, capsys):
    _refused(
        setup, b"These are meeting notes, not a bundle.\n" * 50, "damaged or not a bundle", capsys
    )


def test_outer_container_with_extra_member(setup, capsys):
    outer = _outer_members(setup["plain"].read_bytes())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in outer.items():
            zf.writestr(name, data)
        zf.writestr("../../evil.sh", b"rm -rf /")
    _refused(setup, buf.getvalue(), "unexpected contents", capsys)


def test_messages_are_translated(setup, capsys):
    data = setup["plain"].read_bytes()
    bundle = setup["tmp"] / "t.untoc"
    bundle.write_bytes(data[:100])
    assert (
        main(["--lang", "fr", "bundle", "import", "--workspace", str(setup["b"]), str(bundle)]) == 1
    )
    err = capsys.readouterr().err
    from untoc_desktop.i18n import DocumentLanguage

    assert DocumentLanguage("fr").gettext("The bundle is damaged or not a bundle.") in err


def test_a_file_no_record_refers_to_is_refused(setup, capsys):
    """A 1 MB blob referenced by nothing would be stored, never shown and never removed."""
    blob = b"\x00" * (1024 * 1024)
    sha = hashlib.sha256(blob).hexdigest()
    inner = _inner(setup, [(f"attachments/{sha}", blob)])
    _refused(setup, _signed(setup, inner), "a file that no record refers to", capsys)


def test_an_older_bundle_brings_its_senders_versions_but_not_unsigned_relays(setup, capsys):
    """Format 1 (before versions were signed): what the signer wrote is proven by the bundle's
    signature and imported; a version it names as another office's (here the importer's own) is
    refused, so an old bundle cannot be used to write in anyone's name."""
    with Workspace.open(setup["b"]) as ws:
        b_office = ws.office_id
    mine = _finding(setup["dossier"], setup["office_id"], id="f-from-a")
    relayed = _finding(setup["dossier"], b_office, id="f-in-bs-name")
    inner = _inner(setup, [("records/findings.jsonl", mine + relayed)], format_version=1)
    bundle = setup["tmp"] / "old.untoc"
    bundle.write_bytes(_signed(setup, inner))
    assert main(["bundle", "import", "--workspace", str(setup["b"]), str(bundle)]) == 0
    out = capsys.readouterr().out
    assert "this office never wrote it" in out and "f-in-bs-name" in out
    with Workspace.open(setup["b"]) as ws:
        assert ws.get("findings", "f-from-a") is not None
        assert ws.get("findings", "f-in-bs-name") is None


def test_an_image_declaring_too_many_pixels_is_refused(setup, capsys):
    """A decompression bomb as evidence: a few kilobytes that would decode to gigabytes."""
    from tests.core.test_images import bomb_png

    blob = bomb_png(12_000, 12_000)
    sha = hashlib.sha256(blob).hexdigest()
    row = {
        "id": "e-bomb",
        "created_at": "2026-01-01T00:00:00.000000Z",
        "updated_at": "2026-01-01T00:00:00.000000Z",
        "office_id": setup["office_id"],
        "deleted_at": None,
        "dossier_id": setup["dossier"],
        "attachment_sha256": sha,
    }
    members = [
        ("records/evidence.jsonl", (json.dumps(row) + "\n").encode()),
        (f"attachments/{sha}", blob),
    ]
    _refused(setup, _signed(setup, _inner(setup, members)), "12000 × 12000 pixels", capsys)
