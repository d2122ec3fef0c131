"""Trajecten move in and out with their phase history and placements: three files checked
together, each trajectory's timeline valid by the workflow's invariants, the inwoner found by
its source key, keys kept against duplicates, and an export imports back as the same
trajectories. A functioneel beheerder runs it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import sessionmaker

from app.models import (
    Aanmeldbron,
    AuditActie,
    AuditRecord,
    Bronsleutel,
    FaseOvergang,
    Inwoner,
    Plaatsing,
    Plaatsingsvorm,
    Rol,
    Traject,
    TrajectFase,
    Uitstroomreden,
)
from app.services import inwoner_import
from app.services import traject_import as ti
from app.services.demo import generate_demo
from app.services.errors import DomainError, ToegangGeweigerd
from app.services.koppeling import Koppeling
from app.services.tabellen import lees
from tests.conftest import TODAY, maak_medewerker, make_bsn

pytestmark = pytest.mark.database
F = TrajectFase


@pytest.fixture
def inwoners(session, actor, tmp_path):
    """Five inwoners imported with source keys K-1 … K-5."""
    pad = tmp_path / "inwoners.csv"
    kop = "sleutel;" + ";".join(inwoner_import.KOLOMMEN)
    rijen = [
        f"K-{n};{make_bsn(n * 13)};Noor;;Bakker;01-02-1980;;;;;Gorinchem;;" for n in range(1, 6)
    ]
    pad.write_text("\n".join([kop, *rijen]) + "\n", encoding="utf-8")
    result = inwoner_import.import_inwoners(session, actor=actor, path=pad, dry_run=False,
                                            regievoerder=actor, today=TODAY)  # fmt: skip
    assert result.fouten == []


@pytest.fixture
def collega(session, team_a):
    """A participatiecoach and an accountmanager to name in the files."""
    return (maak_medewerker(session, "pcoach", [Rol.PARTICIPATIECOACH], team=team_a),
            maak_medewerker(session, "amanager", [Rol.ACCOUNTMANAGER], team=team_a))  # fmt: skip


def bestand(tmp_path, formaat, rijen: list[dict[str, str]], naam: str | None = None):
    """A file in Koers' layout: one line per dict (missing columns empty)."""
    pad = tmp_path / (naam or f"{formaat.entiteit}.csv")
    regels = [";".join(formaat.namen), *(";".join(r.get(k, "") for k in formaat.namen)
                                         for r in rijen)]  # fmt: skip
    pad.write_text("\n".join(regels) + "\n", encoding="utf-8")
    return pad


def traject(sleutel="T-1", inwoner="K-1", start="01-09-2026", **waarden) -> dict[str, str]:
    return {"sleutel": sleutel, "inwoner": inwoner, "startdatum": start,
            "aanmeldbron": "UWV", "werkcoach": "testcoach", **waarden}  # fmt: skip


def stappen(traject, *stappen) -> list[dict[str, str]]:
    """A timeline: each step (datum, code, soort, naar_fase[, extra columns]) starts where the
    previous one ended."""
    rijen, van = [], ""
    for n, (datum, code, soort, naar, *extra) in enumerate(stappen, start=1):
        rijen.append({"traject": traject, "volgnummer": str(n), "datum": datum, "code": code,
                      "soort": soort, "van_fase": van, "naar_fase": naar,
                      **(extra[0] if extra else {})})  # fmt: skip
        van = naar
    return rijen


def begin(traject="T-1", datum="01-09-2026") -> list[dict[str, str]]:
    return stappen(traject, (datum, "START", "FASE", "AANGEMELD"))


def plaatsing(sleutel="P-1", inwoner="K-1", **waarden) -> dict[str, str]:
    return {"sleutel": sleutel, "inwoner": inwoner, "werkplek": "Hoveniersbedrijf De Linge",
            "plaatsingsvorm": "REGULIER", "startdatum": "01-10-2026", **waarden}  # fmt: skip


def run(session, actor, tmp_path, trajecten, overgangen, plaatsingen=None, **kwargs):
    kwargs.setdefault("dry_run", False)
    return ti.import_trajecten(
        session, actor=actor, today=TODAY,
        trajecten=bestand(tmp_path, ti.TRAJECTEN, trajecten),
        overgangen=bestand(tmp_path, ti.OVERGANGEN, overgangen),
        plaatsingen=None if plaatsingen is None else bestand(tmp_path, ti.PLAATSINGEN,
                                                              plaatsingen),
        **kwargs,
    )  # fmt: skip


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def nothing_imported(session) -> bool:
    return count(session, Traject) == count(session, FaseOvergang) == count(session, Plaatsing) == 0


