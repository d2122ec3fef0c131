"""The bench database: a demo of N inwoners, generated once and kept (per size) so the next
run measures at once; and the medewerkers the figures are measured as."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.models import Inwoner, Medewerker, MedewerkerRol, Rol, Schuldhulptraject
from app.services.demo import Progress, generate_demo
from app.services.errors import DomainError

# A busy organisation's journal (issue 11): about ten contactmomenten per inwoner.
CONTACTEN = 10.0


def standaard_map() -> Path:
    """Where generated bench databases are kept between runs (they take a minute to make)."""
    return Path(platformdirs.user_cache_dir("koers", False)) / "bench"


def bench_url(map_: Path, inwoners: int) -> str:
    return f"sqlite:///{map_ / f'koers-bench-{inwoners}.db'}"


def aantal_inwoners(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Inwoner)) or 0


def zorg_voor_demo(
    sessions: sessionmaker[Session], inwoners: int, progress: Progress | None = None
) -> float | None:
    """Generate the demo of `inwoners` unless the database holds inwoners already; returns
    the seconds it took, or None when it was there."""
    if aantal_inwoners(sessions):
        return None
    started = time.perf_counter()
    generate_demo(sessions, inwoners=inwoners, seed=1, contacten=CONTACTEN, progress=progress)
    seconden = time.perf_counter() - started
    with sessions() as session:
        if session.get_bind().dialect.name == "sqlite":
            # Measure a settled database, as a user's is: the bulk load's write-ahead log
            # (most of the file) written back into the database file.
            session.connection().exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return seconden


@dataclass(frozen=True)
class Gebruikers:
    """Who each figure is measured as: the busiest coach, their team lead, a functioneel
    beheerder (who sees every inwoner in lists: the longest list) and the busiest consulent
    schulddienstverlening. Chosen from the data, so an existing database works too."""

    coach: uuid.UUID
    teamleider: uuid.UUID
    beheerder: uuid.UUID
    consulent_sdv: uuid.UUID | None


def _met_rol(session: Session, rol: Rol):
    return select(Medewerker.id).join(MedewerkerRol).where(
        MedewerkerRol.rol == rol, Medewerker.actief)  # fmt: skip


def gebruikers(session: Session) -> Gebruikers:
    coach = session.execute(
        select(Inwoner.regievoerder_id, Medewerker.team_id)
        .join(Medewerker, Medewerker.id == Inwoner.regievoerder_id)
        .where(Inwoner.dossier_gesloten_op.is_(None),
               Inwoner.regievoerder_id.in_(_met_rol(session, Rol.JOBCOACH)))
        .group_by(Inwoner.regievoerder_id, Medewerker.team_id)
        .order_by(func.count().desc(), Inwoner.regievoerder_id).limit(1)
    ).first()  # fmt: skip
    teamleider = coach and session.scalar(
        _met_rol(session, Rol.TEAMLEIDER).where(Medewerker.team_id == coach[1])
        .order_by(Medewerker.gebruikersnaam).limit(1))  # fmt: skip
    beheerder = session.scalar(
        _met_rol(session, Rol.FUNCTIONEEL_BEHEERDER).order_by(Medewerker.gebruikersnaam).limit(1)
    )
    if coach is None or teamleider is None or beheerder is None:
        raise DomainError(
            "Deze database heeft geen jobcoach met inwoners, teamleider of functioneel "
            "beheerder om mee te meten; kies een lege database, dan maakt de bench demogegevens."
        )
    consulent = session.scalar(
        select(Schuldhulptraject.consulent_id).group_by(Schuldhulptraject.consulent_id)
        .order_by(func.count().desc(), Schuldhulptraject.consulent_id).limit(1))  # fmt: skip
    return Gebruikers(coach=coach[0], teamleider=teamleider, beheerder=beheerder,
                      consulent_sdv=consulent)  # fmt: skip
