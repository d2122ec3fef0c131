"""The KPI catalogue of brief §7.2, computed in SQL, with the dimensions of §7.3.

Each KPI is a *population*: one SQL row per counted thing (an inwoner, a placement, a
trajectory) with the inwoner it belongs to, a `teller` and a `noemer`. A percentage is
100 × Σteller / Σnoemer, an average Σteller / Σnoemer, a count Σteller. Filters and the
breakdown by a dimension join the inwoner once and GROUP BY in the database, so the figures
never depend on loading rows into Python, and the inwoners behind any figure come from the
same population (`inwoners_achter`), so list and number cannot disagree.

Dimensions are taken on the last day of the period: the paying municipality (a merged one
counts under today's municipality), the team and coach of the regievoerder (as they are now),
the labels valid that day, the age band and the time on bijstand (the Participatiewet label).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from dateutil.relativedelta import relativedelta
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    exists,
    extract,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.functions import FunctionElement

from app.models import (
    UITSTROOM_NAAR_WERK,
    FaseOvergang,
    Gemeente,
    Inwoner,
    InwonerLabel,
    KpiDoel,
    Label,
    Loonwaardemeting,
    Medewerker,
    Ontwikkelplan,
    Plaatsing,
    PlanStatus,
    Schuldhulptraject,
    Team,
    Traject,
    TrajectFase,
    Uitkomst,
    Uitstroomreden,
    WerkniveauMeting,
)
from app.models.enums import KoersEnum
from app.services import instellingen as inst
from app.services.errors import NotFoundError, ValidationError
from app.services.periodes import Periode
from app.services.rechten import Gegeven, Recht, mag_actor, vereis
from app.services.toegang import in_lijst

DOELGROEPMEDEWERKERS = (Label.SW_WSW, Label.BSW_NIEUW_BESCHUT)
BANENAFSPRAAK = Label.DOELGROEPREGISTER_BANENAFSPRAAK
NAAR_WERK_OF_SCHOOL = frozenset({*UITSTROOM_NAAR_WERK, Uitstroomreden.SCHOOL_OPLEIDING})


# --- portable date arithmetic -----------------------------------------------------------------


class dagen_tussen(FunctionElement):
    """Whole days from the first date to the second."""

    type = Integer()
    inherit_cache = True


@compiles(dagen_tussen)
def _dagen_tussen_default(element, compiler, **kw) -> str:
    van, tot = list(element.clauses)
    return f"({compiler.process(tot, **kw)} - {compiler.process(van, **kw)})"


@compiles(dagen_tussen, "sqlite")
def _dagen_tussen_sqlite(element, compiler, **kw) -> str:
    van, tot = list(element.clauses)
    return (f"CAST(julianday({compiler.process(tot, **kw)}) - "
            f"julianday({compiler.process(van, **kw)}) AS INTEGER)")  # fmt: skip


class zonder_indexvolgorde(FunctionElement):
    """The column itself; on SQLite as `+column`, so that a DISTINCT over it does not make the
    planner walk the column's index for its order instead of the selective index of the
    WHERE clause (the doelgroep subquery went from 80 to 15 ms at 100,000 inwoners)."""

    inherit_cache = True

    def __init__(self, column) -> None:
        self.type = column.type
        super().__init__(column)


@compiles(zonder_indexvolgorde)
def _zonder_indexvolgorde_default(element, compiler, **kw) -> str:
    return compiler.process(next(iter(element.clauses)), **kw)


@compiles(zonder_indexvolgorde, "sqlite")
def _zonder_indexvolgorde_sqlite(element, compiler, **kw) -> str:
    return f"+{compiler.process(next(iter(element.clauses)), **kw)}"


def volle_maanden(van, tot) -> ColumnElement[int]:
    """Whole calendar months from `van` to `tot`: 1 March → 1 September is 6, → 31 August 5."""

    def maandnummer(d):
        return extract("year", d) * 12 + extract("month", d)

    return (maandnummer(tot) - maandnummer(van)
            - case((extract("day", tot) < extract("day", van), 1), else_=0))  # fmt: skip


# --- the catalogue ----------------------------------------------------------------------------


class Soort(Enum):
    PERCENTAGE = "%"
    AANTAL = "aantal"
    GEMIDDELDE = "gemiddelde"


@dataclass(frozen=True)
class Regels:
    """The settings some definitions depend on."""

    duurzaam_maanden: int


@dataclass(frozen=True)
class Kpi:
    code: str
    naam: str
    definitie: str
    soort: Soort
    eenheid: str  # shown after the value: "%", "dagen", "plaatsingen" …
    populatie: Callable[[Periode, Regels], Select]
    schuldhulp: bool = False  # only for who may read debt data
    bron: str = ""


def _actief_op(d: date) -> ColumnElement[bool]:
    return or_(Inwoner.dossier_gesloten_op.is_(None), Inwoner.dossier_gesloten_op > d)


def _heeft_label(labels, d: date, inwoner_id=Inwoner.id) -> ColumnElement[bool]:
    return exists().where(InwonerLabel.inwoner_id == inwoner_id, InwonerLabel.label.in_(labels),
                          InwonerLabel.geldig_op_sql(d))  # fmt: skip


def _rij(inwoner_id, teller, noemer=None) -> list:
    """The three columns of a population row (noemer 1 unless given)."""
    noemer = literal(1) if noemer is None else noemer
    return [inwoner_id.label("inwoner_id"), teller.label("teller"), noemer.label("noemer")]


def _doelgroepmedewerkers(d: date):
    """The inwoners with an SW or beschut-werk label on day `d`, as a subquery: a few
    thousand rows to start from instead of every inwoner."""
    return (select(zonder_indexvolgorde(InwonerLabel.inwoner_id).label("inwoner_id"))
            .where(InwonerLabel.label.in_(DOELGROEPMEDEWERKERS), InwonerLabel.geldig_op_sql(d))
            .distinct().subquery("doelgroep"))  # fmt: skip


def _iop_dekking(p: Periode, _r: Regels) -> Select:
    dg = _doelgroepmedewerkers(p.tot)
    gedekt = exists().where(
        Ontwikkelplan.inwoner_id == dg.c.inwoner_id, Ontwikkelplan.vastgesteld_op <= p.tot,
        Ontwikkelplan.status.in_((PlanStatus.VASTGESTELD, PlanStatus.VERVANGEN)),
        or_(Ontwikkelplan.afgesloten_op.is_(None),
            Ontwikkelplan.afgesloten_op > p.tot))  # fmt: skip
    return (select(*_rij(dg.c.inwoner_id, case((gedekt, 1), else_=0)))
            .join(Inwoner, Inwoner.id == dg.c.inwoner_id).where(_actief_op(p.tot)))  # fmt: skip


def _werkniveau(hoger: bool) -> Callable[[Periode, Regels], Select]:
    """Target-group employees with a baseline: is their latest level on or before the end of
    the period (the highest, when two were measured that day) higher than (or at least) the
    baseline?"""

    def populatie(p: Periode, _r: Regels) -> Select:
        dg = _doelgroepmedewerkers(p.tot)
        W = WerkniveauMeting
        basis = aliased(WerkniveauMeting)
        tot_nu = W.datum <= p.tot
        laatste_dag = (select(W.inwoner_id, func.max(W.datum).label("datum"))
                       .where(W.inwoner_id.in_(select(dg.c.inwoner_id)), tot_nu)
                       .group_by(W.inwoner_id).subquery("laatste_dag"))  # fmt: skip
        laatste = (select(W.inwoner_id, func.max(W.niveau).label("niveau"))
                   .join(laatste_dag, and_(W.inwoner_id == laatste_dag.c.inwoner_id,
                                           W.datum == laatste_dag.c.datum))
                   .group_by(W.inwoner_id).subquery("laatste"))  # fmt: skip
        vergelijk = (laatste.c.niveau > basis.niveau if hoger
                     else laatste.c.niveau >= basis.niveau)  # fmt: skip
        return (select(*_rij(dg.c.inwoner_id, case((vergelijk, 1), else_=0)))
                .join(Inwoner, Inwoner.id == dg.c.inwoner_id)
                .join(basis, and_(basis.inwoner_id == dg.c.inwoner_id, basis.is_baseline,
                                  basis.datum <= p.tot))
                .join(laatste, laatste.c.inwoner_id == dg.c.inwoner_id)
                .where(_actief_op(p.tot)))  # fmt: skip

    return populatie


def _plaatsingen_gestart(p: Periode, _r: Regels) -> Select:
    return select(*_rij(Plaatsing.inwoner_id, literal(1))).where(
        Plaatsing.startdatum.between(p.van, p.tot)
    )


def _plaatsingen_banenafspraak(p: Periode, _r: Regels) -> Select:
    lopend = and_(Plaatsing.startdatum <= p.tot,
                  or_(Plaatsing.einddatum.is_(None), Plaatsing.einddatum >= p.tot))  # fmt: skip
    return select(*_rij(Plaatsing.inwoner_id, literal(1))).where(
        lopend, _heeft_label((BANENAFSPRAAK,), p.tot, Plaatsing.inwoner_id)
    )


def _duurzaam(p: Periode, r: Regels) -> Select:
    """Placements that reach N months within the period (as far as the start goes): did
    they last those N months? A placement of exactly N months counts as sustainable."""
    n = r.duurzaam_maanden
    return select(*_rij(Plaatsing.inwoner_id, case(
        (or_(Plaatsing.einddatum.is_(None),
             volle_maanden(Plaatsing.startdatum, Plaatsing.einddatum) >= n), 1),
        else_=0))).where(
        volle_maanden(Plaatsing.startdatum, literal(p.tot)) >= n,
        volle_maanden(Plaatsing.startdatum, literal(p.van - timedelta(days=1))) < n)  # fmt: skip


def _loonwaarde_banenafspraak(p: Periode, _r: Regels) -> Select:
    """The latest loonwaardemeting within the period of each inwoner with a banenafspraak
    label at its end; the value is the vastgestelde loonwaarde where set."""
    later = aliased(Loonwaardemeting)
    waarde = func.coalesce(Loonwaardemeting.vastgestelde_loonwaarde,
                           Loonwaardemeting.berekende_loonwaarde)  # fmt: skip
    return select(*_rij(Loonwaardemeting.inwoner_id, waarde)).where(
        Loonwaardemeting.datum.between(p.van, p.tot),
        ~exists().where(later.inwoner_id == Loonwaardemeting.inwoner_id,
                        later.datum.between(p.van, p.tot), later.datum > Loonwaardemeting.datum),
        _heeft_label((BANENAFSPRAAK,), p.tot, Loonwaardemeting.inwoner_id))  # fmt: skip


def _afgesloten_trajecten(p: Periode) -> ColumnElement[bool]:
    return and_(Traject.fase == TrajectFase.AFGESLOTEN, Traject.einddatum.between(p.van, p.tot))


def _uitstroom_werk_school(p: Periode, _r: Regels) -> Select:
    return select(*_rij(Traject.inwoner_id, case(
        (Traject.uitstroomreden.in_(NAAR_WERK_OF_SCHOOL), 1), else_=0))).where(
        _afgesloten_trajecten(p))  # fmt: skip


def _uitval(p: Periode, _r: Regels) -> Select:
    uitgevallen = exists().where(FaseOvergang.traject_id == Traject.id,
                                 FaseOvergang.naar_fase == TrajectFase.AFGESLOTEN,
                                 FaseOvergang.van_fase == TrajectFase.ONDERBROKEN)  # fmt: skip
    return select(*_rij(Traject.inwoner_id, case((uitgevallen, 1), else_=0))).where(
        _afgesloten_trajecten(p)
    )


def _doorlooptijd_plaatsing(p: Periode, _r: Regels) -> Select:
    """Days from the start of the trajectory to its first placement, for first placements
    that started in the period."""
    eerder = aliased(Plaatsing)
    return (select(*_rij(Plaatsing.inwoner_id,
                         dagen_tussen(Traject.startdatum, Plaatsing.startdatum)))
            .join(Traject, Traject.id == Plaatsing.traject_id)
            .where(Plaatsing.startdatum.between(p.van, p.tot),
                   ~exists().where(eerder.traject_id == Plaatsing.traject_id,
                                   eerder.startdatum < Plaatsing.startdatum)))  # fmt: skip


def _schuldhulp_meldingen(p: Periode, _r: Regels) -> Select:
    return select(*_rij(Schuldhulptraject.inwoner_id, literal(1))).where(
        Schuldhulptraject.melding_datum.between(p.van, p.tot)
    )


def _schuldhulp_afgesloten(p: Periode) -> ColumnElement[bool]:
    return Schuldhulptraject.einddatum.between(p.van, p.tot)


def _schuldhulp_uitval(p: Periode, _r: Regels) -> Select:
    return select(*_rij(Schuldhulptraject.inwoner_id, case(
        (Schuldhulptraject.uitkomst == Uitkomst.UITVAL, 1), else_=0))).where(
        _schuldhulp_afgesloten(p))  # fmt: skip


def _schuldhulp_doorlooptijd(p: Periode, _r: Regels) -> Select:
    return select(*_rij(Schuldhulptraject.inwoner_id,
                        dagen_tussen(Schuldhulptraject.melding_datum,
                                     Schuldhulptraject.einddatum))).where(
        _schuldhulp_afgesloten(p),
        Schuldhulptraject.uitkomst.not_in((Uitkomst.AFGEWEZEN, Uitkomst.UITVAL)))  # fmt: skip


P, A, G = Soort.PERCENTAGE, Soort.AANTAL, Soort.GEMIDDELDE
KPIS: tuple[Kpi, ...] = (
    Kpi("K01", "IOP-dekking doelgroepmedewerkers",
        "Het deel van de inwoners met een SW- of beschut-werklabel op de laatste dag van de "
        "periode dat die dag een vastgesteld ontwikkelplan heeft.", P, "%", _iop_dekking,
        bron="Avres 2026: 100 %"),
    Kpi("K02", "Aantoonbaar hoger werkniveau",
        "Van de doelgroepmedewerkers met een nulmeting: het deel van wie de laatste "
        "werkniveaumeting tot en met het einde van de periode hoger is dan de nulmeting.", P,
        "%", _werkniveau(hoger=True), bron="Avres 2026: 20 %"),
    Kpi("K03", "Minstens gelijk werkniveau",
        "Van de doelgroepmedewerkers met een nulmeting: het deel van wie de laatste "
        "werkniveaumeting tot en met het einde van de periode minstens gelijk is aan de "
        "nulmeting.", P, "%", _werkniveau(hoger=False), bron="Avres 2026: 60 %"),
    Kpi("K05", "Geplaatst met banenafspraak",
        "Het aantal plaatsingen dat op de laatste dag van de periode loopt, van inwoners met "
        "een geldig doelgroepregisterlabel (banenafspraak).", A, "plaatsingen",
        _plaatsingen_banenafspraak, bron="Avres 2026: 325"),
    Kpi("PL", "Nieuwe plaatsingen",
        "Het aantal plaatsingen dat in de periode is begonnen.", A, "plaatsingen",
        _plaatsingen_gestart),
    Kpi("K06", "Gemiddelde loonwaarde banenafspraak",
        "Het gemiddelde van de laatste loonwaardemeting in de periode (de vastgestelde "
        "loonwaarde waar die is gezet) van inwoners met een doelgroepregisterlabel op de "
        "laatste dag; vergelijk met dezelfde periode vorig jaar.", G, "%",
        _loonwaarde_banenafspraak, bron="Avres 2026: hoger dan 2025"),
    Kpi("K07", "Duurzame plaatsingen",
        "Van de plaatsingen die in de periode de duur van een duurzame plaatsing bereiken "
        "(standaard 6 maanden, in hele kalendermaanden): het deel dat die duur ook echt "
        "heeft gehaald. Een plaatsing van precies die duur telt mee.", P, "%", _duurzaam,
        bron="Avres 2026: 90 %"),
    Kpi("K13", "Uitstroom naar werk of school",
        "Van de trajecten die in de periode zijn afgesloten: het deel met als uitstroomreden "
        "werk (regulier, met loonkostensubsidie, garantiebaan, detachering) of school.", P,
        "%", _uitstroom_werk_school, bron="Avres 2026: hoger dan 2025"),
    Kpi("DL", "Doorlooptijd tot plaatsing",
        "Het gemiddelde aantal dagen van het begin van het traject tot de eerste plaatsing, "
        "voor eerste plaatsingen die in de periode begonnen.", G, "dagen",
        _doorlooptijd_plaatsing, bron="IJmond: uitstroom binnen 4–6 maanden"),
    Kpi("UV", "Uitval re-integratie",
        "Van de trajecten die in de periode zijn afgesloten: het deel dat werd afgesloten "
        "vanuit de fase onderbroken / uitgevallen.", P, "%", _uitval),
    Kpi("S01", "Schuldhulptrajecten (meldingen)",
        "Het aantal schuldhulptrajecten met een melding in de periode; uit te splitsen naar "
        "gemeente.", A, "trajecten", _schuldhulp_meldingen, schuldhulp=True,
        bron="Avres: 437 in 2018"),
    Kpi("S02", "Uitval schuldhulp",
        "Van de schuldhulptrajecten die in de periode zijn afgesloten: het deel dat uitviel.",
        P, "%", _schuldhulp_uitval, schuldhulp=True),
    Kpi("S03", "Doorlooptijd schuldhulp",
        "Het gemiddelde aantal dagen van melding tot afsluiting, voor schuldhulptrajecten die "
        "in de periode met een resultaat zijn afgesloten (niet afgewezen of uitgevallen).", G,
        "dagen", _schuldhulp_doorlooptijd, schuldhulp=True),
)  # fmt: skip
KPI_CODES = {k.code: k for k in KPIS}


# --- dimensions -------------------------------------------------------------------------------


class Dimensie(KoersEnum):
    GEMEENTE = "GEMEENTE", "Gemeente"
    TEAM = "TEAM", "Team"
    COACH = "COACH", "Coach (regievoerder)"
    DOELGROEP = "DOELGROEP", "Doelgroep"
    LEEFTIJD = "LEEFTIJD", "Leeftijd"
    UITKERINGSDUUR = "UITKERINGSDUUR", "Duur in de uitkering"


LEEFTIJDEN = (("< 27", 27), ("27–44", 45), ("45–54", 55))
LEEFTIJD_OUDER = "55+"
UITKERINGSDUREN = (("< 1 jaar", 1), ("1–2 jaar", 2), ("2–5 jaar", 5))
UITKERING_LANG, GEEN_UITKERING = "5 jaar of langer", "geen bijstand"
GEEN = "(geen)"
BANDEN = {
    Dimensie.LEEFTIJD: [*(band for band, _ in LEEFTIJDEN), LEEFTIJD_OUDER],
    Dimensie.UITKERINGSDUUR: [GEEN_UITKERING, *(band for band, _ in UITKERINGSDUREN),
                              UITKERING_LANG],
}  # fmt: skip


@dataclass(frozen=True)
class Filter:
    gemeente_id: uuid.UUID | None = None  # today's municipality
    team_id: uuid.UUID | None = None
    coach_id: uuid.UUID | None = None
    doelgroep: Label | None = None
    leeftijd: str | None = None  # one of the bands
    uitkeringsduur: str | None = None


@dataclass(frozen=True)
class _Gelezen:
    """What every KPI of one call needs from the database, read once for the whole call: the
    settings of the definitions and each municipality's current one (after mergers)."""

    regels: Regels
    gemeente_nu: dict[uuid.UUID, uuid.UUID]


