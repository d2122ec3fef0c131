"""Import and export of trajecten with their phase history and placements (`koers import
trajecten`, `koers export trajecten`), in three layouts that move together: `TRAJECTEN` (one line
per trajectory), `OVERGANGEN` (its timeline, one line per step, numbered within the trajectory)
and `PLAATSINGEN` (placements, within a trajectory or not).

A trajectory names its inwoner by the inwoner's source key (as contact_import does), so the
inwoners are imported first; a step and a placement name their trajectory by its key. A history
only makes sense with its trajectory, so the files are checked together, and one error in any of
them means nothing is imported. The checks keep what the workflow services (trajecten.py)
guarantee and scripts/loadtest.py verifies: every trajectory has a timeline that starts from no
phase, each step starts where the previous one ended and on or after its date; the phase is the
last step's, `fase_sinds` the date of the last change of phase; afgesloten exactly when
einddatum and uitstroomreden are known, onderbroken exactly when fase_voor_onderbreking is; one
running trajectory per inwoner, counting those already in Koers. The state model's guards (an
IOP before T4, a werkfit evaluation before T6 …) are not checked: they rest on records these
files do not carry, and the history happened in the source system.

Trajectories and placements keep their source keys: the same files imported again skip what is
there, with the steps of the skipped trajectories. A functioneel beheerder runs it (the
migration right); every trajectory and placement written or exported is in the audit trail.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    UITSTROOM_NAAR_WERK,
    Aanmeldbron,
    AuditActie,
    AuditRecord,
    Bronsleutel,
    FaseOvergang,
    Inwoner,
    Medewerker,
    Ontwikkelstadium,
    OvergangSoort,
    Plaatsing,
    Plaatsingsvorm,
    Traject,
    TrajectFase,
    Uitstroomreden,
)
from app.services.audit import next_moment, velden_json
from app.services.bulk import grote_sqlite_cache, na_grote_load, voeg_toe, zonder_gc
from app.services.errors import DomainError, ValidationError
from app.services.importverslag import (
    Bestand,
    Teller,
    audit_rij,
    bronsleutels,
    cel,
    in_delen,
    meld_dubbele,
    open_bestand,
    schrijf_export,
)
from app.services.inwoner_import import ENTITEIT as INWONER
from app.services.koppeling import Formaat, Kolom, Koppeling
from app.services.rechten import Gegeven, Recht, vereis
from app.services.setimport import (  # noqa: F401 (schrijf_foutenverslag: the module's report)
    MAX_TEKST,
    MedewerkerRij,
    Regel,
    SetImportResult,
    met_fouten,
    schrijf_foutenverslag,
)
from app.services.text import format_date, nl_int, opsomming, parse_date
from app.services.trajecten import (
    BEGELEID_WERKEN_UREN,
    GEPLAATSTE_FASEN,
    MIN_REDEN,
    ROL_VAN,
    WSW_AFGESLOTEN_PER,
    WSW_VORMEN,
)

F = TrajectFase
# The kinds of record in `bronsleutel`: a trajectory's source key, and a placement's.
ENTITEIT, PLAATSING = "traject", "plaatsing"
_INWONER_KOLOM = dict(
    omschrijving="de sleutel van de inwoner, zoals in het bestand met inwoners (daar leeg: het "
    "BSN)",
    verplicht=True,
    synoniemen=("klantnummer", "inwonersleutel", "client", "klant"),
)
TRAJECTEN = Formaat("trajecten", "Trajecten", (
    Kolom("sleutel", "de sleutel van het traject in het bronsysteem", True,
          synoniemen=("trajectnummer", "id", "nummer")),
    Kolom("inwoner", **_INWONER_KOLOM),
    Kolom("startdatum", "de dag van de aanmelding: dd-mm-jjjj of jjjj-mm-dd", True,
          synoniemen=("aanmelddatum", "begindatum")),
    Kolom("aanmeldbron", "wie de inwoner heeft aangemeld", True, codes=Aanmeldbron,
          synoniemen=("verwijzer", "bron")),
    Kolom("werkcoach", "gebruikersnaam in Koers van de werkcoach (casemanager)", True,
          synoniemen=("casemanager", "coach")),
    Kolom("jobcoach", "gebruikersnaam van de jobcoach"),
    Kolom("participatiecoach", "gebruikersnaam van de participatiecoach"),
    Kolom("accountmanager", "gebruikersnaam van de accountmanager"),
    Kolom("ontwikkelstadium", "het stadium, zodra het is bepaald", codes=Ontwikkelstadium,
          synoniemen=("stadium",)),
    Kolom("einddatum", "de dag van de afsluiting (alleen bij een afgesloten traject)",
          synoniemen=("afsluitdatum",)),
    Kolom("uitstroomreden", "waarom het traject is afgesloten (alleen bij een afgesloten "
          "traject)", codes=Uitstroomreden, synoniemen=("reden_uitstroom",)),
    Kolom("uitstroom_toelichting", "toelichting op de uitstroomreden (nodig bij ANDERS)"),
    Kolom("werkfit_sinds", "sinds wanneer de inwoner werkfit is"),
    Kolom("ontwikkeling_sinds", "sinds wanneer de ontwikkelaanpak loopt"),
    Kolom("verlengd_tot", "tot wanneer de teamleider het ontwikkeltraject heeft verlengd"),
    Kolom("overdracht_op", "de dag van de warme overdracht aan de accountmanager"),
    Kolom("overdracht_notitie", "wat bij de warme overdracht is besproken"),
    Kolom("vacature", "de baan waarvoor de inwoner wordt gematcht"),
    Kolom("contact_per_jaar", "afgesproken contacten per jaar in stadium 3 (minstens 2)"),
    Kolom("nazorg_tot", "tot wanneer de nazorg loopt"),
    Kolom("nazorg_afspraken", "de afspraken over de nazorg"),
    Kolom("fase_voor_onderbreking", "bij een onderbroken traject: de fase waarin het werd "
          "onderbroken", codes=TrajectFase),
))  # fmt: skip
OVERGANGEN = Formaat("faseovergangen", "Faseovergangen", (
    Kolom("traject", "de sleutel van het traject, zoals in het bestand met trajecten", True,
          synoniemen=("trajectnummer", "trajectsleutel")),
    Kolom("volgnummer", "de volgorde van de stappen binnen het traject: 1, 2, 3 …", True,
          synoniemen=("volgorde", "stap", "nummer")),
    Kolom("datum", "de dag van de stap: dd-mm-jjjj of jjjj-mm-dd", True,
          synoniemen=("overgangsdatum", "ingangsdatum")),
    Kolom("code", "de overgang in het toestandsmodel: START, T1 … T17 of COACH", True,
          synoniemen=("overgang",)),
    Kolom("soort", "wat er veranderde", True, codes=OvergangSoort),
    Kolom("van_fase", "de fase waarin de stap begint: waar de vorige eindigde, leeg bij de "
          "eerste (zonder deze kolom volgt die uit de vorige stap)", codes=TrajectFase),
    Kolom("naar_fase", "de fase na de stap (dezelfde als van_fase als de fase niet verandert)",
          True, codes=TrajectFase, synoniemen=("fase", "nieuwe_fase")),
    Kolom("medewerker", "gebruikersnaam van wie de stap zette; leeg: wie importeert",
          synoniemen=("door", "behandelaar")),
    Kolom("reden", "de reden of toelichting van de stap", synoniemen=("toelichting",)),
    Kolom("voorwaarden", "de gecontroleerde voorwaarden, één per regel"),
))  # fmt: skip
PLAATSINGEN = Formaat("plaatsingen", "Plaatsingen", (
    Kolom("sleutel", "de sleutel van de plaatsing in het bronsysteem", True,
          synoniemen=("plaatsingsnummer", "id", "nummer")),
    Kolom("traject", "de sleutel van het traject waarin de plaatsing valt (leeg: geen)",
          synoniemen=("trajectnummer", "trajectsleutel")),
    Kolom("inwoner", **_INWONER_KOLOM),
    Kolom("werkplek", "de werkgever of werkplek", True, synoniemen=("werkgever", "bedrijf")),
    Kolom("plaatsingsvorm", "de vorm van de plaatsing", True, codes=Plaatsingsvorm,
          synoniemen=("vorm",)),
    Kolom("startdatum", "de eerste dag", True, synoniemen=("begindatum",)),
    Kolom("einddatum", "de laatste dag, bij een beëindigde plaatsing"),
    Kolom("uren_per_week", "uren per week: 1 tot en met 40", synoniemen=("uren",)),
    Kolom("jobcoach", "gebruikersnaam van de jobcoach"),
    Kolom("lks", "ja of nee (leeg: nee): met loonkostensubsidie",
          synoniemen=("loonkostensubsidie",)),
    Kolom("einde_reden", "waarom de plaatsing eindigde (bij een einddatum)",
          synoniemen=("reden_einde",)),
))  # fmt: skip
FORMATEN = (TRAJECTEN, OVERGANGEN, PLAATSINGEN)
RESULTAAT = ("traject", "trajecten")
CODES = frozenset({"START", "COACH", *(f"T{n}" for n in range(1, 18))})
CHUNK = 5_000
MIN_CONTACTEN = 2  # per year in stage 3, the schema's check (brief §3.12)


@dataclass
class TrajectImportResult(SetImportResult):
    """One result for the set. `aantal` and `overgeslagen` count trajecten, as ImportResult
    does; the steps and placements that come with them are counted here."""

    faseovergangen: int = 0  # the steps of the new trajecten
    plaatsingen: int = 0  # new placements
    plaatsingen_overgeslagen: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "faseovergangen": self.faseovergangen,
                "plaatsingen": self.plaatsingen,
                "plaatsingen_overgeslagen": self.plaatsingen_overgeslagen}  # fmt: skip

    def summary(self) -> str:
        tekst = super().summary()
        if self.fouten:
            return tekst
        tekst += (f" Daarbij {nl_int(self.faseovergangen)} "
                  f"{'faseovergang' if self.faseovergangen == 1 else 'faseovergangen'} en "
                  f"{nl_int(self.plaatsingen)} "
                  f"{'plaatsing' if self.plaatsingen == 1 else 'plaatsingen'}.")  # fmt: skip
        if n := self.plaatsingen_overgeslagen:
            tekst += (f" {nl_int(n)} {'plaatsing stond' if n == 1 else 'plaatsingen stonden'} "
                      f"er al in (zelfde sleutel) en {'wordt' if n == 1 else 'worden'} "
                      "overgeslagen.")  # fmt: skip
        return tekst


# --- reading ----------------------------------------------------------------------------------


class _Inwoner(NamedTuple):
    id: uuid.UUID
    betaalgemeente_id: uuid.UUID
    dossier_gesloten: bool


class _Bekend(NamedTuple):
    """A trajectory imported before, as a placement in the files may refer to it."""

    id: uuid.UUID
    inwoner_id: uuid.UUID
    startdatum: date


@dataclass
class _Context:
    """What the lines refer to: the database's inwoners, trajectories, placements and
    medewerkers, by key or username."""

    actor: Medewerker
    today: date
    inwoners: dict[str, _Inwoner]
    trajecten: dict[str, _Bekend]
    plaatsingen: set[str]
    lopend: set[uuid.UUID]  # inwoners with a running trajectory in Koers
    medewerkers: dict[str, MedewerkerRij]
    datums: dict[str, date | None] = field(default_factory=dict)

    def datum(self, tekst: str) -> date | None:
        try:
            return self.datums[tekst]
        except KeyError:  # a few thousand distinct dates repeat on every line
            datum = self.datums[tekst] = parse_date(tekst)
            return datum


@dataclass
class _Stap:
    r: Regel
    volgnummer: int | None
    datum: date | None
    code: str
    soort: OvergangSoort | None
    van: TrajectFase | None
    naar: TrajectFase | None
    medewerker_id: uuid.UUID | None


@dataclass
class _Traject:
    r: Regel
    sleutel: str
    inwoner: _Inwoner | None
    coaches: dict[str, MedewerkerRij | None]  # werkcoach, jobcoach … (ROL_VAN's keys)
    waarden: dict[str, Any]  # the columns of `traject` the line gives
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    stappen: list[_Stap] = field(default_factory=list)
    fase: TrajectFase | None = None  # from the history, once it is valid
    fase_sinds: date | None = None


def import_trajecten(
    session: Session,
    *,
    actor: Medewerker,
    trajecten: Path,
    overgangen: Path,
    plaatsingen: Path | None = None,
    dry_run: bool,
    koppelingen: dict[str, Koppeling] | None = None,
    voortgang: Callable[[int, int], None] | None = None,
    today: date | None = None,
) -> TrajectImportResult:
    """Check every line of the files and, when all are valid and it is not a dry run, add the
    trajecten (with their steps) and placements that are not in Koers yet (by source key).
    `koppelingen` maps a layout's entiteit ("trajecten", "faseovergangen", "plaatsingen") to the
    mapping of its file. The caller owns the transaction."""
    vereis(actor, Gegeven.VERHUIZING, Recht.WIJZIGEN)
    paden = [(TRAJECTEN, trajecten), (OVERGANGEN, overgangen), (PLAATSINGEN, plaatsingen)]
    with zonder_gc():
        return _importeer(session, actor, [(f, p) for f, p in paden if p is not None],
                          koppelingen or {}, dry_run, voortgang, today or date.today())  # fmt: skip


def _importeer(
    session: Session, actor: Medewerker, paden: list[tuple[Formaat, Path]],
    koppelingen: dict[str, Koppeling], dry_run: bool,
    voortgang: Callable[[int, int], None] | None, today: date,
) -> TrajectImportResult:  # fmt: skip
    bestanden = [open_bestand(formaat, pad, koppelingen.get(formaat.entiteit))
                 for formaat, pad in paden]  # fmt: skip
    result = TrajectImportResult(
        bestand=opsomming([b.naam for b in bestanden]), dry_run=dry_run, woorden=RESULTAAT,
        bronnen={b.formaat.entiteit: b.pad for b in bestanden},
    )  # fmt: skip
    if any(b.onleesbaar or b.fouten for b in bestanden):
        return met_fouten(result, bestanden)
    traject_bestand, stap_bestand, *rest = bestanden
    plaats_bestand = rest[0] if rest else None
    ctx = _context(session, actor, today, bestanden)
    totaal = 2 * sum(len(b.rijen) for b in bestanden)
    gelezen = Teller(voortgang, totaal)

    nieuw, result.overgeslagen = _lees_trajecten(traject_bestand, ctx, gelezen)
    _lees_stappen(stap_bestand, traject_bestand.naam, ctx, nieuw, gelezen)
    met_van = "van_fase" in stap_bestand.koppeling.kolommen
    for traject in nieuw.values():
        _geschiedenis(traject, stap_bestand.naam, met_van)
    _een_lopend_traject(nieuw.values(), ctx)
    nieuwe_plaatsingen: list[dict[str, Any]] = []
    if plaats_bestand is not None:
        nieuwe_plaatsingen, result.plaatsingen_overgeslagen = _lees_plaatsingen(
            plaats_bestand, traject_bestand.naam, ctx, nieuw, gelezen)  # fmt: skip

    result.aantal = len({r for r, _w in traject_bestand.rijen} - traject_bestand.fouten.lines())
    result.faseovergangen = sum(len(t.stappen) for t in nieuw.values())
    result.plaatsingen = len(nieuwe_plaatsingen)
    if any(b.fouten for b in bestanden):
        return met_fouten(result, bestanden)
    if not dry_run:
        _schrijf(session, actor, list(nieuw.values()), nieuwe_plaatsingen, gelezen)
        na_grote_load(session, len(nieuw))
    if voortgang is not None:
        voortgang(totaal, totaal)
    return result


def _context(session: Session, actor: Medewerker, today: date,
             bestanden: list[Bestand]) -> _Context:  # fmt: skip
    """Look up, in the database, only what the lines name."""
    traject_bestand, *andere = bestanden
    inwoner_sleutels = {w["inwoner"] for b in (traject_bestand, *andere[1:])
                        for _r, w in b.rijen if w["inwoner"]}  # fmt: skip
    inwoners: dict[str, _Inwoner] = {}
    for deel in in_delen(inwoner_sleutels):
        rijen = session.execute(
            select(Bronsleutel.sleutel, Inwoner.id, Inwoner.betaalgemeente_id,
                   Inwoner.dossier_gesloten_op)
            .join(Inwoner, Inwoner.id == Bronsleutel.record_id)
            .where(Bronsleutel.entiteit == INWONER, Bronsleutel.sleutel.in_(deel)))  # fmt: skip
        inwoners.update({sleutel: _Inwoner(id_, gemeente, gesloten is not None)
                         for sleutel, id_, gemeente, gesloten in rijen})  # fmt: skip
    traject_sleutels = {w["sleutel"] for _r, w in traject_bestand.rijen} | {
        w["traject"] for b in andere for _r, w in b.rijen}  # fmt: skip
    trajecten: dict[str, _Bekend] = {}
    for deel in in_delen(traject_sleutels - {""}):
        rijen = session.execute(
            select(Bronsleutel.sleutel, Traject.id, Traject.inwoner_id, Traject.startdatum)
            .join(Traject, Traject.id == Bronsleutel.record_id)
            .where(Bronsleutel.entiteit == ENTITEIT, Bronsleutel.sleutel.in_(deel)))  # fmt: skip
        trajecten.update({sleutel: _Bekend(*rest) for sleutel, *rest in rijen})
    plaatsingen: set[str] = set()
    for deel in in_delen(w["sleutel"] for b in andere[1:] for _r, w in b.rijen if w["sleutel"]):
        plaatsingen |= set(session.scalars(select(Bronsleutel.sleutel).where(
            Bronsleutel.entiteit == PLAATSING, Bronsleutel.sleutel.in_(deel))))  # fmt: skip
    lopend: set[uuid.UUID] = set()
    for deel in in_delen(i.id for i in inwoners.values()):
        lopend |= set(session.scalars(select(Traject.inwoner_id).where(
            Traject.inwoner_id.in_(deel), Traject.fase != F.AFGESLOTEN)))  # fmt: skip
    medewerkers = {m.gebruikersnaam: MedewerkerRij(m.id, m.gebruikersnaam, m.actief, m.rollen)
                   for m in session.scalars(select(Medewerker))}  # fmt: skip
    return _Context(actor, today, inwoners, trajecten, plaatsingen, lopend, medewerkers)


# --- trajecten --------------------------------------------------------------------------------


def _lees_trajecten(bestand: Bestand, ctx: _Context,
                    gelezen: Teller) -> tuple[dict[str, _Traject], int]:  # fmt: skip
    """Each line's own checks; the new trajectories by key, and how many are known already."""
    nieuw: dict[str, _Traject] = {}
    regels_per_sleutel: dict[str, list[int]] = defaultdict(list)
    bekend = 0
    for regel, w in gelezen.regels(bestand.rijen):
        traject = _traject(Regel(bestand, regel, w, ctx))
        regels_per_sleutel[traject.sleutel].append(regel)
        if traject.sleutel in ctx.trajecten:
            bekend += 1
        elif traject.sleutel and traject.sleutel not in nieuw:
            nieuw[traject.sleutel] = traject
    meld_dubbele(regels_per_sleutel, bestand)
    return nieuw, bekend


