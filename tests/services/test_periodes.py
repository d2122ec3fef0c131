"""Reporting periods: years, Avres' four-month periods, IJmond's cumulative reports, dates."""

from datetime import date

import pytest

from app.services.errors import ValidationError
from app.services.periodes import periode


@pytest.mark.parametrize(("tekst", "van", "tot"), [
    ("2026", date(2026, 1, 1), date(2026, 12, 31)),
    ("2026-T1", date(2026, 1, 1), date(2026, 4, 30)),
    ("2026-t2", date(2026, 5, 1), date(2026, 8, 31)),
    ("2026-T3", date(2026, 9, 1), date(2026, 12, 31)),
    ("2026-2M", date(2026, 1, 1), date(2026, 2, 28)),
    ("2028-2M", date(2028, 1, 1), date(2028, 2, 29)),
    ("2026-5M", date(2026, 1, 1), date(2026, 5, 31)),
    ("2026-8M", date(2026, 1, 1), date(2026, 8, 31)),
    (" 2026-03-01..2026-06-30 ", date(2026, 3, 1), date(2026, 6, 30)),
])  # fmt: skip
def test_periods(tekst, van, tot):
    p = periode(tekst)
    assert (p.van, p.tot) == (van, tot)


def test_last_year_is_the_same_period_a_year_earlier():
    p = periode("2028-2M").vorig_jaar()
    assert (p.van, p.tot) == (date(2027, 1, 1), date(2027, 2, 28))


@pytest.mark.parametrize(
    "tekst",
    [
        "",
        "2026-T4",
        "2026-13M",
        "26",
        "2026-06-30..2026-03-01",
        "2026-02-30..2026-03-01",
        "volgend jaar",
    ],
)
def test_refusals_say_what_is_possible(tekst):
    with pytest.raises(ValidationError, match="viermaandsperiode"):
        periode(tekst)
