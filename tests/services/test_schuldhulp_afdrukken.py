"""The printed plan van aanpak of a schuldhulptraject: complete, audited, refused without the
SCHULDHULP right or without a toelating; and the deadline state in words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.models import (
    AuditActie,
    AuditRecord,
    Leefgeldfrequentie,
    Partner,
    Rol,
    SchuldStatus,
)
from app.services import inwoners, schulden
from app.services import schuldhulp_afdrukken as afdruk
from app.services.demodatabase import DEMO_REGEL, markeer_als_demo
from app.services.errors import DomainError, ToegangGeweigerd
from app.services.wgs import Termijn, TermijnSoort, Termijnstatus, termijn_stand
from tests.conftest import TODAY, gemeente_by_name, maak_medewerker, maak_team, make_bsn
from tests.services import schuldhulp_helpers as h
from tests.services.test_iop_afdrukken import pdf_text


@pytest.fixture
def team(session):
    return h.sdv_team(session)


@pytest.fixture
def cons(session, team):
    return h.consulent(session, team)


@pytest.fixture
def klant(session, cons):
    data = inwoners.InwonerGegevens(
        bsn=make_bsn(81), voornamen="Łukasz", achternaam="Şahin-Öztürk",
        geboortedatum=date(1985, 6, 1), woongemeente_id=gemeente_by_name(session, "Gorinchem").id,
        regievoerder_id=cons.id,
    )  # fmt: skip
    return inwoners.create_inwoner(session, actor=cons, gegevens=data, today=TODAY)


def flat(pdf: bytes, tmp_path) -> str:
    return " ".join(pdf_text(pdf, tmp_path).split())


def test_the_plan_holds_everything_to_sign(session, cons, klant, tmp_path):
    t = h.in_regeling(session, cons, klant)
    h.schuld(session, cons, t, "Woonlinie", "1250.50", SchuldStatus.AKKOORD, akkoord="1000.00")
    h.schuld(session, cons, t, "CJIB", "300.00")
    schulden.verwijs_door(session, actor=cons, traject_id=t.id, partner=Partner.SCHULDHULPMAATJES,
                          datum=h.GESPREK, reden="Hulp bij het ordenen van de post",
                          today=TODAY)  # fmt: skip
    schulden.start_budgetbeheer(session, actor=cons, inwoner_id=klant.id,
                                schuldhulptraject_id=t.id, startdatum=h.BESCHIKKING,
                                leefgeld=Decimal("75.00"), frequentie=Leefgeldfrequentie.WEKELIJKS,
                                postadres=True, today=TODAY)  # fmt: skip
    text = flat(afdruk.print_plan_van_aanpak(session, actor=cons, traject_id=t.id,
                                             printed=TODAY), tmp_path)  # fmt: skip
    for expected in (
        "Plan van aanpak schuldhulpverlening", "Łukasz Şahin-Öztürk",
        f"*****{klant.bsn[-4:]}", "Consulent.sdv", "Gorinchem",
        "01-09-2026", "15-09-2026", "Toelating op 01-10-2026",
        "Schuldbemiddeling", "Schuldregeling", "Complex", h.PLAN,
        "Woonlinie", "€ 1.250,50", "€ 1.000,00", "CJIB",
        "Aantal schulden 2", "Totaal opgegeven € 1.550,50", "Openstaand € 1.550,50",
        "Schuldhulpmaatjes", "Hulp bij het ordenen van de post",
        "€ 75,00 per week", "Eerste gesprek", "gehaald op 15-09-2026, op tijd",
        "Aanbod schuldregeling (NVVK-norm)", "Einde schuldregeling", "02-05-2028",
        "Ondertekening", "Handtekening", "VERTROUWELIJK", "pagina 1 van",
    ):  # fmt: skip
        assert expected in text, expected
    assert klant.bsn not in text  # never the whole BSN


def test_printing_is_audited(session, cons, klant, tmp_path):
    t = h.toegelaten(session, cons, klant)
    afdruk.print_plan_van_aanpak(session, actor=cons, traject_id=t.id, printed=TODAY)
    assert session.query(AuditRecord).filter_by(onderwerp="schuldhulp (plan van aanpak)",
                                                actie=AuditActie.GELEZEN,
                                                inwoner_id=klant.id).count() == 1  # fmt: skip


def test_writes_the_file_with_a_suggested_name(session, cons, klant, tmp_path):
    t = h.toegelaten(session, cons, klant)
    naam = afdruk.bestandsnaam_voor(session, actor=cons, traject_id=t.id)
    assert naam == "Plan-van-aanpak-sahin-ozturk-lukasz-2026-10-01.pdf"
    path = afdruk.schrijf_plan_van_aanpak(session, actor=cons, traject_id=t.id,
                                          path=tmp_path / naam, printed=TODAY)  # fmt: skip
    assert path.read_bytes().startswith(b"%PDF")


def test_no_plan_before_a_toelating(session, cons, klant):
    t = h.na_gesprek(session, cons, klant)
    with pytest.raises(DomainError, match="toelatingsbeschikking"):
        afdruk.print_plan_van_aanpak(session, actor=cons, traject_id=t.id)


@pytest.mark.parametrize("rollen", [[Rol.JOBCOACH], [Rol.TEAMLEIDER]])
def test_without_the_schuldhulp_right_printing_is_refused(session, team, cons, klant, rollen):
    t = h.toegelaten(session, cons, klant)
    # A jobcoach, or a team lead of another (not an SDV) team, never reads debt data.
    ander = maak_medewerker(session, "geen.sdv", rollen, team=maak_team(session, "Team X"))
    with pytest.raises(ToegangGeweigerd):
        afdruk.print_plan_van_aanpak(session, actor=ander, traject_id=t.id)
    with pytest.raises(ToegangGeweigerd):
        afdruk.bestandsnaam_voor(session, actor=ander, traject_id=t.id)


def test_the_sdv_team_lead_may_print(session, team, cons, klant, tmp_path):
    t = h.toegelaten(session, cons, klant)
    lead = maak_medewerker(session, "lead.sdv", [Rol.TEAMLEIDER], team=team)
    text = flat(afdruk.print_plan_van_aanpak(session, actor=lead, traject_id=t.id), tmp_path)
    assert "Plan van aanpak schuldhulpverlening" in text


PEIL = date(2026, 10, 10)


@pytest.mark.parametrize(
    ("uiterlijk", "gehaald", "afgesloten", "stand", "tekst"),
    [
        (date(2026, 10, 1), None, False, Termijnstatus.TE_LAAT, "9 dagen te laat"),
        (date(2026, 10, 9), None, False, Termijnstatus.TE_LAAT, "1 dag te laat"),
        (date(2026, 10, 10), None, False, Termijnstatus.BIJNA, "let op: verloopt vandaag"),
        (date(2026, 10, 13), None, False, Termijnstatus.BIJNA, "let op: nog 3 dagen"),
        (date(2026, 10, 14), None, False, Termijnstatus.OPEN, "nog 4 dagen"),
        (date(2026, 10, 14), date(2026, 10, 2), False, Termijnstatus.GEHAALD,
         "gehaald op 02-10-2026, op tijd"),
        (date(2026, 10, 1), date(2026, 10, 2), False, Termijnstatus.TE_LAAT_GEHAALD,
         "te laat gehaald op 02-10-2026"),
        (date(2026, 10, 1), None, True, Termijnstatus.VERVALLEN, "vervallen: het traject is afgesloten"),
    ],
)  # fmt: skip
def test_deadline_state_in_words(uiterlijk, gehaald, afgesloten, stand, tekst):
    termijn = Termijn(TermijnSoort.BESCHIKKING, uiterlijk, gehaald)
    assert termijn_stand(termijn, PEIL, afgesloten=afgesloten) == (stand, tekst)


def test_from_a_demo_database_the_plan_says_demo(session, cons, klant, tmp_path):
    t = h.in_regeling(session, cons, klant)
    assert "DEMO" not in flat(afdruk.print_plan_van_aanpak(session, actor=cons,
                                                              traject_id=t.id), tmp_path)  # fmt: skip
    markeer_als_demo(session, TODAY)
    tekst = flat(afdruk.print_plan_van_aanpak(session, actor=cons, traject_id=t.id), tmp_path)
    assert DEMO_REGEL in tekst
