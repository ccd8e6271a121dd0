"""Empty states that teach: an empty list says what belongs in it and offers the first action.

A blank table teaches nothing, and a new user in a field office may not know what "Milestones" is
for. :func:`attach` lays a small card over an item view's viewport while its model has no rows:
an icon, one sentence saying what goes there, and a button for the first action (usually the same
as the Add button below the list, so keyboard users reach it by Tab). Texts are callables, read
again on every language change, so the card never shows a stale language.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from untoc_desktop.ui import icons, theme

Text = Callable[[], str]


class EmptyState(QFrame):
    """The overlay; it follows the model (rows in or out) and the viewport's size."""

    def __init__(
        self,
        view: QAbstractItemView,
        text: Text,
        action_text: Text | None = None,
        action: Callable[[], object] | None = None,
        icon: str = "inbox",
    ) -> None:
        super().__init__(view.viewport())
        self.view, self._text, self._action_text, self._icon = view, text, action_text, icon
        theme.set_role(self, "empty")
        self.icon = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.button = QPushButton() if action is not None else None
        body = QVBoxLayout()
        body.setSpacing(theme.SPACE_XS)
        body.addWidget(self.message)
        if self.button is not None and action is not None:
            self.button.clicked.connect(lambda _checked=False: action())
            theme.set_role(self.button, "primary")
            row = QHBoxLayout()
            row.addWidget(self.button)
            row.addStretch(1)
            body.addLayout(row)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(theme.SPACE_M, theme.SPACE_S, theme.SPACE_M, theme.SPACE_S)
        layout.setSpacing(theme.SPACE_M)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(body, 1)
        view.viewport().installEventFilter(self)
        theme.theme().changed.connect(self._paint_icon)
        self.watch_model()
        self.retranslate()

    def watch_model(self) -> None:
        """Follow the view's current model (call again if the view gets another model)."""
        model = self.view.model()
        if model is None:
            return
        for signal in (
            model.rowsInserted,
            model.rowsRemoved,
            model.modelReset,
            model.layoutChanged,
        ):
            signal.connect(self.refresh)
        self.refresh()

    def is_empty(self) -> bool:
        model = self.view.model()
        return model is None or model.rowCount() == 0

    def refresh(self, *_args: object) -> None:
        self.setVisible(self.is_empty())
        self._place()

    def _place(self) -> None:
        area = self.view.viewport().rect()
        margin = theme.SPACE_S
        width = max(120, area.width() - 2 * margin)
        height = min(
            max(self.sizeHint().height(), self.heightForWidth(width)),
            max(40, area.height() - margin),
        )
        self.setGeometry(margin, margin // 2, width, height)
        self.raise_()

    def _paint_icon(self) -> None:
        self.icon.setPixmap(icons.icon(self._icon, "muted_text").pixmap(24, 24))

    def retranslate(self) -> None:
        text = self._text()
        self.message.setText(text)
        self.setAccessibleName(text)
        if self.button is not None and self._action_text is not None:
            label = self._action_text()
            # No mnemonic: the Add button under the list already owns it.
            self.button.setText(label.replace("&", ""))
            self.button.setAccessibleName(label.replace("&", ""))
        self._paint_icon()
        self._place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._place()
        return False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def attach(
    view: QAbstractItemView,
    text: Text,
    action_text: Text | None = None,
    action: Callable[[], object] | None = None,
    icon: str = "inbox",
) -> EmptyState:
    """Give ``view`` an empty state; kept as ``view.empty_state`` so tests and pages can find it."""
    state = EmptyState(view, text, action_text, action, icon)
    view.empty_state = state  # type: ignore[attr-defined]
    return state


def empty_state_of(view: QAbstractItemView) -> EmptyState | None:
    return getattr(view, "empty_state", None)
