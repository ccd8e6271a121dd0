"""Every focusable control of every wizard page has an accessible name, and texts follow the
language."""

from __future__ import annotations

import pytest
from a11y_helpers import accessible_name, focusable

from untoc_desktop.core.demo import build_demo
from untoc_desktop.ui.wizard import DossierWizard


@pytest.fixture
def demo_wizard(ws, qtbot):
    dossier_id = build_demo(ws, "KE", "en")
    wizard = DossierWizard(ws, dossier_id)
    qtbot.addWidget(wizard)
    wizard.resize(1366, 768)
    wizard.show()
    return wizard


@pytest.mark.parametrize("step", range(10))
def test_every_focusable_control_has_an_accessible_name(demo_wizard, step: int) -> None:
    demo_wizard.go_to_step(step)
    controls = focusable(demo_wizard, skip_scroll_areas=True)
    assert len(controls) > 8  # the header, the step list, the page's own controls, the navigation
    unnamed = [
        f"{type(w).__name__} {w.objectName()!r} {getattr(w, 'text', lambda: '')()!r}"
        for w in controls
        if not accessible_name(w)
    ]
    assert unnamed == []


def test_interactive_tables_leave_with_tab(demo_wizard) -> None:
    demo_wizard.go_to_step(5)
    page = demo_wizard.page(5)
    assert not page.findings.view.tabKeyNavigation() and not page.evidence.view.tabKeyNavigation()


def test_switching_language_at_runtime_retranslates_the_wizard(demo_wizard, qtbot) -> None:
    from untoc_desktop.ui.qt_i18n import apply_language

    demo_wizard.go_to_step(4)
    before = (
        demo_wizard.page(4).title.text(),
        demo_wizard.steps.data(demo_wizard.steps.index(1)),
        demo_wizard.page(4).cluster_buttons[1].text(),
        demo_wizard.progress.text(),
    )
    try:
        apply_language("fr")
        qtbot.waitUntil(lambda: demo_wizard.page(4).title.text() != before[0])
        after = (
            demo_wizard.page(4).title.text(),
            demo_wizard.steps.data(demo_wizard.steps.index(1)),
            demo_wizard.page(4).cluster_buttons[1].text(),
            demo_wizard.progress.text(),
        )
        assert after[0] == "Étape 4\u00a0: Portée"
        assert "Votre organisation" in after[1]
        assert "Incrimination" in after[2]  # from the reference data, in the UI language
        assert all(a != b for a, b in zip(before, after, strict=True)), after
    finally:
        apply_language("en")
    qtbot.waitUntil(lambda: demo_wizard.page(4).title.text() == before[0])
