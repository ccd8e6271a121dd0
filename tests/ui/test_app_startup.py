"""Start-up as wired in ``ui.app``: one instance per workspace, recovery of a damaged file,
automatic backups."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from untoc_desktop.store import backup, recovery
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui import app as appmod
from untoc_desktop.ui import passphrase_dialogs, single_instance
from untoc_desktop.ui.auto_backup import AutoBackup
from untoc_desktop.ui.backup_dialogs import RecoveryChoice, RecoveryDialog
from untoc_desktop.ui.qt_i18n import apply_language

ROOT = Path(__file__).resolve().parents[2]
PASS = "correct horse battery staple 42"


@pytest.fixture
def user_settings(tmp_path: Path, qapp):  # noqa: ANN001, ANN201
    QSettings.setPath(
        QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    yield
    apply_language("en")


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:  # noqa: ANN001
    shown: list[tuple[str, str]] = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(
            QMessageBox, name, lambda parent, title, text, *a, **k: shown.append((title, text))
        )
    return shown


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data) - 4096, 8192):
        data[offset : offset + 600] = b"\xab" * 600
    path.write_bytes(bytes(data))


def _make(path: Path, title: str, passphrase: str | None = None) -> None:
    with Workspace.open(path, passphrase=passphrase) as ws:
        dossier = ws.create_dossier(title=title)
        for i in range(200):
            ws.add_finding(dossier, "gap", f"finding {i} " + "x" * 200)


def _exec_recording(seen: list[object]):  # noqa: ANN202
    # Windows other tests left open must not be mistaken for the one run_gui is about to show.
    earlier = {id(w) for w in QApplication.topLevelWidgets()}

    def fake_exec(*_args) -> int:
        window = next(
            w
            for w in QApplication.topLevelWidgets()
            if w.objectName() == "MainWindow" and w.isVisible() and id(w) not in earlier
        )
        seen.append([d["title"] for d in window.ws.dossiers()])
        window.close()
        return 0

    return fake_exec


# ---------------------------------------------------------------------------------- single instance
def test_second_start_raises_the_first_window_and_exits_0(qtbot, tmp_path: Path) -> None:
    ws_path = tmp_path / "ws.untocdb"
    activated: list[bool] = []
    assert single_instance.claim_or_signal(ws_path, lambda: activated.append(True))
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QMessageBox\n"
        "QMessageBox.information = staticmethod(lambda *a, **k: None)\n"
        "from untoc_desktop.ui.app import run_gui\n"
        f"sys.exit(run_gui(__import__('pathlib').Path({str(ws_path)!r}), 'fr'))\n"
    )
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    try:
        proc = subprocess.Popen(
            [sys.executable, "-c", script],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        qtbot.waitUntil(lambda: bool(activated), timeout=20000)
        out, err = proc.communicate(timeout=20)
    finally:
        single_instance.release(ws_path)
    assert proc.returncode == 0
    assert "déjà ouvert" in err or "already open" in err  # the message, in the language asked for
    assert not ws_path.exists()  # the second instance never touched the workspace


def test_already_running_is_false_for_the_first_instance(qapp, tmp_path: Path, messages) -> None:
    path = tmp_path / "ws.untocdb"
    try:
        assert appmod.already_running(path, lambda: None) is False
        assert messages == []
    finally:
        single_instance.release(path)


# -------------------------------------------------------------------------------- recovery at start
def test_damaged_workspace_is_set_aside_and_the_latest_backup_restored(
    tmp_path: Path, user_settings, monkeypatch, messages
) -> None:  # noqa: ANN001
    ws_path = tmp_path / "ws.untocdb"
    _make(ws_path, "Before the damage")
    with Workspace.open(ws_path) as ws:
        backup.create_backup(ws)
    _corrupt(ws_path)
    damaged = ws_path.read_bytes()
    offered: list[object] = []

    def choose(report, parent) -> RecoveryChoice:  # noqa: ANN001
        offered.append(report)
        return RecoveryChoice.RESTORE_LATEST

    monkeypatch.setattr(
        RecoveryDialog, "ask", classmethod(lambda cls, report, parent: choose(report, parent))
    )
    seen: list[object] = []
    monkeypatch.setattr(QApplication, "exec", _exec_recording(seen))

    assert appmod.run_gui(ws_path, "en") == 0

    assert len(offered) == 1 and offered[0].latest_good_backup is not None
    aside = list(tmp_path.glob("ws.untocdb.damaged-*"))
    assert [p.read_bytes() for p in aside if not p.name.endswith(("-wal", "-shm"))] == [damaged]
    assert seen == [["Before the damage"]]
    # The start-up backup ran in its thread and was written before the app exited.
    assert len(backup.list_backups(ws_path)) == 2


def test_damaged_workspace_quit_changes_nothing_more(
    tmp_path: Path, user_settings, monkeypatch, messages
) -> None:  # noqa: ANN001
    ws_path = tmp_path / "ws.untocdb"
    _make(ws_path, "Lost")
    _corrupt(ws_path)
    monkeypatch.setattr(
        RecoveryDialog, "ask", classmethod(lambda cls, report, parent: RecoveryChoice.QUIT)
    )
    monkeypatch.setattr(QApplication, "exec", lambda *a: pytest.fail("the window must not start"))
    assert appmod.run_gui(ws_path, "en") == 1
    assert not ws_path.exists() and len(list(tmp_path.glob("ws.untocdb.damaged-*"))) >= 1


def test_encrypted_workspace_asks_again_after_a_wrong_passphrase(
    tmp_path: Path, user_settings, monkeypatch, messages
) -> None:  # noqa: ANN001
    ws_path = tmp_path / "ws.untocdb"
    _make(ws_path, "Encrypted", PASS)
    answers = iter(["wrong passphrase typed", PASS])
    errors: list[str | None] = []

    def fake_ask(parent, path, error=None):  # noqa: ANN001, ANN202
        errors.append(error)
        return next(answers)

    monkeypatch.setattr(passphrase_dialogs, "ask_passphrase", fake_ask)
    seen: list[object] = []
    monkeypatch.setattr(QApplication, "exec", _exec_recording(seen))
    assert appmod.run_gui(ws_path, "en") == 0
    assert errors[0] is None and "does not open" in (errors[1] or "")
    assert seen == [["Encrypted"]]
    newest = backup.list_backups(ws_path)[0].path
    assert b"finding 1" not in newest.read_bytes()  # the start-up backup is encrypted too


def test_passphrase_prompt_cancelled_exits_1_untouched(
    tmp_path: Path, user_settings, monkeypatch, messages
) -> None:  # noqa: ANN001
    ws_path = tmp_path / "ws.untocdb"
    _make(ws_path, "Encrypted", PASS)
    before = ws_path.read_bytes()
    monkeypatch.setattr(passphrase_dialogs, "ask_passphrase", lambda *a, **k: None)
    monkeypatch.setattr(QApplication, "exec", lambda *a: pytest.fail("the window must not start"))
    assert appmod.run_gui(ws_path, "en") == 1
    assert ws_path.read_bytes() == before and not backup.list_backups(ws_path)


def _newest_main_window(earlier: set[int]):  # noqa: ANN202
    return next(
        w
        for w in QApplication.topLevelWidgets()
        if w.objectName() == "MainWindow" and w.isVisible() and id(w) not in earlier
    )


def test_after_a_clean_close_the_check_runs_behind_the_window_and_damage_reopens_through_recovery(
    qtbot, tmp_path: Path, user_settings, monkeypatch, messages
) -> None:  # noqa: ANN001
    ws_path = tmp_path / "ws.untocdb"
    _make(ws_path, "Before the damage")
    with Workspace.open(ws_path) as ws:
        backup.create_backup(ws)
    checked_first: list[bool] = []
    real_open = recovery.open_or_recover

    def recording_open(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        checked_first.append(kwargs.get("check_now", True))
        return real_open(*args, **kwargs)

    monkeypatch.setattr(recovery, "open_or_recover", recording_open)

    # A first session ends cleanly: checked before its window, and its clean close is remembered.
    seen: list[object] = []
    monkeypatch.setattr(QApplication, "exec", _exec_recording(seen))
    assert appmod.run_gui(ws_path, "en") == 0
    assert checked_first == [True] and seen == [["Before the damage"]]

    # Damage that keeps the file's size and time, as a failing disk does: the window opens at once
    # and the check behind it finds the damage, says so, and the workspace is reopened through the
    # recovery.
    info = ws_path.stat()
    data = bytearray(ws_path.read_bytes())
    last_page = (
        len(data) // 4096 - 1
    ) * 4096  # findings' pages: the file still opens, the check fails
    data[last_page + 200 : last_page + 800] = b"\xab" * 600
    ws_path.write_bytes(bytes(data))
    os.utime(ws_path, ns=(info.st_atime_ns, info.st_mtime_ns))
    damaged = ws_path.read_bytes()
    offered: list[object] = []
    monkeypatch.setattr(
        RecoveryDialog,
        "ask",
        classmethod(
            lambda cls, report, parent: offered.append(report) or RecoveryChoice.RESTORE_LATEST
        ),
    )
    rounds: list[object] = []
    earlier = {id(w) for w in QApplication.topLevelWidgets()}

    def fake_exec(*_args) -> int:
        window = _newest_main_window(earlier)
        earlier.add(id(window))
        if not rounds:  # the session opened unchecked: let the check behind it close the window
            rounds.append("unchecked")
            qtbot.waitUntil(lambda: not window.isVisible(), timeout=30000)
            return 0
        rounds.append([d["title"] for d in window.ws.dossiers()])
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert appmod.run_gui(ws_path, "en") == 0
    # unchecked, then checked (damaged: set aside, backup restored), then the restored file, checked
    assert checked_first == [True, False, True, True]
    assert [title for title, _text in messages] == ["The workspace is damaged"]
    assert len(offered) == 1 and offered[0].latest_good_backup is not None
    assert rounds == ["unchecked", ["Before the damage"]]
    aside = [
        p for p in tmp_path.glob("ws.untocdb.damaged-*") if not p.name.endswith(("-wal", "-shm"))
    ]
    assert len(aside) == 1 and aside[0].read_bytes()[:4096] == damaged[:4096]


def test_a_file_changed_since_the_clean_close_is_checked_first(
    tmp_path: Path, user_settings, monkeypatch, messages
) -> None:  # noqa: ANN001
    ws_path = tmp_path / "ws.untocdb"
    _make(ws_path, "Shared")
    checked_first: list[bool] = []
    real_open = recovery.open_or_recover
    monkeypatch.setattr(
        recovery,
        "open_or_recover",
        lambda *a, **k: checked_first.append(k.get("check_now", True)) or real_open(*a, **k),
    )
    seen: list[object] = []
    monkeypatch.setattr(QApplication, "exec", _exec_recording(seen))
    assert appmod.run_gui(ws_path, "en") == 0
    with Workspace.open(ws_path) as ws:  # another program, or a copy put in its place
        ws.create_dossier(title="Added elsewhere")
    assert appmod.run_gui(ws_path, "en") == 0
    assert appmod.run_gui(ws_path, "en") == 0
    assert checked_first == [True, True, False]


# -------------------------------------------------------------------------------- automatic backups
def test_auto_backup_of_an_encrypted_workspace_is_encrypted_and_restorable(
    qtbot, tmp_path: Path
) -> None:
    ws_path = tmp_path / "ws.untocdb"
    _make(ws_path, "Secret shelter list", PASS)
    ws = Workspace.open(ws_path, passphrase=PASS)
    try:
        auto = AutoBackup(ws)
        with qtbot.waitSignal(auto.made, timeout=20000) as made:
            auto.start()
        written: Path = made.args[0]
        auto.stop()
    finally:
        ws.close()
    data = written.read_bytes()
    assert (
        b"Secret shelter list" not in data
        and b"finding 1" not in data
        and not data.startswith(b"SQLite")
    )
    other = tmp_path / "restored" / "ws.untocdb"
    backup.restore_from(written, other, passphrase=PASS)
    with Workspace.open(other, passphrase=PASS) as restored:
        assert [d["title"] for d in restored.dossiers()] == ["Secret shelter list"]


def test_daily_check_copies_only_when_the_last_backup_is_a_day_old(qtbot, ws: Workspace) -> None:
    auto = AutoBackup(ws)
    first = backup.create_backup(ws)
    auto.run_if_due()
    assert not auto.busy and len(backup.list_backups(ws.path)) == 1
    old_stamp = (datetime.now(UTC) - timedelta(days=2)).strftime("%Y%m%dT%H%M%S%fZ")
    first.rename(first.with_name(f"{ws.path.stem}.backup-{old_stamp}.untocdb"))
    with qtbot.waitSignal(auto.made, timeout=20000):
        auto.run_if_due()
    assert len(backup.list_backups(ws.path)) == 2
    auto.stop()


def test_a_failed_backup_is_reported_not_raised(qtbot, ws: Workspace) -> None:
    (ws.path.parent / "backups").write_text("a file where the folder should be")
    auto = AutoBackup(ws)
    with qtbot.waitSignal(auto.failed, timeout=20000) as failed:
        auto.start()
    assert "automatic backup was not made" in failed.args[0]
    auto.stop()
    Workspace.open(ws.path, lock=False).close()  # the workspace itself is fine


def test_paused_backups_start_nothing(qtbot, ws: Workspace) -> None:
    auto = AutoBackup(ws)
    auto.pause()
    assert auto.run(at_start=True) is False
    auto.resume()
    assert auto.run(at_start=True) is True
    auto.stop()
    assert len(backup.list_backups(ws.path)) == 1


def test_after_the_first_paint_the_backup_starts_and_sqlite_utils_is_loaded_while_idle(
    qtbot, monkeypatch
) -> None:  # noqa: ANN001
    """The session's first write (opening a dossier saves its step) must not pay for importing
    sqlite-utils: it is imported once the window is up, in the idle time after the first paint."""
    started: list[bool] = []
    imported: list[bool] = []

    class FakeAuto:
        def start(self, *, check_first: bool) -> None:
            started.append(check_first)

    monkeypatch.setattr(appmod, "preload_sqlite_utils", lambda: imported.append(True))
    appmod._after_first_paint(FakeAuto(), check_first=True)  # type: ignore[arg-type]
    assert started == [True] and imported == []  # not in the paint's own turn of the event loop
    qtbot.waitUntil(lambda: imported == [True], timeout=2000)


def test_the_window_says_when_a_clear_text_leftover_was_erased(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """Issue 20: a killed passphrase change left a clear-text copy; the start erases it and says so
    (the command line prints the same warning)."""
    import shutil

    from PySide6.QtWidgets import QMessageBox

    from untoc_desktop.store.workspace import Workspace
    from untoc_desktop.ui import app

    path = tmp_path / "ws.untocdb"
    Workspace.open(path).close()
    clear = tmp_path / "clear.untocdb"
    Workspace.open(clear).close()
    leftover = path.with_name(f".~untoc-{path.name}-0a1b2c3d.tmp")
    shutil.copyfile(clear, leftover)
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text)
    )
    ws = app.open_workspace(path)
    assert ws is not None
    ws.close()
    assert not leftover.exists()
    assert len(shown) == 1 and str(leftover) in shown[0] and "erased" in shown[0]


def test_the_settings_hold_nothing_that_names_or_fingerprints_the_workspace(
    tmp_path: Path, user_settings, monkeypatch, messages
) -> None:  # noqa: ANN001
    """Issue 19: settings held ``cleanClose/<sha256 of the path>``, tying a seized workspace to the
    laptop. The clean close is now recorded beside the workspace; old keys are dropped."""
    import hashlib

    ws_path = tmp_path / "stick" / "Tumbes-witnesses.untocdb"
    ws_path.parent.mkdir()
    _make(ws_path, "Shared")
    QSettings().setValue("cleanClose/0123456789abcdef0123", "1:2")  # left by an earlier release
    QSettings().sync()
    monkeypatch.setattr(QApplication, "exec", _exec_recording([]))
    assert appmod.run_gui(ws_path, "en") == 0
    QSettings().sync()
    digest = hashlib.sha256(str(ws_path.resolve()).encode()).hexdigest()
    stored = "".join(
        p.read_text(errors="replace") for p in (tmp_path / "settings").rglob("*") if p.is_file()
    )
    assert "cleanClose" not in stored and digest[:20] not in stored
    assert "Tumbes" not in stored and str(ws_path.stat().st_size) + ":" not in stored
    assert (ws_path.parent / "Tumbes-witnesses.untocdb.clean").exists()
