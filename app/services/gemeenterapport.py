"""The periodic report to a municipality (issue 8 item 4; brief §7.1, §7.4 item 11): for one
gemeente and one period the KPIs with last year and the targets, a few breakdowns, the
caseload of that gemeente, and the short explanations a team lead writes per section.

One `Gemeenterapport` feeds all three outputs — `as_dict()` (JSON, and what the GUI shows),
`schrijf_pdf` and `schrijf_xlsx` — so the numbers on screen, on paper and in Excel are the same
values: the KPI figures come from `kpi.kpis` (as the KPI screen and `koers report kpi`), the
caseload from `caseload.caseload`, the charts from `grafieken`.

Rights: reading needs RAPPORTAGE (team leads and functioneel beheerders); debt KPIs, the debt
section and its explanation only for who may read debt data (a team lead of a
schulddienstverlening team). Only a team lead writes explanations; the functioneel beheerder
reads them. The explanations explain figures and hold no personal data, so they are not in the
audit trail.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.models import Gemeente, Medewerker, Rapporttoelichting, Rol
from app.services import getallen
from app.services.bestanden import write_atomically
from app.services.caseload import WAARDE_LABELS, Caseloadoverzicht, Niveau, caseload
from app.services.demodatabase import DEMO_REGEL, is_demo
from app.services.errors import ConflictError, ToegangGeweigerd, ValidationError
from app.services.gemeenten import get_gemeente
from app.services.kpi import Dimensie, Filter, KpiUitkomst, Soort, kpis
from app.services.periodes import Periode
from app.services.rechten import Gegeven, Recht, mag_actor, vereis
from app.services.text import AMSTERDAM, format_date, format_moment

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing


def _grafieken():
    """The chart module, loaded when a chart is drawn: it loads ReportLab, which would
    otherwise add a sixth of a second to every start of Koers."""
    from app.services import grafieken

    return grafieken


MAX_TOELICHTING = 2000


@dataclass(frozen=True)
class Onderdeel:
    """A section of the report: its KPIs and which of them to break down by what."""

    sleutel: str
    titel: str
    blad: str  # the Excel sheet name (at most 31 characters)
    codes: tuple[str, ...] = ()
    uitsplitsingen: tuple[tuple[str, Dimensie], ...] = ()
    schuldhulp: bool = False


ALGEMEEN = "algemeen"
CASELOAD = "caseload"
OVERIG = "overig"
ONDERDELEN: tuple[Onderdeel, ...] = (
    Onderdeel("ontwikkeling", "Ontwikkeling van doelgroepmedewerkers", "Ontwikkeling",
              ("K01", "K02", "K03"), (("K01", Dimensie.DOELGROEP),)),
    Onderdeel("werk", "Plaatsingen en uitstroom", "Plaatsingen en uitstroom",
              ("PL", "K05", "K06", "K07", "DL", "K13", "UV"),
              (("PL", Dimensie.DOELGROEP), ("K13", Dimensie.LEEFTIJD),
               ("K13", Dimensie.UITKERINGSDUUR))),
    Onderdeel("schuldhulp", "Schuldhulpverlening", "Schuldhulp", ("S01", "S02", "S03"),
              (("S01", Dimensie.LEEFTIJD),), schuldhulp=True),
)  # fmt: skip
# KPIs the catalogue gains later land here rather than disappearing from the report.
OVERIGE = Onderdeel(OVERIG, "Overige indicatoren", "Overig")
# The explanation fields: one for the whole report, one per section and one for the caseload.
TOELICHTINGEN: dict[str, str] = {
    ALGEMEEN: "Algemene toelichting",
    **{o.sleutel: o.titel for o in ONDERDELEN},
    OVERIG: OVERIGE.titel,
    CASELOAD: "Caseload",
}
SCHULDHULP_ONDERDELEN = frozenset(o.sleutel for o in ONDERDELEN if o.schuldhulp)


# --- explanations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Toelichting:
    onderdeel: str
    tekst: str
    door: str
    gewijzigd_op: datetime
    versie: int  # pass it back to `bewaar_toelichting` when changing the text

    def as_dict(self) -> dict:
        return {"onderdeel": self.onderdeel, "tekst": self.tekst, "door": self.door,
                "gewijzigd_op": self.gewijzigd_op.isoformat(), "versie": self.versie}  # fmt: skip

    @property
    def ondertekening(self) -> str:
        return f"{self.door}, {format_moment(self.gewijzigd_op)}"


def _of_none(t: Toelichting | None) -> dict | None:
    return t.as_dict() if t is not None else None


def _toelichting(rij: Rapporttoelichting) -> Toelichting:
    return Toelichting(rij.onderdeel, rij.tekst, rij.gewijzigd_door.naam, rij.gewijzigd_op,
                       rij.versie)  # fmt: skip


def _mag_schuldhulp(actor: Medewerker) -> bool:
    return mag_actor(actor, Gegeven.SCHULDHULP, Recht.LEZEN)


def _zichtbare_toelichtingen(actor: Medewerker) -> list[str]:
    schuldhulp = _mag_schuldhulp(actor)
    return [k for k in TOELICHTINGEN if schuldhulp or k not in SCHULDHULP_ONDERDELEN]


def _gemeente(session: Session, gemeente_id: uuid.UUID) -> Gemeente:
    """Today's municipality (a merged one reports under its successor)."""
    return get_gemeente(session, gemeente_id, field="gemeente").huidige()


