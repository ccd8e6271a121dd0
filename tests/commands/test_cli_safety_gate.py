"""The command line shows what would leave the office and waits for ``--confirm-safety``."""

from __future__ import annotations

from pathlib import Path

import pytest

from untoc_desktop.cli import main
from untoc_desktop.core.demo import build_demo
from untoc_desktop.store.workspace import Workspace


@pytest.fixture
def demo(ws_path: Path) -> str:
    with Workspace.open(ws_path) as ws:
        return build_demo(ws, "KE", "en")


def test_render_prints_the_safety_check_and_refuses_without_confirmation(
    ws_path: Path, demo: str, tmp_path: Path, capsys
) -> None:  # noqa: ANN001
    out = tmp_path / "submission.pdf"
    before = ws_path.read_bytes()
    code = main(
        ["render", "submission", "--workspace", str(ws_path), "--dossier", demo, "--out", str(out)]
    )
    err = capsys.readouterr().err
    assert code == 1 and not out.exists()
    assert "Sensitive:" in err and "Submission contains:" in err and "and leaves out:" in err
    assert err.rstrip().splitlines()[-1].startswith("Nothing was exported.")
    assert ws_path.read_bytes() == before  # a refused render changes nothing


def test_render_with_confirmation_writes_the_file(ws_path: Path, demo: str, tmp_path: Path) -> None:
    out = tmp_path / "submission.pdf"
    assert (
        main(
            [
                "render",
                "submission",
                "--workspace",
                str(ws_path),
                "--dossier",
                demo,
                "--out",
                str(out),
                "--confirm-safety",
            ]
        )
        == 0
    )
    assert out.read_bytes().startswith(b"%PDF")


def test_bundle_export_refuses_then_writes_with_confirmation(
    ws_path: Path, demo: str, tmp_path: Path, capsys
) -> None:  # noqa: ANN001
    out = tmp_path / "office.untoc"
    assert main(["bundle", "export", "--workspace", str(ws_path), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Bundle for a partner office contains:" in err and not out.exists()
    assert (
        main(
            ["bundle", "export", "--workspace", str(ws_path), "--out", str(out), "--confirm-safety"]
        )
        == 0
    )
    assert out.exists()


def test_the_refusal_is_translated(ws_path: Path, demo: str, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    code = main(
        [
            "--lang",
            "fr",
            "render",
            "letter",
            "--workspace",
            str(ws_path),
            "--dossier",
            demo,
            "--out",
            str(tmp_path / "l.pdf"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1 and "Nothing was exported" not in err and "étape 8" in err
