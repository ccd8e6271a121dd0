"""``untoc-desktop render public|press|followup|social`` (issue 24): the same options and gate."""

from __future__ import annotations

import subprocess
import sys

import pytest

from untoc_desktop.core.demo import build_demo
from untoc_desktop.store.workspace import Workspace


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "untoc_desktop", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("document", ["public", "press", "followup", "social"])
def test_render_goes_through_the_safety_gate(ws_path, tmp_path, document):
    with Workspace.open(ws_path) as ws:
        dossier = build_demo(ws, "PE", "es")
    out = tmp_path / f"{document}.txt"
    common = ["--workspace", str(ws_path), "--dossier", dossier, "--lang", "es"]
    refused = _cli("render", document, *common, "--format", "txt", "--out", str(out))
    assert refused.returncode == 1 and not out.exists()
    done = _cli(
        "render", document, *common, "--format", "txt", "--out", str(out), "--confirm-safety"
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").strip()
