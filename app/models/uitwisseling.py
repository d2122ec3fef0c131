"""Where imported records came from."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, String, UniqueConstraint, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, UuidPk


class Bronsleutel(Base):
    """The key a record had in the system it was imported from (a client number, a case
    number). Importing the same export again finds the record instead of making a second one,
    and an export writes the key back, so export and import go round. Written once by the
    import; removed with the record's personal data when a dossier is destroyed."""

    __tablename__ = "bronsleutel"
    __table_args__ = (
        UniqueConstraint("entiteit", "sleutel"),
        Index("ix_bronsleutel_record", "record_id"),
    )

    id: Mapped[UuidPk]
    entiteit: Mapped[str] = mapped_column(String(40))
    sleutel: Mapped[str] = mapped_column(String(200))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())
