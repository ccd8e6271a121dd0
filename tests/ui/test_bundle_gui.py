"""Bundles through the GUI: export from one office's window, preview and import in another's,
conflicts, partners."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStorageInfo, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from untoc_desktop.bundles import review
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui import drives, file_actions
from untoc_desktop.ui.bundle_dialogs import ExportBundleDialog, ExportChoice, ImportPreviewDialog
from untoc_desktop.ui.bundle_review import ConflictsDialog, PartnerOfficesDialog
from untoc_desktop.ui.context import AppContext
from untoc_desktop.ui.main_window import MainWindow

BUNDLE_PASS = "stick passphrase read by phone"


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:  # noqa: ANN001
    shown: list[tuple[str, str]] = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(
            QMessageBox, name, lambda parent, title, text, *a, **k: shown.append((title, text))
        )
    return shown


def _office(tmp_path: Path, name: str) -> Workspace:
    ws = Workspace.open(tmp_path / name / "ws.untocdb")
    ws.save_organization(name=f"{name} human rights office", acronym=name.upper(), country="KE")
    return ws


@pytest.fixture
def offices(qtbot, tmp_path: Path):  # noqa: ANN001, ANN201
    a, b = _office(tmp_path, "nairobi"), _office(tmp_path, "mombasa")
    wins = []
    for ws in (a, b):
        store = QSettings(str(tmp_path / f"{ws.path.parent.name}.ini"), QSettings.Format.IniFormat)
        win = MainWindow(AppContext(ws, store))
        qtbot.addWidget(win)
        wins.append(win)
    yield wins
    for win in wins:
        win.close()
    a.close()
    b.close()


def _route(monkeypatch, path: Path | None) -> None:  # noqa: ANN001
    monkeypatch.setattr(drives, "choose_bundle_path", lambda parent, save, suggested_name="": path)


def _confirm_safety(ws: Workspace) -> None:
    """What the user does at step 8 of each dossier before anything leaves the office."""
    for dossier in ws.dossiers():
        ws.update("dossiers", dossier["id"], safety_reviewed_at="2026-12-01T00:00:00.000000Z")


def _export(monkeypatch, win: MainWindow, out: Path, choice: ExportChoice) -> Path | None:  # noqa: ANN001
    _confirm_safety(win.ws)
    monkeypatch.setattr(
        ExportBundleDialog, "ask", classmethod(lambda cls, ws, selected, parent: choice)
    )
    _route(monkeypatch, out)
    return file_actions.export_bundle(win.ctx, win)


def _passphrases(monkeypatch, answers: list[str | None]) -> list[str]:  # noqa: ANN001
    prompts: list[str] = []
    queue = iter(answers)

    def get_text(parent, title, prompt, *a, **k):  # noqa: ANN001, ANN202
        prompts.append(prompt)
        answer = next(queue)
        return (answer or "", answer is not None)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    return prompts


def _previews(monkeypatch, accept: bool = True, proposals: bool = False) -> list:  # noqa: ANN001
    """The preview answers Import (or Cancel), accepting every proposal or none."""
    seen: list = []

    def ask(cls, preview, parent):  # noqa: ANN001, ANN202
        seen.append(preview)
        if not accept:
            return None
        return frozenset(p.key for p in preview.proposals) if proposals else frozenset()

    monkeypatch.setattr(ImportPreviewDialog, "ask", classmethod(ask))
    return seen


def test_export_then_import_between_two_offices(
    qtbot, offices, tmp_path: Path, monkeypatch, messages
) -> None:  # noqa: ANN001
    win_a, win_b = offices
    dossier = win_a.ws.create_dossier(title="Trafficking in fisheries", country="KE")
    win_a.ws.add_finding(dossier, "gap", "No shelter in the coastal counties")
    out = tmp_path / "stick" / "nairobi.untoc"
    out.parent.mkdir()

    written = _export(monkeypatch, win_a, out, ExportChoice(None, False, BUNDLE_PASS))

    assert written == out and out.exists() and b"Trafficking" not in out.read_bytes()
    assert "is encrypted" in messages[-1][1] and "fingerprint" in messages[-1][1]
    prompts = _passphrases(monkeypatch, [BUNDLE_PASS])
    previews = _previews(monkeypatch)
    _route(monkeypatch, out)

    assert file_actions.import_bundle(win_b.ctx, win_b) is True

    assert len(prompts) == 1 and "encrypted" in prompts[0]
    preview = previews[0]
    assert preview.signer.office_name == "NAIROBI" and preview.signer.status == "new"
    assert preview.per_dossier[dossier].new >= 2  # the dossier and its finding
    assert [d["title"] for d in win_b.ws.dossiers()] == ["Trafficking in fisheries"]
    assert win_b.list_page.model.rowCount() == 1  # the list was refreshed
    partners = review.partner_offices(win_b.ws)
    assert [p.name for p in partners] == ["NAIROBI"] and partners[
        0
    ].fingerprint == preview.signer.fingerprint


def test_wrong_bundle_passphrase_is_asked_again_then_cancel_changes_nothing(
    qtbot, offices, tmp_path: Path, monkeypatch, messages
) -> None:  # noqa: ANN001
    win_a, win_b = offices
    win_a.ws.create_dossier(title="Smuggling routes")
    out = tmp_path / "a.untoc"
    _export(monkeypatch, win_a, out, ExportChoice(None, False, BUNDLE_PASS))
    prompts = _passphrases(monkeypatch, ["not the passphrase", None])
    previews = _previews(monkeypatch)
    _route(monkeypatch, out)
    messages.clear()

    assert file_actions.import_bundle(win_b.ctx, win_b) is False

    assert len(prompts) == 2 and "does not open this bundle" in prompts[1]
    assert previews == [] and messages == [] and win_b.ws.dossiers() == []


def test_a_bad_bundle_gets_one_clear_message_and_changes_nothing(
    qtbot, offices, tmp_path: Path, monkeypatch, messages
) -> None:  # noqa: ANN001
    _win_a, win_b = offices
    junk = tmp_path / "holiday-photos.untoc"
    junk.write_bytes(b"PK\x03\x04 this is not really a zip" * 50)
    before = review.partner_offices(win_b.ws)
    previews = _previews(monkeypatch)
    _route(monkeypatch, junk)

    assert file_actions.import_bundle(win_b.ctx, win_b) is False

    assert len(messages) == 1 and messages[0][0] == "Import bundle"
    assert "damaged or not a bundle" in messages[0][1]
    assert (
        previews == [] and win_b.ws.dossiers() == [] and review.partner_offices(win_b.ws) == before
    )


def test_cancel_at_the_preview_changes_nothing(
    qtbot, offices, tmp_path: Path, monkeypatch, messages
) -> None:  # noqa: ANN001
    win_a, win_b = offices
    win_a.ws.create_dossier(title="Firearms tracing")
    out = tmp_path / "a.untoc"
    _export(monkeypatch, win_a, out, ExportChoice(None, False, None))
    previews = _previews(monkeypatch, accept=False)
    _route(monkeypatch, out)
    assert file_actions.import_bundle(win_b.ctx, win_b) is False
    assert (
        len(previews) == 1 and win_b.ws.dossiers() == [] and review.partner_offices(win_b.ws) == []
    )


def test_preview_dialog_shows_signer_fingerprint_status_and_counts(
    qtbot, offices, tmp_path: Path, monkeypatch, messages
) -> None:  # noqa: ANN001
    win_a, win_b = offices
    first = win_a.ws.create_dossier(title="Dossier one")
    win_a.ws.create_dossier(title="Dossier two")
    out = tmp_path / "a.untoc"
    _export(monkeypatch, win_a, out, ExportChoice([first], False, None))
    from untoc_desktop.bundles.importer import known_keys, preview, read_bundle

    bundle = read_bundle(out, None, known_keys(win_b.ws), own_office_id=win_b.ws.office_id)
    dialog = ImportPreviewDialog(preview(win_b.ws, bundle))
    qtbot.addWidget(dialog)
    fingerprint = bundle.signer.fingerprint
    assert len(fingerprint.split(" ")) == 8 and all(len(g) == 4 for g in fingerprint.split(" "))
    assert dialog.office.text() == "Signed by: NAIROBI"
    assert dialog.fingerprint.text() == fingerprint
    assert dialog.status.text().startswith("New office")
    rows = {
        dialog.model.item(r, 0).text(): [dialog.model.item(r, c).text() for c in range(1, 5)]
        for r in range(dialog.model.rowCount())
    }
    assert "Dossier one" in rows and "Dossier two" not in rows  # only the chosen dossier travelled
    assert rows["Dossier one"][0] != "0" and rows["Dossier one"][2] == "0"
    assert dialog.import_button.isEnabled()
    assert all(w.accessibleName() for w in (dialog.table, dialog.import_button, dialog.fingerprint))


def test_changed_key_is_marked_and_needs_a_confirmation(
    qtbot, offices, tmp_path: Path, monkeypatch, messages
) -> None:  # noqa: ANN001
    win_a, win_b = offices
    win_a.ws.create_dossier(title="Key test")
    out = tmp_path / "a.untoc"
    _export(monkeypatch, win_a, out, ExportChoice(None, False, None))
    _previews(monkeypatch)
    _route(monkeypatch, out)
    assert file_actions.import_bundle(win_b.ctx, win_b)
    # Another key for the same office: the kind of bundle a forger would make.
    win_b.ws.conn.execute("UPDATE partner_offices SET public_key = ?", ("RWQ" + "A" * 53,))
    win_b.ws.conn.commit()
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        lambda parent, title, text, *a, **k: (asked.append(text), QMessageBox.StandardButton.No)[1],
    )
    previews = _previews(monkeypatch)
    assert file_actions.import_bundle(win_b.ctx, win_b) is False
    assert len(asked) == 1 and "different key" in asked[0] and previews == []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert file_actions.import_bundle(win_b.ctx, win_b) is True
    assert previews[0].signer.status == "changed"
    dialog = ImportPreviewDialog(previews[0])
    qtbot.addWidget(dialog)
    assert dialog.status.text().startswith("KEY CHANGED")


def test_conflicts_are_listed_and_a_kept_version_restored(
    qtbot, offices, tmp_path: Path, monkeypatch, messages
) -> None:  # noqa: ANN001
    win_a, win_b = offices
    dossier = win_a.ws.create_dossier(title="Shared dossier")
    out = tmp_path / "a1.untoc"
    _export(monkeypatch, win_a, out, ExportChoice(None, False, None))
    _previews(monkeypatch)
    _route(monkeypatch, out)
    assert file_actions.import_bundle(win_b.ctx, win_b)
    win_b.ws.update("dossiers", dossier, title="Title from Mombasa")
    win_a.ws.update("dossiers", dossier, title="Title from Nairobi")  # later: wins the merge
    out2 = tmp_path / "a2.untoc"
    _export(monkeypatch, win_a, out2, ExportChoice(None, False, None))
    _route(monkeypatch, out2)
    messages.clear()
    _previews(monkeypatch, proposals=True)  # Mombasa accepts Nairobi's change to its title
    assert file_actions.import_bundle(win_b.ctx, win_b)
    assert win_b.ws.dossier(dossier)["title"] == "Title from Nairobi"
    assert messages and "conflicting version" in messages[0][1]

    dialog = ConflictsDialog(win_b.ws)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1
    assert (
        dialog.model.item(0, 0).text() == "Dossier"
        and dialog.model.item(0, 1).text() == "Title from Mombasa"
    )
    assert dialog.model.item(0, 2).text() == "NAIROBI"
    assert "Title from Mombasa" in dialog.details.toPlainText()
    assert dialog.restore_selected() is True
    assert win_b.ws.dossier(dossier)["title"] == "Title from Mombasa"
    assert dialog.model.rowCount() == 0 and not dialog.restore_button.isEnabled()
    assert dialog.restore_selected() is False  # nothing selected: nothing happens


def test_partner_offices_trust_withdraw_and_forget(
    qtbot, offices, tmp_path: Path, monkeypatch, messages
) -> None:  # noqa: ANN001
    win_a, win_b = offices
    win_a.ws.create_dossier(title="Any")
    out = tmp_path / "a.untoc"
    _export(monkeypatch, win_a, out, ExportChoice(None, False, None))
    _previews(monkeypatch)
    _route(monkeypatch, out)
    assert file_actions.import_bundle(win_b.ctx, win_b)
    dialog = PartnerOfficesDialog(win_b.ws)
    qtbot.addWidget(dialog)
    assert dialog.model.item(0, 0).text() == "NAIROBI" and dialog.model.item(0, 2).text() == "No"
    assert dialog.model.item(0, 1).text() == review.partner_offices(win_b.ws)[0].fingerprint
    assert dialog.trust_button.isEnabled() and not dialog.untrust_button.isEnabled()
    shown: list[str] = []

    def answer(reply):  # noqa: ANN001, ANN202
        return lambda parent, title, text, *a, **k: (shown.append(text), reply)[1]

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    assert dialog.trust_selected() is False and not review.partner_offices(win_b.ws)[0].trusted
    assert review.partner_offices(win_b.ws)[0].fingerprint in shown[0]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    assert dialog.trust_selected() is True
    assert review.partner_offices(win_b.ws)[0].trusted and dialog.untrust_button.isEnabled()
    dialog.set_trusted(False)
    assert not review.partner_offices(win_b.ws)[0].trusted
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert dialog.forget_selected() is False and len(review.partner_offices(win_b.ws)) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert dialog.forget_selected() is True and review.partner_offices(win_b.ws) == []
    assert dialog.model.rowCount() == 0 and not dialog.forget_button.isEnabled()


def test_export_dialog_refuses_incomplete_choices(qtbot, ws: Workspace) -> None:
    chosen = ws.create_dossier(title="Chosen")
    ws.create_dossier(title="Other")
    _confirm_safety(ws)
    dialog = ExportBundleDialog(ws, chosen)
    qtbot.addWidget(dialog)
    assert dialog.chosen.isChecked() and dialog.ticked() == [chosen] and dialog.ok.isEnabled()
    assert not dialog.sensitive.isChecked()  # sensitive items stay out unless ticked
    dialog.model.item(0).setCheckState(dialog.model.item(0).checkState().Unchecked)
    dialog.model.item(1).setCheckState(dialog.model.item(1).checkState().Unchecked)
    assert not dialog.ok.isEnabled() and "Tick at least one dossier" in dialog.error.text()
    dialog.whole.setChecked(True)
    assert dialog.ok.isEnabled()
    dialog.passphrase.setText("one passphrase here")
    dialog.confirm.setText("another one")
    assert not dialog.ok.isEnabled() and "not the same" in dialog.error.text()
    dialog.confirm.setText("one passphrase here")
    dialog.passphrase.clear()
    dialog.confirm.clear()
    dialog.sensitive.setChecked(True)
    assert not dialog.ok.isEnabled() and "must be encrypted" in dialog.error.text()
    dialog.passphrase.setText("one passphrase here")
    dialog.confirm.setText("one passphrase here")
    assert dialog.ok.isEnabled()
    choice = dialog.choice()
    assert choice == ExportChoice(None, True, "one passphrase here")


def test_cancelled_export_writes_nothing(
    qtbot, offices, tmp_path: Path, monkeypatch, messages
) -> None:  # noqa: ANN001
    win_a, _win_b = offices
    assert _export(monkeypatch, win_a, tmp_path / "x.untoc", None) is None  # type: ignore[arg-type]
    monkeypatch.setattr(
        ExportBundleDialog,
        "ask",
        classmethod(lambda cls, ws, selected, parent: ExportChoice(None, False, None)),
    )
    _route(monkeypatch, None)
    assert file_actions.export_bundle(win_a.ctx, win_a) is None
    assert list(tmp_path.glob("*.untoc")) == [] and messages == []


def test_unwritable_destination_is_one_message(
    qtbot, offices, tmp_path: Path, monkeypatch, messages
) -> None:  # noqa: ANN001
    win_a, _win_b = offices
    (tmp_path / "not-a-folder").write_text("a file where the stick's folder should be")
    target = tmp_path / "not-a-folder" / "bundle.untoc"
    assert _export(monkeypatch, win_a, target, ExportChoice(None, False, None)) is None
    assert len(messages) == 1 and "Cannot write" in messages[0][1] and not target.exists()


def test_removable_locations_offer_only_sticks_on_linux() -> None:
    found = drives.removable_locations(platform="linux")
    bases = [Path("/media"), Path("/run/media"), Path("/mnt")]
    assert all(any(p.is_relative_to(b) and p != b for b in bases) for p in found)
    assert drives.removable_locations([], platform="linux") == []
    if sys.platform.startswith("linux"):  # the system disk is never offered
        assert Path(QStorageInfo.root().rootPath()) not in drives.removable_locations(
            platform="win32"
        )


def test_export_dialog_waits_for_the_safety_check_of_what_it_would_send(
    qtbot, ws: Workspace
) -> None:
    checked = ws.create_dossier(title="Checked")
    ws.update("dossiers", checked, safety_reviewed_at="2026-12-01T00:00:00.000000Z")
    ws.create_dossier(title="Not checked yet")
    dialog = ExportBundleDialog(ws, checked)
    qtbot.addWidget(dialog)
    assert dialog.ok.isEnabled()  # only the checked dossier is ticked
    dialog.whole.setChecked(True)
    assert not dialog.ok.isEnabled()
    assert "“Not checked yet”" in dialog.error.text() and "step 8" in dialog.error.text()


def test_file_export_bundle_refuses_an_unchecked_dossier_even_past_the_dialog(
    qtbot,
    offices,
    tmp_path: Path,
    monkeypatch,
    messages,  # noqa: ANN001
) -> None:
    win_a, _win_b = offices
    win_a.ws.create_dossier(title="Not checked yet")
    choice = ExportChoice(None, include_sensitive=False, passphrase=None)
    monkeypatch.setattr(
        ExportBundleDialog, "ask", classmethod(lambda cls, ws, selected, parent: choice)
    )
    _route(monkeypatch, tmp_path / "out.untoc")
    assert file_actions.export_bundle(win_a.ctx, win_a) is None
    assert not (tmp_path / "out.untoc").exists()
    assert messages and "Nothing was exported" in messages[-1][1]


def test_a_new_office_starts_from_a_partners_bundle_on_the_welcome_page(
    qtbot, offices, tmp_path: Path, monkeypatch, messages
) -> None:  # noqa: ANN001
    win_a, win_b = offices
    win_a.ws.create_dossier(title="Firearms in transit", country="KE")
    out = tmp_path / "first.untoc"
    _export(monkeypatch, win_a, out, ExportChoice(None, False, None))
    win_b.show()
    page = win_b.list_page
    assert page.stack.currentIndex() == page.WELCOME and page.import_button.isVisible()
    assert page.import_button.accessibleName() == "Import a bundle from a partner office"
    previews = _previews(monkeypatch)
    _route(monkeypatch, out)

    page.import_button.click()

    assert len(previews) == 1
    assert [d["title"] for d in win_b.ws.dossiers()] == ["Firearms in transit"]
    assert page.stack.currentIndex() == page.TABLE


def test_the_import_preview_lists_what_it_refuses(qtbot, offices, tmp_path: Path) -> None:
    """A partner's bundle that rewrites a record in this office's name: the preview names it."""
    import sqlite3

    from untoc_desktop.bundles.export import export_bundle
    from untoc_desktop.bundles.importer import apply, known_keys, preview, read_bundle

    win_a, win_b = offices
    a, b = win_a.ws, win_b.ws
    dossier = a.create_dossier(title="Ours", country="KE")
    apply(b, read_bundle(export_bundle(a, tmp_path / "1").path, None, known_keys(b)))
    conn = sqlite3.connect(b.path)
    with conn:
        conn.execute(
            "UPDATE dossiers SET title = 'Theirs', office_id = ? WHERE id = ?",
            (a.office_id, dossier),
        )
    conn.close()
    shown = preview(a, read_bundle(export_bundle(b, tmp_path / "2").path, None, known_keys(a)))
    dialog = ImportPreviewDialog(shown)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.refused_view.isVisible() and dialog.refused_model.rowCount() == 1
    line = dialog.refused_model.item(0).text()
    assert line.startswith(f"Dossier {dossier}") and "did not write it" in line
    assert "1 version is refused" in dialog.refused_label.text()
    assert dialog.refused_view.accessibleName() == "Refused versions"


def test_proposals_are_shown_side_by_side_and_only_ticked_ones_apply(
    qtbot, offices, tmp_path: Path, monkeypatch, messages
) -> None:  # noqa: ANN001
    from untoc_desktop.bundles.importer import known_keys, preview, read_bundle

    win_a, win_b = offices
    dossier = win_a.ws.create_dossier(title="Nairobi's dossier")
    finding = win_a.ws.add_finding(dossier, "gap", "Victims are not referred to shelters.")
    out = tmp_path / "a.untoc"
    _export(monkeypatch, win_a, out, ExportChoice(None, False, None))
    _previews(monkeypatch)
    _route(monkeypatch, out)
    assert file_actions.import_bundle(win_b.ctx, win_b)
    win_b.ws.update("dossiers", dossier, title="Mombasa's title")
    win_b.ws.update("findings", finding, text="Victims are rarely referred to shelters.")
    out_b = tmp_path / "b.untoc"
    _export(monkeypatch, win_b, out_b, ExportChoice(None, False, None))
    ws = win_a.ws
    shown = preview(ws, read_bundle(out_b, None, known_keys(ws), own_office_id=ws.office_id))
    dialog = ImportPreviewDialog(shown)
    qtbot.addWidget(dialog)
    model = dialog.proposals_model
    assert dialog.proposals_view.isVisibleTo(dialog) and model.rowCount() == 2
    heads = [model.item(r, 0) for r in range(2)]
    assert all(h.isCheckable() and h.checkState() == Qt.CheckState.Unchecked for h in heads)
    title_row = next(h for h in heads if "dossier" in h.text())
    assert title_row.text() == "MOMBASA proposes to change this dossier: “Nairobi's dossier”"
    assert [title_row.child(0, c).text() for c in range(3)] == [
        "Title",
        "Nairobi's dossier",
        "Mombasa's title",
    ]
    assert dialog.accepted_proposals() == frozenset()
    assert "0 of 2 accepted" in dialog.summary.text()
    title_row.setCheckState(Qt.CheckState.Checked)
    assert "1 of 2 accepted" in dialog.summary.text()
    dialog.resize(820, 560)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(tmp_path / "proposals.png"))
    chosen = dialog.accepted_proposals()
    assert [key[0] for key in chosen] == ["dossiers"]

    monkeypatch.setattr(ImportPreviewDialog, "ask", classmethod(lambda cls, p, parent: chosen))
    _route(monkeypatch, out_b)
    assert file_actions.import_bundle(win_a.ctx, win_a)
    assert ws.dossier(dossier)["title"] == "Mombasa's title"
    assert ws.get("findings", finding)["text"] == "Victims are not referred to shelters."