# A valid set: T-1 closed from the self-directed search, T-2 interrupted during the intake,
# T-3 placed (its steps out of order in the file), P-1 in T-3, P-2 outside any trajectory.
TRAJECTEN = [
    traject("T-1", ontwikkelstadium="1_KLEINE_AFSTAND", werkfit_sinds="20-09-2026",
            jobcoach="testcoach", einddatum="01-10-2026", uitstroomreden="WERK_REGULIER"),
    traject("T-2", start="05-10-2026", fase_voor_onderbreking="INTAKE"),
    traject("T-3", "K-2", "01-08-2026", aanmeldbron="poort", ontwikkelstadium="2_ONTWIKKELPOTENTIEEL",
            jobcoach="testcoach", participatiecoach="pcoach", accountmanager="amanager",
            ontwikkeling_sinds="01-09-2026", werkfit_sinds="20-09-2026", overdracht_op="01-10-2026",
            overdracht_notitie="Kandidaat besproken met accountmanager",
            vacature="Hovenier bij De Linge"),
]  # fmt: skip
T3 = stappen("T-3", ("01-08-2026", "START", "FASE", "AANGEMELD", {"medewerker": "testcoach"}),
             ("02-08-2026", "T1", "FASE", "INTAKE"),
             ("10-08-2026", "T3", "STADIUM", "STADIUM_BEPAALD"),
             ("01-09-2026", "T4", "FASE", "ONTWIKKELING"),
             ("01-10-2026", "T6", "FASE", "MATCHING", {"reden": "Warme overdracht",
                                                       "voorwaarden": "Werkfit volgens evaluatie"}),
             ("15-10-2026", "T9", "FASE", "GEPLAATST"))  # fmt: skip
OVERGANGEN = [
    *stappen("T-1", ("01-09-2026", "START", "FASE", "AANGEMELD"),
             ("05-09-2026", "T1", "FASE", "INTAKE"),
             ("20-09-2026", "T3", "STADIUM", "ZELFSTANDIG_ZOEKEN"),
             ("25-09-2026", "COACH", "COACH", "ZELFSTANDIG_ZOEKEN", {"reden": "Jobcoach"}),
             ("01-10-2026", "T7", "FASE", "AFGESLOTEN")),
    *stappen("T-2", ("05-10-2026", "START", "FASE", "AANGEMELD"),
             ("10-10-2026", "T1", "FASE", "INTAKE"),
             ("15-10-2026", "T15", "FASE", "ONDERBROKEN", {"reden": "Tijdelijk ziek gemeld"}),
             ("20-10-2026", "COACH", "COACH", "ONDERBROKEN")),
    *T3[5:], *T3[:5],
]  # fmt: skip
PLAATSINGEN = [
    plaatsing("P-1", "K-2", traject="T-3", plaatsingsvorm="REGULIER_LKS", startdatum="15-10-2026",
              uren_per_week="24", jobcoach="testcoach"),
    plaatsing("P-2", "K-3", werkplek="Kringloop Gorinchem", plaatsingsvorm="WERKERVARINGSPLEK",
              startdatum="01-03-2026", einddatum="30-06-2026", lks="nee",
              einde_reden="Periode afgerond zoals afgesproken"),
]  # fmt: skip
POORT = {"trajecten": Koppeling("trajecten", {k: k for k in ti.TRAJECTEN.namen},
                                {"aanmeldbron": {"poort": "GEMEENTE_POORT"}})}  # fmt: skip


def by_key(session, entiteit, sleutel):
    record_id = session.scalar(select(Bronsleutel.record_id).where(
        Bronsleutel.entiteit == entiteit, Bronsleutel.sleutel == sleutel))  # fmt: skip
    return session.get(Traject if entiteit == ti.ENTITEIT else Plaatsing, record_id)


def test_a_set_imports_with_its_history_placements_and_keys(
    session, beheerder, actor, collega, inwoners, tmp_path
):
    result = run(session, beheerder, tmp_path, TRAJECTEN, OVERGANGEN, PLAATSINGEN,
                 koppelingen=POORT)  # fmt: skip
    assert result.fouten == []
    assert (result.geimporteerd, result.faseovergangen, result.plaatsingen) == (3, 15, 2)
    assert result.summary() == (
        "3 trajecten geïmporteerd uit trajecten.csv, faseovergangen.csv en plaatsingen.csv. "
        "Daarbij 15 faseovergangen en 2 plaatsingen."
    )
    session.expire_all()
    t1, t2, t3 = (by_key(session, ti.ENTITEIT, f"T-{n}") for n in (1, 2, 3))
    assert (t1.fase, t1.fase_sinds, t1.einddatum, t1.uitstroomreden) == (
        F.AFGESLOTEN, date(2026, 10, 1), date(2026, 10, 1), Uitstroomreden.WERK_REGULIER)  # fmt: skip
    # The coach step after the interruption does not move `fase_sinds`.
    assert (t2.fase, t2.fase_sinds, t2.fase_voor_onderbreking) == (
        F.ONDERBROKEN, date(2026, 10, 15), F.INTAKE)  # fmt: skip
    assert (t3.fase, t3.fase_sinds, t3.aanmeldbron) == (
        F.GEPLAATST, date(2026, 10, 15), Aanmeldbron.GEMEENTE_POORT)  # fmt: skip
    pcoach, amanager = collega
    assert (t3.werkcoach_id, t3.jobcoach_id, t3.participatiecoach_id, t3.accountmanager_id) == (
        actor.id, actor.id, pcoach.id, amanager.id)  # fmt: skip
    assert t3.gemeente_id == session.get(Inwoner, t3.inwoner_id).betaalgemeente_id
    assert [(o.code, o.van_fase, o.naar_fase) for o in t3.overgangen] == [
        ("START", None, F.AANGEMELD), ("T1", F.AANGEMELD, F.INTAKE),
        ("T3", F.INTAKE, F.STADIUM_BEPAALD), ("T4", F.STADIUM_BEPAALD, F.ONTWIKKELING),
        ("T6", F.ONTWIKKELING, F.MATCHING), ("T9", F.MATCHING, F.GEPLAATST),
    ]  # fmt: skip
    # Nobody named: the step is the importer's.
    assert [o.medewerker_id for o in t3.overgangen[:2]] == [actor.id, beheerder.id]
    assert (t3.overgangen[4].reden, t3.overgangen[4].voorwaarden) == (
        "Warme overdracht", "Werkfit volgens evaluatie")  # fmt: skip
    p1, p2 = by_key(session, ti.PLAATSING, "P-1"), by_key(session, ti.PLAATSING, "P-2")
    assert (p1.traject_id, p1.lks, p1.uren_per_week, p1.jobcoach_id) == (t3.id, True, 24, actor.id)
    assert (p2.traject_id, p2.lks, p2.einddatum, p2.plaatsingsvorm) == (
        None, False, date(2026, 6, 30), Plaatsingsvorm.WERKERVARINGSPLEK)  # fmt: skip
    aangemaakt = session.execute(select(AuditRecord.onderwerp, func.count()).where(
        AuditRecord.actie == AuditActie.AANGEMAAKT, AuditRecord.reden == "import",
        AuditRecord.onderwerp.in_(("traject", "plaatsing"))).group_by(AuditRecord.onderwerp))  # fmt: skip
    assert dict(aangemaakt.all()) == {"traject": 3, "plaatsing": 2}
    assert invariant_breaches(session) == []


