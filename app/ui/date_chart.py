"""The base of Koers's small charts of a value against dates (participatieladder, loonwaarde).

A chart only paints plain values it is given (`_set_values`); it reads nothing itself. With no
values it says so in words, and what it shows is also its accessible description and tooltip,
so a screen-reader user gets the same information as a list. Subclasses say how a value is
described (`describe`) and where it goes (`y_of`, `plot_rect`), and paint axes and line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.services.text import format_date
from app.ui.widgets import require_methods

LINE_COLOR = QColor("#1a73e8")
GRID_COLOR = QColor("#dadce0")
TEXT_COLOR = QColor("#3c4043")
MUTED_COLOR = QColor("#5f6368")
MARGIN = 10
POINT_RADIUS = 4.0
# A single value, or values on one day, still get a readable width of time.
MIN_SPAN_DAYS = 30


class DateChart(QWidget):
    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        require_methods(cls, "describe", "y_of", "plot_rect", "_paint_axes", "_paint_line")

    def __init__(self, *, name: str, empty_text: str, minimum_height: int,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._values: list[tuple[date, int]] = []
        self.empty_text = empty_text
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(minimum_height)
        self.setAccessibleName(name)
        self._describe()

    def _set_values(self, values: Sequence[tuple[date, int]]) -> None:
        self._values = sorted(values, key=lambda v: v[0])
        self._describe()
        self.update()

    def is_empty(self) -> bool:
        return not self._values

    def _describe(self) -> None:
        text = "; ".join(f"{format_date(d)}: {self.describe(v)}" for d, v in self._values)
        self.setAccessibleDescription(text or self.empty_text)
        self.setToolTip(text)

    def _span(self) -> tuple[date, date]:
        """The time axis: first to last value, at least MIN_SPAN_DAYS wide."""
        start, end = self._values[0][0], self._values[-1][0]
        if (end - start).days < MIN_SPAN_DAYS:
            end = start + timedelta(days=MIN_SPAN_DAYS)
        return start, end

    def x_of(self, day: date) -> float:
        plot = self.plot_rect()
        start, end = self._span()
        return plot.left() + (day - start).days / max((end - start).days, 1) * plot.width()

    def points(self) -> list[QPointF]:
        """Where each value is drawn (for the tests and the tooltip)."""
        return [QPointF(self.x_of(d), self.y_of(v)) for d, v in self._values]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            if not self._values:
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

    def _paint_dates(self, painter: QPainter, plot: QRectF, height: float) -> None:
        """The first and the last date of the time axis, under the plot."""
        start, end = self._span()
        painter.setPen(MUTED_COLOR)
        top = plot.bottom() + 4
        painter.drawText(QRectF(plot.left(), top, plot.width() / 2, height),
                         Qt.AlignmentFlag.AlignLeft, format_date(start))  # fmt: skip
        painter.drawText(QRectF(plot.center().x(), top, plot.width() / 2, height),
                         Qt.AlignmentFlag.AlignRight, format_date(end))  # fmt: skip
