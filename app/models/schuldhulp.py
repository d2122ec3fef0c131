"""Schuldhulptraject (debt-help trajectory) with its phase history, administration checklist,
schulden, referrals to partners and budgetbeheer (brief §6, §9.1; rules.md §4).

The phase lives on the trajectory; every change of phase is one SchuldhulpOvergang row, so
lead times per phase are read from one table. The Atw decree days are reference data here too,
because only the Wgs deadlines need them.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    Uuid,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Bewerkbaar, UTCDateTime
from app.models.enums import KoersEnum, enum_type
from app.models.inwoner import Inwoner
from app.models.medewerker import Medewerker
from app.models.organisatie import Gemeente


class SchuldhulpFase(KoersEnum):
    VOORZORG = "VOORZORG", "Voorzorg / intake"
    STABILISATIE = "STABILISATIE", "Stabilisatie"
    SCHULDREGELING = "SCHULDREGELING", "Schuldregeling"
    WSNP = "WSNP", "WSNP-verzoek"
    NAZORG = "NAZORG", "Nazorg"
    AFGESLOTEN = "AFGESLOTEN", "Afgesloten"


class Meldingsbron(KoersEnum):
    ZELF = "ZELF", "Inwoner zelf"
    SOCIAAL_TEAM = "SOCIAAL_TEAM", "Sociaal team"
    WONINGCORPORATIE = "WONINGCORPORATIE", "Woningcorporatie"
    VROEGSIGNALERING = "VROEGSIGNALERING", "Vroegsignalering (betalingsachterstand)"
    VLUCHTELINGENWERK = "VLUCHTELINGENWERK", "Vluchtelingenwerk"
    SPREEKUUR = "SPREEKUUR", "Financieel spreekuur"
    LEERGELD = "LEERGELD", "Stichting Leergeld"
    WERKCOACH = "WERKCOACH", "Werkcoach / re-integratie"
    ANDERS = "ANDERS", "Anders"


class Meldingswijze(KoersEnum):
    BALIE = "BALIE", "Aan de balie / op het spreekuur"
    TELEFOON = "TELEFOON", "Telefonisch"
    DIGITAAL = "DIGITAAL", "Digitaal (formulier, e-mail)"
    BRIEF = "BRIEF", "Per brief"
    HUISBEZOEK = "HUISBEZOEK", "Tijdens een huisbezoek"
    VIA_PARTNER = "VIA_PARTNER", "Via een partner"


class Bedreiging(KoersEnum):
    """The bedreigende situaties of Wgs art. 1 (rules.md §4: at least these)."""

    ONTRUIMING = "ONTRUIMING", "Vordering tot ontruiming van de woning"
    ENERGIE = "ENERGIE", "Beëindiging levering gas, elektriciteit of warmte"
    WATER = "WATER", "Beëindiging levering water"
    ZORGVERZEKERING = "ZORGVERZEKERING", "Opzegging of ontbinding zorgverzekering"
    ANDERS = "ANDERS", "Andere bedreigende situatie"


class Beschikking(KoersEnum):
    TOELATING = "TOELATING", "Toelating"
    AFWIJZING = "AFWIJZING", "Afwijzing"


class Complexiteit(KoersEnum):
    EENVOUDIG = "EENVOUDIG", "Eenvoudig"
    COMPLEX = "COMPLEX", "Complex"


class Schuldproduct(KoersEnum):
    SCHULDBEMIDDELING = "SCHULDBEMIDDELING", "Schuldbemiddeling"
    BUDGETBEHEER = "BUDGETBEHEER", "Budgetbeheer"
    SOCIAAL_KREDIET = "SOCIAAL_KREDIET", "Sociaal krediet"
    PREVENTIE = "PREVENTIE", "Preventie"


class Schuldvariant(KoersEnum):
    CRISISINTERVENTIE = "CRISISINTERVENTIE", "Crisisinterventie"
    STABILISATIE = "STABILISATIE", "Stabilisatie"
    SCHULDREGELING = "SCHULDREGELING", "Schuldregeling"


class Uitkomst(KoersEnum):
    SCHULDREGELING_AFGEROND = "SCHULDREGELING_AFGEROND", "Schuldregeling afgerond (schuldenvrij)"
    WSNP_TOEGELATEN = "WSNP_TOEGELATEN", "Toegelaten tot de WSNP"
    GESTABILISEERD = "GESTABILISEERD", "Schulden gestabiliseerd"
    ZELFREDZAAM = "ZELFREDZAAM", "Zelf verder (geen regeling nodig)"
    AFGEWEZEN = "AFGEWEZEN", "Afgewezen (geen toelating)"
    UITVAL = "UITVAL", "Uitgevallen"


class Uitvalreden(KoersEnum):
    GEEN_MEDEWERKING = "GEEN_MEDEWERKING", "Komt afspraken niet na"
    NIEUWE_SCHULDEN = "NIEUWE_SCHULDEN", "Nieuwe schulden gemaakt"
    TERUGGETROKKEN = "TERUGGETROKKEN", "Inwoner trekt zich terug"
    ADMINISTRATIE_ONVOLLEDIG = "ADMINISTRATIE_ONVOLLEDIG", "Administratie blijft onvolledig"
    VERHUISD = "VERHUISD", "Verhuisd naar een andere gemeente"
    OVERLEDEN = "OVERLEDEN", "Overleden"
    ANDERS = "ANDERS", "Andere reden"


class AdministratieItem(KoersEnum):
    """What the voorzorg intake checks before access (brief §6.3, §6.7)."""

    IDENTITEIT = "IDENTITEIT", "Geldig identiteitsbewijs"
    INKOMEN = "INKOMEN", "Inkomensspecificaties van de laatste 3 maanden"
    BANKAFSCHRIFTEN = "BANKAFSCHRIFTEN", "Bankafschriften van de laatste 3 maanden"
    VASTE_LASTEN = "VASTE_LASTEN", "Overzicht van de vaste lasten"
    SCHULDENOVERZICHT = "SCHULDENOVERZICHT", "Overzicht van schulden en schuldeisers (brieven)"
    TOESLAGEN = "TOESLAGEN", "Beschikkingen toeslagen en belastingen"
    HUISHOUDEN = "HUISHOUDEN", "Gegevens van het huishouden (partner, kinderen)"


class Schuldsoort(KoersEnum):
    BELASTINGDIENST = "BELASTINGDIENST", "Belastingdienst / Toeslagen"
    CJIB = "CJIB", "CJIB (boetes)"
    GEMEENTE = "GEMEENTE", "Gemeente (belastingen, terugvordering)"
    VERHUURDER = "VERHUURDER", "Verhuurder / woningcorporatie"
    ENERGIE = "ENERGIE", "Energieleverancier"
    WATER = "WATER", "Waterbedrijf"
    ZORGVERZEKERAAR = "ZORGVERZEKERAAR", "Zorgverzekeraar"
    TELECOM = "TELECOM", "Telefoon / internet"
    BANK = "BANK", "Bank / kredietverstrekker"
    DEURWAARDER = "DEURWAARDER", "Incassobureau / deurwaarder"
    DUO = "DUO", "DUO"
    WINKEL = "WINKEL", "Winkel / postorder"
    PARTICULIER = "PARTICULIER", "Particulier (familie, vrienden)"
    ANDERS = "ANDERS", "Anders"


class SchuldStatus(KoersEnum):
    AANGESCHREVEN = "AANGESCHREVEN", "Aangeschreven"
    OPGAVE_ONTVANGEN = "OPGAVE_ONTVANGEN", "Opgave ontvangen"
    AKKOORD = "AKKOORD", "Akkoord"
    AFGEWEZEN = "AFGEWEZEN", "Afgewezen"
    AFGELOST = "AFGELOST", "Afgelost"


class Partner(KoersEnum):
    SCHULDHULPMAATJES = "SCHULDHULPMAATJES", "Schuldhulpmaatjes"
    HUMANITAS = "HUMANITAS", "Humanitas"
    FORMULIERENBRIGADE = "FORMULIERENBRIGADE", "Formulierenbrigade"
    THUISADMINISTRATIE = "THUISADMINISTRATIE", "Thuisadministratie-organisatie"
    SOCIAAL_TEAM = "SOCIAAL_TEAM", "Sociaal team"
    LEERGELD = "LEERGELD", "Stichting Leergeld"
    BEWINDVOERING = "BEWINDVOERING", "Beschermingsbewind"
    REINTEGRATIE = "REINTEGRATIE", "Re-integratie (werk)"
    ANDERS = "ANDERS", "Andere partner"


class Leefgeldfrequentie(KoersEnum):
    WEKELIJKS = "WEKELIJKS", "Per week"
    TWEEWEKELIJKS = "TWEEWEKELIJKS", "Per twee weken"
    MAANDELIJKS = "MAANDELIJKS", "Per maand"


class Schuldhulptraject(Bewerkbaar, Base):
    __tablename__ = "schuldhulptraject"
    __table_args__ = (
        # One open debt trajectory per inwoner, also when two users race on a server.
        Index(
            "uq_schuldhulptraject_open",
            "inwoner_id",
            unique=True,
            sqlite_where=text("fase <> 'AFGESLOTEN'"),
            postgresql_where=text("fase <> 'AFGESLOTEN'"),
        ),
        Index("ix_schuldhulptraject_consulent_fase", "consulent_id", "fase"),
    )

    inwoner_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("inwoner.id", ondelete="CASCADE"), index=True
    )
    # A household applies together: the partner is the co-applicant.
    medeaanvrager_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("inwoner.id", ondelete="SET NULL")
    )
    consulent_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("medewerker.id"))
    gemeente_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("gemeente.id"))
    melding_datum: Mapped[date] = mapped_column(Date)
    melding_bron: Mapped[Meldingsbron] = mapped_column(enum_type(Meldingsbron))
    melding_wijze: Mapped[Meldingswijze] = mapped_column(enum_type(Meldingswijze))
    hulpvraag: Mapped[str | None] = mapped_column(Text)
    bedreiging: Mapped[Bedreiging | None] = mapped_column(enum_type(Bedreiging))
    bedreiging_datum: Mapped[date | None] = mapped_column(Date)
    bedreiging_toelichting: Mapped[str | None] = mapped_column(Text)
    # The eerste gesprek is the moment of the aanvraag (rules.md §4).
    eerste_gesprek: Mapped[date | None] = mapped_column(Date)
    # Other life domains screened at intake (brief §6.7: work, language, mental health …).
    leefgebieden: Mapped[str | None] = mapped_column(Text)
    beschikking: Mapped[Beschikking | None] = mapped_column(enum_type(Beschikking))
    beschikking_datum: Mapped[date | None] = mapped_column(Date)
    plan_van_aanpak: Mapped[str | None] = mapped_column(Text)
    complexiteit: Mapped[Complexiteit | None] = mapped_column(enum_type(Complexiteit))
    product: Mapped[Schuldproduct | None] = mapped_column(enum_type(Schuldproduct))
    variant: Mapped[Schuldvariant | None] = mapped_column(enum_type(Schuldvariant))
    # Social credit only when a bank will not lend (brief §6.7): the proof or reason.
    reden_geen_bankkrediet: Mapped[str | None] = mapped_column(Text)
    fase: Mapped[SchuldhulpFase] = mapped_column(enum_type(SchuldhulpFase))
    fase_sinds: Mapped[date] = mapped_column(Date)
    # The first repayment: the 18-month period counts from here.
    start_schuldregeling: Mapped[date | None] = mapped_column(Date)
    wsnp_verzoek_datum: Mapped[date | None] = mapped_column(Date)
    nazorg_tot: Mapped[date | None] = mapped_column(Date)
    uitkomst: Mapped[Uitkomst | None] = mapped_column(enum_type(Uitkomst))
    uitval_fase: Mapped[SchuldhulpFase | None] = mapped_column(enum_type(SchuldhulpFase))
    uitval_reden: Mapped[Uitvalreden | None] = mapped_column(enum_type(Uitvalreden))
    afsluiting_toelichting: Mapped[str | None] = mapped_column(Text)
    einddatum: Mapped[date | None] = mapped_column(Date)

    inwoner: Mapped[Inwoner] = relationship(foreign_keys=[inwoner_id])
    medeaanvrager: Mapped[Inwoner | None] = relationship(foreign_keys=[medeaanvrager_id])
    consulent: Mapped[Medewerker] = relationship()
    gemeente: Mapped[Gemeente] = relationship()
    overgangen: Mapped[list[SchuldhulpOvergang]] = relationship(
        cascade="all, delete-orphan", order_by="SchuldhulpOvergang.moment"
    )
    administratie: Mapped[list[AdministratieVinkje]] = relationship(cascade="all, delete-orphan")
    schulden: Mapped[list[Schuld]] = relationship(
        cascade="all, delete-orphan", order_by="Schuld.aangemaakt_op"
    )
    doorverwijzingen: Mapped[list[Doorverwijzing]] = relationship(
        cascade="all, delete-orphan", order_by="Doorverwijzing.datum"
    )


class SchuldhulpOvergang(Base):
    """One phase change. Append-only, like the re-integration timeline."""

    __tablename__ = "schuldhulp_overgang"
    __table_args__ = (Index("ix_schuldhulp_overgang_traject_moment", "traject_id", "moment"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    traject_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("schuldhulptraject.id", ondelete="CASCADE")
    )
    van_fase: Mapped[SchuldhulpFase | None] = mapped_column(enum_type(SchuldhulpFase))
    naar_fase: Mapped[SchuldhulpFase] = mapped_column(enum_type(SchuldhulpFase))
    datum: Mapped[date] = mapped_column(Date)
    moment: Mapped[datetime] = mapped_column(UTCDateTime)
    medewerker_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("medewerker.id"))
    toelichting: Mapped[str | None] = mapped_column(Text)

    medewerker: Mapped[Medewerker] = relationship()


class AdministratieVinkje(Base):
    """One checklist item of the administration, ticked on a date."""

    __tablename__ = "schuldhulp_administratie"

    traject_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("schuldhulptraject.id", ondelete="CASCADE"), primary_key=True
    )
    item: Mapped[AdministratieItem] = mapped_column(enum_type(AdministratieItem), primary_key=True)
    datum: Mapped[date] = mapped_column(Date)
    medewerker_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("medewerker.id"))


class Schuld(Bewerkbaar, Base):
    __tablename__ = "schuld"

    traject_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("schuldhulptraject.id", ondelete="CASCADE"), index=True
    )
    schuldeiser: Mapped[str] = mapped_column(String(200))
    soort: Mapped[Schuldsoort] = mapped_column(enum_type(Schuldsoort))
    kenmerk: Mapped[str | None] = mapped_column(String(100))
    bedrag_opgegeven: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    bedrag_akkoord: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    status: Mapped[SchuldStatus] = mapped_column(enum_type(SchuldStatus))
    status_datum: Mapped[date] = mapped_column(Date)


class Doorverwijzing(Base):
    """A referral to a partner; they count in the reports (brief §6.7)."""

    __tablename__ = "schuldhulp_doorverwijzing"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    traject_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("schuldhulptraject.id", ondelete="CASCADE"), index=True
    )
    partner: Mapped[Partner] = mapped_column(enum_type(Partner))
    datum: Mapped[date] = mapped_column(Date)
    reden: Mapped[str] = mapped_column(Text)
    medewerker_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("medewerker.id"))


class Budgetbeheer(Bewerkbaar, Base):
    """Avres pays the bills and the inwoner receives leefgeld. Policy (a setting) allows it only
    linked to a schuldhulptraject; the link is therefore optional in the table."""

    __tablename__ = "budgetbeheer"

    inwoner_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("inwoner.id", ondelete="CASCADE"), index=True
    )
    schuldhulptraject_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("schuldhulptraject.id", ondelete="SET NULL"), index=True
    )
    startdatum: Mapped[date] = mapped_column(Date)
    einddatum: Mapped[date | None] = mapped_column(Date)
    leefgeld: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    frequentie: Mapped[Leefgeldfrequentie] = mapped_column(enum_type(Leefgeldfrequentie))
    # Avres acts as the inwoner's postal address.
    postadres: Mapped[bool] = mapped_column(Boolean, server_default=false())


class GelijkgesteldeDag(Base):
    """A day a Besluit gelijkstelling equates with an algemeen erkende feestdag (Atw)."""

    __tablename__ = "gelijkgestelde_dag"

    datum: Mapped[date] = mapped_column(Date, primary_key=True)
    omschrijving: Mapped[str] = mapped_column(String(200))
