"""Issue 21: the sequences that lost work, replayed with real clicks and keys.

Select them with ``pytest -k "overwrite or undo or tab_order or search_returns"``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import shell_pseudo as pseudo
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from untoc_desktop.core.demo import build_demo
from untoc_desktop.core.plan import missing
from untoc_desktop.store import dossiers
from untoc_desktop.ui.context import AppContext
from untoc_desktop.ui.main_window import MainWindow
from untoc_desktop.ui.qt_i18n import apply_language

LONG = (
    "Internal trafficking for forced labour on fishing vessels is not criminalized as such; "
    "prosecutors charge labour offences instead, with fines only."
)


@pytest.fixture
def window(qtbot, ws, tmp_path: Path):  # noqa: ANN201
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(AppContext(ws, settings))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    win.activateWindow()
    yield win
    apply_language("en")
    qtbot.wait(10)


def focused():  # noqa: ANN201
    return QApplication.focusWidget()


def type_here(qtbot, text: str) -> None:
    """Type where the keyboard focus is, key by key, as a user does without aiming."""
    for char in text:
        qtbot.keyClicks(focused(), char)


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    qtbot.keyClick(focused(), key, modifier)


def click(qtbot, widget) -> None:  # noqa: ANN001
    assert widget.isEnabled()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_at(window: MainWindow, ws, step: int, *, article: bool = False) -> str:  # noqa: ANN001
    dossier = ws.create_dossier(title="Fisheries")
    if article:
        ws.set_article_selected(dossier, "TIP", 5, True)
    window.list_page.model.refresh()
    window.open_dossier(dossier, step=step)
    return dossier


def texts(ws, dossier: str) -> list[str]:  # noqa: ANN001
    return [f["text"] for f in dossiers.FINDINGS.list(ws, dossier)]


def test_overwrite_never_happens_when_a_row_moves_under_the_pointer(qtbot, window, ws) -> None:
    """Step 5: a long finding in row 1, a second one; change row 2's kind, then at once
    double-click row 2's text, type and leave: row 1 keeps its text."""
    dossier = open_at(window, ws, 5, article=True)
    page = window.wizard.page(5)
    findings = page.findings
    click(qtbot, findings.add_button)
    type_here(qtbot, LONG)  # a new item opens with the cursor in its text
    click(qtbot, findings.add_button)
    type_here(qtbot, "Second finding")
    qtbot.waitUntil(lambda: texts(ws, dossier) == [LONG, "Second finding"])

    kind = findings.fields["kind"]
    kind.setFocus()
    qtbot.keyClick(kind, Qt.Key.Key_Down)  # row 2's kind changes at once
    view = findings.view
    assert view.rowHeight(0) == view.rowHeight(1)  # rows never grow under the pointer
    cell = view.visualRect(findings.model.index(1, 1)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    type_here(qtbot, " with more words")
    press(qtbot, Qt.Key.Key_Escape)  # Escape drops nothing either
    first = view.visualRect(findings.model.index(0, 1)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=first)

    assert texts(ws, dossier) == [LONG, "Second finding with more words"]
    assert [f["kind"] for f in dossiers.FINDINGS.list(ws, dossier)][0] == "gap"
    assert findings.fields["text"].toPlainText() == LONG


def test_overwrite_typing_on_a_selected_row_goes_to_that_row(qtbot, window, ws) -> None:
    dossier = open_at(window, ws, 7)
    recs = window.wizard.page(7).recs
    for text in ("First", "Second"):
        click(qtbot, recs.add_button)
        type_here(qtbot, text)
    view = recs.view
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.visualRect(recs.model.index(0, 0)).center(),
    )
    type_here(qtbot, "S and more")  # a list's keyboard search would jump to "Second"
    recs.flush_edits()
    assert [r["text"] for r in dossiers.recommendations(ws, dossier)] == [
        "FirstS and more",
        "Second",
    ]


