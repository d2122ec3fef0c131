"""Import and export of ontwikkelplannen with their goals and agreements (`koers import
ontwikkelplannen`, `koers export ontwikkelplannen`): three files, in the layouts `PLANNEN`,
`DOELEN` and `AFSPRAKEN`.

A plan names its inwoner by the inwoner's source key (so the inwoners are imported first) and
keeps a key of its own, by which its goals and agreements name it and a later version names the
version it follows (`vorige`). A key may also be a record's own id in Koers: that is what the
export writes for an inwoner or plan without a source key. Every line of the three files is
checked with the plan service's rules (`ontwikkelplannen._check`, `ontbreekt_voor_vaststellen`,
the signatures `vaststellen` asks for) and those of the plan's lifecycle (one vastgesteld and
one concept plan per inwoner and type, each plan version once), against the files and Koers
together; one error in any file and nothing is imported. A plan imported before (same key) is
skipped with its goals and agreements. A functioneel beheerder runs it (the migration right);
every plan written or exported is in the audit trail. The link to a traject and the
evaluations do not move: they have no source keys yet.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    AuditActie,
    AuditRecord,
    Begeleidingsregime,
    Bronsleutel,
    DoelStatus,
    Intensiteit,
    Inwoner,
    Medewerker,
    Ontwikkelafspraak,
    Ontwikkeldoel,
    Ontwikkelplan,
    Partij,
    PlanStatus,
    PlanType,
    Setting,
    Werkniveau,
)
from app.services.audit import next_moment, velden_json
from app.services.bulk import na_grote_load
from app.services.errors import ValidationError, gelijktijdig_bewaakt
from app.services.importverslag import (
    Bestand,
    ImportResult,
    Regelbasis,
    afronden,
    als_id,
    dubbele_sleutels,
    in_delen,
    open_bestand,
    schrijf_export,
    schrijf_foutenverslag,
)
from app.services.inwoner_import import ENTITEIT as INWONER
from app.services.koppeling import Formaat, Kolom, Koppeling
from app.services.ontwikkelplannen import (
    STANDAARD_INTERVAL_MAANDEN,
    PlanGegevens,
    RegimeGegevens,
    _check,  # the concept form's field rules, kept in one place
    ontbreekt_voor_vaststellen,
)
from app.services.rechten import Gegeven, Recht, vereis
from app.services.text import format_date, nl_int, opsomming, parse_date

ENTITEIT = "ontwikkelplan"  # goals and agreements have no key of their own: plan + volgnummer
_PLAN = ("de sleutel van het plan, zoals in het bestand met ontwikkelplannen (of het id in "
         "Koers)")  # fmt: skip
PLANNEN = Formaat("ontwikkelplannen", "Ontwikkelplannen", (
    Kolom("sleutel", "de sleutel van het plan in het bronsysteem; doelen, afspraken en een "
          "volgende versie noemen het plan hiermee", True, synoniemen=("plannummer", "id")),
    Kolom("inwoner", "de sleutel van de inwoner, zoals in het bestand met inwoners (daar leeg: "
          "het BSN)", True, synoniemen=("klantnummer", "inwonersleutel", "client", "klant")),
    Kolom("type", "de soort plan", True, codes=PlanType, synoniemen=("plantype", "soort")),
    Kolom("planversie", "het versienummer: 1, 2 …; elke versie één keer per inwoner en type",
          True, synoniemen=("versienummer", "versie")),
    Kolom("vorige", "de sleutel van de versie die dit plan opvolgt (leeg: geen)",
          synoniemen=("vorigeversie", "vorige_versie")),
    Kolom("status", "waar het plan staat", True, codes=PlanStatus),
    Kolom("eigenaar", "gebruikersnaam in Koers van wie het plan heeft (leeg: niemand)",
          synoniemen=("coach", "jobcoach", "medewerker")),
    Kolom("periode_van", "begin van de planperiode: dd-mm-jjjj of jjjj-mm-dd",
          synoniemen=("begindatum",)),
    Kolom("periode_tot", "einde van de planperiode", synoniemen=("einddatum",)),
    Kolom("talenten", "talenten"),
    Kolom("drijfveren", "drijfveren"),
    Kolom("zwakten", "zwakten"),
    Kolom("ontwikkelmogelijkheden", "ontwikkelmogelijkheden", synoniemen=("kansen",)),
    Kolom("bedreigingen", "bedreigingen"),
    Kolom("leefgebieden", "andere leefgebieden die het werk beïnvloeden"),
    Kolom("metingen", "samenvatting van metingen en onderzoek (Melba, ABC, AD&A)"),
    Kolom("ontwikkelpotentieel", "het ontwikkelpotentieel; nodig voor een vastgesteld plan"),
    Kolom("werkniveau_start", "werkniveau bij de start: een niveau van de werkniveauschaal"),
    Kolom("werkniveau_doel", "beoogd werkniveau: een niveau van de werkniveauschaal"),
    Kolom("evaluatie_interval_maanden", "evalueer elke … maanden, 1 tot en met 24 (leeg: 6)",
          synoniemen=("evaluatie_interval",)),
    Kolom("vastgesteld_op", "datum van vaststelling; nodig voor een vastgesteld of vervangen "
          "plan, leeg bij een concept"),
    Kolom("ondertekend_inwoner_op", "datum waarop de inwoner tekende; nodig voor een "
          "vastgesteld plan"),
    Kolom("ondertekend_coach_op", "datum waarop de coach tekende; nodig voor een vastgesteld "
          "plan"),
    Kolom("volgende_evaluatie", "datum van de volgende evaluatie; nodig voor een vastgesteld "
          "plan"),
    Kolom("afgesloten_op", "datum van afsluiten; alleen en verplicht bij een afgesloten plan"),
    Kolom("afsluitreden", "waarom het plan is afgesloten; alleen en verplicht bij een "
          "afgesloten plan"),
    Kolom("begeleider", "begeleidingsregime: wie begeleidt (dit en de vier volgende leeg: geen "
          "regime)"),
    Kolom("intensiteit", "begeleidingsregime: hoe intensief", codes=Intensiteit),
    Kolom("contactfrequentie", "begeleidingsregime: hoe vaak er contact is"),
    Kolom("setting", "begeleidingsregime: waar de begeleiding is", codes=Setting),
    Kolom("agogisch", "begeleidingsregime: intensieve agogische begeleiding, ja of nee (leeg: "
          "nee)"),
))  # fmt: skip
DOELEN = Formaat("doelen", "Ontwikkeldoelen", (
    Kolom("plan", _PLAN, True, synoniemen=("plansleutel", "plannummer")),
    Kolom("volgnummer", "de plaats van het doel in het plan: 1, 2 …", True,
          synoniemen=("volgorde", "nummer", "nr")),
    Kolom("omschrijving", "het doel", True, synoniemen=("doel", "ontwikkeldoel")),
    Kolom("competentie", "de competentie die het doel ontwikkelt"),
    Kolom("instrument", "het instrument of de plek"),
    Kolom("verantwoordelijke", "wie ervoor verantwoordelijk is"),
    Kolom("streefdatum", "wanneer het doel bereikt moet zijn: dd-mm-jjjj of jjjj-mm-dd",
          synoniemen=("deadline",)),
    Kolom("status", "hoe het doel ervoor staat (leeg: OPEN)", codes=DoelStatus),
))  # fmt: skip
AFSPRAKEN = Formaat("afspraken", "Ontwikkelafspraken", (
    Kolom("plan", _PLAN, True, synoniemen=("plansleutel", "plannummer")),
    Kolom("volgnummer", "de plaats van de afspraak in het plan: 1, 2 …", True,
          synoniemen=("volgorde", "nummer", "nr")),
    Kolom("omschrijving", "de afspraak", True, synoniemen=("afspraak", "ontwikkelafspraak")),
    Kolom("partij", "wie de afspraak nakomt", True, codes=Partij),
    Kolom("verplichting", "ja als niet nakomen tot een maatregelonderzoek kan leiden; nee of "
          "leeg: geen verplichting"),
))  # fmt: skip
FORMATEN = (PLANNEN, DOELEN, AFSPRAKEN)
RESULTAAT = ("ontwikkelplan", "ontwikkelplannen")
CHUNK = 5_000
_GETAL = re.compile(r"[0-9]{1,9}")  # fits an INTEGER column on every database
_TEKSTEN = ("talenten", "drijfveren", "zwakten", "ontwikkelmogelijkheden", "bedreigingen",
            "leefgebieden", "metingen", "ontwikkelpotentieel")  # fmt: skip
_DATUMS = ("periode_van", "periode_tot", "vastgesteld_op", "ondertekend_inwoner_op",
           "ondertekend_coach_op", "volgende_evaluatie", "afgesloten_op")  # fmt: skip
_REGIME = ("begeleider", "intensiteit", "contactfrequentie", "setting", "agogisch")
# What a plan of each status carries, as `vaststellen` and `afsluiten` leave it.
_NODIG = {
    PlanStatus.VASTGESTELD: ("vastgesteld_op", "ondertekend_inwoner_op", "ondertekend_coach_op",
                             "volgende_evaluatie"),
    PlanStatus.VERVANGEN: ("vastgesteld_op",),
    PlanStatus.AFGESLOTEN: ("afgesloten_op", "afsluitreden"),
}  # fmt: skip
_WAT = {
    "vastgesteld_op": "de datum waarop het is vastgesteld",
    "ondertekend_inwoner_op": "de datum waarop de inwoner het heeft ondertekend",
    "ondertekend_coach_op": "de datum waarop de coach het heeft ondertekend",
    "volgende_evaluatie": "de datum van de volgende evaluatie",
    "afgesloten_op": "de datum waarop het is afgesloten",
    "afsluitreden": "de reden waarom het is afgesloten",
}
_VERLEDEN = ("vastgesteld_op", "ondertekend_inwoner_op", "ondertekend_coach_op", "afgesloten_op")

# (plan id, inwoner id, type, planversie) of a plan in Koers or in the file
_Versie = tuple[uuid.UUID, uuid.UUID | None, PlanType | None, int | None]


@dataclass
class PlanImportResult(ImportResult):
    """One result for the set of files. `aantal` and `overgeslagen` count plans; `doelen` and
    `afspraken` the goals and agreements of the new plans; `bestanden` holds each file's own
    messages for its error report (`schrijf_foutenverslagen`)."""

    doelen: int = 0
    afspraken: int = 0
    bestanden: list[ImportResult] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "doelen": self.doelen, "afspraken": self.afspraken}

    def summary(self) -> str:
        if self.fouten or self.aantal == self.overgeslagen:
            return super().summary()
        doelen = f"{nl_int(self.doelen)} {'doel' if self.doelen == 1 else 'doelen'}"
        woord = "afspraak" if self.afspraken == 1 else "afspraken"
        return f"{super().summary()} Daarbij {doelen} en {nl_int(self.afspraken)} {woord}."


@dataclass
class _Plan:
    """One plan line read: the ontwikkelplan row and the rows that belong to it."""

    regel: int
    sleutel: str
    inwoner: str  # the key as the file gives it, for messages
    vorige: str
    rij: dict[str, Any]
    regime: dict[str, Any] | None
    doelen: list[dict[str, Any]]
    afspraken: list[dict[str, Any]]


@dataclass
class _Context:
    inwoners: dict[str, uuid.UUID]  # key in the file → inwoner id
    medewerkers: dict[str, uuid.UUID]  # username → id
    niveaus: set[int]
    today: date


class _Voortgang:
    """Lines checked and rows written, each counting one, reported every few hundred."""

    def __init__(self, melden: Callable[[int, int], None] | None, totaal: int) -> None:
        self.melden, self.totaal, self.gedaan = melden, totaal, 0

    def stap(self, n: int = 1) -> None:
        voor, self.gedaan = self.gedaan, self.gedaan + n
        if self.melden is not None and self.gedaan // 500 > voor // 500:
            self.melden(self.gedaan, self.totaal)

    def klaar(self) -> None:
        if self.melden is not None:
            self.melden(self.totaal, self.totaal)


class _Regel(Regelbasis):
    """A line of a plan file, with the readers its columns need."""

    def tekst(self, veld: str, *, verplicht: str | None = None, lengte: int | None = None) -> str:
        tekst = self.w[veld]
        if not tekst and verplicht:
            self.weiger(verplicht, veld)
        elif lengte is not None and len(tekst) > lengte:
            self.weiger(f"{veld} is te lang: hoogstens {lengte} tekens", veld)
        return tekst

    def datum(self, veld: str) -> date | None:
        if not self.w[veld]:
            return None
        datum = parse_date(self.w[veld])
        if datum is None:
            self.weiger(f"{veld} '{self.w[veld]}' is geen geldige datum; gebruik dd-mm-jjjj of "
                        "jjjj-mm-dd", veld)  # fmt: skip
        return datum

    def getal(self, veld: str, *, verplicht: str | None = None) -> int | None:
        """A whole number; a required one (a version, a place in the plan) is 1 or more."""
        tekst = self.w[veld]
        if not tekst:
            if verplicht:
                self.weiger(verplicht, veld)
            return None
        if not _GETAL.fullmatch(tekst) or (verplicht and int(tekst) == 0):
            bereik = " van 1 of meer" if verplicht else ""
            self.weiger(f"{veld} '{tekst}' is geen geheel getal{bereik}", veld)
            return None
        return int(tekst)

    def code(self, veld: str, *, verplicht: str | None = None) -> Any:
        tekst = self.w[veld]
        if not tekst and verplicht:
            self.weiger(verplicht, veld)
        return self.gecodeerd(veld, tekst)


def import_plannen(
    session: Session,
    *,
    actor: Medewerker,
    plannen: Path,
    doelen: Path | None = None,
    afspraken: Path | None = None,
    dry_run: bool,
    koppelingen: dict[str, Koppeling] | None = None,
    voortgang: Callable[[int, int], None] | None = None,
    today: date | None = None,
) -> PlanImportResult:
    """Check every line of the files and, when all are valid and it is not a dry run, add the
    plans that are not in Koers yet (by source key) with their guidance regime, goals and
    agreements. `koppelingen` maps a layout's name ("ontwikkelplannen", "doelen", "afspraken")
    to its mapping; without one a file is in Koers' own layout. The caller owns the
    transaction; `voortgang(done, total)` counts checking and writing a line as one each."""
    vereis(actor, Gegeven.VERHUIZING, Recht.WIJZIGEN)
    paden = [(formaat, pad) for formaat, pad in zip(FORMATEN, (plannen, doelen, afspraken),
                                                    strict=True) if pad is not None]  # fmt: skip
    result = PlanImportResult(bestand=opsomming([str(pad) for _f, pad in paden]),
                              dry_run=dry_run, woorden=RESULTAAT)  # fmt: skip
    bestanden = [open_bestand(formaat, pad, (koppelingen or {}).get(formaat.entiteit))
                 for formaat, pad in paden]  # fmt: skip
    if any(b.onleesbaar or b.fouten for b in bestanden):
        return afronden(result, bestanden)
    plan_b, *onderdeel_b = bestanden
    stappen = _Voortgang(voortgang, 2 * sum(len(b.rijen) for b in bestanden))

    sleutels = [w["sleutel"] for _r, w in plan_b.rijen if w["sleutel"]]
    dubbel = dubbele_sleutels(plan_b)
    bekend = _plannen(session, set(sleutels) | {w["vorige"] for _r, w in plan_b.rijen})
    ctx = _Context(
        inwoners=_inwoners(session, {w["inwoner"] for _r, w in plan_b.rijen if w["inwoner"]}),
        medewerkers=dict(session.execute(select(Medewerker.gebruikersnaam, Medewerker.id)).all()),
        niveaus=set(session.scalars(select(Werkniveau.niveau))),
        today=today or date.today(),
    )
    onderdelen: dict[str, dict[str, list[dict[str, Any]]]] = {
        "doelen": defaultdict(list), "afspraken": defaultdict(list)}  # fmt: skip
    for b in onderdeel_b:
        _lees_onderdelen(b, set(sleutels), plan_b.pad.name, onderdelen[b.formaat.entiteit],
                         stappen)  # fmt: skip
    gelezen = []
    for regel, w in plan_b.rijen:
        gelezen.append(_lees_plan(_Regel(plan_b, regel, w), ctx, onderdelen["doelen"][w["sleutel"]],
                                  onderdelen["afspraken"][w["sleutel"]]))  # fmt: skip
        stappen.stap()
    nieuw = [p for p in gelezen if p.sleutel not in bekend and p.sleutel not in dubbel]
    _samenhang(session, plan_b, nieuw, bekend)

    result.aantal = len({regel for regel, _ in plan_b.rijen} - plan_b.fouten.lines())
    result.overgeslagen = sum(1 for sleutel in sleutels if sleutel in bekend)
    result.doelen = sum(len(p.doelen) for p in nieuw)
    result.afspraken = sum(len(p.afspraken) for p in nieuw)
    if any(b.fouten for b in bestanden):
        return afronden(result, bestanden)
    if not dry_run:
        # A colleague may add a concept or version between the check and the insert; the
        # unique indexes then refuse it, as they do for the plan service.
        with gelijktijdig_bewaakt("Een ontwikkelplan van een van deze inwoners", uniek=True):
            _schrijf(session, actor, nieuw, stappen)
        na_grote_load(session, len(nieuw))
    stappen.klaar()
    return afronden(result, bestanden)


def _inwoners(session: Session, sleutels: set[str]) -> dict[str, uuid.UUID]:
    """Key in the file → inwoner id: the inwoner's source key, else its own id in Koers."""
    result: dict[str, uuid.UUID] = {}
    for deel in in_delen(sorted(sleutels)):
        result.update(session.execute(
            select(Bronsleutel.sleutel, Inwoner.id)
            .join(Inwoner, Inwoner.id == Bronsleutel.record_id)
            .where(Bronsleutel.entiteit == INWONER, Bronsleutel.sleutel.in_(deel))
        ).all())  # fmt: skip
    ids = {i: s for s in sleutels - result.keys() if (i := als_id(s)) is not None}
    for deel in in_delen(list(ids)):
        for inwoner_id in session.scalars(select(Inwoner.id).where(
                Inwoner.id.in_(deel), Inwoner.bsn.is_not(None))):  # fmt: skip
            result[ids[inwoner_id]] = inwoner_id
    return result


