"""Loonwaardemetingen move in and out with their tasks: two files checked together with the
rules of `leg_meting_vast`, the inwoner found by its source key, keys kept against duplicates,
and an export imports back as the same measurements. A functioneel beheerder runs it."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select

from app.models import (
    Aanleiding,
    AuditActie,
    AuditRecord,
    Bronsleutel,
    Inwoner,
    Loonwaardemeting,
    LoonwaardeTaak,
    Meetmethode,
    Werkgever,
)
from app.services import inwoner_import
from app.services import loonwaarde_import as li
from app.services.errors import DomainError, ToegangGeweigerd
from app.services.loonwaarde import MetingGegevens, TaakGegevens, leg_meting_vast
from app.services.tabellen import lees
from tests.conftest import TODAY, make_bsn

pytestmark = pytest.mark.database


@pytest.fixture
def inwoners(session, actor, tmp_path):
    """Three inwoners imported with source keys K-1 … K-3, on the actor's caseload."""
    pad = tmp_path / "inwoners.csv"
    kop = "sleutel;" + ";".join(inwoner_import.KOLOMMEN)
    rijen = [
        f"K-{n};{make_bsn(n * 17)};Noor;;Bakker;01-02-1980;;;;;Gorinchem;;" for n in range(1, 4)
    ]
    pad.write_text("\n".join([kop, *rijen]) + "\n", encoding="utf-8")
    result = inwoner_import.import_inwoners(session, actor=actor, path=pad, dry_run=False,
                                            regievoerder=actor, today=TODAY)  # fmt: skip
    assert result.fouten == []


@pytest.fixture
def werkgever(session):
    werkgever = Werkgever(naam="Hoveniersbedrijf De Linge", kvk="12345678", versie=1)
    session.add(werkgever)
    session.flush()
    return werkgever


def bestand(tmp_path, formaat, rijen: list[dict[str, str]], naam: str | None = None):
    """A file in Koers' layout: one line per dict (missing columns empty)."""
    pad = tmp_path / (naam or f"{formaat.entiteit}.csv")
    regels = [";".join(formaat.namen), *(";".join(r.get(k, "") for k in formaat.namen)
                                         for r in rijen)]  # fmt: skip
    pad.write_text("\n".join(regels) + "\n", encoding="utf-8")
    return pad


def meting(sleutel="M-1", inwoner="K-1", **waarden) -> dict[str, str]:
    return {"sleutel": sleutel, "inwoner": inwoner, "datum": "01-10-2026",
            "methode": "UNIFORME_METHODE", "aanleiding": "LKS", "meter": "Sanne de Vries",
            "meter_organisatie": "Werkfit BV", "werkplek": "Hoveniersbedrijf De Linge",
            "normfunctie": "Hovenier", "uren_per_week": "32", **waarden}  # fmt: skip


def taak(meting="M-1", nummer=1, omschrijving="Snoeien", aandeel="100", kwaliteit="50",
         tempo="50", inzetbaarheid="50") -> dict[str, str]:  # fmt: skip
    return {"meting": meting, "volgnummer": str(nummer), "omschrijving": omschrijving,
            "aandeel": aandeel, "kwaliteit": kwaliteit, "tempo": tempo,
            "inzetbaarheid": inzetbaarheid}  # fmt: skip


def run(session, actor, tmp_path, metingen, taken=None, **kwargs):
    kwargs.setdefault("dry_run", False)
    return li.import_loonwaarde(
        session, actor=actor, today=TODAY, metingen=bestand(tmp_path, li.METINGEN, metingen),
        taken=None if taken is None else bestand(tmp_path, li.TAKEN, taken), **kwargs,
    )  # fmt: skip


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def by_key(session, sleutel) -> Loonwaardemeting:
    session.expire_all()
    record_id = session.scalar(select(Bronsleutel.record_id).where(
        Bronsleutel.entiteit == li.ENTITEIT, Bronsleutel.sleutel == sleutel))  # fmt: skip
    return session.get(Loonwaardemeting, record_id)