def invariant_breaches(session) -> list[str]:
    """The trajectory invariants of scripts/loadtest.py, checked on every trajectory."""
    session.expire_all()
    breaches, lopend = [], set()
    for t in session.scalars(select(Traject)):
        stappen = t.overgangen  # in moment order
        if not stappen or stappen[-1].naar_fase != t.fase:
            breaches.append(f"{t.id}: fase")
        if [s.van_fase for s in stappen] != [None, *(s.naar_fase for s in stappen[:-1])]:
            breaches.append(f"{t.id}: aansluiting")
        if (t.fase == F.ONDERBROKEN) != (t.fase_voor_onderbreking is not None):
            breaches.append(f"{t.id}: onderbroken")
        if (t.fase == F.AFGESLOTEN) != (t.einddatum is not None and t.uitstroomreden is not None):
            breaches.append(f"{t.id}: afgesloten")
        if t.fase != F.AFGESLOTEN:
            if t.inwoner_id in lopend:
                breaches.append(f"{t.inwoner_id}: twee lopende trajecten")
            lopend.add(t.inwoner_id)
    return breaches


def test_a_dry_run_checks_and_writes_nothing(session, beheerder, collega, inwoners, tmp_path):
    result = run(session, beheerder, tmp_path, TRAJECTEN, OVERGANGEN, PLAATSINGEN,
                 koppelingen=POORT, dry_run=True)  # fmt: skip
    assert result.fouten == [] and result.geimporteerd == 0 and nothing_imported(session)
    assert result.summary().startswith("Controle geslaagd: 3 trajecten in trajecten.csv, ")


def test_progress_counts_checking_and_writing(session, beheerder, collega, inwoners, tmp_path):
    gemeld = []
    run(session, beheerder, tmp_path, TRAJECTEN, OVERGANGEN, PLAATSINGEN, koppelingen=POORT,
        voortgang=lambda n, totaal: gemeld.append((n, totaal)))  # fmt: skip
    assert gemeld[0] == (0, 40) and gemeld[-1] == (40, 40)  # 3 + 15 + 2 lines, twice
    assert gemeld == sorted(gemeld)


def test_a_second_import_skips_what_is_there(session, beheerder, collega, inwoners, tmp_path):
    run(session, beheerder, tmp_path, TRAJECTEN, OVERGANGEN, PLAATSINGEN, koppelingen=POORT)
    # The same export a month later: one more trajectory, for an inwoner without one.
    later = [*TRAJECTEN, traject("T-4", "K-3", "01-11-2026")]
    again = run(session, beheerder, tmp_path, later, [*OVERGANGEN, *begin("T-4", "01-11-2026")],
                PLAATSINGEN, koppelingen=POORT)  # fmt: skip
    assert again.fouten == []
    assert (again.geimporteerd, again.overgeslagen, again.faseovergangen) == (1, 3, 1)
    assert (again.plaatsingen, again.plaatsingen_overgeslagen) == (0, 2)
    assert again.summary().endswith(
        "2 plaatsingen stonden er al in (zelfde sleutel) en worden overgeslagen.")  # fmt: skip
    assert (count(session, Traject), count(session, FaseOvergang), count(session, Plaatsing)) == (
        4, 16, 2)  # fmt: skip


