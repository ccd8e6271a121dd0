"""The glance card: the strip says which steps are done, and every missing item opens its step."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from untoc_desktop.core.demo import build_demo
from untoc_desktop.core.glance import glance
from untoc_desktop.i18n import set_language
from untoc_desktop.ui.widgets.glance import GlanceCard, article_label


def test_strip_and_missing_links_open_their_steps(qtbot, ws) -> None:  # noqa: ANN001
    dossier = ws.create_dossier(title="empty")
    card = GlanceCard()
    qtbot.addWidget(card)
    data = glance(ws, dossier)
    card.set_glance(data)
    card.show()
    names = [b.accessibleName() for b in card.step_buttons]
    assert len(names) == 9 and all(n.startswith("Step ") for n in names)
    assert "Step 2, Your country: not complete" in names
    links = [
        w for w in card.findChildren(QPushButton) if w.property("role") == "link" and w.isVisible()
    ]
    assert links, "an empty dossier lacks things; each must be a link"
    with qtbot.waitSignal(card.step_requested) as blocker:
        qtbot.mouseClick(links[0], Qt.MouseButton.LeftButton)
    first_required = next(m for m in data.missing if m.required)
    assert blocker.args == [first_required.step]
    with qtbot.waitSignal(card.step_requested) as blocker:
        card.step_buttons[4].click()
    assert blocker.args == [5]
    assert "No evidence yet" in card.evidence.text()


def test_demo_dossier_shows_counts_and_a_chart(qtbot, ws) -> None:  # noqa: ANN001
    dossier = build_demo(ws, "KE", "en")
    card = GlanceCard()
    qtbot.addWidget(card)
    card.set_glance(glance(ws, dossier))
    card.resize(800, card.sizeHint().height())
    card.show()
    assert "piece" in card.evidence.text()
    assert card.chart.articles and "art." in card.chart.accessibleDescription()
    assert not card.chart.grab().toImage().isNull()


def test_dossier_page_link_moves_the_wizard(qtbot, ws) -> None:  # noqa: ANN001
    from untoc_desktop.ui.wizard.wizard import DossierWizard

    dossier = ws.create_dossier(title="d")
    wizard = DossierWizard(ws, dossier)
    qtbot.addWidget(wizard)
    wizard.go_to_step(0)
    wizard.page(0).glance.step_buttons[3].click()
    assert wizard.current_step() == 4


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_chart_names_instruments_in_the_language_not_by_english_code(
    qtbot, ws, lang: str
) -> None:  # noqa: ANN001
    """Issue 25: French and Spanish charts read "TIP art. 3" and "UNTOC art. 5"."""
    set_language(lang)
    try:
        dossier = build_demo(ws, "SN", lang)
        card = GlanceCard()
        qtbot.addWidget(card)
        card.set_glance(glance(ws, dossier))
        labels = [article_label(a) for a in card.chart.articles if a.instrument]
        assert labels
        for label in labels:
            assert not re.search(r"\b(UNTOC|TIP|SOM|FIREARMS)\b", label), label
        assert any(label.startswith(("Convention, art.", "Convención, art.")) for label in labels)
        text = card.chart.accessibleDescription()
        assert all(label in text for label in labels)
        if lang == "fr":
            assert "\u00a0: " in text and " : " not in text
    finally:
        set_language("en")
