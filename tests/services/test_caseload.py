"""The caseload overview on a small constructed caseload whose every number is known by hand,
at the three levels and for each role, with the inwoners behind every number.

Peildatum TODAY (Monday 23 November 2026). Team Linge: Anna and Bart (jobcoaches) and their
lead; team Schulddienstverlening: Cees (consulent) and the debt team's lead.

Anna (15, Gorinchem): B01–B13 beschut werk (B01 also statushouder), no trajectory — 13 BSW, one
over the norm of 12; Evi in development since exactly 24 months with her evaluation due
yesterday; Iris in intake without an IOP, her SW label ended yesterday.
Bart (3): Karel SW (paid by Leerdam, merged into Vijfheerenlanden), his debt counsellor Cees
missed the eerste gesprek; Noor work-ready since exactly 6 months (Vijfheerenlanden), her
jongere label starts today; Piet in development since 2024 but extended until today.
Cees (1): Sanne, her melding a week ago (eerste gesprek not yet due).
Not counted: Otto (Bart, beschut werk, dossier closed) and Unas (no regievoerder).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from app.models import InwonerLabel, Label, Ontwikkelplan, Ontwikkelstadium, Rol
from app.services import instellingen as inst
from app.services import inwoners
from app.services.caseload import (
    DOELGROEPEN,
    FASEN,
    GEEN_LABEL,
    GEEN_STADIUM,
    GEEN_TRAJECT,
    KOLOMMEN,
    STADIA,
    ZONDER_TEAM,
    Niveau,
    caseload,
    caseload_inwoners,
    laatste_start,
)
from app.services.errors import NotFoundError, ToegangGeweigerd, ValidationError
from app.services.normen import grens
from tests.conftest import TODAY, gemeente_by_name, maak_medewerker, maak_team, make_bsn
from tests.services import schuldhulp_helpers as sh
from tests.services import traject_helpers as h
from tests.services.iop_helpers import concept, vaststellen

DAG = timedelta(days=1)
BSW, SW = Label.BSW_NIEUW_BESCHUT, Label.SW_WSW
ONTW = Ontwikkelstadium.ONTWIKKELPOTENTIEEL.value
KLEIN = Ontwikkelstadium.KLEINE_AFSTAND.value


@pytest.fixture
def w(session):
    team_a, team_s = maak_team(session, "Team Linge"), sh.sdv_team(session)
    anna = maak_medewerker(session, "anna", [Rol.JOBCOACH], team=team_a)
    bart = maak_medewerker(session, "bart", [Rol.JOBCOACH], team=team_a)
    lead_a = maak_medewerker(session, "lead.a", [Rol.TEAMLEIDER], team=team_a)
    cees = sh.consulent(session, team_s, "cees")
    lead_s = maak_medewerker(session, "lead.s", [Rol.TEAMLEIDER], team=team_s)
    fb = maak_medewerker(session, "beheer", [Rol.FUNCTIONEEL_BEHEERDER])
    gorinchem, leerdam = (
        gemeente_by_name(session, "Gorinchem"),
        gemeente_by_name(session, "Leerdam"),
    )
    vijfheerenlanden = gemeente_by_name(session, "Vijfheerenlanden")
    nummer = itertools.count(300, 3)  # make_bsn may step to the next number

    def inwoner(naam, coach, gemeente=gorinchem):
        data = inwoners.InwonerGegevens(
            bsn=make_bsn(next(nummer)), voornamen=naam, achternaam="Caseload",
            geboortedatum=date(1985, 1, 1), woongemeente_id=gemeente.id,
            betaalgemeente_id=gemeente.id, regievoerder_id=coach.id if coach else None)  # fmt: skip
        return inwoners.create_inwoner(session, actor=coach or fb, gegevens=data, today=TODAY)

    def label(wie, soort, van=date(2026, 1, 1), tot=None):
        session.add(InwonerLabel(inwoner_id=wie.id, label=soort, geldig_van=van, geldig_tot=tot))

    x = {"team_a": team_a, "team_s": team_s, "anna": anna, "bart": bart, "lead_a": lead_a,
         "cees": cees, "lead_s": lead_s, "fb": fb, "gorinchem": gorinchem, "leerdam": leerdam,
         "vijfheerenlanden": vijfheerenlanden}  # fmt: skip
    x["bsw"] = [inwoner(f"B{i:02d}", anna) for i in range(1, 14)]
    for b in x["bsw"]:
        label(b, BSW)
    label(x["bsw"][0], Label.STATUSHOUDER)

    x["evi"] = inwoner("Evi", anna)
    evi = h.in_ontwikkeling(session, anna, x["evi"])
    evi.ontwikkeling_sinds = date(2024, 11, 23)
    plan = session.scalar(select(Ontwikkelplan).where(Ontwikkelplan.inwoner_id == x["evi"].id))
    plan.volgende_evaluatie = TODAY - DAG

    x["iris"] = inwoner("Iris", anna)
    h.in_intake(session, anna, x["iris"])
    label(x["iris"], SW, date(2020, 1, 1), TODAY - DAG)

    x["karel"] = inwoner("Karel", bart, leerdam)
    label(x["karel"], SW, date(2015, 1, 1))
    x["schuld_karel"] = sh.gemeld(session, cees, x["karel"])  # eerste gesprek due 29 September

    x["noor"] = inwoner("Noor", bart, vijfheerenlanden)
    noor = h.stadium(session, bart, x["noor"], Ontwikkelstadium.KLEINE_AFSTAND)
    noor.werkfit_sinds = date(2026, 5, 23)
    vaststellen(session, bart, concept(session, bart, x["noor"]))
    label(x["noor"], Label.JONGERE_15_27, TODAY)

    x["piet"] = inwoner("Piet", bart)
    piet = h.in_ontwikkeling(session, bart, x["piet"])
    piet.ontwikkeling_sinds, piet.verlengd_tot = date(2024, 1, 1), TODAY

    x["otto"] = inwoner("Otto", bart)
    label(x["otto"], BSW)
    x["otto"].dossier_gesloten_op = date(2026, 10, 1)

    x["sanne"] = inwoner("Sanne", cees)
    sh.gemeld(session, cees, x["sanne"], melding_datum=date(2026, 11, 16))
    x["unas"] = inwoner("Unas", None)
    session.flush()
    return x


def cijfers(rij) -> dict:
    """A row as its dict with only the non-zero entries of the breakdowns."""
    data = rij.as_dict()
    assert list(data["fase"]) == list(FASEN)
    assert list(data["ontwikkelstadium"]) == list(STADIA)
    assert list(data["doelgroep"]) == list(DOELGROEPEN)
    for key in ("fase", "ontwikkelstadium", "doelgroep"):
        data[key] = {k: v for k, v in data[key].items() if v}
    return data


def rij(naam, sleutel, coaches, actief, fase, stadium, doelgroep, overbelast=0, zonder_iop=0,
        evaluatie=0, norm=0, **extra) -> dict:  # fmt: skip
    return {"sleutel": None if sleutel is None else str(sleutel), "naam": naam,
            "coaches": coaches, "actief": actief, "fase": fase, "ontwikkelstadium": stadium,
            "doelgroep": doelgroep, "sw": doelgroep.get("SW_WSW", 0),
            "bsw": doelgroep.get("BSW_NIEUW_BESCHUT", 0), "overbelast": overbelast,
            "zonder_iop": zonder_iop, "evaluatie_te_laat": evaluatie, "norm_overschreden": norm,
            **extra}  # fmt: skip


def anna(w, **extra):
    return rij("Anna", w["anna"].id, 1, 15, {"INTAKE": 1, "ONTWIKKELING": 1, GEEN_TRAJECT: 13},
               {ONTW: 1, GEEN_STADIUM: 14},
               {"BSW_NIEUW_BESCHUT": 13, "STATUSHOUDER": 1, GEEN_LABEL: 2},
               overbelast=1, zonder_iop=1, evaluatie=1, norm=1, **extra)  # fmt: skip


def bart(w, **extra):
    return rij("Bart", w["bart"].id, 1, 3,
               {"ZELFSTANDIG_ZOEKEN": 1, "ONTWIKKELING": 1, GEEN_TRAJECT: 1},
               {KLEIN: 1, ONTW: 1, GEEN_STADIUM: 1},
               {"SW_WSW": 1, "JONGERE_15_27": 1, GEEN_LABEL: 1}, norm=1, **extra)  # fmt: skip


def cees(w, **extra):
    return rij("Cees", w["cees"].id, 1, 1, {GEEN_TRAJECT: 1}, {GEEN_STADIUM: 1},
               {GEEN_LABEL: 1}, **extra)  # fmt: skip


ALLES_TOTAAL = dict(
    fase={"INTAKE": 1, "ZELFSTANDIG_ZOEKEN": 1, "ONTWIKKELING": 2, GEEN_TRAJECT: 15},
    stadium={KLEIN: 1, ONTW: 2, GEEN_STADIUM: 16},
    doelgroep={"SW_WSW": 1, "BSW_NIEUW_BESCHUT": 13, "STATUSHOUDER": 1, "JONGERE_15_27": 1,
               GEEN_LABEL: 4},
)  # fmt: skip


def alles_totaal(**extra):
    return rij("Totaal", None, 3, 19, **ALLES_TOTAAL, overbelast=1, zonder_iop=1, evaluatie=1,
               norm=2, **extra)  # fmt: skip


def test_coach_level_for_the_functioneel_beheerder(session, w):
    o = caseload(session, actor=w["fb"], niveau=Niveau.COACH, peildatum=TODAY)
    assert [cijfers(r) for r in o.rijen] == [anna(w), bart(w), cees(w)]
    assert cijfers(o.totaal) == alles_totaal()
    # A functioneel beheerder may not read debt data: no column at all.
    assert not o.schuldhulp and o.totaal.schuldhulp_te_laat is None
    assert "schuldhulp_te_laat" not in o.as_dict()["definities"]
    assert (o.norm.bsw_van, o.norm.bsw_tot, o.norm.sw_van, o.norm.sw_tot) == (10, 12, 40, 50)


def test_team_level(session, w):
    o = caseload(session, actor=w["fb"], niveau="TEAM", peildatum=TODAY)
    linge = rij("Team Linge", w["team_a"].id, 2, 18,
                {"INTAKE": 1, "ZELFSTANDIG_ZOEKEN": 1, "ONTWIKKELING": 2, GEEN_TRAJECT: 14},
                {KLEIN: 1, ONTW: 2, GEEN_STADIUM: 15},
                {"SW_WSW": 1, "BSW_NIEUW_BESCHUT": 13, "STATUSHOUDER": 1, "JONGERE_15_27": 1,
                 GEEN_LABEL: 3}, overbelast=1, zonder_iop=1, evaluatie=1, norm=2)  # fmt: skip
    sdv = {**cees(w), "naam": "Schulddienstverlening", "sleutel": str(w["team_s"].id)}
    assert [cijfers(r) for r in o.rijen] == [sdv, linge]
    assert cijfers(o.totaal) == alles_totaal()


def test_coaches_without_a_team_are_the_last_team_row(session, w):
    w["sanne"].regievoerder_id = w["fb"].id
    session.flush()
    o = caseload(session, actor=w["fb"], niveau=Niveau.TEAM, peildatum=TODAY)
    assert [(r.sleutel, r.naam, r.actief) for r in o.rijen] == [
        (w["team_a"].id, "Team Linge", 18), (ZONDER_TEAM, "Zonder team", 1)]  # fmt: skip
    assert o.rij(ZONDER_TEAM).as_dict()["sleutel"] == "ZONDER_TEAM" and o.rij(w["anna"].id) is None
    assert caseload_inwoners(
        session,
        actor=w["fb"],
        niveau=Niveau.TEAM,
        sleutel=ZONDER_TEAM,
        kolom="actief",
        peildatum=TODAY,
    ) == [w["sanne"].id]
    lijst_gelijk_aan_telling(session, w["fb"], o)


def test_gemeente_level_counts_a_merged_municipality_under_todays(session, w):
    o = caseload(session, actor=w["fb"], niveau=Niveau.GEMEENTE, peildatum=TODAY)
    gorinchem = rij("Gorinchem", w["gorinchem"].id, 3, 17,
                    {"INTAKE": 1, "ONTWIKKELING": 2, GEEN_TRAJECT: 14},
                    {ONTW: 2, GEEN_STADIUM: 15},
                    {"BSW_NIEUW_BESCHUT": 13, "STATUSHOUDER": 1, GEEN_LABEL: 4},
                    overbelast=1, zonder_iop=1, evaluatie=1, norm=1)  # fmt: skip
    # Karel is paid by Leerdam, Noor by Vijfheerenlanden: one row, no row for Leerdam.
    vijfheerenlanden = rij("Vijfheerenlanden", w["vijfheerenlanden"].id, 1, 2,
                           {"ZELFSTANDIG_ZOEKEN": 1, GEEN_TRAJECT: 1},
                           {KLEIN: 1, GEEN_STADIUM: 1}, {"SW_WSW": 1, "JONGERE_15_27": 1},
                           norm=1)  # fmt: skip
    assert [cijfers(r) for r in o.rijen] == [gorinchem, vijfheerenlanden]
    # Bart has inwoners in both municipalities: the totals count each coach once.
    assert cijfers(o.totaal) == alles_totaal()


def test_a_team_lead_sees_only_the_own_team_and_no_debt_data(session, w):
    o = caseload(session, actor=w["lead_a"], niveau=Niveau.COACH, peildatum=TODAY)
    assert [cijfers(r) for r in o.rijen] == [anna(w), bart(w)]
    assert cijfers(o.totaal)["actief"] == 18
    data = o.as_dict()
    assert "schuldhulp_te_laat" not in data["totaal"] and "schuldhulp_te_laat" not in data[
        "definities"]  # fmt: skip
    assert all("schuldhulp_te_laat" not in r for r in data["rijen"])
    with pytest.raises(ToegangGeweigerd):
        caseload_inwoners(session, actor=w["lead_a"], niveau=Niveau.COACH, sleutel=None,
                          kolom="schuldhulp_te_laat", peildatum=TODAY)  # fmt: skip


def test_the_debt_team_lead_sees_the_late_deadline_at_every_level(session, w):
    """The debt team's lead sees their own coaches: Cees (Sanne's regievoerder), with Karel's
    missed eerste gesprek (Karel is in debt help with Cees; his regievoerder Bart is in Team
    Linge, whose overview he stays in). It counts at Cees, his team and Vijfheerenlanden."""
    lead = w["lead_s"]
    o = caseload(session, actor=lead, niveau=Niveau.COACH, peildatum=TODAY)
    assert [cijfers(r) for r in o.rijen] == [cees(w, schuldhulp_te_laat=1)]
    assert cijfers(o.totaal) == rij("Totaal", None, 1, 1, {GEEN_TRAJECT: 1}, {GEEN_STADIUM: 1},
                                    {GEEN_LABEL: 1}, schuldhulp_te_laat=1)  # fmt: skip
    assert "schuldhulp_te_laat" in o.as_dict()["definities"]

    o = caseload(session, actor=lead, niveau=Niveau.TEAM, peildatum=TODAY)
    assert [(r.naam, r.actief, r.schuldhulp_te_laat) for r in o.rijen] == [
        ("Schulddienstverlening", 1, 1)]  # fmt: skip
    o = caseload(session, actor=lead, niveau=Niveau.GEMEENTE, peildatum=TODAY)
    assert [(r.naam, r.actief, r.sw, r.schuldhulp_te_laat) for r in o.rijen] == [
        ("Gorinchem", 1, 0, 0), ("Vijfheerenlanden", 0, 0, 1)]  # fmt: skip
    assert caseload_inwoners(
        session,
        actor=lead,
        niveau=Niveau.COACH,
        sleutel=w["cees"].id,
        kolom="schuldhulp_te_laat",
        peildatum=TODAY,
    ) == [w["karel"].id]
    # Some weeks earlier nothing was late yet.
    eerder = caseload(session, actor=lead, niveau=Niveau.COACH, peildatum=date(2026, 9, 29))
    assert eerder.totaal.schuldhulp_te_laat == 0


def test_consulent_with_late_deadlines_but_no_caseload_is_a_row(session, w):
    """A counsellor who is nobody's regievoerder still appears, with the late deadlines."""
    w["sanne"].regievoerder_id = w["lead_s"].id
    session.flush()
    o = caseload(session, actor=w["lead_s"], niveau=Niveau.COACH, peildatum=TODAY)
    assert [(r.naam, r.coaches, r.actief, r.schuldhulp_te_laat) for r in o.rijen] == [
        ("Cees", 0, 0, 1), ("Lead.s", 1, 1, 0)]  # fmt: skip


