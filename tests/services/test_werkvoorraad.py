"""The werkvoorraad lists exactly the items whose norm or date is reached, at each boundary
(the day before, the day of and the day after), for the medewerker's own inwoners only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.models import Intensiteit, Kanaal, Ontwikkelstadium, Rol, TrajectFase
from app.services import contactmomenten, trajecten
from app.services.errors import ToegangGeweigerd
from app.services.normen import Niveau
from app.services.werkvoorraad import werkvoorraad
from tests.conftest import TODAY, maak_medewerker
from tests.services import traject_helpers as h
from tests.services.iop_helpers import concept, vaststellen, volledig

DAG = timedelta(days=1)


def _items(session, actor, peil, soort=None, **kwargs):
    items = werkvoorraad(session, actor=actor, peildatum=peil, **kwargs)
    return [i for i in items if soort is None or i.soort == soort]


def _niveaus(session, actor, grens, soort):
    """The level of the item of this kind on the day before, of and after `grens`."""
    result = []
    for peil in (grens - DAG, grens, grens + DAG):
        items = _items(session, actor, peil, soort)
        assert len(items) <= 1
        result.append(items[0].niveau if items else None)
    return result


def test_outflow_norm_boundaries(session, actor, plan_inwoner):
    traject = h.stadium(session, actor, plan_inwoner, Ontwikkelstadium.KLEINE_AFSTAND)
    traject.werkfit_sinds = date(2026, 1, 10)
    session.flush()
    w, e = Niveau.WAARSCHUWING, Niveau.ESCALATIE
    assert _niveaus(session, actor, date(2026, 5, 10), "uitstroomnorm") == [None, w, w]
    assert _niveaus(session, actor, date(2026, 7, 10), "uitstroomnorm") == [w, e, e]


def test_outflow_clock_stops_at_placement(session, actor, plan_inwoner, team_a):
    traject = h.geplaatst(session, actor, plan_inwoner, team_a)
    traject.werkfit_sinds = date(2025, 1, 1)
    session.flush()
    assert _items(session, actor, TODAY, "uitstroomnorm") == []


def test_development_length_boundaries_and_the_extension(session, actor, plan_inwoner):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    traject.ontwikkeling_sinds = date(2024, 3, 15)
    session.flush()
    w, e = Niveau.WAARSCHUWING, Niveau.ESCALATIE
    assert _niveaus(session, actor, date(2025, 9, 15), "ontwikkelduur") == [None, w, w]
    assert _niveaus(session, actor, date(2026, 3, 15), "ontwikkelduur") == [w, e, e]
    assert "besluit teamleider" in _items(session, actor, TODAY, "ontwikkelduur")[0].omschrijving
    trajecten.verleng(session, actor=actor, traject_id=traject.id, tot=TODAY + 30 * DAG,
                      toelichting="Laatste doelen binnen bereik", today=TODAY)  # fmt: skip
    assert _items(session, actor, TODAY, "ontwikkelduur") == []
    assert _items(session, actor, TODAY + 31 * DAG, "ontwikkelduur")[0].niveau == e


def test_evaluation_due_boundaries(session, actor, plan_inwoner):
    plan = vaststellen(session, actor, concept(session, actor, plan_inwoner))
    due = plan.volgende_evaluatie
    assert _niveaus(session, actor, due, "evaluatie") == [
        Niveau.DEZE_WEEK,
        Niveau.VANDAAG,
        Niveau.TE_LAAT,
    ]
    assert _items(session, actor, due - 8 * DAG, "evaluatie") == []
    item = _items(session, actor, due, "evaluatie")[0]
    assert item.onderdeel == "ontwikkelplan" and item.record_id == plan.id


def test_stage_3_contact_norm(session, actor, plan_inwoner):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    trajecten.naar_participatie(session, actor=actor, traject_id=traject.id, contact_per_jaar=2,
                                toelichting="Eerst gezondheid op orde", datum=TODAY,
                                today=TODAY)  # fmt: skip
    contactmomenten.add_contactmoment(
        session, actor=actor, inwoner_id=plan_inwoner.id, today=TODAY,
        gegevens=contactmomenten.ContactGegevens(datum=date(2026, 5, 31), kanaal=Kanaal.TELEFOON,
                                                 samenvatting="Gebeld"))  # fmt: skip
    # Twice a year: due six months after the last contact, 30 November.
    assert _niveaus(session, actor, date(2026, 11, 30), "contactnorm") == [
        Niveau.DEZE_WEEK,
        Niveau.VANDAAG,
        Niveau.TE_LAAT,
    ]
    assert _items(session, actor, date(2026, 11, 22), "contactnorm") == []


def test_daily_contact_for_a_daily_guidance_regime(session, actor, plan_inwoner):
    gegevens = volledig()
    gegevens.regime.intensiteit = Intensiteit.DAGELIJKS
    vaststellen(
        session,
        actor,
        concept(session, actor, plan_inwoner, gegevens),
        ondertekend_inwoner_op=TODAY - 10 * DAG,
    )
    session.flush()
    contactmomenten.add_contactmoment(
        session, actor=actor, inwoner_id=plan_inwoner.id, today=TODAY,
        gegevens=contactmomenten.ContactGegevens(datum=date(2026, 11, 19), kanaal=Kanaal.OP_LOCATIE,
                                                 samenvatting="Op de werkplek gesproken"))  # fmt: skip
    # Last contact Thursday 19 November: Friday is fine, Monday (previous working day Friday)
    # is a day late.
    assert _items(session, actor, date(2026, 11, 20), "contactnorm") == []
    assert _items(session, actor, date(2026, 11, 23), "contactnorm")[0].niveau == Niveau.TE_LAAT


def test_trajectory_without_a_next_step(session, actor, plan_inwoner):
    traject = h.aangemeld(session, actor, plan_inwoner)
    # Aangemeld on START (1 September); the signal comes after 14 days.
    assert _niveaus(session, actor, traject.fase_sinds + 14 * DAG, "volgende_stap") == [
        None,
        Niveau.WAARSCHUWING,
        Niveau.WAARSCHUWING,
    ]
    svc_item = _items(session, actor, TODAY, "volgende_stap")[0]
    assert svc_item.onderdeel == "traject" and svc_item.record_id == traject.id


def test_planned_follow_up_until_a_later_contact(session, actor, plan_inwoner):
    def contact(datum, vervolg=None):
        contactmomenten.add_contactmoment(
            session, actor=actor, inwoner_id=plan_inwoner.id, today=TODAY,
            gegevens=contactmomenten.ContactGegevens(
                datum=datum, kanaal=Kanaal.TELEFOON, samenvatting="Gebeld",
                vervolgactie="Terugbellen over werkplek" if vervolg else "",
                vervolgdatum=vervolg))  # fmt: skip

    contact(date(2026, 11, 10), vervolg=date(2026, 11, 20))
    assert _niveaus(session, actor, date(2026, 11, 20), "vervolgcontact") == [
        Niveau.DEZE_WEEK,
        Niveau.VANDAAG,
        Niveau.TE_LAAT,
    ]
    contact(date(2026, 11, 21))
    assert _items(session, actor, date(2026, 11, 22), "vervolgcontact") == []


def test_aftercare_that_ends(session, actor, plan_inwoner, team_a):
    traject = h.geplaatst(session, actor, plan_inwoner, team_a)
    trajecten.start_begeleiding(session, actor=actor, traject_id=traject.id, datum=TODAY,
                                today=TODAY)  # fmt: skip
    trajecten.start_nazorg(session, actor=actor, traject_id=traject.id, datum=TODAY,
                           nazorg_tot=date(2027, 2, 1), afspraken="Maandelijks bellen",
                           today=TODAY)  # fmt: skip
    assert _niveaus(session, actor, date(2027, 2, 1), "nazorg") == [
        Niveau.DEZE_WEEK,
        Niveau.VANDAAG,
        Niveau.TE_LAAT,
    ]


def test_only_own_inwoners_and_team_escalations_for_a_team_lead(
    session, actor, plan_inwoner, team_a
):
    coach = maak_medewerker(session, "coach.b", [Rol.JOBCOACH], team=team_a)
    traject = h.stadium(session, actor, plan_inwoner, Ontwikkelstadium.KLEINE_AFSTAND)
    traject.werkfit_sinds = date(2026, 6, 1)  # warning on TODAY, escalation from 1 December
    session.flush()
    # The coach of the same team does not work for this inwoner: nothing on their list.
    assert werkvoorraad(session, actor=coach, peildatum=TODAY) == []
    lead = maak_medewerker(session, "lead", [Rol.TEAMLEIDER], team=team_a)
    assert _items(session, lead, TODAY, "uitstroomnorm") == []  # only a warning
    assert _items(session, lead, date(2026, 12, 1), "uitstroomnorm")[0].niveau == Niveau.ESCALATIE
    # The team lead may look at a team member's list; a coach may not look at another's.
    assert _items(session, lead, TODAY, "uitstroomnorm", medewerker_id=actor.id)
    with pytest.raises(ToegangGeweigerd):
        werkvoorraad(session, actor=coach, medewerker_id=actor.id, peildatum=TODAY)


def test_most_urgent_first(session, actor, plan_inwoner):
    traject = h.aangemeld(session, actor, plan_inwoner)
    traject.fase = TrajectFase.ZELFSTANDIG_ZOEKEN
    traject.werkfit_sinds = date(2025, 1, 1)
    vaststellen(session, actor, concept(session, actor, plan_inwoner))
    session.flush()
    niveaus = [
        i.niveau.rang for i in werkvoorraad(session, actor=actor, peildatum=date(2027, 6, 1))
    ]
    assert niveaus == sorted(niveaus) and len(niveaus) >= 2
