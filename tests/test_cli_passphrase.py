"""The command line with an encrypted workspace: the passphrase subcommand and --passphrase-file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from untoc_desktop.cli import build_parser, main

PASS = "orange kettle 1987 mountain"
NEW = "some other phrase, quite long"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, text in (
        ("pw", PASS + "\n"),
        ("new", NEW + "\r\n"),
        ("wrong", "wrong but long enough\n"),
        ("weak", "abc\n"),
        ("empty", ""),
    ):
        out[name] = tmp_path / f"{name}.txt"
        out[name].write_text(text, encoding="utf-8", newline="")
    out["latin1"] = tmp_path / "latin1.txt"
    out["latin1"].write_bytes("été passphrase long".encode("latin-1"))
    return out


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_set_then_every_command_needs_the_passphrase(ws_path, files, capsys) -> None:
    assert main(["demo", "--workspace", str(ws_path), "--country", "KE"]) == 0
    dossier = capsys.readouterr().out.strip()
    assert (
        main(
            [
                "passphrase",
                "set",
                "--workspace",
                str(ws_path),
                "--new-passphrase-file",
                str(files["pw"]),
            ]
        )
        == 0
    )
    assert "cannot be recovered" in capsys.readouterr().out

    before = _digest(ws_path)
    assert main(["dossiers", "--workspace", str(ws_path), "--json"]) == 1
    err = capsys.readouterr().err
    assert "--passphrase-file" in err and err.count("\n") == 1
    assert (
        main(["dossiers", "--workspace", str(ws_path), "--passphrase-file", str(files["wrong"])])
        == 1
    )
    err = capsys.readouterr().err
    assert "Wrong passphrase" in err and err.count("\n") == 1 and "wrong but long" not in err
    assert _digest(ws_path) == before

    assert (
        main(
            [
                "dossiers",
                "--workspace",
                str(ws_path),
                "--json",
                "--passphrase-file",
                str(files["pw"]),
            ]
        )
        == 0
    )
    assert [row["id"] for row in json.loads(capsys.readouterr().out)] == [dossier]
    assert main(["check", "--workspace", str(ws_path), "--passphrase-file", str(files["pw"])]) == 0
    assert "sound" in capsys.readouterr().out
    assert (
        main(
            [
                "demo",
                "--workspace",
                str(ws_path),
                "--country",
                "FR",
                "--workspace-passphrase-file",
                str(files["pw"]),
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert PASS.encode() not in ws_path.read_bytes() and b"Kenya" not in ws_path.read_bytes()


def test_change_and_remove(ws_path, files, capsys) -> None:
    main(["demo", "--workspace", str(ws_path), "--country", "KE"])
    main(
        [
            "passphrase",
            "set",
            "--workspace",
            str(ws_path),
            "--new-passphrase-file",
            str(files["pw"]),
        ]
    )
    assert (
        main(
            [
                "passphrase",
                "change",
                "--workspace",
                str(ws_path),
                "--passphrase-file",
                str(files["pw"]),
                "--new-passphrase-file",
                str(files["new"]),
            ]
        )
        == 0
    )
    assert (
        main(["dossiers", "--workspace", str(ws_path), "--passphrase-file", str(files["pw"])]) == 1
    )
    assert (
        main(
            [
                "passphrase",
                "remove",
                "--workspace",
                str(ws_path),
                "--passphrase-file",
                str(files["new"]),
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["dossiers", "--workspace", str(ws_path), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


@pytest.mark.parametrize(
    "key, message",
    [
        ("weak", "too short"),
        ("empty", "is empty"),
        ("latin1", "not UTF-8"),
        ("missing", "Cannot read"),
    ],
)
def test_bad_passphrase_files_are_clear_errors_and_change_nothing(
    ws_path, files, capsys, key, message
) -> None:
    main(["demo", "--workspace", str(ws_path), "--country", "KE"])
    capsys.readouterr()
    before = _digest(ws_path)
    source = files.get(key, ws_path.parent / "missing.txt")
    assert (
        main(
            ["passphrase", "set", "--workspace", str(ws_path), "--new-passphrase-file", str(source)]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert _digest(ws_path) == before


def test_change_without_the_current_passphrase_is_a_usage_error(ws_path, files, capsys) -> None:
    main(["demo", "--workspace", str(ws_path), "--country", "KE"])
    main(
        [
            "passphrase",
            "set",
            "--workspace",
            str(ws_path),
            "--new-passphrase-file",
            str(files["pw"]),
        ]
    )
    capsys.readouterr()
    assert (
        main(
            [
                "passphrase",
                "change",
                "--workspace",
                str(ws_path),
                "--new-passphrase-file",
                str(files["new"]),
            ]
        )
        == 2
    )
    assert (
        main(
            [
                "passphrase",
                "remove",
                "--workspace",
                str(ws_path),
                "--passphrase-file",
                str(files["new"]),
            ]
        )
        == 1
    )
    assert "Wrong passphrase" in capsys.readouterr().err


def test_bundle_keeps_passphrase_file_for_the_bundle() -> None:
    args = build_parser().parse_args(
        [
            "bundle",
            "export",
            "--out",
            "x.untoc",
            "--passphrase-file",
            "b.txt",
            "--workspace-passphrase-file",
            "w.txt",
        ]
    )
    assert str(args.passphrase_file) == "b.txt" and str(args.workspace_passphrase_file) == "w.txt"
    args = build_parser().parse_args(
        ["render", "letter", "--dossier", "D", "--out", "x.pdf", "--passphrase-file", "w.txt"]
    )
    assert str(args.workspace_passphrase_file) == "w.txt"
