"""File dialogs open where the user last chose a file of that kind, for the session (issue 21);
nothing about folders is written to the settings (issue 19)."""

from __future__ import annotations

from pathlib import Path

from untoc_desktop.ui import folders


def test_each_kind_remembers_its_own_folder(tmp_path: Path) -> None:
    folders.forget()
    stick = tmp_path / "stick"
    stick.mkdir()
    assert folders.start_folder(folders.DOCUMENTS) == Path.home()
    folders.remember(folders.DOCUMENTS, stick / "letter-fr.pdf")
    assert folders.start_folder(folders.DOCUMENTS) == stick
    assert folders.start_path(folders.DOCUMENTS, "pledge-fr.pdf") == str(stick / "pledge-fr.pdf")
    assert folders.start_folder(folders.BUNDLES, tmp_path) == tmp_path  # another kind
    stick.rmdir()  # the stick was pulled out: back to the default
    assert folders.start_folder(folders.DOCUMENTS, tmp_path) == tmp_path
    folders.forget()


def test_the_export_step_offers_the_folder_of_the_previous_export(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QFileDialog

    from untoc_desktop.core.demo import build_demo
    from untoc_desktop.core.timeutil import now
    from untoc_desktop.store.workspace import Workspace
    from untoc_desktop.ui.wizard.export import ExportPage

    folders.forget()
    ws = Workspace.open(tmp_path / "ws.untocdb")
    dossier = build_demo(ws, "KE", "en")
    ws.update("dossiers", dossier, safety_reviewed_at=now())
    page = ExportPage(ws, dossier)
    qtbot.addWidget(page)
    stick = tmp_path / "stick"
    stick.mkdir()
    offered: list[str] = []

    def save_as(parent, title, start, filt):  # noqa: ANN001, ANN202
        offered.append(start)
        return str(stick / Path(start).name), filt

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    page.export("letter")
    page.export("pledge")
    assert Path(offered[0]).parent == Path.home()
    assert Path(offered[1]).parent == stick
    ws.close()
    folders.forget()
