"""The main window: the dossier list and, on a second page, one dossier's wizard.

It composes: the list lives in ``dossier_list``, the File menu's work in ``file_actions``, the
dossier itself in the wizard package. What stays here is the menus and toolbar, moving between the
two pages, the language switch and remembering the window's geometry.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop import APP_NAME
from untoc_desktop.core.errors import UserError
from untoc_desktop.core.search import SearchHit
from untoc_desktop.i18n import LANGUAGES, _, current_language
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui import a11y, entry_points
from untoc_desktop.ui.context import AppContext, SettingsKeys
from untoc_desktop.ui.dossier_list import DossierListPage
from untoc_desktop.ui.lock import LOCK_SHORTCUT, LockController, passphrase_checker
from untoc_desktop.ui.qt_i18n import LANGUAGE_NAMES, apply_language
from untoc_desktop.ui.search_view import SearchResultsView

if TYPE_CHECKING:
    from untoc_desktop.ui.auto_backup import AutoBackup

#: The largest default size that fits a 1366x768 screen with a taskbar.
DEFAULT_SIZE = (1280, 700)
UNDO_SECONDS = 15
EVIDENCE_STEP = 5
EXPORT_STEP = 9


class ProfileDialog(QDialog):
    """The organization profile in a scrollable dialog (it is also step 1 of every wizard)."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from untoc_desktop.ui.profile import ProfileForm  # on demand: not needed before the paint

        self.form = ProfileForm(ws)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no invisible Tab stop (issue 22)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 640)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Organization profile"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(_("Close"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _file_actions() -> ModuleType:
    """The file menu's actions (bundles, backups), imported at first use: with the bundle and
    export services they take 5 ms that the first paint does not need."""
    from untoc_desktop.ui import file_actions

    return file_actions


def _security() -> ModuleType:
    """The security menu's actions (passphrase, preferences), imported at first use."""
    from untoc_desktop.ui import security

    return security


