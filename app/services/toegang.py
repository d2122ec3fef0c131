"""Need-to-know: which inwoners a medewerker may reach (rechten.BEREIK), as a SQL condition
for lists and as a check with break-the-glass for opening one dossier. A coach reaches their
own caseload, their team's, and the inwoners whose running trajectory they guide."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select, true
from sqlalchemy.orm import Session

from app.models import (
    AuditActie,
    Inwoner,
    Medewerker,
    SchuldhulpFase,
    Schuldhulptraject,
    Team,
    Traject,
    TrajectFase,
)
from app.services.errors import ToegangGeweigerd
from app.services.rechten import BEREIK, BREAK_THE_GLASS, ZIET_ONTOEGEWEZEN, Bereik

MIN_REDEN = 10


class RedenNodig(ToegangGeweigerd):
    """The dossier is outside the actor's reach, but a logged reason would open it."""


def begeleid_door(actor: Medewerker) -> Select[tuple[uuid.UUID]]:
    """The inwoners whose running trajectory has this medewerker as werkcoach, jobcoach,
    participatiecoach or accountmanager (often in another team than the regievoerder). Not
    correlated, so the database reads it once, from the coach indexes."""
    return select(Traject.inwoner_id).where(
        Traject.fase != TrajectFase.AFGESLOTEN,
        or_(Traject.werkcoach_id == actor.id, Traject.jobcoach_id == actor.id,
            Traject.participatiecoach_id == actor.id,
            Traject.accountmanager_id == actor.id))  # fmt: skip


def in_schuldhulp_bij(consulenten) -> Select[tuple[uuid.UUID]]:
    """The inwoners with an open schuldhulptraject run by one of these consulenten (a debt
    counsellor is rarely their regievoerder)."""
    return select(Schuldhulptraject.inwoner_id).where(
        Schuldhulptraject.consulent_id.in_(consulenten),
        Schuldhulptraject.fase != SchuldhulpFase.AFGESLOTEN)  # fmt: skip


def in_bereik(actor: Medewerker) -> ColumnElement[bool]:
    """The inwoners this medewerker reaches without a reason."""
    bereiken = {BEREIK[rol] for rol in actor.rollen}
    conditions: list[ColumnElement[bool]] = []
    if Bereik.TEAM in bereiken:
        conditions.append(Inwoner.regievoerder_id == actor.id)
        conditions.append(Inwoner.id.in_(begeleid_door(actor)))
        if actor.team_id is not None:
            team = select(Medewerker.id).where(Medewerker.team_id == actor.team_id)
            conditions.append(Inwoner.regievoerder_id.in_(team.scalar_subquery()))
            conditions.append(Inwoner.id.in_(in_schuldhulp_bij(team.scalar_subquery())))
        else:
            conditions.append(Inwoner.id.in_(in_schuldhulp_bij([actor.id])))
    if actor.rollen & ZIET_ONTOEGEWEZEN:
        # Unassigned inwoners of the team's municipality (all of them for a team without one).
        gemeente = select(Team.gemeente_id).where(Team.id == actor.team_id).scalar_subquery()
        conditions.append(and_(
            Inwoner.regievoerder_id.is_(None),
            or_(gemeente.is_(None), Inwoner.woongemeente_id == gemeente),
        ))  # fmt: skip
    if Bereik.GEMEENTE in bereiken and actor.gemeente_id is not None:
        conditions.append(Inwoner.woongemeente_id == actor.gemeente_id)
        conditions.append(Inwoner.betaalgemeente_id == actor.gemeente_id)
    return or_(*conditions) if conditions else false()


def in_lijst(actor: Medewerker) -> ColumnElement[bool]:
    """The inwoners this medewerker may see in lists: those within reach, and for roles that
    may break the glass everyone (a list row is not the dossier; opening one outside the team
    still needs a logged reason). This is how a functioneel beheerder finds a dossier for an
    inzage request, a retention question or a correction."""
    if actor.rollen & BREAK_THE_GLASS:
        return true()
    return in_bereik(actor)


def toegang_tot_dossier(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, reden: str | None
) -> AuditActie:
    """GELEZEN when the inwoner is within reach, BREAK_THE_GLASS when a permitted role gave a
    reason; otherwise refused (the caller records the refusal)."""
    if session.scalar(select(exists().where(Inwoner.id == inwoner_id, in_bereik(actor)))):
        return AuditActie.GELEZEN
    if actor.rollen & BREAK_THE_GLASS:
        if reden is None or len(reden.strip()) < MIN_REDEN:
            raise RedenNodig(
                "Deze inwoner staat niet op de caseload van uw team. Geef een reden (minstens "
                f"{MIN_REDEN} tekens) om het dossier toch te openen; die wordt vastgelegd.",
                inwoner_id=inwoner_id,
            )
        return AuditActie.BREAK_THE_GLASS
    raise ToegangGeweigerd(
        "U hebt geen toegang tot het dossier van deze inwoner: die staat niet op de caseload "
        "van u of uw team. De poging is vastgelegd.",
        inwoner_id=inwoner_id,
    )
