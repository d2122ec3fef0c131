"""A small typed registry over QSettings.

Every remembered value is declared once as a `Setting` with its key, type and default, so the
keys are not scattered as strings over the code and a wrong type never reaches a widget.
Settings are stored per user under organisation and application "Koers".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

ORGANISATION = "Koers"
APPLICATION = "Koers"

REGISTRY: dict[str, Setting] = {}


def qsettings() -> QSettings:
    """The user's settings store (the default format, so tests can redirect it)."""
    return QSettings(
        QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type
    default: T

    def __post_init__(self) -> None:
        if self.key in REGISTRY:
            raise ValueError(f"setting {self.key!r} is declared twice")
        REGISTRY[self.key] = self

    def get(self) -> T:
        store = qsettings()
        if not store.contains(self.key):
            return self.default
        try:
            value = store.value(self.key, self.default, type=self.type)
        except (TypeError, ValueError):
            return self.default
        return value if isinstance(value, self.type) else self.default

    def set(self, value: T) -> None:
        store = qsettings()
        store.setValue(self.key, value)
        store.sync()

    def reset(self) -> None:
        store = qsettings()
        store.remove(self.key)
        store.sync()


MAIN_WINDOW_GEOMETRY: Setting[QByteArray] = Setting("mainwindow/geometry", QByteArray, QByteArray())
INWONER_LIST_HEADER: Setting[QByteArray] = Setting(
    "inwoners/header_state", QByteArray, QByteArray()
)
CONTACT_LIST_HEADER: Setting[QByteArray] = Setting(
    "contactjournaal/header_state", QByteArray, QByteArray()
)
WERKVOORRAAD_HEADER: Setting[QByteArray] = Setting(
    "werkvoorraad/header_state", QByteArray, QByteArray()
)
