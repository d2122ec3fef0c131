"""A small chart of the loonwaarde over time: a line of the percentage (0–100) against the
date of each measurement, with the value written at each point.

Like the participatieladder chart it only paints plain values it is given (`set_punten`);
with none it says so in words, and what it shows is also its accessible description.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.services.text import format_date
from app.ui.participatieladder_chart import (
    GRID_COLOR,
    LINE_COLOR,
    MARGIN,
    MIN_SPAN_DAYS,
    MUTED_COLOR,
    POINT_RADIUS,
    TEXT_COLOR,
)

LIJNEN = (0, 25, 50, 75, 100)


class LoonwaardeChart(QWidget):
    """Loonwaarde % against date; `set_punten([(datum, loonwaarde), …])`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._punten: list[tuple[date, int]] = []
        self.empty_text = self.tr(
            "Nog geen loonwaardemetingen. Na de eerste meting ziet u hier hoe de loonwaarde "
            "zich ontwikkelt."
        )
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(150)
        self.setAccessibleName(self.tr("Loonwaarde over de tijd"))
        self._describe()

    def set_punten(self, punten: Sequence[tuple[date, int]]) -> None:
        self._punten = sorted(punten, key=lambda p: p[0])
        self._describe()
        self.update()

    def punten(self) -> list[tuple[date, int]]:
        return list(self._punten)

    def is_empty(self) -> bool:
        return not self._punten

    def _describe(self) -> None:
        if not self._punten:
            text = self.empty_text
        else:
            text = "; ".join(
                self.tr("{datum}: {waarde} %").format(datum=format_date(d), waarde=w)
                for d, w in self._punten
            )
        self.setAccessibleDescription(text)
        self.setToolTip(text if self._punten else "")

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
        start, end = self._punten[0][0], self._punten[-1][0]
        if (end - start).days < MIN_SPAN_DAYS:
            start -= timedelta(days=MIN_SPAN_DAYS // 2)
            end = start + timedelta(days=MIN_SPAN_DAYS)
        return start, end

    def y_of(self, waarde: int) -> float:
        plot = self.plot_rect()
        return plot.bottom() - max(0, min(waarde, 100)) / 100 * plot.height()

    def x_of(self, day: date) -> float:
        plot = self.plot_rect()
        start, end = self._span()
        return plot.left() + (day - start).days / max((end - start).days, 1) * plot.width()

    def points(self) -> list[QPointF]:
        return [QPointF(self.x_of(d), self.y_of(w)) for d, w in self._punten]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            if not self._punten:
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
        metrics = QFontMetrics(self.font())
        painter.setPen(QPen(LINE_COLOR, 2.5))
        for here, there in pairwise(points):
            painter.drawLine(here, there)
        painter.setBrush(LINE_COLOR)
        for point in points:
            painter.drawEllipse(point, POINT_RADIUS, POINT_RADIUS)
        painter.setPen(TEXT_COLOR)
        for point, (_d, waarde) in zip(points, self._punten, strict=True):
            text = f"{waarde} %"
            width = metrics.horizontalAdvance(text) + 4
            painter.drawText(QRectF(point.x() - width / 2, point.y() - metrics.height() - 4,
                                    width, metrics.height()),
                             Qt.AlignmentFlag.AlignCenter, text)  # fmt: skip
