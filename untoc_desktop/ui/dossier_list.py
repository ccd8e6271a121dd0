"""The main window's first page: the dossiers, the search results, or a first-run welcome.

Three states share one place on screen: the table of dossiers; the hits of a search while the
search field holds text; and, when the workspace has no dossier yet, a short explanation with the
two ways to start (an empty dossier, or the example one to learn from).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.core.search import SearchHit
from untoc_desktop.i18n import _, ngettext
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui.models.dossiers import ID_ROLE, SORT_ROLE, DossierTableModel
from untoc_desktop.ui.models.search import HIT_ROLE, SearchResultsModel
from untoc_desktop.ui.widgets.empty_state import attach as attach_empty


class DossierListPage(QWidget):
    """Shows the dossier table, the search results or the welcome; emits what the user picked."""

    open_requested = Signal(str)  # dossier id
    hit_activated = Signal(object)  # SearchHit
    create_requested = Signal()
    example_requested = Signal()
    #: A new office's first step is often a partner's bundle, not an empty dossier.
    import_requested = Signal()

    TABLE, RESULTS, WELCOME = range(3)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DossierTableModel(ws, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.results = SearchResultsModel(ws, self)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        # One Tab stop (issue 22): Tab leaves the list, the arrow keys move within it, and the
        # whole row is the current item (no walk over its six cells).
        self.table.setTabKeyNavigation(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._on_table_activated)

        self.results_label = QLabel()
        self.results_label.setWordWrap(True)
        self.results_view = QListView()
        self.results_view.setModel(self.results)
        self.results_view.setWordWrap(True)
        self.results_view.setUniformItemSizes(False)
        self.results_view.activated.connect(self._on_hit_activated)
        attach_empty(
            self.results_view,
            lambda: _(
                "No finding or piece of evidence matches. The search reads the text of "
                "findings and the source and description of evidence, in every dossier; "
                "try a shorter or different word."
            ),
            icon="search",
        )
        results_page = QWidget()
        results_layout = QVBoxLayout(results_page)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.results_label)
        results_layout.addWidget(self.results_view, 1)

        self.welcome_title = QLabel()
        self.welcome_title.setWordWrap(True)
        font = self.welcome_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.welcome_title.setFont(font)
        self.welcome_text = QLabel()
        self.welcome_text.setWordWrap(True)
        self.create_button = QPushButton()
        self.create_button.clicked.connect(self.create_requested)
        self.example_button = QPushButton()
        self.example_button.clicked.connect(self.example_requested)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.import_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.example_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        welcome = QWidget()
        welcome_layout = QVBoxLayout(welcome)
        welcome_layout.addStretch(1)
        welcome_layout.addWidget(self.welcome_title)
        welcome_layout.addWidget(self.welcome_text)
        welcome_layout.addLayout(buttons)
        welcome_layout.addStretch(2)
        welcome.setMaximumWidth(900)
        welcome_wrap = QWidget()
        wrap_layout = QHBoxLayout(welcome_wrap)
        wrap_layout.addStretch(1)
        wrap_layout.addWidget(welcome, 4)
        wrap_layout.addStretch(1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(results_page)
        self.stack.addWidget(welcome_wrap)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.model.modelReset.connect(self._update_page)
        self.retranslate()
        self._update_page()

    # ------------------------------------------------------------------ state
    def _update_page(self) -> None:
        if self.results.query.strip():
            self.stack.setCurrentIndex(self.RESULTS)
        elif self.model.rowCount() == 0:
            self.stack.setCurrentIndex(self.WELCOME)
        else:
            self.stack.setCurrentIndex(self.TABLE)

    def search(self, text: str) -> int:
        count = self.results.run(text)
        self._update_results_label()
        self._update_page()
        return count

    def _update_results_label(self) -> None:
        count = self.results.rowCount()
        if count:
            self.results_label.setText(
                ngettext(
                    "{count} finding or piece of evidence matches. "
                    "Press Enter to open its dossier.",
                    "{count} findings and pieces of evidence match. "
                    "Press Enter to open one's dossier.",
                    count,
                ).format(count=count)
            )
        else:
            self.results_label.setText(
                _("Nothing matches “{text}”.").format(text=self.results.query)
            )

    def set_workspace(self, ws: Workspace) -> None:
        """Show another connection's dossiers (after a restore or a passphrase change)."""
        self.model.ws = ws
        self.results.ws = ws
        self.model.refresh()

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        index = rows[0] if rows else self.table.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select(self, dossier_id: str) -> None:
        row = self.model.row_of(dossier_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectRow(index.row())
        self.table.setCurrentIndex(index)

    # ------------------------------------------------------------------ language
    def retranslate(self) -> None:
        self.model.retranslate()
        self.results.retranslate()
        self.table.setAccessibleName(_("Dossiers"))
        self.results_view.setAccessibleName(_("Search results"))
        self.welcome_title.setText(_("Welcome. Start your first dossier."))
        self.welcome_text.setText(
            _(
                "A dossier holds one contribution to the review of one State: "
                "who you are, the State and its focal point, the articles you speak to, "
                "your findings and evidence, and the letter, pledge and submission made from them. "
                "Start an empty one, or open the example to see a finished dossier."
            )
        )
        self.create_button.setText(_("&Create your first dossier"))
        self.create_button.setAccessibleName(_("Create your first dossier"))
        self.example_button.setText(_("Open the &example dossier"))
        self.example_button.setAccessibleName(_("Open the example dossier"))
        self.import_button.setText(_("&Import a partner's bundle…"))
        self.import_button.setAccessibleName(_("Import a bundle from a partner office"))
        self.import_button.setToolTip(
            _("A file ending in .untoc that a partner office gave you, on a USB stick for example")
        )
        if self.results.query:
            self._update_results_label()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ activation
    def _on_table_activated(self, index: QModelIndex) -> None:
        dossier_id = index.data(ID_ROLE)
        if dossier_id:
            self.open_requested.emit(dossier_id)

    def _on_hit_activated(self, index: QModelIndex) -> None:
        hit: SearchHit | None = index.data(HIT_ROLE)
        if hit is not None:
            self.hit_activated.emit(hit)
