"""Inwoner service: register, change, search, list. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select, update

from app.models import Inwoner
from app.services import inwoners as svc
from app.services.errors import ConflictError, NotFoundError, ValidationError
from tests.conftest import TODAY, gemeente_by_name, make_bsn, woorden


def gegevens(gemeente, n: int = 0, **overrides) -> svc.InwonerGegevens:
    base = svc.InwonerGegevens(
        bsn=make_bsn(n),
        voornamen="Pieter",
        tussenvoegsel="de",
        achternaam="Jong",
        geboortedatum=date(1985, 4, 12),
        straat="Groenmarkt",
        huisnummer="12a",
        postcode="4201ab",
        woonplaats="Gorinchem",
        woongemeente_id=gemeente.id,
        telefoon="0612345678",
        email="pieter@example.nl",
    )
    return replace(base, **overrides)


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(Inwoner))


class TestCreate:
    def test_stores_normalised_values(self, session, actor, gemeente):
        inwoner = svc.create_inwoner(session, actor=actor, gegevens=gegevens(gemeente), today=TODAY)
        assert inwoner.postcode == "4201 AB"
        assert inwoner.betaalgemeente_id == gemeente.id  # defaults to the woongemeente
        assert inwoner.versie == 1
        assert inwoner.aangemaakt_op is not None and inwoner.aangemaakt_op.tzinfo is not None
        assert inwoner.sorteernaam == "jong pieter de"
        assert woorden(session, inwoner.id) == ["de", "jong", "pieter"]

    def test_name_outside_latin1_is_stored_exactly(self, session, actor, gemeente):
        data = gegevens(gemeente, voornamen="Łukasz", tussenvoegsel="", achternaam="Şahin-Öztürk")
        inwoner = svc.create_inwoner(session, actor=actor, gegevens=data, today=TODAY)
        session.expire_all()
        stored = session.get(Inwoner, inwoner.id)
        assert stored.volledige_naam == "Łukasz Şahin-Öztürk"

    def test_address_is_optional_but_complete(self, session, actor, gemeente):
        empty = gegevens(gemeente, straat="", huisnummer="", postcode="", woonplaats="")
        assert (
            svc.create_inwoner(session, actor=actor, gegevens=empty, today=TODAY).postcode is None
        )
        partial = gegevens(gemeente, 1, straat="", woonplaats="")
        with pytest.raises(ValidationError) as info:
            svc.create_inwoner(session, actor=actor, gegevens=partial, today=TODAY)
        assert info.value.errors == {
            "straat": "Vul het adres volledig in: de straat ontbreekt.",
            "woonplaats": "Vul het adres volledig in: de woonplaats ontbreekt.",
        }

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"bsn": "123456789"}, "bsn", "BSN 123456789 voldoet niet aan de elfproef; controleer het nummer."),
            ({"geboortedatum": date(2027, 1, 1)}, "geboortedatum", "De geboortedatum 01-01-2027 ligt in de toekomst."),
            ({"postcode": "1234 A"}, "postcode", "Vul een geldige postcode in, zoals 4201 AB: '1234 A' is dat niet."),
            ({"achternaam": " "}, "achternaam", "Vul de achternaam in."),
            ({"woongemeente_id": None}, "woongemeente", "Kies de woongemeente."),
        ],
    )  # fmt: skip
    def test_refusals_name_the_field_and_save_nothing(
        self, session, actor, gemeente, overrides, field, message
    ):
        before = count(session)
        with pytest.raises(ValidationError) as info:
            svc.create_inwoner(
                session, actor=actor, gegevens=gegevens(gemeente, **overrides), today=TODAY
            )
        assert info.value.errors == {field: message}
        assert count(session) == before

    def test_all_field_errors_at_once(self, gemeente):
        errors = svc.field_errors(
            gegevens(gemeente, bsn="123456789", postcode="1234 A", geboortedatum=None), today=TODAY
        )
        assert set(errors) == {"bsn", "postcode", "geboortedatum"}

    def test_duplicate_bsn_is_refused(self, session, actor, gemeente):
        svc.create_inwoner(session, actor=actor, gegevens=gegevens(gemeente), today=TODAY)
        with pytest.raises(ValidationError) as info:
            svc.create_inwoner(
                session, actor=actor, gegevens=gegevens(gemeente, voornamen="Ander"), today=TODAY
            )
        assert (
            info.value.errors["bsn"] == f"Er staat al een inwoner met BSN {make_bsn(0)} in Koers."
        )
        assert count(session) == 1

    def test_unknown_regievoerder_is_refused(self, session, actor, gemeente):
        import uuid

        with pytest.raises(NotFoundError) as info:
            svc.create_inwoner(
                session, actor=actor, gegevens=gegevens(gemeente, regievoerder_id=uuid.uuid4()),
                today=TODAY,
            )  # fmt: skip
        assert info.value.field == "regievoerder"


class TestUpdate:
    def test_changes_are_returned_and_version_increases(self, session, actor, gemeente):
        inwoner = svc.create_inwoner(session, actor=actor, gegevens=gegevens(gemeente), today=TODAY)
        changed = replace(svc.InwonerGegevens.from_inwoner(inwoner), achternaam="Vries")
        changes = svc.update_inwoner(
            session, actor=actor, inwoner_id=inwoner.id, versie=1, gegevens=changed, today=TODAY
        )
        assert changes == {"achternaam": ("Jong", "Vries")}
        assert inwoner.versie == 2
        assert woorden(session, inwoner.id) == ["de", "pieter", "vries"]
        assert names(session, actor, tekst="jong") == []
        assert names(session, actor, tekst="vries") == ["Vries, Pieter de"]

    def test_nothing_changed_writes_nothing(self, session, actor, gemeente):
        inwoner = svc.create_inwoner(session, actor=actor, gegevens=gegevens(gemeente), today=TODAY)
        same = svc.InwonerGegevens.from_inwoner(inwoner)
        assert (
            svc.update_inwoner(
                session, actor=actor, inwoner_id=inwoner.id, versie=1, gegevens=same, today=TODAY
            )
            == {}
        )
        assert inwoner.versie == 1

    def test_stale_version_is_a_conflict_and_overwrites_nothing(self, session, actor, gemeente):
        inwoner = svc.create_inwoner(session, actor=actor, gegevens=gegevens(gemeente), today=TODAY)
        mine = replace(svc.InwonerGegevens.from_inwoner(inwoner), achternaam="Mijn")
        # Someone else saves first.
        session.execute(
            update(Inwoner).where(Inwoner.id == inwoner.id).values(achternaam="Ander", versie=2)
        )
        session.expire_all()
        with pytest.raises(ConflictError):
            svc.update_inwoner(
                session, actor=actor, inwoner_id=inwoner.id, versie=1, gegevens=mine, today=TODAY
            )
        session.expire_all()
        assert session.get(Inwoner, inwoner.id).achternaam == "Ander"

    def test_change_between_read_and_write_is_a_conflict(self, session, actor, gemeente):
        """The version check holds in the UPDATE itself, not only in the service's comparison:
        here the service's loaded copy is already stale when it writes."""
        inwoner = svc.create_inwoner(session, actor=actor, gegevens=gegevens(gemeente), today=TODAY)
        mine = replace(svc.InwonerGegevens.from_inwoner(inwoner), achternaam="Mijn")
        session.execute(  # another writer saves; our identity map keeps the old version
            update(Inwoner).where(Inwoner.id == inwoner.id).values(versie=Inwoner.versie + 1),
            execution_options={"synchronize_session": False},
        )
        with pytest.raises(ConflictError):
            svc.update_inwoner(
                session, actor=actor, inwoner_id=inwoner.id, versie=1, gegevens=mine, today=TODAY
            )
        session.expire_all()
        assert session.get(Inwoner, inwoner.id).achternaam == "Jong"

    def test_invalid_update_is_refused(self, session, actor, gemeente):
        inwoner = svc.create_inwoner(session, actor=actor, gegevens=gegevens(gemeente), today=TODAY)
        bad = replace(svc.InwonerGegevens.from_inwoner(inwoner), postcode="1234 A")
        with pytest.raises(ValidationError):
            svc.update_inwoner(
                session, actor=actor, inwoner_id=inwoner.id, versie=1, gegevens=bad, today=TODAY
            )
        session.expire_all()
        assert session.get(Inwoner, inwoner.id).postcode == "4201 AB"

    def test_bsn_of_another_inwoner_is_refused(self, session, actor, gemeente):
        svc.create_inwoner(session, actor=actor, gegevens=gegevens(gemeente, 0), today=TODAY)
        other = svc.create_inwoner(
            session, actor=actor, gegevens=gegevens(gemeente, 1), today=TODAY
        )
        taken = replace(svc.InwonerGegevens.from_inwoner(other), bsn=make_bsn(0))
        with pytest.raises(ValidationError):
            svc.update_inwoner(
                session, actor=actor, inwoner_id=other.id, versie=1, gegevens=taken, today=TODAY
            )

    def test_unknown_inwoner(self, session, actor, gemeente):
        import uuid

        with pytest.raises(NotFoundError):
            svc.get_inwoner(session, actor=actor, inwoner_id=uuid.uuid4())


