"""Werkdagen (Atw) and the Wgs deadlines, worked around every feestdag of rules.md §4."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services import wgs
from app.services.referentiedata import GELIJKGESTELDE_DAGEN
from app.services.werkdagen import Kalender, feestdagen
from app.services.wgs import Stand, TermijnSoort

ATW = Kalender(frozenset(d for d, _ in GELIJKGESTELDE_DAGEN))
ZONDER_BESLUITEN = Kalender()


def test_feestdagen_2026_follow_the_atw_list():
    assert feestdagen(2026) == {
        date(2026, 1, 1): "Nieuwjaarsdag",
        date(2026, 4, 3): "Goede Vrijdag",
        date(2026, 4, 6): "Tweede Paasdag",
        date(2026, 4, 27): "Koningsdag",
        date(2026, 5, 5): "Bevrijdingsdag",
        date(2026, 5, 14): "Hemelvaartsdag",
        date(2026, 5, 25): "Tweede Pinksterdag",
        date(2026, 12, 25): "Eerste Kerstdag",
        date(2026, 12, 26): "Tweede Kerstdag",
    }


def test_koningsdag_moves_to_the_26th_when_the_27th_is_a_sunday():
    assert date(2025, 4, 27).weekday() == 6
    assert feestdagen(2025)[date(2025, 4, 26)] == "Koningsdag"
    assert date(2025, 4, 27) not in feestdagen(2025)


def test_bevrijdingsdag_counts_every_year_not_only_lustrum_years():
    assert not ATW.is_werkdag(date(2027, 5, 5))  # a Wednesday, not a lustrum year
    assert ATW.vrije_dag(date(2027, 5, 5)) == "Bevrijdingsdag"


@pytest.mark.parametrize("dag", [d for d, _ in GELIJKGESTELDE_DAGEN])
def test_shipped_decree_days_are_weekdays_that_do_not_count(dag):
    assert dag.weekday() < 5
    assert not ATW.is_werkdag(dag)
    assert ZONDER_BESLUITEN.is_werkdag(dag)


def test_an_ordinary_weekday_counts_and_a_weekend_does_not():
    assert ATW.is_werkdag(date(2026, 11, 24))
    assert ATW.vrije_dag(date(2026, 11, 28)) == "zaterdag"
    assert ATW.vrije_dag(date(2026, 11, 29)) == "zondag"


def test_previous_werkdag_skips_weekends_feestdagen_and_decree_days():
    assert ATW.vorige_werkdag(date(2026, 11, 23)) == date(2026, 11, 20)  # Monday → Friday
    assert ATW.vorige_werkdag(date(2026, 11, 25)) == date(2026, 11, 24)
    assert ATW.vorige_werkdag(date(2026, 4, 7)) == date(2026, 4, 2)  # Easter weekend
    assert ATW.vorige_werkdag(date(2026, 5, 18)) == date(2026, 5, 13)  # Ascension, bridge day


@pytest.mark.parametrize(("melding", "uiterlijk", "waarom"), [
    (date(2026, 11, 23), date(2026, 12, 21), "gewone maandag"),
    (date(2026, 3, 30), date(2026, 4, 28), "Koningsdag (maandag 27 april)"),
    (date(2026, 4, 7), date(2026, 5, 6), "Bevrijdingsdag (dinsdag 5 mei)"),
    (date(2026, 3, 6), date(2026, 4, 7), "Goede Vrijdag, weekend, Pasen, Tweede Paasdag"),
    (date(2026, 4, 16), date(2026, 5, 18), "Hemelvaart, brugdag (besluit), weekend"),
    (date(2026, 4, 27), date(2026, 5, 26), "Tweede Pinksterdag"),
    (date(2026, 11, 27), date(2026, 12, 28), "Eerste en Tweede Kerstdag, zondag"),
    (date(2026, 11, 21), date(2026, 12, 21), "eindigt op zaterdag"),
])  # fmt: skip
def test_four_week_deadline_moves_past_days_that_do_not_count(melding, uiterlijk, waarom):
    assert wgs.eerste_gesprek_uiterlijk(melding, ATW) == uiterlijk, waarom


def test_decree_day_only_moves_the_deadline_when_it_is_in_the_reference_data():
    # 16 April 2026 + 4 weeks = Hemelvaartsdag; the Friday after is a decree day.
    assert wgs.eerste_gesprek_uiterlijk(date(2026, 4, 16), ZONDER_BESLUITEN) == date(2026, 5, 15)
    assert wgs.eerste_gesprek_uiterlijk(date(2026, 4, 16), ATW) == date(2026, 5, 18)


@pytest.mark.parametrize(("melding", "uiterlijk"), [
    (date(2026, 11, 23), date(2026, 11, 26)),  # Monday: Tue, Wed, Thu
    (date(2026, 11, 26), date(2026, 12, 1)),  # Thursday: Fri, Mon, Tue
    (date(2026, 5, 13), date(2026, 5, 20)),  # Hemelvaart and the decree day do not count
    (date(2026, 12, 24), date(2026, 12, 30)),  # Christmas and the weekend do not count
    (date(2026, 4, 2), date(2026, 4, 9)),  # Goede Vrijdag, Easter, Tweede Paasdag
    (date(2026, 4, 24), date(2026, 4, 30)),  # weekend, Koningsdag
    (date(2026, 5, 4), date(2026, 5, 8)),  # Bevrijdingsdag: Wed, Thu, Fri
    (date(2026, 5, 22), date(2026, 5, 28)),  # weekend, Tweede Pinksterdag
    (date(2025, 12, 31), date(2026, 1, 7)),  # Nieuwjaarsdag and decree day 2 January
    (date(2026, 11, 28), date(2026, 12, 2)),  # a melding on Saturday: Mon, Tue, Wed
])  # fmt: skip
def test_threat_gives_three_werkdagen_counted_from_the_next_day(melding, uiterlijk):
    assert wgs.eerste_gesprek_uiterlijk(melding, ATW, bedreiging_bekend=melding) == uiterlijk


def test_threat_signalled_after_the_melding_counts_from_the_signal_when_that_is_sooner():
    melding = date(2026, 11, 2)  # normal deadline 30 November
    assert wgs.eerste_gesprek_uiterlijk(melding, ATW, date(2026, 11, 16)) == date(2026, 11, 19)
    # A threat signalled so late that three werkdagen end after the 4 weeks: 4 weeks stand.
    assert wgs.eerste_gesprek_uiterlijk(melding, ATW, date(2026, 11, 27)) == date(2026, 11, 30)


def test_beschikking_eight_weeks_after_the_aanvraag_and_extended():
    assert wgs.beschikking_uiterlijk(date(2026, 11, 24), ATW) == date(2027, 1, 19)
    # 30 October 2026 + 8 weeks = Christmas (Friday), then the weekend.
    assert wgs.beschikking_uiterlijk(date(2026, 10, 30), ATW) == date(2026, 12, 28)


def test_beschikking_term_set_by_the_municipality():
    assert wgs.beschikking_uiterlijk(date(2026, 11, 24), ATW, weken=6) == date(2027, 1, 5)


def test_schuldregeling_is_18_months_from_july_2023_and_36_before():
    assert wgs.einde_schuldregeling(date(2023, 7, 1)) == date(2025, 1, 1)
    assert wgs.einde_schuldregeling(date(2023, 6, 30)) == date(2026, 6, 30)
    assert wgs.einde_schuldregeling(date(2026, 8, 31)) == date(2028, 2, 29)
    # A repayment period, not a deadline of the municipality: not moved off a Saturday.
    assert wgs.einde_schuldregeling(date(2025, 5, 2)) == date(2026, 11, 2)
    assert wgs.einde_schuldregeling(date(2024, 9, 7)).weekday() == 5


def test_nvvk_offer_within_120_calendar_days():
    assert wgs.nvvk_aanbod_uiterlijk(date(2026, 1, 5)) == date(2026, 5, 5)
    assert wgs.nvvk_aanbod_uiterlijk(date(2026, 1, 5), dagen=90) == date(2026, 4, 5)


def test_termijnen_grow_with_the_trajectory_and_the_next_is_the_first_open_one():
    stand = Stand(melding=date(2026, 9, 1))
    lijst = wgs.termijnen(stand, ATW)
    assert [t.soort for t in lijst] == [TermijnSoort.EERSTE_GESPREK]
    assert wgs.volgende_termijn(stand, lijst).uiterlijk == date(2026, 9, 29)

    stand = Stand(melding=date(2026, 9, 1), eerste_gesprek=date(2026, 9, 10))
    lijst = wgs.termijnen(stand, ATW, beschikking_weken=6)
    assert lijst[0].gehaald == date(2026, 9, 10) and not lijst[0].te_laat_gehaald
    assert wgs.volgende_termijn(stand, lijst).soort == TermijnSoort.BESCHIKKING
    assert wgs.volgende_termijn(stand, lijst).uiterlijk == date(2026, 10, 22)

    stand = Stand(melding=date(2026, 1, 5), eerste_gesprek=date(2026, 2, 20),
                  beschikking=date(2026, 3, 2), toelating=date(2026, 3, 2),
                  regeling_beoogd=True)  # fmt: skip
    lijst = wgs.termijnen(stand, ATW, nvvk_dagen=100)
    assert lijst[0].te_laat_gehaald  # 4 weeks after 5 January is 2 February
    assert wgs.volgende_termijn(stand, lijst) == wgs.Termijn(TermijnSoort.NVVK,
                                                             date(2026, 6, 10))  # fmt: skip
    assert wgs.volgende_termijn(stand, lijst).dagen_over(date(2026, 6, 12)) == -2

    stand = Stand(melding=date(2026, 1, 5), eerste_gesprek=date(2026, 1, 20),
                  beschikking=date(2026, 2, 2), toelating=date(2026, 2, 2), regeling_beoogd=True,
                  aanbod=date(2026, 4, 1), start_schuldregeling=date(2026, 5, 1))  # fmt: skip
    lijst = wgs.termijnen(stand, ATW)
    assert [t.soort for t in lijst if t.open] == [TermijnSoort.EINDE_SCHULDREGELING]
    assert wgs.volgende_termijn(stand, lijst).uiterlijk == date(2027, 11, 1)
    assert wgs.volgende_termijn(Stand(date(2026, 1, 5), afgesloten=True), lijst) is None


def test_no_nvvk_norm_for_a_trajectory_that_only_stabilises():
    stand = Stand(melding=date(2026, 1, 5), eerste_gesprek=date(2026, 1, 20),
                  beschikking=date(2026, 2, 2), toelating=date(2026, 2, 2))  # fmt: skip
    assert [t.soort for t in wgs.termijnen(stand, ATW)] == [TermijnSoort.EERSTE_GESPREK,
                                                           TermijnSoort.BESCHIKKING]  # fmt: skip


dagen = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@given(dagen)
def test_week_deadline_is_the_first_werkdag_on_or_after_four_weeks(melding):
    uiterlijk = wgs.eerste_gesprek_uiterlijk(melding, ATW)
    vier_weken = melding + timedelta(weeks=4)
    assert ATW.is_werkdag(uiterlijk)
    assert uiterlijk >= vier_weken
    dag = vier_weken
    while dag < uiterlijk:
        assert not ATW.is_werkdag(dag)
        dag += timedelta(days=1)


@given(dagen, st.integers(min_value=1, max_value=15))
def test_na_werkdagen_counts_exactly_that_many_werkdagen_after_the_begin(begin, n):
    einde = ATW.na_werkdagen(begin, n)
    tussen = [begin + timedelta(days=i) for i in range(1, (einde - begin).days + 1)]
    assert sum(ATW.is_werkdag(d) for d in tussen) == n
    assert ATW.is_werkdag(einde)


@given(dagen)
def test_threat_deadline_never_later_than_the_four_week_deadline(melding):
    spoed = wgs.eerste_gesprek_uiterlijk(melding, ATW, melding)
    assert melding < spoed <= wgs.eerste_gesprek_uiterlijk(melding, ATW)


def test_an_ended_schuldregeling_is_not_a_deadline_met_late():
    einde = wgs.Termijn(TermijnSoort.EINDE_SCHULDREGELING, date(2028, 5, 2), date(2028, 5, 9))
    assert not einde.te_laat_gehaald
    assert wgs.termijn_stand(einde, date(2028, 6, 1)) == (wgs.Termijnstatus.GEHAALD,
                                                          "beëindigd op 09-05-2028")  # fmt: skip
    gesprek = wgs.Termijn(TermijnSoort.EERSTE_GESPREK, date(2026, 9, 29), date(2026, 9, 30))
    assert gesprek.te_laat_gehaald
    assert wgs.termijn_stand(gesprek, date(2026, 10, 1))[1] == "te laat gehaald op 30-09-2026"
