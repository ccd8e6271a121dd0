"""The main window: the dossier list model, new/open/duplicate/delete/restore, search, language,
geometry."""

from __future__ import annotations

from pathlib import Path

import pytest
import shell_pseudo as pseudo
from a11y_helpers import accessible_name
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QInputDialog, QWidget

from untoc_desktop.core.demo import build_demo
from untoc_desktop.core.plan import progress
from untoc_desktop.ui.context import AppContext
from untoc_desktop.ui.main_window import MainWindow
from untoc_desktop.ui.qt_i18n import apply_language
from untoc_desktop.ui.trash_dialog import TrashDialog


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, ws, settings) -> MainWindow:
    win = MainWindow(AppContext(ws, settings))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    yield win
    # Back to English while the workspace is still open: the LanguageChange events are delivered
    # later, through the event loop, so let them arrive now.
    apply_language("en")
    qtbot.wait(10)


def titles(win: MainWindow) -> list[str]:
    proxy = win.list_page.proxy
    return sorted(proxy.index(row, 0).data() for row in range(proxy.rowCount()))


def test_the_list_is_a_model_over_the_workspace(qtbot, ws, settings) -> None:
    ws.create_dossier(title="Trafficking in fisheries", country="KE", language="en")
    ws.create_dossier(title="Migrants en transit", country="SN", language="fr")
    win = MainWindow(AppContext(ws, settings))
    qtbot.addWidget(win)
    view = win.list_page.table
    assert view.model() is win.list_page.proxy
    assert titles(win) == ["Migrants en transit", "Trafficking in fisheries"]
    model = win.list_page.model
    newest = ws.dossiers()[0]["id"]
    row = model.row_of(newest)
    done, total = progress(ws, newest)
    assert [model.index(row, c).data() for c in (1, 2, 3, 4)] == [
        "Senegal",
        "French",
        "Draft",
        f"{done}/{total}",
    ]
    assert all(
        view.indexWidget(view.model().index(r, c)) is None for r in range(2) for c in range(6)
    )


def test_empty_workspace_offers_a_first_dossier_and_ctrl_n_creates_one(qtbot, window, ws) -> None:
    assert window.list_page.stack.currentIndex() == window.list_page.WELCOME
    qtbot.mouseClick(window.list_page.create_button, Qt.MouseButton.LeftButton)
    assert len(ws.dossiers()) == 1
    assert window.pages.currentIndex() == window.DOSSIER_PAGE
    window.show_list()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(ws.dossiers()) == 2
    assert window.wizard.current_step() == 1


def test_example_dossier_asks_for_a_state_when_the_profile_has_none(
    qtbot, window, ws, monkeypatch
) -> None:
    asked: list[str] = []

    def pick(parent, title, label, items, *args):  # noqa: ANN001, ANN202
        asked.append(label)
        return "Kenya", True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    qtbot.mouseClick(window.list_page.example_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1
    assert [d["country"] for d in ws.dossiers()] == ["KE"]
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a: ("", False))
    window.show_list()
    ws.save_organization(country="")
    assert window.open_example() is None
    assert len(ws.dossiers()) == 1


def test_duplicate_delete_undo_and_restore_from_the_trash(qtbot, window, ws, monkeypatch) -> None:
    first = ws.create_dossier(title="Original")
    window.list_page.model.refresh()
    window.list_page.select(first)
    copy = window.duplicate_selected()
    assert titles(window) == ["Original", "Original (copy)"]

    window.list_page.select(copy)
    window.list_page.table.setFocus()
    qtbot.keyClick(window.list_page.table, Qt.Key.Key_Delete)
    assert titles(window) == ["Original"]
    assert window.undo_button.isVisible()
    qtbot.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)
    assert titles(window) == ["Original", "Original (copy)"]
    assert not window.undo_button.isVisible()

    window.list_page.select(first)
    window.delete_action.trigger()
    assert titles(window) == ["Original (copy)"]
    monkeypatch.setattr(TrashDialog, "exec", lambda dialog: dialog.restore_row(0))
    window.trash_action.trigger()
    assert titles(window) == ["Original", "Original (copy)"]


def test_delete_key_in_the_search_field_deletes_no_dossier(qtbot, window, ws) -> None:
    dossier = ws.create_dossier(title="Keep me")
    window.list_page.model.refresh()
    window.list_page.select(dossier)
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, "ab")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Home)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Delete)
    assert window.search_field.text() == "b"
    assert [d["id"] for d in ws.dossiers()] == [dossier]


