"""A small chart of the participatieladder over time: a step line of the rung (1–6) against
the date, with the six rungs named on the left (diagnoses.TREDEN). See DateChart for what every
chart of Koers shares (plain values in, an empty state in words, an accessible description).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QWidget

from app.services.diagnoses import TREDEN
from app.ui.date_chart import (
    GRID_COLOR,
    LINE_COLOR,
    MARGIN,
    POINT_RADIUS,
    TEXT_COLOR,
    DateChart,
)


class ParticipatieladderChart(DateChart):
    """Step line of rung against date; `set_scores([(datum, trede), …])`, oldest first."""

    def __init__(self, parent: QWidget | None = None, *,
                 treden: Mapping[int, str] = TREDEN) -> None:  # fmt: skip
        self._treden = dict(treden)
        self._end: date | None = None
        super().__init__(
            name=self.tr("Participatieladder over de tijd"),
            empty_text=self.tr(
                "Nog geen scores op de participatieladder. Een score laat zien hoe de inwoner "
                "meedoet, van geïsoleerd (trede 1) tot betaald werk (trede 6)."
            ),
            minimum_height=180, parent=parent,
        )  # fmt: skip

    def set_scores(self, scores: Sequence[tuple[date, int]], *, tot: date | None = None) -> None:
        """The scores (date, rung), in any order; the line runs on to `tot` (e.g. today)."""
        self._end = tot
        self._set_values([(d, t) for d, t in scores if t in self._treden])

    def scores(self) -> list[tuple[date, int]]:
        return list(self._values)

    def describe(self, trede: int) -> str:
        return self.tr("trede {n} ({naam})").format(n=trede, naam=self._treden[trede])

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
        start, end = super()._span()
        return start, max(end, self._end or end)

    def y_of(self, trede: int) -> float:
        """The vertical centre of a rung: rung 1 at the bottom, 6 at the top."""
        plot = self.plot_rect()
        count = len(self._treden) or 1
        return plot.bottom() - (trede - 0.5) * plot.height() / count

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
        self._paint_dates(painter, plot, metrics.height() + 2)

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
