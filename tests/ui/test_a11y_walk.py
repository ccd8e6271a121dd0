"""Issue 22: what a screen reader hears is what a sighted user sees, on every screen, in every
language.

The walk (``a11y_audit.walk``) opens the main window on a demo dossier and visits the list, the ten
steps, the search results and the menus' dialogs; on each it reads every interactive object's name
as an AT-SPI client does and compares it with the text on screen.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from a11y_audit import (
    accessible_name,
    audit,
    focus_stops,
    invisible_stops,
    mnemonic,
    mnemonic_clashes,
    walk,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QPushButton, QToolButton, QWidget

from untoc_desktop.ui import a11y
from untoc_desktop.ui.qt_i18n import apply_language

LANGS = ("en", "fr", "es")


def _settle(qtbot) -> None:
    qtbot.wait(5)
    QApplication.processEvents()


def _in_phase2(widget_path: str) -> bool:
    return "GuidePlanCard" in widget_path  # ui/phase2 (issue 24) is checked on its own below


@pytest.fixture
def language(request) -> Iterator[str]:
    lang = request.param
    apply_language(lang)
    QApplication.processEvents()
    yield lang
    apply_language("en")
    QApplication.processEvents()


def _screens(ws, lang: str, qtbot) -> Iterator[tuple[str, QWidget]]:
    for screen, window in walk(ws, lang):
        _settle(qtbot)
        yield screen, window


@pytest.mark.parametrize("language", LANGS, indirect=True)
def test_every_interactive_object_is_named_as_shown(ws, qtbot, language: str) -> None:
    """Non-empty, equal to the visible text without "&", translated: on every screen."""
    problems = []
    screens = []
    for screen, window in _screens(ws, language, qtbot):
        screens.append(screen)
        problems += [
            f"{screen}: {finding}"
            for finding in audit(window, language)
            if not _in_phase2(finding.widget)
        ]
    assert len(screens) >= 14, screens  # list, ten steps, search, dialogs
    assert problems == []


def test_phase2_guide_card_links_are_named_as_shown(ws, qtbot) -> None:
    problems = []
    for screen, window in _screens(ws, "en", qtbot):
        problems += [f"{screen}: {f}" for f in audit(window) if _in_phase2(f.widget)]
    assert problems == []


@pytest.mark.parametrize("language", LANGS, indirect=True)
def test_mnemonics_are_unique_in_every_window(ws, qtbot, language: str) -> None:
    clashes = []
    for screen, window in _screens(ws, language, qtbot):
        clashes += [f"{screen}: {clash}" for clash in mnemonic_clashes(window)]
        wizard = getattr(window, "wizard", None)
        if screen.startswith("step") and wizard is not None:
            # The frame keeps its letters: the title, Previous (from step 1), Next (to step 8).
            frame = [wizard.title_label]
            frame += [wizard.previous] if wizard.current_step() > 0 else []
            frame += [wizard.next] if wizard.current_step() < 9 else []
            clashes += [
                f"{screen}: {w.text()!r} lost its mnemonic" for w in frame if not mnemonic(w.text())
            ]
    assert clashes == []


def test_the_menu_keeps_alt_f_and_add_a_finding_has_its_own(ws, qtbot) -> None:
    for screen, window in _screens(ws, "en", qtbot):
        if screen == "step 5":
            add = window.wizard.page(5).findings.add_button
            assert mnemonic(add.text()) == "i"
            assert accessible_name(add) == "Add a finding"
            break


def _wizard_window(ws, qtbot):  # noqa: ANN202
    screens = _screens(ws, "en", qtbot)
    next(screens)  # the list
    screen, window = next(screens)  # step 0
    return screens, window


def test_step_headings_are_headings_named_by_their_text(ws, qtbot) -> None:
    _screens_left, window = _wizard_window(ws, qtbot)
    wizard = window.wizard
    for step in range(1, 10):
        wizard.go_to_step(step)
        title = wizard.page(step).title
        iface = QAccessible.queryAccessibleInterface(title)
        assert iface.role() == QAccessible.Role.Heading
        assert iface.text(QAccessible.Text.Name) == title.text().replace("&", "")
        assert iface.text(QAccessible.Text.Name).startswith(f"Step {step}:")


def test_tab_order_puts_the_page_first_and_has_no_invisible_stop(ws, qtbot) -> None:
    _screens_left, window = _wizard_window(ws, qtbot)
    wizard = window.wizard
    for step in range(10):
        wizard.go_to_step(step)
        _settle(qtbot)
        stops = focus_stops(wizard)
        page = wizard.page(step)
        in_page = [i for i, w in enumerate(stops) if page.isAncestorOf(w)]
        assert in_page, f"step {step}: no field reachable"
        after_page = stops[(in_page[-1] + 1) % len(stops)]
        # The page's fields come one after another, then Previous (or Next on the dossier page).
        assert in_page == list(range(in_page[0], in_page[-1] + 1)), f"step {step}"
        assert after_page is (wizard.previous if step else wizard.next), f"step {step}"
        assert stops[in_page[0] - 1] is wizard.title_edit
        assert invisible_stops(wizard) == [], f"step {step}"


def test_a_step_change_moves_focus_into_the_step_and_is_announced(ws, qtbot, monkeypatch) -> None:
    heard: list[str] = []
    monkeypatch.setattr(a11y, "announce", lambda _w, message, **_k: heard.append(message))
    _screens_left, window = _wizard_window(ws, qtbot)
    wizard = window.wizard
    window.activateWindow()
    wizard.go_to_step(2)
    wizard.page(2).focus_first()
    for step in (3, 4, 5):
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier
        )
        _settle(qtbot)
        assert wizard.current_step() == step
        assert wizard.page(step).isAncestorOf(window.focusWidget()), window.focusWidget()
        assert heard[-1] == wizard.page(step).heading()


def test_arrowing_through_the_step_list_keeps_the_keyboard_in_it(ws, qtbot, monkeypatch) -> None:
    heard: list[str] = []
    monkeypatch.setattr(a11y, "announce", lambda _w, message, **_k: heard.append(message))
    _screens_left, window = _wizard_window(ws, qtbot)
    wizard = window.wizard
    wizard.step_view.setFocus()
    qtbot.keyClick(wizard.step_view, Qt.Key.Key_Down)
    qtbot.keyClick(wizard.step_view, Qt.Key.Key_Down)
    assert wizard.current_step() == 2
    assert wizard.step_view.hasFocus()
    assert heard[-1] == wizard.page(2).heading()


def test_the_dossier_list_is_one_tab_stop_with_arrow_keys(ws, qtbot) -> None:
    from untoc_desktop.core.demo import build_demo

    build_demo(ws, "NG", "en")  # two rows
    screens = _screens(ws, "en", qtbot)
    _screen, window = next(screens)
    table = window.list_page.table
    assert not table.tabKeyNavigation()
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.hasFocus() and table.currentIndex().row() == 1  # arrows move within the list
    before = table.currentIndex()
    for _i in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is table:
            break
    assert table.currentIndex() == before  # Tab never walks the cells
    stops = [w for w in focus_stops(window) if window.list_page.isAncestorOf(w)]
    assert stops == [table]


def test_status_messages_are_announced(ws, qtbot, monkeypatch) -> None:
    heard: list[str] = []
    monkeypatch.setattr(a11y, "announce", lambda _w, message, **_k: heard.append(message))
    screens, window = _wizard_window(ws, qtbot)
    window.show_status("Saved: /tmp/x.pdf")
    assert heard[-1] == "Saved: /tmp/x.pdf"
    wizard = window.wizard
    wizard.go_to_step(9)
    wizard.page(9).include.setChecked(True)
    assert heard[-1].startswith("Sensitive items will be in the documents")
    wizard.page(9).include.setChecked(False)
    wizard.go_to_step(3)
    wizard.page(3).record_sent()
    assert heard[-1].startswith("Recorded in the engagement log")


def test_the_search_fields_clear_button_is_named(ws, qtbot) -> None:
    _screen, window = next(_screens(ws, "en", qtbot))
    buttons = window.search_field.findChildren(QToolButton)
    assert buttons and all(accessible_name(b) == "Clear the search" for b in buttons)


def test_a_new_finding_is_on_screen_with_a_named_field_to_type_into(ws, qtbot) -> None:
    _screens_left, window = _wizard_window(ws, qtbot)
    wizard = window.wizard
    wizard.go_to_step(5)
    _settle(qtbot)
    page = wizard.page(5)
    for _i in range(12):  # enough rows that the list scrolls
        page.findings.add_row()
    _settle(qtbot)
    focused = window.focusWidget()
    assert focused is page.findings.fields["text"]
    assert accessible_name(focused).rstrip(":") == "Finding"
    view = page.findings.view
    rect = view.visualRect(
        view.currentIndex()
        if view.currentIndex().isValid()
        else view.model().index(page.findings.selected_row(), 0)
    )
    assert view.viewport().rect().intersects(rect)  # the new row is scrolled into view
    area = page.scroll
    top_left = focused.mapTo(area.widget(), focused.rect().topLeft())
    shown = area.viewport().rect().translated(0, area.verticalScrollBar().value())
    assert shown.contains(top_left)


def test_tab_follows_the_layout_on_scope_and_the_dossier_page(ws, qtbot) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    _screens_left, window = _wizard_window(ws, qtbot)
    wizard = window.wizard
    wizard.go_to_step(4)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    page = wizard.page(4)
    stops = [w for w in focus_stops(wizard) if page.isAncestorOf(w)]
    checks = list(page.instrument_checks.values())
    assert checks and stops[: len(checks)] == checks  # the instruments first, as laid out
    assert stops[len(checks)] is page.cluster_buttons[min(page.cluster_buttons)]
    wizard.go_to_step(0)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    card = wizard.page(0).glance
    stops = focus_stops(wizard)
    links = [w for w in card.findChildren(QPushButton) if w.property("role") == "link"]
    links = [w for w in links if w.isVisible()]
    assert links
    at = stops.index(card.chart)
    assert stops[at + 1 : at + 1 + len(links)] == links  # the missing steps right after the chart
