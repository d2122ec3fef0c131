"""The schuldhulptraject workflow (brief §6.3, §6.7, §9.4 rule 25; rules.md §4): every step on
its allowed path and every refusal, with rights, audit and lead times."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.models import (
    AdministratieItem,
    AuditActie,
    AuditRecord,
    Bedreiging,
    Beschikking,
    Complexiteit,
    Leefgeldfrequentie,
    Partner,
    Rol,
    SchuldhulpFase,
    Schuldproduct,
    SchuldStatus,
    Uitkomst,
    Uitvalreden,
)
from app.services import instellingen as inst
from app.services import inwoners, schulden
from app.services import schuldhulp as svc
from app.services.errors import ConflictError, DomainError, ToegangGeweigerd, ValidationError
from app.services.schuldhulp import BeschikkingGegevens, MeldingGegevens
from app.services.wgs import TermijnSoort
from tests.conftest import TODAY, gemeente_by_name, maak_medewerker, make_bsn
from tests.services import schuldhulp_helpers as h

F = SchuldhulpFase


@pytest.fixture
def team(session):
    return h.sdv_team(session)


@pytest.fixture
def cons(session, team):
    return h.consulent(session, team)


@pytest.fixture
def klant(session, cons):
    """An inwoner the consulent registered, so on their own caseload."""
    data = inwoners.InwonerGegevens(
        bsn=make_bsn(71), voornamen="Fatima", achternaam="El Amrani",
        geboortedatum=date(1985, 6, 1), woongemeente_id=gemeente_by_name(session, "Gorinchem").id,
        regievoerder_id=cons.id,
    )  # fmt: skip
    return inwoners.create_inwoner(session, actor=cons, gegevens=data, today=TODAY)


def test_melding_starts_voorzorg_with_the_four_week_deadline(session, cons, klant):
    t = h.gemeld(session, cons, klant)
    assert t.fase == F.VOORZORG and t.fase_sinds == h.MELDING and t.consulent_id == cons.id
    assert [(o.van_fase, o.naar_fase) for o in t.overgangen] == [(None, F.VOORZORG)]
    [termijn] = svc.termijnen_van(session, t)
    assert termijn.soort == TermijnSoort.EERSTE_GESPREK and termijn.uiterlijk == date(2026, 9, 29)
    audit = session.scalars(select(AuditRecord.onderwerp).where(
        AuditRecord.inwoner_id == klant.id)).all()  # fmt: skip
    assert "schuldhulp" in audit


def test_melding_with_a_threat_gives_three_werkdagen(session, cons, klant):
    t = h.gemeld(session, cons, klant, bedreiging=Bedreiging.ONTRUIMING,
                 bedreiging_datum=h.MELDING)  # fmt: skip
    assert svc.termijnen_van(session, t)[0].uiterlijk == date(2026, 9, 4)


def test_melding_refusals(session, cons, klant):
    def melding(**kw):
        base = MeldingGegevens(h.MELDING, h.Meldingsbron.ZELF, h.Meldingswijze.BALIE)
        return svc.registreer_melding(session, actor=cons, inwoner_id=klant.id,
                                      gegevens=replace(base, **kw), today=TODAY)  # fmt: skip

    with pytest.raises(ValidationError) as e:
        melding(melding_datum=TODAY + timedelta(days=1))
    assert "toekomst" in e.value.errors["melding_datum"]
    with pytest.raises(ValidationError) as e:
        melding(melding_datum=None)
    assert "melding_datum" in e.value.errors
    with pytest.raises(ValidationError) as e:
        melding(bedreiging=Bedreiging.ENERGIE, bedreiging_datum=h.MELDING - timedelta(days=1))
    assert "vóór" in e.value.errors["bedreiging_datum"]
    with pytest.raises(ValidationError) as e:
        melding(bedreiging=Bedreiging.ANDERS, bedreiging_datum=h.MELDING)
    assert "bedreiging_toelichting" in e.value.errors
    with pytest.raises(ValidationError) as e:
        melding(medeaanvrager_id=klant.id)
    assert "medeaanvrager" in e.value.errors
    melding()
    with pytest.raises(DomainError, match="al een lopend schuldhulptraject"):
        melding()


def test_melding_by_someone_else_needs_a_consulent(session, team, cons, klant):
    lead = maak_medewerker(session, "lead.sdv", [Rol.TEAMLEIDER], team=team)
    gegevens = MeldingGegevens(h.MELDING, h.Meldingsbron.ZELF, h.Meldingswijze.BALIE)
    with pytest.raises(ToegangGeweigerd):  # a team lead only reads debt data
        svc.registreer_melding(session, actor=lead, inwoner_id=klant.id, gegevens=gegevens,
                               today=TODAY)  # fmt: skip
    tweede = h.consulent(session, team, "tweede.sdv")
    t = svc.registreer_melding(
        session,
        actor=tweede,
        inwoner_id=klant.id,
        gegevens=replace(gegevens, consulent_id=cons.id),
        today=TODAY,
    )
    assert t.consulent_id == cons.id
    with pytest.raises(ValidationError) as e:
        svc.registreer_melding(
            session,
            actor=tweede,
            inwoner_id=klant.id,
            gegevens=replace(gegevens, consulent_id=lead.id),
            today=TODAY,
        )
    assert "consulent" in e.value.errors


def test_consulent_finds_an_inwoner_of_another_team_by_bsn_for_a_melding(session, cons, actor):
    data = inwoners.InwonerGegevens(
        bsn=make_bsn(72), voornamen="Piet", achternaam="Jansen", geboortedatum=date(1970, 1, 1),
        woongemeente_id=gemeente_by_name(session, "Gorinchem").id, regievoerder_id=actor.id,
    )  # fmt: skip
    ander = inwoners.create_inwoner(session, actor=actor, gegevens=data, today=TODAY)
    with pytest.raises(ToegangGeweigerd):
        inwoners.get_inwoner(session, actor=cons, inwoner_id=ander.id)
    assert svc.inwoner_voor_melding(session, actor=cons, bsn=make_bsn(73)) is None
    with pytest.raises(ValidationError):
        svc.inwoner_voor_melding(session, actor=cons, bsn="123456780")
    inwoner_id, naam = svc.inwoner_voor_melding(session, actor=cons, bsn=ander.bsn)
    assert (inwoner_id, naam) == (ander.id, "Piet Jansen")
    t = h.gemeld(session, cons, ander)
    # The running trajectory brings the inwoner within the counsellor's reach.
    assert inwoners.get_inwoner(session, actor=cons, inwoner_id=ander.id).id == ander.id
    assert svc.get_schuldhulptraject(session, actor=cons, traject_id=t.id).id == t.id


def test_no_beschikking_before_the_eerste_gesprek(session, cons, klant):
    t = h.gemeld(session, cons, klant)
    gegevens = BeschikkingGegevens(Beschikking.TOELATING, h.BESCHIKKING, Complexiteit.EENVOUDIG,
                                   h.PLAN, Schuldproduct.BUDGETBEHEER)  # fmt: skip
    with pytest.raises(DomainError, match="eerste gesprek"):
        svc.neem_beschikking(session, actor=cons, traject_id=t.id, versie=t.versie,
                             gegevens=gegevens, today=TODAY)  # fmt: skip
    assert t.fase == F.VOORZORG and t.beschikking is None


def test_eerste_gesprek_refusals_and_the_beschikking_term(session, cons, klant):
    t = h.gemeld(session, cons, klant)
    with pytest.raises(ValidationError, match="vóór"):
        svc.leg_eerste_gesprek_vast(
            session,
            actor=cons,
            traject_id=t.id,
            versie=t.versie,
            datum=h.MELDING - timedelta(days=1),
            today=TODAY,
        )
    with pytest.raises(ConflictError):
        svc.leg_eerste_gesprek_vast(
            session, actor=cons, traject_id=t.id, versie=t.versie - 1, datum=h.GESPREK, today=TODAY
        )
    svc.leg_eerste_gesprek_vast(
        session, actor=cons, traject_id=t.id, versie=t.versie, datum=h.GESPREK, today=TODAY
    )
    with pytest.raises(DomainError, match="al vastgelegd"):
        svc.leg_eerste_gesprek_vast(
            session, actor=cons, traject_id=t.id, versie=None, datum=h.GESPREK, today=TODAY
        )
    termijnen = svc.termijnen_van(session, t)
    assert termijnen[1].soort == TermijnSoort.BESCHIKKING
    assert termijnen[1].uiterlijk == date(2026, 11, 10)  # 15 September + 8 weeks
    gorinchem = gemeente_by_name(session, "Gorinchem")
    beheerder = maak_medewerker(session, "fb", [Rol.FUNCTIONEEL_BEHEERDER])
    svc.zet_beschikkingstermijn(session, actor=beheerder, gemeente_id=gorinchem.id, weken=6)
    assert svc.termijnen_van(session, t)[1].uiterlijk == date(2026, 10, 27)
    with pytest.raises(ValidationError):
        svc.zet_beschikkingstermijn(session, actor=beheerder, gemeente_id=gorinchem.id, weken=0)
    with pytest.raises(ToegangGeweigerd):
        svc.zet_beschikkingstermijn(session, actor=cons, gemeente_id=gorinchem.id, weken=7)


def test_beschikking_toelating_needs_plan_product_variant_and_classification(session, cons, klant):
    t = h.na_gesprek(session, cons, klant)
    leeg = BeschikkingGegevens(Beschikking.TOELATING, h.BESCHIKKING, None, "kort",
                               Schuldproduct.SCHULDBEMIDDELING)  # fmt: skip
    with pytest.raises(ValidationError) as e:
        svc.neem_beschikking(session, actor=cons, traject_id=t.id, versie=t.versie,
                             gegevens=leeg, today=TODAY)  # fmt: skip
    assert {"complexiteit", "plan_van_aanpak", "variant"} <= e.value.errors.keys()
    krediet = BeschikkingGegevens(Beschikking.TOELATING, h.BESCHIKKING, Complexiteit.EENVOUDIG,
                                  h.PLAN, Schuldproduct.SOCIAAL_KREDIET)  # fmt: skip
    with pytest.raises(ValidationError) as e:
        svc.neem_beschikking(session, actor=cons, traject_id=t.id, versie=t.versie,
                             gegevens=krediet, today=TODAY)  # fmt: skip
    assert "bank" in e.value.errors["reden_geen_bankkrediet"]
    te_vroeg = replace(krediet, datum=h.GESPREK - timedelta(days=1), reden_geen_bankkrediet="BKR")
    with pytest.raises(ValidationError, match="eerste gesprek"):
        svc.neem_beschikking(session, actor=cons, traject_id=t.id, versie=t.versie,
                             gegevens=te_vroeg, today=TODAY)  # fmt: skip
    assert t.fase == F.VOORZORG
    goed = replace(krediet, reden_geen_bankkrediet="Afwijzing Rabobank 12-09 (BKR-registratie)")
    svc.neem_beschikking(session, actor=cons, traject_id=t.id, versie=t.versie, gegevens=goed,
                         today=TODAY)  # fmt: skip
    assert t.fase == F.STABILISATIE and t.fase_sinds == h.BESCHIKKING
    assert t.reden_geen_bankkrediet.startswith("Afwijzing")
    with pytest.raises(DomainError, match="voorzorgfase"):
        svc.neem_beschikking(session, actor=cons, traject_id=t.id, versie=t.versie,
                             gegevens=goed, today=TODAY)  # fmt: skip


def test_afwijzing_needs_a_motivation_and_closes(session, cons, klant):
    t = h.na_gesprek(session, cons, klant)
    afwijzing = BeschikkingGegevens(Beschikking.AFWIJZING, h.BESCHIKKING, Complexiteit.EENVOUDIG)
    with pytest.raises(ValidationError) as e:
        svc.neem_beschikking(session, actor=cons, traject_id=t.id, versie=t.versie,
                             gegevens=afwijzing, today=TODAY)  # fmt: skip
    assert "motivering" in e.value.errors
    svc.neem_beschikking(session, actor=cons, traject_id=t.id, versie=t.versie,
                         gegevens=replace(afwijzing, motivering="Geen problematische schulden"),
                         today=TODAY)  # fmt: skip
    assert t.fase == F.AFGESLOTEN and t.uitkomst == Uitkomst.AFGEWEZEN
    assert t.einddatum == h.BESCHIKKING
    with pytest.raises(DomainError, match="afgesloten"):
        h.schuld(session, cons, t)
    # A closed trajectory makes room for a new melding.
    assert h.gemeld(session, cons, klant).fase == F.VOORZORG


def test_no_schuldregeling_without_complete_administration(session, cons, klant):
    t = h.toegelaten(session, cons, klant, compleet=False)
    svc.vink_administratie(session, actor=cons, traject_id=t.id,
                           items=[AdministratieItem.IDENTITEIT, AdministratieItem.INKOMEN],
                           today=TODAY)  # fmt: skip
    with pytest.raises(DomainError, match="administratie compleet") as e:
        svc.start_schuldregeling(session, actor=cons, traject_id=t.id, versie=t.versie,
                                 datum=h.REGELING, today=TODAY)  # fmt: skip
    assert "bankafschriften" in str(e.value) and "identiteitsbewijs" not in str(e.value)
    assert t.fase == F.STABILISATIE and t.start_schuldregeling is None
    assert svc.ontbreekt_voor(t)["schuldregeling"]
    svc.vink_administratie(session, actor=cons, traject_id=t.id, items=list(AdministratieItem),
                           today=TODAY)  # fmt: skip
    assert svc.ontbreekt_voor(t)["schuldregeling"] == []
    svc.start_schuldregeling(session, actor=cons, traject_id=t.id, versie=t.versie,
                             datum=h.REGELING, today=TODAY)  # fmt: skip
    assert t.fase == F.SCHULDREGELING
    einde = svc.termijnen_van(session, t)[-1]
    assert einde.soort == TermijnSoort.EINDE_SCHULDREGELING
    assert einde.uiterlijk == date(2028, 5, 2)


def test_no_schuldregeling_without_a_toelating(session, cons, klant):
    t = h.na_gesprek(session, cons, klant)
    svc.vink_administratie(session, actor=cons, traject_id=t.id, items=list(AdministratieItem),
                           today=TODAY)  # fmt: skip
    with pytest.raises(DomainError, match="toelatingsbeschikking"):
        svc.start_schuldregeling(session, actor=cons, traject_id=t.id, versie=t.versie,
                                 datum=h.REGELING, today=TODAY)  # fmt: skip
    with pytest.raises(DomainError, match="toelatingsbeschikking"):
        svc.dien_wsnp_verzoek_in(session, actor=cons, traject_id=t.id, versie=t.versie,
                                 datum=h.REGELING, today=TODAY)  # fmt: skip


def test_phases_in_order(session, cons, klant):
    t = h.gemeld(session, cons, klant)
    with pytest.raises(DomainError, match="Nazorg kan pas"):
        svc.start_nazorg(session, actor=cons, traject_id=t.id, versie=t.versie, datum=TODAY,
                         today=TODAY)  # fmt: skip
    with pytest.raises(DomainError, match="nazorgfase"):
        svc.sluit_af(session, actor=cons, traject_id=t.id, versie=t.versie, datum=TODAY,
                     uitkomst=Uitkomst.GESTABILISEERD, today=TODAY)  # fmt: skip
    t = h.in_regeling(session, cons, h_tweede_klant(session, cons))
    with pytest.raises(DomainError, match="stabilisatie"):
        svc.start_schuldregeling(session, actor=cons, traject_id=t.id, versie=t.versie,
                                 datum=TODAY, today=TODAY)  # fmt: skip


def h_tweede_klant(session, cons):
    data = inwoners.InwonerGegevens(
        bsn=make_bsn(74), voornamen="Kees", achternaam="de Vries", geboortedatum=date(1980, 2, 2),
        woongemeente_id=gemeente_by_name(session, "Gorinchem").id, regievoerder_id=cons.id,
    )  # fmt: skip
    return inwoners.create_inwoner(session, actor=cons, gegevens=data, today=TODAY)


def test_full_path_to_nazorg_and_closing_with_lead_times(session, cons, klant):
    t = h.in_regeling(session, cons, klant)
    wsnp = date(2026, 11, 10)
    svc.dien_wsnp_verzoek_in(
        session,
        actor=cons,
        traject_id=t.id,
        versie=t.versie,
        datum=wsnp,
        toelichting="Regeling mislukt: schuldeiser weigert",
        today=TODAY,
    )
    assert t.fase == F.WSNP and t.wsnp_verzoek_datum == wsnp
    with pytest.raises(ValidationError) as e:
        svc.start_nazorg(session, actor=cons, traject_id=t.id, versie=t.versie, datum=TODAY,
                         nazorg_tot=TODAY, today=TODAY)  # fmt: skip
    assert "nazorg_tot" in e.value.errors
    svc.start_nazorg(session, actor=cons, traject_id=t.id, versie=t.versie, datum=date(2026, 11, 20),
                     nazorg_tot=date(2027, 5, 20), today=TODAY)  # fmt: skip
    assert t.fase == F.NAZORG
    with pytest.raises(ValidationError) as e:
        svc.sluit_af(session, actor=cons, traject_id=t.id, versie=t.versie, datum=TODAY,
                     uitkomst=None, today=TODAY)  # fmt: skip
    assert "uitkomst" in e.value.errors
    with pytest.raises(ValidationError):
        svc.sluit_af(session, actor=cons, traject_id=t.id, versie=t.versie, datum=TODAY,
                     uitkomst=Uitkomst.UITVAL, today=TODAY)  # fmt: skip
    svc.sluit_af(session, actor=cons, traject_id=t.id, versie=t.versie, datum=TODAY,
                 uitkomst=Uitkomst.WSNP_TOEGELATEN, today=TODAY)  # fmt: skip
    assert t.fase == F.AFGESLOTEN and t.einddatum == TODAY
    assert [o.naar_fase for o in t.overgangen] == [
        F.VOORZORG,
        F.STABILISATIE,
        F.SCHULDREGELING,
        F.WSNP,
        F.NAZORG,
        F.AFGESLOTEN,
    ]
    tijden = svc.doorlooptijden(t, TODAY)
    assert [(d.fase, d.dagen) for d in tijden] == [
        (F.VOORZORG, 30), (F.STABILISATIE, 32), (F.SCHULDREGELING, 8), (F.WSNP, 10),
        (F.NAZORG, 3)]  # fmt: skip


def test_uitval_in_any_phase_records_phase_and_reason(session, cons, klant):
    t = h.toegelaten(session, cons, klant)
    with pytest.raises(ValidationError) as e:
        svc.meld_uitval(session, actor=cons, traject_id=t.id, versie=t.versie, datum=TODAY,
                        reden=None, today=TODAY)  # fmt: skip
    assert "reden" in e.value.errors
    with pytest.raises(ValidationError) as e:
        svc.meld_uitval(session, actor=cons, traject_id=t.id, versie=t.versie, datum=TODAY,
                        reden=Uitvalreden.ANDERS, today=TODAY)  # fmt: skip
    assert "toelichting" in e.value.errors
    svc.meld_uitval(session, actor=cons, traject_id=t.id, versie=t.versie, datum=TODAY,
                    reden=Uitvalreden.GEEN_MEDEWERKING, today=TODAY)  # fmt: skip
    assert (t.fase, t.uitkomst, t.uitval_fase, t.uitval_reden) == (
        F.AFGESLOTEN,
        Uitkomst.UITVAL,
        F.STABILISATIE,
        Uitvalreden.GEEN_MEDEWERKING,
    )
    with pytest.raises(DomainError, match="afgesloten"):
        svc.meld_uitval(session, actor=cons, traject_id=t.id, versie=t.versie, datum=TODAY,
                        reden=Uitvalreden.VERHUISD, today=TODAY)  # fmt: skip


def test_nvvk_norm_follows_the_setting(session, cons, klant):
    t = h.toegelaten(session, cons, klant)
    nvvk = next(x for x in svc.termijnen_van(session, t) if x.soort == TermijnSoort.NVVK)
    assert nvvk.uiterlijk == h.BESCHIKKING + timedelta(days=120) and nvvk.open
    beheerder = maak_medewerker(session, "fb", [Rol.FUNCTIONEEL_BEHEERDER])
    inst.zet_instelling(session, actor=beheerder, sleutel=inst.NVVK_DAGEN, waarde=90)
    nvvk = next(x for x in svc.termijnen_van(session, t) if x.soort == TermijnSoort.NVVK)
    assert nvvk.uiterlijk == h.BESCHIKKING + timedelta(days=90)


def test_schulden_with_status_rules_and_totals(session, cons, klant):
    t = h.toegelaten(session, cons, klant)
    a = h.schuld(session, cons, t, "Woonlinie", "1250.00")
    h.schuld(session, cons, t, "Eneco", "480.50", SchuldStatus.AKKOORD, "300.00")
    h.schuld(session, cons, t, "CJIB", "90.00", SchuldStatus.AFGELOST, "90.00")
    totaal = schulden.totalen(t.schulden)
    assert (totaal.aantal, totaal.opgegeven, totaal.akkoord, totaal.openstaand) == (
        3,
        Decimal("1820.50"),
        Decimal("390.00"),
        Decimal("1730.50"),
    )
    assert totaal.per_status[SchuldStatus.AKKOORD] == 1
    fout = schulden.SchuldGegevens(" ", h.Schuldsoort.ANDERS, SchuldStatus.AKKOORD, TODAY,
                                   Decimal("-1"), None)  # fmt: skip
    with pytest.raises(ValidationError) as e:
        schulden.voeg_schuld_toe(session, actor=cons, traject_id=t.id, gegevens=fout, today=TODAY)
    assert {"schuldeiser", "bedrag_opgegeven", "bedrag_akkoord"} <= e.value.errors.keys()
    with pytest.raises(ValidationError, match="komma"):
        schulden.voeg_schuld_toe(
            session,
            actor=cons,
            traject_id=t.id,
            today=TODAY,
            gegevens=replace(
                fout, schuldeiser="X", bedrag_opgegeven=Decimal("1.001"), bedrag_akkoord=Decimal(1)
            ),
        )
    assert len(t.schulden) == 3
    gewijzigd = replace(schulden.SchuldGegevens("Woonlinie", h.Schuldsoort.VERHUURDER,
                                                SchuldStatus.AKKOORD, TODAY, Decimal("1250.00"),
                                                Decimal("1000.00")))  # fmt: skip
    with pytest.raises(ConflictError):
        schulden.wijzig_schuld(session, actor=cons, schuld_id=a.id, versie=a.versie + 1,
                               gegevens=gewijzigd, today=TODAY)  # fmt: skip
    schulden.wijzig_schuld(session, actor=cons, schuld_id=a.id, versie=a.versie,
                           gegevens=gewijzigd, today=TODAY)  # fmt: skip
    assert schulden.totalen(t.schulden).akkoord == Decimal("1390.00")
    schulden.verwijder_schuld(session, actor=cons, schuld_id=a.id, versie=a.versie)
    assert schulden.totalen(t.schulden).aantal == 2


def test_referrals_are_recorded(session, cons, klant):
    t = h.gemeld(session, cons, klant)
    with pytest.raises(ValidationError) as e:
        schulden.verwijs_door(session, actor=cons, traject_id=t.id, partner=None, datum=TODAY,
                              reden="", today=TODAY)  # fmt: skip
    assert {"partner", "reden"} <= e.value.errors.keys()
    schulden.verwijs_door(
        session,
        actor=cons,
        traject_id=t.id,
        partner=Partner.FORMULIERENBRIGADE,
        datum=TODAY,
        reden="Hulp bij toeslagen aanvragen",
        today=TODAY,
    )
    assert [d.partner for d in t.doorverwijzingen] == [Partner.FORMULIERENBRIGADE]


def test_budgetbeheer_only_within_a_trajectory_unless_the_policy_changes(session, cons, klant):
    def start(traject_id):
        return schulden.start_budgetbeheer(
            session, actor=cons, inwoner_id=klant.id, schuldhulptraject_id=traject_id,
            startdatum=TODAY, leefgeld=Decimal("75.00"), frequentie=Leefgeldfrequentie.WEKELIJKS,
            today=TODAY)  # fmt: skip

    with pytest.raises(DomainError, match="alleen binnen een lopend schuldhulptraject"):
        start(None)
    t = h.toegelaten(session, cons, klant)
    with pytest.raises(ValidationError) as e:
        schulden.start_budgetbeheer(
            session,
            actor=cons,
            inwoner_id=klant.id,
            schuldhulptraject_id=t.id,
            startdatum=TODAY,
            leefgeld=None,
            frequentie=Leefgeldfrequentie.WEKELIJKS,
            today=TODAY,
        )
    assert "leefgeld" in e.value.errors
    beheer = start(t.id)
    assert beheer.schuldhulptraject_id == t.id
    with pytest.raises(DomainError, match="al lopend budgetbeheer"):
        start(t.id)
    schulden.beeindig_budgetbeheer(
        session,
        actor=cons,
        budgetbeheer_id=beheer.id,
        versie=beheer.versie,
        einddatum=TODAY,
        today=TODAY,
    )
    beheerder = maak_medewerker(session, "fb", [Rol.FUNCTIONEEL_BEHEERDER])
    inst.zet_instelling(session, actor=beheerder, sleutel=inst.BUDGETBEHEER_ALLEEN_MET_TRAJECT,
                        waarde=0)  # fmt: skip
    assert start(None).schuldhulptraject_id is None


def test_debt_data_only_for_debt_roles_and_the_debt_teams_lead(session, team, cons, klant,
                                                               team_a):  # fmt: skip
    t = h.toegelaten(session, cons, klant)
    sdv_lead = maak_medewerker(session, "lead.sdv", [Rol.TEAMLEIDER], team=team)
    assert svc.get_schuldhulptraject(session, actor=sdv_lead, traject_id=t.id).id == t.id
    andere_lead = maak_medewerker(session, "lead.a", [Rol.TEAMLEIDER], team=team_a)
    with pytest.raises(ToegangGeweigerd):
        svc.get_schuldhulptraject(session, actor=andere_lead, traject_id=t.id)
    coach = maak_medewerker(session, "coach.sdv", [Rol.JOBCOACH], team=team)
    with pytest.raises(ToegangGeweigerd):
        svc.schuldhulptrajecten_van(session, actor=coach, inwoner_id=klant.id)
    # The re-integration roles see only that schuldhulp is running.
    assert svc.heeft_lopend_schuldhulptraject(session, actor=coach, inwoner_id=klant.id)
    with pytest.raises(ToegangGeweigerd):
        svc.leg_eerste_gesprek_vast(session, actor=sdv_lead, traject_id=t.id, versie=None,
                                    datum=TODAY, today=TODAY)  # fmt: skip


def test_two_counsellors_registering_at_once_get_the_rule_not_a_crash(
    session, cons, klant, monkeypatch
):
    """The partial unique index catches the race the service's own check cannot see: the check
    is made blind to the open trajectory, as if a colleague had just committed it."""
    h.gemeld(session, cons, klant)
    monkeypatch.setattr(svc, "_heeft_open_traject", lambda _session, _inwoner_id: False)
    with pytest.raises(DomainError, match="al een lopend schuldhulptraject"):
        h.gemeld(session, cons, klant)
    monkeypatch.undo()
    assert len(svc.schuldhulptrajecten_van(session, actor=cons, inwoner_id=klant.id)) == 1


def test_opening_the_debt_data_is_one_audited_read(session, cons, klant):
    h.gemeld(session, cons, klant)

    def reads():
        return session.scalar(select(func.count()).select_from(AuditRecord).where(
            AuditRecord.inwoner_id == klant.id, AuditRecord.actie == AuditActie.GELEZEN,
            AuditRecord.onderwerp == "schuldhulp"))  # fmt: skip

    svc.schuldhulptrajecten_van(session, actor=cons, inwoner_id=klant.id)
    assert reads() == 1
    svc.schuldhulptrajecten_van(session, actor=cons, inwoner_id=klant.id, audit=False)
    assert reads() == 1


def test_the_administration_checklist_is_guarded_by_the_trajectory_version(session, cons, klant):
    """Two consulenten ticking the checklist from the same screen: the second is refused
    instead of undoing the first one's ticks."""
    t = h.toegelaten(session, cons, klant, compleet=False)
    versie = t.versie
    svc.vink_administratie(session, actor=cons, traject_id=t.id, versie=versie,
                           items=[AdministratieItem.IDENTITEIT], today=TODAY)  # fmt: skip
    assert t.versie > versie
    with pytest.raises(ConflictError):
        svc.vink_administratie(session, actor=cons, traject_id=t.id, versie=versie,
                               items=[AdministratieItem.INKOMEN], today=TODAY)  # fmt: skip
    assert {v.item for v in t.administratie} == {AdministratieItem.IDENTITEIT}
