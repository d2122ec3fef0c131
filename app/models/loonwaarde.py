"""Loonwaardemeting (wage-value measurement) with its task list, and the dated reference data
the LKS calculation reads: the minimum wage with its youth percentages and the werkgeverslasten
percentage (rules.md §2–3, brief §5.1–5.2)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Bewerkbaar
from app.models.enums import KoersEnum, enum_type
from app.models.inwoner import Werkgever
from app.models.medewerker import Medewerker


class Minimumloon(Base):
    """The statutory minimum hourly wage from 21 years, from a date on (hourly since 2024)."""

    __tablename__ = "minimumloon"

    geldig_van: Mapped[date] = mapped_column(Date, primary_key=True)
    uurloon: Mapped[Decimal] = mapped_column(Numeric(8, 2))


class MinimumloonJeugd(Base):
    """The youth percentage of the adult minimum wage per age, from a date on."""

    __tablename__ = "minimumloon_jeugd"

    geldig_van: Mapped[date] = mapped_column(Date, primary_key=True)
    leeftijd: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    percentage: Mapped[Decimal] = mapped_column(Numeric(5, 2))


class Werkgeverslasten(Base):
    """The allowance for employer's costs on top of LKS, as a percentage, from a date on."""

    __tablename__ = "werkgeverslasten"

    geldig_van: Mapped[date] = mapped_column(Date, primary_key=True)
    percentage: Mapped[Decimal] = mapped_column(Numeric(5, 2))


class Meetmethode(KoersEnum):
    UNIFORME_METHODE = "UNIFORME_METHODE", "Uniforme methode loonwaardebepaling"
    DARIUZ = "DARIUZ", "Dariuz"
    ANDERS = "ANDERS", "Andere methode"


class Aanleiding(KoersEnum):
    LKS = "LKS", "Loonkostensubsidie"
    BSW = "BSW", "Beschut werk"
    BEGELEID_WERKEN = "BEGELEID_WERKEN", "Begeleid werken"
    HERBEOORDELING = "HERBEOORDELING", "Herbeoordeling"


class Loonwaardemeting(Bewerkbaar, Base):
    __tablename__ = "loonwaardemeting"
    __table_args__ = (
        Index("ix_loonwaardemeting_inwoner_datum", "inwoner_id", "datum"),
        Index("ix_loonwaardemeting_volgende_meting", "volgende_meting"),
    )

    inwoner_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("inwoner.id", ondelete="CASCADE")
    )
    datum: Mapped[date] = mapped_column(Date)
    methode: Mapped[Meetmethode] = mapped_column(enum_type(Meetmethode))
    aanleiding: Mapped[Aanleiding] = mapped_column(enum_type(Aanleiding))
    meter: Mapped[str] = mapped_column(String(200))
    meter_organisatie: Mapped[str] = mapped_column(String(200))
    werkgever_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("werkgever.id"))
    werkplek: Mapped[str] = mapped_column(String(200))
    normfunctie: Mapped[str] = mapped_column(String(200))
    uren_per_week: Mapped[Decimal] = mapped_column(Numeric(4, 1))
    berekende_loonwaarde: Mapped[int] = mapped_column(Integer)
    # An override for settings where the method measures too high (rules.md §3), with a reason.
    vastgestelde_loonwaarde: Mapped[int | None] = mapped_column(Integer)
    reden_vastgesteld: Mapped[str | None] = mapped_column(Text)
    volgende_meting: Mapped[date] = mapped_column(Date)
    vastgelegd_door_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("medewerker.id"))

    werkgever: Mapped[Werkgever | None] = relationship()
    vastgelegd_door: Mapped[Medewerker] = relationship()
    taken: Mapped[list[LoonwaardeTaak]] = relationship(
        cascade="all, delete-orphan", order_by="LoonwaardeTaak.volgorde"
    )

    @property
    def loonwaarde(self) -> int:
        """The wage value that counts: the vastgestelde one when set, else the measured one."""
        if self.vastgestelde_loonwaarde is not None:
            return self.vastgestelde_loonwaarde
        return self.berekende_loonwaarde


class LoonwaardeTaak(Base):
    """One task of the job with its share of the work and the employee's scores on it, each a
    percentage of the normfunctie."""

    __tablename__ = "loonwaarde_taak"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    meting_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("loonwaardemeting.id", ondelete="CASCADE"), index=True
    )
    volgorde: Mapped[int] = mapped_column(Integer)
    omschrijving: Mapped[str] = mapped_column(String(200))
    aandeel: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    kwaliteit: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    tempo: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    inzetbaarheid: Mapped[Decimal] = mapped_column(Numeric(5, 2))


class Taakstelling(Base):
    """A municipality's quota of beschut-werk places for a year, in FTE of 31 hours (brief
    §5.3); a BSW placement beyond it warns but is not refused (rule 18)."""

    __tablename__ = "taakstelling"

    gemeente_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("gemeente.id"), primary_key=True
    )
    jaar: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    fte_31u: Mapped[Decimal] = mapped_column(Numeric(6, 1))
