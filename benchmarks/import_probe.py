"""One bundle import in a process of its own, for its peak memory (``run.py``).

    python benchmarks/import_probe.py BUNDLE WORKSPACE [PASSPHRASE_FILE]

Makes the empty workspace, then reads, previews and merges the bundle as ``bundle import`` does,
and prints one JSON line: the seconds of the import and the process's peak resident memory
(``VmHWM``), which includes the interpreter and every module the import needs. Run with another
``PYTHONPATH`` it measures another version of the code (the "before" figures).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    bundle, workspace = Path(sys.argv[1]), Path(sys.argv[2])
    passphrase = Path(sys.argv[3]).read_text().rstrip("\n") if len(sys.argv) > 3 else None

    from untoc_desktop.bundles.importer import apply, known_keys, preview, read_bundle
    from untoc_desktop.store.workspace import Workspace

    Workspace.open(workspace, lock=False).close()
    started = time.perf_counter()
    with Workspace.open(workspace) as ws:
        validated = read_bundle(bundle, passphrase, known_keys(ws), own_office_id=ws.office_id)
        preview(ws, validated)
        apply(ws, validated)
    seconds = time.perf_counter() - started
    rss = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            rss = int(line.split()[1]) / 1024
    print(json.dumps({"s": seconds, "rss_mb": rss}))


if __name__ == "__main__":
    main()
