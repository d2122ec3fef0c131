"""The caseload overview (issue 8, item 1): per coach, team or municipality the active inwoners
by phase, stage and doelgroep, the caseload against the norm (rules.md §5) and what is overdue,
with the inwoners behind every number.

How it counts:
- The *population* is one subquery: the inwoners in the actor's lists (`toegang.in_lijst`)
  whose dossier is open and who have a regievoerder, each with the key of its row (the
  regievoerder, the regievoerder's team, or today's municipality of the paying municipality).
- Two GROUP BY queries read it once each: one joined to the running trajectory (phase, stage,
  no plan, overdue evaluation, exceeded norm), one joined to the labels valid on the peildatum
  (doelgroep, SW/BSW and the caseload per coach for the overload).
- Every definition is one SQL condition (`_voorwaarde`, `_doelgroep_voorwaarde`), used as a
  CASE inside the count and as the WHERE of `caseload_inwoners`, so a number and the list
  behind it cannot disagree.
- Open schuldhulp deadlines are the one exception: the next deadline depends on the Atw
  calendar, so they come from the debt team's own overview
  (`schuldhulp_overzicht.open_trajecten`, a few hundred rows per team), and only for roles that
  may read debt data.

Phases, stages and coaches are as they are now; the peildatum decides which labels count and
which dates are past.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import (
    ColumnElement,
    FromClause,
    Subquery,
    Uuid,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from app.models import (
    Gemeente,
    Inwoner,
    InwonerLabel,
    Label,
    Medewerker,
    Ontwikkelplan,
    Ontwikkelstadium,
    PlanStatus,
    Schuldhulptraject,
    Team,
    Traject,
    TrajectFase,
)
from app.models.enums import KoersEnum
from app.services import instellingen as inst
from app.services.errors import NotFoundError, ValidationError
from app.services.normen import grens
from app.services.rechten import BREAK_THE_GLASS, Gegeven, Recht, mag_actor, vereis
from app.services.schuldhulp_overzicht import open_trajecten
from app.services.toegang import in_lijst
from app.services.werkvoorraad import WERKFIT_FASEN


class Niveau(KoersEnum):
    COACH = "COACH", "Coach (regievoerder)"
    TEAM = "TEAM", "Team"
    GEMEENTE = "GEMEENTE", "Gemeente"


GEEN_TRAJECT = "GEEN_TRAJECT"
GEEN_STADIUM = "GEEN_STADIUM"
GEEN_LABEL = "GEEN_LABEL"
ZONDER_TEAM = "ZONDER_TEAM"  # the row key of coaches without a team

# The keys of the breakdowns, in the order screens and CSV columns show them.
FASEN = (*(f.value for f in TrajectFase if f != TrajectFase.AFGESLOTEN), GEEN_TRAJECT)
STADIA = (*(s.value for s in Ontwikkelstadium), GEEN_STADIUM)
DOELGROEPEN = (*(label.value for label in Label), GEEN_LABEL)
WAARDE_LABELS = {
    **{f.value: f.label for f in TrajectFase}, **{s.value: s.label for s in Ontwikkelstadium},
    **{label.value: label.label for label in Label}, GEEN_TRAJECT: "Geen lopend traject",
    GEEN_STADIUM: "Geen stadium", GEEN_LABEL: "Geen label",
}  # fmt: skip

# rules.md §5: 10–12 BSW or 40–50 SW per werkbegeleider. Only the upper bounds are settings and
# decide the overload; the lower bounds are shown with them.
ONDERGRENS_BSW = 10
ONDERGRENS_SW = 40

# The columns behind which `caseload_inwoners` lists the inwoners; the first three need a
# `waarde` (a key of their breakdown).
UITSPLITSINGEN = ("fase", "ontwikkelstadium", "doelgroep")
TELLINGEN = ("actief", "sw", "bsw", "zonder_iop", "evaluatie_te_laat", "norm_overschreden")
SCHULDHULP = "schuldhulp_te_laat"
KOLOMMEN = (*UITSPLITSINGEN, *TELLINGEN, SCHULDHULP)


@dataclass(frozen=True)
class Caseloadnorm:
    bsw_van: int
    bsw_tot: int
    sw_van: int
    sw_tot: int

    def overbelast(self, bsw: int, sw: int) -> bool:
        return bsw > self.bsw_tot or sw > self.sw_tot

    def as_dict(self) -> dict:
        return {"bsw_van": self.bsw_van, "bsw_tot": self.bsw_tot, "sw_van": self.sw_van,
                "sw_tot": self.sw_tot}  # fmt: skip


def _norm(waarden: dict[str, int]) -> Caseloadnorm:
    bsw, sw = waarden[inst.CASELOAD_BSW], waarden[inst.CASELOAD_SW]
    return Caseloadnorm(min(ONDERGRENS_BSW, bsw), bsw, min(ONDERGRENS_SW, sw), sw)


def laatste_start(peildatum: date, maanden: int) -> date:
    """The last start date whose norm of `maanden` months is reached on `peildatum`
    (`normen.grens(start, maanden) <= peildatum`), so `start <= laatste_start(...)` in SQL flags
    exactly what `normen.norm_niveau` flags. `peildatum - relativedelta(months=n)` alone is
    not enough at month ends: 31 August + 6 months is 28 February, but 28 February − 6 months
    is 28 August. `grens` never decreases as the start moves later, so the step up from there
    takes at most three days."""
    dag = timedelta(days=1)
    start = peildatum - relativedelta(months=maanden)
    while grens(start + dag, maanden) <= peildatum:
        start += dag
    return start


def definities(waarden: dict[str, int]) -> dict[str, str]:
    """The definition of every column, in Dutch, with the norms as they are set."""
    norm = _norm(waarden)
    return {
        "actief": "Inwoners binnen uw bereik met een open dossier en een regievoerder.",
        "fase": "De actieve inwoners naar de fase van hun lopende traject; 'geen lopend "
                "traject' als er geen traject loopt.",
        "ontwikkelstadium": "De actieve inwoners naar het ontwikkelstadium van hun lopende "
                            "traject; 'geen stadium' zonder lopend traject of zolang het "
                            "stadium niet is bepaald.",
        "doelgroep": "De actieve inwoners naar de labels die op de peildatum gelden; wie twee "
                     "labels heeft, telt bij beide mee, 'geen label' wie er geen heeft.",
        "sw": "Actieve inwoners met een SW-label (Wsw) dat op de peildatum geldt.",
        "bsw": "Actieve inwoners met een label beschut werk dat op de peildatum geldt.",
        "overbelast": f"Coaches met meer dan {norm.bsw_tot} beschut werkers of meer dan "
                      f"{norm.sw_tot} SW-medewerkers op hun caseload (norm {norm.bsw_van}–"
                      f"{norm.bsw_tot} BSW of {norm.sw_van}–{norm.sw_tot} SW); bij een team of "
                      "gemeente het aantal overbelaste coaches met inwoners daarin.",
        "zonder_iop": "Actieve inwoners met een lopend traject zonder vastgesteld "
                      "ontwikkelplan (IOP).",
        "evaluatie_te_laat": "Actieve inwoners met een vastgesteld ontwikkelplan waarvan de "
                             "volgende evaluatie vóór de peildatum gepland stond.",
        "norm_overschreden": "Actieve inwoners van wie het lopende traject de escalatienorm "
                             "heeft bereikt: werkfit (zelfstandig zoeken, ontwikkeling of "
                             f"matching) sinds {waarden[inst.UITSTROOM_ESCALATIE]} maanden of "
                             "langer zonder uitstroom, of in ontwikkeling sinds "
                             f"{waarden[inst.ONTWIKKELING_ESCALATIE]} maanden of langer zonder "
                             "lopende verlenging.",
        SCHULDHULP: "Open schuldhulptrajecten van inwoners binnen uw bereik waarvan de "
                    "eerstvolgende termijn (wettelijke termijn, NVVK-norm of einde "
                    "schuldregeling) vóór de peildatum lag; geteld bij de consulent, diens "
                    "team of de gemeente van het traject.",
    }  # fmt: skip


# --- result -----------------------------------------------------------------------------------


def _leeg(sleutels: Iterable[str]) -> dict[str, int]:
    return dict.fromkeys(sleutels, 0)


@dataclass
class Caseloadrij:
    """One coach, team or municipality (sleutel None: the totals)."""

    sleutel: uuid.UUID | str | None
    naam: str
    coaches: int = 0  # regievoerders with active inwoners in this row
    actief: int = 0
    fase: dict[str, int] = field(default_factory=lambda: _leeg(FASEN))
    ontwikkelstadium: dict[str, int] = field(default_factory=lambda: _leeg(STADIA))
    doelgroep: dict[str, int] = field(default_factory=lambda: _leeg(DOELGROEPEN))
    overbelast: int = 0  # overloaded coaches in this row (0 or 1 on a coach's row)
    zonder_iop: int = 0
    evaluatie_te_laat: int = 0
    norm_overschreden: int = 0
    schuldhulp_te_laat: int | None = None  # None: the actor may not see debt data

    @property
    def sw(self) -> int:
        return self.doelgroep[Label.SW_WSW.value]

    @property
    def bsw(self) -> int:
        return self.doelgroep[Label.BSW_NIEUW_BESCHUT.value]

    def as_dict(self) -> dict:
        result = {
            "sleutel": None if self.sleutel is None else str(self.sleutel), "naam": self.naam,
            "coaches": self.coaches, "actief": self.actief, "fase": dict(self.fase),
            "ontwikkelstadium": dict(self.ontwikkelstadium), "doelgroep": dict(self.doelgroep),
            "sw": self.sw, "bsw": self.bsw, "overbelast": self.overbelast,
            "zonder_iop": self.zonder_iop, "evaluatie_te_laat": self.evaluatie_te_laat,
            "norm_overschreden": self.norm_overschreden,
        }  # fmt: skip
        if self.schuldhulp_te_laat is not None:
            result[SCHULDHULP] = self.schuldhulp_te_laat
        return result

    def regel(self) -> dict[str, object]:
        """Flat: every count its own column (fase_MATCHING, doelgroep_SW_WSW …), for CSV."""
        data = self.as_dict()
        result: dict[str, object] = {}
        for key, value in data.items():
            if isinstance(value, dict):
                result.update({f"{key}_{k}": v for k, v in value.items()})
            else:
                result[key] = "" if value is None else value
        return result


@dataclass
class Caseloadoverzicht:
    niveau: Niveau
    peildatum: date
    norm: Caseloadnorm
    rijen: list[Caseloadrij]
    totaal: Caseloadrij
    definities: dict[str, str]
    schuldhulp: bool  # whether the debt column is there
    team_id: uuid.UUID | None = None
    gemeente_id: uuid.UUID | None = None

    def rij(self, sleutel: uuid.UUID | str | None) -> Caseloadrij | None:
        """The row of this key (None: the totals); None when there is no such row."""
        if sleutel is None:
            return self.totaal
        return next((r for r in self.rijen if r.sleutel == sleutel), None)

    def as_dict(self) -> dict:
        definities = dict(self.definities)
        if not self.schuldhulp:
            del definities[SCHULDHULP]
        return {
            "niveau": self.niveau.value, "peildatum": self.peildatum.isoformat(),
            "team_id": str(self.team_id) if self.team_id else None,
            "gemeente_id": str(self.gemeente_id) if self.gemeente_id else None,
            "norm": self.norm.as_dict(), "definities": definities,
            "labels": {k: WAARDE_LABELS[k] for k in (*FASEN, *STADIA, *DOELGROEPEN)},
            "rijen": [r.as_dict() for r in self.rijen], "totaal": self.totaal.as_dict(),
        }  # fmt: skip

    def kolommen(self) -> list[str]:
        """The CSV header: the keys of `regels()`."""
        return list(self.totaal.regel())

    def regels(self) -> list[dict[str, object]]:
        """One flat line per row and the totals last (sleutel empty, naam 'Totaal')."""
        return [r.regel() for r in (*self.rijen, self.totaal)]


# --- the population and the definitions -------------------------------------------------------


@dataclass(frozen=True)
class _Gemeenten:
    nu: dict[uuid.UUID, uuid.UUID]  # every municipality → today's (itself when not merged)
    naam: dict[uuid.UUID, str]
    id_van: dict[str, uuid.UUID]

    def vandaag(self, kolom) -> ColumnElement:
        """Today's municipality of a gemeente column, in SQL (a CASE over the merged ones)."""
        verschil = {oud: nieuw for oud, nieuw in self.nu.items() if oud != nieuw}
        if not verschil:
            return kolom
        return case(*((kolom == oud, literal(nieuw, Uuid())) for oud, nieuw in verschil.items()),
                    else_=kolom)  # fmt: skip

    def met_opvolger(self, gemeente_id: uuid.UUID) -> list[uuid.UUID]:
        """Every municipality that is today `gemeente_id` (itself and those merged into it)."""
        return [oud for oud, nieuw in self.nu.items() if nieuw == gemeente_id]


