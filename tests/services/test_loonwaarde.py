"""Loonwaardemetingen (rules.md §3): the task list must add up, every score is a percentage,
an override needs a reason, the next measurement follows the municipality's interval; the
reference data is dated and editable; a measurement due soon is in the werkvoorraad."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.models import Gemeente, Rol
from app.services import loonwaarde as svc
from app.services.errors import ToegangGeweigerd, ValidationError
from app.services.normen import Niveau
from app.services.werkvoorraad import werkvoorraad
from tests.conftest import TODAY, maak_medewerker
from tests.services import traject_helpers as h

D = Decimal


def test_measurement_computes_the_wage_value_and_the_next_date(session, actor, plan_inwoner):
    meting = h.loonwaardemeting(session, actor, plan_inwoner, datum=date(2026, 10, 31))
    # 0.6 × 55 + 0.4 × 55 = 55
    assert meting.berekende_loonwaarde == 55 and meting.loonwaarde == 55
    assert meting.volgende_meting == date(2027, 10, 31)
    assert [t.omschrijving for t in meting.taken] == ["Maaien", "Snoeien"]


def test_the_municipality_sets_the_interval(session, actor, plan_inwoner):
    gemeente = session.get(Gemeente, plan_inwoner.betaalgemeente_id)
    beheerder = maak_medewerker(session, "fb", [Rol.FUNCTIONEEL_BEHEERDER])
    svc.zet_herbeoordeling(session, actor=beheerder, gemeente_id=gemeente.id, maanden=6)
    meting = h.loonwaardemeting(session, actor, plan_inwoner, datum=date(2026, 8, 31))
    assert meting.volgende_meting == date(2027, 2, 28)
    with pytest.raises(ValidationError):
        svc.zet_herbeoordeling(session, actor=beheerder, gemeente_id=gemeente.id, maanden=0)
    with pytest.raises(ToegangGeweigerd):
        svc.zet_herbeoordeling(session, actor=actor, gemeente_id=gemeente.id, maanden=6)


def test_shares_must_add_up_to_100(session, actor, plan_inwoner):
    taken = [svc.TaakGegevens("Maaien", D(60), D(60), D(50), D(55)),
             svc.TaakGegevens("Snoeien", D(35), D(55), D(50), D(60))]  # fmt: skip
    with pytest.raises(ValidationError) as error:
        h.loonwaardemeting(session, actor, plan_inwoner, taken=taken)
    assert error.value.errors == {
        "taken": "De aandelen van de taken tellen op tot 95 %; dat moet precies 100 % zijn."
    }
    assert svc.metingen(session, actor=actor, inwoner_id=plan_inwoner.id) == []


@pytest.mark.parametrize("score", [D(-1), D("100.5"), None])
def test_scores_are_percentages(session, actor, plan_inwoner, score):
    taken = [svc.TaakGegevens("Maaien", D(100), D(60), score, D(55))]
    with pytest.raises(ValidationError) as error:
        h.loonwaardemeting(session, actor, plan_inwoner, taken=taken)
    message = error.value.errors["taak_1"]
    assert message.startswith("Taak 1:") and "tempo" in message and "0–100 %" in message


def test_every_field_is_checked(session, actor, plan_inwoner):
    with pytest.raises(ValidationError) as error:
        svc.leg_meting_vast(
            session,
            actor=actor,
            inwoner_id=plan_inwoner.id,
            today=TODAY,
            gegevens=svc.MetingGegevens(datum=TODAY + timedelta(days=1)),
        )
    assert set(error.value.errors) == {"datum", "methode", "aanleiding", "meter",
                                       "meter_organisatie", "werkplek", "normfunctie",
                                       "uren_per_week", "taken"}  # fmt: skip


def test_an_override_needs_a_reason(session, actor, plan_inwoner):
    with pytest.raises(ValidationError, match="vraagt een reden"):
        h.loonwaardemeting(session, actor, plan_inwoner, vastgestelde_loonwaarde=30)
    meting = h.loonwaardemeting(
        session,
        actor,
        plan_inwoner,
        vastgestelde_loonwaarde=30,
        reden_vastgesteld="Beschutte setting meet te hoog (Pantar)",
    )
    assert meting.berekende_loonwaarde == 55 and meting.loonwaarde == 30


def test_valid_on_a_date(session, actor, plan_inwoner):
    meting = h.loonwaardemeting(session, actor, plan_inwoner, datum=date(2026, 1, 15))
    assert svc.geldige_meting(session, plan_inwoner.id, date(2026, 1, 14)) is None
    assert svc.geldige_meting(session, plan_inwoner.id, date(2027, 1, 14)) == meting
    assert svc.geldige_meting(session, plan_inwoner.id, date(2027, 1, 15)) is None


def test_minimum_wage_by_date_and_age(session):
    assert svc.wml_uur(session, date(2025, 6, 30)) == D("14.06")
    assert svc.wml_uur(session, date(2025, 7, 1)) == D("14.40")
    assert svc.wml_uur(session, date(2026, 3, 1), leeftijd=17) == D("5.81")
    assert svc.wml_uur(session, date(2026, 3, 1), leeftijd=21) == D("14.71")
    assert svc.werkgeverslasten_pct(session, date(2017, 12, 31)) == D(23)
    assert svc.werkgeverslasten_pct(session, date(2018, 1, 1)) == D("23.5")


def test_reference_data_is_added_by_the_beheerder_and_checked(session, actor):
    beheerder = maak_medewerker(session, "fb", [Rol.FUNCTIONEEL_BEHEERDER])
    svc.zet_minimumloon(session, actor=beheerder, geldig_van=date(2026, 7, 1),
                        uurloon=D("15.00"))  # fmt: skip
    assert svc.wml_uur(session, date(2026, 7, 1)) == D("15.00")
    with pytest.raises(ValidationError) as error:
        svc.zet_minimumloon(session, actor=beheerder, geldig_van=None, uurloon=D("0.50"))
    assert set(error.value.errors) == {"geldig_van", "uurloon"}
    with pytest.raises(ValidationError):
        svc.zet_werkgeverslasten(session, actor=beheerder, geldig_van=TODAY, percentage=D(80))
    with pytest.raises(ValidationError):
        svc.zet_jeugdpercentage(session, actor=beheerder, geldig_van=TODAY, leeftijd=21,
                                percentage=D(90))  # fmt: skip
    with pytest.raises(ToegangGeweigerd):
        svc.zet_minimumloon(session, actor=actor, geldig_van=TODAY, uurloon=D("15.00"))


def test_a_measurement_due_within_30_days_is_in_the_werkvoorraad(session, actor, plan_inwoner):
    meting = h.loonwaardemeting(session, actor, plan_inwoner, datum=date(2025, 12, 23))
    due = meting.volgende_meting  # 23 December 2026

    def items(peil):
        return [
            i
            for i in werkvoorraad(session, actor=actor, peildatum=peil)
            if i.soort == "loonwaardemeting"
        ]

    assert items(due - timedelta(days=31)) == []
    assert items(due - timedelta(days=30))[0].niveau == Niveau.DEZE_WEEK
    assert items(due)[0].niveau == Niveau.VANDAAG
    assert items(due + timedelta(days=1))[0].niveau == Niveau.TE_LAAT
    assert items(due)[0].onderdeel == "loonwaarde"
    # A newer measurement replaces the old one.
    h.loonwaardemeting(session, actor, plan_inwoner, datum=TODAY)
    assert items(due) == []


def test_the_placement_links_the_measurement(session, actor, plan_inwoner, team_a):
    meting = h.loonwaardemeting(session, actor, plan_inwoner, datum=TODAY - timedelta(days=10))
    from app.models import Plaatsingsvorm
    from app.services import trajecten

    h.geplaatst(session, actor, plan_inwoner, team_a, plaatsingsvorm=Plaatsingsvorm.REGULIER_LKS)
    plaatsing = trajecten.plaatsingen(session, actor=actor, inwoner_id=plan_inwoner.id)[0]
    assert plaatsing.loonwaardemeting_id == meting.id and plaatsing.lks