def _lees(session: Session) -> _Gelezen:
    return _Gelezen(regels(session),
                    {g.id: g.huidige().id for g in session.scalars(select(Gemeente))})  # fmt: skip


def _leeftijd(d: date) -> ColumnElement[str]:
    return case(*((Inwoner.geboortedatum > d - relativedelta(years=jaren), band)
                  for band, jaren in LEEFTIJDEN), else_=LEEFTIJD_OUDER)  # fmt: skip


def _uitkeringsduur(d: date) -> ColumnElement[str]:
    sinds = (select(func.min(InwonerLabel.geldig_van))
             .where(InwonerLabel.inwoner_id == Inwoner.id, InwonerLabel.label == Label.BIJSTAND_PW,
                    InwonerLabel.geldig_op_sql(d)).scalar_subquery())  # fmt: skip
    return case((sinds.is_(None), GEEN_UITKERING),
                *((sinds > d - relativedelta(years=jaren), band)
                  for band, jaren in UITKERINGSDUREN), else_=UITKERING_LANG)  # fmt: skip


def _dimensie(g: _Gelezen, dim: Dimensie, d: date):
    """The SQL expression of a dimension on day `d`."""
    if dim == Dimensie.GEMEENTE:
        verschil = {oud: nieuw for oud, nieuw in g.gemeente_nu.items() if oud != nieuw}
        if not verschil:
            return Inwoner.betaalgemeente_id
        return case(verschil, value=Inwoner.betaalgemeente_id, else_=Inwoner.betaalgemeente_id)
    if dim == Dimensie.TEAM:
        return (select(Medewerker.team_id).where(Medewerker.id == Inwoner.regievoerder_id)
                .scalar_subquery())  # fmt: skip
    if dim == Dimensie.COACH:
        return Inwoner.regievoerder_id
    if dim == Dimensie.LEEFTIJD:
        return _leeftijd(d)
    if dim == Dimensie.UITKERINGSDUUR:
        return _uitkeringsduur(d)
    raise ValueError(dim)  # DOELGROEP is a join, see _breakdown


