"""Schuldhulptrajecten move in and out with their phase history and schulden: three files
checked together, each history valid by the workflow's phases, the inwoner found by its source
key, the consulent by username, keys kept against duplicates, and an export imports back as the
same trajectories. A functioneel beheerder runs it."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select

from app.models import (
    AdministratieVinkje,
    AuditActie,
    AuditRecord,
    Bronsleutel,
    Inwoner,
    Meldingsbron,
    Schuld,
    SchuldhulpFase,
    SchuldhulpOvergang,
    Schuldhulptraject,
    Schuldsoort,
    SchuldStatus,
    Uitkomst,
)
from app.services import inwoner_import
from app.services import schuldhulp_import as si
from app.services.errors import DomainError, ToegangGeweigerd
from app.services.koppeling import Koppeling
from app.services.tabellen import lees
from tests.conftest import TODAY, make_bsn
from tests.services import schuldhulp_helpers as h

pytestmark = pytest.mark.database
F = SchuldhulpFase


@pytest.fixture
def inwoners(session, actor, tmp_path):
    """Five inwoners imported with source keys K-1 … K-5."""
    pad = tmp_path / "inwoners.csv"
    kop = "sleutel;" + ";".join(inwoner_import.KOLOMMEN)
    rijen = [
        f"K-{n};{make_bsn(n * 17)};Fatma;;Yılmaz;01-02-1980;;;;;Gorinchem;;" for n in range(1, 6)
    ]
    pad.write_text("\n".join([kop, *rijen]) + "\n", encoding="utf-8")
    result = inwoner_import.import_inwoners(session, actor=actor, path=pad, dry_run=False,
                                            regievoerder=actor, today=TODAY)  # fmt: skip
    assert result.fouten == []


@pytest.fixture
def consulent(session):
    """The consulent schulddienstverlening the files name, in an SDV team."""
    return h.consulent(session, h.sdv_team(session), "consulent.sdv")


def bestand(tmp_path, formaat, rijen: list[dict[str, str]]):
    """A file in Koers' layout: one line per dict (missing columns empty)."""
    pad = tmp_path / f"{formaat.entiteit}.csv"
    regels = [";".join(formaat.namen), *(";".join(r.get(k, "") for k in formaat.namen)
                                         for r in rijen)]  # fmt: skip
    pad.write_text("\n".join(regels) + "\n", encoding="utf-8")
    return pad


def traject(sleutel="S-1", inwoner="K-1", melding="01-09-2026", **waarden) -> dict[str, str]:
    return {"sleutel": sleutel, "inwoner": inwoner, "consulent": "consulent.sdv",
            "melding_datum": melding, "melding_bron": "ZELF", "melding_wijze": "TELEFOON",
            **waarden}  # fmt: skip


def stappen(traject_, *stappen_) -> list[dict[str, str]]:
    """A history: each step (datum, naar_fase[, extra columns]) starts where the previous one
    ended."""
    rijen, van = [], ""
    for n, (datum, naar, *extra) in enumerate(stappen_, start=1):
        rijen.append({"traject": traject_, "volgnummer": str(n), "datum": datum,
                      "van_fase": van, "naar_fase": naar, **(extra[0] if extra else {})})  # fmt: skip
        van = naar
    return rijen


def schuld(traject_="S-1", **waarden) -> dict[str, str]:
    return {"traject": traject_, "schuldeiser": "Woonlinie", "soort": "VERHUURDER",
            "bedrag_opgegeven": "1.250,00", "status": "OPGAVE_ONTVANGEN",
            "status_datum": "15-09-2026", **waarden}  # fmt: skip


TOELATING = dict(eerste_gesprek="15-09-2026", beschikking="TOELATING",
                 beschikking_datum="01-10-2026", plan_van_aanpak=h.PLAN, complexiteit="COMPLEX",
                 product="SCHULDBEMIDDELING", variant="SCHULDREGELING")  # fmt: skip
