"""The global search's results, on a page of their own.

Searching used to replace the open dossier with the list page, and clearing the search came back
to the list of dossiers, not to the step the user was on (issue 21). The results now sit on their
own page of the main window: the dossier stays open underneath, and Escape or "Back" returns to
exactly the page, step and field the search started from.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from untoc_desktop.core.search import SearchHit
from untoc_desktop.i18n import _, ngettext
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui.models.search import HIT_ROLE, SearchResultsModel
from untoc_desktop.ui.widgets.empty_state import attach


class SearchResultsView(QWidget):
    """The hits of the search field's text; ``back_requested`` on Escape or Back."""

    hit_activated = Signal(object)  # SearchHit
    back_requested = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results = SearchResultsModel(ws, self)
        self.back = QPushButton()
        self.back.clicked.connect(self.back_requested)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.view = QListView()
        self.view.setModel(self.results)
        self.view.setWordWrap(True)
        self.view.activated.connect(self._activated)
        attach(
            self.view,
            lambda: _(
                "No finding or piece of evidence matches. The search reads the text of "
                "findings and evidence in every dossier."
            ),
            icon="search",
        )
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(self.label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.back_requested)
        self.retranslate()

    def set_workspace(self, ws: Workspace) -> None:
        self.results.ws = ws

    def search(self, text: str) -> int:
        count = self.results.run(text)
        self._update_label()
        return count

    def _update_label(self) -> None:
        count = self.results.rowCount()
        if count:
            self.label.setText(
                ngettext(
                    "{count} finding or piece of evidence matches. "
                    "Press Enter to open its dossier.",
                    "{count} findings and pieces of evidence match. "
                    "Press Enter to open one's dossier.",
                    count,
                ).format(count=count)
            )
        else:
            self.label.setText(_("Nothing matches “{text}”.").format(text=self.results.query))

    def retranslate(self) -> None:
        self.back.setText(_("← &Back"))
        self.back.setAccessibleDescription(_("Back to where you were (Escape)"))
        self.view.setAccessibleName(_("Search results"))
        self.results.retranslate()
        if self.results.query:
            self._update_label()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _activated(self, index: QModelIndex) -> None:
        hit: SearchHit | None = index.data(HIT_ROLE)
        if hit is not None:
            self.hit_activated.emit(hit)
