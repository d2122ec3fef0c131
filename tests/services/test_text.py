from datetime import UTC, date, datetime

import pytest

from app.services.text import fold, format_date, format_moment, mask_bsn, parse_date


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Łukasz Şahin-Öztürk", "lukasz sahin-ozturk"),
        ("Małgorzata  Wójcik", "malgorzata wojcik"),
        ("Yılmaz Doğan", "yilmaz dogan"),
        ("Erdős Szőke", "erdos szoke"),
        ("Ærøskøbing Straße", "aeroskobing strasse"),
        ("JANSSEN", "janssen"),
    ],
)
def test_fold(raw, folded):
    assert fold(raw) == folded


def test_mask_bsn_shows_last_four():
    assert mask_bsn("123452782") == "*****2782"


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("01-02-1990", date(1990, 2, 1)),
        ("1-2-1990", date(1990, 2, 1)),
        ("01/02/1990", date(1990, 2, 1)),
        ("1990-02-01", date(1990, 2, 1)),
        ("31-02-1990", None),
        ("1990", None),
        ("", None),
        ("gisteren", None),
    ],
)
def test_parse_date(raw, parsed):
    assert parse_date(raw) == parsed


def test_format_date():
    assert format_date(date(2026, 3, 5)) == "05-03-2026"
    assert format_date(None) == ""


def test_format_moment_is_amsterdam_time():
    assert format_moment(datetime(2026, 7, 1, 10, 0, tzinfo=UTC)) == "01-07-2026 12:00"
    assert format_moment(datetime(2026, 1, 1, 10, 0, tzinfo=UTC)) == "01-01-2026 11:00"


def test_money_the_dutch_way():
    from decimal import Decimal

    from app.services.text import format_money

    assert format_money(Decimal("1360.334")) == "€ 1.360,33"
    assert format_money(Decimal("0.005")) == "€ 0,01"
    assert format_money(Decimal("-5")) == "€ -5,00"
    assert format_money(Decimal("1234567.8")) == "€ 1.234.567,80"
    assert format_money(None) == ""
