"""Wizard pages are built when first shown: opening a dossier at one step builds that step only, and
everything that works on pages (moving, what is missing, saving on close) still works."""

from __future__ import annotations

from wizard_helpers import type_into, wizard_in_window

from untoc_desktop.ui.wizard.common import StepPage
from untoc_desktop.ui.wizard.wizard import DossierWizard


def _built(wizard: DossierWizard) -> list[int]:
    return [page.step for page in wizard.built_pages()]


def test_opening_at_a_chosen_step_builds_only_that_page(ws, qtbot) -> None:
    dossier_id = ws.create_dossier(title="", step=2)  # left at the country step
    wizard = DossierWizard(ws, dossier_id)
    qtbot.addWidget(wizard)
    assert _built(wizard) == []  # nothing built before it is shown
    wizard.go_to_step(5)  # as the main window does when a search result opens the findings
    wizard.show()
    assert _built(wizard) == [5]
    assert wizard.stack.currentIndex() == 5 and wizard.stack.currentWidget() is wizard.page(5)
    assert wizard.stack.count() == wizard.step_count() + 1
    wizard.go_to_step(3)
    assert _built(wizard) == [3, 5] and wizard.stack.currentWidget() is wizard.page(3)


def test_asking_for_a_page_builds_it_with_its_step_and_keeps_the_shown_one(ws, qtbot) -> None:
    dossier_id = ws.create_dossier(title="")
    wizard = DossierWizard(ws, dossier_id)
    qtbot.addWidget(wizard)
    wizard.show()
    start, shown = wizard.current_step(), wizard.stack.currentWidget()
    for step in range(wizard.step_count() + 1):
        page = wizard.page(step)
        assert isinstance(page, StepPage) and page.step == step
        assert wizard.stack.indexOf(page) == step
    assert wizard.stack.currentWidget() is shown and wizard.current_step() == start
    assert wizard.page(4) is wizard.page(4)  # built once


def test_the_step_list_and_what_is_missing_work_before_pages_are_built(ws, qtbot) -> None:
    dossier_id = ws.create_dossier(title="")
    wizard = DossierWizard(ws, dossier_id)
    qtbot.addWidget(wizard)
    wizard.show()
    assert {m.code for m in wizard.missing.items} >= {"country", "summary"}
    country = next(i for i, m in enumerate(wizard.missing.items) if m.code == "country")
    wizard.missing_view.activated.emit(wizard.missing.index(country))
    assert wizard.current_step() == 2 and wizard.stack.currentWidget() is wizard.page(2)
    wizard.step_view.setCurrentIndex(wizard.steps.index(8))
    assert wizard.current_step() == 8 and 8 in _built(wizard)
    wizard.go_to_step(99)  # out of range: ignored, nothing built
    assert wizard.current_step() == 8 and len(_built(wizard)) == 3


def test_closing_saves_the_pages_that_were_built(ws, qtbot) -> None:
    dossier_id = ws.create_dossier(title="")
    window, wizard = wizard_in_window(qtbot, ws, dossier_id)
    wizard.go_to_step(3)
    type_into(qtbot, wizard.page(3).edits["ministry"], "Ministry of Justice")
    wizard.go_to_step(7)
    type_into(qtbot, wizard.page(7).summary, "Forced labour at sea.")
    window.close()
    assert ws.focal_point(dossier_id)["ministry"] == "Ministry of Justice"
    assert "Forced labour at sea." in (ws.dossier(dossier_id)["executive_summary"] or "")