def toelichtingen(
    session: Session, *, actor: Medewerker, gemeente_id: uuid.UUID, periode: Periode
) -> dict[str, Toelichting]:
    """The explanations of the report of this gemeente and period the actor may read, by
    section key (ALGEMEEN, the keys of ONDERDELEN, OVERIG, CASELOAD)."""
    vereis(actor, Gegeven.RAPPORTAGE, Recht.LEZEN)
    gemeente = _gemeente(session, gemeente_id)
    zichtbaar = _zichtbare_toelichtingen(actor)
    rijen = session.scalars(select(Rapporttoelichting).where(
        Rapporttoelichting.gemeente_id == gemeente.id,
        Rapporttoelichting.periode == periode.naam))  # fmt: skip
    return {r.onderdeel: _toelichting(r) for r in rijen if r.onderdeel in zichtbaar}


def bewaar_toelichting(
    session: Session, *, actor: Medewerker, gemeente_id: uuid.UUID, periode: Periode,
    onderdeel: str, tekst: str, versie: int | None,
) -> Toelichting | None:  # fmt: skip
    """Save the explanation of one section (an empty text removes it; returns None then).

    `versie` is the version the team lead started editing from (None: the field was empty);
    when someone else saved in between, nothing is written and ConflictError is raised."""
    vereis(actor, Gegeven.RAPPORTAGE, Recht.LEZEN)
    if Rol.TEAMLEIDER not in actor.rollen:
        raise ToegangGeweigerd(
            "Alleen een teamleider vult de toelichting bij de rapportage aan de gemeente in; "
            "u kunt die wel lezen.", onderwerp="rapportage")  # fmt: skip
    if onderdeel not in TOELICHTINGEN:
        raise ValidationError({"onderdeel": (
            f"Er is geen onderdeel '{onderdeel}' in de rapportage. Kies uit: "
            f"{', '.join(TOELICHTINGEN)}.")})  # fmt: skip
    if onderdeel not in _zichtbare_toelichtingen(actor):
        raise ToegangGeweigerd(
            "U mag schuldhulpgegevens niet lezen, dus ook de toelichting op de "
            "schuldhulpcijfers niet schrijven.", onderwerp="rapportage")  # fmt: skip
    tekst = "\n".join(regel.rstrip() for regel in tekst.replace("\r\n", "\n").split("\n")).strip()
    if len(tekst) > MAX_TOELICHTING:
        raise ValidationError({"tekst": (
            f"De toelichting is {len(tekst):,} tekens lang; er passen er hoogstens "
            f"{MAX_TOELICHTING:,}. Maak hem korter.".replace(",", "."))})  # fmt: skip
    gemeente = _gemeente(session, gemeente_id)
    rij = session.scalar(select(Rapporttoelichting).where(
        Rapporttoelichting.gemeente_id == gemeente.id, Rapporttoelichting.periode == periode.naam,
        Rapporttoelichting.onderdeel == onderdeel))  # fmt: skip
    if (rij.versie if rij is not None else None) != versie:
        raise ConflictError("Deze toelichting")
    try:
        with session.begin_nested():
            if rij is None and tekst:
                rij = Rapporttoelichting(gemeente_id=gemeente.id, periode=periode.naam,
                                         onderdeel=onderdeel, tekst=tekst,
                                         gewijzigd_door_id=actor.id)  # fmt: skip
                session.add(rij)
            elif rij is not None and tekst:
                if rij.tekst == tekst:
                    return _toelichting(rij)
                rij.tekst, rij.gewijzigd_door_id = tekst, actor.id
            elif rij is not None:
                session.delete(rij)
                rij = None
            session.flush()
    except (StaleDataError, IntegrityError):
        raise ConflictError("Deze toelichting") from None
    if rij is None:
        return None
    session.refresh(rij)  # the server-side gewijzigd_op and the new gewijzigd_door
    return _toelichting(rij)


