"""Werkdagen and the extension of deadlines under the Algemene termijnenwet (rules.md §4).

Days that do not count are Saturday, Sunday, the *algemeen erkende feestdagen* of Atw art. 3
(with Goede Vrijdag, which art. 3 lid 2 equates) and the days a *Besluit gelijkstelling*
equates with them. Those decree days change every few years, so they are reference data in the
database (`GelijkgesteldeDag`) that a functioneel beheerder extends; a `Kalender` holds them.

Koers computes the feestdagen itself instead of using a holiday library: such libraries omit
the decree days and do not all treat 5 mei (Bevrijdingsdag, every year under the Atw) alike.
Pure functions over dates; nothing here reads the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.easter import easter

ZATERDAG, ZONDAG = 5, 6


def feestdagen(jaar: int) -> dict[date, str]:
    """The algemeen erkende feestdagen of Atw art. 3 in a year, with their Dutch names."""
    pasen = easter(jaar)
    # Koningsdag is 27 April, or the 26th when the 27th is a Sunday (since 2014).
    koningsdag = date(jaar, 4, 27)
    if koningsdag.weekday() == ZONDAG:
        koningsdag = date(jaar, 4, 26)
    return {
        date(jaar, 1, 1): "Nieuwjaarsdag",
        pasen - timedelta(days=2): "Goede Vrijdag",
        pasen + timedelta(days=1): "Tweede Paasdag",
        koningsdag: "Koningsdag",
        date(jaar, 5, 5): "Bevrijdingsdag",
        pasen + timedelta(days=39): "Hemelvaartsdag",
        pasen + timedelta(days=50): "Tweede Pinksterdag",
        date(jaar, 12, 25): "Eerste Kerstdag",
        date(jaar, 12, 26): "Tweede Kerstdag",
    }


@dataclass(frozen=True)
class Kalender:
    """The Atw calendar: weekends, feestdagen and the decree days it is given."""

    gelijkgesteld: frozenset[date] = field(default_factory=frozenset)

    def vrije_dag(self, dag: date) -> str | None:
        """Why this day does not count (in Dutch), or None for a werkdag."""
        if dag.weekday() == ZATERDAG:
            return "zaterdag"
        if dag.weekday() == ZONDAG:
            return "zondag"
        naam = feestdagen(dag.year).get(dag)
        if naam is not None:
            return naam
        if dag in self.gelijkgesteld:
            return "gelijkgestelde dag (Besluit gelijkstelling)"
        return None

    def is_werkdag(self, dag: date) -> bool:
        return self.vrije_dag(dag) is None

    def verleng(self, dag: date) -> date:
        """Atw art. 1: a deadline that ends on a day that does not count moves to the next
        day that does."""
        while not self.is_werkdag(dag):
            dag += timedelta(days=1)
        return dag

    def na_werkdagen(self, begin: date, werkdagen: int) -> date:
        """The last day of a period of `werkdagen` working days after `begin`; counting starts
        the day after `begin`."""
        dag = begin
        geteld = 0
        while geteld < werkdagen:
            dag += timedelta(days=1)
            if self.is_werkdag(dag):
                geteld += 1
        return dag

    def vorige_werkdag(self, dag: date) -> date:
        """The last werkdag before `dag` (Monday → Friday, Tuesday after Easter → Thursday)."""
        dag -= timedelta(days=1)
        while not self.is_werkdag(dag):
            dag -= timedelta(days=1)
        return dag

    def na_weken(self, begin: date, weken: int) -> date:
        """The last day of a period of `weken` weeks after `begin`, extended per Atw art. 1."""
        return self.verleng(begin + timedelta(weeks=weken))