def _traject(r: Regel) -> _Traject:
    sleutel = r.sleutel("sleutel", "het traject")
    inwoner = r.inwoner()
    start = r.datum("startdatum", verplicht="vul de startdatum (de dag van de aanmelding) in")
    bron = r.code("aanmeldbron", verplicht="kies de aanmeldbron (wie de inwoner heeft aangemeld)")
    r.verplicht("werkcoach", "vul de werkcoach in (een gebruikersnaam in Koers)")
    coaches = {rol: r.medewerker(rol) for rol in ROL_VAN}
    datum = r.datum
    waarden_ = {
        "aanmeldbron": bron, "ontwikkelstadium": r.code("ontwikkelstadium"), "startdatum": start,
        "einddatum": datum("einddatum", niet_voor=start),
        "uitstroomreden": r.code("uitstroomreden"),
        "uitstroom_toelichting": r.tekst("uitstroom_toelichting"),
        "werkfit_sinds": datum("werkfit_sinds", niet_voor=start),
        "ontwikkeling_sinds": datum("ontwikkeling_sinds", niet_voor=start),
        "verlengd_tot": datum("verlengd_tot", toekomst=True, niet_voor=start),
        "overdracht_op": datum("overdracht_op", niet_voor=start),
        "overdracht_notitie": r.tekst("overdracht_notitie"), "vacature": r.tekst("vacature"),
        "contact_per_jaar": r.geheel("contact_per_jaar", MIN_CONTACTEN, None),
        "nazorg_tot": datum("nazorg_tot", toekomst=True, niet_voor=start),
        "nazorg_afspraken": r.tekst("nazorg_afspraken"),
        "fase_voor_onderbreking": r.code("fase_voor_onderbreking"),
    }  # fmt: skip
    return _Traject(r, sleutel, inwoner, coaches, waarden_)


