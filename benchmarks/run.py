"""Is the app fast enough on an old laptop? Every figure of issues 9 and 26, each beside its peer
or floor and its target.

    .venv/bin/python benchmarks/run.py [--quick] [--runs N] [--before REV]

Each figure is measured side by side with its peer (``peers.py``: what a careful user would do by
hand with ``cp``, ``age``, ``minisign``, ``sync``) or floor (``floors.py``) in the same run,
alternating app and peer, and the medians are compared, so the ratio means the same on a fast or a
noisy machine. Import memory is the peak resident memory of an import in a process of its own
(``import_probe.py``), for the benchmark bundle and for one with twice its files; ``--before REV``
measures the same with the code of git revision ``REV`` too. Human-readable lines come first; the
last line is one JSON object with the ratios, the
absolute figures and the seconds behind each ratio, for tracking from run to run. ``--quick``
runs the same steps on a small workspace (1,000 findings, 20 MB) in well under a minute.

The workspaces come from ``generate.py`` (cached in ``benchmarks/.cache/``) and are copied to a
temporary folder first: exports and renders write to the workspace, and the cache must stay as made.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import floors, peers  # noqa: E402
from benchmarks.generate import FULL, QUICK, Scale, cached  # noqa: E402

PASSPHRASE = "correct horse battery staple for the benchmark"
SEARCH_QUERIES = (
    "trafficking",
    "victims shelters",
    "temoignage",
    "fiscalía",
    "prosecut",
    "border police cooperation",
    "armas",
    "interprete",
    "migrants smuggling",
    "laundering",
    "zzzz nothing matches",
    "c",
)
TARGETS = {
    "startup_ratio": 2.0,
    "pdf_ratio": 1.3,
    "export_vs_peer_plain": 1.25,
    "export_vs_peer_encrypted": 1.1,
    "import_vs_peer": 1.5,
    "import_vs_peer_encrypted": 1.5,
    "import_peak_rss_mb": 150.0,
    "import_peak_rss_mb_double": 150.0,
    "import_peak_rss_mb_encrypted": 300.0,  # scrypt at 2^18 takes 256 MiB by design
    "export_peak_rss_mb": 300.0,
    "export_peak_rss_mb_encrypted": 300.0,  # the same scrypt, by design
    "search_median_ms": 20.0,
    "open_dossier_ms": 500.0,
    "peak_rss_mb": 300.0,
}
#: What each figure is compared with, for the report's lines.
PEERS = {
    "startup_ratio": ("startup_s", "startup_floor_s", "bare window"),
    "pdf_ratio": ("pdf_s", "pdf_floor_s", "plain paragraphs"),
    "export_vs_peer_plain": ("export_plain_s", "export_peer_plain_s", "cp+minisign+sync+read"),
    "export_vs_peer_encrypted": (
        "export_encrypted_s",
        "export_peer_encrypted_s",
        "scrypt+age+minisign+sync+read",
    ),
    "import_vs_peer": ("import_s", "import_peer_s", "minisign -V + SQLite inserts"),
    "import_vs_peer_encrypted": (
        "import_encrypted_s",
        "import_peer_encrypted_s",
        "minisign -V, scrypt, age -d + inserts",
    ),
}


def copy_durably(source: Path, target: Path) -> None:
    """Copy and flush to disk: otherwise the app's first fsync on the workspace (at start, with
    ``synchronous=FULL``) pays for writing back the whole fresh 200 MB copy, which a user's
    workspace never needs. Measured: cold start 1.2-1.5 s right after the copy, 0.45 s once it was
    on disk."""
    shutil.copyfile(source, target)
    with target.open("rb+") as fh:
        os.fsync(fh.fileno())


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def side_by_side(
    app: Callable[[], object], floor: Callable[[], object], runs: int
) -> tuple[float, float]:
    """Median seconds of ``app`` and ``floor``, run alternately so both see the same machine
    load."""
    app_times, floor_times = [], []
    for _ in range(runs):
        app_times.append(median_time(app, 1))
        floor_times.append(median_time(floor, 1))
    return statistics.median(app_times), statistics.median(floor_times)


def child_env(config: Path) -> dict[str, str]:
    """Offscreen Qt and a throwaway settings folder, so runs never touch the user's settings.

    Bytecode is cached (outside the source tree) even where ``PYTHONDONTWRITEBYTECODE`` is set: an
    installed app ships compiled modules, and compiling ~100 of ours at every start (0.1-0.25 s
    here) is not what a user waits for. The bare-window floor's PySide6 is compiled at install too.
    """
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(config),
        PYTHONPATH=str(ROOT),
        UNTOC_EXIT_AFTER_PAINT="1",
        PYTHONPYCACHEPREFIX=str(ROOT / "benchmarks" / ".cache" / "pycache"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def time_to_paint(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds from starting ``cmd`` to its painted marker; the process's exit is not counted."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == floors.PAINTED_MARKER:
            elapsed = time.perf_counter() - started
            break
    else:
        proc.wait()
        raise SystemExit(f"no first paint from {' '.join(cmd)} (exit {proc.returncode})")
    proc.stdout.read()
    if proc.wait() != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    return elapsed


def bench_startup(workspace: Path, tmp: Path, runs: int) -> tuple[float, float]:
    env = child_env(tmp / "config")
    app = [sys.executable, "-m", "untoc_desktop", "--workspace", str(workspace), "--lang", "en"]
    bare = [sys.executable, str(ROOT / "benchmarks" / "floors.py"), "bare-window"]
    time_to_paint(app, env)  # the first start creates the settings; later ones are what a user sees
    # time_to_paint's own figure (start to paint), not the call's duration, which also counted the
    # process's exit (and, before issue 9's follow-up, the start-up backup it waited for).
    app_times, floor_times = [], []
    for _ in range(runs):
        app_times.append(time_to_paint(app, env))
        floor_times.append(time_to_paint(bare, env))
    return statistics.median(app_times), statistics.median(floor_times)


def bench_pdf(workspace: Path, dossier_id: str, tmp: Path, runs: int) -> tuple[float, float]:
    from untoc_desktop.documents import compose, render
    from untoc_desktop.store.workspace import Workspace

    with Workspace.open(workspace) as ws:
        lines = compose(ws, dossier_id, "submission", "en").plain_text().splitlines()
        return side_by_side(
            lambda: render(ws, dossier_id, "submission", "pdf", "en", tmp / "submission.pdf"),
            lambda: floors.pdf_floor(lines, tmp / "floor.pdf"),
            runs,
        )


def bench_export(workspace: Path, tmp: Path, runs: int, tools: peers.Tools) -> dict[str, float]:
    """The app's export beside the by-hand peer, plain and encrypted, alternating.

    The app runs in this process (as in the interface, which exports in a worker thread); the
    peer's tools are processes of their own, as at a terminal.
    """
    from untoc_desktop.bundles.export import export_bundle
    from untoc_desktop.store.workspace import Workspace

    out: dict[str, float] = {}
    with Workspace.open(workspace) as ws:
        export_bundle(
            ws, tmp / "warm-up", include_sensitive=True
        )  # makes the office key, as a first export does
        for tag, passphrase, peer in (
            ("plain", None, peers.export_plain),
            ("encrypted", PASSPHRASE, peers.export_encrypted),
        ):
            bundle = tmp / f"export-{tag}.untoc"
            out[f"export_{tag}_s"], out[f"export_peer_{tag}_s"] = side_by_side(
                lambda p=passphrase, b=bundle: export_bundle(
                    ws, b, passphrase=p, include_sensitive=True
                ),
                lambda f=peer, t=tag: f(tools, workspace, tmp / f"peer-{t}.bin"),  # type: ignore[operator]
                runs,
            )
            out[f"bundle_{tag}_mb"] = bundle.stat().st_size / 2**20
    return out


def bench_scrypt(runs: int) -> float:
    """Seconds the age passphrase KDF takes on its own (scrypt at age's default 2^18): one header.

    A fixed cost of every encrypted export, by design, that no amount of streaming can remove; the
    README reports the encrypted ratio with and without it.
    """
    from untoc_desktop.bundles import age_stream

    return median_time(lambda: age_stream.header(os.urandom(16), PASSPHRASE), runs)


def bench_drive_read(bundle: Path, runs: int) -> float:
    """Seconds to read ``bundle`` back from the drive, its cached pages dropped first, as the
    export's read-back does after ``fsync`` (0 where the system cannot drop them: the read-back is
    then cached).

    The floor (``copyfile``) reads from the cache and never waits for the drive; this is the part of
    the export's time that proves the bytes are on the device.
    """
    if not hasattr(os, "posix_fadvise"):
        return 0.0

    def read_cold() -> None:
        with bundle.open("rb") as fh:
            os.posix_fadvise(fh.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
            while fh.read(4 * 2**20):
                pass

    return median_time(read_cold, runs)


def bench_import(tmp: Path, runs: int, tools: peers.Tools) -> dict[str, float]:
    """The app's import (read, preview, merge into a fresh workspace) beside the by-hand peer, for
    the plain and the encrypted bundle."""
    from untoc_desktop.bundles.importer import apply, known_keys, preview, read_bundle
    from untoc_desktop.store.workspace import Workspace

    counter = iter(range(10**6))

    def fresh() -> Path:
        path = tmp / f"import-{next(counter)}.untocdb"
        Workspace.open(path, lock=False).close()
        return path

    with read_bundle(tmp / "export-plain.untoc") as sample:
        records, attachments = sample.records, dict(sample.attachments)
    out: dict[str, float] = {}
    for tag, passphrase, suffix in (("", None, "plain"), ("_encrypted", PASSPHRASE, "encrypted")):
        bundle_path = tmp / f"export-{suffix}.untoc"
        signed = tmp / f"peer-{suffix}.bin"
        target: list[Path] = []
        app_times, peer_times = [], []

        def app(b: Path = bundle_path, p: str | None = passphrase) -> None:
            with Workspace.open(fresh()) as ws:
                bundle = read_bundle(b, p, known_keys(ws))
                preview(ws, bundle)
                apply(ws, bundle)
                bundle.close()

        def peer(
            s: Path = signed, enc: bool = passphrase is not None, t: list[Path] = target
        ) -> None:
            peers.import_by_hand(tools, s, t.pop(), records, attachments, encrypted=enc)

        for _ in range(runs):
            app_times.append(median_time(app, 1))
            target.append(fresh())  # making the empty workspace is not part of the peer
            peer_times.append(median_time(peer, 1))
        out[f"import{tag}_s"] = statistics.median(app_times)
        out[f"import_peer{tag}_s"] = statistics.median(peer_times)
    return out


def probe_import(
    bundle: Path, tmp: Path, passphrase: str | None = None, code: Path = ROOT
) -> dict[str, float]:
    """Seconds and peak resident memory of one import in a process of its own, with the code in
    ``code`` (this tree, or an older revision's)."""
    workspace = tmp / f"probe-{os.urandom(4).hex()}.untocdb"
    args = [
        sys.executable,
        str(ROOT / "benchmarks" / "import_probe.py"),
        str(bundle),
        str(workspace),
    ]
    if passphrase:
        secret = tmp / "probe-passphrase.txt"
        secret.write_text(passphrase + "\n")
        args.append(str(secret))
    env = dict(os.environ, PYTHONPATH=str(code))
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    workspace.unlink()
    for leftover in (workspace.with_name(workspace.name + x) for x in ("-wal", "-shm", ".lock")):
        leftover.unlink(missing_ok=True)
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def command_peak_mb(args: list[str]) -> float:
    """Peak resident memory of one run of ``untoc-desktop ARGS``, the whole process
    (``command_probe.py``: interpreter, modules and every thread, scrypt's included)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "command_probe.py"), *args],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"untoc-desktop {' '.join(args)} exited {result.returncode}")
    return float(json.loads(result.stdout.strip().splitlines()[-1])["rss_mb"])


def bench_export_memory(workspace: Path, tmp: Path, runs: int) -> dict[str, float]:
    """Peak memory of ``bundle export`` as a user runs it, plain and encrypted."""
    secret = tmp / "export-passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    out: dict[str, float] = {}
    for tag, extra in (("", []), ("_encrypted", ["--passphrase-file", str(secret)])):
        peaks = []
        for _ in range(max(runs // 2, 1)):
            bundle = tmp / "peak.untoc"
            bundle.unlink(missing_ok=True)
            peaks.append(
                command_peak_mb(
                    ["bundle", "export", "--workspace", str(workspace), "--out", str(bundle)]
                    + ["--include-sensitive", "--confirm-safety", *extra]
                )
            )
        out[f"export_peak_rss_mb{tag}"] = statistics.median(peaks)
    return out


def double_bundle(workspace: Path, tmp: Path) -> Path:
    """The benchmark workspace with as many files again (random, like photos), exported: a bundle
    twice the size with the same records, for the constant-memory check."""
    from untoc_desktop.bundles.export import export_bundle
    from untoc_desktop.store.workspace import Workspace

    copy = tmp / "double.untocdb"
    copy_durably(workspace, copy)
    with Workspace.open(copy) as ws:
        sizes = [int(r[0]) for r in ws.conn.execute("SELECT size FROM attachments ORDER BY sha256")]  # noqa: S608 - benchmark
        dossier = next(iter(ws.conn.execute("SELECT id FROM dossiers LIMIT 1")))[0]
        for i, size in enumerate(sizes):
            sha = ws.add_attachment(os.urandom(size), mime="image/jpeg")
            ws.insert(
                "evidence", dossier_id=dossier, attachment_sha256=sha, attachment_name=f"x{i}.jpg"
            )
        out = export_bundle(ws, tmp / "double-plain.untoc", include_sensitive=True).path
    copy.unlink()
    return out


def bench_import_memory(
    tmp: Path, workspace: Path, runs: int, before: Path | None
) -> dict[str, float]:
    """Peak memory of an import, plain at 1x and 2x the files and encrypted at 1x; medians of
    ``runs`` probes (memory barely varies). With ``before``, the same with that code."""
    double = double_bundle(workspace, tmp)
    cases = {
        "": (tmp / "export-plain.untoc", None),
        "_double": (double, None),
        "_encrypted": (tmp / "export-encrypted.untoc", PASSPHRASE),
    }
    out: dict[str, float] = {"bundle_double_mb": double.stat().st_size / 2**20}
    for code, prefix in ((ROOT, "import_peak_rss_mb"), (before, "before_import_peak_rss_mb")):
        if code is None:
            continue
        for tag, (bundle, passphrase) in cases.items():
            probes = [probe_import(bundle, tmp, passphrase, code) for _ in range(max(runs // 2, 1))]
            out[f"{prefix}{tag}"] = statistics.median(p["rss_mb"] for p in probes)
            out[f"{prefix.replace('peak_rss_mb', 'probe_s')}{tag}"] = statistics.median(
                p["s"] for p in probes
            )
    out["import_peak_double_vs_single"] = (
        out["import_peak_rss_mb_double"] / out["import_peak_rss_mb"]
    )
    return out


def bench_search(workspace: Path, runs: int) -> float:
    from untoc_desktop.core.search import search
    from untoc_desktop.store.workspace import Workspace

    times = []
    with Workspace.open(workspace) as ws:
        for query in SEARCH_QUERIES:
            search(ws, query)  # warm the page cache, as a second keystroke would find it
            for _ in range(runs):
                started = time.perf_counter()
                search(ws, query)
                times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def bench_gui(workspace: Path, dossier_id: str, tmp: Path, runs: int) -> dict[str, float]:
    env = child_env(tmp / "config")
    probes, bare = [], []
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-m", "benchmarks.gui_probe", str(workspace), dossier_id],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        probes.append(json.loads(result.stdout.strip().splitlines()[-1]))
        result = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "floors.py"), "bare-window", "--rss"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        bare.append(float(result.stdout.split("rss_mb")[-1]))
    return {
        "open_dossier_ms": statistics.median(p["open_ms"] for p in probes),
        "peak_rss_mb": statistics.median(p["rss_mb"] for p in probes),
        "peak_rss_floor_mb": statistics.median(bare),
    }


def machine() -> str:
    """One line naming the CPU, cores, memory, Python and libraries, for the README."""
    from importlib.metadata import version

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(x.split()[1])
            for x in Path("/proc/meminfo").read_text().splitlines()
            if x.startswith("MemTotal")
        )
        ram = f"{mem_kb / 2**20:.1f} GiB RAM"
    except (OSError, StopIteration):
        ram = "RAM unknown"
    libs = ", ".join(
        f"{name} {version(name)}"
        for name in ("PySide6-Essentials", "reportlab", "sqlite-utils", "pyrage", "cryptography")
    )
    return (
        f"{cpu}, {os.cpu_count()} cores, {ram}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {libs}"
    )


def report(results: dict[str, float]) -> None:
    """Every figure beside its peer (or floor) and its target."""
    for key, target in TARGETS.items():
        if key not in results:
            continue
        value = results[key]
        verdict = "ok" if value <= target else "MISSED"
        beside = ""
        if key in PEERS:
            app, peer, name = PEERS[key]
            beside = f"  (app {results[app]:.3f} s, {name} {results[peer]:.3f} s)"
        print(f"{key:<30} {value:9.2f}   target <= {target:g}   {verdict}{beside}")


def before_tree(rev: str, tmp: Path) -> Path:
    """The package as it was at git revision ``rev``, unpacked into ``tmp`` (for "before")."""
    folder = tmp / "before"
    folder.mkdir()
    archive = subprocess.run(
        ["git", "archive", rev, "untoc_desktop", "resources", "translations"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def run(
    scale: Scale, runs: int, before_rev: str | None = None, only: str | None = None
) -> dict[str, float]:
    generated = cached(scale)
    print(
        f"scale {scale.name}: {scale.findings} findings, {scale.evidence} evidence, "
        f"{scale.attachment_mb} MB attachments; PDF dossier {scale.pdf_findings} findings; "
        f"{runs} runs each"
    )
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="untoc-bench-") as name:
        tmp = Path(name)
        workspace, pdf_workspace = tmp / "workspace.untocdb", tmp / "pdf.untocdb"
        for source, copy in (
            (generated.workspace, workspace),
            (generated.pdf_workspace, pdf_workspace),
        ):
            copy_durably(source, copy)
        r: dict[str, float] = {}
        before = before_tree(before_rev, tmp) if before_rev else None

        if only is None:
            r["startup_s"], r["startup_floor_s"] = bench_startup(workspace, tmp, runs)
            r["startup_ratio"] = r["startup_s"] / r["startup_floor_s"]
            print(
                f"cold start to first paint   {r['startup_s']:.3f} s, bare window "
                f"{r['startup_floor_s']:.3f} s"
            )

            r["pdf_s"], r["pdf_floor_s"] = bench_pdf(
                pdf_workspace, generated.pdf_dossier_id, tmp, runs
            )
            r["pdf_ratio"] = r["pdf_s"] / r["pdf_floor_s"]
            print(
                f"submission PDF              {r['pdf_s']:.3f} s, plain paragraphs "
                f"{r['pdf_floor_s']:.3f} s"
            )

        tools = peers.Tools(tmp / "peer-keys")
        r.update(bench_export(workspace, tmp, runs, tools))
        for tag in ("plain", "encrypted"):
            r[f"export_vs_peer_{tag}"] = r[f"export_{tag}_s"] / r[f"export_peer_{tag}_s"]
            print(
                f"bundle export {tag:<10}    {r[f'export_{tag}_s']:.3f} s "
                f"({r[f'bundle_{tag}_mb']:.0f} MB), by hand {r[f'export_peer_{tag}_s']:.3f} s: "
                f"{r[f'export_vs_peer_{tag}']:.2f}x (target {TARGETS[f'export_vs_peer_{tag}']}x)"
            )
        r.update(bench_export_memory(workspace, tmp, runs))
        print(
            f"export peak memory          plain {r['export_peak_rss_mb']:.0f} MB, encrypted "
            f"{r['export_peak_rss_mb_encrypted']:.0f} MB (target 300 MB)"
        )
        r["scrypt_s"] = bench_scrypt(runs)
        r["drive_read_s"] = bench_drive_read(tmp / "export-plain.untoc", runs)
        print(
            f"  of which scrypt (2^18)    {r['scrypt_s']:.3f} s; the read-back from the drive "
            f"about {r['drive_read_s']:.3f} s (both sides pay each)"
        )

        r.update(bench_import(tmp, runs, tools))
        r["import_vs_peer"] = r["import_s"] / r["import_peer_s"]
        r["import_vs_peer_encrypted"] = r["import_encrypted_s"] / r["import_peer_encrypted_s"]
        print(
            f"bundle import plain         {r['import_s']:.3f} s, by hand "
            f"{r['import_peer_s']:.3f} s: {r['import_vs_peer']:.2f}x (target 1.5x)"
        )
        print(
            f"bundle import encrypted     {r['import_encrypted_s']:.3f} s, by hand "
            f"{r['import_peer_encrypted_s']:.3f} s: {r['import_vs_peer_encrypted']:.2f}x "
            f"(target 1.5x)"
        )
        r.update(bench_import_memory(tmp, workspace, runs, before))
        for tag, label in (
            ("", "plain"),
            ("_double", "plain, 2x files"),
            ("_encrypted", "encrypted"),
        ):
            was = r.get(f"before_import_peak_rss_mb{tag}")
            print(
                f"import peak memory {label:<16} {r[f'import_peak_rss_mb{tag}']:.0f} MB "
                + (f"(before: {was:.0f} MB) " if was else "")
                + f"(target {TARGETS['import_peak_rss_mb' + tag]:.0f} MB)"
            )
        print(
            f"  bundle {r['bundle_plain_mb']:.0f} MB vs {r['bundle_double_mb']:.0f} MB: peak "
            f"{r['import_peak_double_vs_single']:.3f}x (target within 1.10x)"
        )

        if only is None:
            r["search_median_ms"] = bench_search(workspace, max(runs, 5))
            print(
                f"search median               {r['search_median_ms']:.2f} ms over "
                f"{len(SEARCH_QUERIES)} queries"
            )

            r.update(bench_gui(workspace, generated.dossier_id, tmp, runs))
            print(
                f"open dossier (GUI)          {r['open_dossier_ms']:.0f} ms; peak memory "
                f"{r['peak_rss_mb']:.0f} MB, "
                f"bare window {r['peak_rss_floor_mb']:.0f} MB"
            )
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the app against its floors (issue 9).")
    parser.add_argument("--quick", action="store_true", help="a small workspace, under a minute")
    parser.add_argument("--runs", type=int, default=None, help="runs per side (default 5, quick 2)")
    parser.add_argument("--before", metavar="REV", help="also measure import memory at git REV")
    parser.add_argument(
        "--only", choices=("bundles",), help="only the bundle figures (export, import, memory)"
    )
    args = parser.parse_args()
    runs = args.runs or (2 if args.quick else 5)
    results = run(QUICK if args.quick else FULL, runs, args.before, only=args.only)
    report(results)
    tracked = {k: round(v, 4) for k, v in results.items() if not k.startswith("bundle_")}
    print(json.dumps(tracked, sort_keys=True))


if __name__ == "__main__":
    main()