def _gemeenten(session: Session) -> _Gemeenten:
    rows = session.execute(select(Gemeente.id, Gemeente.naam, Gemeente.opvolger_id)).all()
    opvolger = {i: o for i, _n, o in rows}
    nu = {}
    for gemeente_id in opvolger:
        huidige, gezien = gemeente_id, set()
        while opvolger.get(huidige) is not None and huidige not in gezien:  # as Gemeente.huidige
            gezien.add(huidige)
            huidige = opvolger[huidige]
        nu[gemeente_id] = huidige
    return _Gemeenten(nu, {i: n for i, n, _o in rows}, {n: i for i, n, _o in rows})


@dataclass(frozen=True)
class _Basis:
    """The population subquery (inwoner_id, coach_id, sleutel) and what the definitions need."""

    pop: Subquery
    peildatum: date
    uitstroom_start: date  # werkfit on or before this date: the outflow norm is escalated
    ontwikkeling_start: date  # in development on or before: the development norm is escalated


def _filter_gemeente(
    gemeenten: _Gemeenten, gemeente_id: uuid.UUID | None
) -> list[uuid.UUID] | None:
    if gemeente_id is None:
        return None
    if gemeente_id not in gemeenten.nu:
        raise NotFoundError("Deze gemeente bestaat niet.", field="gemeente")
    return gemeenten.met_opvolger(gemeenten.nu[gemeente_id])