def _filters(g: _Gelezen, f: Filter, d: date) -> list[ColumnElement[bool]]:
    result = []
    if f.gemeente_id is not None:
        result.append(Inwoner.betaalgemeente_id.in_(
            [oud for oud, nieuw in g.gemeente_nu.items() if nieuw == f.gemeente_id]))  # fmt: skip
    if f.team_id is not None:
        result.append(
            Inwoner.regievoerder_id.in_(
                select(Medewerker.id).where(Medewerker.team_id == f.team_id)
            )
        )
    if f.coach_id is not None:
        result.append(Inwoner.regievoerder_id == f.coach_id)
    if f.doelgroep is not None:
        result.append(_heeft_label((f.doelgroep,), d))
    if f.leeftijd is not None:
        result.append(_leeftijd(d) == f.leeftijd)
    if f.uitkeringsduur is not None:
        result.append(_uitkeringsduur(d) == f.uitkeringsduur)
    return result


# --- computing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cijfer:
    """One figure: its value (None without anything to count), teller and noemer."""

    teller: Decimal
    noemer: int
    soort: Soort

    @property
    def waarde(self) -> Decimal | None:
        if self.soort == Soort.AANTAL:
            return self.teller
        if not self.noemer:
            return None
        factor = 100 if self.soort == Soort.PERCENTAGE else 1
        return (Decimal(factor) * self.teller / self.noemer).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