@pytest.fixture
def population(session, actor):
    gorinchem = gemeente_by_name(session, "Gorinchem")
    heemskerk = gemeente_by_name(session, "Heemskerk")
    people = [
        ("Jan", None, "Jansen", date(1980, 1, 2), gorinchem, actor.id),
        ("Anna", None, "Janssen", date(1991, 3, 4), heemskerk, None),
        ("Łukasz", None, "Şahin-Öztürk", date(1975, 5, 6), heemskerk, actor.id),
        ("Pieter", "de", "Jong", date(1980, 1, 2), gorinchem, None),
        ("Fatima", None, "El Amrani", date(2001, 7, 8), gorinchem, None),
    ]
    created = {}
    for n, (voornamen, tv, achternaam, geboren, gemeente, coach) in enumerate(people):
        data = svc.InwonerGegevens(
            bsn=make_bsn(100 + n), voornamen=voornamen, tussenvoegsel=tv or "",
            achternaam=achternaam, geboortedatum=geboren, woongemeente_id=gemeente.id,
            regievoerder_id=coach,
        )  # fmt: skip
        created[achternaam] = svc.create_inwoner(session, actor=actor, gegevens=data, today=TODAY)
    return created


def names(session, actor, **filter_args) -> list[str]:
    ids = svc.search_inwoner_ids(session, actor=actor, filter=svc.InwonerFilter(**filter_args))
    rows = svc.inwoner_rows(session, actor=actor, ids=ids)
    return [rows[i].naam for i in ids]


