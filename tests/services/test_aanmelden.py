"""Signing in, lock-out and the first functioneel beheerder."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from app.models import AuditActie, AuditRecord, Medewerker, Rol
from app.services import aanmelden as svc
from app.services.errors import DomainError, ToegangGeweigerd, ValidationError
from app.services.medewerkers import nieuwe_medewerker

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
GOED = "correct-paard-batterij"


@pytest.fixture
def sessions(session):
    """A sessionmaker on the test's connection, for services that run their own transaction."""
    return sessionmaker(bind=session.connection(), join_transaction_mode="create_savepoint",
                        expire_on_commit=False)  # fmt: skip


@pytest.fixture
def beheerder(session):
    return svc.maak_eerste_beheerder(
        session, naam="Bea Heer", gebruikersnaam="bheer", wachtwoord=GOED
    )


def acties(session, medewerker) -> list[AuditActie]:
    return list(session.scalars(
        select(AuditRecord.actie).where(AuditRecord.medewerker_id == medewerker.id)
        .order_by(AuditRecord.moment)
    ))  # fmt: skip


def test_first_beheerder_only_on_a_database_nobody_can_sign_in_to(session, beheerder):
    assert beheerder.rollen == {Rol.FUNCTIONEEL_BEHEERDER}
    assert beheerder.wachtwoord_hash.startswith("$argon2")
    assert GOED not in beheerder.wachtwoord_hash
    assert not svc.eerste_beheerder_nodig(session)
    with pytest.raises(DomainError, match="al een functioneel beheerder"):
        svc.maak_eerste_beheerder(session, naam="X", gebruikersnaam="x2", wachtwoord=GOED)


def test_sign_in(session, sessions, beheerder):
    assert (
        svc.aanmelden(sessions, gebruikersnaam=" BHeer ", wachtwoord=GOED, now=NOW) == beheerder.id
    )
    assert AuditActie.AANGEMELD in acties(session, beheerder)


@pytest.mark.parametrize("gebruikersnaam", ["bheer", "onbekend"])
def test_wrong_password_or_unknown_user_same_message(sessions, beheerder, gebruikersnaam):
    with pytest.raises(svc.AanmeldFout, match=r"^Gebruikersnaam of wachtwoord klopt niet\.$"):
        svc.aanmelden(sessions, gebruikersnaam=gebruikersnaam, wachtwoord="fout", now=NOW)


def test_five_wrong_in_a_row_lock_for_15_minutes(session, sessions, beheerder):
    for _ in range(4):
        with pytest.raises(svc.AanmeldFout, match="klopt niet"):
            svc.aanmelden(sessions, gebruikersnaam="bheer", wachtwoord="fout", now=NOW)
    with pytest.raises(svc.AanmeldFout, match="15 minuten geblokkeerd"):
        svc.aanmelden(sessions, gebruikersnaam="bheer", wachtwoord="fout", now=NOW)
    # Even the right password is refused while blocked ...
    with pytest.raises(svc.AanmeldFout, match="geblokkeerd"):
        svc.aanmelden(sessions, gebruikersnaam="bheer", wachtwoord=GOED,
                      now=NOW + timedelta(minutes=14))  # fmt: skip
    # ... and accepted after 15 minutes.
    assert svc.aanmelden(sessions, gebruikersnaam="bheer", wachtwoord=GOED,
                         now=NOW + timedelta(minutes=15, seconds=1)) == beheerder.id  # fmt: skip
    assert acties(session, beheerder).count(AuditActie.AANMELDEN_MISLUKT) == 5


def test_a_good_password_resets_the_count(session, sessions, beheerder):
    for _ in range(4):
        with pytest.raises(svc.AanmeldFout):
            svc.aanmelden(sessions, gebruikersnaam="bheer", wachtwoord="fout", now=NOW)
    svc.aanmelden(sessions, gebruikersnaam="bheer", wachtwoord=GOED, now=NOW)
    with pytest.raises(svc.AanmeldFout, match="klopt niet"):
        svc.aanmelden(sessions, gebruikersnaam="bheer", wachtwoord="fout", now=NOW)


def test_inactive_account_cannot_sign_in(session, sessions, beheerder):
    beheerder.actief = False
    session.flush()
    with pytest.raises(svc.AanmeldFout):
        svc.aanmelden(sessions, gebruikersnaam="bheer", wachtwoord=GOED, now=NOW)


class TestNieuweMedewerker:
    def test_beheerder_creates_an_account(self, session, beheerder):
        coach = nieuwe_medewerker(
            session, actor=beheerder, naam="Co Ach", gebruikersnaam="Coach1",
            wachtwoord="een-lang-wachtwoord", rollen=[Rol.JOBCOACH, Rol.JOBCOACH],
        )  # fmt: skip
        assert (coach.gebruikersnaam, coach.rollen) == ("coach1", {Rol.JOBCOACH})
        assert AuditActie.GEBRUIKER_BEHEERD in acties(session, beheerder)

    def test_only_a_beheerder_may(self, session, beheerder):
        coach = nieuwe_medewerker(
            session, actor=beheerder, naam="Co Ach", gebruikersnaam="coach1",
            wachtwoord="een-lang-wachtwoord", rollen=[Rol.JOBCOACH, Rol.TEAMLEIDER],
        )  # fmt: skip
        with pytest.raises(
            ToegangGeweigerd, match="U mag medewerkers en rollen niet wijzigen met uw rol"
        ):
            nieuwe_medewerker(
                session, actor=coach, naam="X", gebruikersnaam="x", wachtwoord="een-lang-wachtwoord",
                rollen=[Rol.JOBCOACH],
            )  # fmt: skip

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"naam": " "}, "naam"),
            ({"gebruikersnaam": "a"}, "gebruikersnaam"),
            ({"gebruikersnaam": "bheer"}, "gebruikersnaam"),
            ({"gebruikersnaam": "met spatie"}, "gebruikersnaam"),
            ({"wachtwoord": "kort"}, "wachtwoord"),
            ({"wachtwoord": "xx-coach9-xx-xx"}, "wachtwoord"),
            ({"rollen": []}, "rollen"),
            ({"rollen": [Rol.KLANTMANAGER_GEMEENTE]}, "gemeente"),
        ],
    )
    def test_refusals(self, session, beheerder, kwargs, field):
        values = {"naam": "Co Ach", "gebruikersnaam": "coach9",
                  "wachtwoord": "een-lang-wachtwoord", "rollen": [Rol.JOBCOACH], **kwargs}  # fmt: skip
        before = session.query(Medewerker).count()
        with pytest.raises(ValidationError) as info:
            nieuwe_medewerker(session, actor=beheerder, **values)
        assert field in info.value.errors
        assert session.query(Medewerker).count() == before
