"""Retention (rules.md §7): how long a closed dossier is kept, which dossiers are past it, and
their anonymisation. Anonymised: BSN, names, address, contact details and free text are
removed; what anonymous statistics need stays (year of birth, gemeente, labels, dates, channels).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app.models import (
    AuditActie,
    AuditAnonimisering,
    AuditRecord,
    Begeleidingsregime,
    Bewaartermijn,
    Bronsleutel,
    Contactmoment,
    Diagnose,
    Doorverwijzing,
    Evaluatie,
    FaseOvergang,
    Handhavingszaak,
    Intake,
    Inwoner,
    InwonerZoekwoord,
    Loonwaardemeting,
    Medewerker,
    Ontwikkelafspraak,
    Ontwikkeldoel,
    Ontwikkelplan,
    ParticipatieladderScore,
    Plaatsing,
    Schuld,
    SchuldhulpFase,
    SchuldhulpOvergang,
    Schuldhulptraject,
    Traject,
    TrajectFase,
    WerkniveauMeting,
)
from app.services.audit import record
from app.services.errors import DomainError, NotFoundError, ValidationError
from app.services.rechten import Gegeven, Recht, vereis

DOSSIER = "DOSSIER"
# Shipped defaults: soort → (years after closing, description).
STANDAARD = {DOSSIER: (7, "Dossier van een inwoner: personalia, labels, contactjournaal, "
                          "ontwikkelplannen en werkniveaumetingen")}  # fmt: skip
GEANONIMISEERD = "[geanonimiseerd]"


def ensure_defaults(session: Session) -> None:
    bekend = set(session.scalars(select(Bewaartermijn.soort)))
    for soort, (jaren, omschrijving) in STANDAARD.items():
        if soort not in bekend:
            session.add(Bewaartermijn(soort=soort, jaren=jaren, omschrijving=omschrijving))
    session.flush()


def termijnen(session: Session, *, actor: Medewerker) -> list[Bewaartermijn]:
    vereis(actor, Gegeven.BEWAARTERMIJN, Recht.LEZEN)
    return list(session.scalars(select(Bewaartermijn).order_by(Bewaartermijn.soort)))


def wijzig_termijn(session: Session, *, actor: Medewerker, soort: str, jaren: int) -> None:
    vereis(actor, Gegeven.BEWAARTERMIJN, Recht.WIJZIGEN)
    termijn = session.get(Bewaartermijn, soort)
    if termijn is None:
        raise NotFoundError(f"Er is geen bewaartermijn voor '{soort}'.")
    if not 1 <= jaren <= 100:
        raise ValidationError({"jaren": "Een bewaartermijn is 1 tot 100 jaar."})
    termijn.jaren = jaren
    session.flush()


def _jaren(session: Session, soort: str) -> int:
    termijn = session.get(Bewaartermijn, soort)
    return termijn.jaren if termijn else STANDAARD[soort][0]


@dataclass(frozen=True)
class VerlopenDossier:
    inwoner_id: uuid.UUID
    naam: str
    gesloten_op: date
    verlopen_op: date


def verlopen_dossiers(
    session: Session, *, actor: Medewerker, peildatum: date | None = None
) -> list[VerlopenDossier]:
    """Closed dossiers whose retention period has passed and that still hold personal data."""
    vereis(actor, Gegeven.BEWAARTERMIJN, Recht.LEZEN)
    peildatum = peildatum or date.today()
    jaren = _jaren(session, DOSSIER)
    grens = peildatum - relativedelta(years=jaren)
    rows = session.execute(
        select(Inwoner.id, Inwoner.voornamen, Inwoner.tussenvoegsel, Inwoner.achternaam,
               Inwoner.dossier_gesloten_op)
        .where(Inwoner.dossier_gesloten_op <= grens, Inwoner.geanonimiseerd_op.is_(None))
        .order_by(Inwoner.dossier_gesloten_op)
    )  # fmt: skip
    return [
        VerlopenDossier(
            inwoner_id=id_,
            naam=" ".join(p for p in (voornamen, tussenvoegsel, achternaam) if p),
            gesloten_op=gesloten,
            verlopen_op=gesloten + relativedelta(years=jaren),
        )
        for id_, voornamen, tussenvoegsel, achternaam, gesloten in rows
    ]


@dataclass
class VernietigingsRapport:
    """What was anonymised; it names no person (that would keep what was destroyed)."""

    peildatum: date
    dossiers: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"peildatum": self.peildatum.isoformat(), "aantal": len(self.dossiers),
                "dossiers": self.dossiers}  # fmt: skip


def vernietig(
    session: Session, *, actor: Medewerker, peildatum: date | None = None
) -> VernietigingsRapport:
    """Anonymise every expired dossier, in the caller's transaction."""
    vereis(actor, Gegeven.BEWAARTERMIJN, Recht.WIJZIGEN)
    peildatum = peildatum or date.today()
    verlopen = verlopen_dossiers(session, actor=actor, peildatum=peildatum)
    rapport = VernietigingsRapport(peildatum)
    if not verlopen:
        return rapport
    ids = [d.inwoner_id for d in verlopen]
    contacten = dict(session.execute(
        select(Contactmoment.inwoner_id, func.count()).where(Contactmoment.inwoner_id.in_(ids))
        .group_by(Contactmoment.inwoner_id)
    ).all())  # fmt: skip
    audit = dict(session.execute(
        select(AuditRecord.inwoner_id, func.count()).where(AuditRecord.inwoner_id.in_(ids))
        .group_by(AuditRecord.inwoner_id)
    ).all())  # fmt: skip
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        session.execute(
            update(Inwoner).where(Inwoner.id.in_(chunk)).values(
                bsn=None, voornamen=GEANONIMISEERD, tussenvoegsel=None,
                achternaam=GEANONIMISEERD, sorteernaam="~",
                # Keep the year of birth for age bands in statistics.
                geboortedatum=func.date(Inwoner.geboortedatum, "start of year")
                if session.get_bind().dialect.name == "sqlite"
                else func.date_trunc("year", Inwoner.geboortedatum),
                straat=None, huisnummer=None, postcode=None, woonplaats=None, telefoon=None,
                email=None, geanonimiseerd_op=peildatum, versie=Inwoner.versie + 1,
            ),
            execution_options={"synchronize_session": False},
        )  # fmt: skip
        session.execute(
            update(Contactmoment).where(Contactmoment.inwoner_id.in_(chunk))
            .values(samenvatting="", vervolgactie=None, versie=Contactmoment.versie + 1),
            execution_options={"synchronize_session": False},
        )  # fmt: skip
        _scrub_plans(session, chunk)
        _scrub_trajecten(session, chunk)
        _scrub_schuldhulp(session, chunk)
        # A source system's client number identifies the person as well as the BSN did.
        session.execute(delete(Bronsleutel).where(Bronsleutel.record_id.in_(chunk)))
        # The words of the name are the name.
        session.execute(delete(InwonerZoekwoord).where(InwonerZoekwoord.inwoner_id.in_(chunk)))
        # The audit trail keeps who did what when, but not the old and new values.
        session.add(AuditAnonimisering(id=1))
        session.flush()
        session.execute(
            update(AuditRecord).where(AuditRecord.inwoner_id.in_(chunk))
            .values(velden=None, reden=None),
            execution_options={"synchronize_session": False},
        )  # fmt: skip
        session.execute(delete(AuditAnonimisering))
    for dossier in verlopen:
        record(session, actor=actor, actie=AuditActie.GEANONIMISEERD, onderwerp="inwoner",
               inwoner_id=dossier.inwoner_id)  # fmt: skip
        rapport.dossiers.append({
            "inwoner_id": str(dossier.inwoner_id),
            "gesloten_op": dossier.gesloten_op.isoformat(),
            "verlopen_op": dossier.verlopen_op.isoformat(),
            "contactmomenten_geschoond": str(contacten.get(dossier.inwoner_id, 0)),
            "auditregels_geschoond": str(audit.get(dossier.inwoner_id, 0)),
        })  # fmt: skip
    session.flush()
    session.expire_all()
    return rapport