# A valid set: S-1 in a schuldregeling, S-2 dropped out during voorzorg, S-3 just reported
# under a threat of eviction (its source through the mapping).
TRAJECTEN = [
    traject("S-1", "K-1", medeaanvrager="K-5", hulpvraag="Huurachterstand",
            start_schuldregeling="02-11-2026", **TOELATING),
    traject("S-2", "K-2", "01-06-2026", uitkomst="UITVAL", uitval_reden="GEEN_MEDEWERKING",
            einddatum="01-07-2026"),
    traject("S-3", "K-2", "01-10-2026", melding_bron="wijkteam", bedreiging="ONTRUIMING",
            bedreiging_datum="01-10-2026"),
]  # fmt: skip
OVERGANGEN = [
    *stappen("S-1", ("01-09-2026", "VOORZORG", {"toelichting": "Melding geregistreerd"}),
             ("01-10-2026", "STABILISATIE", {"medewerker": "consulent.sdv"}),
             ("02-11-2026", "SCHULDREGELING")),
    *stappen("S-2", ("01-06-2026", "VOORZORG"), ("01-07-2026", "AFGESLOTEN")),
    *stappen("S-3", ("01-10-2026", "VOORZORG")),
]  # fmt: skip
SCHULDEN = [
    schuld("S-1"),
    schuld("S-1", schuldeiser="Belastingdienst", soort="BELASTINGDIENST", status="AKKOORD",
           bedrag_opgegeven="300", bedrag_akkoord="250,5", kenmerk="AB-12"),
    schuld("S-3", schuldeiser="CJIB", soort="CJIB", bedrag_opgegeven="", status="AANGESCHREVEN",
           status_datum="02-10-2026"),
]  # fmt: skip
WIJKTEAM = {"schuldhulptrajecten": Koppeling(
    "schuldhulptrajecten", {k: k for k in si.TRAJECTEN.namen},
    {"melding_bron": {"wijkteam": "SOCIAAL_TEAM"}})}  # fmt: skip


def run(session, actor, tmp_path, trajecten, overgangen, schulden=None, **kwargs):
    kwargs.setdefault("dry_run", False)
    return si.import_schuldhulp(
        session, actor=actor, today=TODAY,
        trajecten=bestand(tmp_path, si.TRAJECTEN, trajecten),
        overgangen=bestand(tmp_path, si.OVERGANGEN, overgangen),
        schulden=None if schulden is None else bestand(tmp_path, si.SCHULDEN, schulden),
        **kwargs,
    )  # fmt: skip


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def nothing_imported(session) -> bool:
    return count(session, Schuldhulptraject) == count(session, SchuldhulpOvergang) == 0 == count(
        session, Schuld)  # fmt: skip


def by_key(session, sleutel) -> Schuldhulptraject:
    record_id = session.scalar(select(Bronsleutel.record_id).where(
        Bronsleutel.entiteit == si.ENTITEIT, Bronsleutel.sleutel == sleutel))  # fmt: skip
    return session.get(Schuldhulptraject, record_id)


