"""Inzage (AVG art. 15): everything Koers holds about one person, as JSON and as a readable
PDF, including who accessed the dossier. Making it is itself audited.

Each kind of record contributes one section (`SECTIONS`); a capability that adds personal
data adds its section here, so the export stays complete.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    AuditActie,
    AuditRecord,
    Budgetbeheer,
    Contactmoment,
    Diagnose,
    Handhavingszaak,
    Intake,
    Inwoner,
    InwonerLabel,
    Loonwaardemeting,
    Medewerker,
    Ontwikkelplan,
    ParticipatieladderScore,
    Plaatsing,
    Schuldhulptraject,
    Traject,
    WerkniveauMeting,
)
from app.services.audit import plain_value, record, velden_tekst
from app.services.bestanden import write_atomically
from app.services.demodatabase import is_demo
from app.services.errors import NotFoundError
from app.services.rechten import Gegeven, Recht, vereis
from app.services.text import format_date, format_moment
from app.services.validation import check_bsn


def _personalia(session: Session, inwoner: Inwoner) -> list[dict[str, Any]]:
    return [{
        "bsn": inwoner.bsn, "voornamen": inwoner.voornamen, "tussenvoegsel": inwoner.tussenvoegsel,
        "achternaam": inwoner.achternaam, "geboortedatum": inwoner.geboortedatum,
        "straat": inwoner.straat, "huisnummer": inwoner.huisnummer, "postcode": inwoner.postcode,
        "woonplaats": inwoner.woonplaats, "woongemeente": inwoner.woongemeente.naam,
        "betaalgemeente": inwoner.betaalgemeente.naam, "telefoon": inwoner.telefoon,
        "email": inwoner.email,
        "regievoerder": inwoner.regievoerder.naam if inwoner.regievoerder else None,
        "dossier_gesloten_op": inwoner.dossier_gesloten_op,
        "aangemaakt_op": inwoner.aangemaakt_op, "gewijzigd_op": inwoner.gewijzigd_op,
    }]  # fmt: skip


def _labels(session: Session, inwoner: Inwoner) -> list[dict[str, Any]]:
    rows = session.scalars(select(InwonerLabel).where(InwonerLabel.inwoner_id == inwoner.id)
                           .order_by(InwonerLabel.geldig_van))  # fmt: skip
    return [{"label": r.label.label, "geldig_van": r.geldig_van, "geldig_tot": r.geldig_tot,
             "bron": r.bron.label if r.bron else None} for r in rows]  # fmt: skip


def _contactmomenten(session: Session, inwoner: Inwoner) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Contactmoment, Medewerker.naam)
        .join(Medewerker, Medewerker.id == Contactmoment.auteur_id)
        .where(Contactmoment.inwoner_id == inwoner.id)
        .order_by(Contactmoment.datum, Contactmoment.aangemaakt_op)
    )
    return [{"datum": c.datum, "kanaal": c.kanaal.label, "medewerker": naam,
             "samenvatting": c.samenvatting, "vervolgactie": c.vervolgactie,
             "vervolgdatum": c.vervolgdatum} for c, naam in rows]  # fmt: skip


def _ontwikkelplannen(session: Session, inwoner: Inwoner) -> list[dict[str, Any]]:
    plannen = session.scalars(
        select(Ontwikkelplan).where(Ontwikkelplan.inwoner_id == inwoner.id)
        .options(selectinload(Ontwikkelplan.doelen), selectinload(Ontwikkelplan.afspraken),
                 selectinload(Ontwikkelplan.regime), selectinload(Ontwikkelplan.evaluaties))
        .order_by(Ontwikkelplan.type, Ontwikkelplan.planversie)
    )  # fmt: skip
    rows = []
    for p in plannen:
        regime = p.regime
        rows.append({
            "plan": f"{p.type.label}, versie {p.planversie}", "status": p.status.label,
            "vastgesteld_op": p.vastgesteld_op,
            "profiel": "; ".join(f"{k}: {v}" for k, v in (
                ("talenten", p.talenten), ("drijfveren", p.drijfveren), ("zwakten", p.zwakten),
                ("ontwikkelmogelijkheden", p.ontwikkelmogelijkheden),
                ("bedreigingen", p.bedreigingen), ("leefgebieden", p.leefgebieden),
                ("metingen", p.metingen)) if v),
            "ontwikkelpotentieel": p.ontwikkelpotentieel,
            "doelen": "; ".join(f"{d.omschrijving} ({d.status.label})" for d in p.doelen),
            "afspraken": "; ".join(a.omschrijving for a in p.afspraken),
            "begeleiding": f"{regime.begeleider}, {regime.contactfrequentie}" if regime else None,
            "evaluaties": "; ".join(f"{e.datum.isoformat()}: {e.begeleidingsnoodzaak}"
                                    for e in p.evaluaties),
        })  # fmt: skip
    return rows


def _werkniveau(session: Session, inwoner: Inwoner) -> list[dict[str, Any]]:
    rows = session.scalars(select(WerkniveauMeting).where(WerkniveauMeting.inwoner_id ==
                           inwoner.id).order_by(WerkniveauMeting.datum))  # fmt: skip
    return [{"datum": m.datum, "niveau": m.niveau, "nulmeting": m.is_baseline,
             "bewijs": f"{m.bewijs.label}: {m.bewijs_omschrijving}"} for m in rows]  # fmt: skip


def _trajecten(session: Session, inwoner: Inwoner) -> list[dict[str, Any]]:
    trajecten = session.scalars(select(Traject).where(Traject.inwoner_id == inwoner.id)
                                .options(selectinload(Traject.overgangen))
                                .order_by(Traject.startdatum))  # fmt: skip
    return [{
        "start": t.startdatum, "aanmeldbron": t.aanmeldbron.label, "fase": t.fase.label,
        "stadium": t.ontwikkelstadium.label if t.ontwikkelstadium else None,
        "einde": t.einddatum, "uitstroomreden": t.uitstroomreden.label if t.uitstroomreden
        else None,
        "verloop": "; ".join(f"{o.datum.isoformat()} {o.naar_fase.label}"
                             + (f" ({o.reden})" if o.reden else "") for o in t.overgangen),
    } for t in trajecten]  # fmt: skip


def _intakes(session: Session, inwoner: Inwoner) -> list[dict[str, Any]]:
    rows = session.scalars(select(Intake).join(Traject, Traject.id == Intake.traject_id)
                           .where(Traject.inwoner_id == inwoner.id)
                           .order_by(Intake.datum))  # fmt: skip
    velden = ("deelnemers", "hoe_gaat_het", "mogelijkheden", "belemmeringen", "willen",
              "kunnen", "vaardigheden", "omstandigheden", "re_integratieadvies",
              "plan_van_aanpak")  # fmt: skip
    return [{"datum": i.datum, "soort": i.type.label,
             **{v: getattr(i, v) for v in velden}} for i in rows]  # fmt: skip


def _diagnoses(session: Session, inwoner: Inwoner) -> list[dict[str, Any]]:
    rows = session.scalars(select(Diagnose).where(Diagnose.inwoner_id == inwoner.id)
                           .order_by(Diagnose.datum))  # fmt: skip
    return [{"datum": d.datum, "instrument": d.instrument.label, "uitvoerder": d.uitvoerder,
             "resultaat": d.resultaat} for d in rows]  # fmt: skip


def _participatieladder(session: Session, inwoner: Inwoner) -> list[dict[str, Any]]:
    rows = session.scalars(select(ParticipatieladderScore).where(
        ParticipatieladderScore.inwoner_id == inwoner.id)
        .order_by(ParticipatieladderScore.datum))  # fmt: skip
    return [{"datum": r.datum, "trede": r.trede, "toelichting": r.toelichting} for r in rows]


def _plaatsingen(session: Session, inwoner: Inwoner) -> list[dict[str, Any]]:
    rows = session.scalars(select(Plaatsing).where(Plaatsing.inwoner_id == inwoner.id)
                           .order_by(Plaatsing.startdatum))  # fmt: skip
    return [{"werkplek": p.werkplek, "vorm": p.plaatsingsvorm.label, "start": p.startdatum,
             "einde": p.einddatum, "uren_per_week": p.uren_per_week, "lks": p.lks}
            for p in rows]  # fmt: skip


def _loonwaarde(session: Session, inwoner: Inwoner) -> list[dict[str, Any]]:
    rows = session.scalars(select(Loonwaardemeting).where(
        Loonwaardemeting.inwoner_id == inwoner.id).order_by(Loonwaardemeting.datum))  # fmt: skip
    return [{"datum": m.datum, "methode": m.methode.label, "meter": f"{m.meter} "
             f"({m.meter_organisatie})", "werkplek": m.werkplek, "normfunctie": m.normfunctie,
             "loonwaarde": m.loonwaarde, "reden_vastgesteld": m.reden_vastgesteld,
             "volgende_meting": m.volgende_meting} for m in rows]  # fmt: skip


def _handhaving(session: Session, inwoner: Inwoner) -> list[dict[str, Any]]:
    rows = session.scalars(select(Handhavingszaak).join(Traject, Traject.id ==
                           Handhavingszaak.traject_id).where(Traject.inwoner_id == inwoner.id)
                           .order_by(Handhavingszaak.signaal_datum))  # fmt: skip
    return [{"signaal": z.signaal_datum, "verplichting": z.afspraak_omschrijving,
             "omschrijving": z.omschrijving, "verwijtbaarheid": z.verwijtbaarheid,
             "persoonlijke_omstandigheden": z.persoonlijke_omstandigheden, "advies": z.advies,
             "besluit_gemeente": z.besluit_gemeente, "verordening": z.verordening}
            for z in rows]  # fmt: skip


def _schuldhulp(session: Session, inwoner: Inwoner) -> list[dict[str, Any]]:
    trajecten = session.scalars(
        select(Schuldhulptraject).where(Schuldhulptraject.inwoner_id == inwoner.id)
        .options(selectinload(Schuldhulptraject.overgangen),
                 selectinload(Schuldhulptraject.schulden),
                 selectinload(Schuldhulptraject.doorverwijzingen))
        .order_by(Schuldhulptraject.melding_datum))  # fmt: skip
    return [{
        "melding": t.melding_datum, "bron": t.melding_bron.label, "hulpvraag": t.hulpvraag,
        "bedreiging": f"{t.bedreiging.label} ({t.bedreiging_datum.isoformat()})"
        if t.bedreiging else None,
        "eerste_gesprek": t.eerste_gesprek, "leefgebieden": t.leefgebieden,
        "beschikking": f"{t.beschikking.label} ({t.beschikking_datum.isoformat()})"
        if t.beschikking else None,
        "plan_van_aanpak": t.plan_van_aanpak,
        "product": t.product.label if t.product else None,
        "variant": t.variant.label if t.variant else None, "fase": t.fase.label,
        "uitkomst": t.uitkomst.label if t.uitkomst else None,
        "toelichting": t.afsluiting_toelichting,
        "verloop": "; ".join(f"{o.datum.isoformat()} {o.naar_fase.label}" for o in t.overgangen),
        "schulden": "; ".join(f"{d.schuldeiser} ({d.soort.label}): {d.bedrag_opgegeven or '–'}"
                              f", {d.status.label}" for d in t.schulden),
        "doorverwijzingen": "; ".join(f"{v.datum.isoformat()} {v.partner.label}: {v.reden}"
                                      for v in t.doorverwijzingen),
    } for t in trajecten]  # fmt: skip


def _budgetbeheer(session: Session, inwoner: Inwoner) -> list[dict[str, Any]]:
    rows = session.scalars(select(Budgetbeheer).where(Budgetbeheer.inwoner_id == inwoner.id)
                           .order_by(Budgetbeheer.startdatum))  # fmt: skip
    return [{"start": b.startdatum, "einde": b.einddatum, "leefgeld": b.leefgeld,
             "frequentie": b.frequentie.label, "postadres": b.postadres} for b in rows]  # fmt: skip


def _toegang(session: Session, inwoner: Inwoner) -> list[dict[str, Any]]:
    rows = session.scalars(select(AuditRecord).where(AuditRecord.inwoner_id == inwoner.id)
                           .order_by(AuditRecord.moment))  # fmt: skip
    return [{"moment": r.moment, "medewerker": r.gebruikersnaam, "actie": r.actie.label,
             "gegevens": r.onderwerp, "velden": r.velden, "reden": r.reden}
            for r in rows]  # fmt: skip


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    collect: Callable[[Session, Inwoner], list[dict[str, Any]]]
    # Records with long texts print as label–value blocks, short ones as a table.
    blocks: bool = False


SECTIONS: tuple[Section, ...] = (
    Section("personalia", "Personalia", _personalia, blocks=True),
    Section("labels", "Doelgroepen en labels", _labels),
    Section("contactmomenten", "Contactmomenten", _contactmomenten),
    Section("ontwikkelplannen", "Ontwikkelplannen", _ontwikkelplannen, blocks=True),
    Section("werkniveau", "Werkniveaumetingen", _werkniveau),
    Section("trajecten", "Trajecten en hun verloop", _trajecten, blocks=True),
    Section("intakes", "Intakes", _intakes, blocks=True),
    Section("diagnoses", "Diagnoses en onderzoeken", _diagnoses, blocks=True),
    Section("participatieladder", "Participatieladder", _participatieladder),
    Section("plaatsingen", "Plaatsingen", _plaatsingen),
    Section("loonwaardemetingen", "Loonwaardemetingen", _loonwaarde),
    Section("handhaving", "Handhaving (maatregelonderzoeken)", _handhaving, blocks=True),
    Section("schuldhulp", "Schuldhulptrajecten", _schuldhulp, blocks=True),
    Section("budgetbeheer", "Budgetbeheer", _budgetbeheer),
    Section("toegang", "Wie heeft het dossier ingezien of gewijzigd", _toegang),
)


@dataclass(frozen=True)
class InzageResultaat:
    json_path: Path
    pdf_path: Path


def maak_inzage(
    session: Session, *, actor: Medewerker, bsn: str, directory: Path,
    now: datetime | None = None,
) -> InzageResultaat:  # fmt: skip
    vereis(actor, Gegeven.INZAGE, Recht.WIJZIGEN)
    bsn = check_bsn(bsn)
    inwoner = session.scalar(select(Inwoner).where(Inwoner.bsn == bsn))
    if inwoner is None:
        raise NotFoundError(f"Koers heeft geen gegevens van een inwoner met BSN {bsn}.")
    now = now or datetime.now(UTC)
    # Audited before collecting, so the export lists its own making too.
    record(session, actor=actor, actie=AuditActie.INZAGE, onderwerp="inzage",
           inwoner_id=inwoner.id)  # fmt: skip
    session.flush()
    data = {section.key: section.collect(session, inwoner) for section in SECTIONS}
    export = {
        "inzage": {
            "gemaakt_op": now,
            "gemaakt_door": actor.gebruikersnaam,
            "grondslag": "AVG artikel 15, recht op inzage",
        },
        **data,
    }
    directory.mkdir(parents=True, exist_ok=True)
    # No BSN in the file name: file names end up in listings, backups and mail subjects.
    stem = f"inzage-{str(inwoner.id)[:8]}-{now:%Y%m%d}"
    json_path, pdf_path = directory / f"{stem}.json", directory / f"{stem}.pdf"
    write_atomically(json_path, json.dumps(_jsonable(export), ensure_ascii=False, indent=2)
                  .encode("utf-8"))  # fmt: skip
    write_atomically(pdf_path, _pdf(inwoner, data, now, demo=is_demo(session)))
    return InzageResultaat(json_path, pdf_path)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return plain_value(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return format_moment(value)
    if hasattr(value, "isoformat"):
        return format_date(value)
    if isinstance(value, dict):
        return velden_tekst(value)
    return str(value)


_LABELS = {"bsn": "BSN", "email": "E-mail", "werkniveau": "Werkniveau"}


def _label(key: str) -> str:
    return _LABELS.get(key) or key.replace("_", " ").capitalize()


def _pdf(
    inwoner: Inwoner, data: dict[str, list[dict[str, Any]]], now: datetime, *, demo: bool
) -> bytes:
    # ReportLab is loaded when a PDF is made, not when Koers starts (the cold start counts).
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.printing.document import fields, para, render, styles, table

    s = styles()
    story = [
        para("Inzage in uw gegevens", s.title),
        para(
            f"Dit overzicht bevat alle gegevens die Koers over {inwoner.volledige_naam} "
            f"bewaart, gemaakt op {format_moment(now)} op grond van artikel 15 van de "
            "Algemene verordening gegevensbescherming (AVG). Het laatste deel laat zien wie "
            "het dossier heeft ingezien of gewijzigd."
        ),
    ]
    for section in SECTIONS:
        rows = data[section.key]
        story.append(para(section.title, s.heading))
        if not rows:
            story.append(para("Geen gegevens.", s.small))
        elif section.blocks:
            for row in rows:
                story.append(fields([(_label(k), _text(v)) for k, v in row.items()]))
                story.append(Spacer(1, 3 * mm))
        else:
            header = [_label(k) for k in rows[0]]
            story.append(table(header, [[_text(v) for v in row.values()] for row in rows]))
    return render(story, title="Inzage (AVG art. 15)", header="Koers — inzage persoonsgegevens",
                  footer=f"Inzage {inwoner.volledige_naam}", printed=now.date(),
                  demo=demo)  # fmt: skip