# --- the history ------------------------------------------------------------------------------


def _lees_stappen(bestand: Bestand, trajecten_naam: str, ctx: _Context,
                  nieuw: dict[str, _Traject], gelezen: Teller) -> None:  # fmt: skip
    """Each line's own checks, and each step to its trajectory (the steps of one imported
    before are skipped with it)."""
    for regel, w in gelezen.regels(bestand.rijen):
        r = Regel(bestand, regel, w, ctx)
        sleutel = r.verplicht("traject", "vul de sleutel van het traject in")
        volgnummer = r.geheel("volgnummer", 1, None, verplicht="vul het volgnummer in")
        datum = r.datum("datum", verplicht="vul de datum van de stap in")
        code_ = r.verplicht("code", "vul de code van de overgang in (START, T1 … T17 of COACH)")
        if code_ and code_.upper() not in CODES:
            r.weiger(f"code '{code_}' is onbekend; kies START, T1 … T17 of COACH", "code")
        soort = r.code("soort", verplicht="kies de soort overgang")
        van = r.code("van_fase")
        naar = r.code("naar_fase", verplicht="vul naar_fase in (de fase na de stap)")
        medewerker = r.medewerker("medewerker")
        door = ctx.actor.id if not w["medewerker"] else medewerker.id if medewerker else None
        stap = _Stap(r, volgnummer, datum, code_.upper(), soort, van, naar, door)
        if sleutel in ctx.trajecten:
            continue
        if sleutel in nieuw:
            nieuw[sleutel].stappen.append(stap)
        elif sleutel:
            r.weiger(f"traject '{sleutel}' staat niet in {trajecten_naam} en is niet eerder "
                     "geïmporteerd", "traject")  # fmt: skip