def test_every_problem_of_a_trajectory_line(session, beheerder, actor, inwoners, tmp_path):
    trajecten = [
        traject("T-1"),
        traject("T-2", "K-9", aanmeldbron="fax", werkcoach=""),
        traject("T-3", "K-2", start="31-02-2026", werkcoach="niemand"),
        traject("T-1", "K-2", einddatum="01-01-2030"),
        traject("T-4", "K-3", contact_per_jaar="1", werkfit_sinds="01-08-2026",
                verlengd_tot="01-03-2027"),
        traject("", start="", aanmeldbron="", jobcoach="pcoach"),
    ]  # fmt: skip
    overgangen = [*begin("T-1"), *begin("T-2"), *begin("T-3"), *begin("T-4")]
    assert run(session, beheerder, tmp_path, trajecten, overgangen).fouten == [
        "trajecten.csv, regel 2: sleutel T-1 staat ook op regel 5",
        "trajecten.csv, regel 3: inwoner 'K-9' is onbekend: importeer eerst de inwoners, of controleer de sleutel",
        "trajecten.csv, regel 3: aanmeldbron 'fax' is onbekend; kies uit GEMEENTE_POORT (Gemeente (aan de poort / brede intake)), "
        "KLANTMANAGER (Klantmanager gemeente), UWV (UWV), SCHOOL_PRO_VSO (School (Pro/Vso)), MBO (Mbo), "
        "RMC_MATCHMAKER (RMC / matchmaker), YOUNG_HEROES (Young Heroes), SOCIAAL_TEAM (Sociaal team), GGZ (GGZ), "
        "VLUCHTELINGENWERK (Vluchtelingenwerk), WERKGEVER (Werkgever), ZELFMELDER (Zelfmelder), "
        "BESTANDSKOPPELING (Bestandskoppeling), AFLOPENDE_WW (Aflopende WW) of vertaal het in de koppeling",
        "trajecten.csv, regel 3: vul de werkcoach in (een gebruikersnaam in Koers)",
        "trajecten.csv, regel 4: startdatum '31-02-2026' is geen geldige datum; gebruik dd-mm-jjjj of jjjj-mm-dd",
        "trajecten.csv, regel 4: er is geen medewerker met gebruikersnaam 'niemand'",
        "trajecten.csv, regel 5: sleutel T-1 staat ook op regel 2",
        "trajecten.csv, regel 5: einddatum 01-01-2030 ligt in de toekomst",
        "trajecten.csv, regel 6: werkfit_sinds 01-08-2026 ligt vóór de startdatum 01-09-2026",
        "trajecten.csv, regel 6: contact_per_jaar '1' is geen geheel getal van minstens 2",
        "trajecten.csv, regel 7: vul de sleutel van het traject in",
        "trajecten.csv, regel 7: vul de startdatum (de dag van de aanmelding) in",
        "trajecten.csv, regel 7: kies de aanmeldbron (wie de inwoner heeft aangemeld)",
        "trajecten.csv, regel 7: er is geen medewerker met gebruikersnaam 'pcoach'",
    ]
    assert nothing_imported(session)


def test_every_problem_of_a_timeline(session, beheerder, actor, inwoners, tmp_path):
    trajecten = [traject(f"T-{n}", f"K-{n}") for n in (1, 2, 3)] + [
        traject("T-4", "K-1", einddatum="05-09-2026", uitstroomreden="VERHUIZING"),
        traject("T-5", "K-2", einddatum="01-09-2026", uitstroomreden="VERHUIZING"),
        traject("T-6", "K-3", einddatum="01-09-2026", uitstroomreden="VERHUIZING"),
        traject("T-7", "K-1", einddatum="01-09-2026", uitstroomreden="VERHUIZING"),
    ]  # fmt: skip
    t1 = [{**begin("T-1")[0], "van_fase": "INTAKE"}]
    t2 = stappen("T-2", ("01-09-2026", "START", "FASE", "AANGEMELD"),
                 ("02-09-2026", "T1", "FASE", "INTAKE"), ("03-09-2026", "T2", "FASE",
                                                          "VERKENNING_DIAGNOSE"))  # fmt: skip
    t2[2]["van_fase"] = "AANGEMELD"
    t3 = stappen("T-3", ("03-09-2026", "START", "FASE", "AANGEMELD"),
                 ("02-09-2026", "T1", "FASE", "INTAKE"))  # fmt: skip
    t4 = stappen("T-4", ("01-09-2026", "START", "FASE", "AANGEMELD"),
                 ("02-09-2026", "T11", "FASE", "AFGESLOTEN"), ("05-09-2026", "COACH", "COACH",
                                                               "AFGESLOTEN"))  # fmt: skip
    t6 = stappen("T-6", ("31-08-2026", "START", "FASE", "AANGEMELD"),
                 ("01-09-2026", "T11", "FASE", "AFGESLOTEN"))  # fmt: skip
    t7 = stappen("T-7", ("01-09-2026", "START", "FASE", "AANGEMELD"),
                 ("01-09-2026", "T11", "FASE", "AFGESLOTEN"))  # fmt: skip
    t7[0] |= {"volgnummer": "één", "code": "BEGIN", "soort": "STAP", "medewerker": "niemand"}
    onbekend = begin("T-9")
    overgangen = [*t1, *t2, *t3, *t4, *t6, *t7, *onbekend]
    assert run(session, beheerder, tmp_path, trajecten, overgangen).fouten == [
        "trajecten.csv, regel 6: het traject heeft geen faseovergangen in faseovergangen.csv; elk traject begint met een stap zonder van_fase (START, naar AANGEMELD)",
        "faseovergangen.csv, regel 2: de eerste faseovergang van een traject begint zonder fase: laat van_fase leeg",
        "faseovergangen.csv, regel 5: van_fase AANGEMELD sluit niet aan op de vorige faseovergang (volgnummer 2, naar INTAKE)",
        "faseovergangen.csv, regel 7: datum 02-09-2026 ligt vóór die van de vorige faseovergang (volgnummer 1, 03-09-2026)",
        "faseovergangen.csv, regel 10: na de afsluiting (volgnummer 2) volgt geen faseovergang meer",
        "faseovergangen.csv, regel 11: datum 31-08-2026 ligt vóór de startdatum van het traject (01-09-2026)",
        "faseovergangen.csv, regel 13: volgnummer 'één' is geen geheel getal van minstens 1",
        "faseovergangen.csv, regel 13: code 'BEGIN' is onbekend; kies START, T1 … T17 of COACH",
        "faseovergangen.csv, regel 13: soort 'STAP' is onbekend; kies uit FASE (Fase), STADIUM (Stadium), "
        "EVALUATIE (Evaluatie), COACH (Coach gewijzigd), VERLENGING (Verlenging (besluit teamleider)), "
        "HANDHAVING (Handhaving) of vertaal het in de koppeling",
        "faseovergangen.csv, regel 13: er is geen medewerker met gebruikersnaam 'niemand'",
        "faseovergangen.csv, regel 15: traject 'T-9' staat niet in trajecten.csv en is niet eerder geïmporteerd",
    ]
    assert nothing_imported(session)


