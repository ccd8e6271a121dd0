#!/usr/bin/env python3
"""Measure the cold start of the frozen app against the start from source: ``selftest`` in both.

    .venv/bin/python packaging/measure_startup.py dist/untoc-desktop [--runs 5]

``ui/app.py`` has no "quit after the first paint" mode, so both sides run ``selftest``: it starts
Qt offscreen, builds the main window on a demo dossier, walks the wizard and exits. That is more
than a start, equal on both sides, so the ratio is what the budget (frozen <= 1.5 x source) is
about. "Cold" here means a fresh process each run with the page cache dropped when we are root
(``/proc/sys/vm/drop_caches``); otherwise the first run is reported separately.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def timed(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd="/")
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{cmd[0]} selftest failed:\n{result.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("app_dir", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    frozen_exe = args.app_dir / (
        "untoc-desktop.exe" if sys.platform == "win32" else "untoc-desktop"
    )
    source = [sys.executable, "-m", "untoc_desktop", "selftest", "--lang", "en"]
    frozen = [str(frozen_exe), "selftest", "--lang", "en"]
    results: dict[str, list[float]] = {"source": [], "frozen": []}
    cold = drop_caches()
    for _ in range(args.runs):
        for label, cmd in (("source", source), ("frozen", frozen)):
            drop_caches()
            results[label].append(
                timed(cmd, dict(env, PYTHONPATH=str(ROOT)) if label == "source" else env)
            )
    src, frz = statistics.median(results["source"]), statistics.median(results["frozen"])
    print(f"cold caches: {'yes' if cold else 'no (not root)'}; runs: {args.runs}")
    print(
        f"source selftest median {src:.2f} s (runs "
        f"{', '.join(f'{t:.2f}' for t in results['source'])})"
    )
    print(
        f"frozen selftest median {frz:.2f} s (runs "
        f"{', '.join(f'{t:.2f}' for t in results['frozen'])})"
    )
    print(f"ratio frozen/source: {frz / src:.2f} (budget 1.5)")
    return 0 if frz / src <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