def _check_team(session: Session, team_id: uuid.UUID | None) -> None:
    if team_id is not None and session.get(Team, team_id) is None:
        raise NotFoundError("Dit team bestaat niet.", field="team")


def _basis(
    session: Session, actor: Medewerker, niveau: Niveau, peildatum: date,
    waarden: dict[str, int], gemeenten: _Gemeenten, team_id: uuid.UUID | None,
    gemeente_ids: list[uuid.UUID] | None,
) -> _Basis:  # fmt: skip
    if niveau == Niveau.COACH:
        sleutel = Inwoner.regievoerder_id
    elif niveau == Niveau.TEAM:
        sleutel = Medewerker.team_id
    else:
        sleutel = gemeenten.vandaag(Inwoner.betaalgemeente_id)
    query = select(Inwoner.id.label("inwoner_id"), Inwoner.regievoerder_id.label("coach_id"),
                   sleutel.label("sleutel")).where(
        Inwoner.dossier_gesloten_op.is_(None), Inwoner.regievoerder_id.is_not(None),
        in_lijst(actor))  # fmt: skip
    if niveau == Niveau.TEAM:
        query = query.join(Medewerker, Medewerker.id == Inwoner.regievoerder_id)
    if actor.team_id is not None and not actor.rollen & BREAK_THE_GLASS:
        # A team lead steers their own coaches: the debt clients of their consulenten that
        # other teams are regievoerder of stay in those teams' overviews.
        query = query.where(
            Inwoner.regievoerder_id.in_(
                select(Medewerker.id).where(Medewerker.team_id == actor.team_id)
            )
        )
    if team_id is not None:
        query = query.where(
            Inwoner.regievoerder_id.in_(select(Medewerker.id).where(Medewerker.team_id == team_id))
        )
    if gemeente_ids is not None:
        query = query.where(Inwoner.betaalgemeente_id.in_(gemeente_ids))
    return _Basis(query.subquery("populatie"), peildatum,
                  laatste_start(peildatum, waarden[inst.UITSTROOM_ESCALATIE]),
                  laatste_start(peildatum, waarden[inst.ONTWIKKELING_ESCALATIE]))  # fmt: skip


