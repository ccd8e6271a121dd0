"""Switching the language at run time reaches every widget of every open window, with the real
catalogs.

The main window, the organization profile and all ten steps of the dossier wizard are opened on the
demo dossier, the language is switched, and every text a user can read or hear (labels, buttons,
group titles, placeholders, tooltips, accessible names, menus, column headers) is compared with the
catalogs: a text still equal to an English message whose translation differs means a widget that
was not retranslated. Then back to English, where no French or Spanish text may remain.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTextEdit,
    QTreeView,
    QWidget,
)

from untoc_desktop.core.demo import build_demo
from untoc_desktop.ui.context import AppContext
from untoc_desktop.ui.main_window import MainWindow, ProfileDialog
from untoc_desktop.ui.qt_i18n import apply_language

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


def catalog(lang: str) -> dict[str, str]:
    """English text -> translation, for the messages whose translation differs from the English."""
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        po = read_po(fh, locale=lang)
    pairs = {}
    for message in po:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for source, text in zip(ids, strings, strict=False):
            if text and text != source:
                pairs[source] = text
    return pairs


def _header_texts(view: QTableView | QTreeView) -> Iterator[str]:
    model = view.model()
    if model is None:
        return
    for section in range(model.columnCount(QModelIndex())):
        value = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if isinstance(value, str):
            yield value


def readable_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(what, text) for every text of ``widget`` a sighted or screen-reader user meets."""
    name = f"{type(widget).__name__}({widget.objectName() or '?'})"
    if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.RichText:
        yield f"{name}.text", widget.text()
    if isinstance(widget, QAbstractButton):
        yield f"{name}.text", widget.text()
    if isinstance(widget, QGroupBox):
        yield f"{name}.title", widget.title()
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        yield f"{name}.placeholderText", widget.placeholderText()
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield f"{name}.tab{i}", widget.tabText(i)
    if isinstance(widget, QMenu):
        yield f"{name}.title", widget.title()
        for action in widget.actions():
            yield f"{name}.action", action.text()
    if isinstance(widget, QTableView | QTreeView):
        for text in _header_texts(widget):
            yield f"{name}.header", text
    if widget.isWindow():
        yield f"{name}.windowTitle", widget.windowTitle()
    yield f"{name}.toolTip", widget.toolTip()
    yield f"{name}.accessibleName", widget.accessibleName()
    yield f"{name}.statusTip", widget.statusTip()


def stale_texts(widgets: list[QWidget], stale: dict[str, str]) -> list[str]:
    """Texts that are still in the language we left (keys of ``stale``)."""
    found = set()
    for widget in widgets:
        for what, text in readable_texts(widget):
            if text and text in stale:
                found.add(f"{what}: {text!r} (should be {stale[text]!r})")
    return sorted(found)


@pytest.fixture
def every_window(qtbot, ws, tmp_path: Path) -> Iterator[list[QWidget]]:
    dossier_id = build_demo(ws, "KE", "en")
    window = MainWindow(
        AppContext(ws, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    )
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    profile = ProfileDialog(ws, window)
    profile.show()
    window.open_dossier(dossier_id)
    for step in range(10):  # build and show every wizard page once
        window.wizard.go_to_step(step)
        qtbot.wait(1)
    yield [window, profile]
    apply_language("en")
    qtbot.wait(10)


def _all_widgets(tops: list[QWidget]) -> list[QWidget]:
    widgets = list(tops)
    for top in tops:
        widgets += top.findChildren(QWidget)
    return widgets


def test_the_check_sees_an_untranslated_label(qtbot) -> None:
    """The test below would be worthless if it could not see a label left in English."""
    label = QLabel("Dossiers")
    qtbot.addWidget(label)
    assert stale_texts([label], {"Dossiers": "Expedientes"}) == [
        "QLabel(?).text: 'Dossiers' (should be 'Expedientes')"
    ]


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_switching_language_retranslates_every_open_window(qtbot, every_window, lang) -> None:
    # An English text that is also a translation in ``lang`` (French "Engagement" for "Pledge") is
    # not stale.
    english_left = {
        source: text
        for source, text in catalog(lang).items()
        if source not in set(catalog(lang).values())
    }
    apply_language(lang)
    qtbot.wait(20)
    QApplication.processEvents()
    problems = stale_texts(_all_widgets(every_window), english_left)
    assert not problems, f"still in English after switching to {lang}:\n" + "\n".join(problems)

    english = set(catalog(lang))
    back = {text: source for source, text in english_left.items() if text not in english}
    apply_language("en")
    qtbot.wait(20)
    QApplication.processEvents()
    problems = stale_texts(_all_widgets(every_window), back)
    assert not problems, f"still in {lang} after switching back to English:\n" + "\n".join(problems)
