"""Dialogs of the Traject tab: the aanmelding, a coach, every step of the workflow (T1–T17),
the sanction investigation, a diagnosis and a participatieladder score.

Each dialog collects exactly what its service operation needs and calls it in one unit of
work when the user confirms (the `ServiceDialog` pattern of the IOP tab): field messages
appear next to the fields, a refusal (DomainError, which lists everything that is missing)
in a message box, and the dialog only closes (accepted) when the change is stored. The
Traject tab then reloads and tells the other views.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from dateutil.relativedelta import relativedelta
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from app.models import (
    Aanmeldbron,
    Meetinstrument,
    Ontwikkelstadium,
    Plaatsingsvorm,
    TrajectFase,
    Uitstroomreden,
)
from app.models.enums import KoersEnum
from app.services import diagnoses as diag
from app.services import handhaving as hh
from app.services import trajecten as svc
from app.ui.context import UiContext
from app.ui.iop_dialogs import ServiceDialog, date_edit, text_edit
from app.ui.widgets import make_hint, select_data

Choice = tuple[uuid.UUID, str]
E = TypeVar("E", bound=KoersEnum)


def tr(text: str) -> str:
    return QCoreApplication.translate("TrajectDialogs", text)


def choice_combo(placeholder: str, choices: Sequence[tuple[Any, str]]) -> QComboBox:
    """A combo box with a 'Kies …' first item (data None) and then the choices."""
    combo = QComboBox()
    combo.addItem(placeholder, None)
    for value, text in choices:
        combo.addItem(text, value)
    return combo


def enum_data(combo: QComboBox, enum: type[E]) -> E | None:
    """The chosen member of a combo whose items hold enum members (Qt hands a str-based enum
    back as its plain value)."""
    value = combo.currentData()
    return None if value is None else enum(value)


def _date(edit) -> date:
    return edit.date().toPython()


@dataclass(frozen=True)
class TrajectRef:
    """What a step dialog needs to know of the trajectory it changes."""

    id: uuid.UUID
    versie: int
    inwoner_id: uuid.UUID
    fase: TrajectFase
    fase_sinds: date
    startdatum: date
    stadium: Ontwikkelstadium | None = None
    gemeente: str = ""


# --- aanmelding and coaches ------------------------------------------------------------------


class AanmeldenDialog(ServiceDialog):
    """Register the inwoner for a trajectory: who referred them, the werkcoach, the date."""

    def __init__(
        self,
        ctx: UiContext,
        inwoner_id: uuid.UUID,
        werkcoaches: Sequence[Choice],
        *,
        werkcoach_id: uuid.UUID | None = None,
        reden: str | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            title=tr("Aanmelden voor een traject"),
            intro=tr(
                "Meld de inwoner aan voor een re-integratietraject. De werkcoach blijft het "
                "hele traject dezelfde; daarna volgt de intake."
            ),
            action=tr("&Aanmelden"),
            reden=reden,
            parent=parent,
        )
        today = today or date.today()
        self.inwoner_id = inwoner_id
        self.created_id: uuid.UUID | None = None
        self.aanmeldbron = choice_combo(
            self.tr("Kies wie de inwoner heeft aangemeld…"), [(b, b.label) for b in Aanmeldbron]
        )
        self.werkcoach = choice_combo(self.tr("Kies de werkcoach…"), werkcoaches)
        select_data(self.werkcoach, werkcoach_id)
        self.startdatum = date_edit(today, maximum=today)
        self.errors.add("aanmeldbron", self.tr("Aanmeld&bron *"), self.aanmeldbron)
        self.errors.add("werkcoach", self.tr("&Werkcoach *"), self.werkcoach)
        self.errors.add("startdatum", self.tr("&Startdatum *"), self.startdatum)
        self.aanmeldbron.currentIndexChanged.connect(lambda _i: self.errors.clear("aanmeldbron"))
        self.werkcoach.currentIndexChanged.connect(lambda _i: self.errors.clear("werkcoach"))
        self.aanmeldbron.setFocus()

    def perform(self, session, actor):
        traject = svc.meld_aan(
            session,
            actor=actor,
            inwoner_id=self.inwoner_id,
            aanmeldbron=enum_data(self.aanmeldbron, Aanmeldbron),
            werkcoach_id=self.werkcoach.currentData(),
            startdatum=_date(self.startdatum),
            reden=self.reden,
        )
        self.created_id = traject.id
        return traject.id


ROL_NAMEN = {
    "werkcoach": tr("Werkcoach"),
    "jobcoach": tr("Jobcoach"),
    "participatiecoach": tr("Participatiecoach"),
    "accountmanager": tr("Accountmanager"),
}


class CoachDialog(ServiceDialog):
    """Assign or change the werkcoach, jobcoach, participatiecoach or accountmanager. A change
    of werkcoach (or of jobcoach once the inwoner is placed) needs a reason."""

    def __init__(
        self,
        ctx: UiContext,
        traject: TrajectRef,
        rol: str,
        choices: Sequence[Choice],
        *,
        huidig: str = "",
        reden: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        naam = ROL_NAMEN[rol]
        wissel = bool(huidig) and (
            rol == "werkcoach" or (rol == "jobcoach" and traject.fase in svc.GEPLAATSTE_FASEN)
        )
        if wissel:
            intro = tr(
                "Nu is {huidig} de {rol}. Een wisseling wordt met de reden vastgelegd in het "
                "verloop van het traject."
            ).format(huidig=huidig, rol=naam.lower())
        elif huidig:
            intro = tr("Nu is {huidig} de {rol}.").format(huidig=huidig, rol=naam.lower())
        else:
            intro = tr("Het traject heeft nog geen {rol}.").format(rol=naam.lower())
        super().__init__(
            ctx,
            title=tr("{rol} wijzigen").format(rol=naam) if huidig else
            tr("{rol} toewijzen").format(rol=naam),
            intro=intro,
            action=tr("&Wijzigen") if huidig else tr("&Toewijzen"),
            reden=reden,
            parent=parent,
        )  # fmt: skip
        self.traject, self.rol, self.wissel = traject, rol, wissel
        self.medewerker = choice_combo(self.tr("Kies de medewerker…"), choices)
        self.toelichting = text_edit(
            self.tr("Waarom wisselt de coach? Bijv. langdurige afwezigheid, verhuizing"), 3
        )
        self.errors.add("medewerker", self.tr("&Medewerker *"), self.medewerker)
        self.errors.add(
            "toelichting",
            self.tr("&Reden van de wisseling *") if self.wissel else self.tr("Toe&lichting"),
            self.toelichting,
        )
        self.medewerker.currentIndexChanged.connect(lambda _i: self.errors.clear("medewerker"))
        self.toelichting.textChanged.connect(lambda: self.errors.clear("toelichting"))
        self.medewerker.setFocus()

    def perform(self, session, actor):
        return svc.wijs_coach_toe(
            session,
            actor=actor,
            traject_id=self.traject.id,
            versie=self.traject.versie,
            rol=self.rol,
            medewerker_id=self.medewerker.currentData(),
            toelichting=self.toelichting.toPlainText(),
            reden=self.reden,
        ).id


# --- the steps -------------------------------------------------------------------------------


class StapDialog(ServiceDialog):
    """A step of the workflow: calls `service(session, actor=, traject_id=, [versie=,]
    reden=, **values())`. Subclasses add their fields and define `values()`."""

    uses_versie = True

    def __init__(
        self,
        ctx: UiContext,
        traject: TrajectRef,
        service: Callable[..., Any],
        *,
        title: str,
        intro: str,
        action: str,
        reden: str | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, title=title, intro=intro, action=action, reden=reden, parent=parent)
        self.traject = traject
        self.service = service  # an instance attribute: not bound as a method
        self.today = today or date.today()

    def add_datum(self, name: str = "datum", label: str = "", *, minimum: date | None = None):
        """A date field (default today, not in the future, not before `minimum`)."""
        minimum = minimum or self.traject.fase_sinds
        edit = date_edit(max(self.today, minimum), maximum=max(self.today, minimum),
                         minimum=minimum)  # fmt: skip
        self.errors.add(name, label or self.tr("&Datum *"), edit)
        edit.dateChanged.connect(lambda _d: self.errors.clear(name))
        return edit

    def add_text(self, name: str, label: str, placeholder: str = "", lines: int = 3):
        edit = text_edit(placeholder, lines)
        self.errors.add(name, label, edit)
        edit.textChanged.connect(lambda: self.errors.clear(name))
        return edit

    def values(self) -> dict[str, Any]:
        return {}

    def perform(self, session, actor):
        kwargs = self.values()
        if self.uses_versie:
            kwargs["versie"] = self.traject.versie
        result = self.service(
            session, actor=actor, traject_id=self.traject.id, reden=self.reden, **kwargs
        )
        return getattr(result, "id", None)


class DatumStapDialog(StapDialog):
    """A step that needs only its date (start intake, verkenning, ontwikkelaanpak,
    begeleiding op werk)."""

    def __init__(self, ctx, traject, service, *, label: str = "", **kwargs) -> None:
        super().__init__(ctx, traject, service, **kwargs)
        self.datum = self.add_datum("datum", label)
        self.datum.setFocus()

    def values(self):
        return {"datum": _date(self.datum)}


class ToelichtingStapDialog(StapDialog):
    """A step with a reason and a date (terug naar stadium 2, onderbreken, hervatten)."""

    def __init__(self, ctx, traject, service, *, label: str, placeholder: str = "",
                 **kwargs) -> None:  # fmt: skip
        super().__init__(ctx, traject, service, **kwargs)
        self.toelichting = self.add_text("toelichting", label, placeholder, 4)
        self.datum = self.add_datum()
        self.toelichting.setFocus()

    def values(self):
        return {"toelichting": self.toelichting.toPlainText(), "datum": _date(self.datum)}


class StadiumDialog(StapDialog):
    """T3: the stage decision after the intake."""

    def __init__(self, ctx, traject, *, advies: Ontwikkelstadium | None = None,
                 **kwargs) -> None:  # fmt: skip
        super().__init__(
            ctx, traject, svc.bepaal_stadium,
            title=tr("Stadium bepalen"),
            intro=tr(
                "Bepaal het ontwikkelstadium op grond van de intake (en de verkenning). "
                "Stadium 1 start meteen het zelfstandig zoeken; stadium 2 wacht op een "
                "jobcoach en een vastgesteld IOP; stadium 3 volgt de participatieaanpak."
            ),
            action=tr("Stadium &vastleggen"), **kwargs,
        )  # fmt: skip
        self.stadium = choice_combo(
            self.tr("Kies het stadium…"), [(s, s.label) for s in Ontwikkelstadium]
        )
        select_data(self.stadium, advies)
        self.errors.add("stadium", self.tr("&Stadium *"), self.stadium)
        self.stadium.currentIndexChanged.connect(lambda _i: self.errors.clear("stadium"))
        if advies is not None:
            self.extra.addWidget(
                make_hint(QLabel(self.tr("Advies uit de intake: {stadium}.").format(
                    stadium=advies.label)))
            )  # fmt: skip
        self.toelichting = self.add_text(
            "toelichting", self.tr("&Toelichting *"),
            self.tr("Waarom past dit stadium? (willen, kunnen, vaardigheden, omstandigheden)"), 4,
        )  # fmt: skip
        self.datum = self.add_datum()
        self.stadium.setFocus()

    def values(self):
        return {"stadium": enum_data(self.stadium, Ontwikkelstadium), "datum": _date(self.datum),
                "toelichting": self.toelichting.toPlainText()}  # fmt: skip


class TrajectEvaluatieDialog(StapDialog):
    """T5: the periodic evaluation of the IOP, with the conclusions that open the next step."""

    uses_versie = False

    def __init__(self, ctx, traject, **kwargs) -> None:
        super().__init__(
            ctx, traject, svc.evalueer_traject,
            title=tr("Evaluatie vastleggen"),
            intro=tr(
                "Leg de evaluatie van het ontwikkelplan vast. Is de inwoner werkfit, dan kan "
                "het traject naar de matching; zijn de belemmeringen weggenomen, dan kan een "
                "participatietraject terug naar stadium 2."
            ),
            action=tr("Evaluatie &vastleggen"), **kwargs,
        )  # fmt: skip
        self.datum = self.add_datum()
        self.noodzaak = self.add_text(
            "begeleidingsnoodzaak", self.tr("&Begeleidingsnoodzaak *"),
            self.tr("Is begeleiding nog nodig, en hoe intensief?"),
        )  # fmt: skip
        self.bijgesteld = QCheckBox(self.tr("De ontwikkeldoelen zijn bij&gesteld"))
        self.form.addRow("", self.bijgesteld)
        self.advies = self.add_text(
            "advies", self.tr("&Advies"), self.tr("Advies voor de komende periode (optioneel)")
        )
        self.werkfit = QCheckBox(self.tr("De inwoner is &werkfit: werk is in zicht"))
        self.belemmeringen = QCheckBox(self.tr("De b&elemmeringen zijn weggenomen"))
        self.form.addRow("", self.werkfit)
        self.form.addRow("", self.belemmeringen)
        self.noodzaak.setFocus()

    def gegevens(self) -> svc.TrajectEvaluatie:
        return svc.TrajectEvaluatie(
            datum=_date(self.datum),
            begeleidingsnoodzaak=self.noodzaak.toPlainText(),
            doelen_bijgesteld=self.bijgesteld.isChecked(),
            advies=self.advies.toPlainText(),
            werkfit=self.werkfit.isChecked(),
            belemmeringen_weggenomen=self.belemmeringen.isChecked(),
        )

    def values(self):
        return {"gegevens": self.gegevens()}


class MatchingDialog(StapDialog):
    """T6/T7: to matching, with the warm handover to the accountmanager."""

    def __init__(self, ctx, traject, accountmanagers: Sequence[Choice], *,
                 accountmanager_id: uuid.UUID | None = None, **kwargs) -> None:  # fmt: skip
        stadium1 = traject.fase == TrajectFase.ZELFSTANDIG_ZOEKEN
        super().__init__(
            ctx, traject, svc.naar_matching,
            title=tr("Naar matching"),
            intro=tr(
                "De inwoner gaat naar de matching. Leg de warme overdracht aan de "
                "accountmanager vast: wanneer, en wat er is besproken."
            ) + (" " + tr("Beschrijf ook de concrete baan waarvoor de inwoner steun nodig "
                          "heeft.") if stadium1 else ""),
            action=tr("Naar &matching"), **kwargs,
        )  # fmt: skip
        self.stadium1 = stadium1
        self.accountmanager = choice_combo(self.tr("Kies de accountmanager…"), accountmanagers)
        select_data(self.accountmanager, accountmanager_id)
        self.errors.add("accountmanager", self.tr("&Accountmanager *"), self.accountmanager)
        self.accountmanager.currentIndexChanged.connect(
            lambda _i: self.errors.clear("accountmanager")
        )
        self.overdracht_op = self.add_datum("overdracht_op", self.tr("&Warme overdracht op *"))
        self.notitie = self.add_text(
            "overdracht_notitie", self.tr("&Besproken bij de overdracht *"),
            self.tr("Wat weet de accountmanager nu van de inwoner, wensen, beperkingen …"), 4,
        )  # fmt: skip
        self.vacature = self.add_text(
            "vacature", self.tr("&Vacature *") if self.stadium1 else self.tr("&Vacature"),
            self.tr("De concrete baan of vacature (optioneel)") if not self.stadium1
            else self.tr("De concrete baan waarvoor de inwoner steun nodig heeft"), 2,
        )  # fmt: skip
        self.accountmanager.setFocus()

    def values(self):
        return {"accountmanager_id": self.accountmanager.currentData(),
                "overdracht_op": _date(self.overdracht_op),
                "overdracht_notitie": self.notitie.toPlainText(),
                "vacature": self.vacature.toPlainText()}  # fmt: skip


class ParticipatieDialog(StapDialog):
    """T12 (and T3 to stage 3): the participation track with its contact regime."""

    def __init__(self, ctx, traject, *, minimum_contacten: int, met_coach: bool,
                 **kwargs) -> None:  # fmt: skip
        super().__init__(
            ctx, traject, svc.naar_participatie,
            title=tr("Naar participatie (stadium 3)"),
            intro=tr(
                "Maatschappelijke participatie is nu het hoogst haalbare doel. Onderbouw dat, "
                "en leg het contactregime vast: een participatiecoach met een vastgesteld "
                "ontwikkelplan, of een afgesproken aantal contacten per jaar (minstens {n})."
            ).format(n=minimum_contacten),
            action=tr("Naar &participatie"), **kwargs,
        )  # fmt: skip
        self.toelichting = self.add_text(
            "toelichting", self.tr("&Onderbouwing *"),
            self.tr("Willen, kunnen, vaardigheden en omstandigheden"), 4,
        )  # fmt: skip
        self.contacten = QSpinBox()
        self.contacten.setRange(0, 52)
        self.contacten.setSpecialValueText(self.tr("geen afspraak: de participatiecoach begeleidt"))
        self.contacten.setSuffix(self.tr(" per jaar"))
        self.contacten.setValue(0 if met_coach else minimum_contacten)
        self.errors.add("contact_per_jaar", self.tr("&Contacten *"), self.contacten)
        self.contacten.valueChanged.connect(lambda _v: self.errors.clear("contact_per_jaar"))
        self.datum = self.add_datum()
        self.toelichting.setFocus()

    def values(self):
        return {"toelichting": self.toelichting.toPlainText(),
                "contact_per_jaar": self.contacten.value() or None,
                "datum": _date(self.datum)}  # fmt: skip


class PlaatsenDialog(StapDialog):
    """T9: the placement with an employer or on a place."""

    def __init__(self, ctx, traject, **kwargs) -> None:
        super().__init__(
            ctx, traject, svc.plaats,
            title=tr("Plaatsen"),
            intro=tr(
                "Leg de plaatsing vast. De jobcoach van het traject begeleidt de inwoner ook op "
                "het werk. Sommige vormen vragen een geldige indicatie of loonwaardemeting."
            ),
            action=tr("&Plaatsen"), **kwargs,
        )  # fmt: skip
        self.werkplek = QLineEdit()
        self.werkplek.setPlaceholderText(self.tr("Werkgever of werkplek"))
        self.errors.add("werkplek", self.tr("&Werkgever of werkplek *"), self.werkplek)
        self.werkplek.textEdited.connect(lambda _t: self.errors.clear("werkplek"))
        self.vorm = choice_combo(
            self.tr("Kies de plaatsingsvorm…"), [(v, v.label) for v in Plaatsingsvorm]
        )
        self.errors.add("plaatsingsvorm", self.tr("Plaatsings&vorm *"), self.vorm)
        self.vorm.currentIndexChanged.connect(lambda _i: self.errors.clear("plaatsingsvorm"))
        self.startdatum = date_edit(max(self.today, traject.fase_sinds),
                                    minimum=traject.fase_sinds)  # fmt: skip
        self.errors.add("startdatum", self.tr("&Startdatum *"), self.startdatum)
        self.uren = QSpinBox()
        self.uren.setRange(0, 40)
        self.uren.setSpecialValueText(self.tr("onbekend"))
        self.uren.setSuffix(self.tr(" uur per week"))
        self.errors.add("uren_per_week", self.tr("&Uren"), self.uren)
        self.uren.valueChanged.connect(lambda _v: self.errors.clear("uren_per_week"))
        self.lks = QCheckBox(
            self.tr("Met &loonkostensubsidie (vraagt een geldige loonwaardemeting)")
        )
        self.form.addRow("", self.lks)
        self.errors.add_message_row("lks", self.lks)
        self.lks.toggled.connect(lambda _c: self.errors.clear("lks"))
        self.werkplek.setFocus()

    def gegevens(self) -> svc.PlaatsingGegevens:
        return svc.PlaatsingGegevens(
            werkplek=self.werkplek.text(),
            plaatsingsvorm=enum_data(self.vorm, Plaatsingsvorm),
            startdatum=_date(self.startdatum),
            uren_per_week=self.uren.value() or None,
            lks=self.lks.isChecked(),
        )

    def values(self):
        return {"gegevens": self.gegevens()}


class NazorgDialog(StapDialog):
    """T11: begeleiding op werk → nazorg, with its end date and agreements."""

    def __init__(self, ctx, traject, **kwargs) -> None:
        super().__init__(
            ctx, traject, svc.start_nazorg,
            title=tr("Nazorg starten"),
            intro=tr(
                "De begeleiding op het werk gaat over in nazorg. Spreek af tot wanneer, wie "
                "contact houdt met de inwoner en de werkgever, en hoe vaak."
            ),
            action=tr("&Nazorg starten"), **kwargs,
        )  # fmt: skip
        self.datum = self.add_datum()
        self.tot = date_edit(self.today + relativedelta(months=6),
                             minimum=self.today + relativedelta(days=1))  # fmt: skip
        self.errors.add("nazorg_tot", self.tr("Nazorg &tot *"), self.tot)
        self.tot.dateChanged.connect(lambda _d: self.errors.clear("nazorg_tot"))
        self.afspraken = self.add_text(
            "afspraken", self.tr("&Afspraken *"),
            self.tr("Bijv. maandelijks bellen met werkgever en inwoner"), 4,
        )  # fmt: skip
        self.afspraken.setFocus()

    def values(self):
        return {"datum": _date(self.datum), "nazorg_tot": _date(self.tot),
                "afspraken": self.afspraken.toPlainText()}  # fmt: skip


class AfsluitenTrajectDialog(StapDialog):
    """Close the trajectory with an exit reason (rule 22)."""

    def __init__(self, ctx, traject, **kwargs) -> None:
        super().__init__(
            ctx, traject, svc.sluit_af,
            title=tr("Traject afsluiten"),
            intro=tr(
                "Sluit het traject af met de uitstroomreden. Uitstroom naar werk kan alleen na "
                "een plaatsing of vanuit zelfstandig zoeken. Daarna kan de inwoner opnieuw "
                "worden aangemeld."
            ),
            action=tr("Traject a&fsluiten"), **kwargs,
        )  # fmt: skip
        self.uitstroomreden = choice_combo(
            self.tr("Kies de uitstroomreden…"), [(u, u.label) for u in Uitstroomreden]
        )
        self.errors.add("uitstroomreden", self.tr("&Uitstroomreden *"), self.uitstroomreden)
        self.uitstroomreden.currentIndexChanged.connect(
            lambda _i: self.errors.clear("uitstroomreden")
        )
        self.datum = self.add_datum()
        self.toelichting = self.add_text(
            "toelichting", self.tr("&Toelichting"),
            self.tr("Nodig bij 'anders', en bij uitstroom naar werk zonder nazorg"),
        )  # fmt: skip
        self.uitstroomreden.setFocus()

    def values(self):
        return {"uitstroomreden": enum_data(self.uitstroomreden, Uitstroomreden),
                "datum": _date(self.datum),
                "toelichting": self.toelichting.toPlainText()}  # fmt: skip


class VerlengDialog(StapDialog):
    """T16: a team lead lets the development trajectory continue until a date."""

    def __init__(self, ctx, traject, **kwargs) -> None:
        super().__init__(
            ctx, traject, svc.verleng,
            title=tr("Ontwikkeltraject verlengen"),
            intro=tr(
                "Besluit als teamleider dat het ontwikkeltraject mag doorlopen tot een datum "
                "(hoogstens 12 maanden vooruit). Tot dan is de escalatie stil."
            ),
            action=tr("&Verlengen"), **kwargs,
        )  # fmt: skip
        self.tot = date_edit(self.today + relativedelta(months=6),
                             minimum=self.today + relativedelta(days=1),
                             maximum=self.today + relativedelta(months=12))  # fmt: skip
        self.errors.add("tot", self.tr("Verlengen &tot *"), self.tot)
        self.tot.dateChanged.connect(lambda _d: self.errors.clear("tot"))
        self.toelichting = self.add_text(
            "toelichting", self.tr("&Onderbouwing *"),
            self.tr("Waarom mag het ontwikkeltraject doorlopen?"), 4,
        )  # fmt: skip
        self.toelichting.setFocus()

    def values(self):
        return {"tot": _date(self.tot), "toelichting": self.toelichting.toPlainText()}


# --- handhaving ------------------------------------------------------------------------------


class OpenHandhavingDialog(StapDialog):
    """T14: open a sanction investigation on a breached obligation of the IOP."""

    uses_versie = False

    def __init__(self, ctx, traject, verplichtingen: Sequence[Choice], **kwargs) -> None:
        super().__init__(
            ctx, traject, hh.open_handhaving,
            title=tr("Maatregelonderzoek openen"),
            intro=tr(
                "Open een maatregelonderzoek als de inwoner een verplichting uit het IOP niet "
                "is nagekomen. Beschrijf wat er is gebeurd; daarna volgen de afweging, het "
                "advies en het besluit van de gemeente."
            ),
            action=tr("Onderzoek &openen"), **kwargs,
        )  # fmt: skip
        self.afspraak = choice_combo(self.tr("Kies de verplichting…"), verplichtingen)
        self.errors.add("afspraak", self.tr("&Verplichting *"), self.afspraak)
        self.afspraak.currentIndexChanged.connect(lambda _i: self.errors.clear("afspraak"))
        self.signaal_datum = self.add_datum(
            "signaal_datum", self.tr("&Signaal op *"), minimum=traject.startdatum
        )
        self.omschrijving = self.add_text(
            "omschrijving", self.tr("&Wat is er gebeurd *"),
            self.tr("Feiten: wat is niet nagekomen, wanneer; kan wel, wil niet?"), 4,
        )  # fmt: skip
        self.verordening = QLineEdit(
            self.tr("Maatregelverordening Participatiewet {gemeente}").format(
                gemeente=traject.gemeente).strip()
        )  # fmt: skip
        self.errors.add("verordening", self.tr("Ve&rordening *"), self.verordening)
        self.verordening.textEdited.connect(lambda _t: self.errors.clear("verordening"))
        self.afspraak.setFocus()

    def gegevens(self) -> hh.HandhavingGegevens:
        return hh.HandhavingGegevens(
            afspraak_id=self.afspraak.currentData(),
            signaal_datum=_date(self.signaal_datum),
            omschrijving=self.omschrijving.toPlainText(),
            verordening=self.verordening.text(),
        )

    def values(self):
        return {"gegevens": self.gegevens()}


class ZaakDialog(ServiceDialog):
    """A step of an open sanction investigation (afweging, advies, besluit): calls
    `service(session, actor=, zaak_id=, versie=, reden=, **values())`."""

    def __init__(self, ctx, zaak_id: uuid.UUID, versie: int, service: Callable[..., Any], *,
                 title: str, intro: str, action: str, reden: str | None = None,
                 today: date | None = None, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(ctx, title=title, intro=intro, action=action, reden=reden, parent=parent)
        self.zaak_id, self.versie = zaak_id, versie
        self.service = service  # an instance attribute: not bound as a method
        self.today = today or date.today()

    def add_text(self, name: str, label: str, placeholder: str = "", text: str = ""):
        edit = text_edit(placeholder, 4)
        edit.setPlainText(text)
        self.errors.add(name, label, edit)
        edit.textChanged.connect(lambda: self.errors.clear(name))
        return edit

    def add_datum(self, name: str, label: str, minimum: date | None):
        edit = date_edit(self.today, maximum=self.today, minimum=minimum)
        self.errors.add(name, label, edit)
        edit.dateChanged.connect(lambda _d: self.errors.clear(name))
        return edit

    def values(self) -> dict[str, Any]:
        return {}

    def perform(self, session, actor):
        return self.service(session, actor=actor, zaak_id=self.zaak_id, versie=self.versie,
                            reden=self.reden, **self.values()).id  # fmt: skip


class AfwegingDialog(ZaakDialog):
    def __init__(self, ctx, zaak_id, versie, *, verwijtbaarheid: str = "",
                 omstandigheden: str = "", **kwargs) -> None:  # fmt: skip
        super().__init__(
            ctx, zaak_id, versie, hh.weeg_af,
            title=tr("Afweging vastleggen"),
            intro=tr(
                "Weeg de verwijtbaarheid en de persoonlijke omstandigheden van de inwoner af, "
                "vóór u de gemeente adviseert."
            ),
            action=tr("Afweging &vastleggen"), **kwargs,
        )  # fmt: skip
        self.verwijtbaarheid = self.add_text(
            "verwijtbaarheid", self.tr("Ver&wijtbaarheid *"),
            self.tr("In welke mate valt het de inwoner te verwijten?"), verwijtbaarheid,
        )  # fmt: skip
        self.omstandigheden = self.add_text(
            "persoonlijke_omstandigheden", self.tr("&Persoonlijke omstandigheden *"),
            self.tr("Gezondheid, zorg, gezin, schulden …"), omstandigheden,
        )  # fmt: skip
        self.verwijtbaarheid.setFocus()

    def values(self):
        return {"verwijtbaarheid": self.verwijtbaarheid.toPlainText(),
                "persoonlijke_omstandigheden": self.omstandigheden.toPlainText()}  # fmt: skip


class AdviesDialog(ZaakDialog):
    def __init__(self, ctx, zaak_id, versie, *, signaal_datum: date, **kwargs) -> None:
        super().__init__(
            ctx, zaak_id, versie, hh.geef_advies,
            title=tr("Advies geven"),
            intro=tr("Schrijf het advies aan de gemeente; de gemeente besluit over de maatregel."),
            action=tr("Advies &geven"), **kwargs,
        )  # fmt: skip
        self.advies = self.add_text(
            "advies", self.tr("&Advies *"), self.tr("Bijv. een waarschuwing, of een maatregel")
        )
        self.datum = self.add_datum("advies_op", self.tr("&Datum *"), signaal_datum)
        self.advies.setFocus()

    def values(self):
        return {"advies": self.advies.toPlainText(), "datum": _date(self.datum)}


class BesluitDialog(ZaakDialog):
    def __init__(self, ctx, zaak_id, versie, *, advies_op: date | None, **kwargs) -> None:
        super().__init__(
            ctx, zaak_id, versie, hh.leg_besluit_vast,
            title=tr("Besluit gemeente vastleggen"),
            intro=tr(
                "Leg het kenmerk en de datum vast van het besluit dat de gemeente heeft "
                "genomen. Het maatregelonderzoek is daarmee afgesloten."
            ),
            action=tr("Besluit &vastleggen"), **kwargs,
        )  # fmt: skip
        self.kenmerk = QLineEdit()
        self.kenmerk.setPlaceholderText(self.tr("Kenmerk van het besluit"))
        self.errors.add("kenmerk", self.tr("&Kenmerk *"), self.kenmerk)
        self.kenmerk.textEdited.connect(lambda _t: self.errors.clear("kenmerk"))
        self.datum = self.add_datum("besluit_op", self.tr("&Datum besluit *"), advies_op)
        self.kenmerk.setFocus()

    def values(self):
        return {"kenmerk": self.kenmerk.text(), "datum": _date(self.datum)}


class EindePlaatsingDialog(ServiceDialog):
    """End a placement with a date and a reason (for the outflow and duration reports)."""

    def __init__(self, ctx, plaatsing_id: uuid.UUID, *, startdatum: date, werkplek: str,
                 reden: str | None = None, today: date | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(
            ctx, title=tr("Plaatsing beëindigen"),
            intro=tr("Beëindig de plaatsing bij {werkplek}: wanneer en waarom.").format(
                werkplek=werkplek),
            action=tr("Plaatsing &beëindigen"), reden=reden, parent=parent,
        )  # fmt: skip
        self.plaatsing_id = plaatsing_id
        today = today or date.today()
        self.einddatum = date_edit(today, maximum=today, minimum=startdatum)
        self.errors.add("einddatum", self.tr("&Einddatum *"), self.einddatum)
        self.einddatum.dateChanged.connect(lambda _d: self.errors.clear("einddatum"))
        self.reden_einde = text_edit(self.tr("Bijv. contract niet verlengd, vaste baan elders"), 3)
        self.errors.add("reden_einde", self.tr("&Reden *"), self.reden_einde)
        self.reden_einde.textChanged.connect(lambda: self.errors.clear("reden_einde"))
        self.today = today
        self.reden_einde.setFocus()

    def perform(self, session, actor):
        return svc.beeindig_plaatsing(
            session, actor=actor, plaatsing_id=self.plaatsing_id, reden=self.reden,
            einddatum=_date(self.einddatum), reden_einde=self.reden_einde.toPlainText(),
            today=self.today,
        ).id  # fmt: skip


# --- diagnoses and the participatieladder ----------------------------------------------------


class DiagnoseDialog(ServiceDialog):
    """Record a diagnosis or measurement as a short structured summary."""

    def __init__(
        self,
        ctx: UiContext,
        inwoner_id: uuid.UUID,
        traject_id: uuid.UUID | None,
        *,
        reden: str | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            title=tr("Diagnose vastleggen"),
            intro=tr(
                "Vat de uitkomst van de diagnose of het onderzoek samen. Het volledige rapport "
                "blijft bij de uitvoerder."
            ),
            action=tr("&Vastleggen"),
            reden=reden,
            parent=parent,
        )
        today = today or date.today()
        self.inwoner_id, self.traject_id = inwoner_id, traject_id
        self.instrument = choice_combo(
            self.tr("Kies het instrument…"), [(m, m.label) for m in Meetinstrument]
        )
        self.datum = date_edit(today, maximum=today)
        self.uitvoerder = QLineEdit()
        self.uitvoerder.setPlaceholderText(self.tr("Collega of extern bureau"))
        self.resultaat = text_edit(self.tr("De uitkomst in een paar zinnen"), 5)
        self.errors.add("instrument", self.tr("&Instrument *"), self.instrument)
        self.errors.add("datum", self.tr("&Datum *"), self.datum)
        self.errors.add("uitvoerder", self.tr("&Uitgevoerd door *"), self.uitvoerder)
        self.errors.add("resultaat", self.tr("&Resultaat *"), self.resultaat)
        self.instrument.currentIndexChanged.connect(lambda _i: self.errors.clear("instrument"))
        self.uitvoerder.textEdited.connect(lambda _t: self.errors.clear("uitvoerder"))
        self.resultaat.textChanged.connect(lambda: self.errors.clear("resultaat"))
        self.instrument.setFocus()

    def perform(self, session, actor):
        return diag.leg_diagnose_vast(
            session,
            actor=actor,
            inwoner_id=self.inwoner_id,
            traject_id=self.traject_id,
            gegevens=diag.DiagnoseGegevens(
                instrument=enum_data(self.instrument, Meetinstrument),
                datum=_date(self.datum),
                uitvoerder=self.uitvoerder.text(),
                resultaat=self.resultaat.toPlainText(),
            ),
            reden=self.reden,
        ).id


class ScoreDialog(ServiceDialog):
    """Record a rung of the participatieladder."""

    def __init__(
        self,
        ctx: UiContext,
        inwoner_id: uuid.UUID,
        *,
        huidige_trede: int | None = None,
        reden: str | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            title=tr("Score op de participatieladder"),
            intro=tr(
                "Leg vast op welke trede van de participatieladder de inwoner nu staat. Een "
                "stap omhoog telt als ontwikkelstap."
            ),
            action=tr("&Vastleggen"),
            reden=reden,
            parent=parent,
        )
        today = today or date.today()
        self.inwoner_id = inwoner_id
        self.datum = date_edit(today, maximum=today)
        self.trede = choice_combo(
            self.tr("Kies de trede…"),
            [(n, f"{n} – {naam}") for n, naam in diag.TREDEN.items()],
        )
        if huidige_trede is not None:
            self.extra.addWidget(make_hint(QLabel(
                self.tr("Laatste score: trede {n} – {naam}.").format(
                    n=huidige_trede, naam=diag.TREDEN.get(huidige_trede, ""))
            )))  # fmt: skip
        self.toelichting = text_edit(self.tr("Waaruit blijkt dat? (optioneel)"), 3)
        self.errors.add("datum", self.tr("&Datum *"), self.datum)
        self.errors.add("trede", self.tr("&Trede *"), self.trede)
        self.errors.add("toelichting", self.tr("T&oelichting"), self.toelichting)
        self.trede.currentIndexChanged.connect(lambda _i: self.errors.clear("trede"))
        self.trede.setFocus()

    def perform(self, session, actor):
        return diag.scoor_participatieladder(
            session,
            actor=actor,
            inwoner_id=self.inwoner_id,
            datum=_date(self.datum),
            trede=self.trede.currentData(),
            toelichting=self.toelichting.toPlainText(),
            reden=self.reden,
        ).id
