"""Medewerker: a professional who uses Koers, with one or more roles."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, Uuid, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Bewerkbaar, Naam, UTCDateTime, UuidPk
from app.models.enums import Rol, enum_type
from app.models.organisatie import Gemeente, Team


class Medewerker(Bewerkbaar, Base):
    __tablename__ = "medewerker"

    naam: Mapped[Naam]
    gebruikersnaam: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    team_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("team.id"), index=True)
    actief: Mapped[bool] = mapped_column(Boolean, server_default=true())
    # A klantmanager gemeente sees the inwoners of this municipality (read-only).
    gemeente_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("gemeente.id"))
    # Argon2 hash; never the password itself. None: this account cannot sign in.
    wachtwoord_hash: Mapped[str | None] = mapped_column(String(200))
    mislukte_pogingen: Mapped[int] = mapped_column(Integer, server_default="0")
    geblokkeerd_tot: Mapped[datetime | None] = mapped_column(UTCDateTime)

    team: Mapped[Team | None] = relationship()
    gemeente: Mapped[Gemeente | None] = relationship()
    rol_toewijzingen: Mapped[list[MedewerkerRol]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def rollen(self) -> frozenset[Rol]:
        return frozenset(t.rol for t in self.rol_toewijzingen)


class MedewerkerRol(Base):
    __tablename__ = "medewerker_rol"
    __table_args__ = (UniqueConstraint("medewerker_id", "rol"),)

    id: Mapped[UuidPk]
    medewerker_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("medewerker.id", ondelete="CASCADE")
    )
    rol: Mapped[Rol] = mapped_column(enum_type(Rol))
