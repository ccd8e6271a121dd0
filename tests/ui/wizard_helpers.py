"""Helpers the wizard tests share: act on the wizard as a user would, with keys and clicks."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QLineEdit, QRadioButton, QWidget


def type_into(qtbot, widget: QWidget, text: str) -> None:
    """Focus ``widget`` and type ``text`` key by key (a newline is the Return key)."""
    widget.setFocus()
    for i, line in enumerate(text.split("\n")):
        if i:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        if line:
            qtbot.keyClicks(widget, line)


def type_into_focus(qtbot, expected: QWidget, text: str) -> None:
    """Type ``text`` where the keyboard focus is, after checking it is ``expected`` (a new item
    opens with the cursor in its text); then leave the field so it is saved."""
    from PySide6.QtWidgets import QApplication

    assert QApplication.focusWidget() is expected, QApplication.focusWidget()
    qtbot.keyClicks(expected, text)
    expected.clearFocus()


def edit_cell(qtbot, view: QAbstractItemView, index: QModelIndex, text: str) -> None:
    """Open the cell's editor (F2), type ``text`` over its content and press Enter."""
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editors = [w for w in view.viewport().findChildren(QLineEdit) if w.isVisible()]
    assert len(editors) == 1, f"expected one open cell editor, found {editors!r}"
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: view.state() != QAbstractItemView.State.EditingState
    )  # the commit is queued


def toggle_cell(qtbot, view: QAbstractItemView, index: QModelIndex) -> None:
    """Tick or untick a checkable cell with the space bar."""
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_Space)


def click(qtbot, widget: QWidget) -> None:
    """Click a button; check and radio boxes are clicked on their indicator, where a user aims."""
    assert widget.isEnabled(), (
        f"{widget.text() if hasattr(widget, 'text') else widget!r} is disabled"
    )
    if isinstance(widget, QCheckBox | QRadioButton):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def wizard_in_window(qtbot, ws, dossier_id: str):  # noqa: ANN001, ANN201 - (QWidget, DossierWizard)
    """The wizard inside a shown window, as the main window holds it: closing that window, not the
    wizard, is what the user does."""
    from PySide6.QtWidgets import QVBoxLayout

    from untoc_desktop.ui.wizard import DossierWizard

    window = QWidget()
    qtbot.addWidget(window)
    wizard = DossierWizard(ws, dossier_id, window)
    QVBoxLayout(window).addWidget(wizard)
    window.show()
    return window, wizard
