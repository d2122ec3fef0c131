"""A small chart of the loonwaarde over time: a line of the percentage (0–100) against the
date of each measurement, with the value written at each point. See DateChart for what every
chart of Koers shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QWidget

from app.ui.date_chart import (
    GRID_COLOR,
    LINE_COLOR,
    MARGIN,
    MIN_SPAN_DAYS,
    POINT_RADIUS,
    TEXT_COLOR,
    DateChart,
)

LIJNEN = (0, 25, 50, 75, 100)


class LoonwaardeChart(DateChart):
    """Loonwaarde % against date; `set_punten([(datum, loonwaarde), …])`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            name=self.tr("Loonwaarde over de tijd"),
            empty_text=self.tr(
                "Nog geen loonwaardemetingen. Na de eerste meting ziet u hier hoe de loonwaarde "
                "zich ontwikkelt."
            ),
            minimum_height=150, parent=parent,
        )  # fmt: skip

    def set_punten(self, punten: Sequence[tuple[date, int]]) -> None:
        self._set_values(punten)

    def punten(self) -> list[tuple[date, int]]:
        return list(self._values)

    def describe(self, waarde: int) -> str:
        return f"{waarde} %"

    def sizeHint(self) -> QSize:
        return QSize(480, 200)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 150)

    def plot_rect(self) -> QRectF:
        metrics = QFontMetrics(self.font())
        left = MARGIN + metrics.horizontalAdvance("100 %") + 8
        top = MARGIN + metrics.height()  # room for the value above the highest point
        bottom = self.height() - MARGIN - metrics.height() - 6
        return QRectF(left, top, max(self.width() - left - MARGIN - 16, 10),
                      max(bottom - top, 10))  # fmt: skip

    def _span(self) -> tuple[date, date]:
        """A short span is centred on its values, so one measurement sits in the middle."""
        start, end = self._values[0][0], self._values[-1][0]
        if (end - start).days < MIN_SPAN_DAYS:
            start -= timedelta(days=MIN_SPAN_DAYS // 2)
            end = start + timedelta(days=MIN_SPAN_DAYS)
        return start, end

    def y_of(self, waarde: int) -> float:
        plot = self.plot_rect()
        return plot.bottom() - max(0, min(waarde, 100)) / 100 * plot.height()

    def _paint_axes(self, painter: QPainter) -> None:
        plot = self.plot_rect()
        metrics = QFontMetrics(self.font())
        for waarde in LIJNEN:
            y = self.y_of(waarde)
            painter.setPen(QPen(GRID_COLOR, 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(TEXT_COLOR)
            painter.drawText(
                QRectF(MARGIN, y - metrics.height() / 2, plot.left() - MARGIN - 6,
                       metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{waarde} %",
            )  # fmt: skip
        self._paint_dates(painter, plot, metrics.height() + 2)

    def _paint_line(self, painter: QPainter) -> None:
        points = self.points()
        metrics = QFontMetrics(self.font())
        painter.setPen(QPen(LINE_COLOR, 2.5))
        for here, there in pairwise(points):
            painter.drawLine(here, there)
        painter.setBrush(LINE_COLOR)
        for point in points:
            painter.drawEllipse(point, POINT_RADIUS, POINT_RADIUS)
        painter.setPen(TEXT_COLOR)
        for point, (_d, waarde) in zip(points, self._values, strict=True):
            text = f"{waarde} %"
            width = metrics.horizontalAdvance(text) + 4
            painter.drawText(QRectF(point.x() - width / 2, point.y() - metrics.height() - 4,
                                    width, metrics.height()),
                             Qt.AlignmentFlag.AlignCenter, text)  # fmt: skip
