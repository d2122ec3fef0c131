"""The time norms as pure functions: boundaries are exact to the day."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services.normen import (
    Niveau,
    Termijn,
    contact_gepland_op,
    grens,
    norm_niveau,
    termijn_niveau,
    uiterste_start,
)

UITSTROOM = Termijn(4, 6)


@pytest.mark.parametrize("peil, niveau", [
    (date(2026, 5, 9), None),
    (date(2026, 5, 10), Niveau.WAARSCHUWING),
    (date(2026, 5, 11), Niveau.WAARSCHUWING),
    (date(2026, 7, 9), Niveau.WAARSCHUWING),
    (date(2026, 7, 10), Niveau.ESCALATIE),
    (date(2026, 7, 11), Niveau.ESCALATIE),
])  # fmt: skip
def test_norm_boundaries(peil, niveau):
    assert norm_niveau(date(2026, 1, 10), peil, UITSTROOM) == niveau


def test_month_ends_follow_the_calendar():
    assert grens(date(2025, 10, 31), 4) == date(2026, 2, 28)
    assert norm_niveau(date(2025, 10, 31), date(2026, 2, 28), UITSTROOM) == Niveau.WAARSCHUWING


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
       st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
       st.integers(min_value=1, max_value=60))  # fmt: skip
def test_the_sql_prefilter_never_drops_a_reached_norm(start, peil, maanden):
    """Whatever `norm_niveau` would flag, the cheap SQL filter on the start date lets through."""
    if peil >= grens(start, maanden):
        assert start <= uiterste_start(peil, maanden)


@pytest.mark.parametrize("peil, niveau", [
    (date(2026, 11, 24), Niveau.TE_LAAT),
    (date(2026, 11, 23), Niveau.VANDAAG),
    (date(2026, 11, 22), Niveau.DEZE_WEEK),
    (date(2026, 11, 16), Niveau.DEZE_WEEK),
    (date(2026, 11, 15), None),
])  # fmt: skip
def test_due_dates(peil, niveau):
    assert termijn_niveau(date(2026, 11, 23), peil, 7) == niveau


def test_contact_interval_from_contacts_per_year():
    assert contact_gepland_op(date(2026, 1, 31), 2) == date(2026, 7, 31)
    assert contact_gepland_op(date(2026, 1, 1), 4) == date(2026, 4, 1)
    assert contact_gepland_op(date(2026, 1, 1), 52) == date(2026, 1, 8)