# M-1: two tasks (60 % × 50 + 40 % × 80) = 62 %, its next measurement from the municipality's
# interval; M-2: Dariuz at an employer in Koers, overridden to 35 % with a reason; M-3: an
# earlier measurement of K-1, shares with decimals, its tasks out of order in the file.
METINGEN = [
    meting("M-1", berekende_loonwaarde="62"),
    meting("M-2", "K-2", methode="Dariuz", aanleiding="BSW", werkgever="12345678",
           uren_per_week="24,5", vastgestelde_loonwaarde="35",
           reden_vastgesteld="Aangepaste beschutte werkplek meet te hoog",
           volgende_meting="01-04-2027", vastgelegd_door="fbeheer"),
    meting("M-3", datum="2025-09-01", aanleiding="HERBEOORDELING"),
]  # fmt: skip
TAKEN = [
    taak("M-1", 1, "Snoeien", "60", "50", "50", "50"),
    taak("M-1", 2, "Maaien", "40", "80", "70", "90"),
    taak("M-2", 1, "Inpakken", "100", "30", "40", "50"),
    taak("M-3", 2, "Vegen", "66,67", "100", "100", "100"),
    taak("M-3", 1, "Sorteren", "33.33", "100", "100", "100"),
]


def test_a_set_imports_with_its_tasks_and_keys(session, beheerder, inwoners, werkgever,
                                               tmp_path):  # fmt: skip
    proef = run(session, beheerder, tmp_path, METINGEN, TAKEN, dry_run=True)
    assert proef.fouten == [] and count(session, Loonwaardemeting) == 0
    assert proef.summary().startswith("Controle geslaagd: 3 loonwaardemetingen in ")
    gemeld = []
    result = run(session, beheerder, tmp_path, METINGEN, TAKEN,
                 voortgang=lambda n, totaal: gemeld.append((n, totaal)))  # fmt: skip
    assert result.fouten == []
    assert (result.geimporteerd, result.taken) == (3, 5)
    assert result.summary() == (
        "3 loonwaardemetingen geïmporteerd uit loonwaardemetingen.csv en loonwaardetaken.csv. "
        "Daarbij 5 taken."
    )
    assert gemeld[-1] == (16, 16) and gemeld == sorted(gemeld)  # 3 + 5 lines, checked, written
    m1, m2, m3 = (by_key(session, f"M-{n}") for n in (1, 2, 3))
    assert (m1.berekende_loonwaarde, m1.loonwaarde, m1.volgende_meting, m1.methode) == (
        62, 62, date(2027, 10, 1), Meetmethode.UNIFORME_METHODE)  # fmt: skip
    assert (m1.vastgelegd_door_id, m1.werkgever_id, m1.uren_per_week) == (
        beheerder.id, None, Decimal(32))  # fmt: skip
    assert [(t.volgorde, t.omschrijving, t.aandeel) for t in m1.taken] == [
        (1, "Snoeien", Decimal(60)), (2, "Maaien", Decimal(40))]  # fmt: skip
    assert (m2.methode, m2.aanleiding, m2.werkgever_id, m2.uren_per_week) == (
        Meetmethode.DARIUZ, Aanleiding.BSW, werkgever.id, Decimal("24.5"))  # fmt: skip
    assert (m2.berekende_loonwaarde, m2.vastgestelde_loonwaarde, m2.loonwaarde) == (40, 35, 35)
    assert m2.volgende_meting == date(2027, 4, 1)
    assert [(t.volgorde, t.omschrijving, t.aandeel) for t in m3.taken] == [
        (1, "Sorteren", Decimal("33.33")), (2, "Vegen", Decimal("66.67"))]  # fmt: skip
    assert (m3.datum, m3.berekende_loonwaarde) == (date(2025, 9, 1), 100)
    audit = session.execute(select(AuditRecord.record_id, AuditRecord.velden).where(
        AuditRecord.actie == AuditActie.AANGEMAAKT, AuditRecord.onderwerp == "loonwaardemeting",
        AuditRecord.reden == "import")).all()  # fmt: skip
    assert dict(audit) == {m1.id: {"loonwaarde": [None, 62]}, m2.id: {"loonwaarde": [None, 35]},
                           m3.id: {"loonwaarde": [None, 100]}}  # fmt: skip


