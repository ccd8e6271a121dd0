"""Walk the whole wizard from an empty workspace to exported documents, typing and clicking."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from wizard_helpers import click, toggle_cell, type_into, type_into_focus

from untoc_desktop.core import plan
from untoc_desktop.core.demo import demo_photo
from untoc_desktop.ui.wizard import DossierWizard


@pytest.fixture
def wizard(ws, qtbot):
    dossier_id = ws.create_dossier(title="")
    widget = DossierWizard(ws, dossier_id)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def test_walk_from_empty_workspace_to_exported_documents(
    ws, qtbot, wizard, tmp_path, monkeypatch
) -> None:
    dossier_id = wizard.dossier_id
    assert wizard.step_count() == 9
    assert wizard.current_step() == 1  # a new dossier opens at step 1
    type_into(qtbot, wizard.title_edit, "Kenya, cluster 1")

    # 1. Your organization
    form = wizard.page(1).form
    for name, text in (
        ("name", "Coastal Rights Network"),
        ("email", "contact@crn.example.org"),
        ("focus_issues", "trafficking in fisheries"),
        ("signatory_name", "Amina Okafor"),
    ):
        type_into(qtbot, form.edits[name], text)
    click(qtbot, wizard.next)

    # 2. Your country: type part of the name, choose it with Enter
    assert wizard.current_step() == 2
    country = wizard.page(2)
    type_into(qtbot, country.state.lineEdit(), "Kenya")
    qtbot.keyClick(country.state.lineEdit(), Qt.Key.Key_Return)
    assert ws.dossier(dossier_id)["country"] == "KE"
    assert country.instruments.rowCount() == 4
    click(qtbot, wizard.next)

    # 3. Focal point: fields, then record that the letter went out
    focal = wizard.page(3)
    type_into(qtbot, focal.edits["email"], "review@justice.example.gov")
    type_into(qtbot, focal.edits["ministry"], "Ministry of Justice")
    click(qtbot, focal.sent_button)
    assert len(ws.children("engagement_log", dossier_id)) == 1
    click(qtbot, wizard.next)

    # 4. Scope: an instrument, the cluster, an article (space bar), a crime type
    scope = wizard.page(4)
    click(qtbot, scope.instrument_checks["TIP"])
    click(qtbot, scope.cluster_buttons[1])
    tip = scope.articles.item(0)
    first = next(
        tip.child(r) for r in range(tip.rowCount()) if tip.child(r).data(scope_key()) == ("TIP", 5)
    )
    toggle_cell(qtbot, scope.articles_view, first.index())
    toggle_cell(qtbot, scope.crimes_view, scope.crimes.index(0, 0))
    assert ws.selected_articles(dossier_id) == [("TIP", 5)]
    assert (
        ws.dossier(dossier_id)["instruments"] == ["TIP"] and ws.dossier(dossier_id)["cluster"] == 1
    )
    assert len(ws.dossier(dossier_id)["crime_types"]) == 1
    click(qtbot, wizard.next)

    # 5. Evidence: a finding for TIP 5, a photo attached through the file dialog, linked to the
    # finding
    evidence = wizard.page(5)
    assert evidence.article.currentData() == ("TIP", 5)
    click(qtbot, evidence.findings.add_button)
    type_into_focus(
        qtbot, evidence.findings.fields["text"], "Internal trafficking is not criminalized"
    )
    photo = tmp_path / "boat.jpg"
    photo.write_bytes(demo_photo())
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(photo)], ""))
    click(qtbot, evidence.attach_button)
    assert [e["attachment_name"] for e in ws.children("evidence", dossier_id)] == ["boat.jpg"]
    evidence.findings.view.selectRow(0)
    link_column = len(evidence.evidence.model.columns) - 1
    toggle_cell(qtbot, evidence.evidence.view, evidence.evidence.model.index(0, link_column))
    finding = ws.children("findings", dossier_id)[0]
    assert finding["text"] == "Internal trafficking is not criminalized"
    assert ws.evidence_for(finding["id"]) == [ws.children("evidence", dossier_id)[0]["id"]]
    click(qtbot, wizard.next)

    # 6. Partners
    partners = wizard.page(6)
    click(qtbot, partners.table.add_button)
    type_into_focus(qtbot, partners.table.fields["name"], "Women Fishworkers")
    assert ws.children("partners", dossier_id)[0]["name"] == "Women Fishworkers"
    click(qtbot, wizard.next)

    # 7. Recommendations and summary
    recs = wizard.page(7)
    click(qtbot, recs.recs.add_button)
    type_into_focus(qtbot, recs.recs.fields["text"], "Criminalize internal trafficking")
    type_into(qtbot, recs.summary, "Internal trafficking on fishing vessels goes unpunished.")
    assert "7 words of 500" in recs.count.text()
    click(qtbot, wizard.next)

    # 8. Safety check: the photo is flagged; clean it; confirm
    safety = wizard.page(8)
    assert safety.files.rowCount() == 1 and "GPS" in safety.files.item(0, 1).text()
    click(qtbot, safety.strip_button)
    assert safety.files.item(0, 1).text() == ""
    cleaned = ws.attachment(ws.children("evidence", dossier_id)[0]["attachment_sha256"])
    assert not Image.open(io.BytesIO(cleaned)).getexif()
    click(qtbot, safety.confirm)
    assert ws.dossier(dossier_id)["safety_reviewed_at"]
    click(qtbot, wizard.next)

    # 9. Export: letter (PDF), pledge (DOCX), submission (PDF) in French, and a bundle
    export = wizard.page(9)
    disabled = [key for key, button in export.buttons.items() if not button.isEnabled()]
    assert disabled == [], f"export buttons disabled after the safety check: {disabled}"
    assert export.passphrase.isEnabled()
    export.language.setCurrentIndex(export.language.findData("fr"))
    assert ws.dossier(dossier_id)["language"] == "fr"
    targets = iter(
        [
            tmp_path / "letter.pdf",
            tmp_path / "pledge.docx",
            tmp_path / "submission.pdf",
            tmp_path / "partner.untoc",
        ]
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(next(targets)), ""))
    click(qtbot, export.buttons["letter"])
    export.format.setCurrentIndex(export.format.findData("docx"))
    click(qtbot, export.buttons["pledge"])
    export.format.setCurrentIndex(export.format.findData("pdf"))
    click(qtbot, export.buttons["submission"])
    assert not export.error.isVisible(), export.error.text()
    for name in ("letter.pdf", "pledge.docx", "submission.pdf"):
        assert (tmp_path / name).stat().st_size > 1000, name
    assert (tmp_path / "letter.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "pledge.docx").read_bytes().startswith(b"PK")
    type_into(qtbot, export.passphrase, "correct horse battery")
    click(qtbot, export.buttons["bundle"])
    assert not export.error.isVisible(), export.error.text()
    assert Path(tmp_path / "partner.untoc").stat().st_size > 0
    assert "partner.untoc" in export.result.text()
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    click(qtbot, export.open_file)
    click(qtbot, export.open_folder)
    assert opened == [str(tmp_path / "partner.untoc"), str(tmp_path)]

    wizard.refresh()
    required = [m for m in plan.missing(ws, dossier_id) if m.required]
    assert required == []
    assert wizard.missing_label.text() != ""


def scope_key():
    from untoc_desktop.ui.wizard.scope import KEY_ROLE

    return KEY_ROLE
