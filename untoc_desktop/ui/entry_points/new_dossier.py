"""The choice of what to prepare: a submission (the wizard), a dialogue statement
or a declaration."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.core import declaration as decl
from untoc_desktop.core import statement as st
from untoc_desktop.i18n import N_, _, current_language
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui.wizard.channels import channel_note

#: The three entry points of the guide (Part 3), with what each choice prepares.
KINDS: dict[str, tuple[str, str]] = {
    "submission": (
        N_("Submission on the State's review"),
        N_("National consultations on the self-assessment: the step-by-step dossier."),
    ),
    "dialogue_statement": (
        N_("Statement to a constructive dialogue"),
        N_("Written comments to a dialogue held after a working group session."),
    ),
    "declaration": (
        N_("Joint declaration"),
        N_("A declaration to the Conference of the Parties, signed by several organizations."),
    ),
}

#: The guide's advice shown under a choice (``channels.json``): the submission is the national
#: consultations' entry point, where the pilot initiatives belong; a joint declaration goes to the
#: plenary, which organizations attend under rule 17(3).
GUIDANCE: dict[str, tuple[str, ...]] = {
    "submission": ("pilot_initiatives",),
    "declaration": ("rule_17_3",),
}


class NewDossierDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New dossier"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("What do you want to prepare?"))
        layout.addWidget(intro)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for kind, (label, hint) in KINDS.items():
            button = QRadioButton(_(label))
            button.setAccessibleName(_(label))
            button.setAccessibleDescription(_(hint))
            button.setToolTip(_(hint))
            self.group.addButton(button)
            self.buttons[kind] = button
            note = QLabel(_(hint))
            note.setWordWrap(True)
            note.setIndent(24)
            layout.addWidget(button)
            layout.addWidget(note)
            for channel_id in GUIDANCE.get(kind, ()):
                guidance = QLabel(channel_note(channel_id, current_language()))
                guidance.setWordWrap(True)
                guidance.setIndent(24)
                guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                font = guidance.font()
                font.setPointSizeF(font.pointSizeF() * 0.9)
                guidance.setFont(font)
                layout.addWidget(guidance)
        self.buttons["submission"].setChecked(True)
        self.title_label = QLabel(_("&Title:"))
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(_("Title"))
        self.title_label.setBuddy(self.title_edit)
        layout.addWidget(self.title_label)
        layout.addWidget(self.title_edit)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def kind(self) -> str:
        return next(k for k, b in self.buttons.items() if b.isChecked())

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> tuple[str, str] | None:
        """(kind, title), or None when the user cancelled."""
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.kind(), dialog.title_edit.text().strip()


def create(ws: Workspace, kind: str, title: str) -> str:
    """Create the chosen kind of dossier in the interface language."""
    lang = current_language()
    if kind == "dialogue_statement":
        return st.create_statement(ws, title=title, language=lang)
    if kind == "declaration":
        return decl.create_declaration(ws, title=title, language=lang)
    return ws.create_dossier(title=title, country=ws.organization()["country"], language=lang)
