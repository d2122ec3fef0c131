"""The audit trail (BIO 12.4, AVG): who read or changed which person's data, and when.

Append-only: the audit service only inserts, and on PostgreSQL a trigger refuses UPDATE and
DELETE. It deliberately has no foreign keys to the data it describes, so it survives the
anonymisation of a dossier and is kept apart from it; the actor's username is copied in.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, UuidPk
from app.models.enums import KoersEnum, enum_type


class AuditActie(KoersEnum):
    GELEZEN = "GELEZEN", "Dossier geopend"
    AANGEMAAKT = "AANGEMAAKT", "Aangemaakt"
    GEWIJZIGD = "GEWIJZIGD", "Gewijzigd"
    GEWEIGERD = "GEWEIGERD", "Toegang geweigerd"
    BREAK_THE_GLASS = "BREAK_THE_GLASS", "Toegang buiten het eigen team (met reden)"
    INZAGE = "INZAGE", "Inzage-export gemaakt"
    GEEXPORTEERD = "GEEXPORTEERD", "Geëxporteerd naar een bestand"
    GEANONIMISEERD = "GEANONIMISEERD", "Geanonimiseerd na bewaartermijn"
    AANGEMELD = "AANGEMELD", "Aangemeld"
    AANMELDEN_MISLUKT = "AANMELDEN_MISLUKT", "Aanmelden mislukt"
    GEBRUIKER_BEHEERD = "GEBRUIKER_BEHEERD", "Medewerker beheerd"


class AuditRecord(Base):
    __tablename__ = "audit_record"
    __table_args__ = (
        Index("ix_audit_record_inwoner_moment", "inwoner_id", "moment"),
        Index("ix_audit_record_medewerker_moment", "medewerker_id", "moment"),
    )

    id: Mapped[UuidPk]
    moment: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())
    medewerker_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    gebruikersnaam: Mapped[str] = mapped_column(String(64))
    inwoner_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    actie: Mapped[AuditActie] = mapped_column(enum_type(AuditActie))
    onderwerp: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # {field: [old, new]} for changes; a BSN is never stored here in clear text.
    velden: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reden: Mapped[str | None] = mapped_column(Text)


class Bewaartermijn(Base):
    """Retention period per kind of record, in years after the dossier was closed."""

    __tablename__ = "bewaartermijn"

    soort: Mapped[str] = mapped_column(String(40), primary_key=True)
    jaren: Mapped[int] = mapped_column(Integer)
    omschrijving: Mapped[str] = mapped_column(String(200))


class AuditAnonimisering(Base):
    """Marker table: while the retention service has a row here inside its transaction, the
    database triggers let it scrub personal values from audit records (see migration 0002)."""

    __tablename__ = "audit_anonimisering"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)


class Instelling(Base):
    """An organisation-wide setting (not per computer), e.g. the idle time before locking."""

    __tablename__ = "instelling"

    sleutel: Mapped[str] = mapped_column(String(60), primary_key=True)
    waarde: Mapped[str] = mapped_column(String(200))