def _scrub_plans(session: Session, inwoner_ids: list[uuid.UUID]) -> None:
    """Remove the free text of development plans and work-level evidence; keep what
    statistics need (types, statuses, dates, levels, intensity)."""
    plannen = select(Ontwikkelplan.id).where(Ontwikkelplan.inwoner_id.in_(inwoner_ids))
    options = {"synchronize_session": False}
    session.execute(
        update(Ontwikkelplan)
        .where(Ontwikkelplan.inwoner_id.in_(inwoner_ids))
        .values(
            talenten=None,
            drijfveren=None,
            zwakten=None,
            ontwikkelmogelijkheden=None,
            bedreigingen=None,
            leefgebieden=None,
            metingen=None,
            ontwikkelpotentieel=None,
            afsluitreden=None,
            versie=Ontwikkelplan.versie + 1,
        ),
        execution_options=options,
    )
    session.execute(
        update(Ontwikkeldoel)
        .where(Ontwikkeldoel.plan_id.in_(plannen))
        .values(
            omschrijving="",
            competentie=None,
            instrument=None,
            verantwoordelijke=None,
            versie=Ontwikkeldoel.versie + 1,
        ),
        execution_options=options,
    )
    session.execute(
        update(Ontwikkelafspraak)
        .where(Ontwikkelafspraak.plan_id.in_(plannen))
        .values(omschrijving="", versie=Ontwikkelafspraak.versie + 1),
        execution_options=options,
    )
    session.execute(
        update(Begeleidingsregime)
        .where(Begeleidingsregime.plan_id.in_(plannen))
        .values(begeleider="", contactfrequentie="", versie=Begeleidingsregime.versie + 1),
        execution_options=options,
    )
    session.execute(
        update(Evaluatie)
        .where(Evaluatie.plan_id.in_(plannen))
        .values(begeleidingsnoodzaak="", advies=None, versie=Evaluatie.versie + 1),
        execution_options=options,
    )
    session.execute(update(WerkniveauMeting).where(WerkniveauMeting.inwoner_id.in_(inwoner_ids))
                    .values(bewijs_omschrijving="", versie=WerkniveauMeting.versie + 1),
                    execution_options=options)  # fmt: skip


