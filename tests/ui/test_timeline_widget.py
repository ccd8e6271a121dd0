"""The timeline picture says what it shows, marks the State's group, and says "unverified" when
unknown."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from untoc_desktop.core import timeline
from untoc_desktop.core.reference import load
from untoc_desktop.core.state_facts import GroupFact
from untoc_desktop.ui.widgets.timeline import TimelineView


def _view(qtbot, tl) -> TimelineView:  # noqa: ANN001
    view = TimelineView()
    qtbot.addWidget(view)
    view.set_timeline(tl)
    view.resize(900, view.sizeHint().height())
    view.show()
    return view


def test_known_group_is_named_with_its_cluster_and_sureness(qtbot) -> None:  # noqa: ANN001
    tl = timeline.build(load(), GroupFact(2, "secondary", False), date(2025, 6, 1))
    view = _view(qtbot, tl)
    text = view.summary.text()
    assert "Group 2" in text and "secondary source" in text
    assert "cluster 3" in text  # group 2's plan puts 2025 in the third cluster
    # The summary, then every phase with its dates (issue 22).
    assert view.canvas.accessibleDescription().startswith(text)
    assert "cluster 3: Jan 1, 2025 to Jan 1, 2027" in view.canvas.accessibleDescription()
    assert view.summary.focusPolicy() & Qt.FocusPolicy.TabFocus  # reachable by Tab
    image = view.canvas.grab().toImage()
    assert image.width() > 0 and not image.isNull()


def test_unknown_group_reads_unverified(qtbot) -> None:  # noqa: ANN001
    tl = timeline.build(load(), GroupFact(None, "unknown", False), date(2025, 6, 1))
    view = _view(qtbot, tl)
    assert "unverified" in view.summary.text().lower()
    assert view.summary.property("role") == "warning"


def test_country_page_shows_the_picture_only_with_a_state(qtbot, ws) -> None:  # noqa: ANN001
    from untoc_desktop.ui.wizard.country import CountryPage

    dossier = ws.create_dossier(title="t", country="")
    page = CountryPage(ws, dossier)
    qtbot.addWidget(page)
    page.show()
    assert not page.timeline_picture.isVisible()
    ws.update("dossiers", dossier, country="KE")
    page.reload()
    assert page.timeline_picture.isVisible()
    assert "unverified" in page.timeline_picture.summary.text().lower()
