"""Inwoner (client) with time-bound labels and search words, and the employer (Werkgever)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    String,
    Uuid,
    and_,
    false,
    or_,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Bewerkbaar, Naam
from app.models.enums import Label, LabelBron, enum_type
from app.models.medewerker import Medewerker
from app.models.organisatie import Gemeente


class Inwoner(Bewerkbaar, Base):
    __tablename__ = "inwoner"
    __table_args__ = (
        # Covers the list's order without the anonymised, so the ID list of 100,000 inwoners
        # is read from the index alone (a third of the time of an index that holds them all).
        Index(
            "ix_inwoner_lijst",
            "sorteernaam",
            "id",
            sqlite_where=text("geanonimiseerd_op IS NULL"),
            postgresql_where=text("geanonimiseerd_op IS NULL"),
        ),
    )

    # Empty only after anonymisation at the end of the retention period.
    bsn: Mapped[str | None] = mapped_column(String(9), unique=True)
    voornamen: Mapped[Naam]
    tussenvoegsel: Mapped[str | None] = mapped_column(String(20))
    achternaam: Mapped[Naam]
    geboortedatum: Mapped[date] = mapped_column(Date, index=True)
    straat: Mapped[str | None] = mapped_column(String(200))
    huisnummer: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str | None] = mapped_column(String(7))
    woonplaats: Mapped[str | None] = mapped_column(String(100))
    woongemeente_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("gemeente.id"), index=True)
    betaalgemeente_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("gemeente.id"))
    telefoon: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    regievoerder_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("medewerker.id"), index=True
    )
    # Derived search keys (accent-folded, lower case) kept by the inwoner service, so search
    # for "lukasz" finds "Łukasz" on SQLite and PostgreSQL alike.
    sorteernaam: Mapped[str] = mapped_column(String(500))
    # The retention period runs from the day the dossier was closed (rules.md §7).
    dossier_gesloten_op: Mapped[date | None] = mapped_column(Date, index=True)
    geanonimiseerd_op: Mapped[date | None] = mapped_column(Date)

    woongemeente: Mapped[Gemeente] = relationship(foreign_keys=[woongemeente_id])
    betaalgemeente: Mapped[Gemeente] = relationship(foreign_keys=[betaalgemeente_id])
    regievoerder: Mapped[Medewerker | None] = relationship()
    labels: Mapped[list[InwonerLabel]] = relationship(
        back_populates="inwoner", cascade="all, delete-orphan", order_by="InwonerLabel.geldig_van"
    )

    @property
    def volledige_naam(self) -> str:
        return " ".join(p for p in (self.voornamen, self.tussenvoegsel, self.achternaam) if p)


# Byte order on PostgreSQL: a prefix range (woord >= 'jans' AND woord < 'jant') then means
# "starts with" whatever the server's locale, and the index serves it.
_WOORD = String(100).with_variant(String(100, collation="C"), "postgresql")


class InwonerZoekwoord(Base):
    """One word of an inwoner's name, folded (lower case, no accents), for search as you type:
    a prefix of each typed word is an index range here, not a scan of every name. The
    sorteernaam is copied in so the first page of matches comes from the index alone. Kept
    by app/services/inwoners.py with the name; an anonymised inwoner has none."""

    __tablename__ = "inwoner_zoekwoord"
    __table_args__ = (
        Index("ix_inwoner_zoekwoord_woord_sorteernaam", "woord", "sorteernaam", "inwoner_id"),
    )

    woord: Mapped[str] = mapped_column(_WOORD, primary_key=True)
    inwoner_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("inwoner.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    sorteernaam: Mapped[str] = mapped_column(String(500))


class InwonerLabel(Bewerkbaar, Base):
    """A client-group label (doelgroep) valid for a period; several may hold at once."""

    __tablename__ = "inwoner_label"
    # Reports start from the holders of one label (the SW/BSW employees, the banenafspraak).
    __table_args__ = (Index("ix_inwoner_label_label_inwoner", "label", "inwoner_id"),)

    inwoner_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("inwoner.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[Label] = mapped_column(enum_type(Label))
    geldig_van: Mapped[date] = mapped_column(Date)
    geldig_tot: Mapped[date | None] = mapped_column(Date)
    bron: Mapped[LabelBron | None] = mapped_column(enum_type(LabelBron))
    beschikking_ref: Mapped[str | None] = mapped_column(String(100))

    inwoner: Mapped[Inwoner] = relationship(back_populates="labels")

    def geldig_op(self, peildatum: date) -> bool:
        return self.geldig_van <= peildatum and (
            self.geldig_tot is None or peildatum <= self.geldig_tot
        )

    @classmethod
    def geldig_op_sql(cls, peildatum: date) -> ColumnElement[bool]:
        """`geldig_op` as a SQL condition, for reports that count in the database."""
        return and_(cls.geldig_van <= peildatum,
                    or_(cls.geldig_tot.is_(None), cls.geldig_tot >= peildatum))  # fmt: skip


class Werkgever(Bewerkbaar, Base):
    __tablename__ = "werkgever"

    naam: Mapped[Naam]
    kvk: Mapped[str | None] = mapped_column(String(8), unique=True)
    gemeente_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("gemeente.id"))
    accountmanager_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("medewerker.id"))
    samenwerkingsovereenkomst: Mapped[bool] = mapped_column(Boolean, server_default=false())
    samenwerkingsovereenkomst_datum: Mapped[date | None] = mapped_column(Date)
    sroi_opdrachtnemer: Mapped[bool] = mapped_column(Boolean, server_default=false())

    gemeente: Mapped[Gemeente | None] = relationship()
    accountmanager: Mapped[Medewerker | None] = relationship()
