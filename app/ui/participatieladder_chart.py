"""A small chart of the participatieladder over time: a step line of the rung (1–6) against
the date, with the six rungs named on the left (diagnoses.TREDEN).

The chart only paints plain values it is given (`set_scores`); it reads nothing itself. With
no scores it says so in words. What it shows is also its accessible description, so a screen
reader user gets the same information as a list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.services.diagnoses import TREDEN
from app.services.text import format_date

LINE_COLOR = QColor("#1a73e8")
GRID_COLOR = QColor("#dadce0")
TEXT_COLOR = QColor("#3c4043")
MUTED_COLOR = QColor("#5f6368")
MARGIN = 10
POINT_RADIUS = 4.0
# A single score, or scores on one day, still get a readable width of time.
MIN_SPAN_DAYS = 30


class ParticipatieladderChart(QWidget):
    """Step line of rung against date; `set_scores([(datum, trede), …])`, oldest first."""

    def __init__(self, parent: QWidget | None = None, *,
                 treden: Mapping[int, str] = TREDEN) -> None:  # fmt: skip
        super().__init__(parent)
        self._treden = dict(treden)
        self._scores: list[tuple[date, int]] = []
        self._end: date | None = None
        self.empty_text = self.tr(
            "Nog geen scores op de participatieladder. Een score laat zien hoe de inwoner "
            "meedoet, van geïsoleerd (trede 1) tot betaald werk (trede 6)."
        )
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(180)
        self.setAccessibleName(self.tr("Participatieladder over de tijd"))
        self._describe()

    # --- data -----------------------------------------------------------------------------

    def set_scores(self, scores: Sequence[tuple[date, int]], *, tot: date | None = None) -> None:
        """The scores (date, rung), in any order; the line runs on to `tot` (e.g. today)."""
        self._scores = sorted(((d, t) for d, t in scores if t in self._treden),
                              key=lambda s: s[0])  # fmt: skip
        self._end = tot
        self._describe()
        self.update()

    def scores(self) -> list[tuple[date, int]]:
        return list(self._scores)

    def is_empty(self) -> bool:
        return not self._scores

    def _describe(self) -> None:
        if not self._scores:
            text = self.empty_text
        else:
            text = "; ".join(
                self.tr("{datum}: trede {n} ({naam})").format(
                    datum=format_date(d), n=t, naam=self._treden[t]
                )
                for d, t in self._scores
            )
        self.setAccessibleDescription(text)
        self.setToolTip(text if self._scores else "")

    # --- geometry -------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(640, 240)

    def minimumSizeHint(self) -> QSize:
        return QSize(320, 180)

    def _labels(self) -> list[tuple[int, str]]:
        return [(n, f"{n}  {naam}") for n, naam in sorted(self._treden.items())]

    def plot_rect(self) -> QRectF:
        """The area the line is drawn in (inside the rung labels and the date axis)."""
        metrics = QFontMetrics(self.font())
        label_width = max((metrics.horizontalAdvance(t) for _n, t in self._labels()), default=0)
        label_width = min(label_width, int(self.width() * 0.45))
        left = MARGIN + label_width + 12
        bottom = self.height() - MARGIN - metrics.height() - 6
        return QRectF(left, MARGIN, max(self.width() - left - MARGIN - 8, 10),
                      max(bottom - MARGIN, 10))  # fmt: skip

    def _span(self) -> tuple[date, date]:
        start = self._scores[0][0]
        end = max(self._scores[-1][0], self._end or self._scores[-1][0])
        if (end - start).days < MIN_SPAN_DAYS:
            end = start + timedelta(days=MIN_SPAN_DAYS)
        return start, end

    def y_of(self, trede: int) -> float:
        """The vertical centre of a rung: rung 1 at the bottom, 6 at the top."""
        plot = self.plot_rect()
        count = len(self._treden) or 1
        return plot.bottom() - (trede - 0.5) * plot.height() / count

    def x_of(self, day: date) -> float:
        plot = self.plot_rect()
        start, end = self._span()
        return plot.left() + (day - start).days / max((end - start).days, 1) * plot.width()

    def points(self) -> list[QPointF]:
        """Where each score is drawn (for the tests and the tooltip)."""
        if not self._scores:
            return []
        return [QPointF(self.x_of(d), self.y_of(t)) for d, t in self._scores]

    # --- painting -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            if not self._scores:
                painter.setPen(MUTED_COLOR)
                painter.drawText(
                    QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN),
                    Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                    self.empty_text,
                )
                return
            self._paint_axes(painter)
            self._paint_line(painter)
        finally:
            painter.end()

    def _paint_axes(self, painter: QPainter) -> None:
        plot = self.plot_rect()
        metrics = QFontMetrics(self.font())
        band = plot.height() / (len(self._treden) or 1)
        for n, text in self._labels():
            y = self.y_of(n)
            painter.setPen(QPen(GRID_COLOR, 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(TEXT_COLOR)
            label = metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                       int(plot.left() - MARGIN - 12))  # fmt: skip
            painter.drawText(
                QRectF(MARGIN, y - band / 2, plot.left() - MARGIN - 12, band),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        painter.setPen(QPen(GRID_COLOR, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        # Dates: the first and the last point of the time axis.
        start, end = self._span()
        painter.setPen(MUTED_COLOR)
        top = plot.bottom() + 4
        height = metrics.height() + 2
        painter.drawText(QRectF(plot.left(), top, plot.width() / 2, height),
                         Qt.AlignmentFlag.AlignLeft, format_date(start))  # fmt: skip
        painter.drawText(QRectF(plot.center().x(), top, plot.width() / 2, height),
                         Qt.AlignmentFlag.AlignRight, format_date(end))  # fmt: skip

    def _paint_line(self, painter: QPainter) -> None:
        points = self.points()
        _start, end = self._span()
        painter.setPen(QPen(LINE_COLOR, 2.5))
        for here, there in pairwise(points):
            corner = QPointF(there.x(), here.y())
            painter.drawLine(here, corner)
            painter.drawLine(corner, there)
        last = points[-1]
        painter.drawLine(last, QPointF(self.x_of(end), last.y()))
        painter.setBrush(LINE_COLOR)
        for point in points:
            painter.drawEllipse(point, POINT_RADIUS, POINT_RADIUS)