def test_refusals_and_bad_input(session, w):
    for actor in (w["anna"], w["cees"]):
        with pytest.raises(ToegangGeweigerd):
            caseload(session, actor=actor, niveau=Niveau.COACH, peildatum=TODAY)
        with pytest.raises(ToegangGeweigerd):
            caseload_inwoners(session, actor=actor, niveau=Niveau.COACH, sleutel=None,
                              kolom="actief", peildatum=TODAY)  # fmt: skip
    fb = w["fb"]
    with pytest.raises(ValidationError, match="coach, team of gemeente"):
        caseload(session, actor=fb, niveau="REGIO")
    with pytest.raises(NotFoundError):
        caseload(session, actor=fb, niveau=Niveau.TEAM, team_id=w["anna"].id)
    with pytest.raises(NotFoundError):
        caseload(session, actor=fb, niveau=Niveau.TEAM, gemeente_id=w["anna"].id)
    with pytest.raises(ValidationError, match="Onbekende kolom"):
        caseload_inwoners(session, actor=fb, niveau=Niveau.COACH, sleutel=None, kolom="bsn")
    with pytest.raises(ValidationError, match="Kies bij fase"):
        caseload_inwoners(session, actor=fb, niveau=Niveau.COACH, sleutel=None, kolom="fase",
                          waarde="AFGESLOTEN")  # fmt: skip
    with pytest.raises(ValidationError, match="Onbekende regel"):
        caseload_inwoners(session, actor=fb, niveau=Niveau.COACH, sleutel="x", kolom="actief")