@dataclass(frozen=True)
class Uitsplitsing:
    sleutel: str | None  # the dimension value (an id as text, a label value, a band)
    naam: str
    cijfer: Cijfer


@dataclass(frozen=True)
class KpiUitkomst:
    kpi: Kpi
    periode: Periode
    cijfer: Cijfer
    vorig_jaar: Cijfer
    doel: Decimal | None
    uitsplitsing: list[Uitsplitsing] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "code": self.kpi.code, "naam": self.kpi.naam, "definitie": self.kpi.definitie,
            "soort": self.kpi.soort.value, "eenheid": self.kpi.eenheid,
            "periode": self.periode.naam, "van": self.periode.van.isoformat(),
            "tot": self.periode.tot.isoformat(),
            "waarde": _str(self.cijfer.waarde), "teller": _str(self.cijfer.teller),
            "noemer": self.cijfer.noemer, "vorig_jaar": _str(self.vorig_jaar.waarde),
            "doel": _str(self.doel),
            "uitsplitsing": [{"sleutel": u.sleutel, "naam": u.naam,
                              "waarde": _str(u.cijfer.waarde), "teller": _str(u.cijfer.teller),
                              "noemer": u.cijfer.noemer} for u in self.uitsplitsing],
        }  # fmt: skip


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def regels(session: Session) -> Regels:
    return Regels(duurzaam_maanden=inst.instelling(session, inst.DUURZAAM_MAANDEN))