def _plannen(session: Session, sleutels: set[str]) -> dict[str, _Versie]:
    """The plans in Koers these keys name: by source key, else by their own id."""
    kolommen = (Ontwikkelplan.id, Ontwikkelplan.inwoner_id, Ontwikkelplan.type,
                Ontwikkelplan.planversie)  # fmt: skip
    result: dict[str, _Versie] = {}
    for deel in in_delen(sorted(sleutels - {""})):
        for sleutel, plan_id, inwoner_id, soort, planversie in session.execute(
                select(Bronsleutel.sleutel, *kolommen)
                .join(Ontwikkelplan, Ontwikkelplan.id == Bronsleutel.record_id)
                .where(Bronsleutel.entiteit == ENTITEIT, Bronsleutel.sleutel.in_(deel))
        ):  # fmt: skip
            result[sleutel] = (plan_id, inwoner_id, soort, planversie)
    ids = {i: s for s in sleutels - result.keys() if (i := als_id(s)) is not None}
    for deel in in_delen(list(ids)):
        for plan_id, inwoner_id, soort, planversie in session.execute(
                select(*kolommen).where(Ontwikkelplan.id.in_(deel))):  # fmt: skip
            result[ids[plan_id]] = (plan_id, inwoner_id, soort, planversie)
    return result


