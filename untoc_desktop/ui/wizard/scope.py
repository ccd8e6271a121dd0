"""Step 4, scope: instruments, the cluster under review, the articles, crime types and SDG targets.

Only instruments the State is party to (or may be: unknown status, marked) are offered. The articles
of the chosen cluster come first and in bold, because the review moves cluster by cluster and a
contribution that speaks to the cluster under review is the one the reviewers can use.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QRadioButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.core import state_facts
from untoc_desktop.core.reference import load as load_reference
from untoc_desktop.i18n import _, current_language
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui.widgets.empty_state import attach as attach_empty
from untoc_desktop.ui.wizard.common import StepPage, wrapped

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
#: Below this page width the instruments and the clusters are stacked instead of side by side.
NARROW_PAGE = 900


class ScopePage(StepPage):
    def __init__(self, ws: Workspace, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ws, dossier_id, 4, parent)
        self.ref = load_reference()
        self._loading = False
        self.instruments_box = QGroupBox()
        self.instruments_layout = QVBoxLayout(self.instruments_box)
        self.instrument_checks: dict[str, QCheckBox] = {}
        self.no_state = wrapped()
        self.instruments_layout.addWidget(self.no_state)

        self.cluster_box = QGroupBox()
        cluster_layout = QVBoxLayout(self.cluster_box)
        self.cluster_group = QButtonGroup(self)
        self.cluster_buttons: dict[int, QRadioButton] = {}
        for cluster in self.ref.clusters():
            button = QRadioButton()
            self.cluster_group.addButton(button, cluster.number)
            self.cluster_buttons[cluster.number] = button
            cluster_layout.addWidget(button)
        # The guide's Figure 1 corrected and its footnote 15, in view, not only in tooltips.
        self.guide_note = wrapped()
        cluster_layout.addWidget(self.guide_note)
        self.cluster_group.idToggled.connect(lambda number, on: on and self._save_cluster(number))
        self._top = top = QHBoxLayout()
        top.addWidget(self.instruments_box, 1)
        top.addWidget(self.cluster_box, 2)
        self.content.addLayout(top)

        self.articles_label = QLabel()
        self.articles_help = wrapped()
        self.articles = QStandardItemModel(self)
        self.articles.itemChanged.connect(self._article_toggled)
        self.articles_view = QTreeView()
        self.articles_view.setModel(self.articles)
        self.articles_view.setHeaderHidden(True)
        self.articles_view.setMinimumHeight(240)
        attach_empty(
            self.articles_view,
            lambda: _(
                "Choose at least one instrument above: its articles appear here, those of the "
                "cluster under review first. Tick the ones your work can speak to."
            ),
            lambda: _("Choose an instrument"),
            self._focus_instruments,
            "list-checks",
        )
        self.articles_view.setUniformRowHeights(True)
        self.articles_label.setBuddy(self.articles_view)
        self.content.addWidget(self.articles_label)
        self.content.addWidget(self.articles_help)
        self.content.addWidget(self.articles_view, 2)

        self.crimes = QStandardItemModel(self)
        self.crimes.itemChanged.connect(
            lambda _item: self._save_list(dossiers.set_crime_types, self.crimes)
        )
        self.crimes_view, self.crimes_label = self._list(self.crimes)
        self.sdgs = QStandardItemModel(self)
        self.sdgs.itemChanged.connect(
            lambda _item: self._save_list(dossiers.set_sdg_targets, self.sdgs)
        )
        self.sdgs_view, self.sdgs_label = self._list(self.sdgs)
        lists = QHBoxLayout()
        for label, view in (
            (self.crimes_label, self.crimes_view),
            (self.sdgs_label, self.sdgs_view),
        ):
            column = QVBoxLayout()
            column.addWidget(label)
            column.addWidget(view)
            lists.addLayout(column, 1)
        self.content.addLayout(lists, 1)
        self.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Instruments above the clusters when the page is narrow, so no cluster name is cut."""
        super().resizeEvent(event)
        narrow = event.size().width() < NARROW_PAGE
        self._top.setDirection(
            QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        )

    def _focus_instruments(self) -> None:
        checks = list(self.instrument_checks.values()) if hasattr(self, "instrument_checks") else []
        if checks:
            checks[0].setFocus()

    @staticmethod
    def _list(model: QStandardItemModel) -> tuple[QListView, QLabel]:
        view = QListView()
        view.setModel(model)
        view.setWordWrap(True)
        view.setMinimumHeight(160)
        label = QLabel()
        label.setWordWrap(True)
        label.setBuddy(view)
        return view, label

    def retranslate_page(self) -> None:
        lang = current_language()
        self.instruments_box.setTitle(_("Instruments"))
        self.cluster_box.setTitle(_("Cluster under review"))
        for cluster in self.ref.clusters():
            button = self.cluster_buttons[cluster.number]
            # The short name keeps the radio button narrow; the full name is its
            # tooltip and accessible name.
            button.setText(
                _("Cluster {number}: {name}").format(
                    number=cluster.number, name=cluster.short_name(lang)
                )
            )
            full = _("Cluster {number}: {name}").format(
                number=cluster.number, name=cluster.name(lang)
            )
            button.setToolTip(full)
            button.setAccessibleDescription(full)  # the name is what is shown (issue 22)
        notes = [
            _("Cluster {number}: {note}").format(number=c.number, note=c.note(lang))
            for c in self.ref.clusters()
            if c.note(lang)
        ]
        footnote = self.ref.article("UNTOC", 8).note(lang)
        if footnote:
            notes.append(_("Convention, articles 8 and 9: {note}").format(note=footnote))
        self.guide_note.setText("\n".join(notes))
        self.articles_label.setText(_("&Articles your work can speak to"))
        self.articles_help.setText(
            _("Articles of the chosen cluster come first, in bold. Tick with the space bar.")
        )
        self.articles_view.setAccessibleDescription(_("Articles"))
        self.crimes_label.setText(_("&Crime types"))
        self.crimes_view.setAccessibleName(_("Crime types"))
        self.sdgs_label.setText(_("Sustainable Development &Goal targets"))
        self.sdgs_view.setAccessibleName(_("Sustainable Development Goal targets"))
        self.no_state.setText(
            _("Choose the State at step 2 first: only the instruments it is party to are offered.")
        )
        self.reload()

    # ---- loading
    def reload(self) -> None:
        self._loading = True
        try:
            dossier = self.dossier
            self._fill_instruments(dossier)
            button = self.cluster_buttons.get(dossier.get("cluster") or 0)
            self.cluster_group.setExclusive(False)
            for b in self.cluster_buttons.values():
                b.setChecked(b is button)
            self.cluster_group.setExclusive(True)
            self._fill_articles(dossier)
            lang = current_language()
            self._fill_checklist(
                self.crimes,
                [(c.id, c.name(lang)) for c in self.ref.crime_types()],
                dossier.get("crime_types", []),
            )
            targets = [(t.target, f"{t.target} — {t.text(lang)}") for t in self.ref.sdg_targets()]
            self._fill_checklist(self.sdgs, targets, dossier.get("sdg_targets", []))
        finally:
            self._loading = False

    def _fill_instruments(self, dossier: dict) -> None:
        for check in self.instrument_checks.values():
            self.instruments_layout.removeWidget(check)
            check.hide()  # out of the Tab order now, not when deleteLater comes round
            check.deleteLater()
        self.instrument_checks = {}
        country = dossier.get("country")
        self.no_state.setVisible(not country)
        if not country:
            return
        lang = current_language()
        for fact in state_facts.eligible_instruments(self.ws, country, self.ref):
            name = self.ref.instrument(fact.instrument).short_name(lang)
            if fact.status == "unknown":
                name = _("{name} (party status unknown)").format(name=name)
            check = QCheckBox(name)
            check.setAccessibleName(name)
            check.setChecked(fact.instrument in dossier.get("instruments", []))
            check.toggled.connect(self._save_instruments)
            self.instrument_checks[fact.instrument] = check
            self.instruments_layout.addWidget(check)
        # Tab reads the page as it is laid out (issue 22): the instruments first (built last,
        # they would come after the lists), the clusters, then the lists.
        chain = [
            *self.instrument_checks.values(),
            *(self.cluster_buttons[n] for n in sorted(self.cluster_buttons)),
            self.articles_view,
            self.crimes_view,
            self.sdgs_view,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _fill_articles(self, dossier: dict) -> None:
        lang = current_language()
        selected = set(self.ws.selected_articles(self.dossier_id))
        cluster = self.ref.cluster(dossier["cluster"]) if dossier.get("cluster") else None
        self.articles.clear()
        for code in dossier.get("instruments", []):
            top = QStandardItem(self.ref.instrument(code).short_name(lang))
            top.setEditable(False)
            in_cluster = set(cluster.articles(code)) if cluster else set()
            ordered = sorted(
                self.ref.articles(code), key=lambda a: (a.number not in in_cluster, a.number)
            )
            for article in ordered:
                text = _("Article {number}: {title}").format(
                    number=article.number, title=article.title(lang)
                )
                item = QStandardItem(text)
                item.setEditable(False)
                item.setCheckable(True)
                item.setCheckState(
                    Qt.CheckState.Checked
                    if (code, article.number) in selected
                    else Qt.CheckState.Unchecked
                )
                item.setData((code, article.number), KEY_ROLE)
                tip = [article.note(lang) or text]
                if article.title_status(lang) != "official":
                    tip.append(
                        _(
                            "This heading is an unofficial translation: it could not be checked "
                            "against the official text."
                        )
                    )
                item.setToolTip("\n".join(tip))
                if article.number in in_cluster:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                    item.setData(
                        _("{text} (in the chosen cluster)").format(text=text),
                        Qt.ItemDataRole.AccessibleTextRole,
                    )
                top.appendRow(item)
            self.articles.appendRow(top)
        self.articles_view.expandAll()

    @staticmethod
    def _fill_checklist(
        model: QStandardItemModel, entries: list[tuple[str, str]], checked: list[str]
    ) -> None:
        model.clear()
        for key, text in entries:
            item = QStandardItem(text)
            item.setEditable(False)
            item.setCheckable(True)
            item.setCheckState(Qt.CheckState.Checked if key in checked else Qt.CheckState.Unchecked)
            item.setData(key, KEY_ROLE)
            model.appendRow(item)

    # ---- saving
    def _save_instruments(self) -> None:
        if self._loading:
            return
        chosen = [code for code, check in self.instrument_checks.items() if check.isChecked()]
        dossiers.set_instruments(self.ws, self.dossier_id, chosen)
        self._loading = True
        try:
            self._fill_articles(self.dossier)
        finally:
            self._loading = False
        self.changed.emit()

    def _save_cluster(self, number: int) -> None:
        if self._loading:
            return
        dossiers.set_cluster(self.ws, self.dossier_id, number)
        self._loading = True
        try:
            self._fill_articles(self.dossier)
        finally:
            self._loading = False
        self.changed.emit()

    def _article_toggled(self, item: QStandardItem) -> None:
        key = item.data(KEY_ROLE)
        if self._loading or not key:
            return
        code, number = key
        self.ws.set_article_selected(
            self.dossier_id, code, number, item.checkState() == Qt.CheckState.Checked
        )
        self.changed.emit()

    def _save_list(
        self, save: Callable[[Workspace, str, list[str]], None], model: QStandardItemModel
    ) -> None:
        if self._loading:
            return
        keys = [
            model.item(row).data(KEY_ROLE)
            for row in range(model.rowCount())
            if model.item(row).checkState() == Qt.CheckState.Checked
        ]
        save(self.ws, self.dossier_id, keys)
        self.changed.emit()