def _scrub_trajecten(session: Session, inwoner_ids: list[uuid.UUID]) -> None:
    """Remove the free text of trajectories, intakes, diagnoses, placements and sanction
    investigations; keep phases, dates, stages, reasons as codes and scores for statistics."""
    trajecten = select(Traject.id).where(Traject.inwoner_id.in_(inwoner_ids))
    options = {"synchronize_session": False}
    leeg = {
        Traject: dict(uitstroom_toelichting=None, overdracht_notitie=None, vacature=None,
                      nazorg_afspraken=None),
        Intake: dict(deelnemers=None, hoe_gaat_het=None, mogelijkheden=None, belemmeringen=None,
                     willen=None, kunnen=None, vaardigheden=None, omstandigheden=None,
                     re_integratieadvies=None, plan_van_aanpak=None),
        Diagnose: dict(resultaat=""),
        ParticipatieladderScore: dict(toelichting=None),
        Plaatsing: dict(einde_reden=None),
        Loonwaardemeting: dict(reden_vastgesteld=None),
        Handhavingszaak: dict(afspraak_omschrijving="", omschrijving="", verwijtbaarheid=None,
                              persoonlijke_omstandigheden=None, advies=None),
    }  # fmt: skip
    for model, values in leeg.items():
        eigen = (model.traject_id.in_(trajecten) if model in (Intake, Handhavingszaak)
                 else (model.id.in_(trajecten) if model is Traject
                       else model.inwoner_id.in_(inwoner_ids)))  # fmt: skip
        session.execute(update(model).where(eigen).values(**values, versie=model.versie + 1),
                        execution_options=options)  # fmt: skip
    session.execute(update(FaseOvergang).where(FaseOvergang.traject_id.in_(trajecten))
                    .values(reden=None), execution_options=options)  # fmt: skip