def _lees_onderdelen(
    b: Bestand, sleutels: set[str], plannenbestand: str,
    per_plan: dict[str, list[dict[str, Any]]], stappen: _Voortgang,
) -> None:  # fmt: skip
    """The goals or agreements of a file, per plan key in the order of their volgnummer."""
    doelen = b.formaat is DOELEN
    woord = "doel" if doelen else "afspraak"
    regels: dict[tuple[str, int], list[int]] = defaultdict(list)
    for regel, w in b.rijen:
        r = _Regel(b, regel, w)
        plan = r.tekst("plan", verplicht="vul de sleutel van het plan in")
        if plan and plan not in sleutels:
            r.weiger(f"plan '{plan}' staat niet in {plannenbestand}; een {woord} wordt met zijn "
                     "plan geïmporteerd", "plan")  # fmt: skip
        nummer = r.getal("volgnummer", verplicht="vul het volgnummer in")
        if plan and nummer is not None:
            regels[plan, nummer].append(regel)
        rij = _doel(r, nummer) if doelen else _afspraak(r, nummer)
        per_plan[plan].append(rij)
        stappen.stap()
    for (plan, nummer), lijst in regels.items():
        for regel in lijst:
            if andere := [str(r) for r in lijst if r != regel]:
                b.fouten.add(regel, f"{woord} {nummer} van plan '{plan}' staat ook op regel "
                             f"{', '.join(andere)}", "volgnummer")  # fmt: skip
    for rijen in per_plan.values():
        rijen.sort(key=lambda rij: rij["volgorde"] or 0)


