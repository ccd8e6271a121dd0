"""Time bundle export and import: the demo workspace, and one with ~50 MB of attachments.

Run: ``.venv/bin/python benchmarks/bench_bundles.py``. Attachments are random bytes (like photos
and PDFs, they do not compress), ten files of 5 MB.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from untoc_desktop.bundles.export import export_bundle
from untoc_desktop.bundles.importer import apply, known_keys, read_bundle
from untoc_desktop.core.demo import build_demo
from untoc_desktop.store.workspace import Workspace


def timed(label: str, fn):  # noqa: ANN001, ANN201 - tiny helper
    start = time.perf_counter()
    result = fn()
    print(f"{label:<44} {time.perf_counter() - start:6.2f} s")
    return result


def run(folder: Path, name: str, fill) -> None:  # noqa: ANN001
    source, target = folder / f"{name}-a.untocdb", folder / f"{name}-b.untocdb"
    with Workspace.open(source) as ws:
        fill(ws)
        for passphrase in (None, "a long passphrase"):
            tag = "encrypted" if passphrase else "plain"
            out = timed(
                f"{name}: export ({tag}, incl. read-back)",
                lambda p=passphrase, t=tag: export_bundle(
                    ws, folder / f"{name}-{t}", passphrase=p, include_sensitive=True
                ),
            )
            print(f"{'':<44} {out.size / 2**20:6.2f} MB")
    for tag, passphrase in (("plain", None), ("encrypted", "a long passphrase")):
        path = folder / f"{name}-{tag}.untoc"
        with Workspace.open(target) as ws:
            bundle = timed(
                f"{name}: import validate ({tag})",
                lambda p=path, s=passphrase, w=ws: read_bundle(p, s, known_keys(w)),
            )
            timed(f"{name}: import merge ({tag})", lambda b=bundle: apply(ws, b))


def big(ws: Workspace) -> None:
    dossier = ws.create_dossier(title="Large", country="KE")
    for i in range(10):
        sha = ws.add_attachment(os.urandom(5 * 2**20))
        ws.insert("evidence", dossier_id=dossier, attachment_sha256=sha, attachment_name=f"{i}.jpg")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp), "demo", lambda ws: build_demo(ws, "KE", "en"))
        run(Path(tmp), "50MB", big)
