"""The dossier wizard: the nine steps of the Model Action Plan around one dossier,
resumable anywhere.

Not a ``QWizard``: a field office works on a dossier over weeks and in any order, so the steps are a
list on the left (with a tick when complete), the pages in the middle, and on the right what is
still missing, each item a link to its step. The wizard reopens at the step where the user left.
"""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.core import plan
from untoc_desktop.i18n import _
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import ClosedWorkspaceError, Workspace
from untoc_desktop.ui import a11y
from untoc_desktop.ui.widgets.empty_state import attach as attach_empty
from untoc_desktop.ui.wizard.common import Autosaver, StepPage

#: Each step's page as (module, class), imported when the page is first built: a dossier opened at
#: one step does not pay for importing the other nine (reference data, timeline, safety report).
PAGES: tuple[tuple[str, str], ...] = (
    ("overview", "OverviewPage"),
    ("organization", "OrganizationPage"),
    ("country", "CountryPage"),
    ("focal_point", "FocalPointPage"),
    ("scope", "ScopePage"),
    ("evidence", "EvidencePage"),
    ("partners", "PartnersPage"),
    ("recommendations", "RecommendationsPage"),
    ("safety", "SafetyPage"),
    ("export", "ExportPage"),
)
#: Below this width the "what is missing" panel starts folded (the centre needs the room).
WIDE_ENOUGH_FOR_MISSING = 1200
#: How long after an edit the ticks and the "what is missing" panel are recomputed.
REFRESH_MS = 250