def _geschiedenis(t: _Traject, stappen_naam: str, met_van: bool) -> None:
    """The trajectory's timeline in volgnummer order, and its own values that must agree with
    it; sets its phase and since when. Without a van_fase column each step starts where the
    previous one ended."""
    if not t.stappen:
        t.r.weiger(f"het traject heeft geen faseovergangen in {stappen_naam}; elk traject begint "
                   "met een stap zonder van_fase (START, naar AANGEMELD)", "sleutel")  # fmt: skip
        return
    per_nummer: dict[int | None, list[_Stap]] = defaultdict(list)
    for stap in t.stappen:
        per_nummer[stap.volgnummer].append(stap)
    for nummer, stappen in per_nummer.items():
        for stap in stappen:
            andere = [str(s.r.regel) for s in stappen if s is not stap]
            if nummer is not None and andere:
                stap.r.weiger(f"volgnummer {nummer} van traject {t.sleutel} staat ook op regel "
                              f"{', '.join(andere)}", "volgnummer")  # fmt: skip
    if not all(s.r.geldig for s in t.stappen):
        return  # where an unreadable step belongs is unknown: its own problem first
    t.stappen.sort(key=lambda s: s.volgnummer)
    start = t.waarden["startdatum"]
    vorige: _Stap | None = None
    for stap in t.stappen:
        verwacht = vorige.naar if vorige else None
        if not met_van:
            stap.van = verwacht
        elif stap.van != verwacht and vorige is None:
            stap.r.weiger("de eerste faseovergang van een traject begint zonder fase: laat "
                          "van_fase leeg", "van_fase")  # fmt: skip
        elif stap.van != verwacht:
            stap.r.weiger(f"van_fase {stap.van or '(leeg)'} sluit niet aan op de vorige "
                          f"faseovergang (volgnummer {vorige.volgnummer}, naar {vorige.naar})",
                          "van_fase")  # fmt: skip
        if vorige is None and start is not None and stap.datum < start:
            stap.r.weiger(f"datum {format_date(stap.datum)} ligt vóór de startdatum van het "
                          f"traject ({format_date(start)})", "datum")  # fmt: skip
        elif vorige is not None and vorige.naar == F.AFGESLOTEN:
            stap.r.weiger(f"na de afsluiting (volgnummer {vorige.volgnummer}) volgt geen "
                          "faseovergang meer", "naar_fase")  # fmt: skip
        elif vorige is not None and stap.datum < vorige.datum:
            stap.r.weiger(f"datum {format_date(stap.datum)} ligt vóór die van de vorige "
                          f"faseovergang (volgnummer {vorige.volgnummer}, "
                          f"{format_date(vorige.datum)})", "datum")  # fmt: skip
        vorige = stap
    if all(s.r.geldig for s in t.stappen):
        t.fase = t.stappen[-1].naar
        t.fase_sinds = next(s.datum for s in reversed(t.stappen) if s.naar != s.van)
        _past_bij_geschiedenis(t)


