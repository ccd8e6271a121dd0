"""One ``untoc-desktop`` command in a process of its own, for its peak memory (``run.py``).

    python benchmarks/command_probe.py ARGS...

Runs the command line with ``ARGS`` as ``untoc-desktop ARGS`` would, then prints one JSON line
with the process's peak resident memory (``VmHWM``: interpreter, modules and every thread,
scrypt's included). ``VmHWM`` belongs to the process's own address space, so unlike the
``ru_maxrss`` a parent reads with ``wait4`` it does not carry over the parent's peak from before
``exec``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> int:
    from untoc_desktop.cli import main as cli_main

    code = cli_main(sys.argv[1:])
    rss = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            rss = int(line.split()[1]) / 1024
    print(json.dumps({"rss_mb": rss, "exit": code}))
    return 0 if code in (0, None) else int(code)


if __name__ == "__main__":
    sys.exit(main())
