"""The open schuldhulptrajecten of a consulent or a team with their next deadline (issue 7 §5),
and the same rows for the werkvoorraad.

One query reads the open trajectories in scope with their inwoner, consulent, gemeente and
the count and sum of their schulden (correlated on the traject index); the deadlines are then
computed in Python with the Atw calendar (`wgs`), a few hundred rows at most per team.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, aliased

from app.models import (
    Gemeente,
    Inwoner,
    Medewerker,
    Rol,
    Schuld,
    SchuldhulpFase,
    Schuldhulptraject,
)
from app.services import wgs
from app.services.errors import NotFoundError, ToegangGeweigerd
from app.services.rechten import Gegeven, Recht, vereis
from app.services.schuldhulp import STAND_KOLOMMEN, stand_van, termijnregels
from app.services.text import mask_bsn

F = SchuldhulpFase
S = Schuldhulptraject


@dataclass(frozen=True)
class OverzichtRij:
    traject_id: uuid.UUID
    inwoner_id: uuid.UUID
    naam: str
    bsn: str  # masked
    consulent_id: uuid.UUID
    consulent: str
    gemeente: str
    fase: SchuldhulpFase
    fase_sinds: date
    melding: date
    bedreiging: bool
    aantal_schulden: int
    totaal_schulden: Decimal
    volgende: wgs.Termijn | None

    def dagen_over(self, peildatum: date) -> int | None:
        return self.volgende.dagen_over(peildatum) if self.volgende else None

    def as_dict(self, peildatum: date) -> dict:
        v = self.volgende
        return {
            "traject_id": str(self.traject_id), "inwoner_id": str(self.inwoner_id),
            "naam": self.naam, "bsn": self.bsn, "consulent_id": str(self.consulent_id),
            "consulent": self.consulent,
            "gemeente": self.gemeente, "fase": self.fase.value, "fase_sinds":
            self.fase_sinds.isoformat(), "melding": self.melding.isoformat(),
            "bedreiging": self.bedreiging, "aantal_schulden": self.aantal_schulden,
            "totaal_schulden": str(self.totaal_schulden),
            "volgende_termijn": v.soort.value if v else None,
            "volgende_termijn_uiterlijk": v.uiterlijk.isoformat() if v else None,
            "dagen_over": self.dagen_over(peildatum),
            "te_laat": bool(v and v.dagen_over(peildatum) < 0),
        }  # fmt: skip


def _scope(session: Session, actor: Medewerker, consulent_id: uuid.UUID | None,
           team: bool) -> ColumnElement[bool]:  # fmt: skip
    """Whose trajectories: a named consulent (oneself or a colleague in the same team), the
    whole team, or by default one's own — a team lead without a caseload gets the team."""
    if consulent_id is not None and consulent_id != actor.id:
        consulent = session.get(Medewerker, consulent_id)
        if consulent is None:
            raise NotFoundError("Deze medewerker bestaat niet.")
        if actor.team_id is None or consulent.team_id != actor.team_id:
            raise ToegangGeweigerd("U kunt alleen de schuldhulptrajecten van uw eigen team zien.",
                                   onderwerp="schuldhulp")  # fmt: skip
        return S.consulent_id == consulent_id
    if team or (consulent_id is None and Rol.CONSULENT_SDV not in actor.rollen):
        if actor.team_id is None:
            raise ToegangGeweigerd("U hoort bij geen team, dus er is geen teamoverzicht.",
                                   onderwerp="schuldhulp")  # fmt: skip
        return S.consulent_id.in_(select(Medewerker.id).where(Medewerker.team_id == actor.team_id))
    return S.consulent_id == actor.id


def open_trajecten(session: Session, condition: ColumnElement[bool]) -> list[OverzichtRij]:
    """The open trajectories matching `condition`, with their next deadline. No rights check:
    callers (`overzicht`, the werkvoorraad) check them."""
    consulent = aliased(Medewerker)
    aantal = (select(func.count()).where(Schuld.traject_id == S.id).correlate(S)
              .scalar_subquery())  # fmt: skip
    totaal = (select(func.coalesce(func.sum(Schuld.bedrag_opgegeven), 0))
              .where(Schuld.traject_id == S.id).correlate(S).scalar_subquery())  # fmt: skip
    rows = session.execute(
        select(S.id, S.inwoner_id, S.consulent_id, Inwoner.voornamen, Inwoner.tussenvoegsel,
               Inwoner.achternaam,
               Inwoner.bsn, consulent.naam.label("consulent"), Gemeente.naam.label("gemeente"),
               S.gemeente_id, aantal.label("aantal"), totaal.label("totaal"),
               *(getattr(S, k) for k in STAND_KOLOMMEN))
        .join(Inwoner, Inwoner.id == S.inwoner_id)
        .join(consulent, consulent.id == S.consulent_id)
        .join(Gemeente, Gemeente.id == S.gemeente_id)
        .where(S.fase != F.AFGESLOTEN, condition))  # fmt: skip
    regels = termijnregels(session)
    result = []
    for row in rows:
        stand = stand_van(**{k: getattr(row, k) for k in STAND_KOLOMMEN})
        volgende = wgs.volgende_termijn(stand, regels.termijnen(stand, row.gemeente_id))
        naam = " ".join(p for p in (row.voornamen, row.tussenvoegsel, row.achternaam) if p)
        result.append(OverzichtRij(
            row.id, row.inwoner_id, naam, mask_bsn(row.bsn), row.consulent_id, row.consulent,
            row.gemeente,
            row.fase, row.fase_sinds, row.melding_datum, row.bedreiging is not None, row.aantal,
            Decimal(row.totaal).quantize(Decimal("0.01")), volgende))  # fmt: skip
    return result


def overzicht(
    session: Session, *, actor: Medewerker, consulent_id: uuid.UUID | None = None,
    team: bool = False,
) -> list[OverzichtRij]:  # fmt: skip
    """The open trajectories in scope, the most urgent deadline first (none last)."""
    vereis(actor, Gegeven.SCHULDHULP, Recht.LEZEN)
    rijen = open_trajecten(session, _scope(session, actor, consulent_id, team))
    return sorted(rijen, key=lambda r: (r.volgende is None,
                                        r.volgende.uiterlijk if r.volgende else date.max,
                                        r.naam))  # fmt: skip