def _doel(r: _Regel, nummer: int | None) -> dict[str, Any]:
    return {
        "volgorde": nummer,
        "omschrijving": r.tekst("omschrijving", verplicht="beschrijf het doel"),
        **{veld: r.tekst(veld, lengte=200) or None
           for veld in ("competentie", "instrument", "verantwoordelijke")},
        "streefdatum": r.datum("streefdatum"),
        "status": r.code("status") if r.w["status"] else DoelStatus.OPEN,
    }  # fmt: skip


def _afspraak(r: _Regel, nummer: int | None) -> dict[str, Any]:
    return {
        "volgorde": nummer,
        "omschrijving": r.tekst("omschrijving", verplicht="beschrijf de afspraak"),
        "partij": r.code("partij", verplicht="vul de partij in die de afspraak nakomt"),
        "verplichting": r.ja_nee("verplichting"),
    }


def _lees_plan(
    r: _Regel, ctx: _Context, doelen: list[dict[str, Any]], afspraken: list[dict[str, Any]]
) -> _Plan:
    """One plan line with the concept form's rules and what its status requires."""
    w = r.w
    sleutel = r.tekst("sleutel", verplicht="vul de sleutel van het plan in", lengte=200)
    inwoner_id = ctx.inwoners.get(w["inwoner"])
    if r.tekst("inwoner", verplicht="vul de sleutel van de inwoner in") and inwoner_id is None:
        r.weiger(f"inwoner '{w['inwoner']}' is onbekend: importeer eerst de inwoners, of "
                 "controleer de sleutel", "inwoner")  # fmt: skip
    soort = r.code("type", verplicht="vul het type plan in")
    planversie = r.getal("planversie", verplicht="vul de planversie in")
    status = r.code("status", verplicht="vul de status van het plan in")
    eigenaar_id = None
    if naam := w["eigenaar"].lower():
        eigenaar_id = ctx.medewerkers.get(naam)
        if eigenaar_id is None:
            r.weiger(f"er is geen medewerker met gebruikersnaam '{naam}'", "eigenaar")
    datums = {veld: r.datum(veld) for veld in _DATUMS}
    start, doel = r.getal("werkniveau_start"), r.getal("werkniveau_doel")
    interval = r.getal("evaluatie_interval_maanden")
    interval = STANDAARD_INTERVAL_MAANDEN if interval is None else interval
    agogisch = r.ja_nee("agogisch")
    regime = None
    if agogisch or any(w[veld] for veld in _REGIME[:4]):
        regime = RegimeGegevens(r.tekst("begeleider", lengte=200), r.code("intensiteit"),
                                r.tekst("contactfrequentie", lengte=100), r.code("setting"),
                                agogisch)  # fmt: skip
    gegevens = PlanGegevens(periode_van=datums["periode_van"], periode_tot=datums["periode_tot"],
                            werkniveau_start=start, werkniveau_doel=doel,
                            evaluatie_interval_maanden=interval, regime=regime)  # fmt: skip
    for veld, melding in _check(gegevens, ctx.niveaus).items():
        gemeld = r.gemeld & ({veld} if veld != "regime" else set(_REGIME))
        if not gemeld:
            r.weiger(melding, veld if veld != "regime" else "begeleider")
    _levensloop(r, soort, status, datums, regime, doelen, afspraken, ctx.today)
    rij = {
        "id": uuid.uuid4(), "versie": 1, "inwoner_id": inwoner_id, "type": soort,
        "planversie": planversie, "vorige_id": None, "status": status,
        "eigenaar_id": eigenaar_id, **datums, **{veld: w[veld] or None for veld in _TEKSTEN},
        "werkniveau_start": start, "werkniveau_doel": doel,
        "evaluatie_interval_maanden": interval, "afsluitreden": w["afsluitreden"] or None,
    }  # fmt: skip
    regime_rij = None
    if regime is not None:
        regime_rij = {"begeleider": regime.begeleider, "intensiteit": regime.intensiteit,
                      "contactfrequentie": regime.contactfrequentie, "setting": regime.setting,
                      "agogisch": regime.agogisch}  # fmt: skip
    return _Plan(r.regel, sleutel, w["inwoner"], w["vorige"], rij, regime_rij, doelen, afspraken)


