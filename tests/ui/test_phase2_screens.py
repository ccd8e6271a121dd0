"""The guide's Phase 2 screens (issue 24): reachable from the dossier page, model/view lists with
accessible names, empty states that say what the step is for, edits stored at once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPushButton

from untoc_desktop.core import action_plan
from untoc_desktop.core.demo import build_demo
from untoc_desktop.core.typography import long_date
from untoc_desktop.i18n import set_language
from untoc_desktop.store import phase2
from untoc_desktop.ui.phase2.guide_plan import GuidePlanCard
from untoc_desktop.ui.phase2.screens import Phase2Window
from untoc_desktop.ui.widgets.empty_state import empty_state_of
from untoc_desktop.ui.wizard.overview import OverviewPage

SHOTS = os.environ.get("UNTOC_PHASE2_SHOTS")


def _lists(root) -> list[QAbstractItemView]:  # noqa: ANN001
    return [v for v in root.findChildren(QAbstractItemView) if not isinstance(v, QHeaderView)]


def test_empty_dossier_lists_explain_their_purpose_and_have_names(qtbot, ws) -> None:  # noqa: ANN001
    dossier = ws.create_dossier(title="Empty")
    window = Phase2Window(ws, dossier)
    qtbot.addWidget(window)
    for view in _lists(window):
        if view.window() is not window:
            continue  # a combo box's popup list
        assert view.accessibleName(), view
        if view.model() is not None and view.model().rowCount() == 0:
            state = empty_state_of(view)
            assert state is not None, view.accessibleName()
            assert len(state.message.text()) > 60


def test_demo_phase2_is_shown_and_edits_are_stored(qtbot, ws) -> None:  # noqa: ANN001
    dossier = build_demo(ws, "KE", "en")
    window = Phase2Window(ws, dossier, "engagement")
    qtbot.addWidget(window)
    pledge = window.pages["pledge"]
    assert pledge.edits["sent_to"].text().startswith("Ministry of Justice")
    assert pledge.reminder.text().startswith("An answer is expected")
    pledge.answer.setCurrentIndex(pledge.answer.findData("signed"))
    assert phase2.pledge(ws, dossier)["answer"] == "signed"
    pledge.edits["answer_on"].setText("not a date")
    pledge.edits["answer_on"].editingFinished.emit()
    assert pledge.error.isVisibleTo(pledge) and phase2.pledge(ws, dossier)["answer_on"] == ""

    engagement = window.pages["engagement"]
    assert engagement.people.model.rowCount() == 5
    assert engagement.log.model.rowCount() == 3
    overdue = [d for d in engagement.reminders.items if d.overdue]
    assert len(overdue) == 1 and overdue[0].kind == "next_action"
    names = [engagement.log.model.index(r, 1).data() for r in range(3)]
    assert "Parliamentary Committee on Justice and Legal Affairs" in names

    public = window.pages["public"]
    assert public.social.count() == 3
    assert "characters" in public.social.item(0).text()

    followup = window.pages["followup"]
    assert followup.recommendations.rowCount() == 3
    assert followup.history.model.rowCount() == 1
    followup.history.add_row()
    assert len(phase2.recommendation_history(ws, followup.selected_id())) == 2


def test_guide_plan_card_names_both_phases_and_opens_places(qtbot, ws) -> None:  # noqa: ANN001
    dossier = build_demo(ws, "KE", "en")
    card = GuidePlanCard()
    qtbot.addWidget(card)
    card.set_dossier(ws, dossier)
    assert "Phase 2" in card.phase_labels[2].text()
    assert "app adds steps of its own" in card.app_steps_label.text()
    with qtbot.waitSignal(card.screen_requested) as caught:
        card.place_buttons[(7, "screen:pledge")].click()
    assert caught.args == ["pledge"]
    with qtbot.waitSignal(card.step_requested) as step:
        card.place_buttons[(2, "step:3")].click()
    assert step.args == [3]
    for button in card.findChildren(QPushButton):
        assert button.accessibleName()


def test_dossier_page_shows_the_guides_plan_and_progress(qtbot, ws) -> None:  # noqa: ANN001
    dossier = build_demo(ws, "KE", "en")
    page = OverviewPage(ws, dossier)
    qtbot.addWidget(page)
    phases = action_plan.phase_progress(ws, dossier)
    assert f"Phase 2: {phases[2][0]} of 3 done" in page.guide_progress.text()
    assert page.guide_plan.states == action_plan.states(ws, dossier)


@pytest.mark.skipif(not SHOTS, reason="pictures only on request (UNTOC_PHASE2_SHOTS=folder)")
@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_pictures(qtbot, ws, lang: str) -> None:  # noqa: ANN001
    folder = Path(str(SHOTS))
    set_language(lang)
    try:
        dossier = build_demo(ws, "KE", lang)
        folder.mkdir(parents=True, exist_ok=True)
        window = Phase2Window(ws, dossier)
        qtbot.addWidget(window)
        window.resize(1100, 800)
        for i, key in enumerate(("pledge", "engagement", "public", "followup")):
            window.tabs.setCurrentIndex(i)
            window.show()
            qtbot.wait(50)
            window.grab().save(str(folder / f"{key}.{lang}.png"))
        page = OverviewPage(ws, dossier)
        qtbot.addWidget(page)
        page.resize(1000, 2200)
        page.show()
        qtbot.wait(50)
        page.guide_plan.grab().save(str(folder / f"guide-plan.{lang}.png"))
    finally:
        set_language("en")
    assert (folder / f"followup.{lang}.png").stat().st_size > 0


def test_french_pledge_form_has_french_colons_and_dates(qtbot, ws) -> None:  # noqa: ANN001
    """Issue 25: the labels were the translation plus a bare ":" and the reminder's date was
    2026-12-31 in every language."""
    set_language("fr")
    try:
        dossier = build_demo(ws, "SN", "fr")
        window = Phase2Window(ws, dossier)
        qtbot.addWidget(window)
        pledge = window.pages["pledge"]
        for label in pledge.labels.values():
            assert label.text().endswith("\u00a0:"), label.text()
            assert " :" not in label.text()
        due = action_plan.pledge_answer_due(ws, dossier)
        assert due is not None
        assert due.isoformat() not in pledge.reminder.text()
        assert long_date(due, "fr") in pledge.reminder.text()
    finally:
        set_language("en")


def test_the_public_documents_language_is_named_not_coded(qtbot, ws) -> None:  # noqa: ANN001
    dossier = build_demo(ws, "SN", "es")
    window = Phase2Window(ws, dossier, "public")
    qtbot.addWidget(window)
    combo = window.pages["public"].language
    assert [combo.itemText(i) for i in range(combo.count())] == ["English", "Français", "Español"]
    assert combo.currentData() == "es"
