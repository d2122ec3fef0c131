"""Contact journal service."""

from datetime import date

import pytest

from app.models import Kanaal
from app.services import contactmomenten as svc
from app.services.errors import NotFoundError, ValidationError
from app.services.inwoners import InwonerGegevens, create_inwoner
from tests.conftest import TODAY, make_bsn


@pytest.fixture
def inwoner(session, actor, gemeente):
    data = InwonerGegevens(
        bsn=make_bsn(7), voornamen="Sanne", achternaam="Bakker",
        geboortedatum=date(1990, 6, 1), woongemeente_id=gemeente.id,
    )  # fmt: skip
    return create_inwoner(session, actor=actor, gegevens=data, today=TODAY)


def contact(**overrides) -> svc.ContactGegevens:
    values = {"datum": date(2026, 11, 20), "kanaal": Kanaal.TELEFOON, "samenvatting": "Gebeld."}
    return svc.ContactGegevens(**{**values, **overrides})


def test_add_and_list_newest_first(session, actor, inwoner):
    for day, text in [(10, "Eerste"), (20, "Derde"), (15, "Tweede")]:
        svc.add_contactmoment(
            session, actor=actor, inwoner_id=inwoner.id,
            gegevens=contact(datum=date(2026, 11, day), samenvatting=text), today=TODAY,
        )  # fmt: skip
    journal = svc.list_contactmomenten(session, actor=actor, inwoner_id=inwoner.id)
    assert [c.samenvatting for c in journal] == ["Derde", "Tweede", "Eerste"]
    assert journal[0].auteur.gebruikersnaam == "testcoach"


def test_multiline_text_is_kept(session, actor, inwoner):
    text = "Regel 1\nRegel 2"
    added = svc.add_contactmoment(
        session, actor=actor, inwoner_id=inwoner.id,
        gegevens=contact(samenvatting=text + "  ", vervolgactie="Bellen\nop maandag",
                         vervolgdatum=date(2026, 11, 30)),
        today=TODAY,
    )  # fmt: skip
    assert (added.samenvatting, added.vervolgactie) == (text, "Bellen\nop maandag")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"datum": None}, "datum"),
        ({"datum": date(2026, 11, 24)}, "datum"),
        ({"datum": date(1980, 1, 1)}, "datum"),
        ({"kanaal": None}, "kanaal"),
        ({"samenvatting": "  "}, "samenvatting"),
        ({"samenvatting": "x" * 10_001}, "samenvatting"),
        ({"vervolgdatum": date(2026, 12, 1)}, "vervolgactie"),
        ({"vervolgactie": "Bellen", "vervolgdatum": date(2026, 11, 1)}, "vervolgdatum"),
    ],
)
def test_refusals(session, actor, inwoner, overrides, field):
    with pytest.raises(ValidationError) as info:
        svc.add_contactmoment(
            session, actor=actor, inwoner_id=inwoner.id, gegevens=contact(**overrides),
            today=TODAY,
        )  # fmt: skip
    assert field in info.value.errors
    assert svc.list_contactmomenten(session, actor=actor, inwoner_id=inwoner.id) == []


def test_future_contact_message(session, actor, inwoner):
    errors = svc.field_errors(contact(datum=date(2026, 12, 1)), today=TODAY)
    assert errors == {"datum": "Het contact op 01-12-2026 ligt in de toekomst."}


def test_unknown_inwoner(session, actor):
    import uuid

    with pytest.raises(NotFoundError):
        svc.add_contactmoment(
            session, actor=actor, inwoner_id=uuid.uuid4(), gegevens=contact(), today=TODAY
        )