class TestSearch:
    def test_all_in_list_order(self, session, actor, population):
        assert names(session, actor) == [
            "El Amrani, Fatima", "Jansen, Jan", "Janssen, Anna", "Jong, Pieter de",
            "Şahin-Öztürk, Łukasz",
        ]  # fmt: skip

    def test_part_of_name(self, session, actor, population):
        assert names(session, actor, tekst="jans") == ["Jansen, Jan", "Janssen, Anna"]

    @pytest.mark.parametrize("tekst", ["lukasz", "sahin", "ŞAHIN", "ozturk lukasz"])
    def test_name_without_accents(self, session, actor, population, tekst):
        assert names(session, actor, tekst=tekst) == ["Şahin-Öztürk, Łukasz"]

    def test_every_word_must_match(self, session, actor, population):
        assert names(session, actor, tekst="de jong") == ["Jong, Pieter de"]
        assert names(session, actor, tekst="jan jong") == []

    def test_bsn_prefix(self, session, actor, population):
        bsn = population["Janssen"].bsn
        assert names(session, actor, tekst=bsn) == ["Janssen, Anna"]
        assert "Janssen, Anna" in names(session, actor, tekst=bsn[:6])

    @pytest.mark.parametrize("tekst", ["1", " 1 ", "1."])
    def test_one_digit_is_not_a_search_yet(self, session, actor, population, tekst):
        assert names(session, actor, tekst=tekst) == []
        assert svc.bsn_cijfers(tekst) == "1"
        assert svc.bsn_cijfers("02-01-1980") is None and svc.bsn_cijfers("jan") is None

    def test_bsn_matches_come_in_bsn_order(self, session, actor, population):
        op_bsn = sorted(population.values(), key=lambda i: i.bsn)
        assert [i.bsn for i in op_bsn] != [
            i.bsn for i in sorted(op_bsn, key=lambda i: i.sorteernaam)
        ]
        found = svc.search_inwoner_ids(session, actor=actor, filter=svc.InwonerFilter(tekst="10"))
        assert found == [i.id for i in op_bsn]

    @pytest.mark.parametrize("tekst", ["02-01-1980", "1980-01-02", "2-1-1980"])
    def test_date_of_birth(self, session, actor, population, tekst):
        assert names(session, actor, tekst=tekst) == ["Jansen, Jan", "Jong, Pieter de"]

    def test_like_wildcards_are_literal(self, session, actor, population):
        assert names(session, actor, tekst="%") == []
        assert names(session, actor, tekst="_") == []
        assert names(session, actor, tekst="ja%") == ["Jansen, Jan", "Janssen, Anna"]

    def test_start_of_a_word_not_the_middle(self, session, actor, population):
        assert names(session, actor, tekst="amrani") == ["El Amrani, Fatima"]
        assert names(session, actor, tekst="ssen") == []

    def test_one_letter_is_the_initial_of_the_achternaam(self, session, actor, population):
        assert names(session, actor, tekst="j") == [
            "Jansen, Jan",
            "Janssen, Anna",
            "Jong, Pieter de",
        ]
        assert names(session, actor, tekst="P") == []  # Pieter is a voornaam

    def test_at_most_max_treffers_plus_one(self, session, actor, population, monkeypatch):
        monkeypatch.setattr(svc, "MAX_TREFFERS", 1)
        assert names(session, actor, tekst="jans") == ["Jansen, Jan", "Janssen, Anna"]
        assert names(session, actor, tekst="j") == ["Jansen, Jan", "Janssen, Anna"]
        assert len(names(session, actor)) == 5  # the list without a search is never cut

    def test_filters(self, session, actor, population):
        heemskerk = gemeente_by_name(session, "Heemskerk")
        assert names(session, actor, gemeente_id=heemskerk.id) == [
            "Janssen, Anna", "Şahin-Öztürk, Łukasz"
        ]  # fmt: skip
        assert names(session, actor, regievoerder_id=actor.id) == [
            "Jansen, Jan", "Şahin-Öztürk, Łukasz"
        ]  # fmt: skip
        assert names(session, actor, tekst="jans", gemeente_id=heemskerk.id) == ["Janssen, Anna"]

    def test_rows_show_gemeente_and_coach(self, session, actor, population):
        jan = population["Jansen"]
        row = svc.inwoner_rows(session, actor=actor, ids=[jan.id])[jan.id]
        assert (row.gemeente, row.regievoerder, row.bsn) == ("Gorinchem", actor.naam, jan.bsn)
        assert svc.inwoner_rows(session, actor=actor, ids=[]) == {}
