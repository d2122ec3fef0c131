"""Dialogs of the Schuldhulp tab: the melding, every step of the schuldhulptraject (eerste
gesprek, administratie, beschikking, schuldregeling, WSNP-verzoek, nazorg, afsluiten, uitval,
a bedreigende situatie), a schuld, a doorverwijzing and budgetbeheer.

Each dialog collects what its service call needs and makes that call in one unit of work when
the user confirms (the `ServiceDialog` pattern): field messages appear next to the fields and
the dialog stays open; a refusal in a message box. When someone else changed the trajectory
in the meantime (ConflictError) the dialog says so and closes, and the tab reloads what is
stored. Amounts are typed the Dutch way ("1.250,50"); `parse_bedrag` reads them.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from dateutil.relativedelta import relativedelta
from PySide6.QtCore import QCoreApplication, QDate, Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPushButton, QWidget

from app.models import (
    AdministratieItem,
    Bedreiging,
    Beschikking,
    Complexiteit,
    Leefgeldfrequentie,
    Meldingsbron,
    Meldingswijze,
    Partner,
    SchuldhulpFase,
    Schuldproduct,
    Schuldsoort,
    SchuldStatus,
    Schuldvariant,
    Uitkomst,
    Uitvalreden,
)
from app.services import schulden
from app.services import schuldhulp as svc
from app.services.errors import ConflictError, DomainError, ValidationError
from app.services.text import format_date
from app.ui.context import UiContext
from app.ui.errors import show_domain_error
from app.ui.iop_dialogs import ServiceDialog, date_edit, text_edit
from app.ui.traject_dialogs import Choice, choice_combo, enum_data
from app.ui.widgets import select_data, with_mnemonic


def tr(text: str) -> str:
    return QCoreApplication.translate("SchuldhulpDialogs", text)


# --- amounts ---------------------------------------------------------------------------------

_GETAL = re.compile(r"^\d+(\.\d+)?$")
_DUIZENDTALLEN = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_bedrag(text: str) -> Decimal | None:
    """An amount typed the Dutch way ("1.250,50", "€ 75", "1250.5"); None for an empty field,
    ValueError for anything else. With a comma, dots are thousands separators; without one,
    "1.250" (groups of three) is too, while "12.50" is a decimal point."""
    tekst = text.strip().removeprefix("€").replace(" ", "").replace("\u00a0", "")
    if not tekst:
        return None
    if "," in tekst:
        geheel, _, rest = tekst.rpartition(",")
        if "," in geheel or "." in rest or ("." in geheel and not _DUIZENDTALLEN.match(geheel)):
            raise ValueError(text)
        tekst = f"{geheel.replace('.', '') or '0'}.{rest}"
    elif _DUIZENDTALLEN.match(tekst):
        tekst = tekst.replace(".", "")
    if not _GETAL.match(tekst):
        raise ValueError(text)
    try:
        return Decimal(tekst)
    except InvalidOperation:
        raise ValueError(text) from None


def bedrag_invoer(waarde: Decimal | None) -> str:
    """An amount as the user would type it: 1.250,50 (empty for none)."""
    if waarde is None:
        return ""
    return f"{waarde:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


BEDRAG_FOUT = tr("Vul een bedrag in euro's in, bijvoorbeeld 1.250,50.")


# --- the trajectory a dialog changes ---------------------------------------------------------


@dataclass(frozen=True)
class SchuldhulpRef:
    """What a dialog needs to know of the schuldhulptraject it changes."""

    id: uuid.UUID
    versie: int
    inwoner_id: uuid.UUID
    fase: SchuldhulpFase
    fase_sinds: date
    melding_datum: date
    eerste_gesprek: date | None = None


class SchuldhulpDialog:
    """Mixed into a ServiceDialog (`class X(SchuldhulpDialog, ServiceDialog)`): date, text and
    choice fields that clear their message when edited, `today`, and a submit that closes the
    dialog after a ConflictError so the tab shows what is stored now."""

    conflict = False

    def __init__(self, ctx: UiContext, *, title: str, intro: str, action: str,
                 today: date | None = None, reden: str | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(ctx, title=title, intro=intro, action=action, reden=reden, parent=parent)
        self.today = today or date.today()

    def add_datum(self, name: str, label: str, *, minimum: date | None = None,
                  value: date | None = None):  # fmt: skip
        """A date field: not in the future, not before `minimum` (default today)."""
        hoogste = max(self.today, minimum) if minimum else self.today
        edit = date_edit(value or hoogste, maximum=hoogste, minimum=minimum)
        self.errors.add(name, label, edit)
        edit.dateChanged.connect(lambda _d: self.errors.clear(name))
        return edit

    def add_text(self, name: str, label: str, placeholder: str = "", lines: int = 3):
        edit = text_edit(placeholder, lines)
        self.errors.add(name, label, edit)
        edit.textChanged.connect(lambda: self.errors.clear(name))
        return edit

    def add_line(self, name: str, label: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        self.errors.add(name, label, edit)
        edit.textEdited.connect(lambda _t: self.errors.clear(name))
        return edit

    def add_choice(self, name: str, label: str, placeholder: str,
                   choices: Sequence[tuple[Any, str]]) -> QComboBox:  # fmt: skip
        combo = choice_combo(placeholder, choices)
        self.errors.add(name, label, combo)
        combo.currentIndexChanged.connect(lambda _i: self.errors.clear(name))
        return combo

    @Slot()
    def submit(self) -> None:
        errors = self.local_errors()
        if errors:
            self.errors.set_errors(errors)
            self.errors.focus_first()
            self.adjustSize()
            return
        try:
            with self._ctx.unit_of_work() as (session, actor):
                self.result_value = self.perform(session, actor)
        except ValidationError as error:
            self.errors.set_errors(error.errors)
            self.errors.focus_first()
            self.adjustSize()  # room for the messages
            return
        except ConflictError as error:
            self.conflict = True
            show_domain_error(self, DomainError(
                error.message + "\n\n" + self.tr("Koers laadt het schuldhulptraject opnieuw.")),
                title=self.tr("Intussen gewijzigd"))  # fmt: skip
            self.reject()
            return
        except DomainError as error:
            show_domain_error(self, error)
            return
        self.accept()


def _enum_choices(members) -> list[tuple[Any, str]]:
    return [(m, m.label) for m in members]


def _d(edit) -> date:
    return edit.date().toPython()


# --- the melding -----------------------------------------------------------------------------


class MeldingDialog(SchuldhulpDialog, ServiceDialog):
    """Register a melding: starts a trajectory in the voorzorg phase. `created_id` is its id."""

    def __init__(
        self, ctx: UiContext, inwoner_id: uuid.UUID, consulenten: Sequence[Choice], *,
        consulent_id: uuid.UUID | None = None, today: date | None = None,
        reden: str | None = None, parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(
            ctx, title=tr("Melding schuldhulp registreren"),
            intro=tr("Elke hulpvraag telt als melding, ook een mondelinge. Vanaf de datum van de "
                     "melding loopt de termijn voor het eerste gesprek: vier weken, of drie "
                     "werkdagen bij een bedreigende situatie (ontruiming, afsluiting van energie "
                     "of water, opzegging van de zorgverzekering)."),
            action=tr("&Registreren"), today=today, reden=reden, parent=parent,
        )  # fmt: skip
        self.inwoner_id = inwoner_id
        self.created_id: uuid.UUID | None = None
        self.datum = self.add_datum("melding_datum", self.tr("&Datum van de melding *"))
        self.bron = self.add_choice("bron", self.tr("&Bron *"),
                                    self.tr("Kies van wie de melding komt…"),
                                    _enum_choices(Meldingsbron))  # fmt: skip
        self.wijze = self.add_choice("wijze", self.tr("&Wijze *"),
                                     self.tr("Kies hoe de melding binnenkwam…"),
                                     _enum_choices(Meldingswijze))  # fmt: skip
        self.hulpvraag = self.add_text(
            "hulpvraag", self.tr("&Hulpvraag"), self.tr("Wat vraagt de inwoner, in eigen woorden?")
        )
        self.bedreiging = self.add_choice("bedreiging", self.tr("B&edreigende situatie"),
                                          self.tr("Geen bedreigende situatie"),
                                          _enum_choices(Bedreiging))  # fmt: skip
        self.bedreiging_datum = self.add_datum(
            "bedreiging_datum", self.tr("Bedreiging bekend &op *")
        )
        self.bedreiging_toelichting = self.add_text(
            "bedreiging_toelichting", self.tr("&Toelichting bedreiging"),
            self.tr("Bijv. vonnis ontruiming op 12 december; nodig bij 'andere'"), 2)  # fmt: skip
        self.consulent = self.add_choice("consulent", self.tr("&Consulent *"),
                                         self.tr("Kies de consulent…"), consulenten)  # fmt: skip
        select_data(self.consulent, consulent_id)
        self.medeaanvrager = self.add_line("medeaanvrager", self.tr("&Medeaanvrager (BSN)"),
                                           self.tr("leeg: geen medeaanvrager"))  # fmt: skip
        self.bedreiging.currentIndexChanged.connect(self._update_bedreiging)
        self._update_bedreiging()
        self.setMinimumWidth(620)
        self.bron.setFocus()

    @Slot()
    def _update_bedreiging(self, *_args) -> None:
        heeft = self.bedreiging.currentData() is not None
        self.bedreiging_datum.setEnabled(heeft)
        self.bedreiging_toelichting.setEnabled(heeft)

    def local_errors(self) -> dict[str, str]:
        errors = {}
        if self.bron.currentData() is None:
            errors["bron"] = self.tr("Kies van wie de melding komt.")
        if self.wijze.currentData() is None:
            errors["wijze"] = self.tr("Kies hoe de melding binnenkwam.")
        return errors

    def _medeaanvrager_id(self, session, actor) -> uuid.UUID | None:
        bsn = self.medeaanvrager.text().strip()
        if not bsn:
            return None
        try:
            gevonden = svc.inwoner_voor_melding(session, actor=actor, bsn=bsn)
        except ValidationError as error:
            raise ValidationError({"medeaanvrager": error.message}) from None
        if gevonden is None:
            raise ValidationError({"medeaanvrager": self.tr(
                "Koers kent geen inwoner met dit BSN. Registreer de medeaanvrager eerst als "
                "inwoner, of laat het veld leeg.")})  # fmt: skip
        return gevonden[0]

    def perform(self, session, actor):
        gegevens = svc.MeldingGegevens(
            melding_datum=_d(self.datum),
            bron=enum_data(self.bron, Meldingsbron),
            wijze=enum_data(self.wijze, Meldingswijze),
            hulpvraag=self.hulpvraag.toPlainText(),
            bedreiging=enum_data(self.bedreiging, Bedreiging),
            bedreiging_datum=_d(self.bedreiging_datum),
            bedreiging_toelichting=self.bedreiging_toelichting.toPlainText(),
            consulent_id=self.consulent.currentData(),
            medeaanvrager_id=self._medeaanvrager_id(session, actor),
        )
        traject = svc.registreer_melding(session, actor=actor, inwoner_id=self.inwoner_id,
                                         gegevens=gegevens, today=self.today)  # fmt: skip
        self.created_id = traject.id
        return traject.id


# --- the steps -------------------------------------------------------------------------------


class StapDialog(SchuldhulpDialog, ServiceDialog):
    """A step on one trajectory: calls `service(session, actor=, traject_id=, versie=,
    today=, **values())`."""

    def __init__(self, ctx: UiContext, traject: SchuldhulpRef, service: Callable[..., Any], *,
                 title: str, intro: str, action: str, today: date | None = None,
                 reden: str | None = None, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(ctx, title=title, intro=intro, action=action, today=today, reden=reden,
                         parent=parent)  # fmt: skip
        self.traject = traject
        self.service = service  # an instance attribute: not bound as a method

    def values(self) -> dict[str, Any]:
        return {}

    def perform(self, session, actor):
        result = self.service(session, actor=actor, traject_id=self.traject.id,
                              versie=self.traject.versie, today=self.today,
                              **self.values())  # fmt: skip
        return result.id


class EersteGesprekDialog(StapDialog):
    def __init__(self, ctx, traject: SchuldhulpRef, **kwargs) -> None:
        super().__init__(
            ctx, traject, svc.leg_eerste_gesprek_vast,
            title=tr("Eerste gesprek vastleggen"),
            intro=tr("Het eerste gesprek is de aanvraag: vanaf die datum loopt de termijn voor "
                     "de beschikking (acht weken, of de termijn van de gemeente)."),
            action=tr("&Vastleggen"), **kwargs,
        )  # fmt: skip
        self.datum = self.add_datum("eerste_gesprek", self.tr("&Datum van het gesprek *"),
                                    minimum=traject.melding_datum)  # fmt: skip
        self.leefgebieden = self.add_text(
            "leefgebieden", self.tr("Andere &leefgebieden"),
            self.tr("Wat speelt er nog meer: werk, taal, gezondheid, wonen, opvoeding?"),
            4)  # fmt: skip
        self.datum.setFocus()

    def values(self):
        return {"datum": _d(self.datum), "leefgebieden": self.leefgebieden.toPlainText()}


class AdministratieDialog(StapDialog):
    """The checklist of the administration: one checkbox per item."""

    def __init__(self, ctx, traject: SchuldhulpRef,
                 afgevinkt: Mapping[AdministratieItem, date], **kwargs) -> None:  # fmt: skip
        super().__init__(
            ctx, traject, svc.vink_administratie,
            title=tr("Administratie controleren"),
            intro=tr("Vink aan wat de inwoner heeft aangeleverd en wat u hebt gecontroleerd. "
                     "Een schuldregeling of WSNP-verzoek kan pas als alles compleet is."),
            action=tr("&Opslaan"), **kwargs,
        )  # fmt: skip
        used = {"O", "A"}  # Opslaan, Alles aanvinken
        self.vinkjes: dict[AdministratieItem, QCheckBox] = {}
        for item in AdministratieItem:
            tekst = item.label
            if item in afgevinkt:
                tekst += self.tr(" (afgevinkt op {datum})").format(
                    datum=format_date(afgevinkt[item]))  # fmt: skip
            box = QCheckBox(with_mnemonic(tekst, used))
            box.setObjectName(f"vinkje_{item.value}")
            box.setChecked(item in afgevinkt)
            self.extra.addWidget(box)
            self.vinkjes[item] = box
        self.alles_button = QPushButton(self.tr("&Alles aanvinken"))
        self.alles_button.setAutoDefault(False)
        self.alles_button.clicked.connect(self.alles_aanvinken)
        self.extra.addWidget(self.alles_button)
        next(iter(self.vinkjes.values())).setFocus()

    @Slot()
    def alles_aanvinken(self) -> None:
        for box in self.vinkjes.values():
            box.setChecked(True)

    def aangevinkt(self) -> list[AdministratieItem]:
        return [item for item, box in self.vinkjes.items() if box.isChecked()]

    def perform(self, session, actor):
        return svc.vink_administratie(session, actor=actor, traject_id=self.traject.id,
                                      items=self.aangevinkt(), versie=self.traject.versie,
                                      today=self.today).id  # fmt: skip


class BeschikkingDialog(StapDialog):
    """The decision on the aanvraag: a toelating with its plan van aanpak, or an afwijzing."""

    def __init__(self, ctx, traject: SchuldhulpRef, **kwargs) -> None:
        super().__init__(
            ctx, traject, svc.neem_beschikking,
            title=tr("Beschikking"),
            intro=tr("Een toelating gaat samen met het plan van aanpak en start de "
                     "stabilisatie; een afwijzing sluit het traject af."),
            action=tr("Beschikking &nemen"), **kwargs,
        )  # fmt: skip
        self.soort = self.add_choice("soort", self.tr("&Soort beschikking *"),
                                     self.tr("Kies toelating of afwijzing…"),
                                     _enum_choices(Beschikking))  # fmt: skip
        self.datum = self.add_datum(
            "beschikking_datum",
            self.tr("&Datum *"),
            minimum=traject.eerste_gesprek or traject.melding_datum,
        )
        self.complexiteit = self.add_choice("complexiteit", self.tr("&Complexiteit *"),
                                            self.tr("Kies eenvoudig of complex…"),
                                            _enum_choices(Complexiteit))  # fmt: skip
        self.plan = self.add_text(
            "plan_van_aanpak", self.tr("&Plan van aanpak *"),
            self.tr("Wat gaat er gebeuren, door wie, en wanneer? Bijv. stabiliseren, "
                    "schuldeisers aanschrijven, een minnelijke regeling voorstellen."),
            6)  # fmt: skip
        self.product = self.add_choice("product", self.tr("P&roduct *"),
                                       self.tr("Kies het product…"),
                                       _enum_choices(Schuldproduct))  # fmt: skip
        self.variant = self.add_choice("variant", self.tr("&Variant (bij schuldbemiddeling)"),
                                       self.tr("Kies de variant…"),
                                       _enum_choices(Schuldvariant))  # fmt: skip
        self.reden_krediet = self.add_text(
            "reden_geen_bankkrediet", self.tr("Reden geen &bankkrediet *"),
            self.tr("Waarom leent een bank niet? Leg het bewijs of de reden vast."), 3)  # fmt: skip
        self.motivering = self.add_text(
            "motivering",
            self.tr("&Motivering van de afwijzing *"),
            self.tr("Waarom wordt de aanvraag afgewezen?"),
            4,
        )
        self.soort.currentIndexChanged.connect(self._update_rows)
        self.product.currentIndexChanged.connect(self._update_rows)
        self._update_rows()
        self.setMinimumWidth(640)
        self.soort.setFocus()

    @Slot()
    def _update_rows(self, *_args) -> None:
        soort = enum_data(self.soort, Beschikking)
        toelating = soort == Beschikking.TOELATING
        product = enum_data(self.product, Schuldproduct)
        krediet = toelating and product == Schuldproduct.SOCIAAL_KREDIET
        rows = {"plan_van_aanpak": (self.plan, toelating), "product": (self.product, toelating),
                "variant": (self.variant, toelating),
                "reden_geen_bankkrediet": (self.reden_krediet, krediet),
                "motivering": (self.motivering, soort == Beschikking.AFWIJZING)}  # fmt: skip
        for name, (widget, visible) in rows.items():
            self.form.setRowVisible(widget, visible)
            if not visible:
                self.errors.clear(name)
        self.adjustSize()

    def local_errors(self) -> dict[str, str]:
        if self.soort.currentData() is None:
            return {"soort": self.tr("Kies of de aanvraag wordt toegelaten of afgewezen.")}
        return {}

    def values(self):
        soort = enum_data(self.soort, Beschikking)
        toelating = soort == Beschikking.TOELATING
        gegevens = svc.BeschikkingGegevens(
            soort=soort,
            datum=_d(self.datum),
            complexiteit=enum_data(self.complexiteit, Complexiteit),
            plan_van_aanpak=self.plan.toPlainText() if toelating else None,
            product=enum_data(self.product, Schuldproduct) if toelating else None,
            variant=enum_data(self.variant, Schuldvariant) if toelating else None,
            reden_geen_bankkrediet=self.reden_krediet.toPlainText() if toelating else None,
            motivering=self.motivering.toPlainText() if not toelating else None,
        )
        return {"gegevens": gegevens}


class DatumStapDialog(StapDialog):
    """A step with its date and an optional note (schuldregeling, WSNP-verzoek)."""

    def __init__(self, ctx, traject: SchuldhulpRef, service, *, label: str,
                 **kwargs) -> None:  # fmt: skip
        super().__init__(ctx, traject, service, **kwargs)
        self.datum = self.add_datum("datum", label, minimum=traject.fase_sinds)
        self.toelichting = self.add_text("toelichting", self.tr("&Toelichting"))
        self.datum.setFocus()

    def values(self):
        return {"datum": _d(self.datum), "toelichting": self.toelichting.toPlainText()}


def schuldregeling_dialog(ctx, traject: SchuldhulpRef, **kwargs) -> DatumStapDialog:
    return DatumStapDialog(
        ctx, traject, svc.start_schuldregeling, title=tr("Schuldregeling starten"),
        intro=tr("De minnelijke schuldregeling begint met de eerste aflossing; de looptijd "
                 "van 18 maanden telt vanaf die datum."),
        action=tr("&Starten"), label=tr("Datum eerste &aflossing *"), **kwargs,
    )  # fmt: skip


def wsnp_dialog(ctx, traject: SchuldhulpRef, **kwargs) -> DatumStapDialog:
    return DatumStapDialog(
        ctx, traject, svc.dien_wsnp_verzoek_in, title=tr("WSNP-verzoek indienen"),
        intro=tr("Leg vast wanneer het verzoek tot toelating tot de WSNP bij de rechtbank is "
                 "ingediend, als een minnelijke regeling niet lukt of is mislukt."),
        action=tr("&Vastleggen"), label=tr("&Datum van het verzoek *"), **kwargs,
    )  # fmt: skip


class NazorgDialog(StapDialog):
    def __init__(self, ctx, traject: SchuldhulpRef, **kwargs) -> None:
        super().__init__(
            ctx, traject, svc.start_nazorg, title=tr("Nazorg starten"),
            intro=tr("Na de stabilisatie, de schuldregeling of de WSNP volgt nazorg, zodat er "
                     "geen nieuwe schulden ontstaan."),
            action=tr("Nazorg &starten"), **kwargs,
        )  # fmt: skip
        self.datum = self.add_datum("datum", self.tr("&Begin van de nazorg *"),
                                    minimum=traject.fase_sinds)  # fmt: skip
        self.met_einde = QCheckBox(self.tr("Nazorg eindigt &op"))
        self.tot = date_edit(self.today + relativedelta(months=6),
                             minimum=traject.fase_sinds + timedelta(days=1))  # fmt: skip
        self.tot.setEnabled(False)
        self.met_einde.toggled.connect(self.tot.setEnabled)
        self.met_einde.toggled.connect(lambda _on: self.errors.clear("nazorg_tot"))
        self.form.addRow(self.met_einde, self.tot)
        self.errors.add_message_row("nazorg_tot", self.tot)
        self.toelichting = self.add_text(
            "toelichting",
            self.tr("&Toelichting"),
            self.tr("Bijv. afspraken over contact en budget"),
        )
        self.datum.setFocus()

    def values(self):
        return {"datum": _d(self.datum),
                "nazorg_tot": _d(self.tot) if self.met_einde.isChecked() else None,
                "toelichting": self.toelichting.toPlainText()}  # fmt: skip


class AfsluitenDialog(StapDialog):
    def __init__(self, ctx, traject: SchuldhulpRef, **kwargs) -> None:
        super().__init__(
            ctx, traject, svc.sluit_af, title=tr("Schuldhulptraject afsluiten"),
            intro=tr("Sluit het traject na de nazorg af met de uitkomst. Uitval en afwijzing "
                     "hebben een eigen stap."),
            action=tr("&Afsluiten"), **kwargs,
        )  # fmt: skip
        self.uitkomst = self.add_choice("uitkomst", self.tr("&Uitkomst *"),
                                        self.tr("Kies de uitkomst…"),
                                        _enum_choices(svc.AFSLUIT_UITKOMSTEN))  # fmt: skip
        self.datum = self.add_datum("datum", self.tr("&Datum van afsluiten *"),
                                    minimum=traject.fase_sinds)  # fmt: skip
        self.toelichting = self.add_text("toelichting", self.tr("&Toelichting"))
        self.uitkomst.setFocus()

    def values(self):
        return {"datum": _d(self.datum), "uitkomst": enum_data(self.uitkomst, Uitkomst),
                "toelichting": self.toelichting.toPlainText()}  # fmt: skip


class UitvalDialog(StapDialog):
    def __init__(self, ctx, traject: SchuldhulpRef, **kwargs) -> None:
        super().__init__(
            ctx, traject, svc.meld_uitval, title=tr("Uitval melden"),
            intro=tr("Het traject stopt voortijdig en wordt afgesloten. De fase en de reden "
                     "tellen mee in het uitvalpercentage."),
            action=tr("Uitval &melden"), **kwargs,
        )  # fmt: skip
        self.reden_combo = self.add_choice("reden", self.tr("&Reden *"),
                                           self.tr("Kies de reden van de uitval…"),
                                           _enum_choices(Uitvalreden))  # fmt: skip
        self.datum = self.add_datum("datum", self.tr("&Datum van de uitval *"),
                                    minimum=traject.fase_sinds)  # fmt: skip
        self.toelichting = self.add_text(
            "toelichting", self.tr("&Toelichting"), self.tr("Nodig bij 'andere reden'")
        )
        self.reden_combo.setFocus()

    def values(self):
        return {"datum": _d(self.datum), "reden": enum_data(self.reden_combo, Uitvalreden),
                "toelichting": self.toelichting.toPlainText()}  # fmt: skip


class BedreigingDialog(StapDialog):
    """A bedreigende situatie that became known after the melding."""

    def __init__(self, ctx, traject: SchuldhulpRef, *, huidig: str = "", **kwargs) -> None:
        intro = tr("Een bedreigende situatie vóór het eerste gesprek verkort de termijn tot "
                   "drie werkdagen na het signaal.")  # fmt: skip
        if huidig:
            intro += " " + tr("Dit vervangt de vastgelegde situatie: {huidig}.").format(
                huidig=huidig)  # fmt: skip
        super().__init__(ctx, traject, svc.leg_bedreiging_vast,
                         title=tr("Bedreigende situatie melden"), intro=intro,
                         action=tr("&Vastleggen"), **kwargs)  # fmt: skip
        self.bedreiging = self.add_choice("bedreiging", self.tr("&Bedreigende situatie *"),
                                          self.tr("Kies de situatie…"),
                                          _enum_choices(Bedreiging))  # fmt: skip
        self.datum = self.add_datum("bedreiging_datum", self.tr("Bekend sinds &datum *"),
                                    minimum=traject.melding_datum)  # fmt: skip
        self.toelichting = self.add_text(
            "bedreiging_toelichting",
            self.tr("&Toelichting"),
            self.tr("Nodig bij 'andere bedreigende situatie'"),
        )
        self.bedreiging.setFocus()

    def local_errors(self) -> dict[str, str]:
        if self.bedreiging.currentData() is None:
            return {"bedreiging": self.tr("Kies de bedreigende situatie.")}
        return {}

    def values(self):
        return {"bedreiging": enum_data(self.bedreiging, Bedreiging), "datum": _d(self.datum),
                "toelichting": self.toelichting.toPlainText()}  # fmt: skip


# --- schulden, doorverwijzingen and budgetbeheer --------------------------------------------


@dataclass(frozen=True)
class SchuldRij:
    """One debt as plain values."""

    id: uuid.UUID
    versie: int
    schuldeiser: str
    soort: Schuldsoort
    kenmerk: str
    bedrag_opgegeven: Decimal | None
    bedrag_akkoord: Decimal | None
    status: SchuldStatus
    status_datum: date


class SchuldDialog(SchuldhulpDialog, ServiceDialog):
    """Add a debt to the trajectory, or change one (`schuld`)."""

    def __init__(self, ctx: UiContext, traject: SchuldhulpRef, *, schuld: SchuldRij | None = None,
                 today: date | None = None, reden: str | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(
            ctx, title=tr("Schuld wijzigen") if schuld else tr("Schuld toevoegen"),
            intro=tr("Leg de schuldeiser vast met het bedrag dat die opgeeft en, zodra er een "
                     "regeling is, het bedrag waarmee die akkoord gaat. Bedragen zoals "
                     "1.250,50."),
            action=tr("&Wijzigen") if schuld else tr("&Toevoegen"), today=today, reden=reden,
            parent=parent,
        )  # fmt: skip
        self.traject, self.schuld = traject, schuld
        self.schuldeiser = self.add_line("schuldeiser", self.tr("&Schuldeiser *"))
        self.soort = self.add_choice("soort", self.tr("S&oort *"), self.tr("Kies de soort…"),
                                     _enum_choices(Schuldsoort))  # fmt: skip
        self.kenmerk = self.add_line(
            "kenmerk", self.tr("&Kenmerk"), self.tr("Dossiernummer van de schuldeiser")
        )
        self.opgegeven = self.add_line("bedrag_opgegeven", self.tr("Bedrag o&pgegeven"),
                                       self.tr("bijvoorbeeld 1.250,50"))  # fmt: skip
        self.akkoord = self.add_line("bedrag_akkoord", self.tr("Bedrag &akkoord"),
                                     self.tr("leeg tot er een akkoord is"))  # fmt: skip
        self.status = self.add_choice("status", self.tr("Stat&us *"), self.tr("Kies de status…"),
                                      _enum_choices(SchuldStatus))  # fmt: skip
        self.status_datum = self.add_datum("status_datum", self.tr("Status&datum *"),
                                           minimum=traject.melding_datum)  # fmt: skip
        for edit in (self.opgegeven, self.akkoord):
            edit.setMaximumWidth(180)
        if schuld is None:
            select_data(self.status, SchuldStatus.AANGESCHREVEN)
        else:
            self.schuldeiser.setText(schuld.schuldeiser)
            select_data(self.soort, schuld.soort)
            self.kenmerk.setText(schuld.kenmerk)
            self.opgegeven.setText(bedrag_invoer(schuld.bedrag_opgegeven))
            self.akkoord.setText(bedrag_invoer(schuld.bedrag_akkoord))
            select_data(self.status, schuld.status)
            self.status_datum.setDate(QDate(schuld.status_datum))
        self.schuldeiser.setFocus()

    def _bedragen(self) -> tuple[dict[str, Decimal | None], dict[str, str]]:
        values, errors = {}, {}
        for name, edit in (("bedrag_opgegeven", self.opgegeven), ("bedrag_akkoord", self.akkoord)):
            try:
                values[name] = parse_bedrag(edit.text())
            except ValueError:
                values[name], errors[name] = None, BEDRAG_FOUT
        return values, errors

    def local_errors(self) -> dict[str, str]:
        _values, errors = self._bedragen()
        if self.soort.currentData() is None:
            errors["soort"] = self.tr("Kies de soort schuldeiser.")
        if self.status.currentData() is None:
            errors["status"] = self.tr("Kies de status.")
        return errors

    def gegevens(self) -> schulden.SchuldGegevens:
        bedragen, _errors = self._bedragen()
        return schulden.SchuldGegevens(
            schuldeiser=self.schuldeiser.text(),
            soort=enum_data(self.soort, Schuldsoort),
            status=enum_data(self.status, SchuldStatus),
            status_datum=_d(self.status_datum),
            kenmerk=self.kenmerk.text(),
            **bedragen,
        )

    def perform(self, session, actor):
        if self.schuld is None:
            return schulden.voeg_schuld_toe(
                session,
                actor=actor,
                traject_id=self.traject.id,
                gegevens=self.gegevens(),
                today=self.today,
            ).id
        return schulden.wijzig_schuld(session, actor=actor, schuld_id=self.schuld.id,
                                      versie=self.schuld.versie, gegevens=self.gegevens(),
                                      today=self.today).id  # fmt: skip


class DoorverwijzingDialog(SchuldhulpDialog, ServiceDialog):
    def __init__(self, ctx: UiContext, traject: SchuldhulpRef, *, today: date | None = None,
                 reden: str | None = None, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(
            ctx, title=tr("Doorverwijzen"),
            intro=tr("Verwijs de inwoner door naar een partner, bijvoorbeeld voor hulp bij de "
                     "administratie. Doorverwijzingen tellen mee in de rapportage."),
            action=tr("&Vastleggen"), today=today, reden=reden, parent=parent,
        )  # fmt: skip
        self.traject = traject
        self.partner = self.add_choice(
            "partner", self.tr("&Partner *"), self.tr("Kies de partner…"), _enum_choices(Partner)
        )
        self.datum = self.add_datum("datum", self.tr("&Datum *"), minimum=traject.melding_datum)
        self.waarvoor = self.add_text(
            "reden", self.tr("&Waarvoor *"), self.tr("Bijv. hulp bij het ordenen van de post")
        )
        self.partner.setFocus()

    def perform(self, session, actor):
        return schulden.verwijs_door(session, actor=actor, traject_id=self.traject.id,
                                     partner=enum_data(self.partner, Partner),
                                     datum=_d(self.datum), reden=self.waarvoor.toPlainText(),
                                     today=self.today).id  # fmt: skip


class BudgetbeheerDialog(SchuldhulpDialog, ServiceDialog):
    """Start budgetbeheer for the inwoner, linked to the running trajectory."""

    def __init__(self, ctx: UiContext, inwoner_id: uuid.UUID, traject_id: uuid.UUID | None, *,
                 organisatie: str = "", today: date | None = None, reden: str | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(
            ctx, title=tr("Budgetbeheer starten"),
            intro=tr("{wie} betaalt de vaste lasten en de inwoner krijgt leefgeld.").format(
                wie=organisatie or tr("De organisatie")),
            action=tr("Budgetbeheer s&tarten"), today=today, reden=reden, parent=parent,
        )  # fmt: skip
        self.inwoner_id, self.traject_id = inwoner_id, traject_id
        self.startdatum = self.add_datum("startdatum", self.tr("&Startdatum *"))
        self.leefgeld = self.add_line(
            "leefgeld", self.tr("&Leefgeld *"), self.tr("bijvoorbeeld 75,00")
        )
        self.leefgeld.setMaximumWidth(180)
        self.frequentie = self.add_choice("frequentie", self.tr("&Frequentie *"),
                                          self.tr("Kies hoe vaak…"),
                                          _enum_choices(Leefgeldfrequentie))  # fmt: skip
        select_data(self.frequentie, Leefgeldfrequentie.WEKELIJKS)
        self.postadres = QCheckBox(self.tr("{wie} is &postadres van de inwoner").format(
            wie=organisatie or self.tr("De organisatie")))  # fmt: skip
        self.form.addRow("", self.postadres)
        self.leefgeld.setFocus()

    def _leefgeld(self) -> Decimal | None:
        try:
            return parse_bedrag(self.leefgeld.text())
        except ValueError:
            return None

    def local_errors(self) -> dict[str, str]:
        errors = {}
        try:
            parse_bedrag(self.leefgeld.text())
        except ValueError:
            errors["leefgeld"] = BEDRAG_FOUT
        if self.frequentie.currentData() is None:
            errors["frequentie"] = self.tr("Kies hoe vaak de inwoner leefgeld krijgt.")
        return errors

    def perform(self, session, actor):
        return schulden.start_budgetbeheer(
            session, actor=actor, inwoner_id=self.inwoner_id,
            schuldhulptraject_id=self.traject_id, startdatum=_d(self.startdatum),
            leefgeld=self._leefgeld(),
            frequentie=enum_data(self.frequentie, Leefgeldfrequentie),
            postadres=self.postadres.isChecked(), today=self.today,
        ).id  # fmt: skip


class BudgetbeheerStoppenDialog(SchuldhulpDialog, ServiceDialog):
    def __init__(self, ctx: UiContext, budgetbeheer_id: uuid.UUID, versie: int,
                 startdatum: date, *, today: date | None = None, reden: str | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(
            ctx, title=tr("Budgetbeheer beëindigen"),
            intro=tr("Het budgetbeheer loopt sinds {datum}. Na de einddatum worden de vaste "
                     "lasten niet meer betaald en het leefgeld niet meer uitgekeerd.").format(
                datum=format_date(startdatum)),
            action=tr("&Beëindigen"), today=today, reden=reden, parent=parent,
        )  # fmt: skip
        self.budgetbeheer_id, self.versie = budgetbeheer_id, versie
        self.einddatum = self.add_datum("einddatum", self.tr("&Einddatum *"), minimum=startdatum)
        self.einddatum.setFocus()

    def perform(self, session, actor):
        return schulden.beeindig_budgetbeheer(session, actor=actor,
                                              budgetbeheer_id=self.budgetbeheer_id,
                                              versie=self.versie, einddatum=_d(self.einddatum),
                                              today=self.today).id  # fmt: skip