def _past_bij_geschiedenis(t: _Traject) -> None:
    """What the trajectory's line says about its end, interruption and coaches, against its
    phase (as `sluit_af`, `onderbreek` and `wijs_coach_toe` keep them)."""
    r, w, laatste = t.r, t.waarden, t.stappen[-1]
    eind, reden = w["einddatum"], w["uitstroomreden"]
    toelichting = w["uitstroom_toelichting"]
    if t.fase == F.AFGESLOTEN:
        ontbreekt = [v for v in ("einddatum", "uitstroomreden") if w[v] is None and v not in
                     r.gemeld]  # fmt: skip
        if ontbreekt:
            r.weiger(f"het traject is afgesloten (volgnummer {laatste.volgnummer}): vul "
                     f"{' en '.join(ontbreekt)} in", ontbreekt[0])  # fmt: skip
        if eind is not None and eind != laatste.datum:
            r.weiger(f"einddatum {format_date(eind)} is niet de dag van de afsluiting in de "
                     f"faseovergangen ({format_date(laatste.datum)})", "einddatum")  # fmt: skip
        if reden in UITSTROOM_NAAR_WERK and laatste.van not in GEPLAATSTE_FASEN | {
                F.ZELFSTANDIG_ZOEKEN}:  # fmt: skip
            r.weiger(f"uitstroom naar werk ({reden.label.lower()}) kan pas na een plaatsing of "
                     f"vanuit zelfstandig zoeken, niet vanuit {laatste.van}",
                     "uitstroomreden")  # fmt: skip
        elif (reden in UITSTROOM_NAAR_WERK and laatste.van in (F.GEPLAATST, F.BEGELEIDING_OP_WERK)
              and w["ontwikkelstadium"] == Ontwikkelstadium.ONTWIKKELPOTENTIEEL
              and not toelichting):  # fmt: skip
            r.weiger("na een plaatsing volgt meestal nazorg: geef in uitstroom_toelichting aan "
                     "waarom er geen nazorg nodig was", "uitstroom_toelichting")  # fmt: skip
        if reden == Uitstroomreden.ANDERS and not toelichting:
            r.weiger("licht de uitstroomreden 'anders' toe in uitstroom_toelichting",
                     "uitstroom_toelichting")  # fmt: skip
    elif eind is not None or reden is not None:
        r.weiger(f"einddatum en uitstroomreden horen alleen bij een afgesloten traject; de "
                 f"laatste faseovergang gaat naar {t.fase}",
                 "einddatum" if eind is not None else "uitstroomreden")  # fmt: skip
    onderbroken_vanuit = next((s.van for s in reversed(t.stappen) if s.naar == F.ONDERBROKEN
                               and s.van != F.ONDERBROKEN), None)  # fmt: skip
    voor = w["fase_voor_onderbreking"]
    if t.fase == F.ONDERBROKEN and voor is None and "fase_voor_onderbreking" not in r.gemeld:
        waarin = f" ({onderbroken_vanuit})" if onderbroken_vanuit else ""
        r.weiger(f"het traject is onderbroken: vul fase_voor_onderbreking in, de fase waarin het "
                 f"werd onderbroken{waarin}", "fase_voor_onderbreking")  # fmt: skip
    elif t.fase == F.ONDERBROKEN and voor is not None and voor != onderbroken_vanuit:
        r.weiger(f"fase_voor_onderbreking {voor} is niet de fase waarin het traject werd "
                 f"onderbroken ({onderbroken_vanuit})", "fase_voor_onderbreking")  # fmt: skip
    elif t.fase != F.ONDERBROKEN and voor is not None:
        r.weiger(f"fase_voor_onderbreking hoort alleen bij een onderbroken traject; de laatste "
                 f"faseovergang gaat naar {t.fase}", "fase_voor_onderbreking")  # fmt: skip
    if t.fase != F.AFGESLOTEN:
        # A running trajectory goes on in Koers: its coaches must be able to do their part.
        for rol, medewerker in t.coaches.items():
            if medewerker is not None and (not medewerker.actief
                                           or ROL_VAN[rol] not in medewerker.rollen):  # fmt: skip
                r.weiger(f"{rol} '{medewerker.gebruikersnaam}' is geen actieve medewerker met "
                         f"de rol {ROL_VAN[rol].label.lower()}, en het traject loopt nog",
                         rol)  # fmt: skip
        if t.inwoner is not None and t.inwoner.dossier_gesloten:
            r.weiger("het dossier van de inwoner is gesloten, en het traject loopt nog; heropen "
                     "het dossier eerst", "inwoner")  # fmt: skip


