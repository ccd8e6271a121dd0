"""Where a bundle export or import spends its time, stage by stage (issue 26): wall-clock seconds of
the functions that make each up, for the profile behind the figures of ``run.py``.

    .venv/bin/python benchmarks/profile_stages.py [--quick] [--runs N] [--passphrase TEXT]

Works on a copy of the benchmark workspace (``generate.py``'s cache). Each line is one export, then
one import of the bundle it wrote into a fresh workspace; a stage's seconds include the stages it
calls (``write_inner`` holds ``_add_attachment``). Threads are not split out: BLAKE2b and SHA-256
run on a second thread, so a stage that waits for them shows the wait. No figure here is a target;
``run.py`` is the benchmark.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import FULL, QUICK, cached  # noqa: E402

EXPORT_STAGES = (
    "collect",
    "write_inner",
    "_versions",
    "_signatures",
    "_add_attachment",
    "write_container",
    "verify_written",
)
READ_STAGES = ("open_container", "_parsed", "_attachment_hashes", "_check_image", "_check_authors")
APPLY_STAGES = ("_plan", "_write", "_remember_received")
SYNC_STAGES = ("put_attachment_stream", "remember_signatures", "remember_versions")


def _timed(module: Any, name: str, seconds: dict[str, float]) -> None:
    original = getattr(module, name)

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started

    setattr(module, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--passphrase", default=None)
    args = parser.parse_args()

    from untoc_desktop.bundles import export, importer
    from untoc_desktop.store import sync
    from untoc_desktop.store.workspace import Workspace

    seconds: dict[str, float] = {}
    for name in EXPORT_STAGES:
        _timed(export, name, seconds)
    for name in READ_STAGES + APPLY_STAGES:
        _timed(importer, name, seconds)
    for name in SYNC_STAGES:
        _timed(sync, name, seconds)
    original_fsync = os.fsync

    def fsync(fd: int) -> None:
        started = time.perf_counter()
        original_fsync(fd)
        seconds["fsync"] = seconds.get("fsync", 0.0) + time.perf_counter() - started

    os.fsync = fsync

    generated = cached(QUICK if args.quick else FULL)
    with tempfile.TemporaryDirectory(prefix="untoc-stages-") as name:
        tmp = Path(name)
        workspace = tmp / "workspace.untocdb"
        shutil.copyfile(generated.workspace, workspace)
        with Workspace.open(workspace) as ws:
            export.export_bundle(ws, tmp / "warm-up", include_sensitive=True)  # the office key
            for run in range(args.runs):
                seconds.clear()
                bundle = tmp / "out.untoc"
                started = time.perf_counter()
                export.export_bundle(ws, bundle, passphrase=args.passphrase, include_sensitive=True)
                total = time.perf_counter() - started
                print(f"export {total:.3f} s: " + _line(seconds))
                seconds.clear()
                target = tmp / f"import-{run}.untocdb"
                Workspace.open(target, lock=False).close()
                with Workspace.open(target) as fresh:
                    started = time.perf_counter()
                    validated = importer.read_bundle(
                        bundle, args.passphrase, importer.known_keys(fresh)
                    )
                    read = time.perf_counter() - started
                    importer.preview(fresh, validated)
                    previewed = time.perf_counter() - started
                    importer.apply(fresh, validated)
                    validated.close()
                    total = time.perf_counter() - started
                print(
                    f"import {total:.3f} s (read {read:.3f}, preview {previewed - read:.3f}, "
                    f"apply {total - previewed:.3f}): " + _line(seconds)
                )


def _line(seconds: dict[str, float]) -> str:
    return " ".join(f"{name}={value:.3f}" for name, value in seconds.items())


if __name__ == "__main__":
    main()