def test_a_second_import_skips_what_is_there_with_its_tasks(session, beheerder, inwoners,
                                                            werkgever, tmp_path):  # fmt: skip
    run(session, beheerder, tmp_path, METINGEN, TAKEN)
    later = run(session, beheerder, tmp_path, [*METINGEN, meting("M-4", "K-3")],
                [*TAKEN, taak("M-4")])  # fmt: skip
    assert later.fouten == []
    assert (later.geimporteerd, later.overgeslagen, later.taken) == (1, 3, 1)
    assert later.summary() == (
        "1 loonwaardemeting geïmporteerd uit loonwaardemetingen.csv en loonwaardetaken.csv. 3 "
        "stonden er al in (zelfde sleutel) en worden overgeslagen. Daarbij 1 taak."
    )
    assert (count(session, Loonwaardemeting), count(session, LoonwaardeTaak)) == (4, 6)


def test_every_problem_of_a_measurement_line(session, beheerder, inwoners, tmp_path):
    metingen = [
        meting("M-1", "K-9", datum="01-12-2026", methode="", aanleiding="ZIEKTE", meter="",
               werkgever="99999999", uren_per_week="45", berekende_loonwaarde="70",
               vastgestelde_loonwaarde="35", volgende_meting="morgen", vastgelegd_door="wie"),
        meting("M-2", datum="", meter_organisatie="", werkplek="", normfunctie="",
               uren_per_week="veel", vastgestelde_loonwaarde="120"),
        meting("M-3", volgende_meting="01-09-2026"),
        meting("M-3", berekende_loonwaarde="62"),
        meting("M-4"),
    ]  # fmt: skip
    result = run(session, beheerder, tmp_path, metingen,
                 [taak("M-1"), taak("M-2"), taak("M-3"), taak("M-3", 2)])  # fmt: skip
    assert result.fouten == [
        "loonwaardemetingen.csv, regel 2: inwoner 'K-9' is onbekend: importeer eerst de "
        "inwoners, of controleer de sleutel",
        "loonwaardemetingen.csv, regel 2: datum 01-12-2026 ligt in de toekomst",
        "loonwaardemetingen.csv, regel 2: kies de methode (de uniforme methode of een bureau "
        "als Dariuz)",
        "loonwaardemetingen.csv, regel 2: aanleiding 'ZIEKTE' is onbekend; kies uit LKS "
        "(Loonkostensubsidie), BSW (Beschut werk), BEGELEID_WERKEN (Begeleid werken), "
        "HERBEOORDELING (Herbeoordeling) of vertaal het in de koppeling",
        "loonwaardemetingen.csv, regel 2: vul wie heeft gemeten in",
        "loonwaardemetingen.csv, regel 2: werkgever '99999999' is onbekend: geef het "
        "KvK-nummer van een werkgever in Koers",
        "loonwaardemetingen.csv, regel 2: vul 1 tot en met 40 uur per week in",
        "loonwaardemetingen.csv, regel 2: berekende_loonwaarde 70 % is niet wat de taken geven: "
        "50 %",
        "loonwaardemetingen.csv, regel 2: een vastgestelde loonwaarde die afwijkt van de meting "
        "vraagt een reden",
        "loonwaardemetingen.csv, regel 2: volgende_meting 'morgen' is geen geldige datum; "
        "gebruik dd-mm-jjjj of jjjj-mm-dd",
        "loonwaardemetingen.csv, regel 2: er is geen medewerker met gebruikersnaam 'wie'",
        "loonwaardemetingen.csv, regel 3: vul de datum van de meting in",
        "loonwaardemetingen.csv, regel 3: vul de organisatie van de meter in",
        "loonwaardemetingen.csv, regel 3: vul de werkgever of werkplek in",
        "loonwaardemetingen.csv, regel 3: vul de normfunctie in",
        "loonwaardemetingen.csv, regel 3: uren_per_week 'veel' is geen getal",
        "loonwaardemetingen.csv, regel 3: vastgestelde_loonwaarde '120' is geen geheel getal "
        "van 0 tot en met 100",
        "loonwaardemetingen.csv, regel 4: sleutel M-3 staat ook op regel 5",
        "loonwaardemetingen.csv, regel 4: de aandelen van de taken tellen op tot 200 %; dat "
        "moet precies 100 % zijn (loonwaardetaken.csv, regel 4, 5)",
        "loonwaardemetingen.csv, regel 4: volgende_meting 01-09-2026 ligt niet na de datum van "
        "de meting (01-10-2026)",
        "loonwaardemetingen.csv, regel 5: sleutel M-3 staat ook op regel 4",
        "loonwaardemetingen.csv, regel 5: de aandelen van de taken tellen op tot 200 %; dat "
        "moet precies 100 % zijn (loonwaardetaken.csv, regel 4, 5)",
        "loonwaardemetingen.csv, regel 6: beschrijf minstens één taak van de functie met zijn "
        "aandeel: de meting heeft geen taken in loonwaardetaken.csv",
    ]
    assert result.summary() == (
        "Niets geïmporteerd: 23 fouten in loonwaardemetingen.csv en loonwaardetaken.csv."
    )
    assert count(session, Loonwaardemeting) == count(session, LoonwaardeTaak) == 0