def _een_lopend_traject(trajecten: Iterable[_Traject], ctx: _Context) -> None:
    """At most one running trajectory per inwoner, in the file and with Koers' own."""
    lopend: dict[uuid.UUID, list[_Traject]] = defaultdict(list)
    for t in trajecten:
        if t.inwoner is not None and t.fase not in (None, F.AFGESLOTEN):
            lopend[t.inwoner.id].append(t)
    for inwoner_id, lijst in lopend.items():
        for t in lijst:
            inwoner = t.r.w["inwoner"]
            if andere := [str(o.r.regel) for o in lijst if o is not t]:
                t.r.weiger(f"inwoner {inwoner} heeft ook een lopend traject op regel "
                           f"{', '.join(andere)}; een inwoner heeft hoogstens één lopend traject",
                           "inwoner")  # fmt: skip
            if inwoner_id in ctx.lopend:
                t.r.weiger(f"inwoner {inwoner} heeft al een lopend traject in Koers; een inwoner "
                           "heeft hoogstens één lopend traject", "inwoner")  # fmt: skip


# --- plaatsingen ------------------------------------------------------------------------------


def _lees_plaatsingen(bestand: Bestand, trajecten_naam: str, ctx: _Context,
                      nieuw: dict[str, _Traject],
                      gelezen: Teller) -> tuple[list[dict[str, Any]], int]:  # fmt: skip
    """Each placement with the rules of `plaats` and `beeindig_plaatsing` that rest on its own
    values; the new ones as rows, and how many are known already."""
    rijen: list[dict[str, Any]] = []
    regels_per_sleutel: dict[str, list[int]] = defaultdict(list)
    bekend = 0
    for regel, w in gelezen.regels(bestand.rijen):
        r = Regel(bestand, regel, w, ctx)
        sleutel = r.sleutel("sleutel", "de plaatsing")
        regels_per_sleutel[sleutel].append(regel)
        inwoner = r.inwoner()
        werkplek = r.verplicht("werkplek", "vul de werkgever of werkplek in")
        if len(werkplek) > MAX_TEKST:
            r.weiger(f"de werkplek is langer dan {MAX_TEKST} tekens", "werkplek")
        vorm = r.code("plaatsingsvorm", verplicht="kies de plaatsingsvorm")
        traject_id, traject_start = _traject_van(r, trajecten_naam, ctx, nieuw, inwoner)
        start = r.datum("startdatum", verplicht="vul de startdatum van de plaatsing in",
                        toekomst=True, niet_voor=traject_start,
                        wat="de startdatum van het traject")  # fmt: skip
        eind = r.datum("einddatum", niet_voor=start)
        uren = r.geheel("uren_per_week", 1, 40)
        jobcoach = r.medewerker("jobcoach")
        lks = r.ja_nee("lks") or vorm == Plaatsingsvorm.REGULIER_LKS  # as `plaats` sets it
        einde_reden = w["einde_reden"]
        if vorm in WSW_VORMEN and start is not None and start >= WSW_AFGESLOTEN_PER:
            r.weiger("een nieuw Wsw-dienstverband kan niet meer: sinds 1 januari 2015 is de "
                     "instroom in de Wsw gesloten", "plaatsingsvorm")  # fmt: skip
        laag, hoog = BEGELEID_WERKEN_UREN
        if vorm == Plaatsingsvorm.BEGELEID_WERKEN and (uren is None or not laag <= uren <= hoog) \
                and "uren_per_week" not in r.gemeld:  # fmt: skip
            r.weiger(f"begeleid werken is {laag} tot en met {hoog} uur per week", "uren_per_week")
        if eind is not None and len(einde_reden) < MIN_REDEN:
            r.weiger(f"geef in einde_reden aan waarom de plaatsing eindigde (minstens {MIN_REDEN} "
                     "tekens)", "einde_reden")  # fmt: skip
        elif einde_reden and eind is None and "einddatum" not in r.gemeld:
            r.weiger("een einde_reden hoort bij een beëindigde plaatsing: vul de einddatum in",
                     "einddatum")  # fmt: skip
        if sleutel in ctx.plaatsingen:
            bekend += 1
        elif r.geldig and inwoner is not None:
            rijen.append({
                "sleutel": sleutel, "inwoner_id": inwoner.id, "traject_id": traject_id,
                "werkplek": werkplek, "plaatsingsvorm": vorm, "startdatum": start,
                "einddatum": eind, "uren_per_week": uren,
                "jobcoach_id": jobcoach.id if jobcoach else None, "lks": lks,
                "einde_reden": einde_reden or None,
            })  # fmt: skip
    meld_dubbele(regels_per_sleutel, bestand)
    return rijen, bekend


