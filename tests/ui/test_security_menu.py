"""The Security menu end to end: set/change/remove the passphrase with the window kept as it was,
lock, preferences."""

from __future__ import annotations

from pathlib import Path

import pytest
from a11y_helpers import accessible_name
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QMessageBox

from untoc_desktop.store import backup
from untoc_desktop.store.db import SQLITE_HEADER, PassphraseRequiredError
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui import security
from untoc_desktop.ui.context import AppContext
from untoc_desktop.ui.lock import SETTINGS_KEY
from untoc_desktop.ui.main_window import MainWindow
from untoc_desktop.ui.passphrase_dialogs import PassphraseChange
from untoc_desktop.ui.qt_i18n import apply_language

NEW = "a long and new passphrase 2024"
OTHER = "another long passphrase for this"


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:  # noqa: ANN001
    shown: list[tuple[str, str]] = []
    for name in ("information", "warning"):
        monkeypatch.setattr(
            QMessageBox, name, lambda parent, title, text, *a, **k: shown.append((title, text))
        )
    return shown


@pytest.fixture
def window(qtbot, ws: Workspace, settings: QSettings) -> MainWindow:
    win = MainWindow(AppContext(ws, settings))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    yield win
    apply_language("en")
    qtbot.wait(10)
    if win.ctx.ws is not ws:  # a passphrase change opened a new connection: close it too
        win.ctx.ws.close()


def _answer(monkeypatch, change: PassphraseChange | None) -> None:  # noqa: ANN001
    monkeypatch.setattr(security, "ask_passphrase_change", lambda parent, mode: change)


def test_set_passphrase_encrypts_and_keeps_the_open_dossier_at_its_step(
    qtbot, window: MainWindow, ws: Workspace, monkeypatch, messages
) -> None:  # noqa: ANN001
    dossier = ws.create_dossier(title="Fisheries", country="KE")
    window.list_page.model.refresh()
    window.open_dossier(dossier, step=3)
    assert (
        window.set_passphrase_action.isEnabled() and not window.change_passphrase_action.isEnabled()
    )
    _answer(monkeypatch, PassphraseChange("set", None, NEW))

    window.set_passphrase_action.trigger()

    assert window.ws.passphrase == NEW
    assert ws.path.read_bytes()[:16] != SQLITE_HEADER and b"Fisheries" not in ws.path.read_bytes()
    assert window.dossier_id == dossier and window.wizard.current_step() == 3
    assert window.ws.dossier(dossier)["title"] == "Fisheries"  # the reopened connection works
    assert (
        window.change_passphrase_action.isEnabled() and window.remove_passphrase_action.isEnabled()
    )
    assert not window.set_passphrase_action.isEnabled()
    assert (
        window.lock.check is not None and window.lock.check(NEW) and not window.lock.check("wrong")
    )
    assert messages and "now encrypted" in messages[-1][1]
    with pytest.raises(PassphraseRequiredError):
        Workspace.open(ws.path, lock=False).close()


def test_change_then_remove_passphrase(
    qtbot, window: MainWindow, ws: Workspace, monkeypatch, messages
) -> None:  # noqa: ANN001
    _answer(monkeypatch, PassphraseChange("set", None, NEW))
    window.set_passphrase_action.trigger()
    _answer(monkeypatch, PassphraseChange("change", NEW, OTHER))
    window.change_passphrase_action.trigger()
    assert window.ws.passphrase == OTHER and window.lock.check(OTHER)
    Workspace.open(ws.path, lock=False, passphrase=OTHER).close()
    _answer(monkeypatch, PassphraseChange("remove", OTHER, None))
    window.remove_passphrase_action.trigger()
    assert window.ws.passphrase is None and window.lock.check is None
    assert ws.path.read_bytes()[:16] == SQLITE_HEADER
    assert window.set_passphrase_action.isEnabled()