def test_every_problem_of_a_task_line(session, beheerder, inwoners, tmp_path):
    taken = [
        taak("M-1", 1, "", aandeel="", kwaliteit="101", tempo="12,345", inzetbaarheid="veel"),
        taak("M-1", 1, "Maaien"),
        taak("M-9", 0),
    ]
    result = run(session, beheerder, tmp_path, [meting("M-1")], taken)
    assert result.fouten == [
        "loonwaardetaken.csv, regel 2: taak 1 van meting 'M-1' staat ook op regel 3",
        "loonwaardetaken.csv, regel 2: beschrijf de taak",
        "loonwaardetaken.csv, regel 2: vul aandeel in (0–100 %)",
        "loonwaardetaken.csv, regel 2: kwaliteit 101 % ligt buiten 0–100 %",
        "loonwaardetaken.csv, regel 2: tempo '12,345' heeft meer dan 2 decimalen",
        "loonwaardetaken.csv, regel 2: inzetbaarheid 'veel' is geen getal",
        "loonwaardetaken.csv, regel 3: taak 1 van meting 'M-1' staat ook op regel 2",
        "loonwaardetaken.csv, regel 4: meting 'M-9' staat niet in loonwaardemetingen.csv; een "
        "taak wordt met zijn meting geïmporteerd",
        "loonwaardetaken.csv, regel 4: volgnummer '0' is geen geheel getal van 1 of meer",
    ]


def test_files_that_cannot_be_read_lack_a_column_or_tasks(session, beheerder, inwoners,
                                                          tmp_path):  # fmt: skip
    zonder_tempo = tmp_path / "taken.csv"
    zonder_tempo.write_text("meting;volgnummer;omschrijving;aandeel;kwaliteit;inzetbaarheid\n",
                            encoding="utf-8")  # fmt: skip
    result = li.import_loonwaarde(session, actor=beheerder, metingen=tmp_path / "weg.csv",
                                  taken=zonder_tempo, dry_run=False, today=TODAY)  # fmt: skip
    assert result.fouten == [
        f"Het bestand {tmp_path / 'weg.csv'} bestaat niet.",
        "taken.csv, regel 1: de verplichte kolom 'tempo' (tempo, 0–100 % van de normfunctie) is "
        "niet gekoppeld aan een kolom van het bestand",
    ]
    zonder_taken = run(session, beheerder, tmp_path, [meting()])
    assert zonder_taken.fouten == [
        "loonwaardemetingen.csv, regel 2: beschrijf minstens één taak van de functie met zijn "
        "aandeel: geef het bestand met taken mee",
    ]