def test_a_set_imports_with_its_history_schulden_and_keys(
    session, beheerder, consulent, inwoners, tmp_path
):
    result = run(session, beheerder, tmp_path, TRAJECTEN, OVERGANGEN, SCHULDEN,
                 koppelingen=WIJKTEAM)  # fmt: skip
    assert result.fouten == []
    assert (result.geimporteerd, result.overgangen, result.schulden) == (3, 6, 3)
    assert result.summary() == (
        "3 schuldhulptrajecten geïmporteerd uit schuldhulptrajecten.csv, "
        "schuldhulpovergangen.csv en schulden.csv. Daarbij 6 faseovergangen en 3 schulden."
    )
    session.expire_all()
    s1, s2, s3 = (by_key(session, f"S-{n}") for n in (1, 2, 3))
    assert (s1.fase, s1.fase_sinds, s1.start_schuldregeling, s1.consulent_id) == (
        F.SCHULDREGELING, date(2026, 11, 2), date(2026, 11, 2), consulent.id)  # fmt: skip
    assert s1.gemeente_id == session.get(Inwoner, s1.inwoner_id).woongemeente_id
    assert s1.medeaanvrager_id == by_key_inwoner(session, "K-5")
    assert [(o.van_fase, o.naar_fase, o.datum) for o in s1.overgangen] == [
        (None, F.VOORZORG, date(2026, 9, 1)), (F.VOORZORG, F.STABILISATIE, date(2026, 10, 1)),
        (F.STABILISATIE, F.SCHULDREGELING, date(2026, 11, 2))]  # fmt: skip
    # Nobody named: the step is the importer's.
    assert [o.medewerker_id for o in s1.overgangen] == [beheerder.id, consulent.id, beheerder.id]
    assert s1.overgangen[0].toelichting == "Melding geregistreerd"
    # Uitval keeps the phase it happened in, from the history.
    assert (s2.fase, s2.einddatum, s2.uitkomst, s2.uitval_fase) == (
        F.AFGESLOTEN, date(2026, 7, 1), Uitkomst.UITVAL, F.VOORZORG)  # fmt: skip
    assert (s3.fase, s3.melding_bron) == (F.VOORZORG, Meldingsbron.SOCIAAL_TEAM)
    assert sorted((s.schuldeiser, s.status, s.bedrag_opgegeven, s.bedrag_akkoord, s.kenmerk)
                  for s in s1.schulden) == [
        ("Belastingdienst", SchuldStatus.AKKOORD, Decimal("300.00"), Decimal("250.50"), "AB-12"),
        ("Woonlinie", SchuldStatus.OPGAVE_ONTVANGEN, Decimal("1250.00"), None, None),
    ]  # fmt: skip
    assert [(s.schuldeiser, s.bedrag_opgegeven) for s in s3.schulden] == [("CJIB", None)]
    aangemaakt = session.execute(select(AuditRecord.onderwerp, func.count()).where(
        AuditRecord.actie == AuditActie.AANGEMAAKT, AuditRecord.reden == "import",
        AuditRecord.onderwerp.in_(("schuldhulp", "schuld"))).group_by(AuditRecord.onderwerp))  # fmt: skip
    assert dict(aangemaakt.all()) == {"schuldhulp": 3, "schuld": 3}
    # No amount or creditor in the trail.
    velden = " ".join(str(v) for v in session.scalars(select(AuditRecord.velden)))
    assert "1250" not in velden and "Woonlinie" not in velden


def by_key_inwoner(session, sleutel):
    return session.scalar(select(Bronsleutel.record_id).where(
        Bronsleutel.entiteit == inwoner_import.ENTITEIT, Bronsleutel.sleutel == sleutel))  # fmt: skip


def test_a_dry_run_checks_and_writes_nothing(session, beheerder, consulent, inwoners, tmp_path):
    result = run(session, beheerder, tmp_path, TRAJECTEN, OVERGANGEN, SCHULDEN,
                 koppelingen=WIJKTEAM, dry_run=True)  # fmt: skip
    assert result.fouten == [] and result.geimporteerd == 0 and nothing_imported(session)
    assert result.summary().startswith("Controle geslaagd: 3 schuldhulptrajecten in ")