class StepListModel(QAbstractListModel):
    """The dossier page and the nine steps, each with a tick when nothing required is missing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.missing: list[plan.Missing] = []

    def set_missing(self, missing: list[plan.Missing]) -> None:
        self.missing = missing
        self.dataChanged.emit(self.index(0), self.index(len(plan.STEPS)))

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(plan.STEPS) + 1

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if row == 0:
            title = _("Dossier page")
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return title
            return None
        step = plan.STEPS[row - 1]
        done = plan.step_complete(self.missing, step.number)
        if role == Qt.ItemDataRole.DisplayRole:
            mark = "✓" if done else "○"
            return f"{mark} {step.number}. {_(step.title)}"
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            state = _("complete") if done else _("not complete")
            return _("Step {number}: {title}, {state}").format(
                number=step.number, title=_(step.title), state=state
            )
        return None

    def retranslate(self) -> None:
        self.dataChanged.emit(self.index(0), self.index(len(plan.STEPS)))


class MissingListModel(QAbstractListModel):
    """What the dossier still lacks, in step order; optional items are marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[plan.Missing] = []

    def set_items(self, items: list[plan.Missing]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.items[index.row()]
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            text = _("Step {number}: {what}").format(number=item.step, what=item.translated())
            return text if item.required else _("{text} (optional)").format(text=text)
        if role == Qt.ItemDataRole.UserRole:
            return item.step
        return None


class DossierWizard(QWidget):
    """One dossier's wizard. ``dossier_changed(id)`` after any stored edit;
    ``close_requested`` on Back."""

    dossier_changed = Signal(str)
    close_requested = Signal()

    def __init__(self, ws: Workspace, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        dossier = ws.dossier(dossier_id)
        if dossier is None:
            raise KeyError(dossier_id)
        self.ws, self.dossier_id = ws, dossier_id
        #: Every edit and delete in this dossier (ui.wizard.undo); the Edit menu acts on it.
        self.undo_stack = QUndoStack(self)
        self._following_step = False
        self.autosaver = Autosaver(self)
        self.autosaver.saved.connect(self._on_changed)

        self.back = QPushButton()
        self.back.clicked.connect(self._on_back)
        self.title_label = QLabel()
        self.title_edit = QLineEdit(dossier["title"])
        self.title_label.setBuddy(self.title_edit)
        self.autosaver.bind_line(self.title_edit, self._save_title)
        self.progress = QLabel()
        header = QHBoxLayout()
        header.addWidget(self.back)
        header.addWidget(self.title_label)
        header.addWidget(self.title_edit, 1)
        header.addWidget(self.progress)

        self.steps = StepListModel(self)
        self.step_view = QListView()
        self.step_view.setModel(self.steps)
        self.step_view.setWordWrap(True)
        self.step_view.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.step_view.setMinimumWidth(140)
        self.step_view.setMaximumWidth(240)
        self.step_view.selectionModel().currentChanged.connect(self._step_clicked)
        self.steps_label = QLabel()
        self.steps_label.setBuddy(self.step_view)

        # Pages are built when first shown (``page``): building all ten up front cost most of the
        # time to open a 10,000-finding dossier. Until then an empty placeholder
        # keeps stack index = step.
        self.stack = QStackedWidget()
        self._pages: list[StepPage | None] = [None] * len(PAGES)
        for _page_class in PAGES:
            self.stack.addWidget(QWidget())
        self._displayed = (
            -1
        )  # the step whose page the stack shows, reloaded; -1 before the first show

        self.previous = QPushButton()
        self.previous.clicked.connect(lambda: self.go_to_step(self.current_step() - 1))
        self.next = QPushButton()
        self.next.clicked.connect(lambda: self.go_to_step(self.current_step() + 1))
        nav = QHBoxLayout()
        nav.addWidget(self.previous)
        nav.addStretch(1)
        nav.addWidget(self.next)
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self.go_to_step(self.current_step() - 1))
        QShortcut(
            QKeySequence("Ctrl+PgDown"), self, lambda: self.go_to_step(self.current_step() + 1)
        )

        self.missing = MissingListModel(self)
        self.missing_view = QListView()
        self.missing_view.setModel(self.missing)
        self.missing_view.setWordWrap(True)
        self.missing_view.activated.connect(
            lambda index: self.go_to_step(index.data(Qt.ItemDataRole.UserRole))
        )
        self.missing_view.clicked.connect(
            lambda index: self.go_to_step(index.data(Qt.ItemDataRole.UserRole))
        )
        self.missing_view.setMinimumWidth(160)
        attach_empty(
            self.missing_view,
            lambda: _(
                "Nothing is missing: every step is complete. Export the submission, "
                "or a bundle for a partner office."
            ),
            lambda: _("Go to the export"),
            lambda: self.go_to_step(9),
            "circle-check",
        )
        self.missing_view.setMaximumWidth(280)
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.missing_label.setBuddy(self.missing_view)

        # Side panels in a splitter (drag to resize); "what is missing" also folds away with a
        # button in the header, and starts folded on a small screen (1024x600: issue 21).
        self.missing_toggle = QToolButton()
        self.missing_toggle.setCheckable(True)
        self.missing_toggle.setChecked(True)
        self.missing_toggle.toggled.connect(self._show_missing)
        self._missing_chosen = False
        header.addWidget(self.missing_toggle)
        left_panel, middle_panel, self.right_panel = QWidget(), QWidget(), QWidget()
        left = QVBoxLayout(left_panel)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.steps_label)
        left.addWidget(self.step_view)
        middle = QVBoxLayout(middle_panel)
        middle.setContentsMargins(0, 0, 0, 0)
        middle.addWidget(self.stack, 1)
        middle.addLayout(nav)
        right = QVBoxLayout(self.right_panel)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.missing_label)
        right.addWidget(self.missing_view)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for i, panel in enumerate((left_panel, middle_panel, self.right_panel)):
            self.splitter.addWidget(panel)
            self.splitter.setStretchFactor(i, 1 if i == 1 else 0)
        self.splitter.setCollapsible(1, False)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)
        self._order_tabs()

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._current = -1
        self._opened = False
        self.retranslate()
        self.refresh()
        self.go_to_step(int(dossier.get("step") or 0))

    def _order_tabs(self) -> None:
        """Content first (issue 22): the step's fields, then Previous and Next, the step list,
        what is missing, and last the way back and the dossier's title. Again after a page is
        built, since a page inserted later would otherwise join the chain at its end."""
        order = (
            self.stack,
            self.previous,
            self.next,
            self.step_view,
            self.missing_toggle,
            self.missing_view,
            self.back,
            self.title_edit,
        )
        for first, second in zip(order, order[1:], strict=False):
            self.setTabOrder(first, second)

    # ---- the contract with the main window
    def step_count(self) -> int:
        return len(plan.STEPS)

    def current_step(self) -> int:
        return self._current

    def go_to_step(self, n: int) -> None:
        """Show step ``n`` (0 = the dossier page), saving whatever the current page still holds.

        Before the wizard is first shown this only moves to the step: the page is built at the show,
        so opening a dossier at a chosen step does not also build the step it was left at.
        """
        if n is None or not 0 <= n <= self.step_count() or n == self._current:
            return
        self.flush()
        self._current = n
        if self._displayed >= 0 or self.isVisible():
            self._display_current()
        # Not by blocking the selection model's signals: the list would not repaint its
        # highlight until the next edit (issue 21).
        self._following_step = True
        try:
            self.step_view.setCurrentIndex(self.steps.index(n))
        finally:
            self._following_step = False
        self.previous.setEnabled(n > 0)
        self.next.setEnabled(n < self.step_count())
        dossiers.set_step(self.ws, self.dossier_id, n)
        if self._displayed == n and self.isVisible():
            self.land_on_step()

    def land_on_step(self) -> None:
        """Move the keyboard into the shown step and say which step it is (issue 22): focus on its
        first field, and the heading announced, so a step change is never silent."""
        page = self._pages[self._current]
        if page is None:
            return
        # Walking the step list with the arrow keys keeps the keyboard in the list.
        if not self.step_view.hasFocus():
            page.focus_first()
        if not self.step_view.hasFocus() and not page.isAncestorOf(QApplication.focusWidget()):
            self.step_view.setFocus(Qt.FocusReason.OtherFocusReason)  # a page with no field
        a11y.announce(page.title, page.heading() or _("Dossier page"))

    def _step_clicked(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._following_step and current.isValid():
            self.go_to_step(current.row())

    def page(self, n: int) -> StepPage:
        """Step ``n``'s page, built on first use (and shown, reloaded, if it
        is the current step)."""
        if n == self._current:
            self._display_current()
        return self._pages[n] or self._build_page(n)

    def built_pages(self) -> list[StepPage]:
        """The pages built so far: the only ones that can hold edits or need a language change."""
        return [page for page in self._pages if page is not None]

    def _build_page(self, n: int) -> StepPage:
        module, name = PAGES[n]
        page_class: type[StepPage] = getattr(
            importlib.import_module(f"untoc_desktop.ui.wizard.{module}"), name
        )
        page = page_class(self.ws, self.dossier_id)
        page.changed.connect(self._on_changed)
        if hasattr(page, "step_requested"):  # the dossier page's glance card links to steps
            page.step_requested.connect(self.go_to_step)
        placeholder = self.stack.widget(n)
        self.stack.insertWidget(n, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self._pages[n] = page
        self._order_tabs()
        return page

    def _display_current(self) -> None:
        n = self._current
        if n < 0 or n == self._displayed:
            return
        page = self._pages[n] or self._build_page(n)
        page.reload()
        self.stack.setCurrentIndex(n)
        self._displayed = n
        self._tidy_mnemonics_later()

    def _tidy_mnemonics_later(self) -> None:
        QTimer.singleShot(0, self, self.tidy_mnemonics)

    def tidy_mnemonics(self) -> list[str]:
        """One owner per Alt+letter in the window (issue 22): the menus, then the frame (Back,
        Title, Previous, Next, what is missing), then the step's own fields in Tab order."""
        if not self.isVisible():
            return []
        frame = (
            self.back,
            self.title_label,
            self.previous,
            self.next,
            self.missing_label,
            self.steps_label,
        )
        return a11y.unique_mnemonics(self.window(), frame)

    def showEvent(self, event: QEvent) -> None:
        self._display_current()
        super().showEvent(event)
        # Opening a dossier lands in its step, announced, like a step change (issue 22); showing
        # it again (back from the search) leaves the focus where the window puts it back.
        if not self._opened:
            self._opened = True
            QTimer.singleShot(0, self, self._land_if_shown)

    def _land_if_shown(self) -> None:
        page = self._pages[self._current] if self._current >= 0 else None
        if (
            page is not None
            and self.isVisible()
            and self._displayed == self._current
            # Only if nobody has put the keyboard anywhere yet (the main window focuses the wizard).
            and self.window().focusWidget() in (None, self)
        ):
            self.land_on_step()

    def resizeEvent(self, event: QEvent) -> None:
        super().resizeEvent(event)
        if not self._missing_chosen:
            wide = self.width() >= WIDE_ENOUGH_FOR_MISSING
            if self.missing_toggle.isChecked() != wide:
                self.missing_toggle.blockSignals(True)
                self.missing_toggle.setChecked(wide)
                self.missing_toggle.blockSignals(False)
                self.right_panel.setVisible(wide)

    def _show_missing(self, shown: bool) -> None:
        self._missing_chosen = True  # the user's choice stays
        self.right_panel.setVisible(shown)

    def flush(self) -> None:
        """Write every pending edit now (on step change, hide, close)."""
        self.autosaver.flush()
        for page in self.built_pages():
            page.flush()

    # ---- refreshing
    def _on_changed(self) -> None:
        self.dossier_changed.emit(self.dossier_id)
        self._refresh_timer.start()
        self._tidy_mnemonics_later()  # a button shown by the edit (Open, Show in folder)

    def refresh(self) -> None:
        """Recompute the ticks, the progress and what is missing from the workspace."""
        self._refresh_timer.stop()
        try:
            if self.ws.dossier(self.dossier_id) is None:
                return
            items = plan.missing(self.ws, self.dossier_id)
        except ClosedWorkspaceError:  # the workspace was closed under a wizard still on screen
            return
        self.steps.set_missing(items)
        self.missing.set_items(items)
        done = sum(1 for step in plan.STEPS if plan.step_complete(items, step.number))
        self.progress.setText(
            _("{done} of {total} steps complete").format(done=done, total=len(plan.STEPS))
        )
        if not items:
            self.missing_label.setText(_("Nothing is missing: the dossier is complete."))
            self.missing_toggle.setText("✓")
        else:
            self.missing_label.setText(_("&What is missing ({n})").format(n=len(items)))
            self.missing_toggle.setText(
                _("&What is missing ({n})").format(n=len(items)).replace("&", "")
            )
        # A bare tick reads as nothing: name the button after the panel it folds.
        self.missing_toggle.setAccessibleName(
            a11y.plain(self.missing_label.text()) if not items else ""
        )

    # ---- texts
    def retranslate(self) -> None:
        self.back.setText(_("← &Dossiers"))
        # Names are what is on screen (issue 22); the longer wording is read as a description.
        self.back.setAccessibleDescription(_("Back to the list of dossiers"))
        self.title_label.setText(_("&Title:"))
        self.title_edit.setAccessibleDescription(_("Dossier title"))
        self.steps_label.setText(_("S&teps"))
        self.step_view.setAccessibleDescription(_("Steps of the Model Action Plan"))
        self.missing_view.setAccessibleDescription(
            _("What is missing; press Enter to go to the step")
        )
        self.previous.setText(_("&Previous step"))
        self.previous.setAccessibleDescription(_("Previous step (Ctrl+Page Up)"))
        self.next.setText(_("&Next step"))
        self.next.setAccessibleDescription(_("Next step (Ctrl+Page Down)"))
        self.steps.retranslate()
        self.refresh()
        self._tidy_mnemonics_later()  # after every page has its new texts

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ---- saving
    def _save_title(self, text: str) -> None:
        dossiers.set_title(self.ws, self.dossier_id, text)

    def _on_back(self) -> None:
        self.flush()
        self.close_requested.emit()

    def hideEvent(self, event: QEvent) -> None:
        self.flush()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush()
        self._refresh_timer.stop()
        super().closeEvent(event)
