"""Driver for the kill harness (``test_crash_kill.py``): does the app's work until it is SIGKILLed.

It runs as a small fork server so that 200+ kills do not cost 200 Python start-ups: the server
imports the application once, then for every ``run <workspace> <outdir> <seed> <log> <edit|all>`` line on
stdin it forks a child, prints ``pid <pid>``, waits for it and prints ``exit <pid> <status>``. The
test kills the child at a random moment. No SQLite connection is ever open in the server, so each
child starts clean, exactly like an application start.

The child opens the workspace the way the application does (``open_or_recover``), then loops over
the operations with its stdout sent to ``<log>``: before each one it prints ``B <n> <op> <args>``
and, only after the call returned (the commit is done, the file is renamed into place), ``C <n>
<op> <args>``, flushed. Operations: insert, update, delete and restore findings; an import (a
group of records that must land all together); a document-style export and a "Back up to…" to a
stick folder through ``safe_write``; an automatic backup with rotation.
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
from pathlib import Path

from untoc_desktop.core import backup
from untoc_desktop.core.recovery import open_or_recover
from untoc_desktop.core.safe_write import write_atomic
from untoc_desktop.core.workspace import Workspace, new_id

HARNESS_TITLE = "Crash harness"
IMPORT_SIZE = 12
OPS = ("insert", "update", "delete", "restore", "import", "export", "backup_to", "auto_backup")
#: "edit" runs do only the quick database operations, so kills land inside commits often; "all" runs
#: add the slow file operations, which would otherwise take most of the kills.
WEIGHTS = {"edit": (30, 30, 8, 4, 10, 0, 0, 0), "all": (30, 30, 8, 4, 10, 8, 5, 5)}


def _say(*parts: object) -> None:
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


def export_payload(rng: random.Random) -> bytes:
    """A 'document': random bytes with their SHA-256 at the end, so a cut file is detectable."""
    body = rng.randbytes(rng.randint(20_000, 1_500_000))
    return body + hashlib.sha256(body).digest()


def _harness_dossier(ws: Workspace) -> str:
    for dossier in ws.dossiers():
        if dossier["title"] == HARNESS_TITLE:
            return dossier["id"]
    return ws.create_dossier(title=HARNESS_TITLE)


def child(workspace: Path, outdir: Path, seed: int, mode: str) -> None:
    rng = random.Random(seed)
    ws, report = open_or_recover(workspace, backup_at_start=False)
    assert ws is not None, report.message
    backup.set_keep_count(ws, 3)
    dossier = _harness_dossier(ws)
    _say("R", dossier)
    findings = ws.rows("findings", "dossier_id = ? AND text LIKE 't-%'", (dossier,), include_deleted=True)
    live = [f["id"] for f in findings if not f["deleted_at"]]
    dead = [f["id"] for f in findings if f["deleted_at"]]
    for n in range(100_000):
        op = rng.choices(OPS, WEIGHTS[mode])[0]
        if op == "insert" or (op in ("update", "delete") and not live) or (op == "restore" and not dead):
            fid, text = new_id(), f"t-{seed}-{n}"
            _say("B", n, "insert", fid, text)
            ws.insert("findings", id=fid, dossier_id=dossier, kind="gap", text=text)
            live.append(fid)
            _say("C", n, "insert", fid, text)
        elif op == "update":
            fid, text = rng.choice(live), f"t-{seed}-{n}"
            _say("B", n, "update", fid, text)
            ws.update("findings", fid, text=text)
            _say("C", n, "update", fid, text)
        elif op == "delete":
            fid = live.pop(rng.randrange(len(live)))
            _say("B", n, "delete", fid)
            ws.delete("findings", fid)
            dead.append(fid)
            _say("C", n, "delete", fid)
        elif op == "restore":
            fid = dead.pop(rng.randrange(len(dead)))
            _say("B", n, "restore", fid)
            ws.restore("findings", fid)
            live.append(fid)
            _say("C", n, "restore", fid)
        elif op == "import":
            batch = f"imp-{seed}-{n}"
            _say("B", n, "import", batch)
            with ws.transaction():
                for i in range(IMPORT_SIZE):
                    ws.insert("findings", dossier_id=dossier, kind="observation", text=f"{batch}#{i}")
                ws.insert("evidence", dossier_id=dossier, source=batch)
            _say("C", n, "import", batch)
        elif op == "export":
            dest = outdir / "exports" / f"doc-{seed}-{n}.bin"
            _say("B", n, "export", dest.name)
            write_atomic(dest, export_payload(rng))
            _say("C", n, "export", dest.name)
        elif op == "backup_to":
            dest = outdir / "stick" / f"copy-{seed}-{n}.untocdb"
            _say("B", n, "backup_to", dest.name)
            backup.backup_to(ws, dest)
            _say("C", n, "backup_to", dest.name)
        else:
            _say("B", n, "auto_backup", "-")
            made = backup.create_backup(ws)
            _say("C", n, "auto_backup", made.name)


def serve() -> None:
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "quit":
            return
        _cmd, workspace, outdir, seed, log, mode = parts
        pid = os.fork()
        if pid == 0:  # the child: its stdout is the run's log
            code = 0
            try:
                fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.dup2(fd, 1)
                sys.stdout = os.fdopen(1, "w", buffering=1)
                child(Path(workspace), Path(outdir), int(seed), mode)
            except BaseException as exc:  # noqa: BLE001 - reported to the test through the log
                sys.stdout.write(f"E {type(exc).__name__}: {exc}\n")
                sys.stdout.flush()
                code = 3
            os._exit(code)
        print("pid", pid, flush=True)
        _pid, status = os.waitpid(pid, 0)
        print("exit", pid, status, flush=True)


if __name__ == "__main__":
    serve()