def lijst_gelijk_aan_telling(session, actor, o, **filters):
    """Every number of every row (and the totals) against the length of its list."""
    aantal = 0
    for r in (*o.rijen, o.totaal):
        for kolom in KOLOMMEN:
            if kolom == "schuldhulp_te_laat" and not o.schuldhulp:
                continue
            if kolom in ("fase", "ontwikkelstadium", "doelgroep"):
                paren = getattr(r, kolom).items()
            else:
                paren = [(None, getattr(r, kolom))]
            for waarde, getal in paren:
                ids = caseload_inwoners(session, actor=actor, niveau=o.niveau, sleutel=r.sleutel,
                                        kolom=kolom, waarde=waarde, peildatum=o.peildatum,
                                        **filters)  # fmt: skip
                assert len(ids) == len(set(ids)) == getal, (r.naam, kolom, waarde)
                aantal += 1
    return aantal


@pytest.mark.parametrize("rol", ["fb", "lead_s"])
@pytest.mark.parametrize("niveau", list(Niveau))
def test_every_number_has_its_list(session, w, rol, niveau):
    o = caseload(session, actor=w[rol], niveau=niveau, peildatum=TODAY)
    assert lijst_gelijk_aan_telling(session, w[rol], o) > 100


def test_the_lists_behind_some_numbers(session, w):
    def lijst(sleutel, kolom, waarde=None, niveau=Niveau.COACH, **kw):
        return caseload_inwoners(session, actor=w["fb"], niveau=niveau, sleutel=sleutel,
                                 kolom=kolom, waarde=waarde, peildatum=TODAY, **kw)  # fmt: skip

    a = w["anna"].id
    assert lijst(a, "zonder_iop") == [w["iris"].id]
    assert lijst(a, "evaluatie_te_laat") == [w["evi"].id]
    assert lijst(None, "norm_overschreden") == [w["evi"].id, w["noor"].id]
    assert lijst(a, "bsw") == [b.id for b in w["bsw"]]  # name order: B01 … B13
    assert lijst(a, "fase", "MATCHING") == []
    assert lijst(None, "doelgroep", GEEN_LABEL) == [w["evi"].id, w["iris"].id, w["piet"].id,
                                                    w["sanne"].id]  # fmt: skip
    assert lijst(w["vijfheerenlanden"].id, "actief", niveau=Niveau.GEMEENTE) == [
        w["karel"].id, w["noor"].id]  # fmt: skip
    assert lijst(str(w["vijfheerenlanden"].id), "sw", niveau=Niveau.GEMEENTE) == [w["karel"].id]
    # The closed dossier and the unassigned inwoner are behind no number.
    alle = lijst(None, "actief")
    assert len(alle) == 19 and w["otto"].id not in alle and w["unas"].id not in alle