def _populatie(g: _Gelezen, kpi: Kpi, p: Periode, f: Filter):
    return kpi.populatie(p, g.regels).subquery(), _filters(g, f, p.tot)


def _cijfer(kpi: Kpi, teller, noemer) -> Cijfer:
    return Cijfer(Decimal(teller or 0), int(noemer or 0), kpi.soort)


def _bereken(session: Session, g: _Gelezen, kpi: Kpi, p: Periode, f: Filter) -> Cijfer:
    pop, filters = _populatie(g, kpi, p, f)
    teller, noemer = session.execute(
        select(func.sum(pop.c.teller), func.sum(pop.c.noemer))
        .select_from(pop)
        .join(Inwoner, Inwoner.id == pop.c.inwoner_id)
        .where(*filters)
    ).one()
    return _cijfer(kpi, teller, noemer)


def _breakdown(session: Session, g: _Gelezen, kpi: Kpi, p: Periode, f: Filter,
               dim: Dimensie) -> list[Uitsplitsing]:  # fmt: skip
    pop, filters = _populatie(g, kpi, p, f)
    query = select().select_from(pop).join(Inwoner, Inwoner.id == pop.c.inwoner_id)
    if dim == Dimensie.DOELGROEP:
        sleutel = InwonerLabel.label
        query = query.outerjoin(
            InwonerLabel,
            and_(InwonerLabel.inwoner_id == Inwoner.id, InwonerLabel.geldig_op_sql(p.tot)),
        )
    else:
        sleutel = _dimensie(g, dim, p.tot)
    rows = session.execute(query.add_columns(sleutel.label("sleutel"), func.sum(pop.c.teller),
                                             func.sum(pop.c.noemer))
                           .where(*filters).group_by(sleutel))  # fmt: skip
    namen = _namen(session, dim)
    result = [Uitsplitsing(_tekst(s), namen(s), _cijfer(kpi, t, n)) for s, t, n in rows]
    volgorde = BANDEN.get(dim)
    if volgorde:  # bands in their natural order, not alphabetically
        return sorted(result, key=lambda u: volgorde.index(u.naam))
    return sorted(result, key=lambda u: (u.naam == GEEN, u.naam))


