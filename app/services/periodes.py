"""Reporting periods (brief §7.1): calendar years, Avres' four-month periods (T1–T3) and
IJmond Werkt!'s 2-, 5- and 8-month reports (cumulative from 1 January), or any two dates.

    2026        1 January – 31 December 2026
    2026-T2     1 May – 31 August 2026
    2026-5M     1 January – 31 May 2026
    2026-03-01..2026-06-30
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from app.services.errors import ValidationError
from app.services.text import format_date

_JAAR = re.compile(r"^(\d{4})$")
_VIERMAAND = re.compile(r"^(\d{4})-T([123])$", re.IGNORECASE)
_MAANDEN = re.compile(r"^(\d{4})-(\d{1,2})M$", re.IGNORECASE)
_VAN_TOT = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Periode:
    van: date
    tot: date  # inclusive
    naam: str

    def vorig_jaar(self) -> Periode:
        """The same period a year earlier (for 'versus last year')."""
        van, tot = self.van - relativedelta(years=1), self.tot - relativedelta(years=1)
        return Periode(van, tot, f"{self.naam} (vorig jaar)")

    @property
    def jaar(self) -> int:
        return self.tot.year

    def __str__(self) -> str:
        return f"{self.naam} ({format_date(self.van)} t/m {format_date(self.tot)})"


def _maanden(jaar: int, eerste: int, aantal: int) -> tuple[date, date]:
    van = date(jaar, eerste, 1)
    return van, van + relativedelta(months=aantal) - timedelta(days=1)


def periode(tekst: str) -> Periode:
    """Parse a period; a Dutch message at the field `periode` when it is not one."""
    t = tekst.strip()
    if m := _JAAR.match(t):
        jaar = int(m[1])
        return Periode(date(jaar, 1, 1), date(jaar, 12, 31), t)
    if m := _VIERMAAND.match(t):
        jaar, deel = int(m[1]), int(m[2])
        return Periode(*_maanden(jaar, 4 * deel - 3, 4), f"{jaar}-T{deel}")
    if (m := _MAANDEN.match(t)) and 1 <= int(m[2]) <= 12:
        jaar, maanden = int(m[1]), int(m[2])
        return Periode(*_maanden(jaar, 1, maanden), f"{jaar}-{maanden}M")
    if m := _VAN_TOT.match(t):
        try:
            van, tot = date.fromisoformat(m[1]), date.fromisoformat(m[2])
        except ValueError:
            van = tot = None
        if van is not None and tot is not None and van <= tot:
            return Periode(van, tot, t)
    raise ValidationError({"periode": (
        f"'{tekst}' is geen periode. Gebruik een jaar (2026), een viermaandsperiode (2026-T1 "
        "tot en met 2026-T3), een cumulatieve periode vanaf 1 januari (2026-2M, 2026-5M, "
        "2026-8M) of twee datums (2026-03-01..2026-06-30).")})  # fmt: skip
