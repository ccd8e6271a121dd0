"""Locking the window: after some idle minutes, or at once with Ctrl+L.

A locked application shows nothing of the work and lets nothing reach it. Every open window (the
main one, any dialog, and any window that opens while locked) gets an opaque lock screen, and
everything else in it is hidden: hidden widgets take no focus, no key and no click, and leave the
accessibility tree, so Tab, the arrows, Ctrl+A/Ctrl+C and a screen reader find only the lock
screen. An application-wide event filter also drops every key, click and wheel event aimed at
anything but a lock screen, window titles that name a dossier are replaced by the app's name, and
the main window's actions (and so their shortcuts) are disabled. Ctrl+L locks from any window,
modal dialogs included. Text this application put on the clipboard is cleared on locking and on
quitting. Nothing is closed: after unlocking, each window shows exactly what it showed, with the
focus where it was, so a half-typed text or an open dialog is as it was: nothing typed is lost.

Unlocking an encrypted workspace needs its passphrase. An unencrypted one is unlocked with a click
on "Unlock": a PIN would only pretend to protect a file that anyone holding the laptop can open
with any SQLite tool, so the lock screen for it guards against the passer-by and the
shoulder-surfer, and says that a passphrase is what protects a seized laptop.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QClipboard, QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop import APP_NAME
from untoc_desktop.i18n import _
from untoc_desktop.store.workspace import normalize_passphrase
from untoc_desktop.ui.context import SettingsKeys
from untoc_desktop.ui.theme import set_role

SETTINGS_KEY = SettingsKeys.LOCK_MINUTES
DEFAULT_MINUTES = 10
MAX_MINUTES = 240
LOCK_SHORTCUT = "Ctrl+L"

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


#: What a locked application lets through to nothing but its lock screens.
_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.Shortcut,
        QEvent.Type.InputMethod,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.ContextMenu,
        QEvent.Type.DragEnter,
        QEvent.Type.DragMove,
        QEvent.Type.Drop,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
        QEvent.Type.FocusIn,
    }
)


class ClipboardGuard(QObject):
    """Remembers whether the clipboard (and the X11 selection) last held text from this
    application, so that locking and quitting clear that text and nothing copied elsewhere.

    Where the platform says who owns the clipboard (X11, Windows, macOS), that answer counts too;
    where it cannot say, a change made while this application is the active one is taken as
    its own.
    """

    MODES = (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ours: dict[QClipboard.Mode, bool] = dict.fromkeys(self.MODES, False)
        clipboard = QGuiApplication.clipboard()
        clipboard.changed.connect(self._changed)

    def _changed(self, mode: QClipboard.Mode) -> None:
        active = QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive
        self._ours[mode] = active

    def clear(self) -> None:
        clipboard = QGuiApplication.clipboard()
        for mode in self.MODES:
            if mode == QClipboard.Mode.Selection and not clipboard.supportsSelection():
                continue
            owned = (
                clipboard.ownsClipboard()
                if mode == QClipboard.Mode.Clipboard
                else clipboard.ownsSelection()
            )
            if owned or self._ours[mode]:
                clipboard.clear(mode)
                self._ours[mode] = False


def lock_minutes(settings: QSettings) -> int:
    """The idle time before locking, in minutes (0: never); a damaged setting falls
    back to the default."""
    try:
        value = int(settings.value(SETTINGS_KEY, DEFAULT_MINUTES))
    except (TypeError, ValueError):
        return DEFAULT_MINUTES
    return value if 0 <= value <= MAX_MINUTES else DEFAULT_MINUTES


def set_lock_minutes(settings: QSettings, minutes: int) -> None:
    if not 0 <= int(minutes) <= MAX_MINUTES:
        raise ValueError(minutes)
    settings.setValue(SETTINGS_KEY, int(minutes))


def passphrase_checker(passphrase: str | None) -> Callable[[str], bool] | None:
    """The unlock check for a workspace opened with ``passphrase`` (None: no passphrase to ask)."""
    if passphrase is None:
        return None
    expected = normalize_passphrase(passphrase).encode()
    return lambda typed: hmac.compare_digest(normalize_passphrase(typed).encode(), expected)


class IdleWatcher(QObject):
    """Emits ``idle`` after ``timeout_ms`` without a key press, click, wheel or
    mouse move anywhere."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_timeout(timeout_ms)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_timeout(self, timeout_ms: int) -> None:
        """0 switches idle locking off."""
        self._timer.setInterval(max(0, timeout_ms))
        self.restart()

    def restart(self) -> None:
        if self._timer.interval() > 0:
            self._timer.start()
        else:
            self._timer.stop()

    def stop(self) -> None:
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False