def _traject_van(r: Regel, trajecten_naam: str, ctx: _Context, nieuw: dict[str, _Traject],
                 inwoner: _Inwoner | None) -> tuple[uuid.UUID | None, date | None]:  # fmt: skip
    """The placement's trajectory (in the files or imported before) and its start."""
    sleutel = r.w["traject"]
    if not sleutel:
        return None, None
    if sleutel in ctx.trajecten:
        bekend = ctx.trajecten[sleutel]
        traject = (bekend.id, bekend.inwoner_id, bekend.startdatum)
    elif sleutel in nieuw:
        t = nieuw[sleutel]
        traject = (t.id, t.inwoner.id if t.inwoner else None, t.waarden["startdatum"])
    else:
        r.weiger(f"traject '{sleutel}' staat niet in {trajecten_naam} en is niet eerder "
                 "geïmporteerd", "traject")  # fmt: skip
        return None, None
    traject_id, inwoner_id, start = traject
    if inwoner is not None and inwoner_id is not None and inwoner_id != inwoner.id:
        r.weiger(f"traject '{sleutel}' hoort bij een andere inwoner dan '{r.w['inwoner']}'",
                 "traject")  # fmt: skip
    return traject_id, start


# --- writing ----------------------------------------------------------------------------------


def _schrijf(session: Session, actor: Medewerker, trajecten: list[_Traject],
             plaatsingen: list[dict[str, Any]], gelezen: Teller) -> None:  # fmt: skip
    """Core bulk inserts: the trajectories with their steps, the placements, their source keys
    and audit records (AANGEMAAKT, as the services write them). Steps get their moments in
    volgnummer order, so the timeline (ordered by moment) keeps the file's order."""
    traject_rijen, stap_rijen, plaatsing_rijen, audit, sleutels = [], [], [], [], []
    for t in trajecten:
        traject_rijen.append({
            "id": t.id, "versie": 1, "inwoner_id": t.inwoner.id,
            "gemeente_id": t.inwoner.betaalgemeente_id,  # who pays, as `meld_aan` takes it
            **t.waarden, **{f"{rol}_id": m.id if m else None for rol, m in t.coaches.items()},
            "fase": t.fase, "fase_sinds": t.fase_sinds,
        })  # fmt: skip
        for s in t.stappen:
            stap_rijen.append({
                "id": uuid.uuid4(), "traject_id": t.id, "code": s.code, "soort": s.soort,
                "van_fase": s.van, "naar_fase": s.naar, "datum": s.datum,
                "moment": next_moment(), "medewerker_id": s.medewerker_id,
                "reden": s.r.tekst("reden"), "voorwaarden": s.r.tekst("voorwaarden"),
            })  # fmt: skip
        velden = velden_json(
            {"fase": (None, t.fase), "startdatum": (None, t.waarden["startdatum"])}
        )
        audit.append(audit_rij(actor, t.inwoner.id, t.id, AuditActie.AANGEMAAKT, "traject",
                               "import", velden))  # fmt: skip
        sleutels.append({"id": uuid.uuid4(), "entiteit": ENTITEIT, "sleutel": t.sleutel,
                         "record_id": t.id})  # fmt: skip
    for p in plaatsingen:
        rij = {"id": uuid.uuid4(), "versie": 1, **{k: v for k, v in p.items() if k != "sleutel"}}
        plaatsing_rijen.append(rij)
        audit.append(audit_rij(actor, rij["inwoner_id"], rij["id"], AuditActie.AANGEMAAKT,
                               "plaatsing", "import",
                               velden_json({"plaatsingsvorm": (None, rij["plaatsingsvorm"]),
                                            "startdatum": (None, rij["startdatum"])})))  # fmt: skip
        sleutels.append({"id": uuid.uuid4(), "entiteit": PLAATSING, "sleutel": p["sleutel"],
                         "record_id": rij["id"]})  # fmt: skip
    with grote_sqlite_cache(session):
        # Parents first: a step needs its trajectory, a placement may need one.
        for model, rijen in ((Traject, traject_rijen), (FaseOvergang, stap_rijen),
                             (Plaatsing, plaatsing_rijen)):  # fmt: skip
            voeg_toe(session, model, rijen, gelezen.geschreven)
        voeg_toe(session, AuditRecord, audit)
        voeg_toe(session, Bronsleutel, sleutels)