def _levensloop(
    r: _Regel, soort: PlanType | None, status: PlanStatus | None,
    datums: dict[str, date | None], regime: RegimeGegevens | None,
    doelen: list[dict[str, Any]], afspraken: list[dict[str, Any]], today: date,
) -> None:  # fmt: skip
    """What the plan's status says it went through: a vastgesteld plan is complete and signed
    (as `vaststellen` demands), a replaced one was vastgesteld, a closed one says when and why,
    a concept is not vastgesteld yet."""
    if status == PlanStatus.VASTGESTELD:
        # The service's own completeness rule, on an unsaved plan with the file's parts.
        plan = Ontwikkelplan(
            ontwikkelpotentieel=r.w["ontwikkelpotentieel"],
            doelen=[Ontwikkeldoel(streefdatum=d["streefdatum"]) for d in doelen],
            afspraken=[Ontwikkelafspraak() for _a in afspraken],
            regime=Begeleidingsregime() if regime is not None else None,
        )
        if ontbreekt := ontbreekt_voor_vaststellen(plan):
            r.weiger(f"het {soort.value if soort else 'plan'} is vastgesteld, maar mist nog: "
                     f"{'; '.join(ontbreekt)}", "ontwikkelpotentieel")  # fmt: skip
    for veld in _NODIG.get(status, ()):
        if not r.w[veld]:
            r.weiger(f"vul {veld} in: een {status.value.lower()} plan heeft {_WAT[veld]}", veld)
    if status == PlanStatus.CONCEPT and r.w["vastgesteld_op"]:
        r.weiger("laat vastgesteld_op leeg: een concept is nog niet vastgesteld", "vastgesteld_op")
    for veld in ("afgesloten_op", "afsluitreden"):
        if status not in (None, PlanStatus.AFGESLOTEN) and r.w[veld]:
            r.weiger(f"laat {veld} leeg: alleen een afgesloten plan heeft {_WAT[veld]}", veld)
    for veld in _VERLEDEN:
        if (datum := datums[veld]) is not None and datum > today:
            r.weiger(f"{veld} {format_date(datum)} ligt in de toekomst", veld)