# --- the report -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Uitsplitsingsblok:
    """One KPI broken down by one dimension."""

    dimensie: Dimensie
    uitkomst: KpiUitkomst

    @property
    def titel(self) -> str:
        kpi = self.uitkomst.kpi
        return f"{kpi.code} {kpi.naam} naar {self.dimensie.label.lower()}"

    def grafiek(self, *, breedte: float | None = None) -> Drawing:
        grafieken = _grafieken()
        breedte = grafieken.BREEDTE if breedte is None else breedte
        return grafieken.uitsplitsing_grafiek(self.uitkomst, dimensie=self.dimensie.label,
                                              breedte=breedte)  # fmt: skip

    def as_dict(self) -> dict:
        u = self.uitkomst.as_dict()
        return {"code": u["code"], "naam": u["naam"], "dimensie": self.dimensie.value,
                "dimensie_naam": self.dimensie.label, "eenheid": u["eenheid"],
                "waarde": u["waarde"], "rijen": u["uitsplitsing"]}  # fmt: skip


@dataclass(frozen=True)
class Sectie:
    sleutel: str
    titel: str
    blad: str
    kpis: tuple[KpiUitkomst, ...]
    uitsplitsingen: tuple[Uitsplitsingsblok, ...]
    toelichting: Toelichting | None

    def vergelijking(self) -> Drawing | None:
        """The percentages of this section against last year (None without percentages)."""
        procenten = [u for u in self.kpis if u.kpi.soort == Soort.PERCENTAGE]
        if all(u.cijfer.waarde is None and u.vorig_jaar.waarde is None for u in procenten):
            return None  # nothing to compare (also: no percentages)
        return _grafieken().vergelijking_grafiek(
            procenten, titel=f"{self.titel}: vergelijking met vorig jaar (%)")  # fmt: skip

    def grafieken(self) -> list[Drawing]:
        """The charts of this section, for the PDF and (as SVG) the screen: the percentages
        against last year, then each breakdown."""
        vergelijking = self.vergelijking()
        return ([vergelijking] if vergelijking else []) + [b.grafiek() for b in self.uitsplitsingen]

    def as_dict(self) -> dict:
        return {"sleutel": self.sleutel, "titel": self.titel,
                "kpis": [_kpi_dict(u) for u in self.kpis],
                "uitsplitsingen": [b.as_dict() for b in self.uitsplitsingen],
                "toelichting": _of_none(self.toelichting)}  # fmt: skip


def _kpi_dict(u: KpiUitkomst) -> dict:
    result = u.as_dict()
    del result["uitsplitsing"]  # the breakdowns are listed in the section
    return {**result, "bron": u.kpi.bron}