def test_a_duplicate_step_number(session, beheerder, inwoners, tmp_path):
    overgangen = [*begin("T-1"), {**begin("T-1")[0], "naar_fase": "INTAKE"}]
    assert run(session, beheerder, tmp_path, [traject()], overgangen).fouten == [
        "faseovergangen.csv, regel 2: volgnummer 1 van traject T-1 staat ook op regel 3",
        "faseovergangen.csv, regel 3: volgnummer 1 van traject T-1 staat ook op regel 2",
    ]


def test_the_trajectory_agrees_with_its_timeline(session, beheerder, actor, inwoners, tmp_path):
    def gesloten(traject_, *tussen):
        return stappen(traject_, ("01-09-2026", "START", "FASE", "AANGEMELD"), *tussen,
                       ("01-10-2026", "T11", "FASE", "AFGESLOTEN"))  # fmt: skip

    intake = ("05-09-2026", "T1", "FASE", "INTAKE")
    zoeken = ("06-09-2026", "T3", "STADIUM", "ZELFSTANDIG_ZOEKEN")
    geplaatst = [("06-09-2026", "T3", "STADIUM", "STADIUM_BEPAALD"),
                 ("07-09-2026", "T4", "FASE", "ONTWIKKELING"),
                 ("08-09-2026", "T6", "FASE", "MATCHING"), ("09-09-2026", "T9", "FASE", "GEPLAATST")]  # fmt: skip
    onderbroken = stappen("T-7", ("01-09-2026", "START", "FASE", "AANGEMELD"), intake,
                          ("06-09-2026", "T15", "FASE", "ONDERBROKEN"))  # fmt: skip
    trajecten = [
        traject("T-1", "K-1"),
        traject("T-2", "K-2", einddatum="01-10-2026"),
        traject("T-3", "K-3", einddatum="02-10-2026", uitstroomreden="VERHUIZING"),
        traject("T-4", "K-1", einddatum="01-10-2026", uitstroomreden="WERK_LKS"),
        traject("T-5", "K-1", einddatum="01-10-2026", uitstroomreden="ANDERS"),
        traject("T-6", "K-1", einddatum="01-10-2026", uitstroomreden="WERK_REGULIER",
                ontwikkelstadium="2_ONTWIKKELPOTENTIEEL"),
        traject("T-7", "K-3"),
        traject("T-8", "K-4", fase_voor_onderbreking="AANGEMELD"),
        traject("T-9", "K-1", einddatum="01-10-2026", uitstroomreden="ZORG",
                fase_voor_onderbreking="INTAKE"),
        traject("T-10", "K-5", participatiecoach="testcoach"),
    ]  # fmt: skip
    overgangen = [
        *stappen("T-1", ("01-09-2026", "START", "FASE", "AANGEMELD"),
                 ("01-10-2026", "T11", "FASE", "AFGESLOTEN")),
        *begin("T-2"),
        *gesloten("T-3"),
        *gesloten("T-4", intake),
        *gesloten("T-5"),
        *gesloten("T-6", *geplaatst),
        *onderbroken,
        *stappen("T-8", *[(s["datum"], s["code"], s["soort"], s["naar_fase"])
                          for s in onderbroken]),
        *gesloten("T-9", zoeken),
        *begin("T-10"),
    ]  # fmt: skip
    assert run(session, beheerder, tmp_path, trajecten, overgangen).fouten == [
        "trajecten.csv, regel 2: het traject is afgesloten (volgnummer 2): vul einddatum en uitstroomreden in",
        "trajecten.csv, regel 3: einddatum en uitstroomreden horen alleen bij een afgesloten traject; de laatste faseovergang gaat naar AANGEMELD",
        "trajecten.csv, regel 4: einddatum 02-10-2026 is niet de dag van de afsluiting in de faseovergangen (01-10-2026)",
        "trajecten.csv, regel 5: uitstroom naar werk (werk met loonkostensubsidie) kan pas na een plaatsing of vanuit zelfstandig zoeken, niet vanuit INTAKE",
        "trajecten.csv, regel 6: licht de uitstroomreden 'anders' toe in uitstroom_toelichting",
        "trajecten.csv, regel 7: na een plaatsing volgt meestal nazorg: geef in uitstroom_toelichting aan waarom er geen nazorg nodig was",
        "trajecten.csv, regel 8: het traject is onderbroken: vul fase_voor_onderbreking in, de fase waarin het werd onderbroken (INTAKE)",
        "trajecten.csv, regel 9: fase_voor_onderbreking AANGEMELD is niet de fase waarin het traject werd onderbroken (INTAKE)",
        "trajecten.csv, regel 10: fase_voor_onderbreking hoort alleen bij een onderbroken traject; de laatste faseovergang gaat naar AFGESLOTEN",
        "trajecten.csv, regel 11: participatiecoach 'testcoach' is geen actieve medewerker met de rol participatiecoach, en het traject loopt nog",
    ]
    assert nothing_imported(session)