def _met_traject(b: _Basis) -> FromClause:
    """The population with its running trajectory, if any (at most one per inwoner)."""
    return b.pop.outerjoin(Traject, and_(Traject.inwoner_id == b.pop.c.inwoner_id,
                                         Traject.fase != TrajectFase.AFGESLOTEN))  # fmt: skip


def _met_labels(b: _Basis) -> FromClause:
    """The population with each label valid on the peildatum (none: one row without)."""
    return b.pop.outerjoin(InwonerLabel, and_(InwonerLabel.inwoner_id == b.pop.c.inwoner_id,
                                              InwonerLabel.geldig_op_sql(b.peildatum)))  # fmt: skip


def _vastgesteld_plan(b: _Basis, *extra) -> ColumnElement[bool]:
    return exists().where(Ontwikkelplan.inwoner_id == b.pop.c.inwoner_id,
                          Ontwikkelplan.status == PlanStatus.VASTGESTELD, *extra)  # fmt: skip


def _voorwaarde(b: _Basis, kolom: str, waarde: str | None = None) -> ColumnElement[bool]:
    """The definition of a column over `_met_traject(b)`: one place for count and list."""
    if kolom == "actief":
        return true()
    if kolom == "fase":
        if waarde == GEEN_TRAJECT:
            return Traject.id.is_(None)
        return Traject.fase == TrajectFase(waarde)
    if kolom == "ontwikkelstadium":
        if waarde == GEEN_STADIUM:
            return Traject.ontwikkelstadium.is_(None)
        return Traject.ontwikkelstadium == Ontwikkelstadium(waarde)
    if kolom == "zonder_iop":
        return and_(Traject.id.is_not(None), ~_vastgesteld_plan(b))
    if kolom == "evaluatie_te_laat":
        return _vastgesteld_plan(b, Ontwikkelplan.volgende_evaluatie < b.peildatum)
    if kolom == "norm_overschreden":
        # Month-based norms decided exactly as `normen.norm_niveau` does (see laatste_start).
        verlengd = Traject.verlengd_tot >= b.peildatum
        return or_(
            and_(Traject.fase.in_(WERKFIT_FASEN), Traject.werkfit_sinds <= b.uitstroom_start),
            and_(Traject.fase == TrajectFase.ONTWIKKELING,
                 Traject.ontwikkeling_sinds <= b.ontwikkeling_start,
                 or_(Traject.verlengd_tot.is_(None), ~verlengd)))  # fmt: skip
    raise ValueError(kolom)


