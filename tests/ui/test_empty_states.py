"""Every empty list in the main window and the wizard says what belongs in it and offers the first
action."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QWidget

from untoc_desktop.ui.context import AppContext
from untoc_desktop.ui.main_window import MainWindow
from untoc_desktop.ui.widgets.empty_state import empty_state_of
from untoc_desktop.ui.wizard.wizard import DossierWizard


def _empty_views(root: QWidget) -> list[QAbstractItemView]:
    views = []
    for view in root.findChildren(QAbstractItemView):
        if isinstance(view, QHeaderView):
            continue  # a table's header, not a list
        if view.model() is None or view.model().rowCount() != 0:
            continue
        if view.parent() is not None and type(view.parent()).__name__ == "QComboBox":
            continue  # a combo box's popup list is not a list on the page
        views.append(view)
    return views


def _check(view: QAbstractItemView) -> str:
    # A list named by its visible label keeps its longer wording as its description (issue 22).
    name = (
        view.accessibleName()
        or view.accessibleDescription()
        or view.objectName()
        or type(view).__name__
    )
    state = empty_state_of(view)
    assert state is not None, f"{name} has no empty state"
    assert state.isVisibleTo(view), f"{name}: empty state hidden while the list is empty"
    assert len(state.message.text().split()) >= 6, f"{name}: say in a sentence what belongs here"
    return name


def test_every_empty_list_of_the_wizard_explains_itself(qtbot, ws) -> None:  # noqa: ANN001
    dossier = ws.create_dossier(title="empty", country="")
    wizard = DossierWizard(ws, dossier)
    qtbot.addWidget(wizard)
    wizard.resize(1366, 768)
    wizard.show()
    checked = set()
    for step in range(wizard.step_count() + 1):
        wizard.go_to_step(step)
        for view in _empty_views(wizard.page(step)):
            if view.isVisibleTo(wizard.page(step)):
                checked.add(_check(view))
    # The lists a new dossier starts with empty, by their accessible names.
    for expected in (
        "Engagement log",
        "Milestones",
        "Findings",
        "Evidence (drop files here to attach them)",
        "Partners",
        "Recommendations",
        "Instruments and party status",
        "Items marked sensitive",
        "Attached files",
    ):
        assert expected in checked, f"{expected} was not walked"


def test_an_action_is_offered_and_works(qtbot, ws) -> None:  # noqa: ANN001
    dossier = ws.create_dossier(title="empty")
    wizard = DossierWizard(ws, dossier)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.go_to_step(6)
    page = wizard.page(6)
    state = empty_state_of(page.table.view)
    assert state.button is not None and state.button.text()
    state.button.click()
    assert len(ws.children("partners", dossier)) == 1
    assert not state.isVisibleTo(page.table.view)  # the list has a row: the explanation steps aside
    page.table.view.selectRow(0)
    page.table.delete_row()
    assert state.isVisibleTo(page.table.view)


def test_safety_empty_lists_lead_to_the_step_that_fills_them(qtbot, ws) -> None:  # noqa: ANN001
    dossier = ws.create_dossier(title="empty")
    wizard = DossierWizard(ws, dossier)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.go_to_step(8)
    empty_state_of(wizard.page(8).files_view).button.click()
    assert wizard.current_step() == 5


def test_empty_search_results_explain_what_is_searched(qtbot, ws, tmp_path: Path) -> None:  # noqa: ANN001
    window = MainWindow(
        AppContext(ws, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    )
    qtbot.addWidget(window)
    window.show()
    window.list_page.search("zzzz-no-such-word")
    view = window.list_page.results_view
    assert view.isVisibleTo(window)
    _check(view)


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_empty_states_follow_the_language(qtbot, ws, lang: str) -> None:  # noqa: ANN001
    from untoc_desktop.ui.qt_i18n import apply_language

    dossier = ws.create_dossier(title="empty")
    wizard = DossierWizard(ws, dossier)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.go_to_step(6)
    state = empty_state_of(wizard.page(6).table.view)
    english = state.message.text()
    try:
        apply_language(lang)
        qtbot.wait(10)
        # Until the catalogs are translated the text may stay English; it must still be a sentence.
        assert len(state.message.text().split()) >= 6
    finally:
        apply_language("en")
        qtbot.wait(10)
    assert state.message.text() == english
