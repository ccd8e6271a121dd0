"""The State's review timeline as a picture (the guide's Figure 2), with a text
twin for screen readers.

Three staggered rows (one per review group): the preparatory phase, then four two-year clusters.
The State's row is marked, a vertical line says "you are here", the user's milestones sit on the
axis, and every bar that is only the theoretical plan is hatched with a dashed outline and
explained in the legend. What is drawn is decided by ``core.timeline``; this module only paints it.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from untoc_desktop.core.deadlines import MILESTONE_KINDS
from untoc_desktop.core.reference import load as load_reference
from untoc_desktop.core.timeline import Bar, Timeline
from untoc_desktop.core.typography import labelled, series
from untoc_desktop.i18n import N_, _, current_language
from untoc_desktop.ui import theme

GROUP_STATUS = {
    "verified": N_("verified"),
    "secondary": N_("from a secondary source, not officially confirmed"),
    "inferred": N_("inferred, not verified"),
    "corrected": N_("your correction"),
    "unknown": N_("unverified"),
}


def summary(tl: Timeline) -> str:
    """One paragraph saying what the picture shows: the group, where today falls,
    what is unverified."""
    lang = current_language()
    if tl.group is None:
        return _(
            "Review group unverified: nobody has confirmed which of the three groups this State is "
            "in, so no row is marked. The three groups' plans are shown; "
            "hatched parts are not verified."
        )
    status = _(GROUP_STATUS.get(tl.group_status, GROUP_STATUS["unknown"]))
    parts = [_("Group {group} ({status}).").format(group=tl.group, status=status)]
    bar, planned = tl.current_bar(), tl.planned_bar()
    if bar is not None and bar.kind == "cluster" and bar.cluster:
        name = load_reference().cluster(bar.cluster).name(lang)
        parts.append(
            _("You are here: cluster {number}, {name}.").format(number=bar.cluster, name=name)
        )
        if tl.stage.cluster is not None:
            parts.append(_("You recorded this on the country step."))
    elif bar is not None:
        parts.append(_("You are here: the preparatory phase."))
    elif planned is not None and planned.kind == "cluster" and planned.cluster:
        parts.append(
            _(
                "The plan of 2018 put this group on cluster {number} in {start}–{end}. That is the "
                "plan, not where the review is: the review runs years late."
            ).format(number=planned.cluster, start=planned.start.year, end=planned.end.year)
        )
    elif tl.after_plan():
        parts.append(
            _(
                "Today is after the end of the theoretical plan; ask the focal point where the "
                "review really stands."
            )
        )
    if tl.known_dates:
        listed = series(
            [
                labelled(
                    format_date(k.when, "medium", locale=lang),
                    k.title or _(MILESTONE_KINDS.get(k.kind, MILESTONE_KINDS["other"])),
                    lang,
                )
                for k in tl.known_dates
            ],
            lang,
        )
        parts.append(_("Your dates (diamonds on the axis): {dates}.").format(dates=listed))
    return " ".join(parts)


class TimelineCanvas(QWidget):
    """Paints a :class:`Timeline`; sizes follow the font so 200 % scaling does not clip labels."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline: Timeline | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        theme.theme().changed.connect(self.update)

    # ---- geometry, all from the font so the picture scales with it
    def _metrics(self) -> tuple[int, int, int]:
        fm = QFontMetrics(self.font())
        row = fm.height() + theme.SPACE_M
        label_width = max(
            fm.horizontalAdvance(_("Group {number}").format(number=n)) for n in (1, 2, 3)
        )
        return row, label_width + theme.SPACE_L, fm.height()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        row, _label, line = self._metrics()
        # "you are here" label, three rows, the axis and its years, two lines of legend.
        legend = (line + theme.SPACE_XS) * 2
        return QSize(640, line + theme.SPACE_S + row * 3 + theme.SPACE_XS + line * 2 + legend)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(360, self.sizeHint().height())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LanguageChange):
            self.updateGeometry()
            self.update()
        super().changeEvent(event)

    def set_timeline(self, tl: Timeline | None) -> None:
        self.timeline = tl
        self.updateGeometry()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        tl = self.timeline
        if tl is None:
            return
        p = theme.current()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        row, label_w, line = self._metrics()
        left = label_w
        width = max(1, self.width() - left - theme.SPACE_M)
        top = line + theme.SPACE_S  # room for the "you are here" label

        def x(day: date) -> float:
            return left + tl.fraction(day) * width

        # Rows: group label, then bars.
        for index, group in enumerate(tl.rows()):
            y = top + index * row
            mine = group == tl.group
            if mine:
                band = QColor(p.accent)
                band.setAlpha(40)
                painter.fillRect(QRectF(0, y - 2, self.width(), row), band)
            font = self.font()
            font.setBold(mine)
            painter.setFont(font)
            painter.setPen(QColor(p.text if mine else p.muted_text))
            painter.drawText(
                QRectF(theme.SPACE_XS, y, label_w, row - theme.SPACE_XS),
                Qt.AlignmentFlag.AlignVCenter,
                _("Group {number}").format(number=group),
            )
            for bar in tl.bars_of(group):
                self._bar(
                    painter,
                    bar,
                    QRectF(
                        x(bar.start), y + 2, x(bar.end) - x(bar.start) - 2, row - theme.SPACE_XS - 2
                    ),
                    tl,
                )
        painter.setFont(self.font())
        axis_y = top + len(tl.rows()) * row + theme.SPACE_XS
        self._axis(painter, tl, x, axis_y, line)
        # Known dates: diamonds on the axis.
        for known in tl.known_dates:
            cx = x(known.when)
            size = line / 3
            diamond = QPolygonF(
                [
                    QPointF(cx, axis_y - size),
                    QPointF(cx + size, axis_y),
                    QPointF(cx, axis_y + size),
                    QPointF(cx - size, axis_y),
                ]
            )
            painter.setPen(QPen(QColor(p.text), 1))
            painter.setBrush(QColor(p.warning_text))
            painter.drawPolygon(diamond)
        # You are here.
        here = x(tl.today)
        painter.setPen(QPen(QColor(p.text), 2))
        painter.drawLine(QPointF(here, top - 2), QPointF(here, axis_y))
        label = _("You are here")
        fm = QFontMetrics(self.font())
        text_w = fm.horizontalAdvance(label)
        lx = min(max(here - text_w / 2, 0), self.width() - text_w)
        painter.setPen(QColor(p.text))
        painter.drawText(QRectF(lx, 0, text_w + 2, line), Qt.AlignmentFlag.AlignLeft, label)
        self._legend(painter, axis_y + line * 2, line)
        painter.end()

    def _bar(self, painter: QPainter, bar: Bar, rect: QRectF, tl: Timeline) -> None:
        p = theme.current()
        colour = QColor(
            p.preparatory if bar.kind == "preparatory" else p.clusters[(bar.cluster or 1) - 1]
        )
        current = tl.current_bar() == bar
        text = "P" if bar.kind == "preparatory" else str(bar.cluster)
        if bar.verified:
            painter.setPen(QPen(colour, 1))
            painter.setBrush(colour)
            painter.drawRoundedRect(rect, 3, 3)
            text_colour = QColor(p.on_clusters)
        else:
            painter.setBrush(QColor(p.surface))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(rect, 3, 3)
            painter.setBrush(QBrush(colour, Qt.BrushStyle.BDiagPattern))
            pen = QPen(colour, 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRoundedRect(rect, 3, 3)
            text_colour = QColor(p.text)
            # A small solid chip behind the number keeps it readable over the hatching.
            fm = QFontMetrics(painter.font())
            chip_w = fm.horizontalAdvance(text) + theme.SPACE_S
            chip = QRectF(rect.center().x() - chip_w / 2, rect.top() + 2, chip_w, rect.height() - 4)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(p.surface))
            painter.drawRect(chip)
        if current:
            painter.setPen(QPen(QColor(p.text), 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 3, 3)
        painter.setPen(text_colour)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _axis(self, painter: QPainter, tl: Timeline, x, y: float, line: int) -> None:  # noqa: ANN001
        p = theme.current()
        painter.setPen(QPen(QColor(p.border), 1))
        painter.drawLine(QPointF(x(tl.start), y), QPointF(x(tl.end), y))
        fm = QFontMetrics(self.font())
        step = (
            1 if (x(date(2001, 1, 1)) - x(date(2000, 1, 1))) > fm.horizontalAdvance("2000 ") else 2
        )
        painter.setPen(QColor(p.muted_text))
        for year in range(tl.start.year, tl.end.year + 1, step):
            px = x(date(year, 1, 1))
            painter.drawLine(QPointF(px, y - 3), QPointF(px, y + 3))
            w = fm.horizontalAdvance(str(year))
            if px + w / 2 <= self.width():
                painter.drawText(
                    QRectF(px - w / 2, y + 4, w + 2, line), Qt.AlignmentFlag.AlignCenter, str(year)
                )

    def _legend(self, painter: QPainter, y: float, line: int) -> None:
        fm = QFontMetrics(self.font())
        cx = float(theme.SPACE_XS)
        items = (
            (_("Verified dates"), "solid"),
            (_("Theoretical plan, unverified"), "hatched"),
            (_("You are here"), "line"),
            (_("Your dates"), "diamond"),
            (_("P: preparatory phase; 1 to 4: the clusters"), "key"),
        )
        for text, kind in items:
            w = fm.horizontalAdvance(text)
            needed = line * 1.4 + theme.SPACE_XS + w
            if cx + needed > self.width() and cx > theme.SPACE_XS:
                # Wrap the legend rather than clip it (narrow windows, 200 % scaling, long French).
                y += line + theme.SPACE_XS
                cx = float(theme.SPACE_XS)
            swatch = QRectF(cx, y + 2, line * 1.4, line - 4)
            self._swatch(painter, kind, swatch, line)
            cx += swatch.width() + theme.SPACE_XS
            painter.setPen(QColor(theme.current().text))
            painter.drawText(QRectF(cx, y, w + 2, line), Qt.AlignmentFlag.AlignVCenter, text)
            cx += w + theme.SPACE_L

    @staticmethod
    def _swatch(painter: QPainter, kind: str, swatch: QRectF, line: int) -> None:
        p = theme.current()
        colour = QColor(p.clusters[0])
        if kind == "solid":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRect(swatch)
        elif kind == "hatched":
            painter.setBrush(QBrush(colour, Qt.BrushStyle.BDiagPattern))
            painter.setPen(QPen(colour, 1.5, Qt.PenStyle.DashLine))
            painter.drawRect(swatch)
        elif kind == "line":
            painter.setPen(QPen(QColor(p.text), 2))
            painter.drawLine(
                QPointF(swatch.center().x(), swatch.top()),
                QPointF(swatch.center().x(), swatch.bottom()),
            )
        elif kind == "diamond":
            c, s = swatch.center(), (line - 4) / 2
            painter.setPen(QPen(QColor(p.text), 1))
            painter.setBrush(QColor(p.warning_text))
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(c.x(), c.y() - s),
                        QPointF(c.x() + s, c.y()),
                        QPointF(c.x(), c.y() + s),
                        QPointF(c.x() - s, c.y()),
                    ]
                )
            )


