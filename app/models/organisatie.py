"""Reference data: the executing organisations, municipalities (with their successors after a
merger) and teams."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Bewerkbaar, Naam
from app.models.enums import GemeenteRol, OrganisatieType, TeamType, enum_type


class Organisatie(Bewerkbaar, Base):
    __tablename__ = "organisatie"

    naam: Mapped[Naam] = mapped_column(unique=True)
    type: Mapped[OrganisatieType] = mapped_column(enum_type(OrganisatieType))
    geldig_van: Mapped[date | None] = mapped_column(Date)
    geldig_tot: Mapped[date | None] = mapped_column(Date)

    gemeenten: Mapped[list[Gemeente]] = relationship(back_populates="organisatie")
    teams: Mapped[list[Team]] = relationship(back_populates="organisatie")


class Gemeente(Bewerkbaar, Base):
    """A municipality as it was at the time; `opvolger` points at the municipality it merged
    into, so older records can be reported under today's municipality (brief §9.4 rule 29)."""

    __tablename__ = "gemeente"

    naam: Mapped[Naam] = mapped_column(unique=True)
    cbs_code: Mapped[str | None] = mapped_column(String(6), unique=True)
    organisatie_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("organisatie.id"))
    rol: Mapped[GemeenteRol] = mapped_column(enum_type(GemeenteRol))
    deelnemer_sinds: Mapped[date | None] = mapped_column(Date)
    deelnemer_tot: Mapped[date | None] = mapped_column(Date)
    opvolger_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("gemeente.id"))
    inwonertal: Mapped[int | None] = mapped_column(Integer)
    # Months until a loonwaardemeting is due again: local policy (rules.md §3, default 12).
    herbeoordeling_maanden: Mapped[int] = mapped_column(Integer, server_default="12")
    # Weeks for the Wgs beschikking after the aanvraag, unless a verordening set another term
    # (rules.md §4, default 8).
    beschikking_weken: Mapped[int] = mapped_column(Integer, server_default="8")

    organisatie: Mapped[Organisatie | None] = relationship(back_populates="gemeenten")
    opvolger: Mapped[Gemeente | None] = relationship(remote_side="Gemeente.id")

    def huidige(self) -> Gemeente:
        """Today's municipality: follow the chain of mergers to its end."""
        gemeente, seen = self, set()
        while gemeente.opvolger is not None and gemeente.id not in seen:
            seen.add(gemeente.id)
            gemeente = gemeente.opvolger
        return gemeente


class Team(Bewerkbaar, Base):
    __tablename__ = "team"

    organisatie_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("organisatie.id"))
    naam: Mapped[Naam]
    type: Mapped[TeamType] = mapped_column(enum_type(TeamType))
    gemeente_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("gemeente.id"))

    organisatie: Mapped[Organisatie] = relationship(back_populates="teams")
    gemeente: Mapped[Gemeente | None] = relationship()