def test_every_problem_of_a_trajectory_line(session, beheerder, consulent, inwoners, tmp_path):
    trajecten = [
        traject("S-1", "K-9", melding_wijze="fax", consulent=""),
        traject("S-2", "K-2", melding="01-01-2030", consulent="niemand", medeaanvrager="K-2"),
        traject("S-2", "K-3", bedreiging="ANDERS", eerste_gesprek="01-08-2026"),
        traject("S-4", "K-4", beschikking="TOELATING", beschikking_datum="01-10-2026",
                product="SCHULDBEMIDDELING"),
        traject("S-5", "K-5", bedreiging_datum="02-09-2026", beschikking="AFWIJZING",
                eerste_gesprek="15-09-2026", beschikking_datum="10-09-2026"),
    ]  # fmt: skip
    overgangen = [s for n in (1, 2, 4, 5) for s in stappen(f"S-{n}", ("01-09-2026", "VOORZORG"))]
    assert run(session, beheerder, tmp_path, trajecten, overgangen).fouten == [
        "schuldhulptrajecten.csv, regel 2: inwoner 'K-9' is onbekend: importeer eerst de inwoners, of controleer de sleutel",
        "schuldhulptrajecten.csv, regel 2: vul de consulent in (een gebruikersnaam in Koers)",
        "schuldhulptrajecten.csv, regel 2: melding_wijze 'fax' is onbekend; kies uit BALIE (Aan de balie / op het spreekuur), "
        "TELEFOON (Telefonisch), DIGITAAL (Digitaal (formulier, e-mail)), BRIEF (Per brief), HUISBEZOEK (Tijdens een huisbezoek), "
        "VIA_PARTNER (Via een partner) of vertaal het in de koppeling",
        "schuldhulptrajecten.csv, regel 3: sleutel S-2 staat ook op regel 4",
        "schuldhulptrajecten.csv, regel 3: kies als medeaanvrager een andere inwoner dan de aanvrager",
        "schuldhulptrajecten.csv, regel 3: er is geen medewerker met gebruikersnaam 'niemand'",
        "schuldhulptrajecten.csv, regel 3: melding_datum 01-01-2030 ligt in de toekomst",
        "schuldhulptrajecten.csv, regel 4: sleutel S-2 staat ook op regel 3",
        "schuldhulptrajecten.csv, regel 4: vul bedreiging_datum in, de dag dat de bedreiging bekend werd",
        "schuldhulptrajecten.csv, regel 4: beschrijf de bedreigende situatie in bedreiging_toelichting",
        "schuldhulptrajecten.csv, regel 4: eerste_gesprek 01-08-2026 ligt vóór de datum van de melding 01-09-2026",
        "schuldhulptrajecten.csv, regel 5: een beschikking volgt op het eerste gesprek (de aanvraag): vul eerste_gesprek in",
        "schuldhulptrajecten.csv, regel 5: een toelating start de stabilisatie, maar de faseovergangen hebben geen stap naar STABILISATIE",
        "schuldhulptrajecten.csv, regel 5: bij een toelating hoort een plan van aanpak: vul plan_van_aanpak in (minstens 20 tekens)",
        "schuldhulptrajecten.csv, regel 5: kies bij de beschikking de complexiteit (EENVOUDIG of COMPLEX)",
        "schuldhulptrajecten.csv, regel 5: kies bij schuldbemiddeling de variant: CRISISINTERVENTIE, STABILISATIE of SCHULDREGELING",
        "schuldhulptrajecten.csv, regel 6: bedreiging_datum hoort bij een bedreiging: vul bedreiging in",
        "schuldhulptrajecten.csv, regel 6: een afwijzing sluit het traject af: de laatste faseovergang gaat dan naar AFGESLOTEN",
        "schuldhulptrajecten.csv, regel 6: beschikking_datum 10-09-2026 ligt vóór het eerste gesprek 15-09-2026",
        "schuldhulptrajecten.csv, regel 6: kies bij de beschikking de complexiteit (EENVOUDIG of COMPLEX)",
        "schuldhulptrajecten.csv, regel 6: geef in afsluiting_toelichting de motivering van de afwijzing",
    ]
    assert nothing_imported(session)


