"""The wizard keeps everything typed, resumes where the user left, and tracks what is missing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from wizard_helpers import click, type_into, wizard_in_window

from untoc_desktop.core import plan
from untoc_desktop.ui.wizard import DossierWizard


def _open(qtbot, ws, dossier_id: str) -> DossierWizard:
    widget = DossierWizard(ws, dossier_id)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def test_close_mid_edit_and_reopen_finds_every_field_as_typed(ws, qtbot) -> None:
    dossier_id = ws.create_dossier(title="Draft")
    wizard = _open(qtbot, ws, dossier_id)
    wizard.go_to_step(7)
    type_into(qtbot, wizard.page(7).summary, "Forced labour at sea.")
    wizard.go_to_step(3)
    focal = wizard.page(3)
    type_into(qtbot, focal.edits["name"], "Ms Wanjiru")
    type_into(qtbot, focal.edits["address"], "Harambee Avenue\nNairobi")
    wizard.title_edit.selectAll()
    type_into(qtbot, wizard.title_edit, "Kenya 2026")
    assert (
        focal.autosaver.pending() and wizard.autosaver.pending()
    )  # nothing written yet: debounced
    wizard.close()  # at once, without waiting for the debounce

    assert ws.focal_point(dossier_id)["name"] == "Ms Wanjiru"
    again = _open(qtbot, ws, dossier_id)
    assert again.current_step() == 3
    assert again.title_edit.text() == "Kenya 2026"
    assert again.page(3).edits["name"].text() == "Ms Wanjiru"
    assert again.page(3).edits["address"].toPlainText() == "Harambee Avenue\nNairobi"
    assert again.page(7).summary.toPlainText() == "Forced labour at sea."


def test_closing_the_window_that_holds_the_wizard_saves_pending_edits(ws, qtbot) -> None:
    dossier_id = ws.create_dossier(title="")
    window, wizard = wizard_in_window(qtbot, ws, dossier_id)
    wizard.go_to_step(3)
    type_into(qtbot, wizard.page(3).edits["ministry"], "Ministry of Interior")
    window.close()  # the wizard itself gets no closeEvent, only a hideEvent
    assert ws.focal_point(dossier_id)["ministry"] == "Ministry of Interior"


def test_resumes_at_the_stored_step_and_remembers_moves(ws, qtbot) -> None:
    dossier_id = ws.create_dossier(title="", step=5)
    wizard = _open(qtbot, ws, dossier_id)
    assert wizard.current_step() == 5 and wizard.stack.currentIndex() == 5
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    qtbot.keyClick(wizard.step_view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert wizard.current_step() == 6
    wizard.go_to_step(0)
    assert ws.dossier(dossier_id)["step"] == 0
    wizard.go_to_step(42)  # out of range: ignored
    assert wizard.current_step() == 0


def test_what_is_missing_follows_the_fields(ws, qtbot) -> None:
    dossier_id = ws.create_dossier(title="")
    wizard = _open(qtbot, ws, dossier_id)
    codes = lambda: {m.code for m in wizard.missing.items}  # noqa: E731
    assert {"org_name", "country", "focal_contact", "summary"} <= codes()
    assert not plan.step_complete(wizard.steps.missing, 2)
    assert wizard.steps.data(wizard.steps.index(2)).startswith("○")
    changed = []
    wizard.dossier_changed.connect(changed.append)

    type_into(qtbot, wizard.page(1).form.edits["name"], "Coastal Rights Network")
    qtbot.waitUntil(lambda: "org_name" not in codes())

    wizard.go_to_step(2)
    country = wizard.page(2)
    type_into(qtbot, country.state.lineEdit(), "Kenya")
    qtbot.keyClick(country.state.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "country" not in codes())
    assert wizard.steps.data(wizard.steps.index(2)).startswith("✓")
    assert changed and set(changed) == {dossier_id}

    wizard.go_to_step(7)
    recs = wizard.page(7)
    recs.limit.setValue(50)
    type_into(qtbot, recs.summary, "word " * 60)
    qtbot.waitUntil(lambda: "summary_long" in codes())
    assert "over the limit by 10" in recs.count.text() and recs.count.property("role") == "error"

    # An item of the panel takes the user to its step.
    row = next(i for i, m in enumerate(wizard.missing.items) if m.code == "focal_contact")
    wizard.missing_view.setFocus()
    wizard.missing_view.setCurrentIndex(wizard.missing.index(row))
    qtbot.keyClick(wizard.missing_view, Qt.Key.Key_Return)
    assert wizard.current_step() == 3


def test_back_button_saves_and_asks_to_close(ws, qtbot) -> None:
    dossier_id = ws.create_dossier(title="")
    wizard = _open(qtbot, ws, dossier_id)
    wizard.go_to_step(3)
    type_into(qtbot, wizard.page(3).edits["phone"], "+254 20 000")
    with qtbot.waitSignal(wizard.close_requested, timeout=1000):
        click(qtbot, wizard.back)
    assert ws.focal_point(dossier_id)["phone"] == "+254 20 000"
