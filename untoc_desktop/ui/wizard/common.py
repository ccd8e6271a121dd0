"""Pieces every wizard page shares: the page frame, debounced autosave, inline errors, helpers.

Autosave is debounced (a database commit per keystroke is wasted work on an old laptop) but never
lossy: every page keeps its unsaved edits in an ``Autosaver`` that is flushed when the user leaves
the field, changes step, or the window hides or closes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.core.errors import UserError
from untoc_desktop.core.plan import STEPS
from untoc_desktop.i18n import _
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui import a11y, theme

#: Kept for old callers; prefer ``theme.set_role(label, "error")``, which follows
#: the light/dark scheme.
ERROR_STYLE = "color: #a4001d;"
#: How long typing must pause before the edit is written to the workspace.
AUTOSAVE_MS = 400


class ErrorLabel(QLabel):
    """A small red label shown under a field when its value is refused; hidden when empty.

    Its accessible name ("Error") is what a screen reader announces, so it
    follows a language switch.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        theme.set_role(self, "error")
        self.setVisible(False)
        self.setAccessibleName(_("Error"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.setAccessibleName(_("Error"))
        super().changeEvent(event)


def error_label() -> QLabel:
    return ErrorLabel()


def show_error(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))


def wrapped(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class Autosaver(QObject):
    """Collects pending saves and writes them after a pause in typing, or at once on ``flush()``.

    ``saved`` is emitted after every flush that wrote something, so the wizard can refresh what is
    missing. A save that raises ``UserError`` shows its message in the field's error label and keeps
    the stored value as it was.
    """

    saved = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: dict[object, Callable[[], None]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)

    def schedule(self, key: object, save: Callable[[], None]) -> None:
        self._pending[key] = save
        self._timer.start()

    def pending(self) -> bool:
        return bool(self._pending)

    def flush(self) -> None:
        self._timer.stop()
        pending, self._pending = self._pending, {}
        for save in pending.values():
            save()
        if pending:
            self.saved.emit()

    def bind_line(
        self,
        edit: QLineEdit,
        save: Callable[[str], None],
        error: QLabel | None = None,
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        """Save ``edit`` after typing pauses and when it loses focus; ``check``
        returns an error or None."""

        def do_save() -> None:
            value = edit.text()
            problem = check(value) if check else None
            if error is not None:
                show_error(error, problem)
            if problem is None:
                _guarded(save, value, error)

        edit.textEdited.connect(lambda _text: self.schedule(edit, do_save))
        edit.editingFinished.connect(self.flush)

    def bind_text(
        self, edit: QPlainTextEdit, save: Callable[[str], None], error: QLabel | None = None
    ) -> None:
        """Save a multi-line field after typing pauses (it has no editingFinished:
        flush on focus-out)."""

        def do_save() -> None:
            _guarded(save, edit.toPlainText(), error)

        def on_change() -> None:
            if edit.property("_loading"):
                return
            self.schedule(edit, do_save)

        edit.textChanged.connect(on_change)
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.flush()
        return False


def set_plain_text(edit: QPlainTextEdit, text: str) -> None:
    """Load a stored value into a bound text edit without scheduling a save of it."""
    edit.setProperty("_loading", True)
    edit.setPlainText(text)
    edit.setProperty("_loading", False)


def _guarded(save: Callable[[str], None], value: str, error: QLabel | None) -> None:
    try:
        save(value)
    except UserError as exc:
        if error is not None:
            show_error(error, str(exc))
        return
    if error is not None and error.isVisible():
        show_error(error, None)


class StepPage(QWidget):
    """The frame of one step: translated title, the step's purpose in two or
    three sentences, content.

    Subclasses build their controls into ``self.body``, implement ``retranslate_page()`` and
    ``reload()`` (re-read the workspace), and call ``self.changed.emit()`` after any stored edit.
    """

    changed = Signal()

    def __init__(
        self, ws: Workspace, dossier_id: str, step: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.dossier_id = dossier_id
        self.step = step
        self.autosaver = Autosaver(self)
        self.autosaver.saved.connect(self.changed)
        self.title = QLabel()
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        a11y.mark_heading(self.title)  # read as a heading with its text (issue 22)
        self.purpose = wrapped()
        self.body = QWidget()
        self.content = QVBoxLayout(self.body)
        self.content.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Not a Tab stop of its own: an invisible, unnamed stop before every step's first field.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll = scroll
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.purpose)
        layout.addWidget(scroll, 1)

    @property
    def dossier(self) -> dict:
        return self.ws.dossier(self.dossier_id) or {}

    def retranslate(self) -> None:
        if 1 <= self.step <= len(STEPS):
            spec = STEPS[self.step - 1]
            self.title.setText(
                _("Step {number}: {title}").format(number=self.step, title=_(spec.title))
            )
            self.purpose.setText(_(spec.purpose))
        self.retranslate_page()
        a11y.name_from_labels(self)

    def heading(self) -> str:
        """The step's title as shown and read."""
        return a11y.plain(self.title.text())

    def focus_first(self) -> None:
        """Put the keyboard in the step's first field (a step change lands there, not on Next)."""
        widget = a11y.first_field(self.body)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll.ensureWidgetVisible(widget)

    def retranslate_page(self) -> None:
        """Set every text of the page; called at start and on every language change."""

    def reload(self) -> None:
        """Re-read the workspace (another page may have changed what this one shows)."""

    def flush(self) -> None:
        self.autosaver.flush()
        # Master-detail forms keep their own pending edits (ui.wizard.record_form).
        for child in self.findChildren(QWidget):
            flush_edits = getattr(child, "flush_edits", None)
            if callable(flush_edits):
                flush_edits()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            a11y.name_from_labels(self)  # pages such as the overview replace retranslate()
        super().changeEvent(event)

    def hideEvent(self, event: QEvent) -> None:
        self.flush()
        super().hideEvent(event)