@dataclass(frozen=True)
class Telling:
    """One caseload count with its definition."""

    sleutel: str
    naam: str
    aantal: int
    definitie: str = ""

    def as_dict(self) -> dict:
        return {"sleutel": self.sleutel, "naam": self.naam, "aantal": self.aantal,
                "definitie": self.definitie}  # fmt: skip


@dataclass(frozen=True)
class CaseloadUitsplitsing:
    sleutel: str  # "fase", "ontwikkelstadium", "doelgroep"
    titel: str
    definitie: str
    rijen: tuple[Telling, ...]  # only the values that occur

    def as_dict(self) -> dict:
        return {"sleutel": self.sleutel, "titel": self.titel, "definitie": self.definitie,
                "rijen": [{"sleutel": r.sleutel, "naam": r.naam, "aantal": r.aantal}
                          for r in self.rijen]}  # fmt: skip


@dataclass(frozen=True)
class CaseloadCijfers:
    """The caseload of the gemeente on one day (today's phases; labels and overdue dates as on
    the peildatum), within the actor's reach."""

    peildatum: date
    tellingen: tuple[Telling, ...]
    uitsplitsingen: tuple[CaseloadUitsplitsing, ...]
    toelichting: Toelichting | None

    def grafiek(self) -> Drawing:
        fase = next(u for u in self.uitsplitsingen if u.sleutel == "fase")
        grafieken = _grafieken()
        return grafieken.staafgrafiek(
            "Actieve inwoners naar fase", [grafieken.Staaf(r.naam, Decimal(r.aantal))
                                           for r in fase.rijen],
            onder=f"Stand op {format_date(self.peildatum)}",
            leeg="Geen actieve inwoners binnen uw bereik.")  # fmt: skip

    def as_dict(self) -> dict:
        return {"peildatum": self.peildatum.isoformat(),
                "tellingen": [t.as_dict() for t in self.tellingen],
                "uitsplitsingen": [u.as_dict() for u in self.uitsplitsingen],
                "toelichting": _of_none(self.toelichting)}  # fmt: skip


@dataclass(frozen=True)
class Gemeenterapport:
    organisatie: str
    gemeente_id: uuid.UUID
    gemeente: str
    periode: Periode
    gemaakt_op: datetime
    gemaakt_door: str
    toelichting: Toelichting | None  # the general explanation
    secties: tuple[Sectie, ...]
    caseload: CaseloadCijfers | None
    schuldhulp: bool  # whether the debt figures are in it
    demo: bool = False  # from a demo database: the PDF says so on every page

    @property
    def vorig_jaar(self) -> Periode:
        return self.periode.vorig_jaar()

    @property
    def bestandsnaam(self) -> str:
        return f"Rapportage {self.gemeente} {self.periode.naam}".replace("..", " tot ")

    def alle_kpis(self) -> list[KpiUitkomst]:
        return [u for s in self.secties for u in s.kpis]

    def as_dict(self) -> dict:
        vorig = self.vorig_jaar
        return {
            "gemeente": {"id": str(self.gemeente_id), "naam": self.gemeente},
            "organisatie": self.organisatie,
            "periode": {"naam": self.periode.naam, "van": self.periode.van.isoformat(),
                        "tot": self.periode.tot.isoformat()},
            "vorig_jaar": {"van": vorig.van.isoformat(), "tot": vorig.tot.isoformat()},
            "gemaakt_op": self.gemaakt_op.isoformat(), "gemaakt_door": self.gemaakt_door,
            "schuldhulp": self.schuldhulp, "demo": self.demo,
            "toelichting": _of_none(self.toelichting),
            "onderdelen": [s.as_dict() for s in self.secties],
            "caseload": self.caseload.as_dict() if self.caseload else None,
        }  # fmt: skip


