"""Time the start-up check, a backup, its preview and a restore on a large workspace.

Run: ``.venv/bin/python benchmarks/bench_backup.py [attachment MB]``. The workspace holds 20
dossiers of 250 findings and 50 pieces of evidence each, plus random attachments (default 100 MB in
5 MB files, like photos and scans: they do not compress).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from untoc_desktop.store import backup
from untoc_desktop.store.recovery import damage_of, open_or_recover
from untoc_desktop.store.workspace import Workspace


def timed(label: str, fn):  # noqa: ANN001, ANN201 - tiny helper
    start = time.perf_counter()
    result = fn()
    print(f"{label:<46} {time.perf_counter() - start:6.2f} s")
    return result


def fill(ws: Workspace, attachment_mb: int) -> None:
    with ws.transaction():
        for d in range(20):
            dossier = ws.create_dossier(title=f"Dossier {d}", country="KE")
            for i in range(250):
                ws.add_finding(dossier, "gap", f"Finding {i} of dossier {d}: " + "text " * 40)
            for i in range(50):
                ws.insert(
                    "evidence", dossier_id=dossier, source=f"Source {i}", description="desc " * 30
                )
        for _ in range(attachment_mb // 5):
            ws.add_attachment(os.urandom(5 * 1024 * 1024))


def main() -> None:
    attachment_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "workspace.untocdb"
        with Workspace.open(path) as ws:
            timed(f"fill ({attachment_mb} MB of attachments)", lambda: fill(ws, attachment_mb))
        print(f"workspace size {path.stat().st_size / 2**20:.1f} MB")
        timed("integrity check (damage_of)", lambda: damage_of(path))
        ws, report = timed("open_or_recover with start-up backup", lambda: open_or_recover(path))
        assert ws is not None and report.backup_taken is not None
        made = timed(
            "create_backup (VACUUM INTO + check + rename)", lambda: backup.create_backup(ws)
        )
        ws.close()
        summary = timed("describe_backup (preview)", lambda: backup.describe_backup(made))
        print(
            f"  {len(summary.dossiers)} dossiers, {summary.findings} findings, "
            f"{summary.attachments} attachments"
        )
        timed("restore_from", lambda: backup.restore_from(made, path))


if __name__ == "__main__":
    main()
