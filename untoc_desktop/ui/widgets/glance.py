"""The dossier at a glance: the nine steps as a strip, findings by kind per article,
evidence, what is missing.

People in field offices would rather look than read. This card answers "how far are we, and what
next?" in one look; every step and every missing item is a button that opens the step that fixes it
(``step_requested``), so the picture is also the fastest way to work. The figures come from
``core.glance``; the chart has a text twin (tooltip and accessible description) for screen readers.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.core import plan
from untoc_desktop.core.glance import ArticleCounts, Glance
from untoc_desktop.core.reference import load as load_reference
from untoc_desktop.core.safety import FINDING_KIND_LABELS
from untoc_desktop.core.typography import labelled
from untoc_desktop.i18n import _, current_language, ngettext
from untoc_desktop.ui import a11y, icons, theme

#: Kinds in the order the chart stacks them; their colours come from the palette's series.
KIND_ORDER: tuple[str, ...] = ("gap", "good_practice", "ta_need", "observation", "recommendation")
MAX_ARTICLES = 10
MAX_MISSING = 6


def kind_colour(kind: str) -> str:
    p = theme.current()
    series = (*p.clusters, p.preparatory)
    return series[KIND_ORDER.index(kind)] if kind in KIND_ORDER else p.preparatory


def article_label(counts: ArticleCounts) -> str:
    if counts.instrument is None or counts.article is None:
        return _("No article")
    try:
        name = load_reference().instrument(counts.instrument).abbreviation(current_language())
    except KeyError:
        name = counts.instrument
    return _("{instrument}, art. {number}").format(instrument=name, number=counts.article)


def chart_text(articles: list[ArticleCounts]) -> str:
    """The chart in words, one article per line (tooltip and accessible description)."""
    lines = []
    for counts in articles:
        lang = current_language()
        parts = [
            labelled(_(FINDING_KIND_LABELS[k]), str(counts.kinds[k]), lang)
            for k in KIND_ORDER
            if counts.kinds[k]
        ]
        lines.append(
            f"{article_label(counts)} — " + (", ".join(parts) if parts else _("no finding yet"))
        )
    return "\n".join(lines)


class FindingsChart(QWidget):
    """Horizontal stacked bars: one row per article, one colour per kind of
    finding, a legend below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.articles: list[ArticleCounts] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # A Tab stop (issue 22): its numbers, in words, are its description.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        theme.theme().changed.connect(self.update)

    def set_articles(self, articles: list[ArticleCounts]) -> None:
        self.articles = articles[:MAX_ARTICLES]
        text = chart_text(articles)
        self.setToolTip(text)
        self.setAccessibleDescription(text)
        self.updateGeometry()
        self.update()

    def _line(self) -> int:
        return QFontMetrics(self.font()).height() + theme.SPACE_XS

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        rows = (
            len(self.articles) + 3 if self.articles else 1
        )  # the legend may take up to three lines
        return QSize(360, rows * self._line() + theme.SPACE_S)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LanguageChange):
            self.set_articles(self.articles)
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        p = theme.current()
        painter = QPainter(self)
        fm = QFontMetrics(self.font())
        line = self._line()
        if not self.articles:
            painter.setPen(QColor(p.muted_text))
            painter.drawText(
                QRectF(0, 0, self.width(), line),
                Qt.AlignmentFlag.AlignVCenter,
                _("No article chosen and no finding yet."),
            )
            painter.end()
            return
        label_w = min(
            self.width() // 3,
            max(fm.horizontalAdvance(article_label(a)) for a in self.articles) + theme.SPACE_S,
        )
        most = max(1, max(a.total for a in self.articles))
        bar_room = self.width() - label_w - fm.horizontalAdvance("999") - theme.SPACE_S
        for row, counts in enumerate(self.articles):
            y = row * line
            painter.setPen(QColor(p.text))
            painter.drawText(
                QRectF(0, y, label_w, line),
                Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(article_label(counts), Qt.TextElideMode.ElideRight, label_w - 4),
            )
            x = float(label_w)
            for kind in KIND_ORDER:
                n = counts.kinds[kind]
                if not n:
                    continue
                w = bar_room * n / most
                painter.fillRect(QRectF(x, y + 3, w - 1, line - 6), QColor(kind_colour(kind)))
                x += w
            painter.setPen(QColor(p.muted_text if counts.total == 0 else p.text))
            painter.drawText(
                QRectF(x + 4, y, 60, line),
                Qt.AlignmentFlag.AlignVCenter,
                str(counts.total) if counts.total else "0",
            )
        self._legend(painter, len(self.articles) * line + theme.SPACE_XS, line, fm)
        painter.end()

    def _legend(self, painter: QPainter, y: float, line: int, fm: QFontMetrics) -> None:
        p = theme.current()
        x = 0.0
        for kind in KIND_ORDER:
            text = _(FINDING_KIND_LABELS[kind])
            needed = line + fm.horizontalAdvance(text) + theme.SPACE_L
            if x + needed > self.width() and x > 0:
                x, y = 0.0, y + line
            painter.fillRect(QRectF(x, y + 4, line - 8, line - 8), QColor(kind_colour(kind)))
            painter.setPen(QColor(p.text))
            painter.drawText(
                QRectF(x + line - 4, y, fm.horizontalAdvance(text) + 2, line),
                Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            x += needed


class GlanceCard(QFrame):
    """The card shown on the dossier page. ``step_requested(n)`` asks the wizard to open step n."""

    step_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        theme.set_role(self, "card")
        self.data: Glance | None = None
        self.heading = QLabel()
        a11y.mark_heading(self.heading)
        self.heading.setFont(theme.font("subtitle"))
        self.strip_label = QLabel()
        self.step_buttons: list[QPushButton] = []
        strip = QHBoxLayout()
        strip.setSpacing(theme.SPACE_XS)
        for step in plan.STEPS:
            button = QPushButton(str(step.number))
            button.setMinimumWidth(
                QFontMetrics(button.font()).horizontalAdvance("99") + theme.SPACE_XL * 2
            )
            button.clicked.connect(
                lambda _checked=False, n=step.number: self.step_requested.emit(n)
            )
            self.step_buttons.append(button)
            strip.addWidget(button)
        strip.addStretch(1)
        self.chart_label = QLabel()
        self.chart = FindingsChart()
        self.chart_label.setBuddy(self.chart)
        self.evidence_label = QLabel()
        self.evidence = QLabel()
        self.evidence.setWordWrap(True)
        self.missing_label = QLabel()
        self.missing_box = QVBoxLayout()
        self.missing_box.setSpacing(0)
        self.missing_more = QLabel()
        theme.set_role(self.missing_more, "muted")

        grid = QGridLayout()
        grid.setHorizontalSpacing(theme.SPACE_XL)
        grid.addWidget(self.chart_label, 0, 0)
        grid.addWidget(self.chart, 1, 0)
        grid.addWidget(self.evidence_label, 0, 1)
        grid.addWidget(self.evidence, 1, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.SPACE_L, theme.SPACE_M, theme.SPACE_L, theme.SPACE_M)
        layout.setSpacing(theme.SPACE_S)
        layout.addWidget(self.heading)
        layout.addWidget(self.strip_label)
        layout.addLayout(strip)
        layout.addLayout(grid)
        layout.addWidget(self.missing_label)
        layout.addLayout(self.missing_box)
        layout.addWidget(self.missing_more)
        for label in (self.strip_label, self.chart_label, self.evidence_label, self.missing_label):
            label.setFont(theme.font("body", bold=True))
        self.retranslate()

    def set_glance(self, data: Glance) -> None:
        self.data = data
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(_("At a glance"))
        self.strip_label.setText(_("The app's steps (the guide's plan is below)"))
        self.chart_label.setText(_("Findings by kind, per article"))
        # Named by its label; read with its words (chart_text) as the description.
        self.chart.setAccessibleName("")
        self.evidence_label.setText(_("Evidence"))
        data = self.data
        done = data.done_steps if data else frozenset()
        for step, button in zip(plan.STEPS, self.step_buttons, strict=True):
            complete = step.number in done
            state = _("complete") if complete else _("not complete")
            name = _("Step {number}, {title}: {state}").format(
                number=step.number, title=_(step.title), state=state
            )
            button.setText(str(step.number))
            button.setToolTip(name)
            button.setAccessibleName(name)
            button.setIcon(
                icons.icon("circle-check", "on_accent") if complete else icons.icon("circle-dashed")
            )
            theme.set_role(button, "primary" if complete else "")
        if data is None:
            return
        self.chart.set_articles(list(data.articles))
        ev = data.evidence
        if ev.total == 0:
            self.evidence.setText(
                _("No evidence yet. Record it in step 5; each piece can back several findings.")
            )
        else:
            lines = [
                ngettext("{n} piece of evidence", "{n} pieces of evidence", ev.total).format(
                    n=ev.total
                ),
                ngettext("{n} linked to a finding", "{n} linked to findings", ev.linked).format(
                    n=ev.linked
                ),
                ngettext("{n} with a file", "{n} with files", ev.with_file).format(n=ev.with_file),
                ngettext("{n} marked sensitive", "{n} marked sensitive", ev.sensitive).format(
                    n=ev.sensitive
                ),
            ]
            self.evidence.setText("\n".join(lines))
        self._fill_missing(list(data.missing))

    def _fill_missing(self, items: list[plan.Missing]) -> None:
        while self.missing_box.count():
            widget = self.missing_box.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # deleteLater alone would leave it painted until the event loop runs
                widget.deleteLater()
        required = [m for m in items if m.required] or items
        if not items:
            self.missing_label.setText(_("Nothing is missing: the dossier is complete."))
        else:
            self.missing_label.setText(_("Still missing"))
        previous: QWidget = self.chart  # Tab goes from the chart to these links (issue 22)
        for item in required[:MAX_MISSING]:
            text = _("Step {number}: {what}").format(number=item.step, what=item.translated())
            link = QPushButton(text)
            theme.set_role(link, "link")
            link.setCursor(Qt.CursorShape.PointingHandCursor)
            link.setAccessibleDescription(
                _("{what}: open step {number}").format(what=item.translated(), number=item.step)
            )
            link.clicked.connect(lambda _checked=False, n=item.step: self.step_requested.emit(n))
            self.missing_box.addWidget(link)
            QWidget.setTabOrder(previous, link)
            previous = link
        more = len(items) - min(len(required), MAX_MISSING)
        self.missing_more.setVisible(more > 0)
        self.missing_more.setText(
            ngettext(
                "And {n} more item in the list on the right.",
                "And {n} more items in the list on the right.",
                more,
            ).format(n=more)
        )
