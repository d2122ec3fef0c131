"""Import and export of schuldhulptrajecten with their phase history and schulden (`koers import
schuldhulp`, `koers export schuldhulp`), in three layouts that move together: `TRAJECTEN` (one
line per trajectory), `OVERGANGEN` (its phase history, one line per step, numbered within the
trajectory) and `SCHULDEN` (its creditors and amounts).

It follows traject_import and shares its line reader, error collection and report
(`setimport`): a trajectory names its inwoner (and
medeaanvrager) by the inwoner's source key and its consulent by Koers username; a step and a
schuld name their trajectory by its key. The files are checked together and one error in any
of them means nothing is imported. The checks keep what the workflow (schuldhulp.py,
schulden.py) guarantees: the history starts with the melding (no phase → VOORZORG), each step
starts where the previous one ended, goes where `VOLGENDE_FASEN` allows (or to AFGESLOTEN:
uitval is possible from every phase) and never goes back in time; the phase and `fase_sinds`
are the last step's; afgesloten exactly when einddatum and uitkomst are known, with the outcome
that fits the phase it closed from; the dates of melding, eerste gesprek (the aanvraag) and
beschikking in order, a toelating where the history enters stabilisatie; one open trajectory
per inwoner, counting those in Koers; a schuld as `schulden._check_schuld` wants it. The Wgs
deadlines are not stored: they follow from these dates (`schuldhulp.stand`), also for what was
late in the source system. The administration checklist, referrals and budgetbeheer do not
move.

Trajectories keep their source keys: the same files imported again skip what is there, with
the steps and schulden of the skipped trajectories. A functioneel beheerder runs it (the
migration right); every trajectory and schuld written or exported is in the audit trail. Debt
data is sensitive: messages name fields and lines, never amounts or creditors.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    AuditActie,
    AuditRecord,
    Bedreiging,
    Beschikking,
    Bronsleutel,
    Complexiteit,
    Inwoner,
    Medewerker,
    Meldingsbron,
    Meldingswijze,
    Rol,
    Schuld,
    SchuldhulpFase,
    SchuldhulpOvergang,
    Schuldhulptraject,
    Schuldproduct,
    Schuldsoort,
    SchuldStatus,
    Schuldvariant,
    Uitkomst,
    Uitvalreden,
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
from app.services.schulden import MAX_BEDRAG
from app.services.schuldhulp import AFSLUIT_UITKOMSTEN, MIN_PLAN, VOLGENDE_FASEN
from app.services.setimport import (  # noqa: F401 (schrijf_foutenverslag: the module's report)
    MedewerkerRij,
    Regel,
    SetImportResult,
    met_fouten,
    schrijf_foutenverslag,
)
from app.services.text import format_date, nl_int, opsomming, parse_date

F = SchuldhulpFase
ENTITEIT = "schuldhulptraject"  # the kind of record in `bronsleutel`
_INWONER = "de sleutel van de inwoner, zoals in het bestand met inwoners (daar leeg: het BSN)"
TRAJECTEN = Formaat("schuldhulptrajecten", "Schuldhulptrajecten", (
    Kolom("sleutel", "de sleutel van het schuldhulptraject in het bronsysteem", True,
          synoniemen=("dossiernummer", "id", "nummer")),
    Kolom("inwoner", _INWONER, True, synoniemen=("klantnummer", "inwonersleutel", "client")),
    Kolom("medeaanvrager", "de sleutel van de partner die mee aanvraagt (een inwoner)",
          synoniemen=("partner",)),
    Kolom("consulent", "gebruikersnaam in Koers van de consulent schulddienstverlening", True,
          synoniemen=("schuldhulpverlener", "behandelaar")),
    Kolom("melding_datum", "de dag van de melding (de hulpvraag): dd-mm-jjjj of jjjj-mm-dd", True,
          synoniemen=("meldingsdatum", "melding")),
    Kolom("melding_bron", "wie de melding deed of doorverwees", True, codes=Meldingsbron,
          synoniemen=("bron", "verwijzer")),
    Kolom("melding_wijze", "hoe de melding binnenkwam", True, codes=Meldingswijze,
          synoniemen=("wijze", "kanaal")),
    Kolom("hulpvraag", "de hulpvraag in woorden"),
    Kolom("bedreiging", "een bedreigende situatie (Wgs), als die er is", codes=Bedreiging),
    Kolom("bedreiging_datum", "de dag dat de bedreiging bekend werd"),
    Kolom("bedreiging_toelichting", "beschrijving van de bedreiging (nodig bij ANDERS)"),
    Kolom("eerste_gesprek", "de dag van het eerste gesprek (de aanvraag)",
          synoniemen=("aanvraagdatum", "intakedatum")),
    Kolom("leefgebieden", "de andere leefgebieden die bij de intake zijn besproken"),
    Kolom("beschikking", "de beschikking op de aanvraag", codes=Beschikking),
    Kolom("beschikking_datum", "de dag van de beschikking"),
    Kolom("plan_van_aanpak", f"het plan van aanpak (bij een toelating, minstens {MIN_PLAN} "
          "tekens)"),
    Kolom("complexiteit", "eenvoudig of complex (bij een beschikking)", codes=Complexiteit),
    Kolom("product", "het product (bij een toelating)", codes=Schuldproduct),
    Kolom("variant", "de variant (bij schuldbemiddeling)", codes=Schuldvariant),
    Kolom("reden_geen_bankkrediet", "bewijs of reden dat een bank niet leent (bij sociaal "
          "krediet)"),
    Kolom("start_schuldregeling", "de dag van de eerste aflossing (bij een schuldregeling)"),
    Kolom("wsnp_verzoek_datum", "de dag van het WSNP-verzoek"),
    Kolom("nazorg_tot", "tot wanneer de nazorg loopt"),
    Kolom("uitkomst", "de uitkomst (alleen bij een afgesloten traject)", codes=Uitkomst),
    Kolom("uitval_fase", "bij uitval: de fase waarin het traject uitviel", codes=SchuldhulpFase),
    Kolom("uitval_reden", "bij uitval: waarom", codes=Uitvalreden),
    Kolom("afsluiting_toelichting", "toelichting op de afsluiting (de motivering bij een "
          "afwijzing)"),
    Kolom("einddatum", "de dag van de afsluiting (alleen bij een afgesloten traject)",
          synoniemen=("afsluitdatum",)),
))  # fmt: skip
OVERGANGEN = Formaat("schuldhulpovergangen", "Faseovergangen schuldhulp", (
    Kolom("traject", "de sleutel van het schuldhulptraject, zoals in het bestand met "
          "schuldhulptrajecten", True, synoniemen=("dossiernummer", "trajectsleutel")),
    Kolom("volgnummer", "de volgorde van de stappen binnen het traject: 1, 2, 3 …", True,
          synoniemen=("volgorde", "stap", "nummer")),
    Kolom("datum", "de dag van de stap: dd-mm-jjjj of jjjj-mm-dd", True,
          synoniemen=("overgangsdatum", "ingangsdatum")),
    Kolom("van_fase", "de fase waarin de stap begint: waar de vorige eindigde, leeg bij de "
          "eerste (zonder deze kolom volgt die uit de vorige stap)", codes=SchuldhulpFase),
    Kolom("naar_fase", "de fase na de stap; de eerste stap (de melding) gaat naar VOORZORG",
          True, codes=SchuldhulpFase, synoniemen=("fase", "nieuwe_fase")),
    Kolom("medewerker", "gebruikersnaam van wie de stap zette; leeg: wie importeert",
          synoniemen=("door", "behandelaar")),
    Kolom("toelichting", "de toelichting bij de stap", synoniemen=("reden",)),
))  # fmt: skip
SCHULDEN = Formaat("schulden", "Schulden", (
    Kolom("traject", "de sleutel van het schuldhulptraject, zoals in het bestand met "
          "schuldhulptrajecten", True, synoniemen=("dossiernummer", "trajectsleutel")),
    Kolom("schuldeiser", "de naam van de schuldeiser", True, synoniemen=("crediteur",)),
    Kolom("soort", "de soort schuldeiser", True, codes=Schuldsoort,
          synoniemen=("soort_schuldeiser",)),
    Kolom("kenmerk", "het kenmerk (dossiernummer) bij de schuldeiser"),
    Kolom("bedrag_opgegeven", "het door de schuldeiser opgegeven bedrag in euro's: 1250,00 of "
          "1250.00", synoniemen=("bedrag", "saldo")),
    Kolom("bedrag_akkoord", "het afgesproken bedrag in euro's (bij AKKOORD en AFGELOST)"),
    Kolom("status", "de stand van de schuld", True, codes=SchuldStatus),
    Kolom("status_datum", "de dag van die stand", True, synoniemen=("statusdatum",)),
))  # fmt: skip
FORMATEN = (TRAJECTEN, OVERGANGEN, SCHULDEN)
RESULTAAT = ("schuldhulptraject", "schuldhulptrajecten")
MAX_TEKST, MAX_SCHULDEISER, MAX_KENMERK = 200, 200, 100
# Euros with at most two decimals: 1250 · 1250,5 · 1250.00 · 1.250,00 (Dutch thousands).
_BEDRAG = re.compile(r"^-?(\d+([.,]\d{1,2})?|\d{1,3}(\.\d{3})+(,\d{1,2})?)$")
# The date a step into a phase sets on the trajectory, as the workflow step does.
_DATUM_VAN_FASE = {F.SCHULDREGELING: "start_schuldregeling", F.WSNP: "wsnp_verzoek_datum"}


@dataclass
class SchuldhulpImportResult(SetImportResult):
    """One result for the set. `aantal` and `overgeslagen` count schuldhulptrajecten, as
    ImportResult does; the steps and schulden that come with the new ones are counted here."""

    overgangen: int = 0
    schulden: int = 0
    schulden_overgeslagen: int = 0  # those of trajectories imported before

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "overgangen": self.overgangen, "schulden": self.schulden,
                "schulden_overgeslagen": self.schulden_overgeslagen}  # fmt: skip

    def summary(self) -> str:
        tekst = super().summary()
        if self.fouten:
            return tekst
        tekst += (f" Daarbij {nl_int(self.overgangen)} "
                  f"{'faseovergang' if self.overgangen == 1 else 'faseovergangen'} en "
                  f"{nl_int(self.schulden)} "
                  f"{'schuld' if self.schulden == 1 else 'schulden'}.")  # fmt: skip
        return tekst


# --- reading ----------------------------------------------------------------------------------


class _Inwoner(NamedTuple):
    id: uuid.UUID
    woongemeente_id: uuid.UUID  # the gemeente of the trajectory, as `registreer_melding` takes
    dossier_gesloten: bool


class _Bekend(NamedTuple):
    """A trajectory imported before: its steps and schulden are skipped with it."""

    id: uuid.UUID
    melding_datum: date


@dataclass
class _Context:
    """What the lines refer to, by key or username (what `setimport.Regel` reads: today,
    inwoners, medewerkers, datum)."""

    actor: Medewerker
    today: date
    inwoners: dict[str, _Inwoner]
    trajecten: dict[str, _Bekend]
    lopend: set[uuid.UUID]  # inwoners with an open schuldhulptraject in Koers
    medewerkers: dict[str, MedewerkerRij]
    datums: dict[str, date | None] = field(default_factory=dict)

    def datum(self, tekst: str) -> date | None:
        if tekst not in self.datums:
            self.datums[tekst] = parse_date(tekst)
        return self.datums[tekst]


@dataclass
class _Stap:
    r: Regel
    volgnummer: int | None
    datum: date | None
    van: SchuldhulpFase | None
    naar: SchuldhulpFase | None
    medewerker_id: uuid.UUID | None


@dataclass
class _Traject:
    r: Regel
    sleutel: str
    inwoner: _Inwoner | None
    medeaanvrager: _Inwoner | None
    consulent: MedewerkerRij | None
    waarden: dict[str, Any]  # the columns of `schuldhulptraject` the line gives
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    stappen: list[_Stap] = field(default_factory=list)
    schulden: list[dict[str, Any]] = field(default_factory=list)
    fase: SchuldhulpFase | None = None  # from the history, once it is valid
    fase_sinds: date | None = None


def import_schuldhulp(
    session: Session,
    *,
    actor: Medewerker,
    trajecten: Path,
    overgangen: Path,
    schulden: Path | None = None,
    dry_run: bool,
    koppelingen: dict[str, Koppeling] | None = None,
    voortgang: Callable[[int, int], None] | None = None,
    today: date | None = None,
) -> SchuldhulpImportResult:
    """Check every line of the files and, when all are valid and it is not a dry run, add the
    schuldhulptrajecten (with their steps and schulden) that are not in Koers yet (by source
    key). `koppelingen` maps a layout's entiteit ("schuldhulptrajecten", "schuldhulpovergangen",
    "schulden") to the mapping of its file. The caller owns the transaction."""
    vereis(actor, Gegeven.VERHUIZING, Recht.WIJZIGEN)
    paden = [(TRAJECTEN, trajecten), (OVERGANGEN, overgangen), (SCHULDEN, schulden)]
    with zonder_gc():
        return _importeer(session, actor, [(f, p) for f, p in paden if p is not None],
                          koppelingen or {}, dry_run, voortgang, today or date.today())  # fmt: skip


def _importeer(
    session: Session, actor: Medewerker, paden: list[tuple[Formaat, Path]],
    koppelingen: dict[str, Koppeling], dry_run: bool,
    voortgang: Callable[[int, int], None] | None, today: date,
) -> SchuldhulpImportResult:  # fmt: skip
    bestanden = [open_bestand(formaat, pad, koppelingen.get(formaat.entiteit))
                 for formaat, pad in paden]  # fmt: skip
    result = SchuldhulpImportResult(
        bestand=opsomming([b.naam for b in bestanden]), dry_run=dry_run, woorden=RESULTAAT,
        bronnen={b.formaat.entiteit: b.pad for b in bestanden},
    )  # fmt: skip
    if any(b.onleesbaar or b.fouten for b in bestanden):
        return met_fouten(result, bestanden)
    traject_bestand, stap_bestand, *rest = bestanden
    ctx = _context(session, actor, today, bestanden)
    totaal = 2 * sum(len(b.rijen) for b in bestanden)
    gelezen = Teller(voortgang, totaal)

    nieuw, result.overgeslagen = _lees_trajecten(traject_bestand, ctx, gelezen)
    _lees_stappen(stap_bestand, traject_bestand.naam, ctx, nieuw, gelezen)
    met_van = "van_fase" in stap_bestand.koppeling.kolommen
    for traject in nieuw.values():
        _geschiedenis(traject, stap_bestand.naam, met_van)
    _een_open_traject(nieuw.values(), ctx)
    if rest:
        result.schulden_overgeslagen = _lees_schulden(rest[0], traject_bestand.naam, ctx, nieuw,
                                                      gelezen)  # fmt: skip

    result.aantal = len({r for r, _w in traject_bestand.rijen} - traject_bestand.fouten.lines())
    result.overgangen = sum(len(t.stappen) for t in nieuw.values())
    result.schulden = sum(len(t.schulden) for t in nieuw.values())
    if any(b.fouten for b in bestanden):
        return met_fouten(result, bestanden)
    if not dry_run:
        _schrijf(session, actor, list(nieuw.values()), gelezen)
        na_grote_load(session, len(nieuw))
    if voortgang is not None:
        voortgang(totaal, totaal)
    return result


def _context(session: Session, actor: Medewerker, today: date,
             bestanden: list[Bestand]) -> _Context:  # fmt: skip
    """Look up, in the database, only what the lines name."""
    traject_bestand, *andere = bestanden
    inwoner_sleutels = {w[k] for _r, w in traject_bestand.rijen
                        for k in ("inwoner", "medeaanvrager") if w[k]}  # fmt: skip
    inwoners: dict[str, _Inwoner] = {}
    for deel in in_delen(inwoner_sleutels):
        rijen = session.execute(
            select(Bronsleutel.sleutel, Inwoner.id, Inwoner.woongemeente_id,
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
            select(Bronsleutel.sleutel, Schuldhulptraject.id, Schuldhulptraject.melding_datum)
            .join(Schuldhulptraject, Schuldhulptraject.id == Bronsleutel.record_id)
            .where(Bronsleutel.entiteit == ENTITEIT, Bronsleutel.sleutel.in_(deel)))  # fmt: skip
        trajecten.update({sleutel: _Bekend(*rest) for sleutel, *rest in rijen})
    lopend: set[uuid.UUID] = set()
    for deel in in_delen(i.id for i in inwoners.values()):
        lopend |= set(session.scalars(select(Schuldhulptraject.inwoner_id).where(
            Schuldhulptraject.inwoner_id.in_(deel),
            Schuldhulptraject.fase != F.AFGESLOTEN)))  # fmt: skip
    medewerkers = {m.gebruikersnaam: MedewerkerRij(m.id, m.gebruikersnaam, m.actief, m.rollen)
                   for m in session.scalars(select(Medewerker))}  # fmt: skip
    return _Context(actor, today, inwoners, trajecten, lopend, medewerkers)


# --- schuldhulptrajecten ----------------------------------------------------------------------


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
    sleutel = r.sleutel("sleutel", "het schuldhulptraject")
    inwoner = r.inwoner()
    medeaanvrager = None
    if mede := r.w["medeaanvrager"]:
        medeaanvrager = r.ctx.inwoners.get(mede)
        if medeaanvrager is None:
            r.weiger(f"medeaanvrager '{mede}' is onbekend: importeer eerst de inwoners, of "
                     "controleer de sleutel", "medeaanvrager")  # fmt: skip
        elif inwoner is not None and medeaanvrager.id == inwoner.id:
            r.weiger("kies als medeaanvrager een andere inwoner dan de aanvrager", "medeaanvrager")
    r.verplicht("consulent", "vul de consulent in (een gebruikersnaam in Koers)")
    consulent = r.medewerker("consulent")
    melding = r.datum("melding_datum", verplicht="vul de datum van de melding in")
    bij_melding = dict(niet_voor=melding, wat="de datum van de melding")
    bedreiging = r.code("bedreiging")
    bedreiging_datum = r.datum("bedreiging_datum", **bij_melding)
    gesprek = r.datum("eerste_gesprek", **bij_melding)
    beschikking = r.code("beschikking")
    beschikking_datum = r.datum("beschikking_datum", niet_voor=gesprek,
                                wat="het eerste gesprek")  # fmt: skip
    na_beschikking = dict(
        niet_voor=beschikking_datum or melding,
        wat="de beschikking" if beschikking_datum else "de datum van de melding",
    )
    waarden = {
        "melding_datum": melding, "melding_bron": r.code("melding_bron", verplicht="kies de "
                                                         "bron van de melding"),
        "melding_wijze": r.code("melding_wijze", verplicht="kies hoe de melding binnenkwam"),
        "hulpvraag": r.tekst("hulpvraag"), "bedreiging": bedreiging,
        "bedreiging_datum": bedreiging_datum,
        "bedreiging_toelichting": r.tekst("bedreiging_toelichting"),
        "eerste_gesprek": gesprek, "leefgebieden": r.tekst("leefgebieden"),
        "beschikking": beschikking, "beschikking_datum": beschikking_datum,
        "plan_van_aanpak": r.tekst("plan_van_aanpak"), "complexiteit": r.code("complexiteit"),
        "product": r.code("product"), "variant": r.code("variant"),
        "reden_geen_bankkrediet": r.tekst("reden_geen_bankkrediet"),
        "start_schuldregeling": r.datum("start_schuldregeling", **na_beschikking),
        "wsnp_verzoek_datum": r.datum("wsnp_verzoek_datum", **na_beschikking),
        "nazorg_tot": r.datum("nazorg_tot", toekomst=True, **bij_melding),
        "uitkomst": r.code("uitkomst"), "uitval_fase": r.code("uitval_fase"),
        "uitval_reden": r.code("uitval_reden"),
        "afsluiting_toelichting": r.tekst("afsluiting_toelichting"),
        "einddatum": r.datum("einddatum", **bij_melding),
    }  # fmt: skip
    _melding_en_beschikking(r, waarden)
    return _Traject(r, sleutel, inwoner, medeaanvrager, consulent, waarden)


def _melding_en_beschikking(r: Regel, w: dict[str, Any]) -> None:
    """The rules of `registreer_melding` and `neem_beschikking` that rest on the line alone."""
    if w["bedreiging"] is not None:
        if w["bedreiging_datum"] is None and "bedreiging_datum" not in r.gemeld:
            r.weiger("vul bedreiging_datum in, de dag dat de bedreiging bekend werd",
                     "bedreiging_datum")  # fmt: skip
        if w["bedreiging"] == Bedreiging.ANDERS and not w["bedreiging_toelichting"]:
            r.weiger("beschrijf de bedreigende situatie in bedreiging_toelichting",
                     "bedreiging_toelichting")  # fmt: skip
    elif w["bedreiging_datum"] is not None:
        r.weiger("bedreiging_datum hoort bij een bedreiging: vul bedreiging in", "bedreiging")
    soort = w["beschikking"]
    if soort is None:
        if w["beschikking_datum"] is not None:
            r.weiger("beschikking_datum hoort bij een beschikking: vul beschikking in "
                     "(TOELATING of AFWIJZING)", "beschikking")  # fmt: skip
        return
    if w["beschikking_datum"] is None and "beschikking_datum" not in r.gemeld:
        r.weiger("vul beschikking_datum in, de dag van de beschikking", "beschikking_datum")
    if w["eerste_gesprek"] is None and "eerste_gesprek" not in r.gemeld:
        r.weiger("een beschikking volgt op het eerste gesprek (de aanvraag): vul eerste_gesprek "
                 "in", "eerste_gesprek")  # fmt: skip
    if w["complexiteit"] is None and "complexiteit" not in r.gemeld:
        r.weiger("kies bij de beschikking de complexiteit (EENVOUDIG of COMPLEX)", "complexiteit")
    if soort == Beschikking.AFWIJZING:
        if not w["afsluiting_toelichting"]:
            r.weiger("geef in afsluiting_toelichting de motivering van de afwijzing",
                     "afsluiting_toelichting")  # fmt: skip
        return
    if len(w["plan_van_aanpak"] or "") < MIN_PLAN:
        r.weiger(f"bij een toelating hoort een plan van aanpak: vul plan_van_aanpak in (minstens "
                 f"{MIN_PLAN} tekens)", "plan_van_aanpak")  # fmt: skip
    if w["product"] is None and "product" not in r.gemeld:
        r.weiger("kies bij een toelating het product", "product")
    elif w["product"] == Schuldproduct.SCHULDBEMIDDELING and w["variant"] is None \
            and "variant" not in r.gemeld:  # fmt: skip
        r.weiger("kies bij schuldbemiddeling de variant: CRISISINTERVENTIE, STABILISATIE of "
                 "SCHULDREGELING", "variant")  # fmt: skip
    elif w["product"] == Schuldproduct.SOCIAAL_KREDIET and not w["reden_geen_bankkrediet"]:
        r.weiger("sociaal krediet alleen als een bank niet leent: vul reden_geen_bankkrediet in",
                 "reden_geen_bankkrediet")  # fmt: skip


# --- the history ------------------------------------------------------------------------------


def _lees_stappen(bestand: Bestand, trajecten_naam: str, ctx: _Context,
                  nieuw: dict[str, _Traject], gelezen: Teller) -> None:  # fmt: skip
    """Each line's own checks, and each step to its trajectory (the steps of one imported
    before are skipped with it)."""
    for regel, w in gelezen.regels(bestand.rijen):
        r = Regel(bestand, regel, w, ctx)
        sleutel = r.verplicht("traject", "vul de sleutel van het schuldhulptraject in")
        volgnummer = r.geheel("volgnummer", 1, None, verplicht="vul het volgnummer in")
        datum = r.datum("datum", verplicht="vul de datum van de stap in")
        van = r.code("van_fase")
        naar = r.code("naar_fase", verplicht="vul naar_fase in (de fase na de stap)")
        medewerker = r.medewerker("medewerker")
        door = ctx.actor.id if not w["medewerker"] else medewerker.id if medewerker else None
        stap = _Stap(r, volgnummer, datum, van, naar, door)
        if sleutel in ctx.trajecten:
            continue
        if sleutel in nieuw:
            nieuw[sleutel].stappen.append(stap)
        elif sleutel:
            r.weiger(f"schuldhulptraject '{sleutel}' staat niet in {trajecten_naam} en is niet "
                     "eerder geïmporteerd", "traject")  # fmt: skip


def _of(fasen: Iterable[SchuldhulpFase]) -> str:
    namen = [str(f) for f in fasen]
    return namen[0] if len(namen) == 1 else f"{', '.join(namen[:-1])} of {namen[-1]}"


def _geschiedenis(t: _Traject, stappen_naam: str, met_van: bool) -> None:
    """The trajectory's history in volgnummer order, and its own values that must agree with
    it; sets its phase and since when. Without a van_fase column each step starts where the
    previous one ended."""
    if not t.stappen:
        t.r.weiger(f"het schuldhulptraject heeft geen faseovergangen in {stappen_naam}; elk "
                   "traject begint met de melding: een stap zonder van_fase naar VOORZORG",
                   "sleutel")  # fmt: skip
        return
    per_nummer: dict[int | None, list[_Stap]] = defaultdict(list)
    for stap in t.stappen:
        per_nummer[stap.volgnummer].append(stap)
    for nummer, stappen in per_nummer.items():
        for stap in stappen:
            andere = [str(s.r.regel) for s in stappen if s is not stap]
            if nummer is not None and andere:
                stap.r.weiger(f"volgnummer {nummer} van schuldhulptraject {t.sleutel} staat ook "
                              f"op regel {', '.join(andere)}", "volgnummer")  # fmt: skip
    if not all(s.r.geldig for s in t.stappen):
        return  # where an unreadable step belongs is unknown: its own problem first
    t.stappen.sort(key=lambda s: s.volgnummer)
    melding = t.waarden["melding_datum"]
    vorige: _Stap | None = None
    for stap in t.stappen:
        verwacht = vorige.naar if vorige else None
        if not met_van:
            stap.van = verwacht
        if vorige is None:
            if stap.van is not None:
                stap.r.weiger("de eerste faseovergang (de melding) begint zonder fase: laat "
                              "van_fase leeg", "van_fase")  # fmt: skip
            elif stap.naar != F.VOORZORG:
                stap.r.weiger(f"de eerste faseovergang is de melding en gaat naar VOORZORG, niet "
                              f"naar {stap.naar}", "naar_fase")  # fmt: skip
            if melding is not None and stap.datum < melding:
                stap.r.weiger(f"datum {format_date(stap.datum)} ligt vóór de datum van de "
                              f"melding ({format_date(melding)})", "datum")  # fmt: skip
        elif vorige.naar == F.AFGESLOTEN:
            stap.r.weiger(f"na de afsluiting (volgnummer {vorige.volgnummer}) volgt geen "
                          "faseovergang meer", "naar_fase")  # fmt: skip
        elif stap.van != verwacht:
            stap.r.weiger(f"van_fase {stap.van or '(leeg)'} sluit niet aan op de vorige "
                          f"faseovergang (volgnummer {vorige.volgnummer}, naar {vorige.naar})",
                          "van_fase")  # fmt: skip
        else:
            mogelijk = (
                *VOLGENDE_FASEN[verwacht],
                *(() if F.AFGESLOTEN in VOLGENDE_FASEN[verwacht] else (F.AFGESLOTEN,)),
            )
            if stap.naar not in mogelijk:
                stap.r.weiger(f"van {verwacht} naar {stap.naar} kan niet; na {verwacht} volgt "
                              f"{_of(mogelijk)}", "naar_fase")  # fmt: skip
            elif stap.datum < vorige.datum:
                stap.r.weiger(f"datum {format_date(stap.datum)} ligt vóór die van de vorige "
                              f"faseovergang (volgnummer {vorige.volgnummer}, "
                              f"{format_date(vorige.datum)})", "datum")  # fmt: skip
        vorige = stap
    if all(s.r.geldig for s in t.stappen):
        t.fase, t.fase_sinds = t.stappen[-1].naar, t.stappen[-1].datum
        _past_bij_geschiedenis(t)


def _past_bij_geschiedenis(t: _Traject) -> None:
    """What the trajectory's line says about its beschikking, regeling and end, against its
    history (as `neem_beschikking`, `start_schuldregeling`, `sluit_af` and `meld_uitval` keep
    them), and the consulent of an open one."""
    r, w, laatste = t.r, t.waarden, t.stappen[-1]
    naar = {s.naar: s for s in t.stappen}
    toelating = naar.get(F.STABILISATIE)
    if toelating is not None and w["beschikking"] != Beschikking.TOELATING \
            and "beschikking" not in r.gemeld:  # fmt: skip
        r.weiger(f"het traject is toegelaten (stap naar STABILISATIE, volgnummer "
                 f"{toelating.volgnummer}): vul beschikking TOELATING in",
                 "beschikking")  # fmt: skip
    elif toelating is not None and w["beschikking_datum"] not in (None, toelating.datum):
        r.weiger(f"beschikking_datum {format_date(w['beschikking_datum'])} is niet de dag van de "
                 f"stap naar STABILISATIE ({format_date(toelating.datum)})",
                 "beschikking_datum")  # fmt: skip
    elif toelating is None and w["beschikking"] == Beschikking.TOELATING:
        r.weiger("een toelating start de stabilisatie, maar de faseovergangen hebben geen stap "
                 "naar STABILISATIE", "beschikking")  # fmt: skip
    for fase, veld in _DATUM_VAN_FASE.items():
        stap = naar.get(fase)
        if stap is not None and w[veld] is None and veld not in r.gemeld:
            r.weiger(f"vul {veld} in: de faseovergangen gaan naar {fase} (volgnummer "
                     f"{stap.volgnummer})", veld)  # fmt: skip
        elif stap is not None and w[veld] not in (None, stap.datum):
            r.weiger(f"{veld} {format_date(w[veld])} is niet de dag van de stap naar {fase} "
                     f"({format_date(stap.datum)})", veld)  # fmt: skip
        elif stap is None and w[veld] is not None:
            r.weiger(f"{veld} hoort bij een stap naar {fase}, en die staat niet in de "
                     "faseovergangen", veld)  # fmt: skip
    if t.fase == F.AFGESLOTEN:
        _afgesloten(t, laatste)
    else:
        if gegeven := [v for v in ("einddatum", "uitkomst", "uitval_fase", "uitval_reden")
                       if w[v] is not None]:  # fmt: skip
            r.weiger(f"{opsomming(gegeven)} {'hoort' if len(gegeven) == 1 else 'horen'} alleen "
                     f"bij een afgesloten traject; de laatste faseovergang gaat naar {t.fase}",
                     gegeven[0])  # fmt: skip
        if w["beschikking"] == Beschikking.AFWIJZING:
            r.weiger("een afwijzing sluit het traject af: de laatste faseovergang gaat dan naar "
                     "AFGESLOTEN", "beschikking")  # fmt: skip
        # An open trajectory goes on in Koers: its consulent must be able to do the work.
        c = t.consulent
        if c is not None and (not c.actief or Rol.CONSULENT_SDV not in c.rollen):
            r.weiger(f"consulent '{c.gebruikersnaam}' is geen actieve consulent "
                     "schulddienstverlening, en het traject loopt nog", "consulent")  # fmt: skip
        if t.inwoner is not None and t.inwoner.dossier_gesloten:
            r.weiger("het dossier van de inwoner is gesloten, en het traject loopt nog; heropen "
                     "het dossier eerst", "inwoner")  # fmt: skip


def _afgesloten(t: _Traject, laatste: _Stap) -> None:
    r, w = t.r, t.waarden
    eind, uitkomst = w["einddatum"], w["uitkomst"]
    if ontbreekt := [v for v in ("einddatum", "uitkomst") if w[v] is None and v not in r.gemeld]:
        r.weiger(f"het traject is afgesloten (volgnummer {laatste.volgnummer}): vul "
                 f"{' en '.join(ontbreekt)} in", ontbreekt[0])  # fmt: skip
    if eind is not None and eind != laatste.datum:
        r.weiger(f"einddatum {format_date(eind)} is niet de dag van de afsluiting in de "
                 f"faseovergangen ({format_date(laatste.datum)})", "einddatum")  # fmt: skip
    if w["beschikking"] == Beschikking.AFWIJZING and uitkomst not in (None, Uitkomst.AFGEWEZEN):
        r.weiger(f"na een afwijzing is de uitkomst AFGEWEZEN, niet {uitkomst}", "uitkomst")
    if uitkomst == Uitkomst.UITVAL:
        if w["uitval_reden"] is None and "uitval_reden" not in r.gemeld:
            r.weiger("vul bij uitval de uitval_reden in", "uitval_reden")
        elif w["uitval_reden"] == Uitvalreden.ANDERS and not w["afsluiting_toelichting"]:
            r.weiger("beschrijf de reden van de uitval in afsluiting_toelichting",
                     "afsluiting_toelichting")  # fmt: skip
        if w["uitval_fase"] not in (None, laatste.van):
            r.weiger(f"uitval_fase {w['uitval_fase']} is niet de fase waarin het traject uitviel "
                     f"({laatste.van})", "uitval_fase")  # fmt: skip
        w["uitval_fase"] = laatste.van  # as `meld_uitval` keeps it
        return
    if w["uitval_fase"] is not None or w["uitval_reden"] is not None:
        veld = "uitval_fase" if w["uitval_fase"] is not None else "uitval_reden"
        r.weiger("uitval_fase en uitval_reden horen alleen bij de uitkomst UITVAL", veld)
    if uitkomst == Uitkomst.AFGEWEZEN and w["beschikking"] != Beschikking.AFWIJZING \
            and "beschikking" not in r.gemeld:  # fmt: skip
        r.weiger("de uitkomst AFGEWEZEN hoort bij een afwijzing: vul beschikking AFWIJZING in",
                 "beschikking")  # fmt: skip
    elif uitkomst in AFSLUIT_UITKOMSTEN and laatste.van != F.NAZORG:
        r.weiger(f"de uitkomst {uitkomst} volgt op de nazorg, maar het traject sloot af vanuit "
                 f"{laatste.van}; kies UITVAL of AFGEWEZEN", "uitkomst")  # fmt: skip


def _een_open_traject(trajecten: Iterable[_Traject], ctx: _Context) -> None:
    """At most one open schuldhulptraject per inwoner, in the file and with Koers' own (the
    partial unique index `uq_schuldhulptraject_open`)."""
    open_: dict[uuid.UUID, list[_Traject]] = defaultdict(list)
    for t in trajecten:
        if t.inwoner is not None and t.fase not in (None, F.AFGESLOTEN):
            open_[t.inwoner.id].append(t)
    for inwoner_id, lijst in open_.items():
        for t in lijst:
            inwoner = t.r.w["inwoner"]
            if andere := [str(o.r.regel) for o in lijst if o is not t]:
                t.r.weiger(f"inwoner {inwoner} heeft ook een lopend schuldhulptraject op regel "
                           f"{', '.join(andere)}; een inwoner heeft hoogstens één lopend "
                           "schuldhulptraject", "inwoner")  # fmt: skip
            if inwoner_id in ctx.lopend:
                t.r.weiger(f"inwoner {inwoner} heeft al een lopend schuldhulptraject in Koers; "
                           "een inwoner heeft hoogstens één lopend schuldhulptraject",
                           "inwoner")  # fmt: skip


# --- schulden ---------------------------------------------------------------------------------


def _bedrag(r: Regel, veld: str) -> Decimal | None:
    """An amount in euros; the value itself never appears in a message (debt data)."""
    tekst = r.w[veld].replace("€", "").replace(" ", "")
    if not tekst:
        return None
    if not _BEDRAG.match(tekst):
        r.weiger(f"{veld} is geen bedrag: schrijf euro's met hoogstens twee cijfers achter de "
                 "komma, bijvoorbeeld 1250,00", veld)  # fmt: skip
        return None
    if "," in tekst:
        tekst = tekst.replace(".", "").replace(",", ".")
    elif tekst.count(".") > 1 or re.fullmatch(r"-?\d{1,3}\.\d{3}", tekst):
        tekst = tekst.replace(".", "")  # 1.250 is twelve hundred and fifty, the Dutch way
    bedrag = Decimal(tekst)
    if not Decimal(0) <= bedrag < MAX_BEDRAG:
        r.weiger(f"{veld}: vul een bedrag van € 0 tot € 10 miljoen in", veld)
        return None
    return bedrag.quantize(Decimal("0.01"))


def _lees_schulden(bestand: Bestand, trajecten_naam: str, ctx: _Context,
                   nieuw: dict[str, _Traject], gelezen: Teller) -> int:  # fmt: skip
    """Each schuld with the rules of `schulden._check_schuld`, to its trajectory; how many
    belong to trajectories imported before (skipped with them)."""
    bekend = 0
    for regel, w in gelezen.regels(bestand.rijen):
        r = Regel(bestand, regel, w, ctx)
        sleutel = r.verplicht("traject", "vul de sleutel van het schuldhulptraject in")
        traject = nieuw.get(sleutel)
        melding = traject.waarden["melding_datum"] if traject else None
        if sleutel in ctx.trajecten:
            melding = ctx.trajecten[sleutel].melding_datum
        elif sleutel and traject is None:
            r.weiger(f"schuldhulptraject '{sleutel}' staat niet in {trajecten_naam} en is niet "
                     "eerder geïmporteerd", "traject")  # fmt: skip
        schuldeiser = r.verplicht("schuldeiser", "vul de naam van de schuldeiser in")
        if len(schuldeiser) > MAX_SCHULDEISER:
            r.weiger(f"de naam van de schuldeiser is langer dan {MAX_SCHULDEISER} tekens",
                     "schuldeiser")  # fmt: skip
        soort = r.code("soort", verplicht="kies de soort schuldeiser")
        kenmerk = w["kenmerk"]
        if len(kenmerk) > MAX_KENMERK:
            r.weiger(f"het kenmerk is langer dan {MAX_KENMERK} tekens", "kenmerk")
        opgegeven, akkoord = _bedrag(r, "bedrag_opgegeven"), _bedrag(r, "bedrag_akkoord")
        status = r.code("status", verplicht="kies de status van de schuld")
        if status not in (None, SchuldStatus.AANGESCHREVEN) and opgegeven is None \
                and "bedrag_opgegeven" not in r.gemeld:  # fmt: skip
            r.weiger(f"bij de status '{status.label.lower()}' hoort het opgegeven bedrag: vul "
                     "bedrag_opgegeven in", "bedrag_opgegeven")  # fmt: skip
        if status in (SchuldStatus.AKKOORD, SchuldStatus.AFGELOST) and akkoord is None \
                and "bedrag_akkoord" not in r.gemeld:  # fmt: skip
            r.weiger(f"bij de status '{status.label.lower()}' hoort het afgesproken bedrag: vul "
                     "bedrag_akkoord in", "bedrag_akkoord")  # fmt: skip
        status_datum = r.datum("status_datum", verplicht="vul de datum van de status in",
                               niet_voor=melding, wat="de datum van de melding")  # fmt: skip
        if sleutel in ctx.trajecten:
            bekend += 1
        elif traject is not None and r.geldig:
            traject.schulden.append({
                "schuldeiser": schuldeiser, "soort": soort, "kenmerk": kenmerk or None,
                "bedrag_opgegeven": opgegeven, "bedrag_akkoord": akkoord, "status": status,
                "status_datum": status_datum,
            })  # fmt: skip
    return bekend


# --- writing ----------------------------------------------------------------------------------


def _schrijf(session: Session, actor: Medewerker, trajecten: list[_Traject],
             gelezen: Teller) -> None:  # fmt: skip
    """Core bulk inserts: the trajectories with their steps and schulden, their source keys and
    audit records (AANGEMAAKT, with the services' onderwerp: 'schuldhulp' and 'schuld'; no
    amounts or creditors in the trail). Steps get their moments in volgnummer order, so the
    history (ordered by moment) keeps the file's order."""
    traject_rijen, stap_rijen, schuld_rijen, audit, sleutels = [], [], [], [], []
    for t in trajecten:
        traject_rijen.append({
            "id": t.id, "versie": 1, "inwoner_id": t.inwoner.id,
            "medeaanvrager_id": t.medeaanvrager.id if t.medeaanvrager else None,
            "consulent_id": t.consulent.id, "gemeente_id": t.inwoner.woongemeente_id,
            **t.waarden, "fase": t.fase, "fase_sinds": t.fase_sinds,
        })  # fmt: skip
        for s in t.stappen:
            stap_rijen.append({
                "id": uuid.uuid4(), "traject_id": t.id, "van_fase": s.van, "naar_fase": s.naar,
                "datum": s.datum, "moment": next_moment(), "medewerker_id": s.medewerker_id,
                "toelichting": s.r.tekst("toelichting"),
            })  # fmt: skip
        velden = velden_json({"fase": (None, t.fase),
                              "melding_datum": (None, t.waarden["melding_datum"])})  # fmt: skip
        audit.append(audit_rij(actor, t.inwoner.id, t.id, AuditActie.AANGEMAAKT, "schuldhulp",
                               "import", velden))  # fmt: skip
        sleutels.append({"id": uuid.uuid4(), "entiteit": ENTITEIT, "sleutel": t.sleutel,
                         "record_id": t.id})  # fmt: skip
        for s in t.schulden:
            rij = {"id": uuid.uuid4(), "versie": 1, "traject_id": t.id, **s}
            schuld_rijen.append(rij)
            audit.append(audit_rij(actor, t.inwoner.id, rij["id"], AuditActie.AANGEMAAKT, "schuld",
                                   "import"))  # fmt: skip
    with grote_sqlite_cache(session):
        for model, rijen in ((Schuldhulptraject, traject_rijen), (SchuldhulpOvergang, stap_rijen),
                             (Schuld, schuld_rijen)):  # fmt: skip
            voeg_toe(session, model, rijen, gelezen.geschreven)
        voeg_toe(session, AuditRecord, audit)
        voeg_toe(session, Bronsleutel, sleutels)


