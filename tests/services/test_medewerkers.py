"""Editing an account: a change of roles only still moves the account's version, so a save
from an older screen is refused instead of undoing it."""

import pytest

from app.models import Rol
from app.services.errors import ConflictError
from app.services.medewerkers import wijzig_medewerker
from tests.conftest import maak_medewerker


def test_a_role_change_guards_against_a_save_from_an_older_screen(session, team_a):
    beheer = maak_medewerker(session, "fbeheer", [Rol.FUNCTIONEEL_BEHEERDER])
    coach = maak_medewerker(session, "coach", [Rol.JOBCOACH], team=team_a)
    versie = coach.versie

    def wijzig(rollen, naam="Coach"):
        return wijzig_medewerker(session, actor=beheer, medewerker_id=coach.id, versie=versie,
                                 naam=naam, rollen=rollen, team_id=team_a.id, gemeente_id=None,
                                 actief=True)  # fmt: skip

    wijzig([Rol.JOBCOACH, Rol.TEAMLEIDER])
    assert coach.versie > versie
    with pytest.raises(ConflictError):
        wijzig([Rol.JOBCOACH], naam="Coach de Vries")  # from the screen opened before
    assert coach.rollen == {Rol.JOBCOACH, Rol.TEAMLEIDER} and coach.naam == "Coach"
