"""What a screen reader needs that Qt's widgets do not give by themselves (issue 22).

- Headings: a ``QLabel`` marked with ``mark_heading`` is exposed with the Heading role and its own
  text as its name, so "Step 4: Scope" is read as a heading, not as a label called "Step title".
- Announcements: ``announce`` speaks a status ("Saved: …", a step change) without moving focus,
  through ``QAccessibleAnnouncementEvent`` (Qt 6.8 and newer, AT-SPI's Announcement signal), or an
  Alert event on older Qt.
- Names from labels: a combo box reads its current item as its name instead of its label (Qt's
  combo box interface ignores the buddy), so ``name_from_labels`` names each one after the label
  that points at it, as a sighted user reads it.
- Focus: ``first_field`` is where the keyboard lands when a step is shown.

The rule the tests check (``tests/ui/test_a11y_walk.py``): the name a screen reader announces is the
text on screen without its "&"; anything more ("Ctrl+Page Up", "press Enter to open") goes into the
accessible description, read after the name.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QLabel,
    QMenuBar,
    QWidget,
)

try:  # Qt 6.8
    from PySide6.QtGui import QAccessibleAnnouncementEvent
except ImportError:  # pragma: no cover - older Qt
    QAccessibleAnnouncementEvent = None  # type: ignore[assignment,misc]

try:
    from PySide6.QtWidgets import QAccessibleWidget
except ImportError:  # pragma: no cover - a build without widget accessibility
    QAccessibleWidget = None  # type: ignore[assignment,misc]

_HEADING = "untoc_heading"
_NAMED_BY_LABEL = "untoc_named_by_label"
_factory_installed = False
#: The heading interfaces handed to Qt, kept alive here until their label is destroyed.
_interfaces: dict[int, Any] = {}


def plain(text: str) -> str:
    """A label's text as it is read: without the mnemonic "&" (and "&&" as "&"), tags or a trailing
    colon (``"&Title:"`` → ``"Title"``, ``"Sta&tus\u00a0:"`` → ``"Status"``)."""
    text = re.sub(r"<[^>]+>", "", re.sub(r"&(.)", r"\1", text or ""))
    return re.sub(r"[\s\u00a0\u202f]*:?[\s\u00a0\u202f]*$", "", text).strip()


if QAccessibleWidget is not None:

    class _HeadingInterface(QAccessibleWidget):
        """A label read as a heading, named by its text."""

        def __init__(self, label: QLabel) -> None:
            super().__init__(label, QAccessible.Role.Heading)
            self._label = label

        def text(self, t: QAccessible.Text) -> str:
            if t == QAccessible.Text.Name:
                return plain(self._label.text())
            return super().text(t)


def _factory(_key: str, obj: QObject) -> Any:
    if QAccessibleWidget is None or not isinstance(obj, QLabel) or not obj.property(_HEADING):
        return None
    key = id(obj)
    if key not in _interfaces:
        _interfaces[key] = _HeadingInterface(obj)
        obj.destroyed.connect(lambda *_args, k=key: _interfaces.pop(k, None))
    return _interfaces[key]


def mark_heading(label: QLabel) -> None:
    """Expose ``label`` as a heading named by its own text (it follows every ``setText``)."""
    global _factory_installed
    if not _factory_installed:
        QAccessible.installFactory(_factory)
        _factory_installed = True
    label.setProperty(_HEADING, True)
    label.setAccessibleName("")


def announce(widget: QWidget, message: str, *, assertive: bool = False) -> None:
    """Have a screen reader speak ``message`` now, on behalf of ``widget``, without moving focus.

    Where the Qt version has no announcement event, the widget (an alert-role label, say) raises
    an Alert, which Orca reads with the widget's name.
    """
    if not message or not QAccessible.isActive():
        return
    if QAccessibleAnnouncementEvent is not None:
        event = QAccessibleAnnouncementEvent(widget, message)
        if assertive:
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)
    else:  # pragma: no cover - Qt before 6.8
        QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.Alert))


def name_from_labels(root: QWidget) -> None:
    """Name every combo box under ``root`` after the label that points at it (its buddy).

    On Linux Qt names a combo box by its current item and lets the label speak through the
    Labelled-by relation; the name set here is what Windows and macOS read, and the text field of a
    combo box you type into is named too (it had no name at all). Other fields need nothing: Qt
    reads their buddy label itself, on every change of its text.
    Call after the labels' texts are set (start, language switch).
    """
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if isinstance(buddy, QComboBox) and label.text():
            name = plain(label.text())
            buddy.setAccessibleName(name)  # Windows and macOS read it; Linux reads the label
            if buddy.lineEdit() is not None:  # a combo box you type into: its text field too
                buddy.lineEdit().setAccessibleName(name)
            view = buddy.view()
            if not view.accessibleName() or view.property(_NAMED_BY_LABEL):
                view.setAccessibleName(name)  # its list, when it opens
                view.setProperty(_NAMED_BY_LABEL, True)


def first_field(page: QWidget) -> QWidget | None:
    """The first control Tab reaches inside ``page`` that is shown and enabled, or None."""
    start = page.nextInFocusChain()
    widget = start
    for _round in range(2000):
        if widget is None or widget is page:
            return None
        if (
            page.isAncestorOf(widget)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and (
                not isinstance(widget, QAbstractScrollArea)
                or isinstance(widget, QAbstractItemView)
                or widget.inherits("QPlainTextEdit")
                or widget.inherits("QTextEdit")
            )
        ):
            return widget
        widget = widget.nextInFocusChain()
        if widget is start:
            return None
    return None


def describe_instead(widget: QWidget, description: str) -> None:
    """Keep ``description`` as what is read after the name, and let the name follow the visible
    text (a button's text, a field's label)."""
    widget.setAccessibleName("")
    widget.setAccessibleDescription(description)


def button_name(button: QAbstractButton) -> str:
    return plain(button.text())


# ---------------------------------------------------------------- mnemonics
def mnemonic(text: str) -> str | None:
    """The letter after a single "&" in ``text``, lower case, or None ("&&" is a literal "&")."""
    match = re.search(r"&([^&\s])", (text or "").replace("&&", ""))
    return match.group(1).lower() if match else None


def _without_mnemonic(text: str) -> str:
    return re.sub(r"&([^&])", r"\1", text.replace("&&", "\0")).replace("\0", "&&")


def _mnemonic_text(widget: QWidget) -> str | None:
    if isinstance(widget, QAbstractButton):
        return widget.text()
    if isinstance(widget, QLabel) and widget.buddy() is not None:
        return widget.text()
    return None


def unique_mnemonics(window: QWidget, first: tuple[QWidget, ...] = ()) -> list[str]:
    """Leave at most one owner per Alt+letter among what ``window`` shows, and return the texts
    that lost theirs.

    Two owners of one letter make Qt only cycle the focus between them, and a menu title sharing
    it wins over both (Alt+F opened File, not "Add a finding"). The menu bar keeps its letters,
    then ``first`` (the frame around a page: Back, Title, Previous, Next), then the rest in Tab
    order; a later owner of a taken letter loses its "&". Run again after texts are set (a
    language switch, a page shown): a translation that clashes is caught the same way.
    """
    taken: set[str] = set()
    for bar in window.findChildren(QMenuBar):
        for action in bar.actions():
            if action.isVisible() and (letter := mnemonic(action.text())):
                taken.add(letter)
    owners: list[QWidget] = list(first)
    widget = window.nextInFocusChain()
    seen = {id(w) for w in owners}
    for _round in range(5000):  # the focus chain is a ring
        if widget is None or id(widget) in seen:
            break
        seen.add(id(widget))
        owners.append(widget)
        widget = widget.nextInFocusChain()
    labels = [label for label in window.findChildren(QLabel) if label.buddy() is not None]
    by_buddy = {id(label.buddy()): label for label in labels}
    ordered: list[QWidget] = []
    for owner in owners:  # a field's label speaks for it, at the field's place
        ordered.append(by_buddy.pop(id(owner), owner))
    ordered += list(by_buddy.values())
    ordered += [b for b in window.findChildren(QAbstractButton) if id(b) not in seen]
    lost = []
    done: set[int] = set()
    for owner in ordered:
        if id(owner) in done:
            continue
        done.add(id(owner))
        text = _mnemonic_text(owner)
        if text is None or not owner.isVisible():  # disabled: it may be enabled any time
            continue
        letter = mnemonic(text)
        if letter is None:
            continue
        if letter in taken:
            owner.setText(_without_mnemonic(text))  # type: ignore[attr-defined]
            lost.append(_without_mnemonic(text))
        else:
            taken.add(letter)
    return lost