def _doelgroep_voorwaarde(waarde: str) -> ColumnElement[bool]:
    """The definition of a doelgroep over `_met_labels(b)`."""
    if waarde == GEEN_LABEL:
        return InwonerLabel.id.is_(None)
    return InwonerLabel.label == Label(waarde)


_GETELD = (*(("fase", f) for f in FASEN), *(("ontwikkelstadium", s) for s in STADIA),
           ("zonder_iop", None), ("evaluatie_te_laat", None),
           ("norm_overschreden", None))  # fmt: skip


# --- the overview -----------------------------------------------------------------------------


def _niveau(niveau: Niveau | str) -> Niveau:
    try:
        return Niveau(niveau)
    except ValueError:
        raise ValidationError({"niveau": "Kies het niveau coach, team of gemeente."}) from None


def _rijsleutel(sleutel: uuid.UUID | None, niveau: Niveau) -> uuid.UUID | str:
    return ZONDER_TEAM if sleutel is None and niveau == Niveau.TEAM else sleutel


def caseload(
    session: Session, *, actor: Medewerker, niveau: Niveau | str, peildatum: date | None = None,
    team_id: uuid.UUID | None = None, gemeente_id: uuid.UUID | None = None,
) -> Caseloadoverzicht:  # fmt: skip
    """One row per coach (regievoerder), team or municipality (today's, for the paying
    municipality) with active inwoners or late debt deadlines, sorted by name, and the totals.
    `team_id` keeps the coaches of one team; `gemeente_id` the inwoners paid by one of today's
    municipalities (a merged one counts as its successor)."""
    vereis(actor, Gegeven.RAPPORTAGE, Recht.LEZEN)
    niveau = _niveau(niveau)
    peil = peildatum or date.today()
    _check_team(session, team_id)
    gemeenten = _gemeenten(session)
    gemeente_ids = _filter_gemeente(gemeenten, gemeente_id)
    waarden = inst.alle_instellingen(session)
    norm = _norm(waarden)
    b = _basis(session, actor, niveau, peil, waarden, gemeenten, team_id, gemeente_ids)

    rijen: dict[uuid.UUID | str, Caseloadrij] = {}

    def rij(sleutel) -> Caseloadrij:
        sleutel = _rijsleutel(sleutel, niveau)
        if sleutel not in rijen:
            rijen[sleutel] = Caseloadrij(sleutel, "")
        return rijen[sleutel]

    # Phase, stage and the overdue counts: one pass over the population and its trajectory.
    telling = [func.count()] + [func.sum(case((_voorwaarde(b, k, w), 1), else_=0))
                                for k, w in _GETELD]  # fmt: skip
    for sleutel, actief, *aantallen in session.execute(
            select(b.pop.c.sleutel, *telling).select_from(_met_traject(b))
            .group_by(b.pop.c.sleutel)):  # fmt: skip
        r = rij(sleutel)
        r.actief = actief
        for (kolom, waarde), aantal in zip(_GETELD, aantallen, strict=True):
            if waarde is None:
                setattr(r, kolom, int(aantal or 0))
            else:
                getattr(r, kolom)[waarde] = int(aantal or 0)

    # Doelgroep per row and coach: the row totals, and each coach's caseload for the overload.
    coaches: dict[uuid.UUID | str, set[uuid.UUID]] = defaultdict(set)
    per_coach: dict[uuid.UUID, Counter[str]] = defaultdict(Counter)
    for sleutel, coach_id, label, aantal in session.execute(
            select(b.pop.c.sleutel, b.pop.c.coach_id, InwonerLabel.label,
                   func.count(b.pop.c.inwoner_id.distinct()))
            .select_from(_met_labels(b))
            .group_by(b.pop.c.sleutel, b.pop.c.coach_id, InwonerLabel.label)):  # fmt: skip
        waarde = GEEN_LABEL if label is None else label.value
        r = rij(sleutel)
        r.doelgroep[waarde] += aantal
        coaches[r.sleutel].add(coach_id)
        per_coach[coach_id][waarde] += aantal
    sw, bsw = Label.SW_WSW.value, Label.BSW_NIEUW_BESCHUT.value
    overbelast = {c for c, n in per_coach.items() if norm.overbelast(n[bsw], n[sw])}
    for sleutel, ids in coaches.items():
        rijen[sleutel].coaches = len(ids)
        rijen[sleutel].overbelast = len(ids & overbelast)

    schuldhulp = mag_actor(actor, Gegeven.SCHULDHULP, Recht.LEZEN)
    te_laat: list[tuple[uuid.UUID | str, uuid.UUID]] = []
    if schuldhulp:
        te_laat = _schuldhulp_te_laat(session, actor, niveau, peil, gemeenten, team_id,
                                      gemeente_ids)  # fmt: skip
        for r in rijen.values():
            r.schuldhulp_te_laat = 0
        for sleutel, _inwoner in te_laat:
            r = rij(sleutel)
            r.schuldhulp_te_laat = (r.schuldhulp_te_laat or 0) + 1

    namen = _namen(session, niveau, gemeenten, [s for s in rijen if isinstance(s, uuid.UUID)])
    for r in rijen.values():
        r.naam = namen.get(r.sleutel, "Zonder team" if r.sleutel == ZONDER_TEAM else "?")
    gesorteerd = sorted(
        rijen.values(), key=lambda r: (r.sleutel == ZONDER_TEAM, r.naam.casefold(), str(r.sleutel))
    )
    totaal = _totaal(gesorteerd, len(set().union(*coaches.values())), len(overbelast),
                     len(te_laat) if schuldhulp else None)  # fmt: skip
    return Caseloadoverzicht(niveau, peil, norm, gesorteerd, totaal, definities(waarden),
                             schuldhulp, team_id, gemeente_id)  # fmt: skip


