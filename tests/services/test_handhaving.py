"""T14 and rule 24: the sanction investigation needs a breached obligation of the IOP, weighs
culpability and personal circumstances before advice, and ends with the municipality's
decision."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.models import Ontwikkelstadium, TrajectFase
from app.services import handhaving as svc
from app.services import trajecten
from app.services.errors import DomainError, ValidationError
from app.services.ontwikkelplannen import AfspraakGegevens
from tests.conftest import TODAY
from tests.services import traject_helpers as h
from tests.services.iop_helpers import concept, vaststellen, volledig


def _open(session, actor, traject, **overrides):
    afspraak = trajecten.verplichtingen(session, traject.inwoner_id)[0]
    gegevens = svc.HandhavingGegevens(afspraak.id, TODAY, "Drie keer niet verschenen",
                                      "IJmondiale Maatregelverordening 2026")  # fmt: skip
    for key, value in overrides.items():
        setattr(gegevens, key, value)
    return svc.open_handhaving(session, actor=actor, traject_id=traject.id, gegevens=gegevens,
                               today=TODAY)  # fmt: skip


def test_open_weigh_advise_decide(session, actor, plan_inwoner):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    zaak = _open(session, actor, traject)
    assert zaak.afspraak_omschrijving == "Meldt zich af bij ziekte"
    assert traject.fase == TrajectFase.ONTWIKKELING  # a parallel flag, not a phase
    svc.weeg_af(
        session,
        actor=actor,
        zaak_id=zaak.id,
        verwijtbaarheid="Volledig verwijtbaar",
        persoonlijke_omstandigheden="Geen bijzondere omstandigheden",
    )
    svc.geef_advies(session, actor=actor, zaak_id=zaak.id, advies="Maatregel van 20% gedurende "
                    "een maand", datum=TODAY, today=TODAY)  # fmt: skip
    svc.leg_besluit_vast(session, actor=actor, zaak_id=zaak.id, kenmerk="GEM/2026/1234",
                         datum=TODAY, today=TODAY)  # fmt: skip
    assert [o.code for o in traject.overgangen][-3:] == ["T14", "T14", "T14"]
    assert trajecten.open_zaak(session, traject.id) is None
    with pytest.raises(DomainError, match="al besloten"):
        svc.weeg_af(
            session,
            actor=actor,
            zaak_id=zaak.id,
            verwijtbaarheid="x" * 12,
            persoonlijke_omstandigheden="x" * 12,
        )


def test_no_investigation_without_an_obligation(session, actor, plan_inwoner):
    traject = h.stadium(session, actor, plan_inwoner, Ontwikkelstadium.ONTWIKKELPOTENTIEEL)
    afspraak = AfspraakGegevens("Gemeente betaalt de reiskosten", verplichting=False)
    vaststellen(session, actor, concept(session, actor, plan_inwoner,
                                        volledig(afspraken=[afspraak])))  # fmt: skip
    with pytest.raises(DomainError, match="verplichting van de inwoner"):
        svc.open_handhaving(
            session,
            actor=actor,
            traject_id=traject.id,
            today=TODAY,
            gegevens=svc.HandhavingGegevens(None, TODAY, "x" * 12, "Verordening"),
        )


def test_open_refuses_bad_input_and_a_second_open_case(session, actor, plan_inwoner):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    with pytest.raises(ValidationError) as error:
        svc.open_handhaving(session, actor=actor, traject_id=traject.id, today=TODAY,
                            gegevens=svc.HandhavingGegevens(None, TODAY + timedelta(days=1),
                                                            "kort", ""))  # fmt: skip
    assert set(error.value.errors) == {"afspraak", "signaal_datum", "omschrijving",
                                       "verordening"}  # fmt: skip
    _open(session, actor, traject)
    with pytest.raises(DomainError, match="geen ander maatregelonderzoek"):
        _open(session, actor, traject)


def test_advice_only_after_weighing(session, actor, plan_inwoner):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    zaak = _open(session, actor, traject)
    with pytest.raises(DomainError) as error:
        svc.geef_advies(
            session,
            actor=actor,
            zaak_id=zaak.id,
            advies="Maatregel opleggen",
            datum=TODAY,
            today=TODAY,
        )
    assert "verwijtbaarheid" in error.value.message
    assert "persoonlijke omstandigheden" in error.value.message
    with pytest.raises(ValidationError) as error:
        svc.weeg_af(
            session,
            actor=actor,
            zaak_id=zaak.id,
            verwijtbaarheid="",
            persoonlijke_omstandigheden="",
        )
    assert set(error.value.errors) == {"verwijtbaarheid", "persoonlijke_omstandigheden"}


def test_decision_only_after_advice(session, actor, plan_inwoner):
    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    zaak = _open(session, actor, traject)
    with pytest.raises(DomainError, match="advies is gegeven"):
        svc.leg_besluit_vast(
            session, actor=actor, zaak_id=zaak.id, kenmerk="GEM/1", datum=TODAY, today=TODAY
        )


def test_no_investigation_on_a_closed_trajectory(session, actor, plan_inwoner):
    from app.models import Uitstroomreden

    traject = h.in_ontwikkeling(session, actor, plan_inwoner)
    trajecten.sluit_af(
        session,
        actor=actor,
        traject_id=traject.id,
        datum=TODAY,
        today=TODAY,
        uitstroomreden=Uitstroomreden.VERHUIZING,
    )
    with pytest.raises(DomainError, match="het traject loopt"):
        _open(session, actor, traject)