def test_a_running_trajectory_needs_an_open_dossier_and_active_coaches(
    session, beheerder, inwoners, tmp_path
):
    oud = maak_medewerker(session, "oudcoach", [Rol.JOBCOACH])
    oud.actief = False
    k1 = session.scalar(select(Bronsleutel.record_id).where(Bronsleutel.sleutel == "K-1"))
    session.get(Inwoner, k1).dossier_gesloten_op = TODAY
    session.flush()
    gesloten = dict(einddatum="01-09-2026", uitstroomreden="VERHUIZING")
    trajecten = [traject("T-1", "K-1"), traject("T-2", "K-1", **gesloten),
                 traject("T-3", "K-2", werkcoach="oudcoach"),
                 traject("T-4", "K-3", werkcoach="oudcoach", **gesloten)]  # fmt: skip
    afgesloten = (("01-09-2026", "START", "FASE", "AANGEMELD"),
                  ("01-09-2026", "T11", "FASE", "AFGESLOTEN"))  # fmt: skip
    overgangen = [*begin("T-1"), *stappen("T-2", *afgesloten), *begin("T-3"),
                  *stappen("T-4", *afgesloten)]  # fmt: skip
    # History is history: a closed trajectory keeps the colleague who has left since.
    assert run(session, beheerder, tmp_path, trajecten, overgangen).fouten == [
        "trajecten.csv, regel 2: het dossier van de inwoner is gesloten, en het traject loopt nog; heropen het dossier eerst",
        "trajecten.csv, regel 4: werkcoach 'oudcoach' is geen actieve medewerker met de rol jobcoach / werkcoach, en het traject loopt nog",
    ]


def test_another_systems_timeline_through_a_mapping(session, beheerder, inwoners, tmp_path):
    """Without a van_fase column each step starts where the previous one ended."""
    pad = tmp_path / "historie.csv"
    pad.write_text("Dossier;Stap;Datum;Overgang;Soort;Status\n"
                   "T-1;1;01-09-2026;START;fase;aanm\nT-1;2;03-09-2026;T1;fase;intake\n",
                   encoding="utf-8")  # fmt: skip
    koppeling = Koppeling("faseovergangen", {"traject": "Dossier", "volgnummer": "Stap",
                                             "datum": "Datum", "code": "Overgang",
                                             "soort": "Soort", "naar_fase": "Status"},
                          {"naar_fase": {"aanm": "AANGEMELD"}})  # fmt: skip
    result = ti.import_trajecten(
        session, actor=beheerder, trajecten=bestand(tmp_path, ti.TRAJECTEN, [traject()]),
        overgangen=pad, dry_run=False, koppelingen={"faseovergangen": koppeling}, today=TODAY,
    )  # fmt: skip
    assert result.fouten == []
    t1 = by_key(session, ti.ENTITEIT, "T-1")
    assert [(o.van_fase, o.naar_fase) for o in t1.overgangen] == [
        (None, F.AANGEMELD), (F.AANGEMELD, F.INTAKE)]  # fmt: skip
    assert (t1.fase, t1.fase_sinds) == (F.INTAKE, date(2026, 9, 3))


def test_one_running_trajectory_per_inwoner(session, beheerder, inwoners, tmp_path):
    run(session, beheerder, tmp_path, [traject("T-1", "K-1")], begin("T-1"))
    trajecten = [traject("T-2", "K-1"), traject("T-3", "K-2"), traject("T-4", "K-2"),
                 traject("T-5", "K-3", einddatum="01-09-2026", uitstroomreden="VERHUIZING"),
                 traject("T-6", "K-3")]  # fmt: skip
    overgangen = [*begin("T-2"), *begin("T-3"), *begin("T-4"),
                  *stappen("T-5", ("01-09-2026", "START", "FASE", "AANGEMELD"),
                           ("01-09-2026", "T11", "FASE", "AFGESLOTEN")),
                  *begin("T-6")]  # fmt: skip
    assert run(session, beheerder, tmp_path, trajecten, overgangen).fouten == [
        "trajecten.csv, regel 2: inwoner K-1 heeft al een lopend traject in Koers; een inwoner heeft hoogstens één lopend traject",
        "trajecten.csv, regel 3: inwoner K-2 heeft ook een lopend traject op regel 4; een inwoner heeft hoogstens één lopend traject",
        "trajecten.csv, regel 4: inwoner K-2 heeft ook een lopend traject op regel 3; een inwoner heeft hoogstens één lopend traject",
    ]
    assert count(session, Traject) == 1


