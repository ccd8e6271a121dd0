"""One instance per workspace: a second start signals the first and backs off."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from untoc_desktop.ui import single_instance
from untoc_desktop.ui.single_instance import claim_or_signal, server_name

ROOT = Path(__file__).resolve().parents[2]

SECOND = textwrap.dedent(
    """
    import os, sys
    from PySide6.QtCore import QCoreApplication
    app = QCoreApplication([])
    from untoc_desktop.ui.single_instance import claim_or_signal
    first = claim_or_signal(sys.argv[1], lambda: None)
    print("first" if first else "second", flush=True)
    if sys.argv[2] == "die":
        os._exit(9)  # like a killed instance: the socket file stays behind
    """
)


def _second_instance(path: Path, then: str = "exit") -> str:
    done = subprocess.run(
        [sys.executable, "-c", SECOND, str(path), then],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen"),
    )
    return done.stdout.strip()


@pytest.fixture
def ws_file(tmp_path: Path) -> Path:
    path = tmp_path / "workspace.untocdb"
    yield path
    single_instance.release(path)


def test_second_process_signals_the_first_which_comes_forward(qtbot, ws_file: Path) -> None:  # noqa: ANN001
    activated: list[bool] = []
    assert claim_or_signal(ws_file, lambda: activated.append(True)) is True
    assert _second_instance(ws_file) == "second"
    qtbot.waitUntil(lambda: activated == [True], timeout=5000)


def test_other_workspace_is_independent(qtbot, ws_file: Path, tmp_path: Path) -> None:  # noqa: ANN001
    assert claim_or_signal(ws_file, lambda: None)
    other = tmp_path / "other.untocdb"
    assert _second_instance(other) == "first"


def test_same_file_by_another_spelling_is_the_same_workspace(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    assert server_name(tmp_path / "sub" / ".." / "w.untocdb") == server_name(tmp_path / "w.untocdb")
    assert server_name(tmp_path / "a.untocdb") != server_name(tmp_path / "b.untocdb")


def test_socket_left_by_a_killed_instance_does_not_lock_the_user_out(qtbot, ws_file: Path) -> None:  # noqa: ANN001
    assert _second_instance(ws_file, then="die") == "first"
    activated: list[bool] = []
    assert claim_or_signal(ws_file, lambda: activated.append(True)) is True
    assert _second_instance(ws_file) == "second"
    qtbot.waitUntil(lambda: activated == [True], timeout=5000)


def test_raise_window_shows_a_minimised_window(qtbot) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    window.showMinimized()
    single_instance.raise_window(window)
    assert window.isVisible() and not window.isMinimized()


def test_message_is_plain() -> None:
    assert "already open" in single_instance.already_running_message()


@pytest.mark.skipif(not single_instance.ABSTRACT, reason="abstract sockets are Linux's")
def test_a_killed_instance_leaves_no_socket_file(ws_file: Path) -> None:
    """Issue 19: the socket file, named by a hash of the workspace's path, stayed in /tmp."""
    from PySide6.QtCore import QDir

    assert _second_instance(ws_file, then="die") == "first"
    name = server_name(ws_file)
    assert not (Path(QDir.tempPath()) / name).exists()
