"""`RefreshWhenShown`: how the start tabs follow the application's change signals.

A view that shows data others change (the werkvoorraad, the schuldhulp overview, the report
pages) refreshes right after the current event while it is visible, and otherwise only the next
time it is shown, so a hidden tab costs nothing while someone works elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent


class RefreshWhenShown:
    """Mixin for a QWidget: call `_init_refresh` in __init__, `_refresh_soon()` on a change,
    and `_refreshed()` when the view starts loading."""

    _stale: bool
    _refresh_timer: QTimer
    _refresh_slot: Callable[[], object]

    def _init_refresh(self, slot: Callable[[], object], *, stale: bool) -> None:
        """`slot` reloads the view; `stale`: load when first shown."""
        self._stale = stale
        self._refresh_slot = slot
        self._refresh_timer = QTimer(self)  # type: ignore[arg-type]
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)  # after the change's own event, batched
        self._refresh_timer.timeout.connect(slot)

    def _refresh_soon(self) -> None:
        if self.isVisible():  # type: ignore[attr-defined]
            self._refresh_timer.start()
        else:
            self._stale = True

    def _refreshed(self) -> None:
        self._refresh_timer.stop()
        self._stale = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # type: ignore[misc]
        if self._stale:
            self._refresh_slot()