def test_every_problem_of_a_placement(session, beheerder, inwoners, tmp_path):
    trajecten = [traject("T-1", "K-1")]
    plaatsingen = [
        plaatsing("P-1", traject="T-9"),
        plaatsing("P-2", "K-2", traject="T-1"),
        plaatsing("P-3", werkplek="", plaatsingsvorm="stage", lks="misschien"),
        plaatsing("P-4", plaatsingsvorm="SW_INTERN", startdatum="01-03-2020"),
        plaatsing("P-5", plaatsingsvorm="BEGELEID_WERKEN", uren_per_week="10"),
        plaatsing("P-6", einddatum="01-11-2026", einde_reden="Klaar"),
        plaatsing("P-7", einde_reden="Contract niet verlengd", uren_per_week="50"),
        plaatsing("P-8", einddatum="01-09-2026", einde_reden="Contract niet verlengd"),
        plaatsing("P-1", traject="T-1", startdatum="01-08-2026", werkplek="x" * 201),
    ]
    assert run(session, beheerder, tmp_path, trajecten, begin("T-1"), plaatsingen).fouten == [
        "plaatsingen.csv, regel 2: sleutel P-1 staat ook op regel 10",
        "plaatsingen.csv, regel 2: traject 'T-9' staat niet in trajecten.csv en is niet eerder geïmporteerd",
        "plaatsingen.csv, regel 3: traject 'T-1' hoort bij een andere inwoner dan 'K-2'",
        "plaatsingen.csv, regel 4: vul de werkgever of werkplek in",
        "plaatsingen.csv, regel 4: plaatsingsvorm 'stage' is onbekend; kies uit "
        + ", ".join(f"{v.value} ({v.label})" for v in Plaatsingsvorm)
        + " of vertaal het in de koppeling",
        "plaatsingen.csv, regel 4: lks 'misschien' is geen ja of nee",
        "plaatsingen.csv, regel 5: een nieuw Wsw-dienstverband kan niet meer: sinds 1 januari 2015 is de instroom in de Wsw gesloten",
        "plaatsingen.csv, regel 6: begeleid werken is 16 tot en met 40 uur per week",
        "plaatsingen.csv, regel 7: geef in einde_reden aan waarom de plaatsing eindigde (minstens 10 tekens)",
        "plaatsingen.csv, regel 8: een einde_reden hoort bij een beëindigde plaatsing: vul de einddatum in",
        "plaatsingen.csv, regel 8: uren_per_week '50' is geen geheel getal van 1 tot en met 40",
        "plaatsingen.csv, regel 9: einddatum 01-09-2026 ligt vóór de startdatum 01-10-2026",
        "plaatsingen.csv, regel 10: sleutel P-1 staat ook op regel 2",
        "plaatsingen.csv, regel 10: de werkplek is langer dan 200 tekens",
        "plaatsingen.csv, regel 10: startdatum 01-08-2026 ligt vóór de startdatum van het traject 01-09-2026",
    ]
    assert nothing_imported(session)


def test_files_that_cannot_be_read_or_lack_a_column(session, beheerder, inwoners, tmp_path):
    zonder_naar_fase = tmp_path / "stappen.csv"
    zonder_naar_fase.write_text("traject;volgnummer;datum;code;soort\n", encoding="utf-8")
    result = ti.import_trajecten(
        session, actor=beheerder, trajecten=bestand(tmp_path, ti.TRAJECTEN, [traject()]),
        overgangen=zonder_naar_fase, plaatsingen=tmp_path / "weg.csv", dry_run=False, today=TODAY,
    )  # fmt: skip
    assert result.fouten == [
        "stappen.csv, regel 1: de verplichte kolom 'naar_fase' (de fase na de stap (dezelfde als "
        "van_fase als de fase niet verandert)) is niet gekoppeld aan een kolom van het bestand",
        f"Het bestand {tmp_path / 'weg.csv'} bestaat niet.",
    ]
    assert result.summary() == (
        "Niets geïmporteerd: 2 fouten in trajecten.csv, stappen.csv en weg.csv."
    )


def test_the_error_report_has_a_sheet_per_file(session, beheerder, inwoners, tmp_path):
    result = run(session, beheerder, tmp_path, [traject("T-1", "K-9")], begin("T-1"))
    ti.schrijf_foutenverslag(tmp_path / "fouten.xlsx", result)
    blad = lees(tmp_path / "fouten.xlsx", blad="trajecten")
    assert blad.rijen[0][1][-1] == (
        "inwoner 'K-9' is onbekend: importeer eerst de inwoners, of controleer de sleutel"
    )
    assert lees(tmp_path / "fouten.xlsx", blad="faseovergangen").rijen[0][1][-1] == ""


