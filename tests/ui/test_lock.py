"""The lock screen: idle and Ctrl+L locking, hiding every window, unlocking without losing input."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLineEdit,
    QMainWindow,
    QWidget,
)

from untoc_desktop.ui.lock import (
    DEFAULT_MINUTES,
    SETTINGS_KEY,
    LockController,
    LockScreen,
    lock_minutes,
    passphrase_checker,
    set_lock_minutes,
)

PASS = "blue heron at dawn"


@pytest.fixture
def window(qtbot) -> QMainWindow:
    win = QMainWindow()
    win.setWindowTitle("Dossier: witness in Tumbes")
    win.editor = QLineEdit()
    win.setCentralWidget(win.editor)
    win.action = QAction("New dossier", win)
    win.addAction(win.action)
    qtbot.addWidget(win)
    win.resize(640, 480)
    win.show()
    qtbot.waitExposed(win)
    return win


def _screens(widget: QWidget) -> list[LockScreen]:
    return [s for s in widget.findChildren(LockScreen) if s.isVisible()]


def test_idle_time_locks_the_window(qtbot, window) -> None:
    ctrl = LockController(window, passphrase_checker(PASS), timeout_ms=150)
    qtbot.waitUntil(lambda: ctrl.locked, timeout=5000)
    [screen] = _screens(window)
    assert screen.geometry() == window.rect()
    assert window.windowTitle() == "UNTOC Desktop"
    assert not window.action.isEnabled()


def test_ctrl_l_locks_and_the_passphrase_unlocks_keeping_what_was_typed(qtbot, window) -> None:
    ctrl = LockController(window, passphrase_checker(PASS), timeout_ms=0)
    window.editor.setText("half-typed finding")
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)
    qtbot.keyClick(window.editor, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert ctrl.locked
    [screen] = _screens(window)
    assert screen.needs_passphrase and screen.field.isVisible()

    qtbot.keyClicks(screen.field, "wrong guess")
    qtbot.keyClick(screen.field, Qt.Key.Key_Return)
    assert ctrl.locked and "Wrong passphrase" in screen.error.text() and screen.field.text() == ""

    qtbot.keyClicks(screen.field, PASS)
    qtbot.keyClick(screen.field, Qt.Key.Key_Return)
    assert not ctrl.locked and _screens(window) == []
    assert window.editor.text() == "half-typed finding"
    assert window.windowTitle() == "Dossier: witness in Tumbes" and window.action.isEnabled()
    assert ctrl.watcher._timer.interval() == 0  # idle locking stays off when configured off


def test_idle_timer_restarts_after_unlock(qtbot, window) -> None:
    ctrl = LockController(window, None, timeout_ms=60_000)
    ctrl.lock()
    assert not ctrl.watcher._timer.isActive()  # no second lock while locked
    ctrl.try_unlock("")
    assert ctrl.watcher._timer.isActive()


def test_unencrypted_workspace_unlocks_with_a_click(qtbot, window) -> None:
    ctrl = LockController(window, None, timeout_ms=0)
    ctrl.lock()
    [screen] = _screens(window)
    assert not screen.field.isVisible() and "no passphrase" in screen.hint.text()
    qtbot.mouseClick(screen.button, Qt.MouseButton.LeftButton)
    assert not ctrl.locked


def test_open_dialogs_are_covered_too_and_stay_open(qtbot, window) -> None:
    dialog = QDialog(window)
    dialog.setWindowTitle("Finding: Qjolvarr saw the payment")
    field = QLineEdit(dialog)
    field.setText("unsaved words")
    dialog.show()
    qtbot.waitExposed(dialog)
    ctrl = LockController(window, passphrase_checker(PASS), timeout_ms=0)
    ctrl.lock()
    assert len(_screens(dialog)) == 1 and dialog.isVisible()
    assert dialog.windowTitle() == "UNTOC Desktop"
    _screens(dialog)[0].field.setText(PASS)
    _screens(dialog)[0].button.click()
    assert not ctrl.locked and dialog.isVisible() and field.text() == "unsaved words"
    assert dialog.windowTitle() == "Finding: Qjolvarr saw the payment"


def test_lock_screen_controls_have_accessible_names(qtbot, window) -> None:
    ctrl = LockController(window, passphrase_checker(PASS), timeout_ms=0)
    ctrl.lock()
    [screen] = _screens(window)
    for widget in screen.findChildren(QWidget):
        if isinstance(widget, QLineEdit | QAbstractButton):
            assert widget.accessibleName(), widget


def test_lock_minutes_setting(tmp_path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert lock_minutes(settings) == DEFAULT_MINUTES
    set_lock_minutes(settings, 3)
    assert lock_minutes(settings) == 3
    for bad in ("ten", -5, 100000):
        settings.setValue(SETTINGS_KEY, bad)
        assert lock_minutes(settings) == DEFAULT_MINUTES
    with pytest.raises(ValueError):
        set_lock_minutes(settings, -1)
    settings.sync()
    assert (
        PASS not in (tmp_path / "s.ini").read_text()
        and "lock_after_minutes" in (tmp_path / "s.ini").read_text()
    )


def test_passphrase_checker_normalizes_and_rejects() -> None:
    check = passphrase_checker("été sûr long")
    assert check is not None
    assert check("e\u0301te\u0301 su\u0302r long") and not check("ete sur long") and not check("")
    assert passphrase_checker(None) is None


# ------------------------------------------------------------------ nothing reaches the hidden work
def _locked_over_secret(qtbot, window) -> LockController:  # noqa: ANN001
    window.editor.setText("Secret title: witness in Tumbes")
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)
    window.editor.setFocus()
    ctrl = LockController(window, passphrase_checker(PASS), timeout_ms=0)
    ctrl.lock()
    return ctrl


def test_locked_keys_and_clicks_never_reach_the_hidden_work(qtbot, window) -> None:
    ctrl = _locked_over_secret(qtbot, window)
    [screen] = _screens(window)
    qtbot.keyClicks(window.editor, " typed while locked")
    qtbot.keyClick(window.editor, Qt.Key.Key_Backspace)
    qtbot.mouseDClick(window.editor, Qt.MouseButton.LeftButton)
    assert window.editor.text() == "Secret title: witness in Tumbes"
    assert not window.editor.isVisible()
    for _ in range(6):  # Tab stays on the lock screen
        qtbot.keyClick(QApplication.focusWidget() or screen.field, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused is None or focused in (screen.field, screen.button)
    screen.field.setText(PASS)
    screen.button.click()
    assert not ctrl.locked and window.editor.isVisible()
    assert window.editor.text() == "Secret title: witness in Tumbes"
    assert window.editor.hasFocus()  # the focus comes back where it was


def test_locked_ctrl_a_ctrl_c_copy_nothing_and_a_screen_reader_sees_only_the_lock(
    qtbot, window
) -> None:
    from PySide6.QtGui import QAccessible

    QApplication.clipboard().setText("copied elsewhere")
    _locked_over_secret(qtbot, window)
    qtbot.keyClick(window.editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.editor, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert "Secret" not in QApplication.clipboard().text()
    hidden = QAccessible.queryAccessibleInterface(window.editor)
    assert hidden.state().invisible
    [screen] = _screens(window)
    assert not QAccessible.queryAccessibleInterface(screen.field).state().invisible


def test_clipboard_text_from_the_app_is_cleared_on_locking(qtbot, window) -> None:
    window.editor.setText("sensitive finding")
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)
    ctrl = LockController(window, passphrase_checker(PASS), timeout_ms=0)
    window.editor.selectAll()
    window.editor.copy()
    assert QApplication.clipboard().text() == "sensitive finding"
    ctrl.lock()
    assert QApplication.clipboard().text() == ""


def test_ctrl_l_locks_from_a_modal_dialog(qtbot, window) -> None:
    ctrl = LockController(window, passphrase_checker(PASS), timeout_ms=0)
    dialog = QDialog(window)
    dialog.setWindowTitle("Export bundle: witness in Tumbes")
    field = QLineEdit(dialog)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow(), timeout=2000)
    qtbot.keyClick(field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert ctrl.locked and not field.isVisible()
    assert dialog.windowTitle() == "UNTOC Desktop"


def test_a_window_that_opens_while_locked_is_covered(qtbot, window) -> None:
    ctrl = LockController(window, passphrase_checker(PASS), timeout_ms=0)
    ctrl.lock()
    message = QDialog(window)
    message.setWindowTitle("Bundle imported: witness in Tumbes")
    text = QLineEdit("Imported 3 findings about Tumbes", message)
    message.show()
    qtbot.waitUntil(lambda: len(_screens(message)) == 1, timeout=2000)
    assert not text.isVisible() and message.windowTitle() == "UNTOC Desktop"
    ctrl.try_unlock(PASS)
    assert text.isVisible() and message.windowTitle() == "Bundle imported: witness in Tumbes"
