"""Reporting (brief §7): the KPI targets per year and the short explanations a team lead writes
in the periodic report to a municipality.

Targets: many target values are missing in the sources, so a KPI shows its actual figure and a
target only where a functioneel beheerder set one.

Explanations: one text per municipality, period and section of the report (`onderdeel`, a key
such as "werk" or "schuldhulp"), with who last changed it; `versie` catches two team leads
editing the same text at once. They hold no personal data: they explain figures.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, Numeric, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Bewerkbaar
from app.models.medewerker import Medewerker
from app.models.organisatie import Gemeente


class KpiDoel(Base):
    __tablename__ = "kpi_doel"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    jaar: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    doelwaarde: Mapped[Decimal] = mapped_column(Numeric(10, 2))


class Rapporttoelichting(Bewerkbaar, Base):
    """The explanation of one section of the report of one municipality over one period."""

    __tablename__ = "rapporttoelichting"
    __table_args__ = (UniqueConstraint("gemeente_id", "periode", "onderdeel"),)

    gemeente_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("gemeente.id"))
    periode: Mapped[str] = mapped_column(String(32))  # Periode.naam: "2026-T1", "2026" …
    onderdeel: Mapped[str] = mapped_column(String(32))
    tekst: Mapped[str] = mapped_column(Text)
    gewijzigd_door_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("medewerker.id"))

    gemeente: Mapped[Gemeente] = relationship()
    gewijzigd_door: Mapped[Medewerker] = relationship()
