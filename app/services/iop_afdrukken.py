"""Printing ontwikkelplannen: one plan, or the current plans of a whole caseload.

Each PDF is written atomically, so a cancelled or failed batch leaves only complete files.
Printing a plan is a read of personal data and is audited.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import case, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from app.models import (
    AuditActie,
    Inwoner,
    Medewerker,
    Ontwikkelplan,
    PlanStatus,
    PlanType,
    Werkniveau,
)
from app.services.audit import record
from app.services.bestanden import write_atomically
from app.services.demodatabase import is_demo
from app.services.errors import DomainError, NotFoundError
from app.services.inwoners import zoek_op_bsn
from app.services.ontwikkelplannen import get_plan
from app.services.rechten import Gegeven, Recht, vereis
from app.services.text import fold, format_date
from app.services.toegang import in_bereik

KORT = {PlanType.IOP: "IOP", PlanType.POP: "POP", PlanType.COACHINGSPLAN: "Coachingsplan",
        PlanType.PLAN_VAN_AANPAK: "Plan van aanpak"}  # fmt: skip
PROFIEL = (("talenten", "Talenten"), ("drijfveren", "Drijfveren"), ("zwakten", "Zwakten"),
           ("ontwikkelmogelijkheden", "Ontwikkelmogelijkheden"),
           ("bedreigingen", "Bedreigingen"), ("leefgebieden", "Andere leefgebieden"))  # fmt: skip

if TYPE_CHECKING:  # the printing modules load ReportLab: only when printing
    from app.services.printing.iop import IopDocument


def iop_document(session: Session, plan: Ontwikkelplan, *, peildatum: date) -> IopDocument:
    from app.services.printing.iop import IopDocument

    inwoner = session.scalar(select(Inwoner).where(Inwoner.id == plan.inwoner_id).options(
        selectinload(Inwoner.labels), selectinload(Inwoner.woongemeente)))  # fmt: skip
    niveaus = dict(session.execute(select(Werkniveau.niveau, Werkniveau.omschrijving)).all())
    organisatie = inwoner.woongemeente.organisatie
    regime = plan.regime
    laatste = plan.evaluaties[-1] if plan.evaluaties else None
    return IopDocument(
        organisatie=organisatie.naam if organisatie else "Koers",
        titel=plan.type.label,
        kort=KORT[plan.type],
        inwoner=inwoner.volledige_naam,
        geboortedatum=inwoner.geboortedatum,
        gemeente=inwoner.woongemeente.naam,
        labels=", ".join(lbl.label.label for lbl in inwoner.labels if lbl.geldig_op(peildatum)),
        planversie=plan.planversie,
        status=plan.status.label,
        periode=" t/m ".join(format_date(d) for d in (plan.periode_van, plan.periode_tot) if d),
        coach=plan.eigenaar.naam if plan.eigenaar else "",
        profiel=tuple((label, getattr(plan, name) or "") for name, label in PROFIEL),
        metingen=plan.metingen or "",
        ontwikkelpotentieel=plan.ontwikkelpotentieel or "",
        werkniveau_start=_niveau(plan.werkniveau_start, niveaus),
        werkniveau_doel=_niveau(plan.werkniveau_doel, niveaus),
        doelen=tuple((d.omschrijving, d.competentie or "", d.instrument or "",
                      d.verantwoordelijke or "", format_date(d.streefdatum), d.status.label)
                     for d in plan.doelen),
        afspraken=tuple((a.omschrijving, a.partij.label, "ja" if a.verplichting else "nee")
                        for a in plan.afspraken),
        regime=((("Wie begeleidt", regime.begeleider), ("Intensiteit", regime.intensiteit.label),
                 ("Contact", regime.contactfrequentie), ("Waar", regime.setting.label),
                 ("Agogische begeleiding", "ja" if regime.agogisch else "nee"))
                if regime else ()),
        evaluatie_schema=(
            f"Het plan wordt elke {plan.evaluatie_interval_maanden} maanden geëvalueerd."
            + (f" Volgende evaluatie: {format_date(plan.volgende_evaluatie)}."
               if plan.volgende_evaluatie else "")),
        laatste_evaluatie=((("Laatste evaluatie", format_date(laatste.datum)),
                            ("Begeleidingsnoodzaak", laatste.begeleidingsnoodzaak),
                            ("Doelen bijgesteld", "ja" if laatste.doelen_bijgesteld else "nee"),
                            ("Advies", laatste.advies or "—")) if laatste else ()),
        ondertekend_inwoner_op=plan.ondertekend_inwoner_op,
        ondertekend_coach_op=plan.ondertekend_coach_op,
        demo=is_demo(session),
    )  # fmt: skip


def _niveau(niveau: int | None, niveaus: dict[int, str]) -> str:
    return f"{niveau} – {niveaus.get(niveau, '')}" if niveau is not None else ""


def print_plan(
    session: Session, *, actor: Medewerker, plan_id: uuid.UUID, reden: str | None = None,
    peildatum: date | None = None,
) -> bytes:  # fmt: skip
    plan = get_plan(session, actor=actor, plan_id=plan_id, reden=reden)
    record(session, actor=actor, actie=AuditActie.GELEZEN, onderwerp="ontwikkelplan (afdruk)",
           inwoner_id=plan.inwoner_id, record_id=plan.id, reden=reden)  # fmt: skip
    from app.services.printing.iop import render_iop

    return render_iop(iop_document(session, plan, peildatum=peildatum or date.today()))


_CURRENT_FIRST = case((Ontwikkelplan.status == PlanStatus.VASTGESTELD, 0), else_=1)


def huidig_plan_id(session: Session, inwoner_id: uuid.UUID) -> uuid.UUID | None:
    """The plan to print for an inwoner: the vastgesteld IOP, else the concept, else any other
    type's vastgesteld or concept plan."""
    return session.scalar(
        select(Ontwikkelplan.id)
        .where(Ontwikkelplan.inwoner_id == inwoner_id,
               Ontwikkelplan.status.in_([PlanStatus.VASTGESTELD, PlanStatus.CONCEPT]))
        .order_by(case((Ontwikkelplan.type == PlanType.IOP, 0), else_=1), _CURRENT_FIRST,
                  Ontwikkelplan.planversie.desc())
        .limit(1)
    )  # fmt: skip