def test_every_problem_of_a_history(session, beheerder, consulent, inwoners, tmp_path):
    trajecten = [traject(f"S-{n}", f"K-{n}") for n in range(1, 6)] + [
        traject("S-6", "K-1"), traject("S-7", "K-3", "05-09-2026")]  # fmt: skip
    s1 = [{**stappen("S-1", ("01-09-2026", "VOORZORG"))[0], "van_fase": "VOORZORG"}]
    s2 = stappen("S-2", ("01-09-2026", "STABILISATIE"))
    s3 = stappen("S-3", ("31-08-2026", "VOORZORG"), ("01-09-2026", "SCHULDREGELING"))
    s4 = stappen("S-4", ("01-09-2026", "VOORZORG"), ("10-09-2026", "AFGESLOTEN"),
                 ("11-09-2026", "NAZORG"))  # fmt: skip
    s5 = stappen("S-5", ("05-09-2026", "VOORZORG"), ("06-09-2026", "AFGESLOTEN"))
    s5[1]["van_fase"] = "STABILISATIE"
    s6 = stappen("S-6", ("01-09-2026", "VOORZORG"))
    s6[0] |= {"volgnummer": "", "naar_fase": "INTAKE", "medewerker": "niemand"}
    s7 = stappen("S-7", ("05-09-2026", "VOORZORG"), ("04-09-2026", "AFGESLOTEN"))
    overgangen = [*s1, *s2, *s3, *s4, *s5, *s6, *s7,
                  *stappen("S-9", ("01-09-2026", "VOORZORG"))]  # fmt: skip
    assert run(session, beheerder, tmp_path, trajecten, overgangen).fouten == [
        "schuldhulpovergangen.csv, regel 2: de eerste faseovergang (de melding) begint zonder fase: laat van_fase leeg",
        "schuldhulpovergangen.csv, regel 3: de eerste faseovergang is de melding en gaat naar VOORZORG, niet naar STABILISATIE",
        "schuldhulpovergangen.csv, regel 4: datum 31-08-2026 ligt vóór de datum van de melding (01-09-2026)",
        "schuldhulpovergangen.csv, regel 5: van VOORZORG naar SCHULDREGELING kan niet; na VOORZORG volgt STABILISATIE of AFGESLOTEN",
        "schuldhulpovergangen.csv, regel 8: na de afsluiting (volgnummer 2) volgt geen faseovergang meer",
        "schuldhulpovergangen.csv, regel 10: van_fase STABILISATIE sluit niet aan op de vorige faseovergang (volgnummer 1, naar VOORZORG)",
        "schuldhulpovergangen.csv, regel 11: vul het volgnummer in",
        "schuldhulpovergangen.csv, regel 11: naar_fase 'INTAKE' is onbekend; kies uit VOORZORG (Voorzorg / intake), "
        "STABILISATIE (Stabilisatie), SCHULDREGELING (Schuldregeling), WSNP (WSNP-verzoek), NAZORG (Nazorg), "
        "AFGESLOTEN (Afgesloten) of vertaal het in de koppeling",
        "schuldhulpovergangen.csv, regel 11: er is geen medewerker met gebruikersnaam 'niemand'",
        "schuldhulpovergangen.csv, regel 13: datum 04-09-2026 ligt vóór die van de vorige faseovergang (volgnummer 1, 05-09-2026)",
        "schuldhulpovergangen.csv, regel 14: schuldhulptraject 'S-9' staat niet in schuldhulptrajecten.csv en is niet eerder geïmporteerd",
    ]
    assert nothing_imported(session)


def test_a_trajectory_without_history(session, beheerder, consulent, inwoners, tmp_path):
    fouten = run(session, beheerder, tmp_path, [traject(), traject("S-2", "K-2")],
                 stappen("S-2", ("01-09-2026", "VOORZORG"))).fouten  # fmt: skip
    assert fouten == [
        "schuldhulptrajecten.csv, regel 2: het schuldhulptraject heeft geen faseovergangen in "
        "schuldhulpovergangen.csv; elk traject begint met de melding: een stap zonder van_fase naar VOORZORG"
    ]


