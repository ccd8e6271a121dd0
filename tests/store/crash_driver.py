"""Driver for the kill harness (``test_crash_kill.py``): does the app's work until it is SIGKILLed.

It runs as a small fork server so that 200+ kills do not cost 200 Python start-ups: the server
imports the application once, then for every ``run <workspace> <outdir> <seed> <log> <edit|all>``
line on stdin it forks a child, prints ``pid <pid>``, waits for it and prints
``exit <pid> <status>``. The test kills the child at a random moment. No SQLite connection is ever
open in the server, so each child starts clean, exactly like an application start.

The child opens the workspace the way the application does (``open_or_recover``), then loops over
the operations with its stdout sent to ``<log>``: before each one it prints ``B <n> <op> <args>``
and, only after the call returned (the commit is done, the file is renamed into place), ``C <n>
<op> <args>``, flushed. Operations: insert, update, delete and restore findings; a grouped import
(records that must land all together) and a real bundle import (``bundles.importer.apply`` of
bundles from ``<outdir>/incoming``); a payload export through ``safe_write``, a real bundle export
and a real PDF letter or pledge (``documents.render``); "Back up to…" a stick folder; an automatic
backup with rotation. The bundle and document operations run only when those packages import.
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
from pathlib import Path

from untoc_desktop.core.safe_write import write_atomic
from untoc_desktop.store import backup
from untoc_desktop.store.recovery import open_or_recover
from untoc_desktop.store.workspace import Workspace, new_id

HARNESS_TITLE = "Crash harness"
IMPORT_SIZE = 12
OPS = (
    "insert",
    "update",
    "delete",
    "restore",
    "import",
    "export",
    "backup_to",
    "auto_backup",
    "bundle_import",
    "bundle_export",
    "render",
)
#: "edit" runs do only the quick database operations, so kills land inside commits often; "all" runs
#: add the slow file operations, which would otherwise take most of the kills.
WEIGHTS = {
    "edit": (30, 30, 8, 4, 10, 0, 0, 0, 6, 0, 0),
    "all": (30, 30, 8, 4, 10, 6, 4, 4, 6, 4, 4),
}

try:  # the real bundle and document code, when it is in the tree
    from untoc_desktop.bundles.export import export_bundle
    from untoc_desktop.bundles.importer import apply, read_bundle
except ImportError:  # pragma: no cover - before the bundles land
    export_bundle = read_bundle = apply = None  # type: ignore[assignment]
try:
    from untoc_desktop.documents import render
except ImportError:  # pragma: no cover
    render = None  # type: ignore[assignment]


def available_ops(bundle_dir: Path) -> set[str]:
    ops = set(OPS) - {"bundle_import", "bundle_export", "render"}
    if apply is not None and any(bundle_dir.glob("*.untoc")):
        ops.add("bundle_import")
    if export_bundle is not None:
        ops.add("bundle_export")
    if render is not None:
        ops.add("render")
    return ops


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
    return ws.create_dossier(title=HARNESS_TITLE, country="KE")


def child(workspace: Path, outdir: Path, seed: int, mode: str) -> None:
    rng = random.Random(seed)
    ws, report = open_or_recover(workspace, backup_at_start=False)
    assert ws is not None, report.message
    backup.set_keep_count(ws, 3)
    dossier = _harness_dossier(ws)
    _say("R", dossier)
    findings = ws.rows(
        "findings", "dossier_id = ? AND text LIKE 't-%'", (dossier,), include_deleted=True
    )
    live = [f["id"] for f in findings if not f["deleted_at"]]
    dead = [f["id"] for f in findings if f["deleted_at"]]
    bundles = sorted((outdir / "incoming").glob("*.untoc"))
    allowed = available_ops(outdir / "incoming")
    weights = [w if op in allowed else 0 for op, w in zip(OPS, WEIGHTS[mode], strict=True)]
    for n in range(100_000):
        op = rng.choices(OPS, weights)[0]
        if (
            op == "insert"
            or (op in ("update", "delete") and not live)
            or (op == "restore" and not dead)
        ):
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
                    ws.insert(
                        "findings", dossier_id=dossier, kind="observation", text=f"{batch}#{i}"
                    )
                ws.insert("evidence", dossier_id=dossier, source=batch)
            _say("C", n, "import", batch)
        elif op == "bundle_import":
            path = rng.choice(bundles)
            _say("B", n, "bundle_import", path.stem)
            apply(ws, read_bundle(path, own_office_id=ws.office_id))
            _say("C", n, "bundle_import", path.stem)
        else:
            _file_op(ws, op, n, seed, rng, dossier, outdir)


def _file_op(
    ws: Workspace, op: str, n: int, seed: int, rng: random.Random, dossier: str, outdir: Path
) -> None:
    """Operations that write a file to a destination: it must be complete there or absent."""
    if op == "auto_backup":
        _say("B", n, "auto_backup", "-")
        made = backup.create_backup(ws)
        _say("C", n, "auto_backup", made.name)
        return
    folder, name = {
        "export": ("exports", f"doc-{seed}-{n}.bin"),
        "backup_to": ("stick", f"copy-{seed}-{n}.untocdb"),
        "bundle_export": ("bundles", f"b-{seed}-{n}.untoc"),
        "render": ("docs", f"d-{seed}-{n}.pdf"),
    }[op]
    dest = outdir / folder / name
    _say("B", n, op, name)
    if op == "export":
        write_atomic(dest, export_payload(rng))
    elif op == "backup_to":
        backup.backup_to(ws, dest)
    elif op == "bundle_export":
        export_bundle(ws, dest, [dossier])
    else:
        render(ws, dossier, rng.choice(("letter", "pledge")), "pdf", "en", dest)
    _say("C", n, op, name)


def warm_up(folder: Path) -> None:
    """Load fonts and templates once in the server, so every forked child renders at full speed."""
    if render is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    with Workspace.open(folder / "warm.untocdb") as ws:
        dossier = ws.create_dossier(title="Warm-up", country="KE")
        for document in ("letter", "pledge"):
            render(ws, dossier, document, "pdf", "en", folder / f"{document}.pdf")


def serve(warm_folder: Path) -> None:
    warm_up(warm_folder)
    print("ready", flush=True)
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
    serve(Path(sys.argv[1]))