def test_wrong_current_passphrase_changes_nothing_and_the_window_keeps_working(
    qtbot, window: MainWindow, ws: Workspace, monkeypatch, messages
) -> None:  # noqa: ANN001
    _answer(monkeypatch, PassphraseChange("set", None, NEW))
    window.set_passphrase_action.trigger()
    before = ws.path.read_bytes()
    _answer(monkeypatch, PassphraseChange("change", "not the passphrase at all", OTHER))
    messages.clear()

    assert security.change_passphrase(window.ctx, window, "change") is False

    assert len(messages) == 1 and messages[0][0] == "The passphrase was not changed"
    assert window.ws.passphrase == NEW and ws.path.read_bytes() == before
    window.ws.create_dossier(title="Still writable")  # reopened with the old passphrase
    assert window.centralWidget().isEnabled() and window.menuBar().isEnabled()


def test_cancelled_dialog_changes_nothing(
    qtbot, window: MainWindow, ws: Workspace, monkeypatch, messages
) -> None:  # noqa: ANN001
    before = ws.path.read_bytes()
    _answer(monkeypatch, None)
    assert security.change_passphrase(window.ctx, window, "set") is False
    assert window.ws.passphrase is None and messages == [] and ws.path.read_bytes() == before


def test_lock_now_hides_the_work_and_the_new_passphrase_unlocks(
    qtbot, window: MainWindow, monkeypatch, messages
) -> None:  # noqa: ANN001
    _answer(monkeypatch, PassphraseChange("set", None, NEW))
    window.set_passphrase_action.trigger()
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    window.lock_action.trigger()
    assert window.lock.locked and not window.new_action.isEnabled()
    assert window.lock.try_unlock("wrong") is False and window.lock.locked
    assert window.lock.try_unlock(NEW) is True and not window.lock.locked
    assert window.new_action.isEnabled()


def test_preferences_store_idle_minutes_and_backups_kept(
    qtbot, window: MainWindow, ws: Workspace, settings: QSettings, monkeypatch
) -> None:  # noqa: ANN001
    def fake_exec(dialog: security.PreferencesDialog) -> int:
        # Named by their labels (issue 22), as a screen reader reads them.
        assert accessible_name(dialog.lock_minutes) and accessible_name(dialog.keep)
        dialog.lock_minutes.setValue(3)
        dialog.keep.setValue(4)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(security.PreferencesDialog, "exec", fake_exec)
    assert security.show_preferences(window.ctx, window) is True
    assert int(settings.value(SETTINGS_KEY)) == 3
    assert window.lock.watcher._timer.interval() == 3 * 60_000
    assert backup.keep_count(ws) == 4


def test_preferences_refuse_out_of_range_values(
    qtbot, window: MainWindow, ws: Workspace, settings
) -> None:  # noqa: ANN001
    dialog = security.PreferencesDialog(ws, settings, window)
    qtbot.addWidget(dialog)
    dialog.lock_minutes.lineEdit().setText("9999")
    dialog.lock_minutes.interpretText()
    dialog.keep.setValue(0)
    assert 0 <= dialog.lock_minutes.value() <= 240 and dialog.keep.value() == 1
    assert dialog.lock_minutes.specialValueText() == "Never"


def test_preferences_cancel_changes_nothing(
    qtbot, window: MainWindow, ws: Workspace, settings, monkeypatch
) -> None:  # noqa: ANN001
    monkeypatch.setattr(
        security.PreferencesDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected
    )
    assert security.show_preferences(window.ctx, window) is False
    assert settings.value(SETTINGS_KEY) is None and backup.keep_count(ws) == backup.DEFAULT_KEEP


def test_security_menu_lists_every_action_with_names(window: MainWindow) -> None:
    texts = [a.text() for a in window.security_menu.actions() if not a.isSeparator()]
    assert texts == [
        "&Lock now",
        "&Set passphrase…",
        "&Change passphrase…",
        "&Remove passphrase…",
        "&Preferences…",
    ]
    assert all(a.statusTip() for a in window.security_menu.actions() if not a.isSeparator())