def test_the_trajectory_agrees_with_its_history(session, beheerder, consulent, inwoners,
                                                tmp_path):  # fmt: skip
    def gesloten(sleutel, *tussen, eind="10-11-2026"):
        return stappen(sleutel, ("01-09-2026", "VOORZORG"), *tussen, (eind, "AFGESLOTEN"))

    regeling = (("02-10-2026", "STABILISATIE"), ("02-11-2026", "SCHULDREGELING"))
    trajecten = [
        traject("T-1", "K-1"),
        traject("T-2", "K-2", einddatum="10-11-2026", uitkomst="GESTABILISEERD"),
        traject("T-3", "K-3", einddatum="11-11-2026", uitkomst="ZELFREDZAAM"),
        traject("T-4", "K-4", einddatum="10-11-2026", uitkomst="UITVAL",
                uitval_fase="STABILISATIE"),
        traject("T-5", "K-5", consulent="testcoach"),
        traject("T-6", "K-1", einddatum="10-11-2026", uitkomst="UITVAL", uitval_reden="ANDERS",
                wsnp_verzoek_datum="05-11-2026", **TOELATING),
        traject("T-7", "K-2", einddatum="10-11-2026", uitkomst="AFGEWEZEN"),
        traject("T-8", "K-3", einddatum="10-11-2026", uitkomst="UITVAL",
                uitval_reden="VERHUISD", eerste_gesprek="15-09-2026", beschikking="AFWIJZING",
                beschikking_datum="10-11-2026", complexiteit="EENVOUDIG",
                afsluiting_toelichting="Geen problematische schulden"),
    ]  # fmt: skip
    overgangen = [
        *gesloten("T-1"), *stappen("T-2", ("01-09-2026", "VOORZORG")), *gesloten("T-3"),
        *gesloten("T-4"), *stappen("T-5", ("01-09-2026", "VOORZORG"), regeling[0]),
        *gesloten("T-6", *regeling), *gesloten("T-7"), *gesloten("T-8"),
    ]  # fmt: skip
    assert run(session, beheerder, tmp_path, trajecten, overgangen).fouten == [
        "schuldhulptrajecten.csv, regel 2: het traject is afgesloten (volgnummer 2): vul einddatum en uitkomst in",
        "schuldhulptrajecten.csv, regel 3: einddatum en uitkomst horen alleen bij een afgesloten traject; de laatste faseovergang gaat naar VOORZORG",
        "schuldhulptrajecten.csv, regel 4: de uitkomst ZELFREDZAAM volgt op de nazorg, maar het traject sloot af vanuit VOORZORG; kies UITVAL of AFGEWEZEN",
        "schuldhulptrajecten.csv, regel 4: einddatum 11-11-2026 is niet de dag van de afsluiting in de faseovergangen (10-11-2026)",
        "schuldhulptrajecten.csv, regel 5: uitval_fase STABILISATIE is niet de fase waarin het traject uitviel (VOORZORG)",
        "schuldhulptrajecten.csv, regel 5: vul bij uitval de uitval_reden in",
        "schuldhulptrajecten.csv, regel 6: consulent 'testcoach' is geen actieve consulent schulddienstverlening, en het traject loopt nog",
        "schuldhulptrajecten.csv, regel 6: het traject is toegelaten (stap naar STABILISATIE, volgnummer 2): vul beschikking TOELATING in",
        "schuldhulptrajecten.csv, regel 7: beschikking_datum 01-10-2026 is niet de dag van de stap naar STABILISATIE (02-10-2026)",
        "schuldhulptrajecten.csv, regel 7: vul start_schuldregeling in: de faseovergangen gaan naar SCHULDREGELING (volgnummer 3)",
        "schuldhulptrajecten.csv, regel 7: wsnp_verzoek_datum hoort bij een stap naar WSNP, en die staat niet in de faseovergangen",
        "schuldhulptrajecten.csv, regel 7: beschrijf de reden van de uitval in afsluiting_toelichting",
        "schuldhulptrajecten.csv, regel 8: de uitkomst AFGEWEZEN hoort bij een afwijzing: vul beschikking AFWIJZING in",
        "schuldhulptrajecten.csv, regel 9: na een afwijzing is de uitkomst AFGEWEZEN, niet UITVAL",
    ]
    assert nothing_imported(session)


def test_one_open_trajectory_per_inwoner(session, beheerder, consulent, inwoners, tmp_path):
    h.gemeld(session, consulent, session.get(Inwoner, by_key_inwoner(session, "K-3")))
    trajecten = [traject("S-1", "K-1"), traject("S-2", "K-1"), traject("S-3", "K-3"),
                 traject("S-4", "K-3", einddatum="01-10-2026", uitkomst="UITVAL",
                         uitval_reden="VERHUISD")]  # fmt: skip
    overgangen = [*stappen("S-1", ("01-09-2026", "VOORZORG")),
                  *stappen("S-2", ("01-09-2026", "VOORZORG")),
                  *stappen("S-3", ("01-09-2026", "VOORZORG")),
                  *stappen("S-4", ("01-09-2026", "VOORZORG"), ("01-10-2026", "AFGESLOTEN"))]  # fmt: skip
    assert run(session, beheerder, tmp_path, trajecten, overgangen).fouten == [
        "schuldhulptrajecten.csv, regel 2: inwoner K-1 heeft ook een lopend schuldhulptraject op regel 3; een inwoner heeft hoogstens één lopend schuldhulptraject",
        "schuldhulptrajecten.csv, regel 3: inwoner K-1 heeft ook een lopend schuldhulptraject op regel 2; een inwoner heeft hoogstens één lopend schuldhulptraject",
        "schuldhulptrajecten.csv, regel 4: inwoner K-3 heeft al een lopend schuldhulptraject in Koers; een inwoner heeft hoogstens één lopend schuldhulptraject",
    ]
    assert count(session, Schuldhulptraject) == 1


