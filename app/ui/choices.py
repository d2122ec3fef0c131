"""The short lists users pick from (municipalities, medewerkers), as plain (id, name) pairs
so that no widget keeps ORM objects."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.models import Gemeente, Inwoner, Medewerker
from app.services.gemeenten import list_gemeenten
from app.services.medewerkers import list_medewerkers

Choice = tuple[uuid.UUID, str]


@dataclass(frozen=True)
class Choices:
    gemeenten: list[Choice] = field(default_factory=list)
    medewerkers: list[Choice] = field(default_factory=list)


def load_choices(session: Session, *, inwoner: Inwoner | None = None) -> Choices:
    """Current municipalities and active medewerkers; plus, for an existing inwoner, the
    (possibly merged or inactive) ones it refers to, so its values can be shown."""
    gemeenten: dict[uuid.UUID, str] = {g.id: g.naam for g in list_gemeenten(session)}
    medewerkers: dict[uuid.UUID, str] = {m.id: m.naam for m in list_medewerkers(session)}
    if inwoner is not None:
        for gemeente in (inwoner.woongemeente, inwoner.betaalgemeente):
            if isinstance(gemeente, Gemeente) and gemeente.id not in gemeenten:
                gemeenten[gemeente.id] = gemeente.naam
        coach = inwoner.regievoerder
        if isinstance(coach, Medewerker) and coach.id not in medewerkers:
            medewerkers[coach.id] = coach.naam
    return Choices(
        gemeenten=sorted(gemeenten.items(), key=lambda item: item[1].casefold()),
        medewerkers=sorted(medewerkers.items(), key=lambda item: item[1].casefold()),
    )
