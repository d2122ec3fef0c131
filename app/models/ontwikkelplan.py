"""Ontwikkelplan (IOP/POP …) with its goals, agreements, guidance regime and evaluations, and
the work-level scale and measurements (brief §4 and §9.1)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Bewerkbaar
from app.models.enums import KoersEnum, enum_type
from app.models.inwoner import Inwoner
from app.models.medewerker import Medewerker


class PlanType(KoersEnum):
    IOP = "IOP", "Individueel ontwikkelplan (IOP)"
    POP = "POP", "Persoonlijk ontwikkelplan (POP)"
    COACHINGSPLAN = "COACHINGSPLAN", "Coachingsplan"
    PLAN_VAN_AANPAK = "PLAN_VAN_AANPAK", "Plan van aanpak"


class PlanStatus(KoersEnum):
    CONCEPT = "CONCEPT", "Concept"
    VASTGESTELD = "VASTGESTELD", "Vastgesteld"
    VERVANGEN = "VERVANGEN", "Vervangen door een nieuwe versie"
    AFGESLOTEN = "AFGESLOTEN", "Afgesloten"


class DoelStatus(KoersEnum):
    OPEN = "OPEN", "Open"
    BEZIG = "BEZIG", "Bezig"
    BEHAALD = "BEHAALD", "Behaald"
    NIET_BEHAALD = "NIET_BEHAALD", "Niet behaald"
    VERVALLEN = "VERVALLEN", "Vervallen"


class Partij(KoersEnum):
    INWONER = "INWONER", "Inwoner"
    ORGANISATIE = "ORGANISATIE", "Organisatie"
    PARTNER = "PARTNER", "Partner"


class Intensiteit(KoersEnum):
    DAGELIJKS = "DAGELIJKS", "Dagelijks"
    HOOGFREQUENT = "HOOGFREQUENT", "Hoogfrequent"
    AFGESPROKEN_FREQUENTIE = "AFGESPROKEN_FREQUENTIE", "Volgens afgesproken frequentie"
    MIN_2_PER_JAAR = "MIN_2_PER_JAAR", "Minstens twee keer per jaar"


class Setting(KoersEnum):
    INDIVIDUEEL_BIJ_OPDRACHTGEVER = "INDIVIDUEEL_BIJ_OPDRACHTGEVER", "Individueel bij een werkgever"
    GROEP_COLLEGAS = "GROEP_COLLEGAS", "In een groep collega's"
    GROEP_ONDER_LEIDING_SOB = "GROEP_ONDER_LEIDING_SOB", "In een groep onder eigen leiding"
    INTERN = "INTERN", "Intern (eigen locatie)"
    WOL = "WOL", "Werken op locatie (WOL)"


class Bewijs(KoersEnum):
    METING = "METING", "Meting (Melba, ABC, loonwaarde)"
    PRAKTIJKVERKLARING = "PRAKTIJKVERKLARING", "Praktijkverklaring"
    OBSERVATIE = "OBSERVATIE", "Observatie door de begeleider"


class Werkniveau(Base):
    """One step of the configurable work-level scale (the sources give none, brief §4.4)."""

    __tablename__ = "werkniveau"

    niveau: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    omschrijving: Mapped[str] = mapped_column(String(200))


class Ontwikkelplan(Bewerkbaar, Base):
    __tablename__ = "ontwikkelplan"
    __table_args__ = (
        Index("ix_ontwikkelplan_inwoner_type", "inwoner_id", "type"),
        # One vastgesteld plan per inwoner per type, also when two users race on a server.
        Index(
            "uq_ontwikkelplan_vastgesteld",
            "inwoner_id",
            "type",
            unique=True,
            sqlite_where=text("status = 'VASTGESTELD'"),
            postgresql_where=text("status = 'VASTGESTELD'"),
        ),
        # One concept per inwoner per type, and plan versions numbered once: two colleagues
        # making a new version at the same moment cannot both succeed.
        Index(
            "uq_ontwikkelplan_concept",
            "inwoner_id",
            "type",
            unique=True,
            sqlite_where=text("status = 'CONCEPT'"),
            postgresql_where=text("status = 'CONCEPT'"),
        ),
        UniqueConstraint("inwoner_id", "type", "planversie"),
        Index("ix_ontwikkelplan_status_evaluatie", "status", "volgende_evaluatie"),
    )

    inwoner_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("inwoner.id", ondelete="CASCADE")
    )
    traject_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("traject.id", ondelete="SET NULL"), index=True
    )
    type: Mapped[PlanType] = mapped_column(enum_type(PlanType))
    # The plan's own version (1, 2, …), not the optimistic-lock `versie`.
    planversie: Mapped[int] = mapped_column(Integer)
    vorige_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("ontwikkelplan.id"))
    status: Mapped[PlanStatus] = mapped_column(enum_type(PlanStatus))
    eigenaar_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("medewerker.id"))
    periode_van: Mapped[date | None] = mapped_column(Date)
    periode_tot: Mapped[date | None] = mapped_column(Date)
    talenten: Mapped[str | None] = mapped_column(Text)
    drijfveren: Mapped[str | None] = mapped_column(Text)
    zwakten: Mapped[str | None] = mapped_column(Text)
    ontwikkelmogelijkheden: Mapped[str | None] = mapped_column(Text)
    bedreigingen: Mapped[str | None] = mapped_column(Text)
    leefgebieden: Mapped[str | None] = mapped_column(Text)
    metingen: Mapped[str | None] = mapped_column(Text)  # summary of Melba/ABC/AD&A results
    ontwikkelpotentieel: Mapped[str | None] = mapped_column(Text)
    werkniveau_start: Mapped[int | None] = mapped_column(ForeignKey("werkniveau.niveau"))
    werkniveau_doel: Mapped[int | None] = mapped_column(ForeignKey("werkniveau.niveau"))
    evaluatie_interval_maanden: Mapped[int] = mapped_column(Integer)
    volgende_evaluatie: Mapped[date | None] = mapped_column(Date)
    vastgesteld_op: Mapped[date | None] = mapped_column(Date)
    ondertekend_inwoner_op: Mapped[date | None] = mapped_column(Date)
    ondertekend_coach_op: Mapped[date | None] = mapped_column(Date)
    afgesloten_op: Mapped[date | None] = mapped_column(Date)
    afsluitreden: Mapped[str | None] = mapped_column(Text)

    inwoner: Mapped[Inwoner] = relationship()
    eigenaar: Mapped[Medewerker | None] = relationship()
    doelen: Mapped[list[Ontwikkeldoel]] = relationship(
        cascade="all, delete-orphan", order_by="Ontwikkeldoel.volgorde"
    )
    afspraken: Mapped[list[Ontwikkelafspraak]] = relationship(
        cascade="all, delete-orphan", order_by="Ontwikkelafspraak.volgorde"
    )
    regime: Mapped[Begeleidingsregime | None] = relationship(
        cascade="all, delete-orphan", uselist=False
    )
    evaluaties: Mapped[list[Evaluatie]] = relationship(
        cascade="all, delete-orphan", order_by="Evaluatie.datum"
    )


class Ontwikkeldoel(Bewerkbaar, Base):
    __tablename__ = "ontwikkeldoel"

    plan_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("ontwikkelplan.id", ondelete="CASCADE"), index=True
    )
    volgorde: Mapped[int] = mapped_column(Integer)
    omschrijving: Mapped[str] = mapped_column(Text)
    competentie: Mapped[str | None] = mapped_column(String(200))
    instrument: Mapped[str | None] = mapped_column(String(200))
    verantwoordelijke: Mapped[str | None] = mapped_column(String(200))
    streefdatum: Mapped[date | None] = mapped_column(Date)
    status: Mapped[DoelStatus] = mapped_column(enum_type(DoelStatus))


class Ontwikkelafspraak(Bewerkbaar, Base):
    __tablename__ = "ontwikkelafspraak"

    plan_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("ontwikkelplan.id", ondelete="CASCADE"), index=True
    )
    volgorde: Mapped[int] = mapped_column(Integer)
    omschrijving: Mapped[str] = mapped_column(Text)
    partij: Mapped[Partij] = mapped_column(enum_type(Partij))
    # An obligation can lead to a sanction investigation when broken (brief §9.4 rule 24).
    verplichting: Mapped[bool] = mapped_column(Boolean, server_default=false())


class Begeleidingsregime(Bewerkbaar, Base):
    __tablename__ = "begeleidingsregime"

    plan_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("ontwikkelplan.id", ondelete="CASCADE"), unique=True
    )
    begeleider: Mapped[str] = mapped_column(String(200))
    intensiteit: Mapped[Intensiteit] = mapped_column(enum_type(Intensiteit))
    contactfrequentie: Mapped[str] = mapped_column(String(100))
    setting: Mapped[Setting] = mapped_column(enum_type(Setting))
    agogisch: Mapped[bool] = mapped_column(Boolean, server_default=false())


class Evaluatie(Bewerkbaar, Base):
    __tablename__ = "evaluatie"

    plan_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("ontwikkelplan.id", ondelete="CASCADE"), index=True
    )
    datum: Mapped[date] = mapped_column(Date)
    uitvoerder_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("medewerker.id"))
    begeleidingsnoodzaak: Mapped[str] = mapped_column(Text)
    doelen_bijgesteld: Mapped[bool] = mapped_column(Boolean, server_default=false())
    advies: Mapped[str | None] = mapped_column(Text)
    # Conclusions the trajectory workflow acts on: ready for work (matching, rule 15) and
    # barriers removed (stage 3 back to 2, rule 14).
    werkfit: Mapped[bool] = mapped_column(Boolean, server_default=false())
    belemmeringen_weggenomen: Mapped[bool] = mapped_column(Boolean, server_default=false())

    uitvoerder: Mapped[Medewerker] = relationship()


class WerkniveauMeting(Bewerkbaar, Base):
    """A measured work level with its evidence; the baseline is the one at the reference date
    the KPI "aantoonbaar hoger werkniveau" compares against."""

    __tablename__ = "werkniveau_meting"
    __table_args__ = (Index("ix_werkniveau_meting_inwoner_datum", "inwoner_id", "datum"),)

    inwoner_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("inwoner.id", ondelete="CASCADE")
    )
    datum: Mapped[date] = mapped_column(Date)
    niveau: Mapped[int] = mapped_column(ForeignKey("werkniveau.niveau"))
    is_baseline: Mapped[bool] = mapped_column(Boolean, server_default=false())
    bewijs: Mapped[Bewijs] = mapped_column(enum_type(Bewijs))
    bewijs_omschrijving: Mapped[str] = mapped_column(Text)
    beoordelaar_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("medewerker.id"))

    beoordelaar: Mapped[Medewerker] = relationship()