def _totaal(rijen: list[Caseloadrij], coaches: int, overbelast: int,
            schuldhulp: int | None) -> Caseloadrij:  # fmt: skip
    """The sums of the rows; coaches and overload counted once (at gemeente level a coach can
    be in several rows)."""
    t = Caseloadrij(None, "Totaal", coaches=coaches, overbelast=overbelast,
                    schuldhulp_te_laat=schuldhulp)  # fmt: skip
    for r in rijen:
        t.actief += r.actief
        t.zonder_iop += r.zonder_iop
        t.evaluatie_te_laat += r.evaluatie_te_laat
        t.norm_overschreden += r.norm_overschreden
        for naam in UITSPLITSINGEN:
            som = getattr(t, naam)
            for k, v in getattr(r, naam).items():
                som[k] += v
    return t


def _namen(session: Session, niveau: Niveau, gemeenten: _Gemeenten,
           ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:  # fmt: skip
    if niveau == Niveau.GEMEENTE:
        return gemeenten.naam
    model = Medewerker if niveau == Niveau.COACH else Team
    return dict(session.execute(select(model.id, model.naam).where(model.id.in_(ids))).all())


def _schuldhulp_te_laat(
    session: Session, actor: Medewerker, niveau: Niveau, peildatum: date,
    gemeenten: _Gemeenten, team_id: uuid.UUID | None, gemeente_ids: list[uuid.UUID] | None,
) -> list[tuple[uuid.UUID | str, uuid.UUID]]:  # fmt: skip
    """(row key, inwoner) of each open schuldhulptraject in scope whose next deadline is past:
    the consulent, the consulent's team or today's municipality of the trajectory. The inwoner
    needs no regievoerder: many debt clients have none."""
    S = Schuldhulptraject
    binnen = select(Inwoner.id).where(Inwoner.dossier_gesloten_op.is_(None), in_lijst(actor))
    voorwaarden = [S.inwoner_id.in_(binnen)]
    if team_id is not None:
        voorwaarden.append(
            S.consulent_id.in_(select(Medewerker.id).where(Medewerker.team_id == team_id))
        )
    if gemeente_ids is not None:
        voorwaarden.append(S.gemeente_id.in_(gemeente_ids))
    rijen = [r for r in open_trajecten(session, and_(*voorwaarden))
             if r.volgende is not None and r.dagen_over(peildatum) < 0]  # fmt: skip
    if niveau == Niveau.COACH:
        return [(r.consulent_id, r.inwoner_id) for r in rijen]
    if niveau == Niveau.GEMEENTE:
        return [(gemeenten.nu[gemeenten.id_van[r.gemeente]], r.inwoner_id) for r in rijen]
    team = dict(session.execute(select(Medewerker.id, Medewerker.team_id).where(
        Medewerker.id.in_({r.consulent_id for r in rijen}))).all())  # fmt: skip
    return [(_rijsleutel(team[r.consulent_id], niveau), r.inwoner_id) for r in rijen]


# --- click-through ----------------------------------------------------------------------------


def _sleutel(niveau: Niveau, sleutel: uuid.UUID | str | None) -> uuid.UUID | str | None:
    if sleutel is None or isinstance(sleutel, uuid.UUID):
        return sleutel
    if niveau == Niveau.TEAM and sleutel == ZONDER_TEAM:
        return sleutel
    try:
        return uuid.UUID(sleutel)
    except ValueError:
        raise ValidationError({"sleutel": f"Onbekende regel: {sleutel}."}) from None


def _check_kolom(kolom: str, waarde: str | None) -> None:
    if kolom not in KOLOMMEN:
        raise ValidationError({"kolom": f"Onbekende kolom: {kolom}. Kies uit "
                                        f"{', '.join(KOLOMMEN)}."})  # fmt: skip
    geldig = {"fase": FASEN, "ontwikkelstadium": STADIA, "doelgroep": DOELGROEPEN}.get(kolom)
    if geldig is not None and waarde not in geldig:
        raise ValidationError({"waarde": f"Kies bij {kolom} een van: {', '.join(geldig)}."})


def caseload_inwoners(
    session: Session, *, actor: Medewerker, niveau: Niveau | str,
    sleutel: uuid.UUID | str | None, kolom: str, waarde: str | None = None,
    peildatum: date | None = None, team_id: uuid.UUID | None = None,
    gemeente_id: uuid.UUID | None = None,
) -> list[uuid.UUID]:  # fmt: skip
    """The inwoners behind one number of `caseload(...)` with the same arguments, in name
    order: the row `sleutel` (None: the totals; ZONDER_TEAM: coaches without a team) and the
    column `kolom` (one of KOLOMMEN; fase, ontwikkelstadium and doelgroep with a `waarde`, a key
    of their breakdown)."""
    vereis(actor, Gegeven.RAPPORTAGE, Recht.LEZEN)
    niveau = _niveau(niveau)
    sleutel = _sleutel(niveau, sleutel)
    _check_kolom(kolom, waarde)
    peil = peildatum or date.today()
    _check_team(session, team_id)
    gemeenten = _gemeenten(session)
    gemeente_ids = _filter_gemeente(gemeenten, gemeente_id)
    if kolom == SCHULDHULP:
        vereis(actor, Gegeven.SCHULDHULP, Recht.LEZEN)
        te_laat = _schuldhulp_te_laat(session, actor, niveau, peil, gemeenten, team_id,
                                      gemeente_ids)  # fmt: skip
        ids = {i for s, i in te_laat if sleutel is None or s == sleutel}
        return _op_naam(session, list(ids))
    waarden = inst.alle_instellingen(session)
    b = _basis(session, actor, niveau, peil, waarden, gemeenten, team_id, gemeente_ids)
    if kolom in ("sw", "bsw", "doelgroep"):
        label = {"sw": Label.SW_WSW.value, "bsw": Label.BSW_NIEUW_BESCHUT.value}.get(kolom, waarde)
        query = (
            select(b.pop.c.inwoner_id)
            .select_from(_met_labels(b))
            .where(_doelgroep_voorwaarde(label))
        )
    else:
        query = (
            select(b.pop.c.inwoner_id)
            .select_from(_met_traject(b))
            .where(_voorwaarde(b, kolom, waarde))
        )
    if sleutel == ZONDER_TEAM:
        query = query.where(b.pop.c.sleutel.is_(None))
    elif sleutel is not None:
        query = query.where(b.pop.c.sleutel == sleutel)
    return _op_naam(session, query)


def _op_naam(session: Session, ids) -> list[uuid.UUID]:
    return list(session.scalars(select(Inwoner.id).where(Inwoner.id.in_(ids))
                                .order_by(Inwoner.sorteernaam, Inwoner.id)))  # fmt: skip