def test_filters_by_team_and_todays_municipality(session, w):
    fb = w["fb"]
    o = caseload(session, actor=fb, niveau=Niveau.COACH, peildatum=TODAY, team_id=w["team_s"].id)
    assert [cijfers(r) for r in o.rijen] == [cees(w)]
    # Leerdam is Vijfheerenlanden today: both filters give Karel and Noor.
    for gemeente in ("vijfheerenlanden", "leerdam"):
        o = caseload(session, actor=fb, niveau=Niveau.COACH, peildatum=TODAY,
                     gemeente_id=w[gemeente].id)  # fmt: skip
        assert [(r.naam, r.actief, r.sw, r.norm_overschreden) for r in o.rijen] == [
            ("Bart", 2, 1, 1)]  # fmt: skip
        assert o.as_dict()["gemeente_id"] == str(w[gemeente].id)
        lijst_gelijk_aan_telling(session, fb, o, gemeente_id=w[gemeente].id)
    o = caseload(session, actor=w["lead_s"], niveau=Niveau.TEAM, peildatum=TODAY,
                 team_id=w["team_s"].id)  # fmt: skip
    assert [(r.naam, r.actief, r.schuldhulp_te_laat) for r in o.rijen] == [
        ("Schulddienstverlening", 1, 1)]  # fmt: skip
    lijst_gelijk_aan_telling(session, w["lead_s"], o, team_id=w["team_s"].id)


