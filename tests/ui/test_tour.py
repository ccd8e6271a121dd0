"""The tour and the self-test commands, run the way a user or CI runs them."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from untoc_desktop.cli import main
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui.qt_i18n import apply_language
from untoc_desktop.ui.tour import STEP_FILES


@pytest.fixture(autouse=True)
def _english_afterwards(qapp):  # noqa: ANN001, ANN202
    yield
    apply_language("en")


def test_tour_saves_every_screen_at_1366x768(qapp, tmp_path) -> None:
    out = tmp_path / "tour"
    workspace = tmp_path / "ws.untocdb"
    assert main(["tour", "--workspace", str(workspace), "--lang", "es", "--out", str(out)]) == 0
    expected = ["01-main-window.png", "02-profile.png", *STEP_FILES]
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    for name in expected:
        image = QImage(str(out / name))
        assert not image.isNull(), name
        if name != "02-profile.png":
            assert (image.width(), image.height()) == (1366, 768), name
    with Workspace.open(workspace) as ws:
        dossiers = ws.dossiers()
        assert len(dossiers) == 1 and dossiers[0]["country"] == "KE"
        assert dossiers[0]["step"] == 1  # the tour leaves the dossier where it found it


def test_tour_refuses_a_file_that_is_not_a_workspace(qapp, tmp_path, capsys) -> None:
    bogus = tmp_path / "photo.untocdb"
    bogus.write_bytes(b"\xff\xd8\xff\xe0 not a database")
    assert main(["tour", "--workspace", str(bogus), "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.strip()
    assert not (tmp_path / "out").exists()


def test_selftest_passes(qapp, capsys) -> None:
    assert main(["selftest", "--lang", "fr"]) == 0