def print_plan_for_bsn(
    session: Session, *, actor: Medewerker, bsn: str, reden: str | None = None
) -> tuple[bytes, str]:
    """The current plan of the inwoner with this BSN, and a file name for it."""
    inwoner_id = zoek_op_bsn(session, actor=actor, bsn=bsn)
    plan_id = huidig_plan_id(session, inwoner_id)
    if plan_id is None:
        raise NotFoundError("Deze inwoner heeft nog geen ontwikkelplan om af te drukken.")
    pdf = print_plan(session, actor=actor, plan_id=plan_id, reden=reden)
    return pdf, bestandsnaam(session.get(Ontwikkelplan, plan_id))


def bestandsnaam(plan: Ontwikkelplan) -> str:
    inwoner = plan.inwoner
    naam = re.sub(r"[^a-z0-9]+", "-", fold(f"{inwoner.achternaam} {inwoner.voornamen}")).strip("-")
    return f"{plan.type.value}-{naam}-{str(inwoner.id)[:8]}-v{plan.planversie}.pdf"


@dataclass
class BatchResultaat:
    geschreven: list[Path]
    geannuleerd: bool
    zonder_plan: int


def print_caseload(
    sessions: sessionmaker[Session], *, actor_id: uuid.UUID, medewerker: str, directory: Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> BatchResultaat:  # fmt: skip
    """The current plans of every inwoner on a medewerker's caseload, one PDF each.

    Every plan is printed in its own short transaction (its read audited with it), so a long
    batch never holds the database; cancelling stops before the next plan.
    """
    with sessions.begin() as session:
        actor = session.get(Medewerker, actor_id)
        vereis(actor, Gegeven.ONTWIKKELPLAN, Recht.LEZEN)
        coach = session.scalar(select(Medewerker).where(
            Medewerker.gebruikersnaam == medewerker.strip().lower()))  # fmt: skip
        if coach is None:
            raise NotFoundError(f"Er is geen medewerker met gebruikersnaam '{medewerker}'.")
        inwoner_ids = list(session.scalars(
            select(Inwoner.id).where(Inwoner.regievoerder_id == coach.id, in_bereik(actor),
                                     Inwoner.geanonimiseerd_op.is_(None))
            .order_by(Inwoner.sorteernaam)))  # fmt: skip
        plan_ids = [huidig_plan_id(session, i) for i in inwoner_ids]
    if not inwoner_ids:
        raise DomainError(f"Er staan geen inwoners binnen uw bereik op de caseload van "
                          f"'{medewerker}'.")  # fmt: skip
    directory.mkdir(parents=True, exist_ok=True)
    te_printen = [p for p in plan_ids if p is not None]
    geschreven: list[Path] = []
    for n, plan_id in enumerate(te_printen, start=1):
        if cancelled():
            return BatchResultaat(geschreven, True, len(plan_ids) - len(te_printen))
        with sessions.begin() as session:
            actor = session.get(Medewerker, actor_id)
            pdf = print_plan(session, actor=actor, plan_id=plan_id)
            path = directory / bestandsnaam(session.get(Ontwikkelplan, plan_id))
        write_atomically(path, pdf)
        geschreven.append(path)
        if progress is not None:
            progress(n, len(te_printen))
    return BatchResultaat(geschreven, False, len(plan_ids) - len(te_printen))