def test_overload_is_above_the_upper_bound_of_the_norm(session, w):
    inst.zet_instelling(session, actor=w["fb"], sleutel=inst.CASELOAD_BSW, waarde=13)
    o = caseload(session, actor=w["fb"], niveau=Niveau.COACH, peildatum=TODAY)
    assert o.rijen[0].bsw == 13 and o.rijen[0].overbelast == 0 and o.totaal.overbelast == 0
    assert o.as_dict()["norm"] == {"bsw_van": 10, "bsw_tot": 13, "sw_van": 40, "sw_tot": 50}
    assert "meer dan 13 beschut werkers" in o.definities["overbelast"]
    inst.zet_instelling(session, actor=w["fb"], sleutel=inst.CASELOAD_BSW, waarde=8)
    o = caseload(session, actor=w["fb"], niveau=Niveau.TEAM, peildatum=TODAY)
    assert o.norm.bsw_van == 8 and o.rijen[1].overbelast == 1


def test_the_peildatum_decides_labels_and_what_is_past(session, w):
    def op(peil):
        o = caseload(session, actor=w["fb"], niveau=Niveau.COACH, peildatum=peil)
        a, b, _c = o.rijen
        return (a.sw, a.evaluatie_te_laat, a.norm_overschreden, b.doelgroep["JONGERE_15_27"],
                b.norm_overschreden)  # fmt: skip

    # The day before: Iris's SW label still holds, Noor's jongere label not yet; Evi's
    # evaluation is due that day and her 24 months, like Noor's 6, are reached only on TODAY.
    assert op(TODAY - DAG) == (1, 0, 0, 0, 0)
    assert op(TODAY) == (0, 1, 1, 1, 1)
    # The day after: Piet's extension until TODAY has run out.
    assert op(TODAY + DAG) == (0, 1, 1, 1, 2)


