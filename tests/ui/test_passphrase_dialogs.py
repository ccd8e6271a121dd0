"""The unlock prompt and the set/change/remove dialog, on their own and end to end on a
workspace."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from untoc_desktop.store import encryption
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui.passphrase_dialogs import (
    PassphraseDialog,
    UnlockDialog,
    apply_change,
    ask_passphrase,
    ask_passphrase_change,
)

GOOD = "four words make it long"


def _ok(dialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_set_dialog_refuses_until_everything_is_right(qtbot) -> None:
    dialog = PassphraseDialog("set")
    qtbot.addWidget(dialog)
    assert "cannot be recovered" in dialog.warning.text() and not _ok(dialog)
    dialog.new.setText("short")
    assert "too short" in dialog.error.text() and not _ok(dialog)
    dialog.new.setText(GOOD)
    dialog.confirm.setText(GOOD + "x")
    assert "not the same" in dialog.error.text() and not _ok(dialog)
    dialog.confirm.setText(GOOD)
    assert "Tick the box" in dialog.error.text() and not _ok(dialog)
    dialog.understood.setChecked(True)
    assert _ok(dialog) and dialog.error.text() == ""
    assert dialog.meter.value() >= 2 and dialog.hint.text()
    change = dialog.result_change()
    assert (change.mode, change.old, change.new) == ("set", None, GOOD)


def test_change_dialog_needs_the_current_and_a_different_new_one(qtbot) -> None:
    dialog = PassphraseDialog("change")
    qtbot.addWidget(dialog)
    dialog.new.setText(GOOD)
    dialog.confirm.setText(GOOD)
    dialog.understood.setChecked(True)
    assert "current passphrase" in dialog.error.text() and not _ok(dialog)
    dialog.old.setText(GOOD)
    assert "same as the current" in dialog.error.text() and not _ok(dialog)
    dialog.old.setText("the old long passphrase")
    assert _ok(dialog)


def test_remove_dialog_warns_that_the_file_becomes_readable(qtbot) -> None:
    dialog = PassphraseDialog("remove")
    qtbot.addWidget(dialog)
    assert "in clear" in dialog.warning.text()
    dialog.old.setText("anything")
    assert not _ok(dialog)
    dialog.understood.setChecked(True)
    assert _ok(dialog)
    with pytest.raises(ValueError):
        PassphraseDialog("delete")


def _answer(text: str | None) -> None:
    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if text is None:
            dialog.reject()
        else:
            dialog.field.setText(text)
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, run)


def test_ask_passphrase_returns_what_was_typed_or_none(qtbot, tmp_path) -> None:
    _answer(GOOD)
    assert ask_passphrase(None, tmp_path / "w.untocdb") == GOOD
    _answer(None)
    assert ask_passphrase(None, tmp_path / "w.untocdb", error="Wrong passphrase") is None


def test_unlock_dialog_shows_the_error_and_needs_text(qtbot, tmp_path) -> None:
    dialog = UnlockDialog(tmp_path / "office.untocdb", None, "Wrong passphrase: try again")
    qtbot.addWidget(dialog)
    assert "office.untocdb" in dialog.text.text() and not dialog.error.isHidden()
    assert not _ok(dialog)
    dialog.field.setText("x")
    assert _ok(dialog) and dialog.field.accessibleName()


def test_dialog_then_apply_change_encrypts_the_workspace(qtbot, ws_path) -> None:
    with Workspace.open(ws_path) as ws:
        ws.create_dossier(title="Kept through encryption")

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        dialog.new.setText(GOOD)
        dialog.confirm.setText(GOOD)
        dialog.understood.setChecked(True)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill)
    change = ask_passphrase_change(None, "set")
    assert change is not None
    apply_change(ws_path, change)
    assert encryption.is_encrypted(ws_path)
    with Workspace.open(ws_path, passphrase=GOOD) as ws:
        assert [d["title"] for d in ws.dossiers()] == ["Kept through encryption"]