def _bestaande(session: Session, inwoner_ids: set[uuid.UUID]) -> list[tuple]:
    rows: list[tuple] = []
    for deel in in_delen(list(inwoner_ids)):
        rows += session.execute(select(
            Ontwikkelplan.inwoner_id, Ontwikkelplan.type, Ontwikkelplan.planversie,
            Ontwikkelplan.status).where(Ontwikkelplan.inwoner_id.in_(deel))).all()  # fmt: skip
    return rows


def _kenmerken(inwoner_id: uuid.UUID | None, soort: PlanType | None, planversie: int | None,
               status: PlanStatus | None) -> list[tuple]:  # fmt: skip
    """What no other plan of the same inwoner and type may have (the model's unique indexes):
    its planversie, and the status vastgesteld or concept."""
    if inwoner_id is None or soort is None:
        return []
    result: list[tuple] = [] if planversie is None else [(inwoner_id, soort, planversie)]
    if status in (PlanStatus.VASTGESTELD, PlanStatus.CONCEPT):
        result.append((inwoner_id, soort, status))
    return result


def _omschrijving(kenmerk: tuple) -> tuple[str, str, str]:
    """(what it is, what the rule says, the column) for the message about a shared kenmerk."""
    _inwoner, soort, waarde = kenmerk
    if isinstance(waarde, PlanStatus):
        plan = f"een vastgesteld {soort.value}" if waarde == PlanStatus.VASTGESTELD else \
            f"een concept-{soort.value}"  # fmt: skip
        return plan, "; een inwoner heeft er hoogstens één", "status"
    return f"een {soort.value} met planversie {waarde}", "", "planversie"


