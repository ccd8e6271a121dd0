"""Where the app offers the plenary (a joint declaration to the Conference of the Parties) and the
national consultations (the submission), it shows rule 17(3) and the pilot-initiative guidance,
worded once in ``channels.json`` (issue 23)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from untoc_desktop import i18n
from untoc_desktop.core import declaration as decl
from untoc_desktop.core.reference import load
from untoc_desktop.ui.entry_points.declaration_editor import DeclarationEditor
from untoc_desktop.ui.entry_points.new_dossier import NewDossierDialog


def _visible_text(widget: QWidget) -> str:
    labels = widget.findChildren(QLabel)
    return " ".join(label.text() for label in labels if label.isVisibleTo(widget))


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_new_dossier_choice_shows_rule_17_3_and_pilot_initiatives(qtbot, lang: str) -> None:  # noqa: ANN001
    i18n.set_language(lang)
    try:
        dialog = NewDossierDialog()
        qtbot.addWidget(dialog)
        dialog.show()
        text = _visible_text(dialog)
        ref = load()
        assert ref.channel("rule_17_3").what(lang) in text
        assert ref.channel("pilot_initiatives").what(lang) in text
    finally:
        i18n.set_language("en")


def test_declaration_editor_shows_rule_17_3(qtbot, ws) -> None:  # noqa: ANN001
    editor = DeclarationEditor(ws, decl.create_declaration(ws, title="To the Conference"))
    qtbot.addWidget(editor)
    editor.show()
    assert load().channel("rule_17_3").what("en") in _visible_text(editor)
