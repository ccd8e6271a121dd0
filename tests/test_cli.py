"""The command line's contract: exit codes, one translated line on stderr, JSON output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from untoc_desktop.cli import main


def test_demo_then_dossiers_json(ws_path, capsys) -> None:
    assert main(["demo", "--workspace", str(ws_path), "--country", "KE", "--lang", "fr"]) == 0
    dossier_id = capsys.readouterr().out.strip()
    assert main(["dossiers", "--workspace", str(ws_path), "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["id"] == dossier_id
    assert row["country"] == "KE" and row["language"] == "fr" and row["status"] == "draft"
    assert "Kenya" in row["title"] and "auto-évaluation" in row["title"]


def test_check_on_a_sound_workspace(ws_path, capsys) -> None:
    main(["demo", "--workspace", str(ws_path), "--country", "FR"])
    capsys.readouterr()
    assert main(["check", "--workspace", str(ws_path)]) == 0
    assert "sound" in capsys.readouterr().out


def test_check_on_a_missing_workspace_creates_nothing(tmp_path, capsys) -> None:
    path = tmp_path / "absent.untocdb"
    assert main(["check", "--workspace", str(path)]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not path.exists()


def test_usage_error_exits_2(capsys) -> None:
    assert main(["render", "letter"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--dossier" in err


def test_unknown_country_is_a_clear_error(ws_path, capsys) -> None:
    assert main(["demo", "--workspace", str(ws_path), "--country", "ZZ"]) == 1
    assert "ZZ" in capsys.readouterr().err


@pytest.mark.parametrize("lang, expected", [("fr", "n'est pas"), ("es", "no es")])
def test_errors_are_in_the_chosen_language(tmp_path, capsys, lang, expected) -> None:
    bogus = tmp_path / "bogus.untocdb"
    bogus.write_text("not a database")
    assert main(["dossiers", "--workspace", str(bogus), "--lang", lang]) == 1
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1
    assert bogus.read_text() == "not a database"


def test_console_script_runs_as_a_process(ws_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "untoc_desktop", "dossiers", "--workspace", str(ws_path), "--json"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