# --- export -----------------------------------------------------------------------------------


def export_rijen(session: Session, *, actor: Medewerker) -> dict[str, list[list[str]]]:
    """Per layout (its entiteit) the rows of every trajectory, step and placement of an inwoner
    with personal data (an anonymised one has none left), keyed by their source keys (else their
    id); each trajectory and placement exported is recorded in the audit trail."""
    vereis(actor, Gegeven.VERHUIZING, Recht.LEZEN)
    inwoners, trajecten = bronsleutels(session, INWONER), bronsleutels(session, ENTITEIT)
    plaatsingen = bronsleutels(session, PLAATSING)
    namen = dict(session.execute(select(Medewerker.id, Medewerker.gebruikersnaam)).all())

    def sleutel(sleutels: dict[uuid.UUID, str], record_id: uuid.UUID | None) -> str:
        return "" if record_id is None else sleutels.get(record_id, str(record_id))

    met_gegevens = Inwoner.bsn.is_not(None)
    volgorde = (Traject.inwoner_id, Traject.startdatum, Traject.id)
    traject_rijen, audit = [], []
    for t in session.execute(select(Traject.__table__)
                             .join(Inwoner, Inwoner.id == Traject.inwoner_id).where(met_gegevens)
                             .order_by(*volgorde)).mappings():  # fmt: skip
        speciaal = {"sleutel": sleutel(trajecten, t["id"]),
                    "inwoner": sleutel(inwoners, t["inwoner_id"])} | {
            rol: namen.get(t[f"{rol}_id"], "") for rol in ROL_VAN}  # fmt: skip
        traject_rijen.append([speciaal[k] if k in speciaal else cel(t[k])
                              for k in TRAJECTEN.namen])  # fmt: skip
        audit.append(audit_rij(actor, t["inwoner_id"], t["id"], AuditActie.GEEXPORTEERD, "traject",
                               "export"))  # fmt: skip
    stap_rijen, vorig, volgnummer = [], None, 0
    for s in session.execute(select(FaseOvergang.__table__)
                             .join(Traject, Traject.id == FaseOvergang.traject_id)
                             .join(Inwoner, Inwoner.id == Traject.inwoner_id).where(met_gegevens)
                             .order_by(*volgorde, FaseOvergang.moment, FaseOvergang.id)
                             ).mappings():  # fmt: skip
        volgnummer = volgnummer + 1 if s["traject_id"] == vorig else 1
        vorig = s["traject_id"]
        speciaal = {"traject": sleutel(trajecten, s["traject_id"]), "volgnummer": str(volgnummer),
                    "medewerker": namen.get(s["medewerker_id"], "")}  # fmt: skip
        stap_rijen.append([speciaal[k] if k in speciaal else cel(s[k])
                           for k in OVERGANGEN.namen])  # fmt: skip
    plaatsing_rijen = []
    for p in session.execute(select(Plaatsing.__table__)
                             .join(Inwoner, Inwoner.id == Plaatsing.inwoner_id).where(met_gegevens)
                             .order_by(Plaatsing.inwoner_id, Plaatsing.startdatum, Plaatsing.id)
                             ).mappings():  # fmt: skip
        speciaal = {"sleutel": sleutel(plaatsingen, p["id"]),
                    "traject": sleutel(trajecten, p["traject_id"]),
                    "inwoner": sleutel(inwoners, p["inwoner_id"]),
                    "jobcoach": namen.get(p["jobcoach_id"], ""),
                    "lks": "ja" if p["lks"] else "nee"}  # fmt: skip
        plaatsing_rijen.append([speciaal[k] if k in speciaal else cel(p[k])
                                for k in PLAATSINGEN.namen])  # fmt: skip
        audit.append(audit_rij(actor, p["inwoner_id"], p["id"], AuditActie.GEEXPORTEERD,
                               "plaatsing", "export"))  # fmt: skip
    voeg_toe(session, AuditRecord, audit)
    return {TRAJECTEN.entiteit: traject_rijen, OVERGANGEN.entiteit: stap_rijen,
            PLAATSINGEN.entiteit: plaatsing_rijen}  # fmt: skip


def exporteer(session: Session, *, actor: Medewerker, map: Path,
              formaat: str = "csv") -> dict[str, int]:  # fmt: skip
    """Write trajecten, faseovergangen and plaatsingen (.csv or .xlsx) into `map`, in the
    layouts the import reads back; the number of rows per file. Never overwrites a file."""
    if formaat not in ("csv", "xlsx"):
        raise ValidationError({"formaat": "Kies csv of xlsx als formaat."})
    rijen = export_rijen(session, actor=actor)
    paden = {f.entiteit: map / f"{f.entiteit}.{formaat}" for f in FORMATEN}
    if bestaand := [p.name for p in paden.values() if p.exists()]:
        raise DomainError(f"In {map} staat al {opsomming(bestaand)}; kies een lege map.")
    map.mkdir(parents=True, exist_ok=True)
    return {f.entiteit: schrijf_export(paden[f.entiteit], f, rijen[f.entiteit])
            for f in FORMATEN}  # fmt: skip
