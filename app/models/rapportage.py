"""Targets for the KPIs per year (brief §7.2). Many target values are missing in the sources,
so a KPI shows its actual figure and a target only where a functioneel beheerder set one."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class KpiDoel(Base):
    __tablename__ = "kpi_doel"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    jaar: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    doelwaarde: Mapped[Decimal] = mapped_column(Numeric(10, 2))
