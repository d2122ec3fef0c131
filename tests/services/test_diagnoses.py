"""Diagnoses (special personal data: every read audited) and the participatieladder."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.models import AuditActie, AuditRecord, Meetinstrument
from app.services import diagnoses as svc
from app.services.errors import ValidationError
from tests.conftest import TODAY


def test_diagnosis_recorded_and_reading_is_audited(session, actor, plan_inwoner):
    svc.leg_diagnose_vast(
        session,
        actor=actor,
        inwoner_id=plan_inwoner.id,
        today=TODAY,
        gegevens=svc.DiagnoseGegevens(
            Meetinstrument.PSYCHOLOGISCH_ONDERZOEK, TODAY, "De Passage", "Lichte LVB"
        ),
    )
    assert [
        d.resultaat for d in svc.diagnoses(session, actor=actor, inwoner_id=plan_inwoner.id)
    ] == ["Lichte LVB"]
    gelezen = session.scalars(
        select(AuditRecord).where(
            AuditRecord.onderwerp == "diagnose", AuditRecord.actie == AuditActie.GELEZEN
        )
    ).all()
    assert len(gelezen) == 1 and gelezen[0].inwoner_id == plan_inwoner.id


def test_diagnosis_refuses_incomplete_input(session, actor, plan_inwoner):
    with pytest.raises(ValidationError) as error:
        svc.leg_diagnose_vast(
            session,
            actor=actor,
            inwoner_id=plan_inwoner.id,
            today=TODAY,
            gegevens=svc.DiagnoseGegevens(None, TODAY + timedelta(days=1)),
        )
    assert set(error.value.errors) == {"instrument", "datum", "uitvoerder", "resultaat"}


def test_participatieladder_over_time(session, actor, plan_inwoner):
    for dagen, trede in ((200, 2), (100, 3), (0, 4)):
        svc.scoor_participatieladder(
            session,
            actor=actor,
            inwoner_id=plan_inwoner.id,
            datum=TODAY - timedelta(days=dagen),
            trede=trede,
            today=TODAY,
        )
    scores = svc.participatieladder(session, actor=actor, inwoner_id=plan_inwoner.id)
    assert [s.trede for s in scores] == [2, 3, 4]


@pytest.mark.parametrize("trede", [0, 7, None])
def test_participatieladder_has_six_rungs(session, actor, plan_inwoner, trede):
    with pytest.raises(ValidationError, match="1 tot en met 6"):
        svc.scoor_participatieladder(
            session, actor=actor, inwoner_id=plan_inwoner.id, datum=TODAY, trede=trede, today=TODAY
        )