def snapshot(session) -> tuple[list, list]:
    """Every trajectory with its timeline, and every placement with the start of its
    trajectory: their columns, not their ids, in a fixed order."""
    session.expire_all()
    buiten = {"id", "aangemaakt_op", "gewijzigd_op", "versie", "traject_id", "werkgever_id",
              "loonwaardemeting_id"}  # fmt: skip

    def kolommen(record) -> list[tuple]:
        return [(c.key, getattr(record, c.key)) for c in record.__table__.columns
                if c.key not in buiten]  # fmt: skip

    trajecten = {t.id: t for t in session.scalars(select(Traject))}
    rijen = [(kolommen(t), [(s.code, s.soort, s.van_fase, s.naar_fase, s.datum, s.medewerker_id,
                             s.reden, s.voorwaarden) for s in t.overgangen])
             for t in trajecten.values()]  # fmt: skip
    plaatsingen = [(kolommen(p), p.traject_id and trajecten[p.traject_id].startdatum)
                   for p in session.scalars(select(Plaatsing))]  # fmt: skip
    return sorted(rijen, key=repr), sorted(plaatsingen, key=repr)


def sleutels(session) -> set[tuple[str, str]]:
    """The source keys of trajecten and plaatsingen, each with its record's start."""
    rijen = session.execute(select(Bronsleutel.entiteit, Bronsleutel.sleutel, Bronsleutel.record_id)
                            .where(Bronsleutel.entiteit.in_((ti.ENTITEIT, ti.PLAATSING))))  # fmt: skip
    return {(sleutel, str(session.get(Traject if e == ti.ENTITEIT else Plaatsing, i).startdatum))
            for e, sleutel, i in rijen}  # fmt: skip


def verwijder_trajecten(session) -> None:
    session.execute(delete(Bronsleutel).where(Bronsleutel.entiteit.in_((ti.ENTITEIT,
                                                                         ti.PLAATSING))))  # fmt: skip
    session.execute(delete(Plaatsing))
    session.execute(delete(FaseOvergang))
    session.execute(delete(Traject))


def import_export(session, beheerder, map_, formaat="csv"):
    return ti.import_trajecten(
        session, actor=beheerder, trajecten=map_ / f"trajecten.{formaat}",
        overgangen=map_ / f"faseovergangen.{formaat}",
        plaatsingen=map_ / f"plaatsingen.{formaat}", dry_run=False, today=TODAY,
    )  # fmt: skip


def test_an_export_imports_back_as_the_same_trajecten(session, beheerder, collega, inwoners,
                                                      tmp_path):  # fmt: skip
    run(session, beheerder, tmp_path, TRAJECTEN, OVERGANGEN, PLAATSINGEN, koppelingen=POORT)
    voor, sleutels_voor = snapshot(session), sleutels(session)
    assert ti.exporteer(session, actor=beheerder, map=tmp_path / "uit", formaat="xlsx") == {
        "trajecten": 3, "faseovergangen": 15, "plaatsingen": 2}  # fmt: skip
    assert session.scalar(select(func.count()).select_from(AuditRecord).where(
        AuditRecord.actie == AuditActie.GEEXPORTEERD)) == 5  # fmt: skip
    al = "staat al trajecten.xlsx, faseovergangen.xlsx en plaatsingen.xlsx; kies een lege map."
    with pytest.raises(DomainError, match=re.escape(al)):
        ti.exporteer(session, actor=beheerder, map=tmp_path / "uit", formaat="xlsx")
    verwijder_trajecten(session)
    result = import_export(session, beheerder, tmp_path / "uit", "xlsx")
    assert result.fouten == [] and result.geimporteerd == 3
    assert snapshot(session) == voor and sleutels(session) == sleutels_voor


def test_only_a_functioneel_beheerder_moves_trajecten(session, actor, inwoners, tmp_path):
    with pytest.raises(ToegangGeweigerd):
        run(session, actor, tmp_path, [traject()], begin())
    with pytest.raises(ToegangGeweigerd):
        ti.exporteer(session, actor=actor, map=tmp_path / "uit")


def test_the_demo_trajecten_go_round(session, beheerder, tmp_path):
    sessions = sessionmaker(bind=session.connection(), join_transaction_mode="create_savepoint",
                            expire_on_commit=False)  # fmt: skip
    generate_demo(sessions, inwoners=150, seed=7, progress=None, today=TODAY)
    # The inwoners stay; their ids become their source keys, as an import of their export
    # into this database would have recorded.
    session.add_all(Bronsleutel(entiteit=inwoner_import.ENTITEIT, sleutel=str(i), record_id=i)
                    for i in session.scalars(select(Inwoner.id)))  # fmt: skip
    session.flush()
    voor, ids = snapshot(session), {str(i) for i in session.scalars(select(Traject.id))}
    aantallen = ti.exporteer(session, actor=beheerder, map=tmp_path / "uit")
    assert aantallen["trajecten"] == len(ids) > 50 and aantallen["plaatsingen"] > 5
    verwijder_trajecten(session)
    result = import_export(session, beheerder, tmp_path / "uit")
    assert result.fouten == [] and result.geimporteerd == len(ids)
    assert snapshot(session) == voor and invariant_breaches(session) == []
    # Without a key of their own, the trajecten are known by their old ids from now on.
    assert set(session.scalars(select(Bronsleutel.sleutel).where(
        Bronsleutel.entiteit == ti.ENTITEIT))) == ids  # fmt: skip
