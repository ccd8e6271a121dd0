"""A new office's first step: `bundle import` into a workspace that does not exist yet."""

from __future__ import annotations

from pathlib import Path

from untoc_desktop.bundles.export import export_bundle
from untoc_desktop.cli import main
from untoc_desktop.store.workspace import Workspace


def _partner_bundle(tmp_path: Path) -> tuple[Path, str]:
    with Workspace.open(tmp_path / "partner" / "w.untocdb") as ws:
        ws.save_organization(name="Partner network")
        dossier = ws.create_dossier(title="Shared dossier", country="KE")
        return export_bundle(ws, tmp_path / "first").path, dossier


def test_importing_into_a_missing_workspace_creates_it(tmp_path, capsys):
    bundle, dossier = _partner_bundle(tmp_path)
    target = tmp_path / "new office" / "work.untocdb"
    assert main(["bundle", "import", "--workspace", str(target), str(bundle)]) == 0
    assert f"Created the workspace {target}." in capsys.readouterr().out
    with Workspace.open(target) as ws:
        assert ws.dossier(dossier)["title"] == "Shared dossier"


def test_a_bad_bundle_leaves_no_workspace_behind(tmp_path, capsys):
    bad = tmp_path / "bad.untoc"
    bad.write_bytes(b"PK\x03\x04 not really a bundle")
    folder = tmp_path / "office"
    folder.mkdir()
    target = folder / "work.untocdb"
    assert main(["bundle", "import", "--workspace", str(target), str(bad)]) == 1
    assert capsys.readouterr().err.strip()
    assert sorted(folder.iterdir()) == []


def test_a_dry_run_into_a_missing_workspace_writes_nothing(tmp_path, capsys):
    bundle, _dossier = _partner_bundle(tmp_path)
    folder = tmp_path / "office"
    folder.mkdir()
    target = folder / "work.untocdb"
    assert main(["bundle", "import", "--workspace", str(target), str(bundle), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Shared dossier: " in out and "Created" not in out
    assert sorted(folder.iterdir()) == []