class MainWindow(QMainWindow):
    LIST_PAGE, DOSSIER_PAGE, SEARCH_PAGE = 0, 1, 2
    #: The dossier list was reloaded (a dossier added, merged, restored or deleted).
    list_refreshed = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("MainWindow")
        self.wizard: QWidget | None = None
        self.dossier_id: str | None = None
        self._undo_id: str | None = None
        ws = ctx.ws

        self.list_page = DossierListPage(ws)
        self.list_page.open_requested.connect(self.open_dossier)
        self.list_page.hit_activated.connect(self._open_hit)
        self.list_page.create_requested.connect(self.new_dossier)
        self.list_page.example_requested.connect(self.open_example)
        self.list_page.import_requested.connect(
            lambda: _file_actions().import_bundle(self.ctx, self)
        )
        self.list_page.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.list_page.model.modelReset.connect(self._update_actions)
        self.list_page.model.modelReset.connect(self.list_refreshed)

        dossier_page = QWidget()
        self.dossier_host = QVBoxLayout(dossier_page)
        self.dossier_host.setContentsMargins(0, 0, 0, 0)

        self.search_view = SearchResultsView(ws)
        self.search_view.hit_activated.connect(self._open_hit)
        self.search_view.back_requested.connect(self.close_search)
        self._return_page = self.LIST_PAGE
        self._work_focus: QWidget | None = None

        self.pages = QStackedWidget()
        self.pages.addWidget(self.list_page)
        self.pages.addWidget(dossier_page)
        self.pages.addWidget(self.search_view)
        self.setCentralWidget(self.pages)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.lock = LockController(self, passphrase_checker(ws.passphrase), self.settings)
        ctx.workspace_replaced.connect(self._workspace_replaced)
        # The "Lock now" action carries Ctrl+L (shown in the menu); two owners
        # would make it ambiguous.
        self.lock.shortcut.setKey(QKeySequence())
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.undo_delete)
        self.undo_button.setVisible(False)
        self.statusBar().addPermanentWidget(self.undo_button)
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.timeout.connect(self._hide_undo)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._run_search)

        focus_changed = getattr(QApplication.instance(), "focusChanged", None)
        if focus_changed is not None:
            focus_changed.connect(self._remember_focus)
        self.retranslate()
        self._restore_geometry()
        self._update_actions()
        self._entry_points = entry_points.install(
            ctx, self
        )  # statements, declarations, registration reminder

    @property
    def ws(self) -> Workspace:
        """The session's workspace, read from the context each time (a restore replaces it)."""
        return self.ctx.ws

    @property
    def settings(self) -> QSettings:
        return self.ctx.settings

    def _workspace_replaced(self, ws: Workspace) -> None:
        self.list_page.set_workspace(ws)
        self.search_view.set_workspace(ws)
        self.security_changed()

    # ------------------------------------------------------------------ building
    def _action(self, name: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:  # noqa: ANN001
        action = QAction(self)
        action.setObjectName(name)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action("new", self.new_dossier, "Ctrl+N")
        self.open_action = self._action("open", self.open_selected)
        self.duplicate_action = self._action("duplicate", self.duplicate_selected, "Ctrl+D")
        self.delete_action = self._action("delete", self.delete_selected)
        # Delete only when the list has focus, so the key still erases text in the search field.
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.removeAction(self.delete_action)
        self.list_page.table.addAction(self.delete_action)
        self.undo_action = self._action("undo", self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action("redo", self.redo)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.trash_action = self._action("trash", self.show_trash)
        self.profile_action = self._action("profile", self.show_profile)
        self.find_action = self._action("find", self.focus_search, "Ctrl+F")
        self.import_action = self._action(
            "import_bundle", lambda: _file_actions().import_bundle(self.ctx, self)
        )
        self.export_bundle_action = self._action(
            "export_bundle", lambda: _file_actions().export_bundle(self.ctx, self)
        )
        self.export_docs_action = self._action("export_documents", self.export_documents, "Ctrl+E")
        self.backup_action = self._action(
            "backup", lambda: _file_actions().backup_to(self.ctx, self)
        )
        self.restore_action = self._action(
            "restore_backup", lambda: _file_actions().restore_backup(self.ctx, self)
        )
        self.quit_action = self._action("quit", self.close, "Ctrl+Q")
        self.conflicts_action = self._action(
            "conflicts", lambda: _file_actions().show_conflicts(self.ctx, self)
        )
        self.partners_action = self._action(
            "partner_offices", lambda: _file_actions().show_partner_offices(self.ctx, self)
        )
        self.lock_action = self._action("lock_now", lambda: self.lock.lock(), LOCK_SHORTCUT)
        self.lock_action.setShortcutContext(
            Qt.ShortcutContext.ApplicationShortcut
        )  # also over a dialog
        self.set_passphrase_action = self._action(
            "set_passphrase", lambda: _security().change_passphrase(self.ctx, self, "set")
        )
        self.change_passphrase_action = self._action(
            "change_passphrase", lambda: _security().change_passphrase(self.ctx, self, "change")
        )
        self.remove_passphrase_action = self._action(
            "remove_passphrase", lambda: _security().change_passphrase(self.ctx, self, "remove")
        )
        self.preferences_action = self._action(
            "preferences", lambda: _security().show_preferences(self.ctx, self)
        )
        self.about_action = self._action("about", self.show_about)
        self.channels_action = self._action("channels", self.show_channels)
        self.help_action = self._action(
            "help", self.show_help, QKeySequence.StandardKey.HelpContents
        )
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for lang in LANGUAGES:
            action = QAction(LANGUAGE_NAMES[lang], self)
            action.setCheckable(True)
            action.setData(lang)
            action.triggered.connect(lambda _checked=False, code=lang: self.switch_language(code))
            self.language_group.addAction(action)
            self.language_actions[lang] = action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        for action in (
            self.new_action,
            self.open_action,
            self.duplicate_action,
            self.delete_action,
            self.trash_action,
            None,
            self.import_action,
            self.export_bundle_action,
            self.conflicts_action,
            self.partners_action,
            self.export_docs_action,
            None,
            self.backup_action,
            self.restore_action,
            None,
            self.quit_action,
        ):
            if action is None:
                self.file_menu.addSeparator()
            else:
                self.file_menu.addAction(action)
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.edit_menu.addAction(self.find_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.profile_action)
        self.security_menu = bar.addMenu("")
        for action in (
            self.lock_action,
            None,
            self.set_passphrase_action,
            self.change_passphrase_action,
            self.remove_passphrase_action,
            None,
            self.preferences_action,
        ):
            if action is None:
                self.security_menu.addSeparator()
            else:
                self.security_menu.addAction(action)
        self.language_menu = bar.addMenu("")
        for action in self.language_actions.values():
            self.language_menu.addAction(action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.help_action)
        self.help_menu.addAction(self.channels_action)
        self.help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (
            self.new_action,
            self.open_action,
            self.duplicate_action,
            self.delete_action,
            self.profile_action,
        ):
            self.toolbar.addAction(action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.search_field = QLineEdit()
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumWidth(240)
        # Reached with Ctrl+F or a click, never by Tab from a step (issue 21).
        self.search_field.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search_field)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.close_search)
        self.search_field.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_field.returnPressed.connect(self._focus_results)
        self.toolbar.addWidget(self.search_field)
        self.addToolBar(self.toolbar)

    # ------------------------------------------------------------------ language
    def retranslate(self) -> None:
        self.setWindowTitle(APP_NAME)
        self.file_menu.setTitle(_("&File"))
        self.edit_menu.setTitle(_("&Edit"))
        self.security_menu.setTitle(_("Sec&urity"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        texts = {
            self.new_action: (
                _("&New dossier"),
                _("Create a dossier and open it at the first step"),
            ),
            self.open_action: (_("&Open"), _("Open the selected dossier (Enter)")),
            self.duplicate_action: (
                _("D&uplicate"),
                _("Copy the selected dossier with all its content"),
            ),
            self.delete_action: (
                _("&Delete"),
                _("Move the selected dossier to the trash (it can be restored)"),
            ),
            self.undo_action: (_("&Undo"), _("Take back the last change or deletion")),
            self.redo_action: (_("&Redo"), _("Make again the change just undone")),
            self.trash_action: (_("&Trash…"), _("See deleted items and restore them")),
            self.profile_action: (
                _("Organization &profile…"),
                _("Your organization's details, used by every dossier"),
            ),
            self.find_action: (_("&Search"), _("Search findings and evidence in all dossiers")),
            self.import_action: (_("&Import bundle…"), _("Read a bundle from a partner office")),
            self.export_bundle_action: (
                _("E&xport bundle…"),
                _("Write a bundle for a partner office"),
            ),
            self.export_docs_action: (
                _("Export &documents…"),
                _("Letter, pledge and submission of the selected dossier"),
            ),
            self.backup_action: (_("&Back up to…"), _("Save a copy of the whole workspace")),
            self.restore_action: (
                _("&Restore from backup…"),
                _("Replace the workspace with a backup"),
            ),
            self.quit_action: (_("&Quit"), _("Close the application; everything is already saved")),
            self.conflicts_action: (
                _("&Conflicts…"),
                _("Versions kept when two offices changed the same record"),
            ),
            self.partners_action: (
                _("&Partner offices…"),
                _("Offices whose bundles you imported, with their key fingerprints"),
            ),
            self.lock_action: (_("&Lock now"), _("Hide the work until it is unlocked")),
            self.set_passphrase_action: (
                _("&Set passphrase…"),
                _("Encrypt the workspace with a passphrase"),
            ),
            self.change_passphrase_action: (
                _("&Change passphrase…"),
                _("Replace the workspace passphrase"),
            ),
            self.remove_passphrase_action: (
                _("&Remove passphrase…"),
                _("Store the workspace without encryption"),
            ),
            self.preferences_action: (
                _("&Preferences…"),
                _("Idle time before locking, backups to keep"),
            ),
            self.help_action: (
                _("&Help for this step (F1)"),
                _("What the step you are on is for, and the field guide"),
            ),
            self.channels_action: (
                _("&Where to get help…"),
                _("The UNODC teams, networks and pages the guide names, with their addresses"),
            ),
            self.about_action: (
                _("&About UNTOC Desktop"),
                _("Version, reference data sources and licences"),
            ),
        }
        for action, (text, tip) in texts.items():
            action.setText(text)
            action.setStatusTip(tip)
            action.setToolTip(tip)
        for lang, action in self.language_actions.items():
            action.setText(LANGUAGE_NAMES[lang])
            action.setChecked(lang == current_language())
        self.toolbar.setWindowTitle(_("Main toolbar"))
        self.toolbar.setAccessibleName(_("Main toolbar"))
        self.search_field.setPlaceholderText(_("Search findings and evidence (Ctrl+F)"))
        self.search_field.setAccessibleName(_("Search findings and evidence"))
        for clear in self.search_field.findChildren(QToolButton):  # the field's clear button
            clear.setAccessibleName(_("Clear the search"))
        self.undo_button.setText(_("Undo"))
        self.undo_button.setAccessibleDescription(_("Undo the deletion"))
        self._update_actions()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def switch_language(self, lang: str) -> None:
        """Switch the whole UI now and remember the choice for the next start."""
        applied = apply_language(lang)
        self.settings.setValue(SettingsKeys.LANGUAGE, applied)
        self.settings.sync()

    # ------------------------------------------------------------------ state of actions
    def _update_actions(self) -> None:
        on_list = self.pages.currentIndex() == self.LIST_PAGE
        has_selection = on_list and self.list_page.selected_id() is not None
        current = has_selection or not on_list
        for action in (self.open_action, self.duplicate_action, self.delete_action):
            action.setEnabled(has_selection)
        self.export_docs_action.setEnabled(current)
        self._update_undo()
        encrypted = self.ws.passphrase is not None
        self.set_passphrase_action.setEnabled(not encrypted)
        self.change_passphrase_action.setEnabled(encrypted)
        self.remove_passphrase_action.setEnabled(encrypted)

    # ------------------------------------------------------------------ undo
    def _undo_stack(self) -> QUndoStack | None:
        """The open dossier's undo stack, while its page is shown."""
        if self.pages.currentIndex() != self.DOSSIER_PAGE or self.wizard is None:
            return None
        stack = getattr(self.wizard, "undo_stack", None)
        return stack if isinstance(stack, QUndoStack) else None

    def undo(self) -> None:
        stack = self._undo_stack()
        if stack is None:
            self.undo_delete()
            return
        self.wizard.flush()  # type: ignore[union-attr]  # what is being typed is a change too
        stack.undo()
        self._update_undo()

    def redo(self) -> None:
        stack = self._undo_stack()
        if stack is not None:
            stack.redo()
            self._update_undo()

    def _on_undo_index(self, _index: int) -> None:
        self._update_undo()

    def _update_undo(self) -> None:
        """The Edit menu names what Undo and Redo will do."""
        stack = self._undo_stack()
        if stack is not None:
            can_undo, can_redo = stack.canUndo(), stack.canRedo()
            undo = _("&Undo: {action}").format(action=stack.undoText()) if can_undo else _("&Undo")
            redo = _("&Redo: {action}").format(action=stack.redoText()) if can_redo else _("&Redo")
        else:
            can_undo, can_redo = self._undo_id is not None, False
            undo = _("&Undo delete") if can_undo else _("&Undo")
            redo = _("&Redo")
        self.undo_action.setText(undo)
        self.undo_action.setEnabled(can_undo)
        self.redo_action.setText(redo)
        self.redo_action.setEnabled(can_redo)

    def security_changed(self) -> None:
        """After the passphrase changed (or a restore): the lock asks for the new one."""
        if hasattr(self, "lock"):
            self.lock.check = passphrase_checker(self.ws.passphrase)
        self._update_actions()

    def attach_auto_backup(self, auto: AutoBackup) -> None:
        """Show the automatic backups' outcome in the status bar (a failure never interrupts)."""
        auto.made.connect(
            lambda path: self.statusBar().showMessage(
                _("Automatic backup saved: {name}").format(name=path.name), 8000
            )
        )
        auto.failed.connect(lambda reason: self.statusBar().showMessage(reason, 30000))

    # ----------------------------------------------------------- the Shell (ui.context) for actions
    def dialog_parent(self) -> QWidget:
        return self

    def show_status(self, message: str, timeout_ms: int = 10000) -> None:
        self.statusBar().showMessage(message, timeout_ms)
        a11y.announce(self.statusBar(), message)  # a sighted user sees it appear (issue 22)

    def current_dossier_id(self) -> str | None:
        if self.pages.currentIndex() != self.LIST_PAGE and self.wizard is not None:
            return self.dossier_id
        return self.list_page.selected_id()

    def open_position(self) -> tuple[str | None, int | None]:
        step = (
            self.wizard.current_step()
            if self.wizard is not None and hasattr(self.wizard, "current_step")
            else None
        )
        return self.dossier_id, step

    def dossiers_changed(self) -> None:
        self.list_page.model.refresh()

    def set_frozen(self, frozen: bool) -> None:
        for widget in (self.centralWidget(), self.menuBar()):
            widget.setEnabled(not frozen)

    def set_lock_minutes(self, minutes: int) -> None:
        self.lock.set_timeout_minutes(minutes)

    # ------------------------------------------------------------------ dossiers
    def new_dossier(self) -> str:
        """Create a dossier in the UI language for the organization's country
        and open it at step 1."""
        org = self.ws.organization()
        dossier_id = self.ws.create_dossier(country=org["country"], language=current_language())
        self.list_page.model.refresh()
        self.open_dossier(dossier_id, step=1)
        return dossier_id

    def open_example(self) -> str | None:
        from untoc_desktop.core.demo import build_demo
        from untoc_desktop.core.reference import load

        country = self.ws.organization()["country"]
        if not country:
            ref = load()
            lang = current_language()
            states = ref.sorted_states(lang)
            names = [ref.country_name(s.iso2, lang) for s in states]
            name, ok = QInputDialog.getItem(
                self,
                _("Example dossier"),
                _("Which State should the example dossier be about?"),
                names,
                0,
                False,
            )
            if not ok:
                return None
            country = states[names.index(name)].iso2
        try:
            dossier_id = build_demo(self.ws, country, current_language())
        except UserError as exc:
            QMessageBox.warning(self, _("Example dossier"), str(exc))
            return None
        self.list_page.model.refresh()
        self.open_dossier(dossier_id)
        return dossier_id

    def open_selected(self) -> None:
        dossier_id = self.list_page.selected_id()
        if dossier_id:
            self.open_dossier(dossier_id)

    def open_dossier(self, dossier_id: str, step: int | None = None) -> None:
        """Show the dossier's wizard (resuming at its saved step unless ``step`` is given)."""
        self._close_wizard()
        self.dossier_id = dossier_id
        cls = entry_points.editor_for(self.ws, dossier_id)
        if cls is None:
            from untoc_desktop.ui.wizard import (
                DossierWizard,
            )  # imported at the first open, not at start-up

            cls = DossierWizard
        widget = cls(self.ws, dossier_id)
        self._entry_points.connect_editor(widget)
        widget.dossier_changed.connect(self._on_dossier_changed)
        widget.close_requested.connect(self.show_list)
        stack = getattr(widget, "undo_stack", None)
        if isinstance(stack, QUndoStack):
            # A bound method, so the connection dies with the window (not a lambda).
            stack.indexChanged.connect(self._on_undo_index)
        if step is not None:
            widget.go_to_step(step)
        self.wizard = widget
        self.dossier_host.addWidget(widget)
        self.pages.setCurrentIndex(self.DOSSIER_PAGE)
        self._update_actions()
        widget.setFocus()

    def _close_wizard(self) -> None:
        if self.wizard is not None:
            self.dossier_host.removeWidget(self.wizard)
            self.wizard.close()
            self.wizard.deleteLater()
            self.wizard = None

    def show_list(self) -> None:
        previous = self.dossier_id
        self._close_wizard()
        self.dossier_id = None
        self.pages.setCurrentIndex(self.LIST_PAGE)
        if previous:
            self.list_page.model.invalidate(previous)
            self.list_page.select(previous)
        self._update_actions()
        self.list_page.table.setFocus()

    def _on_dossier_changed(self, dossier_id: str) -> None:
        self.list_page.model.invalidate(dossier_id)

    def duplicate_selected(self) -> str | None:
        dossier_id = self.list_page.selected_id()
        if not dossier_id:
            return None
        copy = self.ws.duplicate_dossier(dossier_id)
        self.list_page.model.refresh()
        self.list_page.select(copy)
        self.statusBar().showMessage(_("Dossier duplicated."), 5000)
        return copy

    def delete_selected(self) -> None:
        """Move the dossier to the trash at once (no question): Undo sits in the status bar."""
        dossier_id = self.list_page.selected_id()
        if not dossier_id:
            return
        dossiers.delete(self.ws, dossier_id)
        self.list_page.model.refresh()
        self._undo_id = dossier_id
        self.statusBar().showMessage(_("Dossier moved to the trash."), UNDO_SECONDS * 1000)
        self.undo_button.setVisible(True)
        self._undo_timer.start(UNDO_SECONDS * 1000)
        self._update_actions()

    def undo_delete(self) -> None:
        if self._undo_id is None:
            return
        dossiers.restore(self.ws, self._undo_id)
        restored = self._undo_id
        self._hide_undo()
        self.list_page.model.refresh()
        self.list_page.select(restored)
        self.statusBar().showMessage(_("Dossier restored."), 5000)

    def _hide_undo(self) -> None:
        self._undo_id = None
        self.undo_button.setVisible(False)
        self._undo_timer.stop()
        self._update_actions()

    def show_trash(self) -> None:
        # On demand: the trash's model names records through the bundle modules (issue 26).
        from untoc_desktop.ui.trash_dialog import TrashDialog

        dialog = TrashDialog(self.ws, self)
        dialog.restored.connect(lambda _table, _id: self.list_page.model.refresh())
        dialog.exec()

    def export_documents(self) -> None:
        dossier_id = self.current_dossier_id()
        if dossier_id is None:
            return
        if (
            self.dossier_id == dossier_id
            and self.wizard is not None
            and hasattr(self.wizard, "go_to_step")
        ):
            self.wizard.go_to_step(EXPORT_STEP)
        else:
            self.open_dossier(dossier_id, step=EXPORT_STEP)

    # ------------------------------------------------------------------ search
    def focus_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()

    def _remember_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The last field the user worked in, to come back to when the search closes."""
        inside = new is not None and self.pages.isAncestorOf(new)
        if inside and new is not self.search_field and not self.search_view.isAncestorOf(new):
            self._work_focus = new

    def _run_search(self) -> None:
        """Show the hits on their own page; the page underneath (a dossier) stays as it was."""
        text = self.search_field.text()
        if not text.strip():
            self.close_search()
            return
        if self.pages.currentIndex() != self.SEARCH_PAGE:
            self._return_page = self.pages.currentIndex()
            self.pages.setCurrentIndex(self.SEARCH_PAGE)
            self._update_actions()
        self.search_view.search(text)

    def close_search(self) -> None:
        """Back to exactly where the search started: the page, the step and the field."""
        self._search_timer.stop()
        if self.search_field.text():
            self.search_field.blockSignals(True)
            self.search_field.clear()
            self.search_field.blockSignals(False)
        if self.pages.currentIndex() != self.SEARCH_PAGE:
            return
        self.pages.setCurrentIndex(self._return_page)
        self._update_actions()
        focus = self._work_focus
        if focus is not None and focus.isVisible():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self._return_page == self.LIST_PAGE:
            self.list_page.table.setFocus()

    def _focus_results(self) -> None:
        self._search_timer.stop()
        self._run_search()
        if self.search_view.results.rowCount():
            view = self.search_view.view
            view.setFocus()
            view.setCurrentIndex(self.search_view.results.index(0))

    def _open_hit(self, hit: SearchHit) -> None:
        self.search_field.blockSignals(True)
        self.search_field.clear()
        self.search_field.blockSignals(False)
        if self.wizard is not None and self.dossier_id == hit.dossier_id:
            self.pages.setCurrentIndex(self.DOSSIER_PAGE)
            self.wizard.go_to_step(EVIDENCE_STEP)  # type: ignore[attr-defined]
        else:
            self.open_dossier(hit.dossier_id, step=EVIDENCE_STEP)
        self._update_actions()
        page = self.wizard.page(EVIDENCE_STEP) if hasattr(self.wizard, "page") else None
        if page is not None and hasattr(page, "show_item"):
            page.show_item(hit.kind, hit.record_id)

    # ------------------------------------------------------------------ dialogs
    def show_profile(self) -> None:
        ProfileDialog(self.ws, self).exec()
        self.list_page.model.refresh()

    def show_channels(self) -> None:
        from untoc_desktop.ui.wizard.channels import show_channels

        show_channels(self)

    def show_help(self) -> None:
        from untoc_desktop.ui.help_dialog import HelpDialog

        step = None
        if self.pages.currentIndex() == self.DOSSIER_PAGE and hasattr(self.wizard, "current_step"):
            step = self.wizard.current_step()
        HelpDialog(step, self).exec()

    def show_about(self) -> None:
        from untoc_desktop.ui.about import AboutDialog  # on demand: not needed before the paint

        AboutDialog(self).exec()

    # ------------------------------------------------------------------ geometry
    def _restore_geometry(self) -> None:
        geometry = self.settings.value(SettingsKeys.WINDOW_GEOMETRY)
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            state = self.settings.value(SettingsKeys.WINDOW_STATE)
            if isinstance(state, QByteArray):
                self.restoreState(state)
            return
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = DEFAULT_SIZE
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 40)
        self.resize(width, height)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Every edit is already in the workspace; closing the wizard lets it
        # flush a field being typed.
        self._close_wizard()
        self.settings.setValue(SettingsKeys.WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.setValue(SettingsKeys.WINDOW_STATE, self.saveState())
        self.settings.sync()
        super().closeEvent(event)