_TELLINGEN = (
    ("actief", "Actieve inwoners"),
    ("coaches", "Coaches (regievoerders)"),
    ("overbelast", "Overbelaste coaches"),
    ("zonder_iop", "Zonder vastgesteld IOP"),
    ("evaluatie_te_laat", "Evaluatie te laat"),
    ("norm_overschreden", "Norm overschreden"),
    ("schuldhulp_te_laat", "Schuldhulptermijn verstreken"),
)
_CASELOAD_UITSPLITSINGEN = (("fase", "Naar fase"), ("ontwikkelstadium", "Naar ontwikkelstadium"),
                            ("doelgroep", "Naar doelgroep"))  # fmt: skip


def _caseload_cijfers(overzicht: Caseloadoverzicht,
                      toelichting: Toelichting | None) -> CaseloadCijfers:  # fmt: skip
    t = overzicht.totaal
    definities = {**overzicht.definities,
                  "coaches": "Regievoerders met actieve inwoners van deze gemeente."}  # fmt: skip
    tellingen = tuple(Telling(k, naam, getattr(t, k), definities.get(k, ""))
                      for k, naam in _TELLINGEN if getattr(t, k) is not None)  # fmt: skip
    uitsplitsingen = tuple(
        CaseloadUitsplitsing(k, titel, definities.get(k, ""), tuple(
            Telling(waarde, WAARDE_LABELS.get(waarde, waarde), aantal)
            for waarde, aantal in getattr(t, k).items() if aantal))
        for k, titel in _CASELOAD_UITSPLITSINGEN)  # fmt: skip
    return CaseloadCijfers(overzicht.peildatum, tellingen, uitsplitsingen, toelichting)


def gemeenterapport(
    session: Session, *, actor: Medewerker, gemeente_id: uuid.UUID, periode: Periode,
    peildatum: date | None = None,
) -> Gemeenterapport:  # fmt: skip
    """The report of one gemeente (today's; a merged one counts under its successor) over a
    period. `peildatum`: the day of the caseload figures, by default the end of the period or
    today if that is earlier."""
    vereis(actor, Gegeven.RAPPORTAGE, Recht.LEZEN)
    gemeente = _gemeente(session, gemeente_id)
    f = Filter(gemeente_id=gemeente.id)
    uitkomsten = {u.kpi.code: u for u in kpis(session, actor=actor, periode=periode, filter=f)}
    teksten = toelichtingen(session, actor=actor, gemeente_id=gemeente.id, periode=periode)

    onderdelen = [o for o in ONDERDELEN if not o.schuldhulp or _mag_schuldhulp(actor)]
    ingedeeld = {c for o in ONDERDELEN for c in o.codes}
    overig = tuple(c for c in uitkomsten if c not in ingedeeld)
    if overig:
        onderdelen.append(Onderdeel(OVERIG, OVERIGE.titel, OVERIGE.blad, overig))
    secties = []
    for o in onderdelen:
        codes = [c for c in o.codes if c in uitkomsten]
        if not codes:
            continue
        blokken = []
        for code, dimensie in o.uitsplitsingen:
            if code in uitkomsten:
                [u] = kpis(session, actor=actor, periode=periode, filter=f, dimensie=dimensie,
                           codes=[code])  # fmt: skip
                blokken.append(Uitsplitsingsblok(dimensie, u))
        secties.append(Sectie(o.sleutel, o.titel, o.blad, tuple(uitkomsten[c] for c in codes),
                              tuple(blokken), teksten.get(o.sleutel)))  # fmt: skip

    peil = peildatum or min(periode.tot, date.today())
    overzicht = caseload(session, actor=actor, niveau=Niveau.GEMEENTE, peildatum=peil,
                         gemeente_id=gemeente.id)  # fmt: skip
    return Gemeenterapport(
        organisatie=gemeente.organisatie.naam if gemeente.organisatie else "Koers",
        gemeente_id=gemeente.id, gemeente=gemeente.naam, periode=periode,
        gemaakt_op=datetime.now(UTC), gemaakt_door=actor.naam,
        toelichting=teksten.get(ALGEMEEN), secties=tuple(secties),
        caseload=_caseload_cijfers(overzicht, teksten.get(CASELOAD)),
        schuldhulp=_mag_schuldhulp(actor), demo=is_demo(session),
    )  # fmt: skip