def _samenhang(session: Session, b: Bestand, nieuw: list[_Plan], bekend: dict[str, _Versie]
               ) -> None:  # fmt: skip
    """The new plans together with each other and with the plans in Koers: the unique indexes
    of the model, and `vorige` naming a lower version of the same inwoner's plan of that type.
    Fills in `vorige_id`."""
    inwoner_ids = {p.rij["inwoner_id"] for p in nieuw} - {None}
    in_koers = {k for rij in _bestaande(session, inwoner_ids) for k in _kenmerken(*rij)}
    regels: dict[tuple, list[int]] = defaultdict(list)
    for p in nieuw:
        for kenmerk in _kenmerken(p.rij["inwoner_id"], p.rij["type"], p.rij["planversie"],
                                  p.rij["status"]):  # fmt: skip
            regels[kenmerk].append(p.regel)
    in_bestand: dict[str, _Versie] = {
        p.sleutel: (p.rij["id"], p.rij["inwoner_id"], p.rij["type"], p.rij["planversie"])
        for p in nieuw}  # fmt: skip
    for p in nieuw:
        for kenmerk in _kenmerken(p.rij["inwoner_id"], p.rij["type"], p.rij["planversie"],
                                  p.rij["status"]):  # fmt: skip
            wat, uitleg, veld = _omschrijving(kenmerk)
            if andere := [str(r) for r in regels[kenmerk] if r != p.regel]:
                b.fouten.add(p.regel, f"inwoner '{p.inwoner}' heeft ook op regel "
                             f"{', '.join(andere)} {wat}{uitleg}", veld)  # fmt: skip
            if kenmerk in in_koers:
                b.fouten.add(p.regel, f"inwoner '{p.inwoner}' heeft in Koers al {wat}{uitleg}",
                             veld)  # fmt: skip
        if p.vorige:
            _vorige(b, p, bekend.get(p.vorige) or in_bestand.get(p.vorige))


def _vorige(b: Bestand, p: _Plan, vorige: _Versie | None) -> None:
    if vorige is None:
        b.fouten.add(p.regel, f"vorige versie '{p.vorige}' is onbekend: geef de sleutel van een "
                     "plan in dit bestand of in Koers", "vorige")  # fmt: skip
        return
    plan_id, inwoner_id, soort, planversie = vorige
    eigen = (p.rij["inwoner_id"], p.rij["type"], p.rij["planversie"])
    if None in (inwoner_id, soort, planversie, *eigen):
        return  # a line with its own errors: said there
    if (inwoner_id, soort) != eigen[:2]:
        b.fouten.add(p.regel, f"vorige versie '{p.vorige}' is een plan van een andere inwoner of "
                     "van een ander type", "vorige")  # fmt: skip
    elif planversie >= eigen[2]:
        b.fouten.add(p.regel, f"vorige versie '{p.vorige}' heeft planversie {planversie}; die moet "
                     f"lager zijn dan {eigen[2]}", "vorige")  # fmt: skip
    else:
        p.rij["vorige_id"] = plan_id


def _schrijf(session: Session, actor: Medewerker, plannen: list[_Plan],
             stappen: _Voortgang) -> None:  # fmt: skip
    """Core bulk inserts of the rows the plan service would make, an AANGEMAAKT audit record
    per plan as `nieuw_plan` writes, and each plan's source key. Lower versions first: a
    version's `vorige_id` must exist when it is inserted."""
    plannen = sorted(plannen, key=lambda p: p.rij["planversie"])
    for start in range(0, len(plannen), CHUNK):
        deel = plannen[start : start + CHUNK]
        regimes = [_van(p, p.regime) for p in deel if p.regime is not None]
        doelen = [_van(p, doel) for p in deel for doel in p.doelen]
        afspraken = [_van(p, afspraak) for p in deel for afspraak in p.afspraken]
        audit = [{"id": uuid.uuid4(), "moment": next_moment(), "medewerker_id": actor.id,
                  "gebruikersnaam": actor.gebruikersnaam, "inwoner_id": p.rij["inwoner_id"],
                  "record_id": p.rij["id"], "actie": AuditActie.AANGEMAAKT,
                  "onderwerp": "ontwikkelplan", "reden": "import",
                  "velden": velden_json({veld: (None, p.rij[veld])
                                         for veld in ("type", "planversie", "status")})}
                 for p in deel]  # fmt: skip
        sleutels = [{"id": uuid.uuid4(), "entiteit": ENTITEIT, "sleutel": p.sleutel,
                     "record_id": p.rij["id"]} for p in deel]  # fmt: skip
        for tabel, rijen in ((Ontwikkelplan.__table__, [p.rij for p in deel]),
                             (Begeleidingsregime.__table__, regimes),
                             (Ontwikkeldoel.__table__, doelen),
                             (Ontwikkelafspraak.__table__, afspraken),
                             (AuditRecord.__table__, audit),
                             (Bronsleutel.__table__, sleutels)):  # fmt: skip
            if rijen:  # an empty list would insert one row of defaults
                session.execute(insert(tabel), rijen)
        stappen.stap(len(deel) + len(doelen) + len(afspraken))


def _van(p: _Plan, rij: dict[str, Any]) -> dict[str, Any]:
    """A row of a part of the plan (regime, goal, agreement), ready to insert."""
    return {"id": uuid.uuid4(), "versie": 1, "plan_id": p.rij["id"], **rij}