class LockScreen(QWidget):
    """The opaque cover over one window; holds the unlock field when a passphrase is needed."""

    unlock_requested = Signal(str)

    def __init__(self, window: QWidget, needs_passphrase: bool) -> None:
        super().__init__(window)
        self.needs_passphrase = needs_passphrase
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # Every part is made with its parent: a parentless widget shown (setVisible) would open
        # for an instant as a window of its own.
        self.title = QLabel(self)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.title.setFont(font)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field = QLineEdit(self)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setVisible(needs_passphrase)
        self.field.returnPressed.connect(self._submit)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.error, "error")
        self.button = QPushButton(self)
        self.button.clicked.connect(self._submit)
        self.button.setDefault(True)
        box = QVBoxLayout(self)
        box.addStretch(1)
        for widget in (self.title, self.hint, self.field, self.error, self.button):
            box.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(2)
        self.field.setMinimumWidth(280)
        # A wrapped label centred in a box layout gets its narrowest width and is cut off.
        self.hint.setMinimumWidth(min(440, max(280, window.width() - 40)))
        self.error.setMinimumWidth(self.hint.minimumWidth())
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Locked"))
        if self.needs_passphrase:
            self.hint.setText(_("Enter the workspace passphrase to continue."))
        else:
            self.hint.setText(
                _(
                    "The work is hidden. This workspace has no passphrase: anyone who takes the "
                    "laptop can read it. Set a passphrase to protect it."
                )
            )
        self.field.setAccessibleName(_("Workspace passphrase"))
        self.field.setPlaceholderText(_("Passphrase"))
        self.button.setText(_("Unlock"))
        self.button.setAccessibleName(_("Unlock"))
        self.setAccessibleName(_("Locked screen"))

    def focus(self) -> None:
        (self.field if self.needs_passphrase else self.button).setFocus(
            Qt.FocusReason.OtherFocusReason
        )

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.field.clear()
        self.focus()

    def _submit(self) -> None:
        self.unlock_requested.emit(self.field.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
            self.raise_()
        return False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


#: Windows a lock covers (tooltips and menus are closed or carry nothing of their own).
_COVERED_TYPES = frozenset(
    {Qt.WindowType.Window, Qt.WindowType.Dialog, Qt.WindowType.Sheet, Qt.WindowType.Tool}
)


def _inside_lock_screen(obj: QObject | None) -> bool:
    while obj is not None:
        if isinstance(obj, LockScreen):
            return True
        obj = obj.parent()
    return False


class LockController(QObject):
    """Locks ``window`` and every other open window on demand (Ctrl+L) and after the idle time.

    ``check`` tells whether a typed passphrase is right (``passphrase_checker(ws.passphrase)``);
    None means the workspace has no passphrase and a click unlocks.
    """

    locked_changed = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        check: Callable[[str], bool] | None,
        settings: QSettings | None = None,
        *,
        timeout_ms: int | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.check = check
        self._screens: list[LockScreen] = []
        self._titles: dict[QWidget, str] = {}
        self._disabled: list[QAction] = []
        if timeout_ms is None:
            timeout_ms = lock_minutes(settings or QSettings()) * 60_000
        self.watcher = IdleWatcher(timeout_ms, self)
        self.watcher.idle.connect(self.lock)
        self.shortcut = QShortcut(QKeySequence(LOCK_SHORTCUT), window)
        self.shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.shortcut.activated.connect(self.lock)
        self._hidden: dict[QWidget, list[QWidget]] = {}
        self._focus: dict[QWidget, QWidget] = {}
        self.clipboard = ClipboardGuard(self)
        app = QApplication.instance()
        if app is not None:
            # Ctrl+L from a modal dialog (which blocks the window's shortcuts), and the guard
            # that lets nothing but the lock screens receive input while locked.
            app.installEventFilter(self)
            app.aboutToQuit.connect(self.clipboard.clear)

    @property
    def locked(self) -> bool:
        return bool(self._screens)

    def set_timeout_minutes(self, minutes: int) -> None:
        self.watcher.set_timeout(minutes * 60_000)

    def lock(self) -> None:
        if self.locked:
            return
        self.watcher.stop()
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        windows = [
            w
            for w in QApplication.topLevelWidgets()
            if w.isVisible()
            and w.windowType()
            not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen)
        ]
        if self.window not in windows:
            windows.append(self.window)
        for widget in windows:
            self._cover(widget)
        self._disabled = [a for a in self.window.findChildren(QAction) if a.isEnabled()]
        for action in self._disabled:
            action.setEnabled(False)
        self.shortcut.setEnabled(False)
        self.clipboard.clear()
        active = QApplication.activeWindow()
        target = next((s for s in self._screens if s.parentWidget() is active), self._screens[0])
        target.focus()
        self.locked_changed.emit(True)

    def _cover(self, widget: QWidget) -> None:
        """Put a lock screen over ``widget`` and hide everything else in it (remembering what was
        shown and which child had the focus, to give them back exactly)."""
        if widget in self._hidden:
            return
        self._titles[widget] = widget.windowTitle()
        widget.setWindowTitle(APP_NAME)
        focused = widget.focusWidget()
        if focused is not None:
            self._focus[widget] = focused
        shown = [
            child
            for child in widget.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if not child.isHidden() and not child.isWindow() and not isinstance(child, LockScreen)
        ]
        for child in shown:
            child.hide()
        self._hidden[widget] = shown
        screen = LockScreen(widget, self.check is not None)
        screen.unlock_requested.connect(lambda text, s=screen: self.try_unlock(text, s))
        screen.show()
        screen.raise_()
        self._screens.append(screen)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self.locked:
            # A Ctrl+L that reached a widget was not taken by a shortcut: a modal dialog blocks
            # the window's shortcuts, and a window the system did not activate has none.
            if (
                kind == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and QKeySequence(event.keyCombination()) == QKeySequence(LOCK_SHORTCUT)
            ):
                self.lock()
                return True
            return False
        if (
            kind == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched.windowType() in _COVERED_TYPES
            and not isinstance(watched, LockScreen)
        ):
            QTimer.singleShot(0, lambda w=watched: self._cover_late(w))
            return False
        return kind in _INPUT and isinstance(watched, QWidget) and not _inside_lock_screen(watched)

    def _cover_late(self, widget: QWidget) -> None:
        """A window that opened while locked (a message at the end of a task) is covered too."""
        if (
            self.locked
            and shiboken6.isValid(widget)
            and widget.isWindow()
            and widget.isVisible()
            and not _inside_lock_screen(widget)
        ):
            self._cover(widget)
            if widget.isActiveWindow():
                self._screens[-1].focus()

    def try_unlock(self, typed: str, screen: LockScreen | None = None) -> bool:
        if not self.locked:
            return True
        if self.check is not None and not self.check(typed):
            for each in self._screens:
                each.field.clear()
            (screen or self._screens[0]).show_error(_("Wrong passphrase. Try again."))
            return False
        self._unlock()
        return True

    def _unlock(self) -> None:
        for screen in self._screens:
            screen.hide()
            screen.deleteLater()
        self._screens.clear()
        for shown in self._hidden.values():
            for child in shown:
                child.show()
        self._hidden.clear()
        for focused in self._focus.values():
            focused.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus.clear()
        for widget, title in self._titles.items():
            widget.setWindowTitle(title)
        self._titles.clear()
        for action in self._disabled:
            action.setEnabled(True)
        self._disabled.clear()
        self.shortcut.setEnabled(True)
        self.watcher.restart()
        self.locked_changed.emit(False)
