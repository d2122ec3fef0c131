"""Writing and reading the audit trail.

Every read of a dossier and every change of personal data is recorded by the service that does
it, in the same transaction. A refused attempt is recorded too: the refusal rolls the caller's
transaction back, so the caller records it afterwards with `record_refusal`.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import AuditActie, AuditRecord, Inwoner, Medewerker, Rol
from app.services.errors import NotFoundError, ToegangGeweigerd
from app.services.rechten import Gegeven, Recht, vereis
from app.services.text import mask_bsn

_last_moment = datetime.min.replace(tzinfo=UTC)
_moment_lock = threading.Lock()


def next_moment() -> datetime:
    """Now, to the microsecond and strictly increasing within this process, so records made
    in one transaction keep their order (the database's now() is the transaction's start)."""
    global _last_moment
    with _moment_lock:
        moment = max(datetime.now(UTC), _last_moment + timedelta(microseconds=1))
        _last_moment = moment
        return moment


# Fields whose values never enter the audit trail in clear text.
MASKED_FIELDS = {"bsn": mask_bsn}


def plain_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    return str(value)


def velden_json(changes: Mapping[str, tuple[Any, Any]]) -> dict[str, list[Any]]:
    """{field: [old, new]} as JSON-safe values, with the BSN masked."""
    result = {}
    for field, (old, new) in changes.items():
        mask = MASKED_FIELDS.get(field)
        if mask is not None:
            old, new = (mask(v) if v else v for v in (old, new))
        result[field] = [plain_value(old), plain_value(new)]
    return result


def velden_tekst(velden: Mapping[str, Any] | None) -> str:
    """Changed fields as one readable line: 'achternaam: Jong → Vries; telefoon: – → 06…'."""
    if not velden:
        return ""
    parts = []
    for naam, value in velden.items():
        if isinstance(value, list | tuple) and len(value) == 2:
            old, new = ("–" if v is None or v == "" else str(v) for v in value)
            parts.append(f"{naam}: {old} → {new}")
        else:
            parts.append(f"{naam}: {value}")
    return "; ".join(parts)


def record(
    session: Session,
    *,
    actor: Medewerker,
    actie: AuditActie,
    onderwerp: str,
    inwoner_id: uuid.UUID | None = None,
    record_id: uuid.UUID | None = None,
    velden: Mapping[str, tuple[Any, Any]] | None = None,
    reden: str | None = None,
) -> AuditRecord:
    entry = AuditRecord(
        moment=next_moment(),
        medewerker_id=actor.id,
        gebruikersnaam=actor.gebruikersnaam,
        inwoner_id=inwoner_id,
        actie=actie,
        onderwerp=onderwerp,
        record_id=record_id,
        velden=velden_json(velden) if velden else None,
        reden=reden,
    )
    session.add(entry)
    return entry


def record_refusal(
    sessions: sessionmaker[Session],
    *,
    medewerker_id: uuid.UUID,
    gebruikersnaam: str,
    error: ToegangGeweigerd,
) -> None:
    """Record a refused access in a transaction of its own (the caller's was rolled back)."""
    with sessions.begin() as session:
        session.add(
            AuditRecord(
                moment=next_moment(),
                medewerker_id=medewerker_id,
                gebruikersnaam=gebruikersnaam,
                inwoner_id=error.inwoner_id,
                actie=AuditActie.GEWEIGERD,
                onderwerp=error.onderwerp,
                reden=error.message,
            )
        )


def zoek_audit(
    session: Session,
    *,
    actor: Medewerker,
    bsn: str | None = None,
    gebruikersnaam: str | None = None,
    van: datetime | None = None,
    tot: datetime | None = None,
) -> list[AuditRecord]:
    """Audit records about one person (by BSN) and/or by one medewerker, oldest first.

    A functioneel beheerder sees all; a teamleider only what the members of their team did.
    """
    from app.services.validation import check_bsn

    vereis(actor, Gegeven.AUDITTRAIL, Recht.LEZEN)
    query = select(AuditRecord).order_by(AuditRecord.moment, AuditRecord.id)
    if bsn:
        digits = check_bsn(bsn)
        inwoner_id = session.scalar(select(Inwoner.id).where(Inwoner.bsn == digits))
        if inwoner_id is None:
            raise NotFoundError(f"Er staat geen inwoner met BSN {digits} in Koers.", field="bsn")
        query = query.where(AuditRecord.inwoner_id == inwoner_id)
    if gebruikersnaam:
        query = query.where(AuditRecord.gebruikersnaam == gebruikersnaam.strip().lower())
    if van is not None:
        query = query.where(AuditRecord.moment >= van)
    if tot is not None:
        query = query.where(AuditRecord.moment < tot)
    if Rol.FUNCTIONEEL_BEHEERDER not in actor.rollen:
        team = select(Medewerker.id).where(Medewerker.team_id == actor.team_id)
        query = query.where(AuditRecord.medewerker_id.in_(team.scalar_subquery()))
    return list(session.scalars(query))


def laatste_wijziging(
    session: Session, *, inwoner_id: uuid.UUID, onderwerp: str, record_id: uuid.UUID
) -> tuple[str, datetime] | None:
    """Who last changed this record of an inwoner, and when: the conflict dialog names the
    colleague whose save came first. A name and a moment, no personal data."""
    row = session.execute(
        select(Medewerker.naam, AuditRecord.gebruikersnaam, AuditRecord.moment)
        .outerjoin(Medewerker, Medewerker.id == AuditRecord.medewerker_id)
        .where(AuditRecord.inwoner_id == inwoner_id, AuditRecord.onderwerp == onderwerp,
               AuditRecord.record_id == record_id, AuditRecord.actie == AuditActie.GEWIJZIGD)
        .order_by(AuditRecord.moment.desc())
        .limit(1)
    ).first()  # fmt: skip
    return None if row is None else (row.naam or row.gebruikersnaam, row.moment)
