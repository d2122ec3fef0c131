"""Fixtures for the service tests."""

from datetime import date

import pytest

from app.services import inwoners
from tests.conftest import TODAY, gemeente_by_name, make_bsn


@pytest.fixture
def plan_inwoner(session, actor):
    """Łukasz Şahin-Öztürk, on the actor's caseload."""
    data = inwoners.InwonerGegevens(
        bsn=make_bsn(5), voornamen="Łukasz", achternaam="Şahin-Öztürk",
        geboortedatum=date(1990, 3, 1), woongemeente_id=gemeente_by_name(session, "Gorinchem").id,
        regievoerder_id=actor.id,
    )  # fmt: skip
    return inwoners.create_inwoner(session, actor=actor, gegevens=data, today=TODAY)


@pytest.fixture
def beheerder(session):
    from app.models import Rol
    from tests.conftest import maak_medewerker

    return maak_medewerker(session, "fbeheer", [Rol.FUNCTIONEEL_BEHEERDER])
