"""``render`` and ``bundle`` open an encrypted workspace through ``cli.open_workspace``."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from untoc_desktop.cli import main

PASS = "orange kettle 1987 mountain"


@pytest.fixture
def encrypted(ws_path: Path, tmp_path: Path, capsys) -> tuple[Path, Path, str]:  # noqa: ANN001
    """An encrypted workspace holding the demo dossier, its passphrase file and the dossier id."""
    pw = tmp_path / "pw.txt"
    pw.write_text(PASS + "\n", encoding="utf-8")
    assert main(["demo", "--workspace", str(ws_path), "--country", "KE"]) == 0
    dossier = capsys.readouterr().out.strip()
    assert (
        main(["passphrase", "set", "--workspace", str(ws_path), "--new-passphrase-file", str(pw)])
        == 0
    )
    capsys.readouterr()
    return ws_path, pw, dossier


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_render_with_the_workspace_passphrase_file(encrypted, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    ws_path, pw, dossier = encrypted
    out = tmp_path / "letter.pdf"
    assert (
        main(
            [
                "render",
                "letter",
                "--workspace",
                str(ws_path),
                "--workspace-passphrase-file",
                str(pw),
                "--dossier",
                dossier,
                "--out",
                str(out),
                "--confirm-safety",
            ]
        )
        == 0
    )
    assert out.read_bytes().startswith(b"%PDF")


def test_render_without_or_with_a_wrong_passphrase_fails_in_one_line(
    encrypted, tmp_path: Path, capsys
) -> None:  # noqa: ANN001
    ws_path, _pw, dossier = encrypted
    before = _digest(ws_path)
    out = tmp_path / "letter.pdf"
    assert (
        main(
            [
                "render",
                "letter",
                "--workspace",
                str(ws_path),
                "--dossier",
                dossier,
                "--out",
                str(out),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "--passphrase-file" in err and err.count("\n") == 1
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase at all\n", encoding="utf-8")
    assert (
        main(
            [
                "render",
                "letter",
                "--workspace",
                str(ws_path),
                "--passphrase-file",
                str(wrong),
                "--dossier",
                dossier,
                "--out",
                str(out),
            ]
        )
        == 1
    )
    assert "Wrong passphrase" in capsys.readouterr().err
    assert not out.exists() and _digest(ws_path) == before


def test_bundle_export_and_import_with_the_workspace_passphrase_file(
    encrypted, tmp_path: Path, capsys
) -> None:  # noqa: ANN001
    ws_path, pw, _dossier = encrypted
    out = tmp_path / "office.untoc"
    assert (
        main(
            [
                "bundle",
                "export",
                "--workspace",
                str(ws_path),
                "--workspace-passphrase-file",
                str(pw),
                "--out",
                str(out),
                "--confirm-safety",
            ]
        )
        == 0
    )
    assert out.exists() and "fingerprint" in capsys.readouterr().out
    other = tmp_path / "other" / "ws.untocdb"
    # No such workspace yet: a dry run previews against a fresh one and creates nothing.
    assert main(["bundle", "import", str(out), "--workspace", str(other), "--dry-run"]) == 0
    assert not other.exists()
    capsys.readouterr()
    assert main(["demo", "--workspace", str(other), "--country", "SN"]) == 0
    capsys.readouterr()
    assert main(["bundle", "import", str(out), "--workspace", str(other)]) == 0
    assert "Imported" in capsys.readouterr().out


def test_bundle_export_without_the_workspace_passphrase_names_the_option(
    encrypted, tmp_path: Path, capsys
) -> None:  # noqa: ANN001
    ws_path, _pw, _dossier = encrypted
    out = tmp_path / "office.untoc"
    assert main(["bundle", "export", "--workspace", str(ws_path), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "--workspace-passphrase-file" in err and not out.exists()
