"""The LKS calculation (rules.md §2): the worked example to the cent, and properties that hold
for every input."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from app.services.lks import bereken_lks, jeugd_uurloon, loonwaarde_uit_taken

D = Decimal


def test_worked_example_from_the_rules():
    berekening = bereken_lks(wml_uur=D("14.71"), uren_per_week=D(32), loonwaarde_pct=D(50),
                             werkgeverslasten_pct=D("23.5"))  # fmt: skip
    assert berekening.as_dict() == {
        "wml_uur": "14.71", "wml_maand": "2039.79", "wml_maand_vt": "2202.97",
        "loonwaarde_euro": "1101.48", "lks_voor_maximum": "1101.48", "lks": "1101.48",
        "werkgeverslasten": "258.85", "totaal": "1360.33",
    }  # fmt: skip


def test_the_subsidy_is_capped_at_70_percent():
    berekening = bereken_lks(wml_uur=D("14.71"), uren_per_week=D(32), loonwaarde_pct=D(10),
                             werkgeverslasten_pct=D("23.5"))  # fmt: skip
    assert berekening.lks_voor_maximum == D("1982.67")
    assert berekening.lks == D("1542.08")  # 70 % of 2202.97


def test_full_wage_value_gives_nothing_even_with_a_low_functieloon():
    berekening = bereken_lks(wml_uur=D("14.71"), uren_per_week=D(32), loonwaarde_pct=D(100),
                             werkgeverslasten_pct=D("23.5"),
                             functieloon_uur=D("10.00"))  # fmt: skip
    assert berekening.totaal == 0


def test_a_cao_wage_above_the_minimum_does_not_raise_the_subsidy():
    wml = bereken_lks(wml_uur=D("14.71"), uren_per_week=D(32), loonwaarde_pct=D(50),
                      werkgeverslasten_pct=D("23.5"))  # fmt: skip
    cao = bereken_lks(wml_uur=D("14.71"), uren_per_week=D(32), loonwaarde_pct=D(50),
                      werkgeverslasten_pct=D("23.5"), functieloon_uur=D("18.00"))  # fmt: skip
    assert cao.lks <= wml.lks


def test_youth_wage_is_rounded_to_cents():
    assert jeugd_uurloon(D("14.71"), D("39.5")) == D("5.81")


def test_loonwaarde_from_tasks_is_share_weighted():
    taken = [(D(60), D(80), D(50), D(65)), (D(40), D(100), D(90), D(95))]
    # 0.6 × 65 + 0.4 × 95 = 39 + 38 = 77
    assert loonwaarde_uit_taken(taken) == 77


uren = st.decimals(min_value=1, max_value=40, places=0)
pct = st.decimals(min_value=0, max_value=120, places=0)
wml = st.decimals(min_value=D("4.00"), max_value=D("20.00"), places=2)
functieloon = st.one_of(st.none(), st.decimals(min_value=D("4.00"), max_value=D("40.00"),
                                               places=2))  # fmt: skip


@given(wml, uren, pct, functieloon)
def test_never_negative_and_never_above_the_cap(wml_uur, uren_per_week, loonwaarde, loon):
    b = bereken_lks(wml_uur=wml_uur, uren_per_week=uren_per_week, loonwaarde_pct=loonwaarde,
                    werkgeverslasten_pct=D("23.5"), functieloon_uur=loon)  # fmt: skip
    cap = D("0.70") * b.wml_maand_vt  # b.wml_maand_vt is rounded: allow a cent either way
    assert D(0) <= b.lks <= cap + D("0.01")
    assert D(0) <= b.totaal <= cap * D("1.235") + D("0.01")
    # Each amount is rounded on its own, so the parts may differ a cent from the total.
    assert abs(b.lks + b.werkgeverslasten - b.totaal) <= D("0.01")


@given(wml, uren, pct, pct, functieloon)
def test_never_rises_when_the_wage_value_rises(wml_uur, uren_per_week, laag, hoog, loon):
    laag, hoog = sorted((laag, hoog))
    args = dict(wml_uur=wml_uur, uren_per_week=uren_per_week, werkgeverslasten_pct=D("23.5"),
                functieloon_uur=loon)  # fmt: skip
    assert bereken_lks(loonwaarde_pct=hoog, **args).totaal <= \
        bereken_lks(loonwaarde_pct=laag, **args).totaal  # fmt: skip
