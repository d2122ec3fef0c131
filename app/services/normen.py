"""Time norms of the re-integration work (rules.md §5, brief §3.12 and §9.4 rule 10) as pure
functions over dates. The limits come from `instellingen`; nothing here reads the database.

A norm is reached on the day the period ends: a clock that starts on 10 January with a norm of
4 months warns from 10 May. Months are calendar months (dateutil), so 31 October + 4 months is
28 February.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from app.models.enums import KoersEnum


class Niveau(KoersEnum):
    """How urgent a werkvoorraad item is; the order is the order of the list."""

    ESCALATIE = "ESCALATIE", "Escalatie"
    TE_LAAT = "TE_LAAT", "Te laat"
    VANDAAG = "VANDAAG", "Vandaag"
    WAARSCHUWING = "WAARSCHUWING", "Waarschuwing"
    DEZE_WEEK = "DEZE_WEEK", "Binnenkort"

    @property
    def rang(self) -> int:
        return list(Niveau).index(self)


@dataclass(frozen=True)
class Termijn:
    waarschuwing_maanden: int
    escalatie_maanden: int


def grens(start: date, maanden: int) -> date:
    """The day a norm of `maanden` months that started on `start` is reached."""
    return start + relativedelta(months=maanden)


def norm_niveau(start: date, peildatum: date, termijn: Termijn) -> Niveau | None:
    """ESCALATIE or WAARSCHUWING once the respective limit is reached, otherwise None."""
    if peildatum >= grens(start, termijn.escalatie_maanden):
        return Niveau.ESCALATIE
    if peildatum >= grens(start, termijn.waarschuwing_maanden):
        return Niveau.WAARSCHUWING
    return None


def uiterste_start(peildatum: date, maanden: int) -> date:
    """A start date late enough that no clock starting after it can have reached the norm on
    `peildatum`: a cheap, slightly wide SQL filter; `norm_niveau` then decides exactly (month
    ends make subtracting months not the inverse of adding them)."""
    return peildatum - relativedelta(months=maanden) + timedelta(days=3)


def contact_interval(contacten_per_jaar: int) -> relativedelta:
    """Longest allowed gap between contacts for a norm of n contacts a year (2 → 6 months)."""
    return (
        relativedelta(months=12 // contacten_per_jaar)
        if 12 % contacten_per_jaar == 0
        else relativedelta(days=365 // contacten_per_jaar)
    )


def contact_gepland_op(laatste_contact: date, contacten_per_jaar: int) -> date:
    """The day by which the next contact is due."""
    return laatste_contact + contact_interval(contacten_per_jaar)


def termijn_niveau(vervaldatum: date, peildatum: date, vooruit_dagen: int) -> Niveau | None:
    """A due date: TE_LAAT when past, VANDAAG on the day, DEZE_WEEK within `vooruit_dagen`."""
    if vervaldatum < peildatum:
        return Niveau.TE_LAAT
    if vervaldatum == peildatum:
        return Niveau.VANDAAG
    if vervaldatum <= peildatum + timedelta(days=vooruit_dagen):
        return Niveau.DEZE_WEEK
    return None