def phases(tl: Timeline) -> str:
    """The phases the picture draws, with their dates, for the State's group (every group when
    nobody knows it): what the bars say to a sighted user."""
    lang = current_language()
    groups = [tl.group] if tl.group is not None else tl.rows()
    sentences = []
    for group in groups:
        items = []
        for bar in tl.bars_of(group):
            when = _("{start} to {end}").format(
                start=format_date(bar.start, "medium", locale=lang),
                end=format_date(bar.end, "medium", locale=lang),
            )
            if bar.kind == "cluster" and bar.cluster:
                what = _("cluster {number}").format(number=bar.cluster)
            else:
                what = _("preparatory phase")
            items.append(labelled(what, when, lang))
        if items:
            sentences.append(
                _("Group {group}'s plan: {phases}.").format(group=group, phases=series(items, lang))
            )
    return " ".join(sentences)


class TimelineView(QWidget):
    """The picture and its text twin: the summary label is what a screen reader reads."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        # A Tab stop read by its own text (issue 22): the picture's words, reachable by keyboard.
        self.summary.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.canvas = TimelineCanvas()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.SPACE_S)
        layout.addWidget(self.summary)
        layout.addWidget(self.canvas)
        self.retranslate()

    def set_timeline(self, tl: Timeline | None) -> None:
        self.canvas.set_timeline(tl)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        tl = self.canvas.timeline
        text = summary(tl) if tl is not None else ""
        self.summary.setText(text)
        self.canvas.setAccessibleName(_("Review timeline picture"))
        # What the picture draws, in words: the summary, then each phase with its dates.
        described = " ".join(part for part in (text, phases(tl) if tl is not None else "") if part)
        self.canvas.setAccessibleDescription(described)
        self.canvas.setToolTip(text)
        theme.set_role(self.summary, "warning" if tl is not None and tl.group is None else "")
        self.summary.setAccessibleName("")  # its name is the text it shows
        self.summary.setAccessibleDescription(phases(tl) if tl is not None else "")