def test_an_error_report_per_file_with_errors(session, beheerder, inwoners, tmp_path):
    result = run(session, beheerder, tmp_path, [meting("M-1", "K-9")], [taak()])
    paden = li.schrijf_foutenverslagen(tmp_path / "verslag", result)
    assert [p.name for p in paden] == ["loonwaardemetingen-fouten.xlsx"]
    assert lees(paden[0], blad="Controle").rijen[0][1][-1] == (
        "inwoner 'K-9' is onbekend: importeer eerst de inwoners, of controleer de sleutel"
    )


def snapshot(session) -> list:
    """Every measurement's columns and its tasks', without ids and timestamps, sorted."""
    session.expire_all()
    buiten = {"id", "meting_id", "aangemaakt_op", "gewijzigd_op", "versie"}

    def kolommen(record) -> list[tuple]:
        return [(c.key, getattr(record, c.key)) for c in record.__table__.columns
                if c.key not in buiten]  # fmt: skip

    return sorted(((kolommen(m), [kolommen(t) for t in m.taken])
                   for m in session.scalars(select(Loonwaardemeting))), key=repr)  # fmt: skip


def test_an_export_imports_back_as_the_same_measurements(session, beheerder, actor, inwoners,
                                                         werkgever, tmp_path):  # fmt: skip
    run(session, beheerder, tmp_path, METINGEN, TAKEN)
    # One measurement made in Koers itself, without a source key: its id is its key.
    k3 = session.scalar(select(Bronsleutel.record_id).where(
        Bronsleutel.entiteit == inwoner_import.ENTITEIT, Bronsleutel.sleutel == "K-3"))  # fmt: skip
    eigen = leg_meting_vast(session, actor=actor, inwoner_id=k3, today=TODAY, gegevens=MetingGegevens(
        datum=date(2026, 11, 1), methode=Meetmethode.ANDERS, aanleiding=Aanleiding.LKS,
        meter="Piet", meter_organisatie="Gemeente", werkplek="Kringloop", normfunctie="Verkoper",
        uren_per_week=Decimal("20.5"), taken=[TaakGegevens("Kassa", Decimal(100), Decimal(70),
                                                           Decimal(75), Decimal(80))]))  # fmt: skip
    voor = snapshot(session)
    sleutels_voor = {*(f"M-{n}" for n in (1, 2, 3)), str(eigen.id)}
    assert li.exporteer(session, actor=beheerder, map=tmp_path / "uit", formaat="xlsx") == {
        "loonwaardemetingen": 4, "loonwaardetaken": 6}  # fmt: skip
    assert session.scalar(select(func.count()).select_from(AuditRecord).where(
        AuditRecord.actie == AuditActie.GEEXPORTEERD,
        AuditRecord.onderwerp == "loonwaardemeting")) == 4  # fmt: skip
    al = "staat al loonwaardemetingen.xlsx en loonwaardetaken.xlsx; kies een lege map."
    with pytest.raises(DomainError, match=re.escape(al)):
        li.exporteer(session, actor=beheerder, map=tmp_path / "uit", formaat="xlsx")
    session.execute(delete(Bronsleutel).where(Bronsleutel.entiteit == li.ENTITEIT))
    session.execute(delete(LoonwaardeTaak))
    session.execute(delete(Loonwaardemeting))
    result = li.import_loonwaarde(
        session, actor=beheerder, metingen=tmp_path / "uit" / "loonwaardemetingen.xlsx",
        taken=tmp_path / "uit" / "loonwaardetaken.xlsx", dry_run=False, today=TODAY,
    )  # fmt: skip
    assert result.fouten == [] and (result.geimporteerd, result.taken) == (4, 6)
    assert snapshot(session) == voor
    assert set(session.scalars(select(Bronsleutel.sleutel).where(
        Bronsleutel.entiteit == li.ENTITEIT))) == sleutels_voor  # fmt: skip
    assert session.get(Inwoner, k3) is not None


def test_only_a_functioneel_beheerder_moves_loonwaardemetingen(session, actor, inwoners,
                                                               tmp_path):  # fmt: skip
    with pytest.raises(ToegangGeweigerd):
        run(session, actor, tmp_path, [meting()], [taak()])
    with pytest.raises(ToegangGeweigerd):
        li.exporteer(session, actor=actor, map=tmp_path / "uit")
    assert not (tmp_path / "uit").exists()