def schrijf_foutenverslagen(map: Path, result: PlanImportResult) -> list[Path]:
    """For each file with errors its error report (`schrijf_foutenverslag`) in MAP, named
    after the file: ontwikkelplannen.csv → ontwikkelplannen-fouten.xlsx."""
    map.mkdir(parents=True, exist_ok=True)
    paden = []
    for deel in result.bestanden:
        if deel.fouten:
            pad = map / f"{Path(deel.bestand).stem}-fouten.xlsx"
            schrijf_foutenverslag(pad, Path(deel.bestand), deel)
            paden.append(pad)
    return paden


# --- export ---------------------------------------------------------------------------------


def export_rijen(session: Session, *, actor: Medewerker) -> dict[str, list[list[str]]]:
    """Every plan of an inwoner with personal data, with its goals and agreements, in the three
    layouts (by layout name); each plan's export is audited. Keys are the source keys, else
    Koers' own ids, so the files import back as the same plans."""
    vereis(actor, Gegeven.VERHUIZING, Recht.LEZEN)

    def sleutels(entiteit: str) -> dict[uuid.UUID, str]:
        return dict(session.execute(select(Bronsleutel.record_id, Bronsleutel.sleutel)
                                    .where(Bronsleutel.entiteit == entiteit)).all())  # fmt: skip

    plan_sleutels, inwoner_sleutels = sleutels(ENTITEIT), sleutels(INWONER)
    namen = dict(session.execute(select(Medewerker.id, Medewerker.gebruikersnaam)).all())
    rijen: dict[str, list[list[str]]] = {formaat.entiteit: [] for formaat in FORMATEN}
    audit = []
    plannen = session.scalars(
        select(Ontwikkelplan).join(Inwoner).where(Inwoner.bsn.is_not(None))
        .options(selectinload(Ontwikkelplan.doelen), selectinload(Ontwikkelplan.afspraken),
                 selectinload(Ontwikkelplan.regime))
        .order_by(Ontwikkelplan.inwoner_id, Ontwikkelplan.type, Ontwikkelplan.planversie)
    )  # fmt: skip
    for p in plannen:
        sleutel = plan_sleutels.get(p.id, str(p.id))
        r = p.regime
        regime = dict.fromkeys(_REGIME, "") if r is None else {
            "begeleider": r.begeleider, "intensiteit": r.intensiteit.value,
            "contactfrequentie": r.contactfrequentie, "setting": r.setting.value,
            "agogisch": "ja" if r.agogisch else "nee"}  # fmt: skip
        plan = {
            "sleutel": sleutel, "inwoner": inwoner_sleutels.get(p.inwoner_id, str(p.inwoner_id)),
            "type": p.type.value, "planversie": str(p.planversie),
            "vorige": plan_sleutels.get(p.vorige_id, str(p.vorige_id)) if p.vorige_id else "",
            "status": p.status.value, "eigenaar": namen.get(p.eigenaar_id, ""),
            **{veld: format_date(getattr(p, veld)) for veld in _DATUMS},
            **{veld: getattr(p, veld) or "" for veld in _TEKSTEN},
            **{veld: "" if getattr(p, veld) is None else str(getattr(p, veld))
               for veld in ("werkniveau_start", "werkniveau_doel", "evaluatie_interval_maanden")},
            "afsluitreden": p.afsluitreden or "", **regime,
        }  # fmt: skip
        rijen[PLANNEN.entiteit].append([plan[naam] for naam in PLANNEN.namen])
        for d in p.doelen:
            rijen[DOELEN.entiteit].append([
                sleutel, str(d.volgorde), d.omschrijving, d.competentie or "", d.instrument or "",
                d.verantwoordelijke or "", format_date(d.streefdatum), d.status.value])  # fmt: skip
        for a in p.afspraken:
            rijen[AFSPRAKEN.entiteit].append([
                sleutel, str(a.volgorde), a.omschrijving, a.partij.value,
                "ja" if a.verplichting else "nee"])  # fmt: skip
        audit.append({"id": uuid.uuid4(), "moment": next_moment(), "medewerker_id": actor.id,
                      "gebruikersnaam": actor.gebruikersnaam, "inwoner_id": p.inwoner_id,
                      "record_id": p.id, "actie": AuditActie.GEEXPORTEERD,
                      "onderwerp": "ontwikkelplan", "reden": "export"})  # fmt: skip
    for start in range(0, len(audit), CHUNK):
        session.execute(insert(AuditRecord.__table__), audit[start : start + CHUNK])
    return rijen


def exporteer(session: Session, *, actor: Medewerker, map: Path, formaat: str = "csv"
              ) -> dict[str, int]:  # fmt: skip
    """Write MAP/ontwikkelplannen.csv, doelen.csv and afspraken.csv (or .xlsx) in the layouts
    the import reads back; the number of rows per layout name."""
    if formaat not in ("csv", "xlsx"):
        raise ValidationError({"formaat": "Kies csv of xlsx als formaat van de export."})
    rijen = export_rijen(session, actor=actor)
    map.mkdir(parents=True, exist_ok=True)
    return {f.entiteit: schrijf_export(map / f"{f.entiteit}.{formaat}", f, rijen[f.entiteit])
            for f in FORMATEN}  # fmt: skip
