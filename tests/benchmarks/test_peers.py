"""The by-hand peers and the import probe of ``benchmarks/run.py`` (issue 26) do the work they
claim, with the real tools. No timings here: speed lives in ``benchmarks/run.py``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks import peers
from benchmarks.generate import TINY, cached
from benchmarks.run import probe_import
from untoc_desktop.bundles.export import export_bundle
from untoc_desktop.bundles.importer import read_bundle
from untoc_desktop.store.workspace import Workspace

pytestmark = pytest.mark.skipif(
    not (shutil.which("age") and shutil.which("minisign") and shutil.which("age-keygen")),
    reason="needs the age and minisign tools (dev.py installs them)",
)


def test_peers_sign_encrypt_verify_and_insert(tmp_path: Path) -> None:
    generated = cached(TINY, tmp_path / "cache")
    workspace = tmp_path / "w.untocdb"
    shutil.copyfile(generated.workspace, workspace)
    tools = peers.Tools(tmp_path / "keys")
    peers.export_plain(tools, workspace, tmp_path / "plain.bin")
    peers.export_encrypted(tools, workspace, tmp_path / "secret.bin")
    assert (tmp_path / "plain.bin.minisig").exists() and (tmp_path / "secret.bin.minisig").exists()
    with Workspace.open(workspace) as ws:
        bundle_path = export_bundle(ws, tmp_path / "b", include_sensitive=True).path
    with read_bundle(bundle_path) as bundle:
        records, attachments = bundle.records, dict(bundle.attachments)
    for name, encrypted in (("plain.bin", False), ("secret.bin", True)):
        target = tmp_path / f"target-{name}.untocdb"
        Workspace.open(target, lock=False).close()
        peers.import_by_hand(
            tools, tmp_path / name, target, records, attachments, encrypted=encrypted
        )
        with Workspace.open(target) as ws:
            assert len(ws.children("findings", generated.dossier_id)) == TINY.findings


def test_the_import_probe_reports_time_and_peak_memory(tmp_path: Path) -> None:
    generated = cached(TINY, tmp_path / "cache")
    with Workspace.open(generated.workspace) as ws:
        bundle_path = export_bundle(ws, tmp_path / "b", include_sensitive=True).path
    result = probe_import(bundle_path, tmp_path)
    assert result["s"] > 0 and 10 < result["rss_mb"] < 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.untoc", "cache"]


def test_the_command_probe_reports_the_commands_own_peak(tmp_path: Path) -> None:
    """``wait4``'s ``ru_maxrss`` carried the benchmark's own 300 MB peak into a plain export's
    figure; the probe reads the command's own high-water mark."""
    from benchmarks.run import command_peak_mb

    generated = cached(TINY, tmp_path / "cache")
    workspace = tmp_path / "w.untocdb"
    shutil.copyfile(generated.workspace, workspace)
    args = ["bundle", "export", "--workspace", str(workspace), "--out", str(tmp_path / "b.untoc")]
    peak = command_peak_mb([*args, "--confirm-safety"])
    assert 10 < peak < 200
    assert (tmp_path / "b.untoc").stat().st_size > 0
    with pytest.raises(SystemExit):
        command_peak_mb(["bundle", "export", "--workspace", str(tmp_path / "missing" / "w")])
