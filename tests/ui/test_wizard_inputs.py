"""Bad input: a clear message next to the field, and nothing changed in the workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from wizard_helpers import click, edit_cell, toggle_cell, type_into

from untoc_desktop.core.demo import build_demo
from untoc_desktop.ui.wizard import DossierWizard


@pytest.fixture
def wizard(ws, qtbot):
    dossier_id = ws.create_dossier(title="")
    widget = DossierWizard(ws, dossier_id)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def test_a_date_that_is_not_a_date_is_refused_inline(wizard, ws, qtbot) -> None:
    wizard.go_to_step(0)
    log = wizard.page(0).log
    click(qtbot, log.add_button)
    stored = ws.children("engagement_log", wizard.dossier_id)[0]["date"]
    edit_cell(qtbot, log.view, log.model.index(0, 0), "31/12/2026")
    assert log.error.isVisible() and "year-month-day" in log.error.text()
    assert ws.children("engagement_log", wizard.dossier_id)[0]["date"] == stored
    edit_cell(qtbot, log.view, log.model.index(0, 0), "2026-12-31")
    assert not log.error.isVisible()
    assert ws.children("engagement_log", wizard.dossier_id)[0]["date"] == "2026-12-31"


def test_a_dialogue_date_shows_its_registration_deadline(wizard, ws, qtbot) -> None:
    wizard.go_to_step(0)
    page = wizard.page(0)
    click(qtbot, page.milestones.add_button)
    edit_cell(qtbot, page.milestones.view, page.milestones.model.index(0, 2), "2099-03-10")
    titles = [d.title for d in page.upcoming.items]
    assert [d.when.isoformat() for d in page.upcoming.items] == ["2099-02-23", "2099-03-10"]
    assert titles[0].startswith("Registration closes")


def test_an_unknown_state_is_refused_and_the_choice_kept(wizard, ws, qtbot) -> None:
    ws.update("dossiers", wizard.dossier_id, country="KE")
    wizard.go_to_step(2)
    country = wizard.page(2)
    country.state.lineEdit().selectAll()
    type_into(qtbot, country.state.lineEdit(), "Atlantis")
    qtbot.keyClick(country.state.lineEdit(), Qt.Key.Key_Return)
    assert country.state_error.isVisible() and "Atlantis" in country.state_error.text()
    assert ws.dossier(wizard.dossier_id)["country"] == "KE"


def test_a_correction_overrides_the_shipped_party_status(wizard, ws, qtbot) -> None:
    ws.update("dossiers", wizard.dossier_id, country="KE")
    wizard.go_to_step(2)
    page = wizard.page(2)
    page.field.setCurrentIndex(page.field.findData("party:SOM"))
    page.value.setCurrentIndex(page.value.findData("not_party"))
    type_into(qtbot, page.note, "Checked with the ministry")
    click(qtbot, page.save_correction)
    assert ws.state_corrections("KE") == {"party:SOM": "not_party"}
    assert page.instruments.item(2, 1).text() == "Not a party"
    assert "Checked with the ministry" in page.instruments.item(2, 2).text()
    wizard.go_to_step(4)
    assert "SOM" not in wizard.page(4).instrument_checks  # no longer offered in the scope


def test_corrections_need_a_state_first(wizard) -> None:
    wizard.go_to_step(2)
    assert not wizard.page(2).correct_box.isEnabled()


def test_an_invalid_email_is_not_saved_until_corrected(wizard, ws, qtbot) -> None:
    wizard.go_to_step(3)
    email = wizard.page(3).edits["email"]
    type_into(qtbot, email, "focal.at.justice")
    wizard.page(3).flush()
    assert wizard.page(3).errors["email"].isVisible()
    assert ws.focal_point(wizard.dossier_id)["email"] == ""
    type_into(qtbot, email, "@justice.example.gov")
    wizard.page(3).flush()
    assert not wizard.page(3).errors["email"].isVisible()
    assert ws.focal_point(wizard.dossier_id)["email"] == "focal.at.justice@justice.example.gov"


def test_attaching_a_missing_or_unreadable_file_is_reported(
    wizard, ws, qtbot, tmp_path, monkeypatch
) -> None:
    wizard.go_to_step(5)
    page = wizard.page(5)
    folder = tmp_path / "a folder"
    folder.mkdir()
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        lambda *a, **k: ([str(tmp_path / "gone.pdf"), str(folder)], ""),
    )
    click(qtbot, page.attach_button)
    assert page.attach_error.isVisible() and "gone.pdf" in page.attach_error.text()
    assert ws.children("evidence", wizard.dossier_id) == []
    ok = tmp_path / "notes.txt"
    ok.write_text("interview notes")
    assert len(page.attach_files([ok, Path(tmp_path / "nope.txt")])) == 1
    assert [e["attachment_name"] for e in ws.children("evidence", wizard.dossier_id)] == [
        "notes.txt"
    ]


def test_linking_evidence_needs_a_selected_finding(wizard, ws, qtbot) -> None:
    wizard.go_to_step(5)
    page = wizard.page(5)
    click(qtbot, page.evidence.add_button)
    page.findings.view.clearSelection()
    column = len(page.evidence.model.columns) - 1
    toggle_cell(qtbot, page.evidence.view, page.evidence.model.index(0, column))
    assert page.evidence.error.isVisible() and "Select a finding" in page.evidence.error.text()
    assert ws.rows("finding_evidence") == []


def test_nothing_can_be_exported_before_the_safety_check(wizard, ws, qtbot, monkeypatch) -> None:
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(1) or ("", ""))
    wizard.go_to_step(9)
    page = wizard.page(9)
    assert page.gate.isVisible()
    assert not page.include.isEnabled()
    assert not any(button.isEnabled() for button in page.buttons.values())
    assert page.export("letter") is None and page.error.isVisible() and asked == []


def test_include_sensitive_only_after_the_safety_check_and_with_a_warning(ws, qtbot) -> None:
    dossier_id = build_demo(ws, "KE", "en")
    wizard = DossierWizard(ws, dossier_id)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.go_to_step(8)
    safety = wizard.page(8)
    assert safety.sensitive.rowCount() >= 2 and safety.people.rowCount() >= 2
    assert "GPS" in " ".join(safety.files.item(r, 1).text() for r in range(safety.files.rowCount()))
    click(qtbot, safety.confirm)
    wizard.go_to_step(9)
    page = wizard.page(9)
    assert page.include.isEnabled() and not page.gate.isVisible()
    click(qtbot, page.include)
    assert page.include_warning.isVisible()
    wizard.go_to_step(8)
    click(qtbot, safety.confirm)  # withdrawn: the export page locks again
    assert ws.dossier(dossier_id)["safety_reviewed_at"] is None
    wizard.go_to_step(9)
    assert not page.include.isEnabled() and not page.include.isChecked()


def test_export_cancelled_by_the_save_dialog_writes_nothing(
    ws, qtbot, tmp_path, monkeypatch
) -> None:
    dossier_id = build_demo(ws, "KE", "en")
    ws.update("dossiers", dossier_id, safety_reviewed_at="2026-01-01T00:00:00.000000Z")
    wizard = DossierWizard(ws, dossier_id)
    qtbot.addWidget(wizard)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    wizard.go_to_step(9)
    assert wizard.page(9).export("submission") is None
    assert ws.dossier(dossier_id)["exported_at"] is None
    assert not any(p.suffix in (".pdf", ".docx") for p in tmp_path.iterdir())


def test_export_to_a_folder_shows_the_error_inline(ws, qtbot, tmp_path, monkeypatch) -> None:
    dossier_id = build_demo(ws, "KE", "en")
    ws.update("dossiers", dossier_id, safety_reviewed_at="2026-01-01T00:00:00.000000Z")
    wizard = DossierWizard(ws, dossier_id)
    qtbot.addWidget(wizard)
    wizard.show()
    target = tmp_path / "out.pdf"
    target.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    wizard.go_to_step(9)
    page = wizard.page(9)
    assert page.export("letter") is None
    assert page.error.isVisible() and "folder" in page.error.text()