# --- files ------------------------------------------------------------------------------------


def pdf_bytes(rapport: Gemeenterapport) -> bytes:
    from app.services.printing.gemeenterapport import render_gemeenterapport

    return render_gemeenterapport(rapport)


def schrijf_pdf(rapport: Gemeenterapport, path: Path) -> None:
    """The report as PDF: figures with their definitions, charts and explanations."""
    write_atomically(Path(path), pdf_bytes(rapport))


def schrijf_xlsx(rapport: Gemeenterapport, path: Path) -> None:
    """The report as an Excel workbook with the same tables as the PDF: an overview sheet, one
    sheet per section, the caseload and the definitions. Numbers are numbers."""
    write_atomically(Path(path), xlsx_bytes(rapport))


SOORTNAMEN = {Soort.PERCENTAGE: "percentage", Soort.AANTAL: "aantal",
              Soort.GEMIDDELDE: "gemiddelde"}  # fmt: skip


def _formaat(waarde: Decimal | int) -> str:
    """An Excel number format that shows as many decimals as the value has (66.7 → 0,0)."""
    if isinstance(waarde, Decimal):
        decimalen = -int(waarde.as_tuple().exponent)
        if decimalen > 0:
            return "#,##0." + "0" * decimalen
    return "#,##0"


def xlsx_bytes(rapport: Gemeenterapport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    vet, titel_font = Font(bold=True), Font(bold=True, size=14, color="1F4E79")
    kop_fill = PatternFill("solid", fgColor="DCE6F1")
    omloop = Alignment(wrap_text=True, vertical="top")

    def rij(ws, waarden: Sequence[object], *, kop: bool = False) -> int:
        ws.append(list(waarden))
        r = ws.max_row
        for kolom, waarde in enumerate(waarden, start=1):
            cel = ws.cell(r, kolom)
            if kop:
                cel.font, cel.fill = vet, kop_fill
            if isinstance(waarde, Decimal | int) and not isinstance(waarde, bool):
                cel.number_format = _formaat(waarde)
            elif isinstance(waarde, date):
                cel.number_format = "DD-MM-YYYY"
            elif isinstance(waarde, str) and len(waarde) > 40:
                cel.alignment = omloop
        return r

    def kop(ws, tekst: str, font=vet) -> None:
        ws.append([tekst])
        ws.cell(ws.max_row, 1).font = font

    def titel(ws, tekst: str) -> None:
        """A sheet's title; from a demo database with the DEMO line under it."""
        kop(ws, tekst, titel_font)
        if rapport.demo:
            kop(ws, DEMO_REGEL, Font(bold=True, color="B00020"))

    def toelichting(ws, t: Toelichting | None) -> None:
        ws.append([])
        kop(ws, "Toelichting")
        if t is None:
            ws.append(["Geen toelichting ingevuld."])
            return
        ws.append([t.tekst])
        ws.cell(ws.max_row, 1).alignment = omloop
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=8)
        ws.row_dimensions[ws.max_row].height = min(15 * (t.tekst.count("\n") + 1
                                                         + len(t.tekst) // 110), 409)  # fmt: skip
        ws.append([f"Door {t.ondertekening}"])

    def breedtes(ws, waarden: Sequence[float]) -> None:
        for kolom, breedte in enumerate(waarden, start=1):
            ws.column_dimensions[get_column_letter(kolom)].width = breedte

    wb = Workbook()
    ws = wb.active
    ws.title = "Overzicht"
    vorig = rapport.vorig_jaar
    titel(ws, f"Rapportage aan de gemeente {rapport.gemeente}")
    ws.append([])
    for label, waarde in (
        ("Gemeente", rapport.gemeente), ("Organisatie", rapport.organisatie),
        ("Periode", rapport.periode.naam), ("Van", rapport.periode.van),
        ("Tot en met", rapport.periode.tot), ("Vergeleken met (vorig jaar) van", vorig.van),
        ("tot en met", vorig.tot),
        ("Gemaakt op", rapport.gemaakt_op.astimezone(AMSTERDAM).replace(tzinfo=None,
                                                                        microsecond=0)),
        ("Gemaakt door", rapport.gemaakt_door),
    ):  # fmt: skip
        r = rij(ws, [label, waarde])
        ws.cell(r, 1).font = vet
        if isinstance(waarde, datetime):
            ws.cell(r, 2).number_format = "DD-MM-YYYY HH:MM"
    toelichting(ws, rapport.toelichting)
    breedtes(ws, [32, 60])

    kpi_kop = ("Code", "Indicator", "Waarde", "Eenheid", "Teller", "Noemer", "Vorig jaar",
               "Doel", "Definitie")  # fmt: skip
    for sectie in rapport.secties:
        ws = wb.create_sheet(sectie.blad)
        titel(ws, sectie.titel)
        ws.append([f"{rapport.gemeente}, {rapport.periode}"])
        ws.append([])
        rij(ws, kpi_kop, kop=True)
        for u in sectie.kpis:
            c = u.cijfer
            r = rij(ws, [u.kpi.code, u.kpi.naam, c.waarde, u.kpi.eenheid, c.teller, c.noemer,
                         u.vorig_jaar.waarde, u.doel, u.kpi.definitie])  # fmt: skip
            if u.doel is not None:  # shown as the figures are: 80 as 80,0 (stored as 80)
                ws.cell(r, 8).number_format = _formaat(getallen.rond(u.doel, u.kpi.soort))
        for blok in sectie.uitsplitsingen:
            ws.append([])
            kop(ws, blok.titel)
            rij(ws, (blok.dimensie.label, "", "Waarde", "Eenheid", "Teller", "Noemer"), kop=True)
            for x in blok.uitkomst.uitsplitsing:
                rij(ws, [x.naam, "", x.cijfer.waarde, blok.uitkomst.kpi.eenheid, x.cijfer.teller,
                         x.cijfer.noemer])  # fmt: skip
        toelichting(ws, sectie.toelichting)
        breedtes(ws, [18, 36, 10, 12, 10, 10, 11, 10, 90])

    if rapport.caseload is not None:
        c = rapport.caseload
        ws = wb.create_sheet("Caseload")
        titel(ws, "Caseload")
        r = rij(ws, ["Stand op", c.peildatum])
        ws.cell(r, 1).font = vet
        ws.append([])
        rij(ws, ("Onderdeel", "Aantal", "Definitie"), kop=True)
        for t in c.tellingen:
            rij(ws, [t.naam, t.aantal, t.definitie])
        for u in c.uitsplitsingen:
            ws.append([])
            kop(ws, u.titel)
            rij(ws, (u.titel.removeprefix("Naar ").capitalize(), "Aantal"), kop=True)
            for t in u.rijen:
                rij(ws, [t.naam, t.aantal])
            if not u.rijen:
                ws.append(["Geen."])
        toelichting(ws, c.toelichting)
        breedtes(ws, [34, 10, 90])

    ws = wb.create_sheet("Definities")
    titel(ws, "Definities")
    ws.append([])
    rij(ws, ("Code", "Indicator", "Soort", "Eenheid", "Definitie", "Bron en doel uit de bron"),
        kop=True)  # fmt: skip
    for u in rapport.alle_kpis():
        rij(ws, [u.kpi.code, u.kpi.naam, SOORTNAMEN[u.kpi.soort], u.kpi.eenheid,
                 u.kpi.definitie, u.kpi.bron])  # fmt: skip
    if rapport.caseload is not None:
        for t in rapport.caseload.tellingen:
            rij(ws, ["", f"Caseload: {t.naam}", "aantal", "", t.definitie, ""])
        for u in rapport.caseload.uitsplitsingen:
            rij(ws, ["", f"Caseload: {u.titel.lower()}", "aantal", "", u.definitie, ""])
    breedtes(ws, [8, 40, 12, 12, 90, 30])

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
