"""Traject (re-integration trajectory) with its phase history, intakes, diagnoses,
participatieladder scores, placements and sanction investigations (brief §3, §3.13, §9.1).

The phase lives on the Traject; every change of phase, stage or coach is one FaseOvergang row,
so the timeline, the norms and the reports read one table.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Uuid,
    false,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Bewerkbaar, UTCDateTime
from app.models.enums import KoersEnum, enum_type
from app.models.inwoner import Inwoner, Werkgever
from app.models.medewerker import Medewerker
from app.models.organisatie import Gemeente


class Ontwikkelstadium(KoersEnum):
    KLEINE_AFSTAND = "1_KLEINE_AFSTAND", "Stadium 1 — kleine afstand tot werk"
    ONTWIKKELPOTENTIEEL = "2_ONTWIKKELPOTENTIEEL", "Stadium 2 — ontwikkelpotentieel"
    NIET_TOE_AAN_WERK = "3_NIET_TOE_AAN_WERK", "Stadium 3 — (nog) niet toe aan werk"

    @property
    def nummer(self) -> int:
        return int(self.value[0])


class TrajectFase(KoersEnum):
    AANGEMELD = "AANGEMELD", "Aangemeld"
    INTAKE = "INTAKE", "Intake"
    VERKENNING_DIAGNOSE = "VERKENNING_DIAGNOSE", "Verkenning / diagnose"
    STADIUM_BEPAALD = "STADIUM_BEPAALD", "Stadium bepaald"
    ZELFSTANDIG_ZOEKEN = "ZELFSTANDIG_ZOEKEN", "Zelfstandig zoeken (stadium 1)"
    ONTWIKKELING = "ONTWIKKELING", "Ontwikkelaanpak (stadium 2)"
    PARTICIPATIE = "PARTICIPATIE", "Participatie (stadium 3)"
    MATCHING = "MATCHING", "Matching"
    GEPLAATST = "GEPLAATST", "Geplaatst"
    BEGELEIDING_OP_WERK = "BEGELEIDING_OP_WERK", "Begeleiding op werk"
    NAZORG = "NAZORG", "Nazorg"
    ONDERBROKEN = "ONDERBROKEN", "Onderbroken / uitgevallen"
    AFGESLOTEN = "AFGESLOTEN", "Afgesloten"


ACTIEVE_FASEN = frozenset(TrajectFase) - {TrajectFase.AFGESLOTEN}


class Aanmeldbron(KoersEnum):
    GEMEENTE_POORT = "GEMEENTE_POORT", "Gemeente (aan de poort / brede intake)"
    KLANTMANAGER = "KLANTMANAGER", "Klantmanager gemeente"
    UWV = "UWV", "UWV"
    SCHOOL_PRO_VSO = "SCHOOL_PRO_VSO", "School (Pro/Vso)"
    MBO = "MBO", "Mbo"
    RMC_MATCHMAKER = "RMC_MATCHMAKER", "RMC / matchmaker"
    YOUNG_HEROES = "YOUNG_HEROES", "Young Heroes"
    SOCIAAL_TEAM = "SOCIAAL_TEAM", "Sociaal team"
    GGZ = "GGZ", "GGZ"
    VLUCHTELINGENWERK = "VLUCHTELINGENWERK", "Vluchtelingenwerk"
    WERKGEVER = "WERKGEVER", "Werkgever"
    ZELFMELDER = "ZELFMELDER", "Zelfmelder"
    BESTANDSKOPPELING = "BESTANDSKOPPELING", "Bestandskoppeling"
    AFLOPENDE_WW = "AFLOPENDE_WW", "Aflopende WW"


class Uitstroomreden(KoersEnum):
    WERK_REGULIER = "WERK_REGULIER", "Regulier werk"
    WERK_LKS = "WERK_LKS", "Werk met loonkostensubsidie"
    GARANTIEBAAN = "GARANTIEBAAN", "Garantiebaan"
    DETACHERING = "DETACHERING", "Detachering"
    SCHOOL_OPLEIDING = "SCHOOL_OPLEIDING", "School of opleiding"
    ZORG = "ZORG", "Zorg"
    VERHUIZING = "VERHUIZING", "Verhuizing"
    ANDERE_UITKERING = "ANDERE_UITKERING", "Andere uitkering"
    PENSIOEN = "PENSIOEN", "Pensioen"
    WIA = "WIA", "WIA"
    OVERLIJDEN = "OVERLIJDEN", "Overlijden"
    HANDHAVING_BEEINDIGD = "HANDHAVING_BEEINDIGD", "Beëindigd na handhaving"
    ANDERS = "ANDERS", "Anders"


# Outflow into work: only a trajectory that found or reached work may close with these.
UITSTROOM_NAAR_WERK = frozenset({
    Uitstroomreden.WERK_REGULIER, Uitstroomreden.WERK_LKS, Uitstroomreden.GARANTIEBAAN,
    Uitstroomreden.DETACHERING,
})  # fmt: skip


class IntakeType(KoersEnum):
    KENNISMAKING = "KENNISMAKING", "Kennismakingsgesprek"
    BREDE_INTAKE = "BREDE_INTAKE", "Brede intake (inwoner, gemeente en organisatie)"


class Meetinstrument(KoersEnum):
    PERSOONLIJKE_VERKENNING = "PERSOONLIJKE_VERKENNING", "Persoonlijke verkenning"
    TALENTSCAN = "TALENTSCAN", "Talentscan"
    MELBA = "MELBA", "Melba"
    ABC = "ABC", "ABC-meting"
    ADA = "ADA", "AD&A (arbeidsdiagnose en advies)"
    PSYCHOLOGISCH_ONDERZOEK = "PSYCHOLOGISCH_ONDERZOEK", "Psychologisch onderzoek"


class OvergangSoort(KoersEnum):
    FASE = "FASE", "Fase"
    STADIUM = "STADIUM", "Stadium"
    EVALUATIE = "EVALUATIE", "Evaluatie"
    COACH = "COACH", "Coach gewijzigd"
    VERLENGING = "VERLENGING", "Verlenging (besluit teamleider)"
    HANDHAVING = "HANDHAVING", "Handhaving"


class Plaatsingsvorm(KoersEnum):
    """Placement and employment forms (brief §5.4)."""

    REGULIER = "REGULIER", "Regulier werk"
    REGULIER_LKS = "REGULIER_LKS", "Regulier werk met loonkostensubsidie"
    GARANTIEBAAN = "GARANTIEBAAN", "Garantiebaan (banenafspraak)"
    OPSTAPBAAN = "OPSTAPBAAN", "Opstapbaan"
    DETACHERING_INDIVIDUEEL = "DETACHERING_INDIVIDUEEL", "Individuele detachering"
    GROEPSDETACHERING = "GROEPSDETACHERING", "Groepsdetachering"
    WOL = "WOL", "Werken op locatie (WOL)"
    BEGELEID_WERKEN = "BEGELEID_WERKEN", "Begeleid werken"
    BSW_DIENSTVERBAND_INTERN = "BSW_DIENSTVERBAND_INTERN", "Beschut werk, intern"
    BSW_BIJ_OPDRACHTGEVER = "BSW_BIJ_OPDRACHTGEVER", "Beschut werk bij een opdrachtgever"
    BSW_ELDERS = "BSW_ELDERS", "Beschut werk bij een andere werkgever"
    SW_INTERN = "SW_INTERN", "SW intern (Wsw-dienstverband)"
    WERKERVARINGSPLEK = "WERKERVARINGSPLEK", "Werkervaringsplek"
    LEERWERKPLEK = "LEERWERKPLEK", "Leerwerkplek"
    ACTIVERINGSPLEK = "ACTIVERINGSPLEK", "Activeringsplek"
    ONTWIKKELPLEK = "ONTWIKKELPLEK", "Ontwikkelplek"
    PARTICIPATIEPLAATS = "PARTICIPATIEPLAATS", "Participatieplaats"
    VRIJWILLIGERSWERK = "VRIJWILLIGERSWERK", "Vrijwilligerswerk"
    DAGBESTEDING = "DAGBESTEDING", "Dagbesteding"
    SCHOOL_OPLEIDING = "SCHOOL_OPLEIDING", "School of opleiding"
    WERKCOOPERATIE = "WERKCOOPERATIE", "Werkcoöperatie"


class Traject(Bewerkbaar, Base):
    __tablename__ = "traject"
    __table_args__ = (
        # One active trajectory per inwoner, also when two users race on a server.
        Index(
            "uq_traject_actief",
            "inwoner_id",
            unique=True,
            sqlite_where=text("fase <> 'AFGESLOTEN'"),
            postgresql_where=text("fase <> 'AFGESLOTEN'"),
        ),
        Index("ix_traject_fase_fase_sinds", "fase", "fase_sinds"),
        CheckConstraint("contact_per_jaar IS NULL OR contact_per_jaar >= 2", name="contact_norm"),
    )

    inwoner_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("inwoner.id", ondelete="CASCADE"), index=True
    )
    gemeente_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("gemeente.id"))
    aanmeldbron: Mapped[Aanmeldbron] = mapped_column(enum_type(Aanmeldbron))
    # The one werkcoach (casemanager) for the whole trajectory (brief §9.4 rule 5).
    werkcoach_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("medewerker.id"), index=True)
    jobcoach_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("medewerker.id"), index=True
    )
    participatiecoach_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("medewerker.id"), index=True
    )
    accountmanager_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("medewerker.id"), index=True
    )
    ontwikkelstadium: Mapped[Ontwikkelstadium | None] = mapped_column(enum_type(Ontwikkelstadium))
    fase: Mapped[TrajectFase] = mapped_column(enum_type(TrajectFase))
    fase_sinds: Mapped[date] = mapped_column(Date)
    # The phase an interrupted trajectory resumes in.
    fase_voor_onderbreking: Mapped[TrajectFase | None] = mapped_column(enum_type(TrajectFase))
    startdatum: Mapped[date] = mapped_column(Date)
    einddatum: Mapped[date | None] = mapped_column(Date)
    uitstroomreden: Mapped[Uitstroomreden | None] = mapped_column(enum_type(Uitstroomreden))
    uitstroom_toelichting: Mapped[str | None] = mapped_column(Text)
    # Norm clocks (brief §9.4 rule 10): work-ready since, and in development since.
    werkfit_sinds: Mapped[date | None] = mapped_column(Date)
    ontwikkeling_sinds: Mapped[date | None] = mapped_column(Date)
    # A team lead's decision to let the development continue past the escalation norm.
    verlengd_tot: Mapped[date | None] = mapped_column(Date)
    # Warm handover to the accountmanager / WSP (rule 15).
    overdracht_op: Mapped[date | None] = mapped_column(Date)
    overdracht_notitie: Mapped[str | None] = mapped_column(Text)
    vacature: Mapped[str | None] = mapped_column(Text)
    # Stage 3: agreed contacts per year when nobody guides actively (rule 12, at least 2).
    contact_per_jaar: Mapped[int | None] = mapped_column(Integer)
    nazorg_tot: Mapped[date | None] = mapped_column(Date)
    nazorg_afspraken: Mapped[str | None] = mapped_column(Text)

    inwoner: Mapped[Inwoner] = relationship()
    gemeente: Mapped[Gemeente] = relationship()
    werkcoach: Mapped[Medewerker] = relationship(foreign_keys=[werkcoach_id])
    jobcoach: Mapped[Medewerker | None] = relationship(foreign_keys=[jobcoach_id])
    participatiecoach: Mapped[Medewerker | None] = relationship(foreign_keys=[participatiecoach_id])
    accountmanager: Mapped[Medewerker | None] = relationship(foreign_keys=[accountmanager_id])
    overgangen: Mapped[list[FaseOvergang]] = relationship(
        cascade="all, delete-orphan", order_by="FaseOvergang.moment"
    )


class FaseOvergang(Base):
    """One step on the timeline. Append-only: a step is never edited, a correction is a new
    step."""

    __tablename__ = "fase_overgang"
    __table_args__ = (Index("ix_fase_overgang_traject_moment", "traject_id", "moment"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    traject_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("traject.id", ondelete="CASCADE")
    )
    code: Mapped[str] = mapped_column(String(8))  # T1 … T17 of the state model
    soort: Mapped[OvergangSoort] = mapped_column(enum_type(OvergangSoort))
    van_fase: Mapped[TrajectFase | None] = mapped_column(enum_type(TrajectFase))
    naar_fase: Mapped[TrajectFase] = mapped_column(enum_type(TrajectFase))
    datum: Mapped[date] = mapped_column(Date)
    moment: Mapped[datetime] = mapped_column(UTCDateTime)
    medewerker_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("medewerker.id"))
    reden: Mapped[str | None] = mapped_column(Text)
    # The preconditions that were checked, one line each, as the user saw them.
    voorwaarden: Mapped[str | None] = mapped_column(Text)

    medewerker: Mapped[Medewerker] = relationship()


class Intake(Bewerkbaar, Base):
    __tablename__ = "intake"

    traject_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("traject.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[IntakeType] = mapped_column(enum_type(IntakeType))
    datum: Mapped[date] = mapped_column(Date)
    intaker_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("medewerker.id"))
    deelnemers: Mapped[str | None] = mapped_column(Text)
    hoe_gaat_het: Mapped[str | None] = mapped_column(Text)
    mogelijkheden: Mapped[str | None] = mapped_column(Text)
    belemmeringen: Mapped[str | None] = mapped_column(Text)
    # The four factors that separate stage 2 from 3 (brief §3.1): a score 1–5 and a note.
    willen_score: Mapped[int | None] = mapped_column(Integer)
    willen: Mapped[str | None] = mapped_column(Text)
    kunnen_score: Mapped[int | None] = mapped_column(Integer)
    kunnen: Mapped[str | None] = mapped_column(Text)
    vaardigheden_score: Mapped[int | None] = mapped_column(Integer)
    vaardigheden: Mapped[str | None] = mapped_column(Text)
    omstandigheden_score: Mapped[int | None] = mapped_column(Integer)
    omstandigheden: Mapped[str | None] = mapped_column(Text)
    twijfel_over_stadium: Mapped[bool] = mapped_column(Boolean, server_default=false())
    advies_mogelijk: Mapped[bool] = mapped_column(Boolean, server_default=true())
    advies_stadium: Mapped[Ontwikkelstadium | None] = mapped_column(enum_type(Ontwikkelstadium))
    re_integratieadvies: Mapped[str | None] = mapped_column(Text)
    plan_van_aanpak: Mapped[str | None] = mapped_column(Text)

    intaker: Mapped[Medewerker] = relationship()


class Diagnose(Bewerkbaar, Base):
    """A diagnosis or measurement (Melba, ABC, AD&A, psychological test, talentscan …): a
    structured summary; the report itself stays with the assessor (data minimisation)."""

    __tablename__ = "diagnose"
    __table_args__ = (Index("ix_diagnose_inwoner_datum", "inwoner_id", "datum"),)

    inwoner_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("inwoner.id", ondelete="CASCADE")
    )
    traject_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("traject.id", ondelete="SET NULL"), index=True
    )
    instrument: Mapped[Meetinstrument] = mapped_column(enum_type(Meetinstrument))
    datum: Mapped[date] = mapped_column(Date)
    uitvoerder: Mapped[str] = mapped_column(String(200))  # a colleague or an external assessor
    resultaat: Mapped[str] = mapped_column(Text)
    vastgelegd_door_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("medewerker.id"))


class ParticipatieladderScore(Bewerkbaar, Base):
    """A dated rung of the participatieladder (rules.md §6); a rise is an ontwikkelstap."""

    __tablename__ = "participatieladder_score"
    __table_args__ = (
        Index("ix_participatieladder_score_inwoner_datum", "inwoner_id", "datum"),
        CheckConstraint("trede BETWEEN 1 AND 6", name="trede"),
    )

    inwoner_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("inwoner.id", ondelete="CASCADE")
    )
    datum: Mapped[date] = mapped_column(Date)
    trede: Mapped[int] = mapped_column(Integer)
    toelichting: Mapped[str | None] = mapped_column(Text)
    beoordelaar_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("medewerker.id"))


class Plaatsing(Bewerkbaar, Base):
    """A placement with an employer or on a development or participation place."""

    __tablename__ = "plaatsing"

    inwoner_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("inwoner.id", ondelete="CASCADE"), index=True
    )
    traject_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("traject.id", ondelete="SET NULL"), index=True
    )
    werkgever_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("werkgever.id"))
    werkplek: Mapped[str] = mapped_column(String(200))
    plaatsingsvorm: Mapped[Plaatsingsvorm] = mapped_column(enum_type(Plaatsingsvorm))
    startdatum: Mapped[date] = mapped_column(Date)
    einddatum: Mapped[date | None] = mapped_column(Date)
    uren_per_week: Mapped[int | None] = mapped_column(Integer)
    jobcoach_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("medewerker.id"))
    lks: Mapped[bool] = mapped_column(Boolean, server_default=false())
    # The measurement an LKS placement rests on (brief §9.4 rule 16).
    loonwaardemeting_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("loonwaardemeting.id", ondelete="SET NULL")
    )
    einde_reden: Mapped[str | None] = mapped_column(Text)

    werkgever: Mapped[Werkgever | None] = relationship()
    jobcoach: Mapped[Medewerker | None] = relationship()


class Handhavingszaak(Bewerkbaar, Base):
    """A sanction investigation (maatregelonderzoek, brief §3.11 and §9.4 rule 24). The
    decision itself is the municipality's; Koers keeps its reference."""

    __tablename__ = "handhavingszaak"

    traject_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("traject.id", ondelete="CASCADE"), index=True
    )
    afspraak_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("ontwikkelafspraak.id", ondelete="SET NULL")
    )
    afspraak_omschrijving: Mapped[str] = mapped_column(Text)  # as it read when breached
    signaal_datum: Mapped[date] = mapped_column(Date)
    omschrijving: Mapped[str] = mapped_column(Text)
    verordening: Mapped[str] = mapped_column(String(200))
    verwijtbaarheid: Mapped[str | None] = mapped_column(Text)
    persoonlijke_omstandigheden: Mapped[str | None] = mapped_column(Text)
    advies: Mapped[str | None] = mapped_column(Text)
    advies_op: Mapped[date | None] = mapped_column(Date)
    besluit_gemeente: Mapped[str | None] = mapped_column(String(200))
    besluit_op: Mapped[date | None] = mapped_column(Date)
    geopend_door_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("medewerker.id"))
