"""Offices for bundle tests: each is a workspace file in its own folder, opened and closed as
needed."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from untoc_desktop.bundles import format as fmt
from untoc_desktop.store.workspace import Workspace


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def inner_zip(
    members: list[tuple[str, bytes]], manifest: dict | None = None, **overrides: object
) -> bytes:
    """An inner ZIP holding ``members`` and a manifest that describes them truthfully (unless
    overridden)."""
    counts: dict[str, int] = {}
    for name, data in members:
        if name.startswith(fmt.RECORDS_PREFIX):
            counts[name[len(fmt.RECORDS_PREFIX) : -len(".jsonl")]] = len(
                [x for x in data.splitlines() if x.strip()]
            )
    base = {
        "format_version": fmt.FORMAT_VERSION,
        "app_version": "test",
        "office_id": "",
        "office_name": "",
        "created_at": "2026-01-01T00:00:00.000000Z",
        "scope": {"kind": "workspace"},
        "includes_sensitive": False,
        "counts": counts,
        "attachments": {
            n[len(fmt.ATTACHMENTS_PREFIX) :]: {"size": len(d), "mime": "application/octet-stream"}
            for n, d in members
            if n.startswith(fmt.ATTACHMENTS_PREFIX)
        },
        "members": {n: hashlib.sha256(d).hexdigest() for n, d in members},
    }
    base.update(manifest or {})
    base.update(overrides)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
        zf.writestr(fmt.MANIFEST, json.dumps(base))
    return buf.getvalue()


@pytest.fixture
def make_office(tmp_path: Path) -> Callable[[str], Path]:
    """Create an office's workspace (with an organization name) and return its path, closed."""

    def make(name: str) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        path = folder / "workspace.untocdb"
        with Workspace.open(path) as ws:
            ws.save_organization(name=f"{name} network", acronym=name)
        return path

    return make


def content(path: Path) -> dict[str, list[tuple]]:
    """A canonical dump of every record table and the attachments' hashes: what offices must agree
    on."""
    with Workspace.open(path) as ws:
        out = {
            t: [tuple(r) for r in ws.conn.execute(f"SELECT * FROM {t} ORDER BY id")]
            for t in fmt.MERGE_ORDER
        }
        out["attachments"] = [
            tuple(r) for r in ws.conn.execute("SELECT sha256, size FROM attachments ORDER BY 1")
        ]
    return out


def bookkeeping(path: Path) -> dict[str, list[tuple]]:
    """The import's own tables, to show a repeated import adds nothing to them either."""
    with Workspace.open(path) as ws:
        return {
            "conflicts": [
                tuple(r)
                for r in ws.conn.execute(
                    "SELECT table_name, record_id, version_updated_at, record FROM conflicts "
                    "ORDER BY 1, 2, 3"
                )
            ],
            "sync": [
                tuple(r) for r in ws.conn.execute("SELECT * FROM sync_versions ORDER BY 1, 2, 3, 4")
            ],
            "partners": [tuple(r) for r in ws.conn.execute("SELECT * FROM partner_offices")],
        }