def _scrub_schuldhulp(session: Session, inwoner_ids: list[uuid.UUID]) -> None:
    """Remove the free text and creditor names of debt trajectories and the link to a
    co-applicant; keep phases, dates, products, outcomes, amounts and statuses for statistics."""
    trajecten = select(Schuldhulptraject.id).where(Schuldhulptraject.inwoner_id.in_(inwoner_ids))
    options = {"synchronize_session": False}
    session.execute(
        update(Schuldhulptraject).where(Schuldhulptraject.inwoner_id.in_(inwoner_ids))
        .values(hulpvraag=None, bedreiging_toelichting=None, leefgebieden=None,
                plan_van_aanpak=None, reden_geen_bankkrediet=None, afsluiting_toelichting=None,
                medeaanvrager_id=None, versie=Schuldhulptraject.versie + 1),
        execution_options=options)  # fmt: skip
    session.execute(update(SchuldhulpOvergang).where(SchuldhulpOvergang.traject_id.in_(trajecten))
                    .values(toelichting=None), execution_options=options)  # fmt: skip
    session.execute(update(Schuld).where(Schuld.traject_id.in_(trajecten))
                    .values(schuldeiser="", kenmerk=None, versie=Schuld.versie + 1),
                    execution_options=options)  # fmt: skip
    session.execute(update(Doorverwijzing).where(Doorverwijzing.traject_id.in_(trajecten))
                    .values(reden=""), execution_options=options)  # fmt: skip


def sluit_dossier(
    session: Session, *, actor: Medewerker, inwoner_id: uuid.UUID, datum: date,
    reden: str | None = None, today: date | None = None,
) -> None:  # fmt: skip
    """Close a dossier: from this date its retention period runs."""
    from app.services.inwoners import get_inwoner

    vereis(actor, Gegeven.PERSONALIA, Recht.WIJZIGEN)
    inwoner = get_inwoner(session, actor=actor, inwoner_id=inwoner_id, reden=reden, audit=False)
    if inwoner.dossier_gesloten_op is not None:
        raise DomainError("Dit dossier is al gesloten.")
    lopend = select(Traject.id).where(Traject.inwoner_id == inwoner_id,
                                      Traject.fase != TrajectFase.AFGESLOTEN)  # fmt: skip
    if session.scalar(lopend):
        raise DomainError("Deze inwoner heeft nog een lopend traject; sluit dat eerst af met "
                          "een uitstroomreden.")  # fmt: skip
    schuldhulp = select(Schuldhulptraject.id).where(
        Schuldhulptraject.inwoner_id == inwoner_id,
        Schuldhulptraject.fase != SchuldhulpFase.AFGESLOTEN)  # fmt: skip
    if session.scalar(schuldhulp):
        raise DomainError("Deze inwoner heeft nog een lopend schuldhulptraject; de consulent "
                          "schulddienstverlening sluit dat eerst af.")  # fmt: skip
    if datum > (today or date.today()):
        raise ValidationError({"datum": "Een dossier kan niet in de toekomst worden gesloten."})
    inwoner.dossier_gesloten_op = datum
    record(session, actor=actor, actie=AuditActie.GEWIJZIGD, onderwerp="inwoner",
           inwoner_id=inwoner.id, velden={"dossier_gesloten_op": (None, datum)},
           reden=reden)  # fmt: skip
    session.flush()
