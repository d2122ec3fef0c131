"""Ontwikkelplannen move in and out with their goals and agreements: each plan finds its
inwoner by the inwoner's source key, is checked with the plan service's rules and those of its
lifecycle (in the files and together with Koers), keeps its own key against duplicates, and an
export imports back as the same plans. A functioneel beheerder runs it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.models import (
    AuditActie,
    AuditRecord,
    Bronsleutel,
    DoelStatus,
    Intensiteit,
    Ontwikkeldoel,
    Ontwikkelplan,
    Partij,
    PlanStatus,
    PlanType,
    Setting,
)
from app.services import inwoner_import
from app.services import ontwikkelplannen as svc
from app.services import plan_import as pi
from app.services.errors import ConflictError, ToegangGeweigerd, ValidationError
from app.services.koppeling import Koppeling
from tests.conftest import TODAY, make_bsn
from tests.services import iop_helpers

pytestmark = pytest.mark.database
REGIME = {"begeleider": "Jobcoach", "intensiteit": "HOOGFREQUENT",
          "contactfrequentie": "1 keer per week", "setting": "INTERN"}  # fmt: skip


@pytest.fixture
def inwoners(session, actor, tmp_path):
    """Two inwoners imported with source keys K-1 and K-2."""
    pad = tmp_path / "inwoners.csv"
    kop = "sleutel;" + ";".join(inwoner_import.KOLOMMEN)
    rijen = [f"K-{n};{make_bsn(n * 11)};Noor;;Bakker;01-02-1980;;;;;Gorinchem;;" for n in (1, 2)]
    pad.write_text("\n".join([kop, *rijen]) + "\n", encoding="utf-8")
    result = inwoner_import.import_inwoners(session, actor=actor, path=pad, dry_run=False,
                                            regievoerder=actor, today=TODAY)  # fmt: skip
    assert result.fouten == []


def regel(formaat, standaard: dict, velden: dict) -> str:
    waarden = {**standaard, **velden}
    return ";".join(waarden.get(naam, "") for naam in formaat.namen)


def plan(**velden) -> str:
    standaard = {"sleutel": "P-1", "inwoner": "K-1", "type": "IOP", "planversie": "1",
                 "status": "CONCEPT"}  # fmt: skip
    return regel(pi.PLANNEN, standaard, velden)


def vastgesteld(op="01-03-2026", **velden) -> str:
    """A complete plan, vastgesteld and signed on `op` (its goal and agreement are in the
    other files)."""
    return plan(**{"status": "VASTGESTELD", "ontwikkelpotentieel": "Kan doorgroeien",
                   "vastgesteld_op": op, "ondertekend_inwoner_op": op, "ondertekend_coach_op": op,
                   "volgende_evaluatie": "01-09-2026", **REGIME, **velden})  # fmt: skip


def doel(**velden) -> str:
    standaard = {"plan": "P-1", "volgnummer": "1", "omschrijving": "Op tijd beginnen",
                 "streefdatum": "01-03-2027"}  # fmt: skip
    return regel(pi.DOELEN, standaard, velden)


def afspraak(**velden) -> str:
    standaard = {"plan": "P-1", "volgnummer": "1", "omschrijving": "Meldt zich af bij ziekte",
                 "partij": "INWONER", "verplichting": "ja"}  # fmt: skip
    return regel(pi.AFSPRAKEN, standaard, velden)


def bestanden(tmp_path, plannen, doelen=None, afspraken=None) -> dict:
    """The files, named after their layout, in tmp_path/in; None: that file is not given."""
    map = tmp_path / "in"
    map.mkdir(exist_ok=True)
    paden = {}
    for formaat, rijen in zip(pi.FORMATEN, (plannen, doelen, afspraken), strict=True):
        if rijen is not None:
            paden[formaat.entiteit] = pad = map / f"{formaat.entiteit}.csv"
            pad.write_text("\n".join([";".join(formaat.namen), *rijen]) + "\n", encoding="utf-8")
    return paden


def run(session, actor, paden, **kwargs):
    kwargs.setdefault("dry_run", False)
    return pi.import_plannen(session, actor=actor, plannen=paden["ontwikkelplannen"],
                             doelen=paden.get("doelen"), afspraken=paden.get("afspraken"),
                             today=TODAY, **kwargs)  # fmt: skip


def count(session, model=Ontwikkelplan) -> int:
    return session.scalar(select(func.count()).select_from(model))


def by_key(session, sleutel) -> Ontwikkelplan:
    return session.scalar(select(Ontwikkelplan).join(
        Bronsleutel, Bronsleutel.record_id == Ontwikkelplan.id).where(
        Bronsleutel.entiteit == pi.ENTITEIT, Bronsleutel.sleutel == sleutel))  # fmt: skip


GELDIG = (
    [
        vastgesteld(sleutel="P-1", status="VERVANGEN", op="01-03-2025", periode_van="01-02-2025",
                    periode_tot="01-03-2026", werkniveau_start="1", werkniveau_doel="2",
                    eigenaar="testcoach"),
        vastgesteld(sleutel="P-2", planversie="2", vorige="P-1", periode_van="01-03-2026",
                    werkniveau_start="2", werkniveau_doel="3", evaluatie_interval_maanden="6",
                    talenten="Handig met gereedschap", agogisch="ja", eigenaar="TestCoach"),
        plan(sleutel="P-3", inwoner="K-2", type="pop", talenten="Rekent snel"),
    ],
    [
        doel(plan="P-1", streefdatum="01-01-2026", status="BEHAALD"),
        doel(plan="P-2", volgnummer="2", omschrijving="Werkt zelfstandig",
             competentie="Zelfstandigheid", instrument="Werk Intern", verantwoordelijke="Jobcoach"),
        doel(plan="P-2"),
        doel(plan="P-3", streefdatum="", status="bezig"),
    ],
    [
        afspraak(plan="P-1"),
        afspraak(plan="P-2"),
        afspraak(plan="P-2", volgnummer="2", omschrijving="Regelt een taalcursus",
                 partij="ORGANISATIE", verplichting="nee"),
        afspraak(plan="P-3", partij="Partner", verplichting=""),
    ],
)  # fmt: skip


def test_plans_import_with_their_versions_goals_agreements_and_keys(
    session, actor, beheerder, inwoners, tmp_path
):
    paden = bestanden(tmp_path, *GELDIG)
    proef = run(session, beheerder, paden, dry_run=True)
    assert proef.fouten == [] and (proef.aantal, proef.doelen, proef.afspraken) == (3, 4, 4)
    assert proef.geimporteerd == 0 and count(session) == 0

    stappen = []
    result = run(session, beheerder, paden, voortgang=lambda *stap: stappen.append(stap))
    assert result.fouten == [] and result.geimporteerd == 3
    assert stappen[-1] == (22, 22)  # 11 lines, checked and written
    assert result.summary() == (
        f"3 ontwikkelplannen geïmporteerd uit {paden['ontwikkelplannen']}, {paden['doelen']} en "
        f"{paden['afspraken']}. Daarbij 4 doelen en 4 afspraken."
    )
    v1, v2, pop = by_key(session, "P-1"), by_key(session, "P-2"), by_key(session, "P-3")
    assert (v1.status, v1.planversie, v1.vastgesteld_op, v1.periode_tot) == (
        PlanStatus.VERVANGEN, 1, date(2025, 3, 1), date(2026, 3, 1))  # fmt: skip
    assert (v2.status, v2.vorige_id, v2.eigenaar_id, v2.inwoner_id) == (
        PlanStatus.VASTGESTELD, v1.id, actor.id, v1.inwoner_id)  # fmt: skip
    assert (v2.werkniveau_start, v2.werkniveau_doel, v2.volgende_evaluatie, v2.talenten) == (
        2, 3, date(2026, 9, 1), "Handig met gereedschap")  # fmt: skip
    r = v2.regime
    assert (r.begeleider, r.intensiteit, r.contactfrequentie, r.setting, r.agogisch) == (
        "Jobcoach", Intensiteit.HOOGFREQUENT, "1 keer per week", Setting.INTERN, True)  # fmt: skip
    assert [(d.volgorde, d.omschrijving, d.competentie, d.streefdatum) for d in v2.doelen] == [
        (1, "Op tijd beginnen", None, date(2027, 3, 1)),
        (2, "Werkt zelfstandig", "Zelfstandigheid", date(2027, 3, 1)),
    ]
    assert [(a.omschrijving, a.partij, a.verplichting) for a in v2.afspraken] == [
        ("Meldt zich af bij ziekte", Partij.INWONER, True),
        ("Regelt een taalcursus", Partij.ORGANISATIE, False),
    ]
    assert (pop.type, pop.status, pop.eigenaar_id, pop.evaluatie_interval_maanden) == (
        PlanType.POP, PlanStatus.CONCEPT, None, svc.STANDAARD_INTERVAL_MAANDEN)  # fmt: skip
    assert pop.regime is None and pop.vastgesteld_op is None
    assert [(d.status, d.streefdatum) for d in pop.doelen] == [(DoelStatus.BEZIG, None)]
    assert [(a.partij, a.verplichting) for a in pop.afspraken] == [(Partij.PARTNER, False)]
    assert set(session.scalars(select(AuditRecord.record_id).where(
        AuditRecord.onderwerp == "ontwikkelplan",
        AuditRecord.actie == AuditActie.AANGEMAAKT))) == {v1.id, v2.id, pop.id}  # fmt: skip

    again = run(session, beheerder, paden)
    assert again.fouten == [] and (again.geimporteerd, again.overgeslagen) == (0, 3)
    assert (count(session), count(session, Ontwikkeldoel)) == (3, 4)


def test_every_problem_of_a_plan_line_and_nothing_imported(session, beheerder, inwoners, tmp_path):
    paden = bestanden(tmp_path, [
        plan(sleutel="", inwoner="K-9", type="", planversie="0", status="actief"),
        plan(sleutel="P-2", eigenaar="niemand", periode_van="31-02-2026", werkniveau_start="9",
             werkniveau_doel="drie", evaluatie_interval_maanden="30", agogisch="misschien"),
        plan(sleutel="P-3", inwoner="K-2", periode_van="01-03-2026", periode_tot="01-01-2026",
             **{**REGIME, "intensiteit": "wekelijks"}),
        plan(sleutel="P-4", inwoner="K-2", type="POP", agogisch="ja"),
        plan(sleutel="P-2"),
        plan(sleutel="P-" + "x" * 199, type="COACHINGSPLAN"),
    ])  # fmt: skip
    result = run(session, beheerder, paden)
    assert result.fouten == [
        "ontwikkelplannen.csv, regel 2: vul de sleutel van het plan in",
        "ontwikkelplannen.csv, regel 2: inwoner 'K-9' is onbekend: importeer eerst de inwoners, of controleer de sleutel",
        "ontwikkelplannen.csv, regel 2: vul het type plan in",
        "ontwikkelplannen.csv, regel 2: planversie '0' is geen geheel getal van 1 of meer",
        "ontwikkelplannen.csv, regel 2: status 'actief' is onbekend; kies uit CONCEPT (Concept), "
        "VASTGESTELD (Vastgesteld), VERVANGEN (Vervangen door een nieuwe versie), AFGESLOTEN "
        "(Afgesloten) of vertaal het in de koppeling",
        "ontwikkelplannen.csv, regel 3: sleutel P-2 staat ook op regel 6",
        "ontwikkelplannen.csv, regel 3: er is geen medewerker met gebruikersnaam 'niemand'",
        "ontwikkelplannen.csv, regel 3: periode_van '31-02-2026' is geen geldige datum; gebruik dd-mm-jjjj of jjjj-mm-dd",
        "ontwikkelplannen.csv, regel 3: werkniveau 9 staat niet op de werkniveauschaal",
        "ontwikkelplannen.csv, regel 3: werkniveau_doel 'drie' is geen geheel getal",
        "ontwikkelplannen.csv, regel 3: evalueer minstens eens per 24 maanden (1–24)",
        "ontwikkelplannen.csv, regel 3: agogisch 'misschien' is geen ja of nee",
        "ontwikkelplannen.csv, regel 4: het einde van de planperiode ligt vóór het begin",
        "ontwikkelplannen.csv, regel 4: intensiteit 'wekelijks' is onbekend; kies uit DAGELIJKS "
        "(Dagelijks), HOOGFREQUENT (Hoogfrequent), AFGESPROKEN_FREQUENTIE (Volgens afgesproken "
        "frequentie), MIN_2_PER_JAAR (Minstens twee keer per jaar) of vertaal het in de koppeling",
        "ontwikkelplannen.csv, regel 5: begeleidingsregime: vul wie begeleidt, de intensiteit, de contactfrequentie, de setting in",
        "ontwikkelplannen.csv, regel 6: sleutel P-2 staat ook op regel 3",
        "ontwikkelplannen.csv, regel 7: sleutel is te lang: hoogstens 200 tekens",
    ]
    assert result.geimporteerd == 0 and count(session) == 0


def test_status_rules_and_one_plan_per_kind_within_the_files(session, beheerder, inwoners,
                                                             tmp_path):  # fmt: skip
    paden = bestanden(tmp_path, [
        plan(status="VASTGESTELD", vastgesteld_op="01-12-2026"),
        plan(sleutel="P-2", planversie="2", vastgesteld_op="01-01-2026", afsluitreden="Verhuisd"),
        plan(sleutel="P-3", planversie="3", status="AFGESLOTEN"),
        plan(sleutel="P-4", planversie="4", status="VERVANGEN", ondertekend_coach_op="24-11-2026"),
        vastgesteld(sleutel="P-5", inwoner="K-2"),
        vastgesteld(sleutel="P-6", inwoner="K-2"),
        plan(sleutel="P-7", inwoner="K-2", planversie="2", vorige="P-9"),
        plan(sleutel="P-8", inwoner="K-2", type="POP", planversie="2", vorige="P-5"),
        plan(sleutel="P-10", inwoner="K-2", type="POP", vorige="P-8"),
    ], [doel(plan="P-1", streefdatum=""), doel(plan="P-5"), doel(plan="P-6")],
       [afspraak(plan="P-5"), afspraak(plan="P-6")])  # fmt: skip
    result = run(session, beheerder, paden)
    bestand = "ontwikkelplannen.csv, regel"
    assert result.fouten == [
        f"{bestand} 2: het IOP is vastgesteld, maar mist nog: het ontwikkelpotentieel; minstens één ontwikkeldoel met een streefdatum; de ontwikkelafspraken; het begeleidingsregime",
        f"{bestand} 2: vastgesteld_op 01-12-2026 ligt in de toekomst",
        f"{bestand} 2: vul ondertekend_inwoner_op in: een vastgesteld plan heeft de datum waarop de inwoner het heeft ondertekend",
        f"{bestand} 2: vul ondertekend_coach_op in: een vastgesteld plan heeft de datum waarop de coach het heeft ondertekend",
        f"{bestand} 2: vul volgende_evaluatie in: een vastgesteld plan heeft de datum van de volgende evaluatie",
        f"{bestand} 3: laat vastgesteld_op leeg: een concept is nog niet vastgesteld",
        f"{bestand} 3: laat afsluitreden leeg: alleen een afgesloten plan heeft de reden waarom het is afgesloten",
        f"{bestand} 4: vul afgesloten_op in: een afgesloten plan heeft de datum waarop het is afgesloten",
        f"{bestand} 4: vul afsluitreden in: een afgesloten plan heeft de reden waarom het is afgesloten",
        f"{bestand} 5: vul vastgesteld_op in: een vervangen plan heeft de datum waarop het is vastgesteld",
        f"{bestand} 5: ondertekend_coach_op 24-11-2026 ligt in de toekomst",
        f"{bestand} 6: inwoner 'K-2' heeft ook op regel 7 een IOP met planversie 1",
        f"{bestand} 6: inwoner 'K-2' heeft ook op regel 7 een vastgesteld IOP; een inwoner heeft er hoogstens één",
        f"{bestand} 7: inwoner 'K-2' heeft ook op regel 6 een IOP met planversie 1",
        f"{bestand} 7: inwoner 'K-2' heeft ook op regel 6 een vastgesteld IOP; een inwoner heeft er hoogstens één",
        f"{bestand} 8: vorige versie 'P-9' is onbekend: geef de sleutel van een plan in dit bestand of in Koers",
        f"{bestand} 9: vorige versie 'P-5' is een plan van een andere inwoner of van een ander type",
        f"{bestand} 9: inwoner 'K-2' heeft ook op regel 10 een concept-POP; een inwoner heeft er hoogstens één",
        f"{bestand} 10: vorige versie 'P-8' heeft planversie 2; die moet lager zijn dan 1",
        f"{bestand} 10: inwoner 'K-2' heeft ook op regel 9 een concept-POP; een inwoner heeft er hoogstens één",
    ]
    assert count(session) == 0


def test_goal_and_agreement_lines_are_checked_and_reported(session, beheerder, inwoners, tmp_path):
    paden = bestanden(tmp_path, [plan()], [
        doel(plan="P-9"),
        doel(volgnummer="x", omschrijving=""),
        doel(streefdatum="2027-02-30", status="KLAAR", competentie="c" * 201),
        doel(),
        doel(plan="", volgnummer=""),
    ], [
        afspraak(partij="", verplichting="soms"),
        afspraak(volgnummer="2", omschrijving="", partij="gemeente"),
    ])  # fmt: skip
    result = run(session, beheerder, paden)
    assert result.fouten == [
        "doelen.csv, regel 2: plan 'P-9' staat niet in ontwikkelplannen.csv; een doel wordt met zijn plan geïmporteerd",
        "doelen.csv, regel 3: volgnummer 'x' is geen geheel getal van 1 of meer",
        "doelen.csv, regel 3: beschrijf het doel",
        "doelen.csv, regel 4: doel 1 van plan 'P-1' staat ook op regel 5",
        "doelen.csv, regel 4: competentie is te lang: hoogstens 200 tekens",
        "doelen.csv, regel 4: streefdatum '2027-02-30' is geen geldige datum; gebruik dd-mm-jjjj of jjjj-mm-dd",
        "doelen.csv, regel 4: status 'KLAAR' is onbekend; kies uit OPEN (Open), BEZIG (Bezig), "
        "BEHAALD (Behaald), NIET_BEHAALD (Niet behaald), VERVALLEN (Vervallen) of vertaal het in "
        "de koppeling",
        "doelen.csv, regel 5: doel 1 van plan 'P-1' staat ook op regel 4",
        "doelen.csv, regel 6: vul de sleutel van het plan in",
        "doelen.csv, regel 6: vul het volgnummer in",
        "afspraken.csv, regel 2: vul de partij in die de afspraak nakomt",
        "afspraken.csv, regel 2: verplichting 'soms' is geen ja of nee",
        "afspraken.csv, regel 3: beschrijf de afspraak",
        "afspraken.csv, regel 3: partij 'gemeente' is onbekend; kies uit INWONER (Inwoner), "
        "ORGANISATIE (Organisatie), PARTNER (Partner) of vertaal het in de koppeling",
    ]
    assert count(session) == 0
    verslagen = pi.schrijf_foutenverslagen(tmp_path / "verslag", result)
    assert [p.name for p in verslagen] == ["doelen-fouten.xlsx", "afspraken-fouten.xlsx"]


def test_a_file_that_cannot_be_read_stops_the_import(session, beheerder, inwoners, tmp_path):
    paden = bestanden(tmp_path, [plan()], [doel()])
    paden["doelen"].write_text("nummer;omschrijving\n1;Op tijd\n", encoding="utf-8")
    paden["afspraken"] = tmp_path / "in" / "afspraken.csv"
    assert run(session, beheerder, paden).fouten == [
        "doelen.csv, regel 1: de verplichte kolom 'plan' (de sleutel van het plan, zoals in het "
        "bestand met ontwikkelplannen (of het id in Koers)) is niet gekoppeld aan een kolom van "
        "het bestand",
        "doelen.csv, regel 1: de verplichte kolom 'volgnummer' (de plaats van het doel in het "
        "plan: 1, 2 …) is niet gekoppeld aan een kolom van het bestand",
        f"Het bestand {paden['afspraken']} bestaat niet.",
    ]
    assert count(session) == 0


def test_plans_in_koers_count_and_a_koers_id_is_a_key(session, actor, beheerder, plan_inwoner,
                                                      tmp_path):  # fmt: skip
    """An inwoner and plans made in Koers (no source keys) are named by their own ids."""
    v1 = iop_helpers.vaststellen(session, actor, iop_helpers.concept(session, actor, plan_inwoner))
    svc.nieuwe_versie(session, actor=actor, plan_id=v1.id)
    inwoner = str(plan_inwoner.id)
    paden = bestanden(tmp_path, [
        vastgesteld(inwoner=inwoner),
        plan(sleutel="P-2", inwoner=inwoner, planversie="3", vorige=str(v1.id)),
        plan(sleutel="P-3", inwoner=inwoner, type="POP", vorige=str(v1.id)),
    ], [doel()], [afspraak()])  # fmt: skip
    assert run(session, beheerder, paden).fouten == [
        f"ontwikkelplannen.csv, regel 2: inwoner '{inwoner}' heeft in Koers al een IOP met planversie 1",
        f"ontwikkelplannen.csv, regel 2: inwoner '{inwoner}' heeft in Koers al een vastgesteld IOP; een inwoner heeft er hoogstens één",
        f"ontwikkelplannen.csv, regel 3: inwoner '{inwoner}' heeft in Koers al een concept-IOP; een inwoner heeft er hoogstens één",
        f"ontwikkelplannen.csv, regel 4: vorige versie '{v1.id}' is een plan van een andere inwoner of van een ander type",
    ]
    assert count(session) == 2
    paden = bestanden(tmp_path, [plan(sleutel="P-3", inwoner=inwoner, type="POP")], [], [])
    assert run(session, beheerder, paden).geimporteerd == 1


def test_a_plan_made_between_check_and_write_is_a_conflict(session, actor, beheerder,
                                                          plan_inwoner, tmp_path, monkeypatch):  # fmt: skip
    """The unique indexes still guard the rule when a colleague wins the race."""
    iop_helpers.vaststellen(session, actor, iop_helpers.concept(session, actor, plan_inwoner))
    monkeypatch.setattr(pi, "_bestaande", lambda *_args: [])  # the check saw no plans yet
    paden = bestanden(tmp_path, [vastgesteld(inwoner=str(plan_inwoner.id), planversie="2")],
                      [doel()], [afspraak()])  # fmt: skip
    with pytest.raises(ConflictError, match="Een ontwikkelplan van een van deze inwoners is "
                       "intussen door iemand anders gewijzigd"):  # fmt: skip
        run(session, beheerder, paden)


def test_columns_and_codes_through_the_mappings(session, beheerder, inwoners, tmp_path):
    plannen = tmp_path / "plannen.csv"
    plannen.write_text("Nr;Klant;Soort;Versie;Stand\n7;K-1;ontwikkelplan;1;lopend\n",
                       encoding="utf-8")  # fmt: skip
    doelen = tmp_path / "doelen.csv"
    doelen.write_text("Plan;Nr;Doel\n7;1;Op tijd beginnen\n", encoding="utf-8")
    koppelingen = {
        "ontwikkelplannen": Koppeling("ontwikkelplannen", {
            "sleutel": "Nr", "inwoner": "Klant", "type": "Soort", "planversie": "Versie",
            "status": "Stand"}, {"type": {"ontwikkelplan": "IOP"}, "status": {"lopend": "CONCEPT"}}),
        "doelen": Koppeling("doelen", {"plan": "Plan", "volgnummer": "Nr", "omschrijving": "Doel"}),
    }  # fmt: skip
    result = pi.import_plannen(session, actor=beheerder, plannen=plannen, doelen=doelen,
                               dry_run=False, koppelingen=koppelingen, today=TODAY)  # fmt: skip
    assert result.fouten == [] and (result.geimporteerd, result.doelen) == (1, 1)
    plan_ = by_key(session, "7")
    assert (plan_.type, plan_.status, [d.omschrijving for d in plan_.doelen]) == (
        PlanType.IOP, PlanStatus.CONCEPT, ["Op tijd beginnen"])  # fmt: skip


def test_export_imports_back_as_the_same_plans(session, actor, beheerder, inwoners, plan_inwoner,
                                               tmp_path):  # fmt: skip
    run(session, beheerder, bestanden(tmp_path, *GELDIG))
    v1 = iop_helpers.vaststellen(session, actor, iop_helpers.concept(session, actor, plan_inwoner))
    svc.nieuwe_versie(session, actor=actor, plan_id=v1.id)
    pop = svc.nieuw_plan(session, actor=actor, inwoner_id=plan_inwoner.id, type=PlanType.POP,
                         today=TODAY)  # fmt: skip
    svc.afsluiten(session, actor=actor, plan_id=pop.id, reden_afsluiting="Verhuisd", today=TODAY)

    uit = tmp_path / "uit"
    assert pi.exporteer(session, actor=beheerder, map=uit, formaat="xlsx") == {
        "ontwikkelplannen": 6, "doelen": 6, "afspraken": 6}  # fmt: skip
    assert session.scalar(select(func.count()).select_from(AuditRecord).where(
        AuditRecord.onderwerp == "ontwikkelplan",
        AuditRecord.actie == AuditActie.GEEXPORTEERD)) == 6  # fmt: skip
    voor, rijen_voor = plannen(session), pi.export_rijen(session, actor=beheerder)
    session.execute(Bronsleutel.__table__.delete().where(Bronsleutel.entiteit == pi.ENTITEIT))
    session.execute(Ontwikkelplan.__table__.delete())
    assert count(session) == 0

    paden = {f.entiteit: uit / f"{f.entiteit}.xlsx" for f in pi.FORMATEN}
    result = run(session, beheerder, paden)
    assert result.fouten == [] and result.geimporteerd == 6
    assert plannen(session) == voor
    assert pi.export_rijen(session, actor=beheerder) == rijen_voor  # the same keys, too
    with pytest.raises(ValidationError):
        pi.exporteer(session, actor=beheerder, map=uit, formaat="ods")


def plannen(session) -> list[tuple]:
    """Every plan with its parts, as values (no ids: the version it follows by its number)."""
    session.expire_all()
    eigen = [c.key for c in Ontwikkelplan.__table__.columns
             if c.key not in ("id", "vorige_id", "versie", "aangemaakt_op", "gewijzigd_op")]  # fmt: skip
    result = []
    for p in session.scalars(select(Ontwikkelplan)):
        vorige = session.get(Ontwikkelplan, p.vorige_id).planversie if p.vorige_id else None
        r = p.regime
        result.append((
            tuple(getattr(p, kolom) for kolom in eigen), vorige,
            r and (r.begeleider, r.intensiteit, r.contactfrequentie, r.setting, r.agogisch),
            [(d.volgorde, d.omschrijving, d.competentie, d.instrument, d.verantwoordelijke,
              d.streefdatum, d.status) for d in p.doelen],
            [(a.volgorde, a.omschrijving, a.partij, a.verplichting) for a in p.afspraken],
        ))  # fmt: skip
    return sorted(result, key=repr)


def test_only_a_functioneel_beheerder_moves_plans(session, actor, inwoners, tmp_path):
    with pytest.raises(ToegangGeweigerd):
        run(session, actor, bestanden(tmp_path, [plan()]))
    with pytest.raises(ToegangGeweigerd):
        pi.exporteer(session, actor=actor, map=tmp_path / "uit")
