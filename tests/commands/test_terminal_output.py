"""What the command line prints from the workspace or a partner reaches the terminal escaped
(issue 20): a title or an office name can neither drive the terminal (escape sequences, a cleared
screen, the window title, a line overwritten by a carriage return) nor reorder what it shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from untoc_desktop.bundles.export import export_bundle
from untoc_desktop.cli import main
from untoc_desktop.store.workspace import Workspace

HOSTILE = "Real\x1b]0;pwned\x07\x1b[2J\u202egnp.exe\u202c\rFake\x9b31m\x00\x0bend"
RAW = ("\x1b", "\x07", "\u202e", "\u202c", "\r", "\x9b", "\x00", "\x0b")


def _assert_escaped(printed: str) -> None:
    assert not [ch for ch in RAW if ch in printed], repr(printed)
    assert "[U+001B]" in printed and "[U+202E]gnp.exe" in printed


def test_dossier_titles_are_escaped_one_line_each(ws_path: Path, capsys) -> None:
    with Workspace.open(ws_path) as ws:
        ws.create_dossier(title=HOSTILE + "\nsecond line", country="KE")
        ws.create_dossier(title="Plain", country="KE")
    assert main(["dossiers", "--workspace", str(ws_path)]) == 0
    out = capsys.readouterr().out
    _assert_escaped(out)
    assert len(out.splitlines()) == 2  # a title's line break does not make a row of its own


def test_dossiers_json_is_the_same_value_and_safe_to_print(ws_path: Path, capsys) -> None:
    with Workspace.open(ws_path) as ws:
        ws.create_dossier(title=HOSTILE, country="KE")
    assert main(["dossiers", "--workspace", str(ws_path), "--json"]) == 0
    out = capsys.readouterr().out
    assert not [ch for ch in RAW if ch in out]
    [row] = json.loads(out)
    assert row["title"] == HOSTILE


def test_the_safety_check_printed_before_a_refused_render_is_escaped(
    ws_path: Path, tmp_path: Path, capsys
) -> None:
    with Workspace.open(ws_path) as ws:
        dossier = ws.create_dossier(title=HOSTILE, country="KE")
        ws.add_finding(dossier, "gap", "A finding " + HOSTILE, sensitive=True)
    argv = ["render", "submission", "--workspace", str(ws_path), "--dossier", dossier]
    argv += ["--lang", "en", "--format", "pdf", "--out", str(tmp_path / "s.pdf")]
    assert main(argv) == 1
    _assert_escaped(capsys.readouterr().err)


def test_an_error_message_naming_what_the_user_gave_is_escaped(ws_path: Path, capsys) -> None:
    Workspace.open(ws_path).close()
    argv = ["render", "letter", "--workspace", str(ws_path), "--dossier", HOSTILE]
    argv += ["--lang", "en", "--format", "pdf", "--out", str(ws_path.parent / "l.pdf")]
    assert main(argv) == 1
    err = capsys.readouterr().err
    _assert_escaped(err)
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_partners_office_name_and_titles_are_escaped_at_import(
    tmp_path: Path, capsys, dry_run: bool
) -> None:
    with Workspace.open(tmp_path / "partner" / "w.untocdb") as ws:
        ws.save_organization(name="Partner " + HOSTILE)
        ws.create_dossier(title="Dossier " + HOSTILE, country="KE")
        bundle = export_bundle(ws, tmp_path / "out").path
    argv = ["bundle", "import", "--workspace", str(tmp_path / "office" / "w.untocdb")]
    argv += [str(bundle), *(["--dry-run"] if dry_run else [])]
    (tmp_path / "office").mkdir()
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert not [ch for ch in RAW if ch in out], repr(out)
    assert "gnp.exe" in out and "\u202egnp" not in out
