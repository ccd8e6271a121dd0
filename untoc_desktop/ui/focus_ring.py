"""A focus ring every keyboard user can see (issue 22): 2 px, outside the focused control, with a
gap of the window's colour between them.

Fusion marks focus with a 1-pixel change of the control's outline, which nobody finds on an old
screen, and on a button filled with the accent colour the outline was near-black on dark blue.
This ring is drawn by one transparent widget laid over the window around whatever has the focus:
being outside the control, it always sits on the window's own background, so one colour (the
palette's ``focus``, checked at 3:1 against every background in ``design.graphic_pairs``) works
on every control, filled or not, in light and dark.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QMenu, QMenuBar, QWidget

from untoc_desktop.ui import theme

#: The ring's width and the gap between it and the control, in pixels.
WIDTH = 2
GAP = 1


class FocusRing(QWidget):
    """The ring itself: transparent to the mouse, drawn above the window's other children."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("untoc_focus_ring")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("")  # never announced: it is not a control
        self.clip = QRect()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        if not self.clip.isNull():
            painter.setClipRect(self.clip)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(theme.current().focus), WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        half = WIDTH / 2
        painter.drawRoundedRect(
            QRectF(self.rect()).adjusted(half, half, -half, -half), theme.RADIUS, theme.RADIUS
        )
        painter.end()


class FocusRings(QObject):
    """Follows the application's focus and keeps one ring around the focused control."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._rings: dict[int, FocusRing] = {}
        self._target: QWidget | None = None
        self._watched: list[QWidget] = []
        app.focusChanged.connect(self._focus_changed)

    def ring_for(self, window: QWidget) -> FocusRing:
        ring = self._rings.get(id(window))
        if ring is None:
            ring = FocusRing(window)
            self._rings[id(window)] = ring
            key = id(window)
            window.destroyed.connect(lambda *_a: self._rings.pop(key, None))
        return ring

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        for widget in self._watched:
            with contextlib.suppress(RuntimeError):  # already deleted
                widget.removeEventFilter(self)
        self._watched = []
        for ring in list(self._rings.values()):
            with contextlib.suppress(RuntimeError):
                ring.hide()
        self._target = new if _wants_ring(new) else None
        if self._target is None:
            return
        widget: QWidget | None = self._target
        while widget is not None:  # a move or scroll of any ancestor moves the ring
            widget.installEventFilter(self)
            self._watched.append(widget)
            if widget.isWindow():
                break
            widget = widget.parentWidget()
        self.place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (
            QEvent.Type.Move,
            QEvent.Type.Resize,
            QEvent.Type.Show,
            QEvent.Type.Hide,
            QEvent.Type.LayoutRequest,
        ):
            self.place()
        return False

    def place(self) -> None:
        """Put the ring around the focused control, clipped to what of it is on screen."""
        target = self._target
        if target is None:
            return
        try:
            window = target.window()
            ring = self.ring_for(window)
            if not target.isVisible():
                ring.hide()
                return
            top_left = target.mapTo(window, QPoint(0, 0))
            control = QRect(top_left, target.size())
            visible = QRect(control)
            parent = target.parentWidget()
            while parent is not None and parent is not window:
                visible &= QRect(parent.mapTo(window, QPoint(0, 0)), parent.size())
                parent = parent.parentWidget()
            if visible.isEmpty():
                ring.hide()
                return
            margin = WIDTH + GAP
            around = control.adjusted(-margin, -margin, margin, margin)
            ring.setGeometry(around)
            # Clip to the visible part of the control, grown by the ring (a control scrolled
            # half out of view keeps the ring on the visible half only).
            ring.clip = visible.adjusted(-margin, -margin, margin, margin).translated(
                -around.topLeft()
            )
            ring.raise_()
            ring.show()
            ring.update()
        except RuntimeError:  # the control was deleted
            self._target = None


def _wants_ring(widget: QWidget | None) -> bool:
    if widget is None or isinstance(widget, QMenu | QMenuBar):
        return False  # menus highlight their own item
    if widget.objectName() == "qt_scrollarea_viewport":
        return False
    if isinstance(widget, QAbstractScrollArea) and widget.viewport() is widget:
        return False
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or widget.hasFocus()


_installed: FocusRings | None = None


def install(app: QApplication) -> FocusRings:
    """Start drawing the ring in every window of ``app`` (once)."""
    global _installed
    if _installed is None:
        _installed = FocusRings(app)
    return _installed
