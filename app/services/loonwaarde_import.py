"""Import and export of loonwaardemetingen with their tasks (`koers import loonwaarde`, `koers
export loonwaarde`): two files, in the layouts `METINGEN` and `TAKEN`, checked together.

A measurement names its inwoner by the inwoner's source key (so the inwoners are imported
first) and keeps a key of its own, by which its tasks name it. A key may also be a record's own
id in Koers: that is what the export writes for an inwoner or measurement without a source key.
Every line is checked with the rules of `loonwaarde.leg_meting_vast`: date not in the future,
method and occasion, who measured and for which organisation, workplace, normfunctie, 1–40
hours, the task list (`taak_fouten`: every task described, every percentage 0–100, shares
adding up to exactly 100 %) and a vastgestelde loonwaarde only with a reason. The berekende
loonwaarde is computed from the tasks (`berekende_loonwaarde`); a file that gives one must
agree. Without a volgende_meting the next measurement falls the municipality's re-measurement
interval after the date, as the service sets it. One error in either file and nothing is
imported. A measurement imported before (same key) is skipped with its tasks. A functioneel
beheerder runs it (the migration right); every measurement written or exported is in the audit
trail. Measurements have no link to a traject in the model, so none moves; a placement names
its measurement, not the other way round.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Aanleiding,
    AuditActie,
    AuditRecord,
    Bronsleutel,
    Gemeente,
    Inwoner,
    Loonwaardemeting,
    LoonwaardeTaak,
    Medewerker,
    Meetmethode,
    Werkgever,
)
from app.services.audit import velden_json
from app.services.bulk import na_grote_load, voeg_toe
from app.services.errors import DomainError, ValidationError, gelijktijdig_bewaakt
from app.services.importverslag import (
    Bestand,
    ImportResult,
    Regelbasis,
    Teller,
    afronden,
    als_bijzin,
    als_id,
    audit_rij,
    bronsleutels,
    cel,
    dubbele_sleutels,
    in_delen,
    open_bestand,
    schrijf_export,
    schrijf_foutenverslag,
)
from app.services.inwoner_import import ENTITEIT as INWONER
from app.services.koppeling import Formaat, Kolom, Koppeling
from app.services.loonwaarde import TaakGegevens, berekende_loonwaarde, decimaal, taak_fouten
from app.services.rechten import Gegeven, Recht, vereis
from app.services.text import format_date, nl_int, opsomming, parse_date

ENTITEIT = "loonwaardemeting"  # tasks have no key of their own: meting + volgnummer
METINGEN = Formaat("loonwaardemetingen", "Loonwaardemetingen", (
    Kolom("sleutel", "de sleutel van de meting in het bronsysteem; de taken noemen de meting "
          "hiermee", True, synoniemen=("metingnummer", "id", "nummer")),
    Kolom("inwoner", "de sleutel van de inwoner, zoals in het bestand met inwoners (daar leeg: "
          "het BSN)", True, synoniemen=("klantnummer", "inwonersleutel", "client", "klant")),
    Kolom("datum", "de dag van de meting: dd-mm-jjjj of jjjj-mm-dd", True,
          synoniemen=("meetdatum", "datum_meting")),
    Kolom("methode", "de methode van de meting", True, codes=Meetmethode,
          synoniemen=("meetmethode",)),
    Kolom("aanleiding", "waarom er gemeten is", True, codes=Aanleiding),
    Kolom("meter", "wie heeft gemeten (naam)", True, synoniemen=("loonwaardemeter",)),
    Kolom("meter_organisatie", "de organisatie van de meter", True,
          synoniemen=("organisatie", "bureau")),
    Kolom("werkgever", "het KvK-nummer van de werkgever in Koers (of zijn id); leeg: geen",
          synoniemen=("kvk", "werkgever_kvk")),
    Kolom("werkplek", "de werkgever of werkplek waar gemeten is", True),
    Kolom("normfunctie", "de functie van een gemiddelde werknemer waartegen gemeten is", True,
          synoniemen=("functie",)),
    Kolom("uren_per_week", "uren per week: meer dan 0, hoogstens 40 (één decimaal)", True,
          synoniemen=("uren",)),
    Kolom("berekende_loonwaarde", "ter controle: de loonwaarde in hele % die de taken geven "
          "(leeg: Koers berekent hem)", synoniemen=("loonwaarde",)),
    Kolom("vastgestelde_loonwaarde", "een vastgestelde loonwaarde 0–100 % die de meting "
          "vervangt (leeg: geen)"),
    Kolom("reden_vastgesteld", "waarom de loonwaarde is vastgesteld; nodig bij een "
          "vastgestelde loonwaarde"),
    Kolom("volgende_meting", "de dag van de herbeoordeling (leeg: de datum plus de "
          "herbeoordelingstermijn van de gemeente)", synoniemen=("herbeoordeling",)),
    Kolom("vastgelegd_door", "gebruikersnaam in Koers van wie de meting vastlegde (leeg: wie "
          "importeert)", synoniemen=("medewerker", "door")),
))  # fmt: skip
_PERCENTAGE = "0–100 % van de normfunctie"
TAKEN = Formaat("loonwaardetaken", "Taken van loonwaardemetingen", (
    Kolom("meting", "de sleutel van de meting, zoals in het bestand met loonwaardemetingen (of "
          "het id in Koers)", True, synoniemen=("metingsleutel", "metingnummer")),
    Kolom("volgnummer", "de plaats van de taak in de meting: 1, 2 …", True,
          synoniemen=("volgorde", "nummer", "nr")),
    Kolom("omschrijving", "de taak", True, synoniemen=("taak",)),
    Kolom("aandeel", "het aandeel van de taak in het hele takenpakket in % (de taken van een "
          "meting samen precies 100)", True, synoniemen=("weging", "percentage")),
    Kolom("kwaliteit", f"kwaliteit, {_PERCENTAGE}", True),
    Kolom("tempo", f"tempo, {_PERCENTAGE}", True),
    Kolom("inzetbaarheid", f"inzetbaarheid, {_PERCENTAGE}", True),
))  # fmt: skip
FORMATEN = (METINGEN, TAKEN)
RESULTAAT = ("loonwaardemeting", "loonwaardemetingen")
MAX_TEKST = 200  # keys and the measurement's texts: the length of their columns
_GETAL = re.compile(r"[0-9]{1,9}")
_SCORES = ("aandeel", "kwaliteit", "tempo", "inzetbaarheid")
_TEKSTEN = (
    ("meter", "wie heeft gemeten"),
    ("meter_organisatie", "de organisatie van de meter"),
    ("werkplek", "de werkgever of werkplek"),
    ("normfunctie", "de normfunctie"),
)


@dataclass
class LoonwaardeImportResult(ImportResult):
    """One result for the pair of files. `aantal` and `overgeslagen` count measurements;
    `taken` the tasks of the new ones; `bestanden` holds each file's own messages for its error
    report (`schrijf_foutenverslagen`)."""

    taken: int = 0
    bestanden: list[ImportResult] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "taken": self.taken}

    def summary(self) -> str:
        if self.fouten or self.aantal == self.overgeslagen:
            return super().summary()
        return f"{super().summary()} Daarbij {nl_int(self.taken)} {_taken(self.taken)}."


def _taken(n: int) -> str:
    return "taak" if n == 1 else "taken"


# --- reading ----------------------------------------------------------------------------------


class _Inwoner(NamedTuple):
    id: uuid.UUID
    herbeoordeling_maanden: int  # the paying municipality's re-measurement interval


@dataclass
class _Context:
    """What the lines name, looked up once: inwoners and measurements by key, medewerkers by
    username, werkgevers by KvK number or id."""

    actor: Medewerker
    today: date
    inwoners: dict[str, _Inwoner]
    bekend: set[str]  # keys of measurements in Koers: source keys and own ids
    medewerkers: dict[str, uuid.UUID]
    werkgevers: dict[str, uuid.UUID]


@dataclass
class _Taak:
    regel: int
    volgnummer: int | None
    gegevens: TaakGegevens
    geldig: bool


@dataclass
class _Meting:
    regel: int
    sleutel: str
    rij: dict[str, Any]
    taken: list[_Taak]


class _Regel(Regelbasis):
    """A line of a measurement file, checked against the context."""

    def __init__(self, bestand: Bestand, regel: int, w: dict[str, str], ctx: _Context) -> None:
        super().__init__(bestand, regel, w)
        self.ctx = ctx

    def tekst(self, veld: str, verplicht: str | None = None) -> str:
        tekst = self.w[veld]
        if not tekst and verplicht:
            self.weiger(verplicht, veld)
        elif len(tekst) > MAX_TEKST:
            self.weiger(f"{veld} is te lang: hoogstens {MAX_TEKST} tekens", veld)
        return tekst

    def datum(self, veld: str, verplicht: str | None = None) -> date | None:
        tekst = self.tekst(veld, verplicht)
        if not tekst:
            return None
        datum = parse_date(tekst)
        if datum is None:
            self.weiger(f"{veld} '{tekst}' is geen geldige datum; gebruik dd-mm-jjjj of "
                        "jjjj-mm-dd", veld)  # fmt: skip
        return datum

    def code(self, veld: str, verplicht: str) -> Any:
        tekst = self.tekst(veld, verplicht)
        return self.gecodeerd(veld, tekst)

    def geheel(self, veld: str, laag: int, hoog: int | None,
               verplicht: str | None = None) -> int | None:  # fmt: skip
        tekst = self.tekst(veld, verplicht)
        if not tekst:
            return None
        getal = int(tekst) if _GETAL.fullmatch(tekst) else None
        if getal is None or getal < laag or (hoog is not None and getal > hoog):
            bereik = f"van {laag} tot en met {hoog}" if hoog is not None else f"van {laag} of meer"
            self.weiger(f"{veld} '{tekst}' is geen geheel getal {bereik}", veld)
            return None
        return getal

    def getal(self, veld: str, decimalen: int, verplicht: str | None = None) -> Decimal | None:
        """A number such as 12,5 or 12.5 with at most `decimalen` decimals (the column's)."""
        tekst = self.tekst(veld, verplicht)
        if not tekst:
            return None
        try:
            waarde = decimaal(tekst)
        except ValueError:
            self.weiger(f"{veld} '{tekst}' is geen getal", veld)
            return None
        if waarde.normalize().as_tuple().exponent < -decimalen:  # type: ignore[operator]
            self.weiger(f"{veld} '{tekst}' heeft meer dan {decimalen} "
                        f"{'decimaal' if decimalen == 1 else 'decimalen'}", veld)  # fmt: skip
            return None
        return waarde


def import_loonwaarde(
    session: Session,
    *,
    actor: Medewerker,
    metingen: Path,
    taken: Path | None = None,
    dry_run: bool,
    koppelingen: dict[str, Koppeling] | None = None,
    voortgang: Callable[[int, int], None] | None = None,
    today: date | None = None,
) -> LoonwaardeImportResult:
    """Check every line of the files and, when all are valid and it is not a dry run, add the
    measurements that are not in Koers yet (by key) with their tasks. `koppelingen` maps a
    layout's name ("loonwaardemetingen", "loonwaardetaken") to its mapping; without one a file
    is in Koers' own layout. The caller owns the transaction; `voortgang(done, total)` counts
    checking and writing a line as one each."""
    vereis(actor, Gegeven.VERHUIZING, Recht.WIJZIGEN)
    paden = [(f, p) for f, p in ((METINGEN, metingen), (TAKEN, taken)) if p is not None]
    bestanden = [open_bestand(formaat, pad, (koppelingen or {}).get(formaat.entiteit))
                 for formaat, pad in paden]  # fmt: skip
    result = LoonwaardeImportResult(bestand=opsomming([b.naam for b in bestanden]),
                                    dry_run=dry_run, woorden=RESULTAAT)  # fmt: skip
    if any(b.onleesbaar or b.fouten for b in bestanden):
        return afronden(result, bestanden)
    meting_b, *rest = bestanden
    taak_b = rest[0] if rest else None
    ctx = _context(session, actor, today or date.today(), meting_b, taak_b)
    teller = Teller(voortgang, 2 * sum(len(b.rijen) for b in bestanden))

    sleutels = {w["sleutel"] for _r, w in meting_b.rijen} - {""}
    per_meting: dict[str, list[_Taak]] = defaultdict(list)
    if taak_b is not None:
        _lees_taken(taak_b, meting_b.naam, sleutels, ctx, per_meting, teller)
    overslaan = ctx.bekend | dubbele_sleutels(meting_b)
    nieuw: list[_Meting] = []
    for regel, w in teller.regels(meting_b.rijen):
        meting = _lees_meting(_Regel(meting_b, regel, w, ctx), per_meting[w["sleutel"]],
                              taak_b.naam if taak_b else None)  # fmt: skip
        if meting.sleutel and meting.sleutel not in overslaan:
            nieuw.append(meting)

    result.aantal = len({r for r, _w in meting_b.rijen} - meting_b.fouten.lines())
    result.overgeslagen = sum(1 for _r, w in meting_b.rijen if w["sleutel"] in ctx.bekend)
    result.taken = sum(len(m.taken) for m in nieuw)
    if any(b.fouten for b in bestanden):
        return afronden(result, bestanden)
    if not dry_run:
        # A colleague importing the same keys at the same time: the unique source key refuses.
        with gelijktijdig_bewaakt("Een van deze loonwaardemetingen", uniek=True):
            _schrijf(session, actor, nieuw, teller)
        na_grote_load(session, len(nieuw))
    if voortgang is not None:
        voortgang(teller.totaal, teller.totaal)
    return afronden(result, bestanden)


def _context(session: Session, actor: Medewerker, today: date, meting_b: Bestand,
             taak_b: Bestand | None) -> _Context:  # fmt: skip
    """Look up, in the database, only what the lines name."""
    interval = dict(session.execute(select(Gemeente.id, Gemeente.herbeoordeling_maanden)).all())
    inwoner_sleutels = {w["inwoner"] for _r, w in meting_b.rijen} - {""}
    inwoners: dict[str, _Inwoner] = {}
    for deel in in_delen(inwoner_sleutels):
        for sleutel, inwoner_id, gemeente_id in session.execute(
                select(Bronsleutel.sleutel, Inwoner.id, Inwoner.betaalgemeente_id)
                .join(Inwoner, Inwoner.id == Bronsleutel.record_id)
                .where(Bronsleutel.entiteit == INWONER, Bronsleutel.sleutel.in_(deel))
        ):  # fmt: skip
            inwoners[sleutel] = _Inwoner(inwoner_id, interval[gemeente_id])
    ids = {i: s for s in inwoner_sleutels - inwoners.keys() if (i := als_id(s)) is not None}
    for deel in in_delen(ids):
        for inwoner_id, gemeente_id in session.execute(
                select(Inwoner.id, Inwoner.betaalgemeente_id)
                .where(Inwoner.id.in_(deel), Inwoner.bsn.is_not(None))):  # fmt: skip
            inwoners[ids[inwoner_id]] = _Inwoner(inwoner_id, interval[gemeente_id])
    meting_sleutels = {w["sleutel"] for _r, w in meting_b.rijen} | {
        w["meting"] for _r, w in (taak_b.rijen if taak_b else [])}  # fmt: skip
    bekend: set[str] = set()
    for deel in in_delen(meting_sleutels - {""}):
        bekend |= set(session.scalars(select(Bronsleutel.sleutel).where(
            Bronsleutel.entiteit == ENTITEIT, Bronsleutel.sleutel.in_(deel))))  # fmt: skip
    ids = {i: s for s in meting_sleutels - bekend if (i := als_id(s)) is not None}
    for deel in in_delen(ids):
        bekend |= {ids[i] for i in session.scalars(select(Loonwaardemeting.id).where(
            Loonwaardemeting.id.in_(deel)))}  # fmt: skip
    werkgevers: dict[str, uuid.UUID] = {}
    for werkgever_id, kvk in session.execute(select(Werkgever.id, Werkgever.kvk)):
        werkgevers[str(werkgever_id)] = werkgever_id
        if kvk:
            werkgevers[kvk] = werkgever_id
    medewerkers = dict(session.execute(select(Medewerker.gebruikersnaam, Medewerker.id)).all())
    return _Context(actor, today, inwoners, bekend, medewerkers, werkgevers)


def _lees_taken(b: Bestand, metingen_naam: str, sleutels: set[str], ctx: _Context,
                per_meting: dict[str, list[_Taak]], teller: Teller) -> None:  # fmt: skip
    """Each task line's own checks, each task to its measurement's key in volgnummer order
    (the tasks of a measurement already in Koers are checked and then skipped with it)."""
    regels: dict[tuple[str, int], list[int]] = defaultdict(list)
    for regel, w in teller.regels(b.rijen):
        r = _Regel(b, regel, w, ctx)
        meting = r.tekst("meting", "vul de sleutel van de meting in")
        if meting and meting not in sleutels:
            r.weiger(f"meting '{meting}' staat niet in {metingen_naam}; een taak wordt met zijn "
                     "meting geïmporteerd", "meting")  # fmt: skip
        nummer = r.geheel("volgnummer", 1, None, "vul het volgnummer in")
        if meting and nummer is not None:
            regels[meting, nummer].append(regel)
        gegevens = TaakGegevens(omschrijving=r.tekst("omschrijving", "beschrijf de taak"))
        for veld in _SCORES:
            waarde = r.getal(veld, 2, f"vul {veld} in (0–100 %)")
            if waarde is not None and not 0 <= waarde <= 100:
                r.weiger(f"{veld} {waarde:f} % ligt buiten 0–100 %", veld)
            setattr(gegevens, veld, waarde)
        per_meting[meting].append(_Taak(regel, nummer, gegevens, not r.gemeld))
    for (meting, nummer), lijst in regels.items():
        for regel in lijst:
            if andere := [str(r) for r in lijst if r != regel]:
                b.fouten.add(regel, f"taak {nummer} van meting '{meting}' staat ook op regel "
                             f"{', '.join(andere)}", "volgnummer")  # fmt: skip
    for taken in per_meting.values():
        taken.sort(key=lambda t: t.volgnummer or 0)


def _lees_meting(r: _Regel, taken: list[_Taak], taken_naam: str | None) -> _Meting:
    """One measurement line with the rules of `leg_meting_vast`, its task list included."""
    w, ctx = r.w, r.ctx
    sleutel = r.tekst("sleutel", "vul de sleutel van de meting in")
    inwoner = ctx.inwoners.get(w["inwoner"])
    if r.tekst("inwoner", "vul de sleutel van de inwoner in") and inwoner is None:
        r.weiger(f"inwoner '{w['inwoner']}' is onbekend: importeer eerst de inwoners, of "
                 "controleer de sleutel", "inwoner")  # fmt: skip
    datum = r.datum("datum", "Vul de datum van de meting in.")
    if datum is not None and datum > ctx.today:
        r.weiger(f"datum {format_date(datum)} ligt in de toekomst", "datum")
    methode = r.code("methode", "Kies de methode (de uniforme methode of een bureau als Dariuz).")
    aanleiding = r.code("aanleiding", "Kies de aanleiding van de meting.")
    teksten = {veld: r.tekst(veld, f"Vul {label} in.") for veld, label in _TEKSTEN}
    werkgever_id = ctx.werkgevers.get(w["werkgever"])
    if w["werkgever"] and werkgever_id is None:
        r.weiger(f"werkgever '{w['werkgever']}' is onbekend: geef het KvK-nummer van een "
                 "werkgever in Koers", "werkgever")  # fmt: skip
    uren = r.getal("uren_per_week", 1, "Vul 1 tot en met 40 uur per week in.")
    if uren is not None and not 0 < uren <= 40:
        r.weiger("Vul 1 tot en met 40 uur per week in.", "uren_per_week")
    opgegeven = r.geheel("berekende_loonwaarde", 0, 100)
    vastgesteld = r.geheel("vastgestelde_loonwaarde", 0, 100)
    reden = w["reden_vastgesteld"]
    if vastgesteld is not None and not reden:
        r.weiger("Een vastgestelde loonwaarde die afwijkt van de meting vraagt een reden.",
                 "reden_vastgesteld")  # fmt: skip
    volgende = r.datum("volgende_meting")
    if volgende is not None and datum is not None and volgende <= datum:
        r.weiger(f"volgende_meting {format_date(volgende)} ligt niet na de datum van de meting "
                 f"({format_date(datum)})", "volgende_meting")  # fmt: skip
    elif volgende is None and datum is not None and inwoner is not None:
        volgende = datum + relativedelta(months=inwoner.herbeoordeling_maanden)
    vastgelegd_door = ctx.actor.id
    if naam := w["vastgelegd_door"].lower():
        vastgelegd_door = ctx.medewerkers.get(naam)
        if vastgelegd_door is None:
            r.weiger(f"er is geen medewerker met gebruikersnaam '{naam}'", "vastgelegd_door")
    loonwaarde = _takenlijst(r, taken, taken_naam)
    if None not in (opgegeven, loonwaarde) and opgegeven != loonwaarde:
        r.weiger(f"berekende_loonwaarde {opgegeven} % is niet wat de taken geven: {loonwaarde} %",
                 "berekende_loonwaarde")  # fmt: skip
    rij = {
        "id": uuid.uuid4(), "versie": 1, "inwoner_id": inwoner.id if inwoner else None,
        "datum": datum, "methode": methode, "aanleiding": aanleiding, **teksten,
        "werkgever_id": werkgever_id, "uren_per_week": uren, "berekende_loonwaarde": loonwaarde,
        "vastgestelde_loonwaarde": vastgesteld, "reden_vastgesteld": reden or None,
        "volgende_meting": volgende, "vastgelegd_door_id": vastgelegd_door,
    }  # fmt: skip
    return _Meting(r.regel, sleutel, rij, taken)


def _takenlijst(r: _Regel, taken: list[_Taak], taken_naam: str | None) -> int | None:
    """The task list as a whole (`taak_fouten`): said on the measurement's line, with the task
    lines it is about. The berekende loonwaarde, or None while the list is not valid."""
    if not all(t.geldig for t in taken):
        return None  # each task's own problem first, on its own line
    lijst = [t.gegevens for t in taken]
    for veld, melding in taak_fouten(lijst).items():
        if veld != "taken":  # a single task (its line's checks say this first): by volgnummer
            n = int(veld.removeprefix("taak_"))
            r.bestand.fouten.add(r.regel, f"taak {taken[n - 1].volgnummer}: "
                                 f"{als_bijzin(melding.split(': ', 1)[1])}", "sleutel")  # fmt: skip
        elif taken:
            regels = ", ".join(str(t.regel) for t in taken)
            r.weiger(f"{als_bijzin(melding)} ({taken_naam}, regel {regels})", "sleutel")
        elif taken_naam:
            r.weiger(f"{als_bijzin(melding)}: de meting heeft geen taken in {taken_naam}",
                     "sleutel")  # fmt: skip
        else:
            r.weiger(f"{als_bijzin(melding)}: geef het bestand met taken mee", "sleutel")
    return berekende_loonwaarde(lijst)


# --- writing ----------------------------------------------------------------------------------


def _schrijf(session: Session, actor: Medewerker, metingen: list[_Meting],
             teller: Teller) -> None:  # fmt: skip
    """Bulk inserts of the rows `leg_meting_vast` would make (tasks numbered 1, 2 … in
    volgnummer order, as the service numbers them), its AANGEMAAKT audit record with the
    loonwaarde, and each measurement's source key."""
    taak_rijen, audit, sleutels = [], [], []
    for m in metingen:
        meting_id = m.rij["id"]
        for n, t in enumerate(m.taken, start=1):
            g = t.gegevens
            taak_rijen.append({
                "id": uuid.uuid4(), "meting_id": meting_id, "volgorde": n,
                "omschrijving": g.omschrijving, "aandeel": g.aandeel, "kwaliteit": g.kwaliteit,
                "tempo": g.tempo, "inzetbaarheid": g.inzetbaarheid,
            })  # fmt: skip
        vastgesteld = m.rij["vastgestelde_loonwaarde"]
        loonwaarde = m.rij["berekende_loonwaarde"] if vastgesteld is None else vastgesteld
        audit.append(audit_rij(actor, m.rij["inwoner_id"], meting_id, AuditActie.AANGEMAAKT,
                               "loonwaardemeting", "import",
                               velden_json({"loonwaarde": (None, loonwaarde)})))  # fmt: skip
        sleutels.append({"id": uuid.uuid4(), "entiteit": ENTITEIT, "sleutel": m.sleutel,
                         "record_id": meting_id})  # fmt: skip
    voeg_toe(session, Loonwaardemeting, [m.rij for m in metingen], teller.geschreven)
    voeg_toe(session, LoonwaardeTaak, taak_rijen, teller.geschreven)
    voeg_toe(session, AuditRecord, audit)
    voeg_toe(session, Bronsleutel, sleutels)


def schrijf_foutenverslagen(map: Path, result: LoonwaardeImportResult) -> list[Path]:
    """For each file with errors its error report (`schrijf_foutenverslag`) in MAP, named
    after the file: loonwaardetaken.csv → loonwaardetaken-fouten.xlsx."""
    map.mkdir(parents=True, exist_ok=True)
    paden = []
    for deel in result.bestanden:
        if deel.fouten:
            pad = map / f"{Path(deel.bestand).stem}-fouten.xlsx"
            schrijf_foutenverslag(pad, Path(deel.bestand), deel)
            paden.append(pad)
    return paden


# --- export -----------------------------------------------------------------------------------


def _cel(waarde: Any) -> str:
    """As importverslag.cel, and numbers with a decimal comma without trailing zeros."""
    if isinstance(waarde, Decimal):
        tekst = f"{waarde:f}"
        return (tekst.rstrip("0").rstrip(".") if "." in tekst else tekst).replace(".", ",")
    return cel(waarde)


def export_rijen(session: Session, *, actor: Medewerker) -> dict[str, list[list[str]]]:
    """Per layout (its entiteit) the rows of every measurement of an inwoner with personal data
    (an anonymised one has none left) and of its tasks; keys are the source keys, else Koers'
    own ids, so the files import back as the same measurements. Each measurement exported is
    recorded in the audit trail."""
    vereis(actor, Gegeven.VERHUIZING, Recht.LEZEN)
    metingen, inwoners = bronsleutels(session, ENTITEIT), bronsleutels(session, INWONER)
    namen = dict(session.execute(select(Medewerker.id, Medewerker.gebruikersnaam)).all())
    kvk = {i: k or str(i) for i, k in session.execute(select(Werkgever.id, Werkgever.kvk))}
    volgorde = (Loonwaardemeting.inwoner_id, Loonwaardemeting.datum, Loonwaardemeting.id)
    meting_rijen, audit, sleutel_van = [], [], {}
    for m in session.execute(select(Loonwaardemeting.__table__)
                             .join(Inwoner, Inwoner.id == Loonwaardemeting.inwoner_id)
                             .where(Inwoner.bsn.is_not(None)).order_by(*volgorde)
                             ).mappings():  # fmt: skip
        sleutel = sleutel_van[m["id"]] = metingen.get(m["id"], str(m["id"]))
        speciaal = {"sleutel": sleutel,
                    "inwoner": inwoners.get(m["inwoner_id"], str(m["inwoner_id"])),
                    "werkgever": kvk.get(m["werkgever_id"], ""),
                    "vastgelegd_door": namen.get(m["vastgelegd_door_id"], "")}  # fmt: skip
        meting_rijen.append([speciaal[k] if k in speciaal else _cel(m[k])
                             for k in METINGEN.namen])  # fmt: skip
        audit.append(audit_rij(actor, m["inwoner_id"], m["id"], AuditActie.GEEXPORTEERD,
                               "loonwaardemeting", "export"))  # fmt: skip
    taak_rijen = []
    for t in session.execute(select(LoonwaardeTaak.__table__)
                             .join(Loonwaardemeting,
                                   Loonwaardemeting.id == LoonwaardeTaak.meting_id)
                             .join(Inwoner, Inwoner.id == Loonwaardemeting.inwoner_id)
                             .where(Inwoner.bsn.is_not(None))
                             .order_by(*volgorde, LoonwaardeTaak.volgorde)).mappings():  # fmt: skip
        speciaal = {"meting": sleutel_van[t["meting_id"]], "volgnummer": str(t["volgorde"])}
        taak_rijen.append([speciaal[k] if k in speciaal else _cel(t[k])
                           for k in TAKEN.namen])  # fmt: skip
    voeg_toe(session, AuditRecord, audit)
    return {METINGEN.entiteit: meting_rijen, TAKEN.entiteit: taak_rijen}


def exporteer(session: Session, *, actor: Medewerker, map: Path,
              formaat: str = "csv") -> dict[str, int]:  # fmt: skip
    """Write loonwaardemetingen and loonwaardetaken (.csv or .xlsx) into `map`, in the layouts
    the import reads back; the number of rows per file. Never overwrites a file."""
    vereis(actor, Gegeven.VERHUIZING, Recht.LEZEN)
    if formaat not in ("csv", "xlsx"):
        raise ValidationError({"formaat": "Kies csv of xlsx als formaat."})
    paden = {f.entiteit: map / f"{f.entiteit}.{formaat}" for f in FORMATEN}
    if bestaand := [p.name for p in paden.values() if p.exists()]:
        raise DomainError(f"In {map} staat al {opsomming(bestaand)}; kies een lege map.")
    rijen = export_rijen(session, actor=actor)  # audits the export: only once it can be written
    map.mkdir(parents=True, exist_ok=True)
    return {f.entiteit: schrijf_export(paden[f.entiteit], f, rijen[f.entiteit])
            for f in FORMATEN}  # fmt: skip