def test_search_shows_hits_and_opens_the_dossier_at_the_evidence_step(qtbot, window, ws) -> None:
    dossier = build_demo(ws, "KE", "en")
    window.list_page.model.refresh()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()
    word = ws.children("findings", dossier)[0]["text"].split()[0]
    qtbot.keyClicks(window.search_field, word)
    qtbot.waitUntil(lambda: window.search_view.results.rowCount() > 0)
    assert window.pages.currentIndex() == window.SEARCH_PAGE
    assert window.search_view.results.hit(0).dossier_id == dossier
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.search_view.view.hasFocus()
    qtbot.keyClick(window.search_view.view, Qt.Key.Key_Return)
    assert window.pages.currentIndex() == window.DOSSIER_PAGE
    assert window.dossier_id == dossier
    assert window.wizard.current_step() == 5


@pytest.mark.parametrize("text", ['"NEAR(', "*", "-", "' OR 1=1 --"])
def test_odd_search_text_finds_nothing_and_says_so(qtbot, window, ws, text) -> None:
    build_demo(ws, "KE", "en")
    window.list_page.model.refresh()
    count = window.list_page.search(text)
    assert count == window.list_page.results.rowCount()
    if count == 0:
        assert window.list_page.results_label.text().startswith("Nothing matches")
    window.list_page.search("")
    assert window.list_page.stack.currentIndex() == window.list_page.TABLE


def test_language_switch_retranslates_at_once_and_is_remembered(
    qtbot, window, ws, settings, monkeypatch
) -> None:
    ws.create_dossier(title="T")
    window.list_page.model.refresh()
    pseudo.install(monkeypatch)
    header = window.list_page.proxy.headerData(0, Qt.Orientation.Horizontal)
    assert window.file_menu.title() == "&File" and header == "Title"

    window.language_actions["fr"].trigger()
    qtbot.waitUntil(lambda: window.file_menu.title().startswith(pseudo.MARK))
    assert window.list_page.proxy.headerData(0, Qt.Orientation.Horizontal).startswith(pseudo.MARK)
    assert window.search_field.placeholderText().startswith(pseudo.MARK)
    assert window.language_actions["fr"].isChecked()
    assert window.language_actions["fr"].text() == "Français"
    assert settings.value("language") == "fr"

    window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File")
    assert settings.value("language") == "en"


def test_window_fits_1366x768_even_with_longer_labels(qtbot, window, ws, monkeypatch) -> None:
    build_demo(ws, "KE", "en")
    window.list_page.model.refresh()
    pseudo.install(monkeypatch)
    apply_language("fr")
    qtbot.waitUntil(lambda: window.file_menu.title().startswith(pseudo.MARK))
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768


def test_geometry_is_remembered(qtbot, ws, settings) -> None:
    first = MainWindow(AppContext(ws, settings))
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)
    qtbot.waitUntil(lambda: first.width() == 700)
    first.close()
    second = MainWindow(AppContext(ws, settings))
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 500)


def test_default_size_fits_a_small_screen(qtbot, ws, settings) -> None:
    win = MainWindow(AppContext(ws, settings))
    qtbot.addWidget(win)
    assert win.width() <= 1366 and win.height() <= 768


def test_every_focusable_widget_has_an_accessible_name(qtbot, window, ws) -> None:
    build_demo(ws, "KE", "en")
    window.list_page.model.refresh()
    focusable = [
        w for w in window.findChildren(QWidget) if w.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]
    assert len(focusable) >= 5
    unnamed = [f"{type(w).__name__}:{w.objectName()}" for w in focusable if not accessible_name(w)]
    assert unnamed == []


def test_every_file_action_is_enabled_whatever_is_selected(window) -> None:
    """Bundles, backups and conflicts are part of every build: nothing is shown "not available"."""
    for action in (
        window.import_action,
        window.export_bundle_action,
        window.conflicts_action,
        window.partners_action,
        window.backup_action,
        window.restore_action,
    ):
        assert action.isEnabled(), action.objectName()
        assert "not available" not in action.toolTip().lower()


def test_help_menu_offers_the_guides_channels(qtbot, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    """Issue 23: the guide's channels (UNODC Civil Society Team, WhatsOn, the Alliance, GI-TOC…)
    are reachable from Help, in the interface language."""
    from PySide6.QtCore import QSettings

    from untoc_desktop.store.workspace import Workspace
    from untoc_desktop.ui.context import AppContext
    from untoc_desktop.ui.main_window import MainWindow
    from untoc_desktop.ui.wizard import channels

    ws = Workspace.open(tmp_path / "ws.untocdb")
    win = MainWindow(AppContext(ws, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(win)
    assert win.channels_action in win.help_menu.actions()
    assert win.channels_action.text() == "&Where to get help…"
    shown: list[str] = []
    monkeypatch.setattr(
        channels.ChannelsDialog,
        "exec",
        lambda self: shown.append(channels.channels_text(self.view.channels(), "en")) or 0,
    )
    win.channels_action.trigger()
    assert shown and "Civil Society" in shown[0]
    win.close()
    ws.close()
