"""Dialogs for the workspace passphrase: unlock at start, and set, change or remove it.

The dialogs only collect and check what the user types; the conversion itself is
``core.encryption`` (``apply_change`` below), which the caller runs with the workspace closed and,
for a large workspace, in a worker (``ui.worker.run_task``) so the window stays responsive.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import N_, _
from untoc_desktop.store import encryption
from untoc_desktop.ui.theme import set_role

MODES = ("set", "change", "remove")
#: Strength hint for scores 0-4 of ``encryption.strength``.
STRENGTH_TEXT = (
    N_("Too short"),
    N_("Weak: add more words"),
    N_("Fair: a longer phrase is safer"),
    N_("Good"),
    N_("Strong"),
)


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(300)
    return field


class UnlockDialog(QDialog):
    """Asks for the passphrase of an encrypted workspace when it is opened."""

    def __init__(self, path: Path, parent: QWidget | None = None, error: str | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.field = _password_field()
        self.error = QLabel(error or "")
        self.error.setWordWrap(True)
        set_role(self.error, "error")
        self.error.setVisible(bool(error))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        for widget in (self.text, self.field, self.error, self.buttons):
            box.addWidget(widget)
        self.field.textChanged.connect(self._update)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Encrypted workspace"))
        self.text.setText(
            _("The workspace {name} is encrypted. Enter its passphrase to open it.").format(
                name=self.path.name
            )
        )
        self.field.setAccessibleName(_("Workspace passphrase"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Open"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName(_("Open"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(_("Cancel"))

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.field.text()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def ask_passphrase(parent: QWidget | None, path: Path, error: str | None = None) -> str | None:
    """The passphrase the user typed to open ``path``, or None if they cancelled.

    ``error`` is shown above the buttons, e.g. the message of a ``WrongPassphraseError`` when
    the caller asks again.
    """
    dialog = UnlockDialog(path, parent, error)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.field.text()
    finally:
        dialog.field.clear()
        dialog.deleteLater()


@dataclass(frozen=True)
class PassphraseChange:
    mode: str
    old: str | None
    new: str | None


class PassphraseDialog(QDialog):
    """Set, change or remove the passphrase: fields, confirmation, strength hint and the warning."""

    def __init__(self, mode: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if mode not in MODES:
            raise ValueError(mode)
        self.mode = mode
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.old = _password_field()
        self.new = _password_field()
        self.confirm = _password_field()
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(8)
        self.hint = QLabel()
        self.show_text = QCheckBox()
        self.understood = QCheckBox()
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_role(self.error, "error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)

        self.form = QFormLayout()
        self._old_label, self._new_label, self._confirm_label = QLabel(), QLabel(), QLabel()
        if mode != "set":
            self.form.addRow(self._old_label, self.old)
        if mode != "remove":
            self.form.addRow(self._new_label, self.new)
            self.form.addRow("", self.meter)
            self.form.addRow("", self.hint)
            self.form.addRow(self._confirm_label, self.confirm)
        for label, field in (
            (self._old_label, self.old),
            (self._new_label, self.new),
            (self._confirm_label, self.confirm),
        ):
            label.setBuddy(field)
        box = QVBoxLayout(self)
        box.addWidget(self.warning)
        box.addLayout(self.form)
        box.addWidget(self.show_text)
        box.addWidget(self.understood)
        box.addWidget(self.error)
        box.addWidget(self.buttons)
        for field in (self.old, self.new, self.confirm):
            field.textChanged.connect(self._update)
        self.understood.toggled.connect(self._update)
        self.show_text.toggled.connect(self._toggle_echo)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        titles = {
            "set": _("Set a workspace passphrase"),
            "change": _("Change the workspace passphrase"),
            "remove": _("Remove the workspace passphrase"),
        }
        self.setWindowTitle(titles[self.mode])
        if self.mode == "remove":
            self.warning.setText(
                _(
                    "Without a passphrase the workspace is stored in clear: anyone who takes "
                    "this laptop or copies the file can read every dossier, name and attachment."
                )
            )
            self.understood.setText(
                _("I understand that the workspace will no longer be protected")
            )
        else:
            self.warning.setText(
                _(
                    "The passphrase encrypts the whole workspace on this computer. "
                    "If it is forgotten, the workspace cannot be recovered by anyone: not by you, "
                    "your partners or the developers. Write it down and keep it somewhere safe, "
                    "away from the laptop. Backups made before now are not encrypted: "
                    "delete them or keep them as safely."
                )
            )
            self.understood.setText(
                _("I understand that a forgotten passphrase cannot be recovered")
            )
        self._old_label.setText(_("&Current passphrase:"))
        self._new_label.setText(_("&New passphrase:"))
        self._confirm_label.setText(_("Con&firm new passphrase:"))
        self.old.setAccessibleName(_("Current passphrase"))
        self.new.setAccessibleName(_("New passphrase"))
        self.confirm.setAccessibleName(_("Confirm new passphrase"))
        self.meter.setAccessibleName(_("Passphrase strength"))
        self.show_text.setText(_("&Show what I type"))
        self.understood.setAccessibleName(self.understood.text())
        self.show_text.setAccessibleName(_("Show what I type"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText({"set": _("Encrypt"), "change": _("Change"), "remove": _("Remove")}[self.mode])
        ok.setAccessibleName(ok.text())
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(_("Cancel"))
        self._update()

    def _toggle_echo(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for field in (self.old, self.new, self.confirm):
            field.setEchoMode(mode)

    def problem(self) -> str | None:
        """Why the dialog cannot be accepted yet (None when it can)."""
        if self.mode != "set" and not self.old.text():
            return _("Enter the current passphrase.")
        if self.mode != "remove":
            try:
                encryption.check_new_passphrase(self.new.text())
            except UserError as exc:
                return str(exc)
            if self.new.text() != self.confirm.text():
                return _("The two new passphrases are not the same.")
            if self.mode == "change" and self.new.text() == self.old.text():
                return _("The new passphrase is the same as the current one.")
        if not self.understood.isChecked():
            return _("Tick the box to confirm you have read the warning.")
        return None

    def _update(self) -> None:
        score = encryption.strength(self.new.text())
        self.meter.setValue(score)
        self.hint.setText(_(STRENGTH_TEXT[score]) if self.new.text() else "")
        self.hint.setAccessibleName(self.hint.text())
        problem = self.problem()
        # Say what is missing only once the user has typed something, not on an empty form.
        typed = any(f.text() for f in (self.old, self.new, self.confirm))
        self.error.setText(problem if problem and typed else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)

    def _accept(self) -> None:
        if self.problem() is None:
            self.accept()

    def result_change(self) -> PassphraseChange:
        return PassphraseChange(
            self.mode,
            self.old.text() if self.mode != "set" else None,
            self.new.text() if self.mode != "remove" else None,
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def ask_passphrase_change(parent: QWidget | None, mode: str) -> PassphraseChange | None:
    """Run the set/change/remove dialog; None if cancelled. The fields are cleared afterwards."""
    dialog = PassphraseDialog(mode, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_change()
    finally:
        for field in (dialog.old, dialog.new, dialog.confirm):
            field.clear()
        dialog.deleteLater()


def apply_change(path: Path, change: PassphraseChange) -> None:
    """Carry out ``change`` on the (closed) workspace at ``path``; raises a
    translated ``UserError``."""
    if change.mode == "set":
        encryption.set_passphrase(path, change.new or "")
    elif change.mode == "change":
        encryption.change_passphrase(path, change.old or "", change.new or "")
    else:
        encryption.remove_passphrase(path, change.old or "")