def test_every_problem_of_a_schuld(session, beheerder, consulent, inwoners, tmp_path):
    schulden = [
        schuld("S-9"),
        schuld(schuldeiser="", soort="kredietbank", kenmerk="x" * 101),
        schuld(bedrag_opgegeven="12,345", status="AKKOORD"),
        schuld(bedrag_opgegeven="-5", status_datum="31-08-2026"),
        schuld(bedrag_opgegeven="", bedrag_akkoord="€ 20.000.000", status="AFGELOST"),
        schuld(status="", status_datum="01-01-2030"),
    ]  # fmt: skip
    fouten = run(session, beheerder, tmp_path, [traject()],
                 stappen("S-1", ("01-09-2026", "VOORZORG")), schulden).fouten  # fmt: skip
    assert fouten == [
        "schulden.csv, regel 2: schuldhulptraject 'S-9' staat niet in schuldhulptrajecten.csv en is niet eerder geïmporteerd",
        "schulden.csv, regel 3: vul de naam van de schuldeiser in",
        "schulden.csv, regel 3: soort 'kredietbank' is onbekend; kies uit "
        + ", ".join(f"{s.value} ({s.label})" for s in Schuldsoort)
        + " of vertaal het in de koppeling",
        "schulden.csv, regel 3: het kenmerk is langer dan 100 tekens",
        "schulden.csv, regel 4: bedrag_opgegeven is geen bedrag: schrijf euro's met hoogstens twee cijfers achter de komma, bijvoorbeeld 1250,00",
        "schulden.csv, regel 4: bij de status 'akkoord' hoort het afgesproken bedrag: vul bedrag_akkoord in",
        "schulden.csv, regel 5: bedrag_opgegeven: vul een bedrag van € 0 tot € 10 miljoen in",
        "schulden.csv, regel 5: status_datum 31-08-2026 ligt vóór de datum van de melding 01-09-2026",
        "schulden.csv, regel 6: bij de status 'afgelost' hoort het opgegeven bedrag: vul bedrag_opgegeven in",
        "schulden.csv, regel 6: bedrag_akkoord: vul een bedrag van € 0 tot € 10 miljoen in",
        "schulden.csv, regel 7: kies de status van de schuld",
        "schulden.csv, regel 7: status_datum 01-01-2030 ligt in de toekomst",
    ]
    assert nothing_imported(session)


def test_a_second_import_skips_what_is_there(session, beheerder, consulent, inwoners, tmp_path):
    run(session, beheerder, tmp_path, TRAJECTEN, OVERGANGEN, SCHULDEN, koppelingen=WIJKTEAM)
    # The same export a month later: one more trajectory, for an inwoner without one.
    later = [*TRAJECTEN, traject("S-4", "K-3", "01-11-2026")]
    again = run(session, beheerder, tmp_path, later,
                [*OVERGANGEN, *stappen("S-4", ("01-11-2026", "VOORZORG"))],
                [*SCHULDEN, schuld("S-4", status_datum="02-11-2026")],
                koppelingen=WIJKTEAM)  # fmt: skip
    assert again.fouten == []
    assert (again.geimporteerd, again.overgeslagen, again.overgangen, again.schulden,
            again.schulden_overgeslagen) == (1, 3, 1, 1, 3)  # fmt: skip
    assert again.summary() == (
        "1 schuldhulptraject geïmporteerd uit schuldhulptrajecten.csv, schuldhulpovergangen.csv "
        "en schulden.csv. 3 stonden er al in (zelfde sleutel) en worden overgeslagen. Daarbij 1 "
        "faseovergang en 1 schuld."
    )
    assert (count(session, Schuldhulptraject), count(session, SchuldhulpOvergang),
            count(session, Schuld)) == (4, 7, 4)  # fmt: skip