# --- export -----------------------------------------------------------------------------------


def export_rijen(session: Session, *, actor: Medewerker) -> dict[str, list[list[str]]]:
    """Per layout (its entiteit) the rows of every schuldhulptraject, step and schuld of an
    inwoner with personal data (an anonymised one has none left), keyed by their source keys
    (else their id); each trajectory and schuld exported is recorded in the audit trail."""
    vereis(actor, Gegeven.VERHUIZING, Recht.LEZEN)
    inwoners, trajecten = bronsleutels(session, INWONER), bronsleutels(session, ENTITEIT)
    namen = dict(session.execute(select(Medewerker.id, Medewerker.gebruikersnaam)).all())

    def sleutel(sleutels: dict[uuid.UUID, str], record_id: uuid.UUID | None) -> str:
        return "" if record_id is None else sleutels.get(record_id, str(record_id))

    T = Schuldhulptraject
    met_gegevens = Inwoner.bsn.is_not(None)
    volgorde = (T.inwoner_id, T.melding_datum, T.id)
    traject_rijen, audit, inwoner_van = [], [], {}
    for t in session.execute(select(T.__table__).join(Inwoner, Inwoner.id == T.inwoner_id)
                             .where(met_gegevens).order_by(*volgorde)).mappings():  # fmt: skip
        speciaal = {"sleutel": sleutel(trajecten, t["id"]),
                    "inwoner": sleutel(inwoners, t["inwoner_id"]),
                    "medeaanvrager": sleutel(inwoners, t["medeaanvrager_id"]),
                    "consulent": namen.get(t["consulent_id"], "")}  # fmt: skip
        traject_rijen.append([speciaal[k] if k in speciaal else cel(t[k])
                              for k in TRAJECTEN.namen])  # fmt: skip
        inwoner_van[t["id"]] = t["inwoner_id"]
        audit.append(audit_rij(actor, t["inwoner_id"], t["id"], AuditActie.GEEXPORTEERD,
                               "schuldhulp", "export"))  # fmt: skip
    stap_rijen, vorig, volgnummer = [], None, 0
    Ov = SchuldhulpOvergang
    for s in session.execute(select(Ov.__table__).join(T, T.id == Ov.traject_id)
                             .join(Inwoner, Inwoner.id == T.inwoner_id).where(met_gegevens)
                             .order_by(*volgorde, Ov.moment, Ov.id)).mappings():  # fmt: skip
        volgnummer = volgnummer + 1 if s["traject_id"] == vorig else 1
        vorig = s["traject_id"]
        speciaal = {"traject": sleutel(trajecten, s["traject_id"]), "volgnummer": str(volgnummer),
                    "medewerker": namen.get(s["medewerker_id"], "")}  # fmt: skip
        stap_rijen.append([speciaal[k] if k in speciaal else cel(s[k])
                           for k in OVERGANGEN.namen])  # fmt: skip
    schuld_rijen = []
    for s in session.execute(select(Schuld.__table__).join(T, T.id == Schuld.traject_id)
                             .join(Inwoner, Inwoner.id == T.inwoner_id).where(met_gegevens)
                             .order_by(*volgorde, Schuld.aangemaakt_op, Schuld.id)
                             ).mappings():  # fmt: skip
        speciaal = {"traject": sleutel(trajecten, s["traject_id"])}
        schuld_rijen.append([speciaal[k] if k in speciaal else cel(s[k])
                             for k in SCHULDEN.namen])  # fmt: skip
        audit.append(audit_rij(actor, inwoner_van[s["traject_id"]], s["id"],
                               AuditActie.GEEXPORTEERD, "schuld", "export"))  # fmt: skip
    voeg_toe(session, AuditRecord, audit)
    return {TRAJECTEN.entiteit: traject_rijen, OVERGANGEN.entiteit: stap_rijen,
            SCHULDEN.entiteit: schuld_rijen}  # fmt: skip


def exporteer(session: Session, *, actor: Medewerker, map: Path,
              formaat: str = "csv") -> dict[str, int]:  # fmt: skip
    """Write schuldhulptrajecten, schuldhulpovergangen and schulden (.csv or .xlsx) into `map`,
    in the layouts the import reads back; the number of rows per file. Never overwrites."""
    if formaat not in ("csv", "xlsx"):
        raise ValidationError({"formaat": "Kies csv of xlsx als formaat."})
    rijen = export_rijen(session, actor=actor)
    paden = {f.entiteit: map / f"{f.entiteit}.{formaat}" for f in FORMATEN}
    if bestaand := [p.name for p in paden.values() if p.exists()]:
        raise DomainError(f"In {map} staat al {opsomming(bestaand)}; kies een lege map.")
    map.mkdir(parents=True, exist_ok=True)
    return {f.entiteit: schrijf_export(paden[f.entiteit], f, rijen[f.entiteit])
            for f in FORMATEN}  # fmt: skip
