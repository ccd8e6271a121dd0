"""The statement and declaration editors, the new-dossier choice and the registration reminder."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import shell_pseudo as pseudo
from a11y_helpers import accessible_name, focusable
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from untoc_desktop.core import declaration as decl
from untoc_desktop.core import statement as st
from untoc_desktop.ui.context import AppContext
from untoc_desktop.ui.entry_points.declaration_editor import DeclarationEditor
from untoc_desktop.ui.entry_points.new_dossier import NewDossierDialog
from untoc_desktop.ui.entry_points.statement_editor import SourcesDialog, StatementEditor
from untoc_desktop.ui.main_window import MainWindow
from untoc_desktop.ui.qt_i18n import apply_language


@pytest.fixture
def statement_editor(ws, qtbot) -> StatementEditor:
    did = st.create_statement(
        ws, title="TIP dialogue", working_group="TIP", dialogue_date="2026-05-04"
    )
    st.save_fields(
        ws, did, statement_text="Les Kényanes et les victimes au Mexique.\nThe State party."
    )
    editor = StatementEditor(ws, did)
    qtbot.addWidget(editor)
    editor.resize(1366, 700)
    editor.show()
    return editor


@pytest.fixture
def declaration_editor(ws, qtbot) -> DeclarationEditor:
    ws.save_organization(name="Alliance")
    did = decl.create_declaration(ws, title="Declaration")
    decl.add_section(ws, did, "Preamble", "We...")
    decl.add_signatory(ws, did, kind="organization", name="Rapha International", country="US")
    editor = DeclarationEditor(ws, did)
    qtbot.addWidget(editor)
    editor.resize(1366, 700)
    editor.show()
    return editor


def test_statement_editor_lists_and_highlights_every_mention(statement_editor) -> None:
    model = statement_editor.mentions_model
    rows = [model.index(r).data() for r in range(model.rowCount())]
    assert len(rows) == 2
    assert "Kényanes" in rows[0] and "line 1" in rows[0] and "Mexique" in rows[1]
    assert len(statement_editor.text_edit.extraSelections()) == 2
    statement_editor.go_to_mention(model.index(1))
    assert statement_editor.text_edit.textCursor().selectedText() == "Mexique"


def test_statement_text_is_checked_and_saved_as_the_user_types(statement_editor, ws, qtbot) -> None:
    statement_editor.text_edit.setPlainText("A general statement about victims.")
    qtbot.waitUntil(lambda: statement_editor.mentions_model.rowCount() == 0)
    statement_editor.autosaver.flush()
    assert (
        ws.dossier(statement_editor.dossier_id)["statement_text"]
        == "A general statement about victims."
    )
    assert "5 words of 500" in statement_editor.count_label.text()


def test_a_bad_dialogue_date_shows_an_error_and_changes_nothing(
    statement_editor, ws, qtbot
) -> None:
    qtbot.keyClicks(statement_editor.date_edit, "x")  # "2026-05-04x"
    statement_editor.autosaver.flush()
    assert (
        statement_editor.date_error.isVisible()
        and "not a date" in statement_editor.date_error.text()
    )
    assert ws.dossier(statement_editor.dossier_id)["dialogue_date"] == "2026-05-04"


def test_insert_from_findings(statement_editor, ws, monkeypatch) -> None:
    source = ws.create_dossier(title="Report")
    rec = ws.add_finding(source, "recommendation", "Fund shelters in Kenya.")
    monkeypatch.setattr(SourcesDialog, "ask", classmethod(lambda cls, items, parent=None: [rec]))
    statement_editor.insert_from_findings()
    assert statement_editor.text_edit.toPlainText().endswith("Fund shelters in Kenya.")
    assert statement_editor.mentions_model.rowCount() == 3


def test_declaration_editor_adds_signatories_and_refuses_bad_ones(declaration_editor, ws) -> None:
    editor = declaration_editor
    editor.name_edit.setText("   ")
    assert editor.add_signatory() is None and editor.signatory_error.isVisible()
    editor.name_edit.setText("Richard Anthony")
    editor.agreed_on_edit.setText("31/12/2025")
    assert editor.add_signatory() is None
    editor.agreed_on_edit.setText("2025-12-31")
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData("individual"))
    assert editor.add_signatory() is not None
    names = [
        editor.signatories_model.index(r, 1).data()
        for r in range(editor.signatories_model.rowCount())
    ]
    assert names == ["Rapha International", "Richard Anthony"]


def test_endorsing_then_changing_the_text_asks_again(declaration_editor, ws, qtbot) -> None:
    editor = declaration_editor
    editor.signatories_view.selectRow(0)
    editor.endorse_selected()
    assert editor.signatories_model.rows[0].status == "verified"
    editor.section_text.setPlainText("We, changed...")
    editor.autosaver.flush()
    assert editor.signatories_model.rows[0].status == "needs_renewal"
    assert (
        editor.renewal_label.isVisibleTo(editor) and "ask them again" in editor.renewal_label.text()
    )


def test_endorse_without_a_selection_explains(declaration_editor, monkeypatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    declaration_editor.signatories_view.clearSelection()
    declaration_editor.signatories_view.setCurrentIndex(
        declaration_editor.signatories_model.index(-1, -1)
    )
    declaration_editor.endorse_selected()
    assert told and declaration_editor.signatories_model.rows[0].status == "recorded"


@pytest.mark.parametrize("which", ["statement_editor", "declaration_editor"])
def test_every_focusable_control_has_an_accessible_name(which, request) -> None:
    editor = request.getfixturevalue(which)
    unnamed = [
        f"{type(w).__name__} {w.objectName()}" for w in focusable(editor) if not accessible_name(w)
    ]
    assert unnamed == []


@pytest.mark.parametrize("which", ["statement_editor", "declaration_editor"])
def test_editors_retranslate(which, request, qtbot, monkeypatch) -> None:
    pseudo.install(monkeypatch)
    editor = request.getfixturevalue(which)
    before = editor.back_button.accessibleName()
    try:
        apply_language("fr")
        qtbot.waitUntil(lambda: editor.back_button.accessibleName() != before)
        assert (
            pseudo.MARK in editor.heading.text()
            and pseudo.MARK in editor.export_button.accessibleName()
        )
    finally:
        apply_language("en")
    qtbot.waitUntil(lambda: editor.back_button.accessibleName() == before)


def test_new_dossier_dialog_names_its_choices(qtbot) -> None:
    dialog = NewDossierDialog()
    qtbot.addWidget(dialog)
    assert all(accessible_name(b) for b in dialog.buttons.values())
    dialog.buttons["declaration"].setChecked(True)
    assert dialog.kind() == "declaration"


@pytest.fixture
def window(qtbot, ws, tmp_path: Path) -> MainWindow:
    win = MainWindow(AppContext(ws, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    yield win
    apply_language("en")
    qtbot.wait(10)


def test_main_window_creates_and_opens_each_kind(window, ws, monkeypatch) -> None:
    for kind, editor in (
        ("dialogue_statement", StatementEditor),
        ("declaration", DeclarationEditor),
    ):
        monkeypatch.setattr(
            NewDossierDialog, "ask", classmethod(lambda cls, parent=None, k=kind: (k, "New"))
        )
        dossier_id = window._entry_points.new_of_kind()
        assert ws.dossier(dossier_id)["kind"] == kind and isinstance(window.wizard, editor)
        window.show_list()


def test_main_window_shows_the_registration_reminder_with_days_left(window, ws) -> None:
    reminder = window._entry_points.reminder
    assert not window._entry_points.bar.isVisibleTo(window)
    dialogue = date.today() + timedelta(days=18)
    st.create_statement(ws, title="SOM dialogue", dialogue_date=dialogue.isoformat())
    window.list_page.model.refresh()
    assert window._entry_points.bar.isVisibleTo(window)
    assert "3 days" in reminder.label.text() and "SOM dialogue" in reminder.label.text()
    reminder.open_button.click()
    assert isinstance(window.wizard, StatementEditor)
