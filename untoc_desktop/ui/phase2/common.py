"""What the Phase 2 tabs share: a heading, a help line, a date field that refuses non-dates."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from untoc_desktop.ui import theme
from untoc_desktop.ui.wizard.common import wrapped


def heading(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setFont(theme.font("body", bold=True))
    return label


def help_text() -> QLabel:
    label = wrapped()
    theme.set_role(label, "muted")
    return label
