"""Inwoners: register, change, search and list.

The list in the GUI holds only IDs (`search_inwoner_ids`) and asks for the rows it shows
(`inwoner_rows`), so 100,000 inwoners never become 100,000 ORM objects. Searching by name
looks up word prefixes in `inwoner_zoekwoord` (kept here with every change of a name), so a
keystroke costs an index range, not a scan of every name.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import delete, exists, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.models import (
    AuditActie,
    Gemeente,
    Inwoner,
    InwonerZoekwoord,
    Medewerker,
    Traject,
    TrajectFase,
)
from app.services import validation as v
from app.services.audit import record
from app.services.errors import ConflictError, NotFoundError, ValidationError
from app.services.gemeenten import get_gemeente
from app.services.medewerkers import get_medewerker
from app.services.rechten import BREAK_THE_GLASS, Gegeven, Recht, vereis
from app.services.text import fold, format_date, parse_date
from app.services.toegang import in_bereik, in_lijst, toegang_tot_dossier

ADRES_VELDEN = {"straat": "de straat", "huisnummer": "het huisnummer",
                "postcode": "de postcode", "woonplaats": "de woonplaats"}  # fmt: skip


# Free-text fields whose column length the form must respect (checked against the model).
MAX_LENGTE_LABELS = {"tussenvoegsel": "Het tussenvoegsel", "straat": "De straat",
                     "woonplaats": "De woonplaats", "email": "Het e-mailadres"}  # fmt: skip


@dataclass
class InwonerGegevens:
    """What a user enters for an inwoner; the services check and normalise it."""

    bsn: str = ""
    voornamen: str = ""
    tussenvoegsel: str = ""
    achternaam: str = ""
    geboortedatum: date | None = None
    straat: str = ""
    huisnummer: str = ""
    postcode: str = ""
    woonplaats: str = ""
    woongemeente_id: uuid.UUID | None = None
    betaalgemeente_id: uuid.UUID | None = None
    telefoon: str = ""
    email: str = ""
    regievoerder_id: uuid.UUID | None = None

    @classmethod
    def from_inwoner(cls, inwoner: Inwoner) -> InwonerGegevens:
        """The stored values as editable input (empty text for missing optional fields)."""
        values = {}
        for f in fields(cls):
            value = getattr(inwoner, f.name)
            values[f.name] = "" if value is None and f.default == "" else value
        return cls(**values)


def field_errors(gegevens: InwonerGegevens, *, today: date | None = None) -> dict[str, str]:
    """Every field problem at once, keyed by field name: for messages next to the fields."""
    try:
        normalise(gegevens, today=today)
    except ValidationError as error:
        return error.errors
    return {}


def normalise(gegevens: InwonerGegevens, *, today: date | None = None) -> dict[str, Any]:
    """Check all fields; return the column values or raise one ValidationError naming them all."""
    today = today or date.today()
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}

    def check(field: str, func, *args, **kwargs) -> None:
        try:
            values[field] = func(*args, **kwargs)
        except ValidationError as error:
            errors.update(error.errors)

    check("bsn", v.check_bsn, gegevens.bsn)
    check("voornamen", v.check_required, gegevens.voornamen, "voornamen", "de voornamen")
    values["tussenvoegsel"] = v.optional(gegevens.tussenvoegsel)
    check("achternaam", v.check_required, gegevens.achternaam, "achternaam", "de achternaam")
    check("geboortedatum", v.check_geboortedatum, gegevens.geboortedatum, today=today)

    adres = {name: v.optional(getattr(gegevens, name)) for name in ADRES_VELDEN}
    if any(adres.values()):
        for name, label in ADRES_VELDEN.items():
            if not adres[name]:
                errors[name] = f"Vul het adres volledig in: {label} ontbreekt."
    values.update(adres)
    if adres["postcode"]:
        check("postcode", v.check_postcode, adres["postcode"])
    if adres["huisnummer"]:
        check("huisnummer", v.check_huisnummer, adres["huisnummer"])

    telefoon, email = v.optional(gegevens.telefoon), v.optional(gegevens.email)
    values["telefoon"] = values["email"] = None
    if telefoon:
        check("telefoon", v.check_telefoon, telefoon)
    if email:
        check("email", v.check_email, email)
    for name, label in MAX_LENGTE_LABELS.items():
        value = values.get(name)
        limit = Inwoner.__table__.c[name].type.length
        if isinstance(value, str) and len(value) > limit and name not in errors:
            errors[name] = f"{label} is te lang (hoogstens {limit} tekens)."

    if gegevens.woongemeente_id is None:
        errors["woongemeente"] = "Kies de woongemeente."
    values["woongemeente_id"] = gegevens.woongemeente_id
    values["betaalgemeente_id"] = gegevens.betaalgemeente_id or gegevens.woongemeente_id
    values["regievoerder_id"] = gegevens.regievoerder_id
    if errors:
        raise ValidationError(errors)
    return values


NAAM_VELDEN = ("voornamen", "tussenvoegsel", "achternaam")
_NIET_WOORD = re.compile(r"[\W_]+")
MAX_WOORD = 100  # the column's length; longer words are cut the same way when searched


def search_keys(values: dict[str, Any]) -> dict[str, str]:
    """The stored key the list is ordered by: 'jong pieter de'."""
    parts = (values["achternaam"], values["voornamen"], values["tussenvoegsel"])
    return {"sorteernaam": fold(" ".join(p for p in parts if p))}


def zoekwoorden(tekst: str) -> list[str]:
    """The folded words of a name or a query, in any script: 'Şahin-Öztürk' → sahin, ozturk."""
    return [w[:MAX_WOORD] for w in _NIET_WOORD.split(fold(tekst)) if w]


def zoekwoord_rijen(inwoner_id: uuid.UUID, values: dict[str, Any]) -> list[dict[str, Any]]:
    """The inwoner_zoekwoord rows for a name (also written in bulk by imports and the demo)."""
    woorden = dict.fromkeys(zoekwoorden(" ".join(values[n] or "" for n in NAAM_VELDEN)))
    sorteernaam = search_keys(values)["sorteernaam"]
    return [{"woord": w, "inwoner_id": inwoner_id, "sorteernaam": sorteernaam} for w in woorden]


def _schrijf_zoekwoorden(session: Session, inwoner_id: uuid.UUID, values: dict[str, Any]) -> None:
    session.execute(delete(InwonerZoekwoord).where(InwonerZoekwoord.inwoner_id == inwoner_id))
    if rijen := zoekwoord_rijen(inwoner_id, values):
        session.execute(insert(InwonerZoekwoord), rijen)


def _check_references(session: Session, values: dict[str, Any]) -> None:
    get_gemeente(session, values["woongemeente_id"], field="woongemeente")
    get_gemeente(session, values["betaalgemeente_id"], field="betaalgemeente")
    if values["regievoerder_id"] is not None:
        get_medewerker(session, values["regievoerder_id"])


def _bsn_taken(session: Session, bsn: str, *, except_id: uuid.UUID | None = None) -> bool:
    query = select(Inwoner.id).where(Inwoner.bsn == bsn)
    if except_id is not None:
        query = query.where(Inwoner.id != except_id)
    return session.scalar(query) is not None


def _duplicate_bsn(bsn: str) -> ValidationError:
    return ValidationError({"bsn": f"Er staat al een inwoner met BSN {bsn} in Koers."})


def create_inwoner(
    session: Session,
    *,
    actor: Medewerker,
    gegevens: InwonerGegevens,
    today: date | None = None,
) -> Inwoner:
    vereis(actor, Gegeven.PERSONALIA, Recht.WIJZIGEN)
    values = normalise(gegevens, today=today)
    _check_references(session, values)
    if _bsn_taken(session, values["bsn"]):
        raise _duplicate_bsn(values["bsn"])
    inwoner = Inwoner(**values, **search_keys(values))
    # The savepoint starts before the change is added: begin_nested() flushes pending changes
    # first, and a failure there would spoil the caller's whole transaction.
    try:
        with session.begin_nested():
            session.add(inwoner)
            session.flush()
            _schrijf_zoekwoorden(session, inwoner.id, values)
            # A new dossier must be one its maker can open afterwards (need-to-know).
            if not actor.rollen & BREAK_THE_GLASS and not _in_bereik(session, actor, inwoner.id):
                raise ValidationError({"regievoerder": BUITEN_BEREIK})
    except IntegrityError:  # another user registered the same BSN a moment ago
        raise _duplicate_bsn(values["bsn"]) from None
    nieuw = {name: (None, value) for name, value in values.items() if value is not None}
    record(session, actor=actor, actie=AuditActie.AANGEMAAKT, onderwerp="inwoner",
           inwoner_id=inwoner.id, record_id=inwoner.id, velden=nieuw)  # fmt: skip
    return inwoner


BUITEN_BEREIK = (
    "Kies uzelf of een collega uit uw team als regievoerder; anders valt het dossier buiten "
    "uw caseload en kunt u het daarna niet openen."
)


def _in_bereik(session: Session, actor: Medewerker, inwoner_id: uuid.UUID) -> bool:
    return bool(session.scalar(select(exists().where(Inwoner.id == inwoner_id,
                                                     in_bereik(actor)))))  # fmt: skip


def update_inwoner(
    session: Session,
    *,
    actor: Medewerker,
    inwoner_id: uuid.UUID,
    versie: int,
    gegevens: InwonerGegevens,
    reden: str | None = None,
    today: date | None = None,
) -> dict[str, tuple[Any, Any]]:
    """Save changed personalia; returns {field: (old, new)} of what actually changed.

    `versie` is the version the user started editing from; if someone else saved in between,
    nothing is written and ConflictError is raised. `reden`: the break-the-glass reason the
    dossier was opened with, if any.
    """
    vereis(actor, Gegeven.PERSONALIA, Recht.WIJZIGEN)
    values = normalise(gegevens, today=today)
    inwoner = get_inwoner(session, actor=actor, inwoner_id=inwoner_id, reden=reden, audit=False)
    if inwoner.versie != versie:
        raise ConflictError("Het dossier van deze inwoner")
    _check_references(session, values)
    if values["bsn"] != inwoner.bsn and _bsn_taken(session, values["bsn"], except_id=inwoner.id):
        raise _duplicate_bsn(values["bsn"])
    changes = {
        name: (getattr(inwoner, name), new)
        for name, new in values.items()
        if getattr(inwoner, name) != new
    }
    if not changes:
        return {}
    try:
        with session.begin_nested():  # see create_inwoner: the savepoint comes first
            for name, (_old, new) in changes.items():
                setattr(inwoner, name, new)
            for name, key in search_keys(values).items():
                setattr(inwoner, name, key)
            session.flush()
            if changes.keys() & set(NAAM_VELDEN):
                _schrijf_zoekwoorden(session, inwoner.id, values)
    except StaleDataError:
        raise ConflictError("Het dossier van deze inwoner") from None
    except IntegrityError:
        raise _duplicate_bsn(values["bsn"]) from None
    record(session, actor=actor, actie=AuditActie.GEWIJZIGD, onderwerp="inwoner",
           inwoner_id=inwoner.id, record_id=inwoner.id, velden=changes, reden=reden)  # fmt: skip
    return changes


def check_toegang(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, reden: str | None = None
) -> AuditActie:
    """Refuse unless the inwoner exists and is within reach (or a permitted reason is given)."""
    if session.get(Inwoner, inwoner_id) is None:
        raise NotFoundError("Deze inwoner bestaat niet (meer).")
    return toegang_tot_dossier(session, actor=actor, inwoner_id=inwoner_id, reden=reden)


def get_inwoner(
    session: Session,
    *,
    actor: Medewerker,
    inwoner_id: uuid.UUID,
    reden: str | None = None,
    audit: bool = True,
) -> Inwoner:
    """One inwoner with everything the dossier shows.

    Opening a dossier is one audited read; `audit=False` is for reloading a dossier that is
    already open (after a save), so the trail shows each opening once.
    """
    vereis(actor, Gegeven.PERSONALIA, Recht.LEZEN)
    actie = check_toegang(session, actor=actor, inwoner_id=inwoner_id, reden=reden)
    inwoner = session.scalar(
        select(Inwoner)
        .where(Inwoner.id == inwoner_id)
        .options(
            selectinload(Inwoner.labels),
            selectinload(Inwoner.woongemeente),
            selectinload(Inwoner.betaalgemeente),
            selectinload(Inwoner.regievoerder),
        )
    )
    if audit:
        record(session, actor=actor, actie=actie, onderwerp="inwoner", inwoner_id=inwoner_id,
               reden=reden if actie == AuditActie.BREAK_THE_GLASS else None)  # fmt: skip
    return inwoner


@dataclass(frozen=True)
class InwonerStatus:
    """What a klantmanager gemeente may see: the status, not the dossier."""

    id: uuid.UUID
    naam: str
    geboortedatum: date | None
    gemeente: str
    regievoerder: str
    labels: list[str]
    dossier_gesloten_op: date | None
    # The running trajectory in one line ("Matching sinds 01-10-2026, werkcoach …"); the
    # municipality follows the phase and knows whom to call (brief §9.4 rule 5).
    traject: str = ""


def inwoner_status(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, today: date | None = None
) -> InwonerStatus:
    vereis(actor, Gegeven.STATUS, Recht.LEZEN)
    check_toegang(session, actor=actor, inwoner_id=inwoner_id)
    inwoner = session.scalar(
        select(Inwoner).where(Inwoner.id == inwoner_id)
        .options(selectinload(Inwoner.labels), selectinload(Inwoner.woongemeente),
                 selectinload(Inwoner.regievoerder))
    )  # fmt: skip
    peildatum = today or date.today()
    record(session, actor=actor, actie=AuditActie.GELEZEN, onderwerp="status",
           inwoner_id=inwoner_id)  # fmt: skip
    traject = session.scalar(select(Traject).where(Traject.inwoner_id == inwoner_id,
                                                   Traject.fase != TrajectFase.AFGESLOTEN)
                             .options(selectinload(Traject.werkcoach)))  # fmt: skip
    return InwonerStatus(
        id=inwoner.id,
        naam=inwoner.volledige_naam,
        geboortedatum=inwoner.geboortedatum,
        gemeente=inwoner.woongemeente.naam,
        regievoerder=inwoner.regievoerder.naam if inwoner.regievoerder else "",
        labels=[lbl.label.label for lbl in inwoner.labels if lbl.geldig_op(peildatum)],
        dossier_gesloten_op=inwoner.dossier_gesloten_op,
        traject=(
            f"{traject.fase.label} sinds {format_date(traject.fase_sinds)}, werkcoach "
            f"{traject.werkcoach.naam}"
        )
        if traject
        else "",
    )


def zoek_op_bsn(session: Session, *, actor: Medewerker, bsn: str) -> uuid.UUID:
    """The inwoner with exactly this BSN; opening the dossier still checks need-to-know."""
    digits = v.check_bsn(bsn)
    inwoner_id = session.scalar(select(Inwoner.id).where(Inwoner.bsn == digits))
    if inwoner_id is None:
        raise NotFoundError(f"Er staat geen inwoner met BSN {digits} in Koers.", field="bsn")
    return inwoner_id


# --- search and list -----------------------------------------------------------------------


@dataclass(frozen=True)
class InwonerFilter:
    tekst: str = ""
    gemeente_id: uuid.UUID | None = None
    regievoerder_id: uuid.UUID | None = None


@dataclass(frozen=True)
class InwonerRij:
    """What one row of the inwoner list shows."""

    id: uuid.UUID
    naam: str
    bsn: str
    geboortedatum: date
    woonplaats: str
    gemeente: str
    regievoerder: str


_BSN_QUERY = re.compile(r"^[\d\s.]+$")
# A text search lists at most this many inwoners (plus one, so the list can say "more"):
# nobody reads further, and fetching only these keeps every keystroke quick at any size.
MAX_TREFFERS = 1000
# One digit is a tenth of everyone: a BSN search starts at the second.
MIN_BSN_CIJFERS = 2


def bsn_cijfers(tekst: str) -> str | None:
    """The digits of a search text that looks for a BSN (digits, spaces, dots), else None."""
    tekst = tekst.strip()
    if not _BSN_QUERY.match(tekst) or parse_date(tekst) is not None:
        return None
    return re.sub(r"\D", "", tekst)[:9]


def search_inwoner_ids(
    session: Session, *, actor: Medewerker, filter: InwonerFilter, eerste: int | None = None
) -> list[uuid.UUID]:
    """IDs of the matching inwoners within the actor's reach, in list order.

    Digits search the BSN from its start (in BSN order, from the second digit), a date
    searches the date of birth, one letter the achternamen with that initial (like a
    register), and other text must match the start of a word of the name for every word
    typed (accent- and case-insensitive). A text search
    returns at most MAX_TREFFERS + 1 IDs; more than MAX_TREFFERS means there are more.
    `eerste`: only the first so many (the first screen, while the whole list is read).
    """
    vereis(actor, Gegeven.STATUS, Recht.LEZEN)
    tekst = filter.tekst.strip()
    scope = [in_lijst(actor), Inwoner.geanonimiseerd_op.is_(None)]
    if filter.gemeente_id is not None:
        scope.append(Inwoner.woongemeente_id == filter.gemeente_id)
    if filter.regievoerder_id is not None:
        scope.append(Inwoner.regievoerder_id == filter.regievoerder_id)
    query = select(Inwoner.id).where(*scope).order_by(Inwoner.sorteernaam, Inwoner.id)
    if eerste is not None:
        query = query.limit(eerste)
    if not tekst:
        return list(session.scalars(query))
    if (geboortedatum := parse_date(tekst)) is not None:
        query = query.where(Inwoner.geboortedatum == geboortedatum)
    elif (digits := bsn_cijfers(tekst)) is not None:
        if len(digits) < MIN_BSN_CIJFERS:
            return []
        # A range rather than LIKE, so both databases use the unique index on bsn; in BSN
        # order, which that index gives at once (by name, "1" would sort a tenth of everyone).
        query = (select(Inwoner.id).where(*scope, Inwoner.bsn >= digits, Inwoner.bsn < digits + ":")
                 .order_by(Inwoner.bsn))  # fmt: skip
        if eerste is not None:
            query = query.limit(eerste)
    else:
        woorden = zoekwoorden(tekst)
        if not woorden:
            return []
        if len(woorden) > 1 or len(woorden[0]) > 1:
            return _op_naam(session, woorden, scope, heel_bereik=len(scope) == 2
                            and bool(actor.rollen & BREAK_THE_GLASS))  # fmt: skip
        query = query.where(*_begint_met(Inwoner.sorteernaam, woorden[0]))
    return list(session.scalars(query.limit(MAX_TREFFERS + 1)))


def _begint_met(column, prefix: str) -> tuple:
    """`column` starts with `prefix`, as a range an index serves."""
    return column >= prefix, column < prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _op_naam(session: Session, woorden: list[str], scope: list, *, heel_bereik: bool
             ) -> list[uuid.UUID]:  # fmt: skip
    """Every word a prefix of a word of the name. The longest word (the fewest matches)
    drives, from the covering index (woord, sorteernaam, inwoner_id); each candidate is then
    checked for the other words and for the actor's reach. Those checks are correlated EXISTS
    on purpose: as a join or IN list the database would first gather everyone in reach (a
    whole team) or every name with an 'm', which grows with the organisation. Someone who
    sees every inwoner needs no look-up of the inwoner rows at all (anonymised ones have no
    words)."""
    zw = InwonerZoekwoord
    eerste, *andere = sorted(woorden, key=len, reverse=True)
    query = (
        select(zw.sorteernaam, zw.inwoner_id)
        .distinct()
        .where(*_begint_met(zw.woord, eerste))
        .order_by(zw.sorteernaam, zw.inwoner_id)
        .limit(MAX_TREFFERS + 1)
    )
    for woord in andere:
        ander = aliased(InwonerZoekwoord)
        query = query.where(exists().where(
            ander.inwoner_id == zw.inwoner_id, *_begint_met(ander.woord, woord)))  # fmt: skip
    if not heel_bereik:
        query = query.where(exists().where(Inwoner.id == zw.inwoner_id, *scope))
    return [row[1] for row in session.execute(query)]


def display_name(achternaam: str, voornamen: str, tussenvoegsel: str | None) -> str:
    """List form of a name, sorted by achternaam: 'Jong, Pieter de'."""
    return f"{achternaam}, {voornamen}" + (f" {tussenvoegsel}" if tussenvoegsel else "")


def inwoner_rows(
    session: Session, *, actor: Medewerker, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, InwonerRij]:
    """The list rows for these IDs (one query; unknown IDs are left out)."""
    if not ids:
        return {}
    coach = aliased(Medewerker)
    query = (
        select(
            Inwoner.id, Inwoner.achternaam, Inwoner.voornamen, Inwoner.tussenvoegsel,
            Inwoner.bsn, Inwoner.geboortedatum, Inwoner.woonplaats, Gemeente.naam, coach.naam,
        )
        .join(Gemeente, Gemeente.id == Inwoner.woongemeente_id)
        .outerjoin(coach, coach.id == Inwoner.regievoerder_id)
        .where(Inwoner.id.in_(list(ids)), in_lijst(actor))
    )  # fmt: skip
    return {
        row[0]: InwonerRij(
            id=row[0],
            naam=display_name(row[1], row[2], row[3]),
            bsn=row[4] or "",
            geboortedatum=row[5],
            woonplaats=row[6] or "",
            gemeente=row[7],
            regievoerder=row[8] or "",
        )
        for row in session.execute(query)
    }