def test_undo_brings_back_a_deleted_partner_and_takes_back_typing(qtbot, window, ws) -> None:
    dossier = open_at(window, ws, 6)
    table = window.wizard.page(6).table
    click(qtbot, table.add_button)
    type_here(qtbot, "Women Fishworkers")
    press(qtbot, Qt.Key.Key_Tab)
    window.wizard.flush()
    assert [p["name"] for p in dossiers.PARTNERS.list(ws, dossier)] == ["Women Fishworkers"]

    click(qtbot, table.delete_button)  # asks nothing
    assert dossiers.PARTNERS.list(ws, dossier) == []
    assert any(table_ == "partners" for table_, _row in ws.trash())  # the trash holds it
    assert window.undo_action.isEnabled()
    assert "Delete" in window.undo_action.text()

    qtbot.keyClick(window.wizard, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [p["name"] for p in dossiers.PARTNERS.list(ws, dossier)] == ["Women Fishworkers"]
    assert table.model.rowCount() == 1

    window.undo_action.trigger()  # the typing
    assert [p["name"] for p in dossiers.PARTNERS.list(ws, dossier)] == [""]
    window.undo_action.trigger()  # the addition
    assert dossiers.PARTNERS.list(ws, dossier) == []
    assert not window.undo_action.isEnabled()

    qtbot.keyClick(
        window.wizard,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    window.redo_action.trigger()
    assert [p["name"] for p in dossiers.PARTNERS.list(ws, dossier)] == ["Women Fishworkers"]
    assert table.fields["name"].text() == "Women Fishworkers"


def test_undo_of_a_change_on_another_step_shows_that_step(qtbot, window, ws) -> None:
    dossier = open_at(window, ws, 7)
    recs = window.wizard.page(7).recs
    click(qtbot, recs.add_button)
    type_here(qtbot, "Train prosecutors")
    click(qtbot, window.wizard.previous)
    assert window.wizard.current_step() == 6
    window.undo_action.trigger()
    assert window.wizard.current_step() == 7
    assert [r["text"] for r in dossiers.recommendations(ws, dossier)] == [""]


def test_tab_order_typing_on_after_the_last_field_deletes_and_searches_nothing(
    qtbot, window, ws
) -> None:
    """Step 6: Name, Tab, Role, Tab, Email, Tab, Tab, and the user keeps typing."""
    dossier = open_at(window, ws, 6)
    click(qtbot, window.wizard.page(6).table.add_button)
    type_here(qtbot, "Women Fishworkers")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Coordinator")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "contact@example.org")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "agreed by email on the phone")
    window.wizard.flush()

    [partner] = dossiers.PARTNERS.list(ws, dossier)
    assert (partner["name"], partner["role"], partner["email"]) == (
        "Women Fishworkers",
        "Coordinator",
        "contact@example.org",
    )
    assert window.search_field.text() == ""
    assert window.pages.currentIndex() == window.DOSSIER_PAGE


def test_tab_order_never_reaches_the_search_field(qtbot, window, ws) -> None:
    open_at(window, ws, 5, article=True)
    page = window.wizard.page(5)
    click(qtbot, page.findings.add_button)
    seen = []
    for _i in range(80):
        press(qtbot, Qt.Key.Key_Tab)
        seen.append(focused())
    assert window.search_field not in seen
    assert all(window.wizard.isAncestorOf(w) for w in seen)
    assert page.findings.fields["text"] in seen and window.wizard.next in seen


def test_search_returns_to_the_same_step_and_item_on_escape(qtbot, window, ws) -> None:
    dossier = build_demo(ws, "KE", "en")
    window.list_page.model.refresh()
    window.open_dossier(dossier, step=6)
    table = window.wizard.page(6).table
    table.view.selectRow(1)
    table.fields["role"].setFocus()
    wizard = window.wizard

    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    word = ws.children("findings", dossier)[0]["text"].split()[0]
    type_here(qtbot, word)
    qtbot.waitUntil(lambda: window.pages.currentIndex() == window.SEARCH_PAGE)
    assert window.search_view.results.rowCount() > 0
    press(qtbot, Qt.Key.Key_Escape)

    assert window.pages.currentIndex() == window.DOSSIER_PAGE
    assert window.wizard is wizard and wizard.current_step() == 6
    assert table.selected_row() == 1
    assert focused() is table.fields["role"]
    assert window.search_field.text() == ""


def test_search_returns_with_back_from_the_results(qtbot, window, ws) -> None:
    dossier = build_demo(ws, "KE", "en")
    window.list_page.model.refresh()
    window.open_dossier(dossier, step=7)
    window.wizard.page(7).summary.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_here(qtbot, "zzzznothing")
    qtbot.waitUntil(lambda: window.pages.currentIndex() == window.SEARCH_PAGE)
    assert window.search_view.label.text().startswith("Nothing matches")
    click(qtbot, window.search_view.back)
    assert window.pages.currentIndex() == window.DOSSIER_PAGE
    assert window.wizard.current_step() == 7
    assert focused() is window.wizard.page(7).summary


def test_attach_a_file_attaches_to_the_selected_evidence(
    qtbot, window, ws, tmp_path, monkeypatch
) -> None:
    dossier = open_at(window, ws, 5)
    page = window.wizard.page(5)
    click(qtbot, page.evidence.add_button)
    type_here(qtbot, "Court ruling of March")
    report = tmp_path / "ruling.pdf"
    report.write_bytes(b"%PDF-1.4 ruling")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(report)], ""))
    click(qtbot, page.attach_button)
    [evidence] = dossiers.EVIDENCE.list(ws, dossier)
    assert evidence["attachment_name"] == "ruling.pdf"
    assert evidence["description"] == "Court ruling of March"


def test_empty_items_do_not_complete_a_step_and_the_step_list_follows_next(
    qtbot, window, ws
) -> None:
    dossier = open_at(window, ws, 7)
    click(qtbot, window.wizard.page(7).recs.add_button)
    window.wizard.flush()
    assert "recommendations" in {m.code for m in missing(ws, dossier)}
    click(qtbot, window.wizard.next)
    assert window.wizard.step_view.currentIndex().row() == 8
    assert window.wizard.step_view.selectionModel().isRowSelected(8)


def test_language_switch_retranslates_the_deleted_message(qtbot, window, ws, monkeypatch) -> None:
    open_at(window, ws, 6)
    table = window.wizard.page(6).table
    click(qtbot, table.add_button)
    click(qtbot, table.delete_button)
    assert table.status.text().startswith("Deleted.")
    pseudo.install(monkeypatch)
    apply_language("fr")
    qtbot.waitUntil(lambda: table.status.text().startswith(pseudo.MARK))


def test_language_switch_retranslates_the_dossier_page_progress(
    qtbot, window, ws, monkeypatch
) -> None:
    open_at(window, ws, 0)
    page = window.wizard.page(0)
    assert "steps complete" in page.progress.text()
    pseudo.install(monkeypatch)
    apply_language("fr")
    qtbot.waitUntil(lambda: page.progress.text().startswith(pseudo.MARK))


def test_f1_opens_help_for_the_current_step(qtbot, window, ws, monkeypatch) -> None:
    from untoc_desktop.ui.help_dialog import HelpDialog

    shown = []
    monkeypatch.setattr(HelpDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    open_at(window, ws, 5)
    qtbot.keyClick(window.wizard, Qt.Key.Key_F1)
    [dialog] = shown
    text = dialog.browser.toPlainText()
    assert text.startswith("Step 5: Evidence and analysis")
    assert "Install from a USB stick" in text  # the field guide, in the interface language
