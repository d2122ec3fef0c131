"""The periodic report to a municipality: the figures of `kpi.kpis` for the gemeente, the same
numbers in the PDF, the Excel workbook and `as_dict()` (what the GUI shows), the explanation
fields and who may write them, and debt figures only for who may see them.

Data set (period 2026-T2, 1 May – 31 August 2026), reported for Vijfheerenlanden; Leerdam
merged into it in 2019, so an inwoner paid by Leerdam counts there; Gorinchem is the control:
- Anna (SW, vastgesteld IOP, running trajectory, a 2025 outflow to work), Bas (Leerdam, beschut
  werk, no IOP, placed 5 May, born 2001), Dirk (born 2000, outflow to work 1 June, placed
  10 June), Eva (born 1980, outflow for a move 1 July, a debt melding 20 May);
- Cor, Fien (Gorinchem): an SW employee with an IOP, an outflow to work and a debt melding that
  must not count.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.models import (
    Aanmeldbron,
    FaseOvergang,
    InwonerLabel,
    Label,
    Meldingsbron,
    Meldingswijze,
    Ontwikkelplan,
    OvergangSoort,
    Plaatsing,
    Plaatsingsvorm,
    PlanStatus,
    PlanType,
    Rapporttoelichting,
    Rol,
    SchuldhulpFase,
    Schuldhulptraject,
    TeamType,
    Traject,
    TrajectFase,
    Uitstroomreden,
)
from app.services import gemeenterapport as svc
from app.services import inwoners
from app.services.audit import next_moment
from app.services.demodatabase import DEMO_REGEL, markeer_als_demo
from app.services.errors import ConflictError, NotFoundError, ToegangGeweigerd, ValidationError
from app.services.getallen import kort, rond
from app.services.kpi import KPI_CODES, Filter, Soort, kpis, zet_doel
from app.services.periodes import periode
from tests.conftest import TODAY, gemeente_by_name, maak_medewerker, maak_team, make_bsn

T2 = periode("2026-T2")


@pytest.fixture
def w(session, team_a):
    coach = maak_medewerker(session, "coach.a", [Rol.JOBCOACH], team=team_a)
    lead = maak_medewerker(session, "lead.a", [Rol.TEAMLEIDER], team=team_a)
    vijfheerenlanden = gemeente_by_name(session, "Vijfheerenlanden")
    leerdam = gemeente_by_name(session, "Leerdam")
    gorinchem = gemeente_by_name(session, "Gorinchem")
    n = iter(range(300, 2000, 13))

    def inwoner(naam, gemeente=vijfheerenlanden, geboren=date(1990, 1, 1)):
        data = inwoners.InwonerGegevens(
            bsn=make_bsn(next(n)), voornamen=naam, achternaam="Test", geboortedatum=geboren,
            woongemeente_id=gemeente.id, betaalgemeente_id=gemeente.id, regievoerder_id=coach.id,
        )  # fmt: skip
        return inwoners.create_inwoner(session, actor=coach, gegevens=data, today=TODAY)

    def label(wie, soort):
        session.add(InwonerLabel(inwoner_id=wie.id, label=soort, geldig_van=date(2020, 1, 1)))

    def iop(wie):
        session.add(Ontwikkelplan(inwoner_id=wie.id, type=PlanType.IOP, planversie=1,
                                  status=PlanStatus.VASTGESTELD, evaluatie_interval_maanden=6,
                                  vastgesteld_op=date(2026, 3, 1)))  # fmt: skip

    def traject(wie, start, einde=None, reden=None):
        t = Traject(inwoner_id=wie.id, gemeente_id=wie.betaalgemeente_id,
                    aanmeldbron=Aanmeldbron.UWV, werkcoach_id=coach.id,
                    fase=TrajectFase.AFGESLOTEN if einde else TrajectFase.MATCHING,
                    fase_sinds=einde or start, startdatum=start, einddatum=einde,
                    uitstroomreden=reden)  # fmt: skip
        session.add(t)
        session.flush()
        if einde:
            session.add(FaseOvergang(traject_id=t.id, code="T14", soort=OvergangSoort.FASE,
                                     van_fase=TrajectFase.MATCHING,
                                     naar_fase=TrajectFase.AFGESLOTEN, datum=einde,
                                     moment=next_moment(), medewerker_id=coach.id))  # fmt: skip

    def plaatsing(wie, start):
        session.add(Plaatsing(inwoner_id=wie.id, werkplek="Attema",
                              plaatsingsvorm=Plaatsingsvorm.REGULIER, startdatum=start))  # fmt: skip

    def schuldhulp(wie, melding):
        session.add(Schuldhulptraject(
            inwoner_id=wie.id, consulent_id=coach.id, gemeente_id=wie.betaalgemeente_id,
            melding_datum=melding, melding_bron=Meldingsbron.ZELF,
            melding_wijze=Meldingswijze.BALIE, fase=SchuldhulpFase.VOORZORG,
            fase_sinds=melding))  # fmt: skip

    anna = inwoner("Anna")
    bas = inwoner("Bas", leerdam, date(2001, 3, 3))
    dirk = inwoner("Dirk", geboren=date(2000, 2, 2))
    eva = inwoner("Eva", geboren=date(1980, 1, 1))
    cor, fien = inwoner("Cor", gorinchem), inwoner("Fien", gorinchem)
    label(anna, Label.SW_WSW)
    label(bas, Label.BSW_NIEUW_BESCHUT)
    label(cor, Label.SW_WSW)
    iop(anna)
    iop(cor)
    traject(anna, date(2024, 1, 1), date(2025, 6, 15), Uitstroomreden.WERK_REGULIER)
    traject(anna, date(2026, 1, 10))
    traject(dirk, date(2025, 1, 1), date(2026, 6, 1), Uitstroomreden.WERK_REGULIER)
    traject(eva, date(2025, 1, 1), date(2026, 7, 1), Uitstroomreden.VERHUIZING)
    traject(fien, date(2025, 1, 1), date(2026, 6, 1), Uitstroomreden.WERK_REGULIER)
    plaatsing(bas, date(2026, 5, 5))
    plaatsing(dirk, date(2026, 6, 10))
    plaatsing(fien, date(2026, 6, 10))
    schuldhulp(eva, date(2026, 5, 20))
    schuldhulp(fien, date(2026, 5, 20))
    beheerder = maak_medewerker(session, "fb", [Rol.FUNCTIONEEL_BEHEERDER])
    zet_doel(session, actor=beheerder, code="K01", jaar=2026, doelwaarde=Decimal(80))
    sdv = maak_medewerker(session, "lead.sdv", [Rol.TEAMLEIDER],
                          team=maak_team(session, "SDV", TeamType.SDV))  # fmt: skip
    session.flush()
    return {"coach": coach, "lead": lead, "sdv": sdv, "beheerder": beheerder,
            "gemeente": vijfheerenlanden, "leerdam": leerdam, "gorinchem": gorinchem}  # fmt: skip


def rapport(session, w, wie="lead", **kw):
    return svc.gemeenterapport(session, actor=w[wie], gemeente_id=w["gemeente"].id, periode=T2,
                               **kw)  # fmt: skip


def kpi_dicts(data: dict) -> dict[str, dict]:
    return {k["code"]: k for o in data["onderdelen"] for k in o["kpis"]}


def num(tekst: str | None) -> float | None:
    return None if tekst is None else float(Decimal(tekst))


def dec(tekst: str | None) -> Decimal | None:
    return None if tekst is None else Decimal(tekst)


# --- the figures ------------------------------------------------------------------------------


def test_the_figures_of_the_gemeente_known_by_hand(session, w):
    data = rapport(session, w).as_dict()
    k = kpi_dicts(data)
    assert data["gemeente"]["naam"] == "Vijfheerenlanden"
    assert data["periode"] == {"naam": "2026-T2", "van": "2026-05-01", "tot": "2026-08-31"}
    assert (k["K01"]["waarde"], k["K01"]["teller"], k["K01"]["noemer"]) == ("50.0", "1", 2)
    assert k["K01"]["doel"] == "80.00"
    assert (k["K13"]["waarde"], k["K13"]["noemer"], k["K13"]["vorig_jaar"]) == ("50.0", 2, "100.0")
    assert k["PL"]["waarde"] == "2"  # Bas and Dirk; Fien is Gorinchem's
    assert k["K01"]["definitie"].startswith("Het deel van de inwoners met een SW-")
    [ontwikkeling, werk] = data["onderdelen"]
    assert [b["dimensie"] for b in werk["uitsplitsingen"]] == ["DOELGROEP", "LEEFTIJD",
                                                               "UITKERINGSDUUR"]  # fmt: skip
    leeftijd = werk["uitsplitsingen"][1]
    assert [(r["naam"], r["waarde"]) for r in leeftijd["rijen"]] == [("< 27", "100.0"),
                                                                     ("45–54", "0.0")]  # fmt: skip
    [doelgroep] = ontwikkeling["uitsplitsingen"]
    assert [(r["naam"], r["teller"], r["noemer"]) for r in doelgroep["rijen"]] == [
        ("Beschut werk", "0", 1), ("SW (Wsw)", "1", 1)]  # fmt: skip


def test_the_same_numbers_as_the_kpi_screen_for_the_same_filter(session, w):
    """The GUI shows `kpis()` with a gemeente filter: the report must not differ."""
    scherm = kpis(session, actor=w["lead"], periode=T2, filter=Filter(gemeente_id=w["gemeente"].id))
    k = kpi_dicts(rapport(session, w).as_dict())
    assert set(k) == {u.kpi.code for u in scherm}
    for u in scherm:
        d = u.as_dict()
        for veld in ("waarde", "teller", "noemer", "vorig_jaar", "doel", "definitie"):
            assert k[u.kpi.code][veld] == d[veld], (u.kpi.code, veld)


def test_a_merged_municipality_reports_under_its_successor(session, w):
    via_leerdam = svc.gemeenterapport(session, actor=w["lead"], gemeente_id=w["leerdam"].id,
                                      periode=T2).as_dict()  # fmt: skip
    assert via_leerdam["gemeente"]["naam"] == "Vijfheerenlanden"
    assert kpi_dicts(via_leerdam)["K01"]["noemer"] == 2


def test_caseload_of_the_gemeente(session, w):
    r = rapport(session, w)
    c = r.as_dict()["caseload"]
    assert c["peildatum"] == "2026-08-31"
    tellingen = {t["sleutel"]: t["aantal"] for t in c["tellingen"]}
    assert tellingen["actief"] == 4  # Anna, Bas (Leerdam), Dirk, Eva
    assert "schuldhulp_te_laat" not in tellingen  # no debt data for this team lead
    assert all(t["definitie"] for t in c["tellingen"])
    fase = next(u for u in c["uitsplitsingen"] if u["sleutel"] == "fase")
    assert sum(x["aantal"] for x in fase["rijen"]) == 4
    assert "schuldhulp_te_laat" in {
        t.sleutel for t in rapport(session, w, "sdv").caseload.tellingen
    }


def test_rights(session, w):
    with pytest.raises(ToegangGeweigerd):
        rapport(session, w, "coach")
    assert rapport(session, w, "beheerder").as_dict()["onderdelen"]
    with pytest.raises(NotFoundError):
        svc.gemeenterapport(session, actor=w["lead"], gemeente_id=w["lead"].id, periode=T2)


# --- debt figures only for who may see them ---------------------------------------------------


def test_debt_figures_only_for_a_lead_of_the_debt_team(session, w, tmp_path):
    gewoon = rapport(session, w)
    assert not {"S01", "S02", "S03"} & kpi_dicts(gewoon.as_dict()).keys()
    assert "schuldhulp" not in [s.sleutel for s in gewoon.secties]
    assert gewoon.as_dict()["schuldhulp"] is False
    svc.schrijf_pdf(gewoon, tmp_path / "r.pdf")
    svc.schrijf_xlsx(gewoon, tmp_path / "r.xlsx")
    tekst = pdf_tekst(tmp_path / "r.pdf")
    assert "Schuldhulp" not in tekst and "S01" not in tekst
    wb = load_workbook(tmp_path / "r.xlsx")
    assert "Schuldhulp" not in wb.sheetnames
    assert not any(str(c.value).startswith("S0") for c in wb["Definities"]["A"])

    sdv = rapport(session, w, "sdv")
    k = kpi_dicts(sdv.as_dict())
    assert k["S01"]["waarde"] == "1"  # Eva; Fien is Gorinchem's
    svc.schrijf_pdf(sdv, tmp_path / "s.pdf")
    assert "S01 Schuldhulptrajecten (meldingen)" in pdf_tekst(tmp_path / "s.pdf")
    svc.schrijf_xlsx(sdv, tmp_path / "s.xlsx")
    assert "Schuldhulp" in load_workbook(tmp_path / "s.xlsx").sheetnames


# --- PDF and Excel show the numbers of as_dict() ----------------------------------------------


def pdf_tekst(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def regel_met(tekst: str, begin: str) -> str:
    regels = [r for r in tekst.splitlines() if begin in r]
    assert regels, f"{begin!r} staat niet in de PDF"
    return regels[0]


def test_the_pdf_shows_the_numbers_of_as_dict(session, w, tmp_path):
    svc.bewaar_toelichting(session, actor=w["lead"], gemeente_id=w["gemeente"].id, periode=T2,
                           onderdeel="werk", tekst="Twee plaatsingen; één uitstroom naar werk.",
                           versie=None)  # fmt: skip
    r = rapport(session, w, "sdv")
    data = r.as_dict()
    path = tmp_path / "rapport.pdf"
    svc.schrijf_pdf(r, path)
    tekst = pdf_tekst(path)
    assert "Rapportage aan de gemeente Vijfheerenlanden" in tekst
    assert "2026-T2 (01-05-2026 t/m 31-08-2026)" in tekst
    assert re.search(r"pagina 1 van (\d+)", tekst)
    for o in data["onderdelen"]:
        assert o["titel"] in tekst
        for k in o["kpis"]:
            regel = regel_met(tekst, f"{k['code']} {k['naam']}")
            verwacht = [kort(dec(k["waarde"]), k["eenheid"]),
                        kort(dec(k["vorig_jaar"]), k["eenheid"]),
                        kort(rond(dec(k["doel"]), KPI_CODES[k["code"]].soort), k["eenheid"])
                        if k["doel"] else "geen"]  # fmt: skip
            if k["soort"] == "%":
                verwacht.append(f"{k['teller']} van {k['noemer']}")
            patroon = r"\s+".join(re.escape(v) for v in verwacht)
            assert re.search(patroon, regel), (regel, verwacht)
            assert " ".join(k["definitie"].split()[:6]) in " ".join(tekst.split())
        for b in o["uitsplitsingen"]:
            for x in b["rijen"]:
                waarde = kort(dec(x["waarde"]), b["eenheid"])
                patroon = re.escape(x["naam"]) + r"\s+" + re.escape(waarde)
                if KPI_CODES[b["code"]].soort == Soort.PERCENTAGE:  # with teller and noemer
                    patroon += r"\s+" + re.escape(f"{x['teller']} van {x['noemer']}")
                assert re.search(patroon, tekst), (b["code"], x)
    for t in data["caseload"]["tellingen"]:
        assert re.search(re.escape(t["naam"]) + r"\s+" + str(t["aantal"]) + r"\b", tekst), t
    assert "Twee plaatsingen; één uitstroom naar werk." in tekst
    assert "Lead.a" in tekst  # who wrote it


def test_the_definition_is_next_to_the_value(session, w, tmp_path):
    path = tmp_path / "rapport.pdf"
    svc.schrijf_pdf(rapport(session, w), path)
    tekst = " ".join(pdf_tekst(path).split())
    assert "Het deel van de inwoners met een SW- of beschut-werklabel" in tekst


def test_the_workbook_holds_the_numbers_of_as_dict_as_numbers(session, w, tmp_path):
    r = rapport(session, w, "sdv")
    data = r.as_dict()
    path = tmp_path / "rapport.xlsx"
    svc.schrijf_xlsx(r, path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Overzicht", "Ontwikkeling", "Plaatsingen en uitstroom",
                             "Schuldhulp", "Caseload", "Definities"]  # fmt: skip
    for o in data["onderdelen"]:
        ws = next(wb[n] for n in wb.sheetnames if wb[n]["A1"].value == o["titel"])
        rijen = {row[0].value: row for row in ws.iter_rows() if row[0].value}
        for k in o["kpis"]:
            _code, naam, waarde, eenheid, teller, noemer, vorig, doel, definitie = (
                c.value for c in rijen[k["code"]][:9]
            )
            assert (naam, eenheid, definitie) == (k["naam"], k["eenheid"], k["definitie"])
            assert (waarde, teller, noemer, vorig, doel) == (
                num(k["waarde"]), num(k["teller"]), k["noemer"], num(k["vorig_jaar"]),
                num(k["doel"]))  # fmt: skip
            for cel in (rijen[k["code"]][i] for i in (2, 4, 5, 6, 7)):
                assert cel.value is None or isinstance(cel.value, int | float), cel
            cel = rijen[k["code"]][2]
            if k["waarde"] and "." in k["waarde"]:
                assert cel.number_format == "#,##0.0"
        for b in o["uitsplitsingen"]:
            titel = next(
                i
                for i, row in enumerate(ws.iter_rows(values_only=True))
                if row[0] == f"{b['code']} {b['naam']} naar {b['dimensie_naam'].lower()}"
            )
            gelezen = []
            for row in list(ws.iter_rows(values_only=True))[titel + 2 :]:
                if not row[0]:
                    break
                gelezen.append((row[0], row[2], row[4], row[5]))
            assert gelezen == [(x["naam"], num(x["waarde"]), num(x["teller"]), x["noemer"])
                               for x in b["rijen"]]  # fmt: skip
    caseload = {row[0]: row[1] for row in wb["Caseload"].iter_rows(values_only=True) if row[0]}
    for t in data["caseload"]["tellingen"]:
        assert caseload[t["naam"]] == t["aantal"]
    definities = {row[0]: row[4] for row in wb["Definities"].iter_rows(values_only=True)}
    for k in kpi_dicts(data).values():
        assert definities[k["code"]] == k["definitie"]
    overzicht = {row[0]: row[1] for row in wb["Overzicht"].iter_rows(values_only=True)}
    assert (overzicht["Periode"], overzicht["Van"].date(), overzicht["Tot en met"].date()) == (
        "2026-T2",
        date(2026, 5, 1),
        date(2026, 8, 31),
    )


# --- explanations -----------------------------------------------------------------------------


def bewaar(session, w, wie="lead", onderdeel="algemeen", tekst="Goed kwartaal.", versie=None):
    return svc.bewaar_toelichting(session, actor=w[wie], gemeente_id=w["gemeente"].id,
                                  periode=T2, onderdeel=onderdeel, tekst=tekst,
                                  versie=versie)  # fmt: skip


def test_a_team_lead_writes_and_changes_an_explanation(session, w):
    t = bewaar(session, w, tekst="  Meer uitstroom dan vorig jaar.\r\n\r\nZie de grafiek.   \n")
    assert t.tekst == "Meer uitstroom dan vorig jaar.\n\nZie de grafiek."
    assert t.door == "Lead.a" and t.gewijzigd_op is not None
    r = rapport(session, w)
    assert r.toelichting.tekst == t.tekst
    assert r.as_dict()["toelichting"]["tekst"] == t.tekst
    nieuw = bewaar(session, w, tekst="Bijgewerkt.", versie=t.versie)
    assert nieuw.versie == t.versie + 1
    with pytest.raises(ConflictError):
        bewaar(session, w, tekst="Van een oude versie.", versie=t.versie)
    with pytest.raises(ConflictError):  # someone else wrote one while the field was empty
        bewaar(session, w, tekst="Ook nieuw.", versie=None)
    # Another period or section is another text; an empty text removes it.
    assert svc.toelichtingen(session, actor=w["beheerder"], gemeente_id=w["gemeente"].id,
                             periode=periode("2026-T3")) == {}  # fmt: skip
    assert bewaar(session, w, tekst="   ", versie=nieuw.versie) is None
    assert session.query(Rapporttoelichting).count() == 0


def test_a_section_explanation_appears_in_its_section(session, w):
    bewaar(session, w, onderdeel="werk", tekst="Twee plaatsingen.")
    r = rapport(session, w)
    assert {s.sleutel: (s.toelichting.tekst if s.toelichting else None) for s in r.secties} == {
        "ontwikkeling": None,
        "werk": "Twee plaatsingen.",
    }
    bewaar(session, w, onderdeel="caseload", tekst="Stabiel.")
    assert rapport(session, w).caseload.toelichting.tekst == "Stabiel."


def test_explanation_refusals(session, w):
    with pytest.raises(ValidationError) as fout:
        bewaar(session, w, tekst="x" * 2001)
    assert fout.value.field == "tekst" and "2.000" in fout.value.message
    assert bewaar(session, w, tekst="x" * 2000 + "   ").tekst == "x" * 2000
    with pytest.raises(ToegangGeweigerd) as fout:
        bewaar(session, w, "beheerder", onderdeel="werk")
    assert "Alleen een teamleider" in fout.value.message
    with pytest.raises(ToegangGeweigerd):
        bewaar(session, w, "coach", onderdeel="werk")
    with pytest.raises(ValidationError) as fout:
        bewaar(session, w, onderdeel="voorwoord")
    assert fout.value.field == "onderdeel"
    with pytest.raises(ToegangGeweigerd) as fout:  # no debt data, so no debt explanation
        bewaar(session, w, onderdeel="schuldhulp")
    assert "schuldhulp" in fout.value.message
    assert bewaar(session, w, "sdv", onderdeel="schuldhulp", tekst="Eén melding.").tekst


def test_the_debt_explanation_is_hidden_from_who_may_not_see_debt_data(session, w):
    bewaar(session, w, "sdv", onderdeel="schuldhulp", tekst="Eén melding.")
    lezen = {"gemeente_id": w["gemeente"].id, "periode": T2}
    assert "schuldhulp" in svc.toelichtingen(session, actor=w["sdv"], **lezen)
    assert "schuldhulp" not in svc.toelichtingen(session, actor=w["lead"], **lezen)
    assert "schuldhulp" not in svc.toelichtingen(session, actor=w["beheerder"], **lezen)
    with pytest.raises(ToegangGeweigerd):
        svc.toelichtingen(session, actor=w["coach"], **lezen)


def test_files_are_written_atomically(session, w, tmp_path, monkeypatch):
    r = rapport(session, w)
    path = tmp_path / "rapport.pdf"
    path.write_bytes(b"oud")

    def kapot(_rapport):
        raise RuntimeError("stuk")

    monkeypatch.setattr(svc, "pdf_bytes", kapot)
    with pytest.raises(RuntimeError):
        svc.schrijf_pdf(r, path)
    assert path.read_bytes() == b"oud"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.pdf"]


def test_from_a_demo_database_the_report_says_demo(session, w, tmp_path):
    gewoon = rapport(session, w)
    assert gewoon.as_dict()["demo"] is False
    svc.schrijf_xlsx(gewoon, tmp_path / "gewoon.xlsx")
    assert load_workbook(tmp_path / "gewoon.xlsx")["Overzicht"]["A2"].value is None
    markeer_als_demo(session, TODAY)
    r = rapport(session, w)
    assert r.as_dict()["demo"] is True
    path = tmp_path / "rapport.pdf"
    svc.schrijf_pdf(r, path)
    assert DEMO_REGEL in pdf_tekst(path)
    svc.schrijf_xlsx(r, tmp_path / "rapport.xlsx")
    wb = load_workbook(tmp_path / "rapport.xlsx")
    assert all(wb[naam]["A2"].value == DEMO_REGEL for naam in wb.sheetnames)  # every sheet