def test_json_and_csv(session, w):
    o = caseload(session, actor=w["lead_s"], niveau=Niveau.COACH, peildatum=TODAY)
    data = json.loads(json.dumps(o.as_dict()))
    assert data["niveau"] == "COACH" and data["peildatum"] == "2026-11-23"
    assert data["norm"]["bsw_tot"] == 12 and data["labels"][GEEN_TRAJECT] == "Geen lopend traject"
    assert data["rijen"][0]["sleutel"] == str(w["cees"].id)
    assert data["totaal"]["sleutel"] is None and data["totaal"]["schuldhulp_te_laat"] == 1
    uit = io.StringIO()
    writer = csv.DictWriter(uit, fieldnames=o.kolommen())
    writer.writeheader()
    writer.writerows(o.regels())
    lines = list(csv.DictReader(io.StringIO(uit.getvalue())))
    assert [r["naam"] for r in lines] == ["Cees", "Totaal"]
    assert lines[1]["sleutel"] == "" and lines[1]["fase_GEEN_TRAJECT"] == "1"
    assert lines[0]["doelgroep_GEEN_LABEL"] == "1" and lines[0]["fase_MATCHING"] == "0"
    assert lines[0]["schuldhulp_te_laat"] == "1"
    assert "schuldhulp_te_laat" not in caseload(session, actor=w["fb"], niveau=Niveau.COACH,
                                                peildatum=TODAY).kolommen()  # fmt: skip


@pytest.mark.parametrize("peil, maanden, start", [
    (date(2026, 11, 23), 6, date(2026, 5, 23)),
    (date(2026, 2, 28), 6, date(2025, 8, 31)),  # 31 August + 6 months = 28 February
    (date(2026, 3, 31), 1, date(2026, 2, 28)),
    (date(2024, 2, 29), 12, date(2023, 2, 28)),
    (date(2026, 3, 1), 1, date(2026, 2, 1)),
])  # fmt: skip
def test_the_last_start_of_a_reached_norm(peil, maanden, start):
    assert laatste_start(peil, maanden) == start


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
       st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
       st.integers(min_value=1, max_value=60))  # fmt: skip
def test_the_sql_threshold_is_exactly_the_norm(start, peil, maanden):
    """`start <= laatste_start(peil, n)` in SQL flags exactly what `normen` flags."""
    assert (start <= laatste_start(peil, maanden)) == (peil >= grens(start, maanden))