def _tekst(sleutel) -> str | None:
    if sleutel is None:
        return None
    return sleutel.value if isinstance(sleutel, Label) else str(sleutel)


def _namen(session: Session, dim: Dimensie) -> Callable[[object], str]:
    if dim == Dimensie.GEMEENTE:
        namen = {i: n for i, n in session.execute(select(Gemeente.id, Gemeente.naam))}
    elif dim == Dimensie.TEAM:
        namen = {i: n for i, n in session.execute(select(Team.id, Team.naam))}
    elif dim == Dimensie.COACH:
        namen = {i: n for i, n in session.execute(select(Medewerker.id, Medewerker.naam))}
    elif dim == Dimensie.DOELGROEP:
        return lambda s: s.label if s is not None else GEEN
    else:
        return lambda s: s if s is not None else GEEN
    return lambda s: namen.get(s, GEEN) if s is not None else GEEN


def _zichtbaar(actor: Medewerker) -> list[Kpi]:
    schuldhulp = mag_actor(actor, Gegeven.SCHULDHULP, Recht.LEZEN)
    return [k for k in KPIS if schuldhulp or not k.schuldhulp]


def doelen(session: Session, jaar: int) -> dict[str, Decimal]:
    rows = session.execute(select(KpiDoel.code, KpiDoel.doelwaarde).where(KpiDoel.jaar == jaar))
    return {code: waarde for code, waarde in rows}


