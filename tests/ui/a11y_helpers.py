"""What the accessibility tests look at: the controls a keyboard reaches, and the name a screen
reader announces for each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QScrollBar, QWidget


def focusable(root: QWidget, *, skip_scroll_areas: bool = False) -> list[QWidget]:
    """The visible controls Tab reaches under ``root``.

    Scroll bars and viewports are Qt's own parts; the text field inside a combo or spin box is too
    (the outer control carries the name). ``skip_scroll_areas`` leaves out a page's scroller, whose
    content is checked instead.
    """
    out = []
    for widget in root.findChildren(QWidget):
        if not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QScrollBar) or widget.objectName() == "qt_scrollarea_viewport":
            continue
        if skip_scroll_areas and type(widget).__name__ == "QScrollArea":
            continue
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parent(), QComboBox | QAbstractSpinBox
        ):
            continue
        out.append(widget)
    return out


def accessible_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return (widget.accessibleName() or (iface.text(QAccessible.Text.Name) if iface else "")).strip()