def test_the_error_report_has_a_sheet_per_file(session, beheerder, consulent, inwoners,
                                               tmp_path):  # fmt: skip
    result = run(session, beheerder, tmp_path, [traject("S-1", "K-9")],
                 stappen("S-1", ("01-09-2026", "VOORZORG")), [schuld()])  # fmt: skip
    si.schrijf_foutenverslag(tmp_path / "fouten.xlsx", result)
    blad = lees(tmp_path / "fouten.xlsx", blad="schuldhulptrajecten")
    assert blad.rijen[0][1][-1] == (
        "inwoner 'K-9' is onbekend: importeer eerst de inwoners, of controleer de sleutel"
    )
    assert lees(tmp_path / "fouten.xlsx", blad="schulden").rijen[0][1][-1] == ""


def snapshot(session) -> list:
    """Every trajectory with its history and schulden: their columns, not their ids."""
    session.expire_all()
    buiten = {"id", "aangemaakt_op", "gewijzigd_op", "versie", "traject_id"}

    def kolommen(record) -> list[tuple]:
        return [(c.key, getattr(record, c.key)) for c in record.__table__.columns
                if c.key not in buiten]  # fmt: skip

    return sorted(((kolommen(t), [(o.van_fase, o.naar_fase, o.datum, o.medewerker_id,
                                   o.toelichting) for o in t.overgangen],
                    sorted(map(kolommen, t.schulden), key=repr))
                   for t in session.scalars(select(Schuldhulptraject))), key=repr)  # fmt: skip


def test_an_export_imports_back_as_the_same_trajectories(session, beheerder, consulent,
                                                         inwoners, tmp_path):  # fmt: skip
    run(session, beheerder, tmp_path, TRAJECTEN, OVERGANGEN, SCHULDEN, koppelingen=WIJKTEAM)
    # One made in Koers itself, through the workflow: no source key, so its id becomes one.
    k4 = session.get(Inwoner, by_key_inwoner(session, "K-4"))
    h.schuld(session, consulent, h.in_regeling(session, consulent, k4), akkoord=None)
    voor = snapshot(session)
    assert si.exporteer(session, actor=beheerder, map=tmp_path / "uit", formaat="xlsx") == {
        "schuldhulptrajecten": 4, "schuldhulpovergangen": 9, "schulden": 4}  # fmt: skip
    assert session.scalar(select(func.count()).select_from(AuditRecord).where(
        AuditRecord.actie == AuditActie.GEEXPORTEERD)) == 8  # fmt: skip
    al = ("staat al schuldhulptrajecten.xlsx, schuldhulpovergangen.xlsx en schulden.xlsx; kies "
          "een lege map.")  # fmt: skip
    with pytest.raises(DomainError, match=re.escape(al)):
        si.exporteer(session, actor=beheerder, map=tmp_path / "uit", formaat="xlsx")
    session.execute(delete(Bronsleutel).where(Bronsleutel.entiteit == si.ENTITEIT))
    for model in (AdministratieVinkje, Schuld, SchuldhulpOvergang, Schuldhulptraject):
        session.execute(delete(model))
    uit = tmp_path / "uit"
    result = si.import_schuldhulp(
        session, actor=beheerder, trajecten=uit / "schuldhulptrajecten.xlsx",
        overgangen=uit / "schuldhulpovergangen.xlsx", schulden=uit / "schulden.xlsx",
        dry_run=False, today=TODAY,
    )  # fmt: skip
    assert result.fouten == [] and result.geimporteerd == 4
    assert snapshot(session) == voor


def test_only_a_functioneel_beheerder_moves_schuldhulp(session, actor, inwoners, tmp_path):
    with pytest.raises(ToegangGeweigerd):
        run(session, actor, tmp_path, [traject()], stappen("S-1", ("01-09-2026", "VOORZORG")))
    with pytest.raises(ToegangGeweigerd):
        si.exporteer(session, actor=actor, map=tmp_path / "uit")