def kpis(
    session: Session, *, actor: Medewerker, periode: Periode, filter: Filter | None = None,
    dimensie: Dimensie | None = None, codes: list[str] | None = None,
) -> list[KpiUitkomst]:  # fmt: skip
    """Every KPI the actor may see (debt KPIs only with debt rights) for the period, with the
    same period last year, the year's target where set, and a breakdown when asked."""
    vereis(actor, Gegeven.RAPPORTAGE, Recht.LEZEN)
    f = filter or Filter()
    zichtbaar = _zichtbaar(actor)
    if codes:
        onbekend = [c for c in codes if c not in {k.code for k in zichtbaar}]
        if onbekend:
            raise ValidationError({"kpi": f"Onbekende KPI: {', '.join(onbekend)}."})
        zichtbaar = [k for k in zichtbaar if k.code in codes]
    doel = doelen(session, periode.jaar)
    vorig = periode.vorig_jaar()
    g = _lees(session)
    return [KpiUitkomst(
        k, periode, _bereken(session, g, k, periode, f), _bereken(session, g, k, vorig, f),
        doel.get(k.code), _breakdown(session, g, k, periode, f, dimensie) if dimensie else [])
        for k in zichtbaar]  # fmt: skip


def inwoners_achter(
    session: Session, *, actor: Medewerker, code: str, periode: Periode,
    filter: Filter | None = None, alleen_teller: bool = False,
) -> list[uuid.UUID]:  # fmt: skip
    """The inwoners behind a figure (the teller only, or the whole population), within the
    actor's reach, in name order: the click-through of the overview."""
    vereis(actor, Gegeven.RAPPORTAGE, Recht.LEZEN)
    kpi = next((k for k in _zichtbaar(actor) if k.code == code), None)
    if kpi is None:
        raise NotFoundError(f"Onbekende KPI: {code}.")
    pop, filters = _populatie(_lees(session), kpi, periode, filter or Filter())
    query = (select(Inwoner.id).select_from(pop).join(Inwoner, Inwoner.id == pop.c.inwoner_id)
             .where(*filters, in_lijst(actor)).distinct())  # fmt: skip
    if alleen_teller:
        query = query.where(pop.c.teller > 0)
    ids = set(session.scalars(query))
    return list(session.scalars(select(Inwoner.id).where(Inwoner.id.in_(ids))
                                .order_by(Inwoner.sorteernaam)))  # fmt: skip


