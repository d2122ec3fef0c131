"""Contactmoment: one entry in an inwoner's contact journal."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Text, Uuid, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Bewerkbaar
from app.models.enums import Kanaal, enum_type
from app.models.medewerker import Medewerker


class Contactmoment(Bewerkbaar, Base):
    __tablename__ = "contactmoment"
    __table_args__ = (
        # The journal is read per inwoner, newest first.
        Index("ix_contactmoment_inwoner_datum", "inwoner_id", "datum"),
    )

    inwoner_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("inwoner.id", ondelete="CASCADE")
    )
    auteur_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("medewerker.id"))
    datum: Mapped[date] = mapped_column(Date)
    kanaal: Mapped[Kanaal] = mapped_column(enum_type(Kanaal))
    samenvatting: Mapped[str] = mapped_column(Text)
    vervolgactie: Mapped[str | None] = mapped_column(Text)
    vervolgdatum: Mapped[date | None] = mapped_column(Date)
    vertrouwelijk: Mapped[bool] = mapped_column(Boolean, server_default=false())

    auteur: Mapped[Medewerker] = relationship()