def zet_doel(
    session: Session, *, actor: Medewerker, code: str, jaar: int, doelwaarde: Decimal | None
) -> None:
    """Set (or with None remove) the target of a KPI for a year."""
    vereis(actor, Gegeven.REFERENTIEDATA, Recht.WIJZIGEN)
    if code not in KPI_CODES:
        raise ValidationError({"kpi": f"Onbekende KPI: {code}."})
    if not 2000 <= jaar <= 2100:
        raise ValidationError({"jaar": "Kies een jaar tussen 2000 en 2100."})
    rij = session.get(KpiDoel, (code, jaar))
    if doelwaarde is None:
        if rij is not None:
            session.delete(rij)
        session.flush()
        return
    bovengrens = Decimal(100) if KPI_CODES[code].soort == Soort.PERCENTAGE else Decimal(10**7)
    if not Decimal(0) <= doelwaarde <= bovengrens:
        eenheid = " %" if KPI_CODES[code].soort == Soort.PERCENTAGE else ""
        raise ValidationError({"doelwaarde": f"Een doel voor {code} ligt tussen 0 en "
                                             f"{bovengrens:n}{eenheid}."})  # fmt: skip
    if doelwaarde != doelwaarde.quantize(Decimal("0.01")):
        raise ValidationError({"doelwaarde": "Een doel heeft hoogstens twee cijfers achter de "
                                             "komma."})  # fmt: skip
    if rij is None:
        session.add(KpiDoel(code=code, jaar=jaar, doelwaarde=doelwaarde))
    else:
        rij.doelwaarde = doelwaarde
    session.flush()
