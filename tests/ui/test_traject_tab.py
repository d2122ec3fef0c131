"""The Traject tab: the whole workflow in the GUI, the timeline, what a disabled step says,
refusals at the fields, the intake, diagnoses, the participatieladder (and its chart),
handhaving and what a read-only role sees."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import replace
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from PySide6.QtCore import QPoint, Qt, QThreadPool
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from app.models import (
    Aanmeldbron,
    Diagnose,
    Handhavingszaak,
    IntakeType,
    Medewerker,
    Meetinstrument,
    Ontwikkelstadium,
    Plaatsingsvorm,
    Traject,
    TrajectFase,
    Uitstroomreden,
)
from app.services import trajecten as svc
from app.services.text import format_date
from app.ui import signals
from app.ui.conflict import ConflictDialog
from app.ui.participatieladder_chart import LINE_COLOR, ParticipatieladderChart
from app.ui.traject_dialogs import (
    AanmeldenDialog,
    AdviesDialog,
    AfsluitenTrajectDialog,
    AfwegingDialog,
    BesluitDialog,
    CoachDialog,
    DatumStapDialog,
    DiagnoseDialog,
    EindePlaatsingDialog,
    MatchingDialog,
    NazorgDialog,
    OpenHandhavingDialog,
    ParticipatieDialog,
    PlaatsenDialog,
    ScoreDialog,
    StadiumDialog,
    ToelichtingStapDialog,
    TrajectEvaluatieDialog,
    TrajectRef,
    VerlengDialog,
)
from app.ui.traject_tab import DATUM_STAPPEN, TAB_MNEMONICS, TOELICHTING_STAPPEN, TrajectTab
from app.ui.widgets import select_data
from tests.ui.test_iop_tab import maak_plan, make_ctx, volledig

F = TrajectFase
TODAY = date.today()

COMPLETE_INTAKE = dict(
    hoe_gaat_het="Gaat redelijk, wil graag aan het werk", mogelijkheden="Handig, sociaal",
    belemmeringen="Weinig werkritme", willen_score=4, willen="Gemotiveerd", kunnen_score=3,
    kunnen="Fysiek belastbaar", vaardigheden_score=2, vaardigheden="Weinig werkervaring",
    omstandigheden_score=3, omstandigheden="Kinderopvang geregeld",
)  # fmt: skip


@pytest.fixture
def open_tab(qtbot, db):
    """Build and show a Traject tab for an inwoner (as testcoach unless told otherwise)."""

    def make(inwoner_id: uuid.UUID, *, actor: uuid.UUID | None = None) -> TrajectTab:
        ctx = make_ctx(db, actor)
        tab = TrajectTab(ctx, inwoner_id)
        ctx.operations.setParent(tab)
        ctx.changes.setParent(tab)
        tab.resize(1300, 900)
        qtbot.addWidget(tab)
        with qtbot.waitExposed(tab):
            tab.show()
        assert tab.loaded
        return tab

    yield make
    QThreadPool.globalInstance().waitForDone()
    QApplication.processEvents()


# --- walking a trajectory through the services (test setup) ----------------------------------


def aangemeld(db, inwoner_id) -> uuid.UUID:
    with db.sessions.begin() as session:
        actor = session.get(Medewerker, db.actor_id)
        return svc.meld_aan(session, actor=actor, inwoner_id=inwoner_id,
                            aanmeldbron=Aanmeldbron.GEMEENTE_POORT, werkcoach_id=db.actor_id,
                            startdatum=TODAY).id  # fmt: skip


def in_intake(db, inwoner_id, **intake) -> uuid.UUID:
    traject_id = aangemeld(db, inwoner_id)
    with db.sessions.begin() as session:
        actor = session.get(Medewerker, db.actor_id)
        svc.start_intake(session, actor=actor, traject_id=traject_id, datum=TODAY)
        gegevens = svc.IntakeGegevens(datum=TODAY, **{**COMPLETE_INTAKE, **intake})
        svc.leg_intake_vast(session, actor=actor, traject_id=traject_id, gegevens=gegevens)
    return traject_id


def stadium_2(db, inwoner_id) -> uuid.UUID:
    traject_id = in_intake(db, inwoner_id)
    with db.sessions.begin() as session:
        actor = session.get(Medewerker, db.actor_id)
        svc.bepaal_stadium(session, actor=actor, traject_id=traject_id, datum=TODAY,
                           stadium=Ontwikkelstadium.ONTWIKKELPOTENTIEEL,
                           toelichting="Past bij de uitkomst van de intake")  # fmt: skip
    return traject_id


def in_ontwikkeling(db, inwoner_id) -> uuid.UUID:
    traject_id = stadium_2(db, inwoner_id)
    maak_plan(db, inwoner_id, volledig(), vastgesteld_op=TODAY)
    with db.sessions.begin() as session:
        actor = session.get(Medewerker, db.actor_id)
        svc.wijs_coach_toe(session, actor=actor, traject_id=traject_id, rol="jobcoach",
                           medewerker_id=db.actor_id)  # fmt: skip
        svc.start_ontwikkeling(session, actor=actor, traject_id=traject_id, datum=TODAY)
    return traject_id


def traject(db, traject_id) -> Traject:
    with db.sessions.begin() as session:
        row = session.get(Traject, traject_id)
        _ = [o.code for o in row.overgangen]
        session.expunge_all()
        return row


def timeline(tab: TrajectTab) -> list[tuple[str, ...]]:
    model = tab.timeline_model
    return [tuple(model.text(r, c) for c in range(model.columnCount()))
            for r in range(model.rowCount())]  # fmt: skip


def step(tab: TrajectTab, actie: str):
    """Click the button of a step; returns the dialog it opened."""
    button = tab.step_button(actie)
    assert button is not None, f"no button for {actie}: {list(tab.step_buttons)}"
    assert button.isEnabled(), button.toolTip()
    button.click()
    return tab.last_dialog


# --- (a) the whole trajectory in the GUI -----------------------------------------------------


def fill_and_vaststellen_iop(qtbot, iop) -> None:
    """Make an IOP through the IOP tab: new plan, fill in what vaststellen needs, vaststellen."""
    iop.new_plan().ok_button.click()
    editor = iop.editor
    editor.texts["ontwikkelpotentieel"].setPlainText("Kan doorgroeien naar regulier werk")
    editor.doelen.add_button.click()
    editor.doelen.commit_editing()
    doelen = editor.doelen_model
    doelen.setData(doelen.index(0, 0), "Op tijd komen")
    doelen.setData(doelen.index(0, 4), format_date(TODAY + relativedelta(months=6)))
    editor.afspraken.add_button.click()
    editor.afspraken.commit_editing()
    afspraken = editor.afspraken_model
    afspraken.setData(afspraken.index(0, 0), "Komt naar de gesprekken")
    afspraken.setData(afspraken.index(0, 2), Qt.CheckState.Checked.value,
                      Qt.ItemDataRole.CheckStateRole)  # fmt: skip
    editor.begeleider.setText("Jobcoach")
    editor.intensiteit.setCurrentIndex(2)
    editor.contactfrequentie.setText("1 keer per week")
    editor.setting.setCurrentIndex(1)
    dialog = iop.vaststellen()
    assert dialog is not None
    dialog.bevestig.setChecked(True)
    dialog.ok_button.click()


def test_walking_an_inwoner_from_aanmelding_to_nazorg_and_closure_in_the_gui(
    qtbot, make_window, db, message_boxes
):
    """The acceptance test: every step through the GUI (the IOP too, through the IOP tab),
    and the timeline shows every step."""
    inwoner_id = db.add("Sanne", "Traject")
    window = make_window(db)
    dossier = window.open_dossier(inwoner_id)
    assert dossier.tabs.tabText(dossier.tabs.indexOf(dossier.traject)) == "Tra&ject"
    assert dossier.show_section("traject")
    tab = dossier.traject
    qtbot.waitUntil(lambda: tab.loaded)

    # Empty state: an explanation and the button.
    assert tab.empty_box.isVisible() and not tab.header.isVisible()
    assert tab.empty_label.text().startswith("Deze inwoner heeft nog geen traject.")
    assert not tab.parts.isTabVisible(tab.parts.indexOf(tab.verloop_page))
    tab.empty_button.click()
    dialog = tab.last_dialog
    assert dialog.werkcoach.currentData() == db.actor_id  # a jobcoach: themselves
    select_data(dialog.aanmeldbron, Aanmeldbron.UWV)
    with qtbot.waitSignal(tab._ctx.changes.changed) as changed:
        dialog.ok_button.click()
    assert changed.args == [signals.TRAJECT, inwoner_id]
    assert tab.header.isVisible() and not tab.empty_box.isVisible()
    assert tab.title_label.text() == f"Aangemeld — sinds {format_date(TODAY)}"
    assert "aangemeld op" in tab.facts_label.text() and "via uwv" in tab.facts_label.text()
    assert tab.coach_names["werkcoach"].text() == "Test Coach"
    assert not tab.aanmelden_button.isVisibleTo(tab)  # one running trajectory at a time

    # T1: start the intake (by keyboard: the focus goes on to the next step afterwards).
    tab.step_button("start_intake").setFocus()
    qtbot.keyClick(tab.step_button("start_intake"), Qt.Key.Key_Space)
    dialog = tab.last_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Intake starten"
    assert dialog.datum.date().toPython() == TODAY
    qtbot.keyClick(dialog.datum, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert tab.detail.fase == F.INTAKE
    assert tab.window().focusWidget() is tab.timeline  # no step forward is possible yet
    assert tab.status_label.text() == "De intake is gestart. Leg het verslag vast bij Intake."

    # The intake report, in the form; what is missing is listed until it is complete.
    tab.parts.setCurrentWidget(tab.intake_page)
    assert tab.ontbreekt_label.text().startswith("Nog nodig voor het stadiumbesluit: ")
    form = tab.intake_form
    assert not form.read_only
    for naam in ("hoe_gaat_het", "mogelijkheden", "belemmeringen"):
        form.texts[naam].setPlainText(COMPLETE_INTAKE[naam])
    for naam in ("willen", "kunnen", "vaardigheden", "omstandigheden"):
        select_data(form.scores[naam], COMPLETE_INTAKE[f"{naam}_score"])
        form.notes[naam].setPlainText(COMPLETE_INTAKE[naam])
    select_data(form.advies_stadium, Ontwikkelstadium.ONTWIKKELPOTENTIEEL)
    assert tab.is_modified() and dossier.is_modified()
    assert tab.save_intake_button.isEnabled()
    tab.save_intake_button.click()
    assert not tab.is_modified()
    assert tab.ontbreekt_label.text() == (
        "Het intakeverslag is compleet: het stadium kan worden bepaald."
    )

    # T3: stage 2 (the intake's advice is preselected).
    tab.parts.setCurrentWidget(tab.verloop_page)
    dialog = step(tab, "bepaal_stadium")
    assert dialog.stadium.currentData() == Ontwikkelstadium.ONTWIKKELPOTENTIEEL
    dialog.toelichting.setPlainText("Wil en kan zich ontwikkelen met begeleiding")
    dialog.ok_button.click()
    assert tab.detail.fase == F.STADIUM_BEPAALD
    assert "Stadium: Stadium 2 — ontwikkelpotentieel" in tab.facts_label.text()
    # Without a jobcoach and an IOP the ontwikkelaanpak cannot start yet.
    assert not tab.step_button("start_ontwikkeling").isEnabled()

    # A jobcoach (no reason needed for a first assignment).
    assert tab.coach_buttons["jobcoach"].text().replace("&", "") == "Jobcoach toewijzen…"
    tab.coach_buttons["jobcoach"].click()
    dialog = tab.last_dialog
    assert dialog.errors.widgets["toelichting"] is dialog.toelichting and not dialog.wissel
    select_data(dialog.medewerker, db.coach_id)
    dialog.ok_button.click()
    assert tab.coach_names["jobcoach"].text() == "Jolanda de Vries"

    # The IOP, made and vastgesteld through the IOP tab; the Traject tab follows the signal.
    assert dossier.show_section("ontwikkelplan")
    qtbot.waitUntil(lambda: dossier.iop.loaded)
    fill_and_vaststellen_iop(qtbot, dossier.iop)
    assert dossier.show_section("traject")
    assert tab.step_button("start_ontwikkeling").isEnabled()

    # T4, T5 (werkfit), T6, T9, T10, T11, closure.
    step(tab, "start_ontwikkeling").ok_button.click()
    assert tab.detail.fase == F.ONTWIKKELING
    assert tab.window().focusWidget() is tab.step_button("evalueer_traject")
    dialog = step(tab, "evalueer_traject")
    dialog.noodzaak.setPlainText("Wekelijks contact, werk is in zicht")
    dialog.werkfit.setChecked(True)
    dialog.ok_button.click()
    assert "werkfit sinds" in tab.facts_label.text()
    dialog = step(tab, "naar_matching")
    select_data(dialog.accountmanager, db.accountmanager_id)
    dialog.notitie.setPlainText("Kandidaat besproken met de accountmanager")
    dialog.ok_button.click()
    assert tab.detail.fase == F.MATCHING
    assert tab.coach_names["accountmanager"].text() == "Arie Manager"
    dialog = step(tab, "plaats")
    dialog.werkplek.setText("Hoveniersbedrijf De Linge")
    select_data(dialog.vorm, Plaatsingsvorm.REGULIER)
    dialog.uren.setValue(24)
    dialog.ok_button.click()
    assert tab.detail.fase == F.GEPLAATST
    assert tab.plaatsingen_box.isVisibleTo(tab)
    assert tab.plaatsingen_model.text(0, 2) == "Hoveniersbedrijf De Linge"
    step(tab, "start_begeleiding").ok_button.click()
    dialog = step(tab, "start_nazorg")
    dialog.afspraken.setPlainText("Maandelijks bellen met werkgever en inwoner")
    dialog.ok_button.click()
    assert tab.detail.fase == F.NAZORG
    dialog = step(tab, "sluit_af")
    select_data(dialog.uitstroomreden, Uitstroomreden.WERK_REGULIER)
    dialog.ok_button.click()

    # Closed: the banner says so, no steps remain, and a new aanmelding is possible.
    assert tab.detail.fase == F.AFGESLOTEN
    assert tab.banner.text().startswith(
        f"Dit traject is afgesloten op {format_date(TODAY)}: Regulier werk."
    )
    assert tab.step_buttons == {}
    assert tab.aanmelden_button.isVisibleTo(tab) and tab.aanmelden_button.isEnabled()
    assert message_boxes.shown == []

    vandaag = format_date(TODAY)
    rows = timeline(tab)
    assert [(r[1], r[2]) for r in rows] == [
        ("START · Fase", "→ Aangemeld"),
        ("T1 · Fase", "Aangemeld → Intake"),
        ("T3 · Stadium", "Intake → Stadium bepaald"),
        ("COACH · Coach gewijzigd", "Stadium bepaald"),
        ("T4 · Fase", "Stadium bepaald → Ontwikkelaanpak (stadium 2)"),
        ("T5 · Evaluatie", "Ontwikkelaanpak (stadium 2)"),
        ("T6 · Fase", "Ontwikkelaanpak (stadium 2) → Matching"),
        ("T9 · Fase", "Matching → Geplaatst"),
        ("T10 · Fase", "Geplaatst → Begeleiding op werk"),
        ("T11 · Fase", "Begeleiding op werk → Nazorg"),
        ("T11 · Fase", "Nazorg → Afgesloten"),
    ]
    assert {r[0] for r in rows} == {vandaag}
    assert {r[3] for r in rows} == {"Test Coach"}
    assert rows[0][4] == "Aangemeld via uwv"
    assert rows[3][4] == "Jobcoach: Jolanda de Vries"
    assert rows[7][4] == f"Regulier werk bij Hoveniersbedrijf De Linge per {vandaag}"
    assert rows[10][4] == "Regulier werk"
    # The checked preconditions: a column, and each one on its own line in the tooltip.
    assert rows[1][5] == (
        "Woongemeente en betaalgemeente bekend; Aanmeldbron vastgelegd; Werkcoach toegewezen"
    )
    tip = tab.timeline_model.data(tab.timeline_model.index(1, 5), Qt.ItemDataRole.ToolTipRole)
    assert tip == "• Woongemeente en betaalgemeente bekend\n• Aanmeldbron vastgelegd\n" \
        "• Werkcoach toegewezen"  # fmt: skip
    assert "vastgesteld op" in rows[4][5]  # the IOP the ontwikkelaanpak started with
    # Every step is in the database too, in the same order.
    stored = traject(db, tab.detail.ref.id)
    assert [o.code for o in stored.overgangen] == [r[1].split(" ")[0] for r in rows]

    # A new aanmelding after the closure; the closed trajectory stays in the list.
    dialog = tab.aanmelden()
    select_data(dialog.aanmeldbron, Aanmeldbron.ZELFMELDER)
    dialog.ok_button.click()
    assert tab.detail.fase == F.AANGEMELD
    assert tab.trajecten_combo.isVisibleTo(tab) and tab.trajecten_combo.count() == 2
    assert tab.trajecten_combo.itemText(1).startswith("Afgesloten: ")
    tab.trajecten_combo.setCurrentIndex(1)
    assert tab.detail.fase == F.AFGESLOTEN and len(timeline(tab)) == 11


# --- (b) what a disabled step says -----------------------------------------------------------


def test_a_disabled_step_lists_what_is_missing(qtbot, db, open_tab, message_boxes):
    inwoner_id = db.add("Bert", "Wachtend")
    stadium_2(db, inwoner_id)
    tab = open_tab(inwoner_id)
    button = tab.step_button("start_ontwikkeling")
    assert not button.isEnabled()
    assert button.toolTip() == (
        "Nog niet mogelijk. Dit kan pas als:\n"
        "• er een jobcoach is toegewezen\n"
        "• het IOP is vastgesteld"
    )
    assert button.accessibleDescription() == button.toolTip()
    assert tab.steps_hint.text().startswith("Een grijze knop kan nog niet")
    # Asked anyway (e.g. from code or a shortcut): the same list in a message box.
    assert tab.open_step("start_ontwikkeling") is None
    assert message_boxes.shown[-1] == (
        "Nog niet mogelijk",
        "Ontwikkelaanpak starten kan nog niet. Dit kan pas als:\n\n"
        "• er een jobcoach is toegewezen\n• het IOP is vastgesteld",
    )
    # Enabled steps of this phase say nothing is missing.
    assert tab.step_button("naar_participatie").isEnabled()
    assert tab.step_button("naar_participatie").toolTip() == ""


def test_the_stage_step_lists_what_the_intake_lacks(qtbot, db, open_tab):
    inwoner_id = db.add("Cor", "Onvolledig")
    in_intake(db, inwoner_id, belemmeringen="", kunnen_score=None)
    tab = open_tab(inwoner_id)
    tip = tab.step_button("bepaal_stadium").toolTip()
    assert "• de intake beschrijft de belemmeringen" in tip
    assert "• de intake beoordeelt kunnen" in tip
    tab.parts.setCurrentWidget(tab.intake_page)
    assert tab.ontbreekt_label.text() == (
        "Nog nodig voor het stadiumbesluit: de intake beschrijft de belemmeringen; de intake "
        "beoordeelt kunnen."
    )


# --- (c) refusals show the Dutch field messages and change nothing ---------------------------


def test_a_refused_step_shows_the_field_errors_and_changes_nothing(qtbot, db, open_tab,
                                                                   message_boxes):  # fmt: skip
    inwoner_id = db.add("Dirk", "Geweigerd")
    traject_id = in_intake(db, inwoner_id)
    tab = open_tab(inwoner_id)
    before = traject(db, traject_id)

    dialog = step(tab, "bepaal_stadium")
    dialog.toelichting.setPlainText("Kort")
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.errors.error_text("stadium") == "Kies het ontwikkelstadium (1, 2 of 3)."
    assert dialog.errors.error_text("toelichting") == (
        "Licht het stadium toe (waarom dit stadium past)."
    )
    assert dialog.stadium.accessibleDescription() == "Kies het ontwikkelstadium (1, 2 of 3)."
    dialog.reject()

    # Outflow into work straight from the intake: refused at the field.
    dialog = step(tab, "sluit_af")
    select_data(dialog.uitstroomreden, Uitstroomreden.WERK_REGULIER)
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.errors.error_text("uitstroomreden").startswith(
        "Uitstroom naar werk (regulier werk) kan pas na een plaatsing"
    )
    dialog.reject()

    after = traject(db, traject_id)
    assert after.fase == F.INTAKE and after.versie == before.versie
    assert len(after.overgangen) == len(before.overgangen)
    assert tab.detail.fase == F.INTAKE and len(timeline(tab)) == 2
    assert message_boxes.shown == []


def test_a_stale_trajectory_is_refused_in_a_message_box(qtbot, db, open_tab, message_boxes):
    inwoner_id = db.add("Els", "Intussen")
    traject_id = aangemeld(db, inwoner_id)
    tab = open_tab(inwoner_id)
    dialog = step(tab, "start_intake")
    with db.sessions.begin() as session:  # someone else starts the intake in between
        actor = session.get(Medewerker, db.coach_id)
        svc.start_intake(session, actor=actor, traject_id=traject_id, datum=TODAY)
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert message_boxes.texts[-1].startswith("Dit traject is intussen door iemand anders")
    assert len(traject(db, traject_id).overgangen) == 2
    dialog.reject()  # the tab then shows what is stored now
    assert tab.detail.fase == F.INTAKE and len(timeline(tab)) == 2


def test_the_intake_date_is_checked_at_its_field(qtbot, db, open_tab):
    inwoner_id = db.add("Fien", "Intakedatum")
    in_intake(db, inwoner_id, **{"hoe_gaat_het": ""})
    tab = open_tab(inwoner_id)
    tab.parts.setCurrentWidget(tab.intake_page)
    form = tab.intake_form
    form.texts["hoe_gaat_het"].setPlainText("Goed")
    form.datum.setDate(TODAY + timedelta(days=1))
    assert not tab.save_intake()
    assert form.error_text("datum") == (
        f"De datum van de intake ({format_date(TODAY + timedelta(days=1))}) ligt in de toekomst."
    )
    assert tab.is_modified()
    form.datum.setDate(TODAY)
    assert form.error_text("datum") == ""
    # Ctrl+S saves the intake while the focus is in the form.
    form.texts["hoe_gaat_het"].setFocus()
    qtbot.keyClick(form.texts["hoe_gaat_het"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not tab.is_modified()
    assert tab.intake_status.text() == "Opgeslagen."
    assert tab.detail.intakes[-1].gegevens.hoe_gaat_het == "Goed"


def test_a_further_intake_report_after_the_first(qtbot, db, open_tab, message_boxes):
    inwoner_id = db.add("Gert", "Tweede")
    traject_id = in_intake(db, inwoner_id)
    tab = open_tab(inwoner_id)
    tab.parts.setCurrentWidget(tab.intake_page)
    first = tab.intake_id
    assert first is not None and not tab.intake_combo.isVisibleTo(tab)
    assert tab.intake_form.texts["mogelijkheden"].toPlainText() == "Handig, sociaal"
    assert tab.new_intake_button.isVisibleTo(tab)
    tab.new_intake_button.click()
    assert tab.intake_id is None
    assert tab.intake_form.texts["mogelijkheden"].toPlainText() == ""
    assert tab.intake_combo.isVisibleTo(tab)
    assert tab.intake_combo.currentText() == "Nieuw verslag (nog niet opgeslagen)"
    select_data(tab.intake_form.type, IntakeType.BREDE_INTAKE)
    tab.intake_form.texts["deelnemers"].setPlainText("Inwoner, klantmanager, werkcoach")
    assert tab.save_intake()
    assert tab.intake_id not in (None, first)
    assert [tab.intake_combo.itemText(i) for i in range(tab.intake_combo.count())] == [
        f"Kennismakingsgesprek, {format_date(TODAY)}",
        f"Brede intake (inwoner, gemeente en organisatie), {format_date(TODAY)}",
    ]
    # The stage decision looks at the latest report, which is not complete.
    assert tab.ontbreekt_label.text().startswith("Nog nodig voor het stadiumbesluit: ")
    assert "de brede intake legt het re-integratieadvies vast" in tab.ontbreekt_label.text()
    # Back to the first one (nothing unsaved, so nothing is asked).
    tab.intake_combo.setCurrentIndex(0)
    assert tab.intake_id == first
    assert tab.intake_form.texts["mogelijkheden"].toPlainText() == "Handig, sociaal"
    assert tab.ontbreekt_label.text().endswith(
        f"(Dit volgt uit het laatste verslag: Brede intake (inwoner, gemeente en organisatie), "
        f"{format_date(TODAY)}.)"
    )
    assert message_boxes.shown == []
    with db.sessions.begin() as session:
        actor = session.get(Medewerker, db.actor_id)
        assert len(svc.intakes(session, actor=actor, traject_id=traject_id)) == 2


# --- (d) a read-only role --------------------------------------------------------------------


def test_a_read_only_role_sees_no_buttons(qtbot, db, open_tab):
    inwoner_id = db.add("Hans", "Lezer")
    in_intake(db, inwoner_id)
    tab = open_tab(inwoner_id, actor=db.teamleider_id)  # TRAJECT: lezen
    assert not tab.may_edit
    assert tab.step_buttons == {}
    assert tab.steps_hint.text() == "U kunt het verloop bekijken, maar geen stappen zetten."
    for button in (tab.aanmelden_button, tab.empty_button, *tab.coach_buttons.values(),
                   tab.save_intake_button, tab.undo_intake_button, tab.new_intake_button,
                   tab.diagnose_button, tab.score_button, tab.open_zaak_button,
                   tab.afweging_button, tab.advies_button, tab.besluit_button):  # fmt: skip
        assert not button.isVisibleTo(tab), button.text()
    assert len(timeline(tab)) == 2  # but reads everything
    tab.parts.setCurrentWidget(tab.intake_page)
    assert tab.intake_form.read_only
    assert tab.intake_form.texts["hoe_gaat_het"].isReadOnly()
    assert tab.intake_hint.text() == "U kunt het intakeverslag bekijken, maar niet wijzigen."
    # The action methods do nothing either.
    assert tab.aanmelden() is None and tab.score_vastleggen() is None
    assert tab.diagnose_vastleggen() is None and tab.change_coach("jobcoach") is None
    assert tab.open_step("bepaal_stadium") is None

    leeg = db.add("Ina", "Zondertraject")
    empty = open_tab(leeg, actor=db.teamleider_id)
    assert empty.empty_label.text() == "Deze inwoner heeft nog geen traject."
    assert not empty.empty_button.isVisibleTo(empty)


def test_a_team_lead_only_decides_on_an_extension(qtbot, db, open_tab):
    inwoner_id = db.add("Joop", "Verlenging")
    traject_id = in_ontwikkeling(db, inwoner_id)
    coach = open_tab(inwoner_id)
    assert "verleng" not in coach.step_buttons  # only team leads see it
    tab = open_tab(inwoner_id, actor=db.teamleider_id)
    assert list(tab.step_buttons) == ["verleng"]
    dialog = step(tab, "verleng")
    dialog.toelichting.setPlainText("Stage loopt goed, nog drie maanden nodig")
    dialog.tot.setDate(TODAY + relativedelta(months=3))
    dialog.ok_button.click()
    assert not dialog.isVisible()
    last = timeline(tab)[-1]
    assert last[1] == "T16 · Verlenging (besluit teamleider)" and last[3] == "Tineke Leider"
    assert traject(db, traject_id).verlengd_tot == TODAY + relativedelta(months=3)
    assert f"verlengd tot {format_date(TODAY + relativedelta(months=3))}" in (
        tab.facts_label.text()
    )


# --- (e) the participatieladder chart --------------------------------------------------------


def test_the_participatieladder_chart_renders_empty_and_with_scores(qtbot):
    chart = ParticipatieladderChart()
    qtbot.addWidget(chart)
    chart.resize(640, 260)
    assert chart.is_empty() and chart.points() == []
    assert chart.accessibleDescription() == chart.empty_text
    empty = chart.grab().toImage()
    assert empty.width() == 640
    assert not any(empty.pixelColor(x, y) == LINE_COLOR
                   for x in range(0, 640, 4) for y in range(0, 260, 4))  # fmt: skip

    start = date(2026, 1, 5)
    chart.set_scores([(start + timedelta(days=90), 4), (start, 2), (start + timedelta(days=30), 3)],
                     tot=start + timedelta(days=120))  # fmt: skip
    assert not chart.is_empty()
    assert [t for _d, t in chart.scores()] == [2, 3, 4]  # sorted by date
    points = chart.points()
    plot = chart.plot_rect()
    assert points[0].x() == pytest.approx(plot.left())
    assert points[0].x() < points[1].x() < points[2].x() < plot.right()
    assert points[0].y() > points[1].y() > points[2].y()  # a higher rung is drawn higher
    assert chart.y_of(6) < chart.y_of(1)
    assert chart.accessibleDescription() == (
        "05-01-2026: trede 2 (Sociale contacten buitenshuis); "
        "04-02-2026: trede 3 (Deelname georganiseerde activiteiten); "
        "05-04-2026: trede 4 (Onbetaald werk)"
    )
    image = chart.grab().toImage()
    centre = points[1].toPoint()
    assert image.pixelColor(centre) == LINE_COLOR
    # The step: horizontal at rung 2 until the second date, then up.
    corner = QPoint(int(points[1].x()) - 10, int(points[0].y()))
    assert image.pixelColor(corner).blue() > 200 and image.pixelColor(corner) != QColor("white")


def test_scores_are_recorded_and_drawn(qtbot, db, open_tab):
    inwoner_id = db.add("Karel", "Ladder")
    tab = open_tab(inwoner_id)
    tab.parts.setCurrentWidget(tab.ladder_page)
    assert tab.chart.is_empty() and not tab.scores_table.isVisibleTo(tab)
    dialog = tab.score_vastleggen()
    dialog.ok_button.click()
    assert dialog.errors.error_text("trede") == (
        "Kies een trede van de participatieladder (1 tot en met 6)."
    )
    select_data(dialog.trede, 3)
    dialog.toelichting.setPlainText("Doet mee aan de taalgroep")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert tab.chart.scores() == [(TODAY, 3)]
    assert tab.scores_model.text(0, 1) == "3 – Deelname georganiseerde activiteiten"
    assert tab.scores_table.isVisibleTo(tab)
    assert "Laatste score: trede 3" in tab.score_vastleggen().extra.itemAt(0).widget().text()
    tab.last_dialog.reject()


# --- diagnoses, coaches, handhaving ----------------------------------------------------------


def test_diagnoses_are_read_when_shown_and_recorded_on_the_trajectory(qtbot, db, open_tab):
    inwoner_id = db.add("Lies", "Diagnose")
    traject_id = in_intake(db, inwoner_id, advies_mogelijk=False, twijfel_over_stadium=True)
    tab = open_tab(inwoner_id)
    assert not tab.diagnoses_loaded  # an audited read: not before they are shown
    tab.parts.setCurrentWidget(tab.diagnoses_page)
    assert tab.diagnoses_loaded and tab.diagnoses_empty.isVisibleTo(tab)
    step(tab, "start_verkenning").ok_button.click()
    assert tab.detail.fase == F.VERKENNING_DIAGNOSE

    dialog = tab.diagnose_vastleggen()
    dialog.ok_button.click()
    assert set(dialog.errors.widgets) >= {"instrument", "uitvoerder", "resultaat"}
    assert dialog.errors.error_text("uitvoerder").startswith("Vul in wie de diagnose")
    select_data(dialog.instrument, Meetinstrument.ADA)
    dialog.uitvoerder.setText("Bureau Werkvermogen")
    dialog.resultaat.setPlainText("Kan 24 uur werken met begeleiding")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert tab.diagnoses_model.rowCount() == 1
    assert tab.diagnoses_model.text(0, 1) == "AD&A (arbeidsdiagnose en advies)"
    with db.sessions.begin() as session:
        [stored] = session.query(Diagnose).filter_by(inwoner_id=inwoner_id).all()
        assert stored.traject_id == traject_id
    # With the diagnosis the stage can be set.
    assert tab.step_button("bepaal_stadium").isEnabled()


def test_changing_the_werkcoach_asks_a_reason(qtbot, db, open_tab):
    inwoner_id = db.add("Mark", "Wissel")
    traject_id = aangemeld(db, inwoner_id)
    tab = open_tab(inwoner_id)
    assert tab.coach_buttons["werkcoach"].text().replace("&", "") == "Werkcoach wijzigen…"
    dialog = tab.change_coach("werkcoach")
    assert dialog.wissel
    assert dialog.form.labelForField(dialog.toelichting).text() == "&Reden van de wisseling *"
    select_data(dialog.medewerker, db.coach_id)
    dialog.ok_button.click()
    assert dialog.errors.error_text("toelichting").startswith(
        "Geef de reden voor de wisseling van werkcoach"
    )
    assert traject(db, traject_id).werkcoach_id == db.actor_id
    dialog.toelichting.setPlainText("Test Coach gaat met zwangerschapsverlof")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert tab.coach_names["werkcoach"].text() == "Jolanda de Vries"
    assert timeline(tab)[-1][4] == (
        "Werkcoach: Jolanda de Vries — Test Coach gaat met zwangerschapsverlof"
    )


def test_handhaving_steps_are_enabled_in_order(qtbot, db, open_tab):
    inwoner_id = db.add("Nina", "Handhaving")
    traject_id = in_ontwikkeling(db, inwoner_id)
    tab = open_tab(inwoner_id)
    tab.parts.setCurrentWidget(tab.handhaving_page)
    assert tab.zaken_empty.isVisibleTo(tab)
    assert tab.open_zaak_button.isEnabled()
    for button in (tab.afweging_button, tab.advies_button, tab.besluit_button):
        assert not button.isEnabled()
        assert button.toolTip() == "Kies eerst een maatregelonderzoek in de lijst."

    tab.open_zaak_button.click()
    dialog = tab.last_dialog
    assert dialog.verordening.text() == "Maatregelverordening Participatiewet Gorinchem"
    assert [dialog.afspraak.itemText(i) for i in range(dialog.afspraak.count())] == [
        "Kies de verplichting…", "Meldt zich af bij ziekte"]  # fmt: skip
    dialog.afspraak.setCurrentIndex(1)
    dialog.omschrijving.setPlainText("Drie keer niet afgemeld, kon wel bellen")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert tab.zaken_model.rowCount() == 1
    assert tab.zaken_model.text(0, 3) == "Geopend; de afweging volgt"
    assert not tab.open_zaak_button.isEnabled()
    assert "er geen ander maatregelonderzoek openstaat" in tab.open_zaak_button.toolTip()
    assert tab.afweging_button.isEnabled()
    assert not tab.advies_button.isEnabled() and not tab.besluit_button.isEnabled()
    assert tab.advies_button.toolTip().startswith("Leg eerst de afweging vast")

    dialog = tab.afweging()
    dialog.verwijtbaarheid.setPlainText("Verwijtbaar: was op de hoogte van de afspraak")
    dialog.omstandigheden.setPlainText("Geen bijzondere omstandigheden gemeld")
    dialog.ok_button.click()
    assert tab.zaken_model.text(0, 3) == "Afgewogen; het advies volgt"
    assert tab.advies_button.isEnabled() and not tab.besluit_button.isEnabled()

    dialog = tab.advies()
    dialog.advies.setPlainText("Een schriftelijke waarschuwing")
    dialog.ok_button.click()
    assert tab.zaken_model.text(0, 3).startswith("Advies gegeven op")
    assert not tab.afweging_button.isEnabled() and not tab.advies_button.isEnabled()
    assert tab.besluit_button.isEnabled()

    dialog = tab.besluit()
    dialog.ok_button.click()
    assert (
        dialog.errors.error_text("kenmerk") == "Vul het kenmerk van het besluit van de gemeente in."
    )
    dialog.kenmerk.setText("GOR-2026-0815")
    dialog.ok_button.click()
    assert tab.zaken_model.text(0, 3) == (
        f"Besloten door de gemeente: GOR-2026-0815 ({format_date(TODAY)})"
    )
    for button in (tab.afweging_button, tab.advies_button, tab.besluit_button):
        assert not button.isEnabled()
    assert tab.open_zaak_button.isEnabled()  # a new investigation may be opened
    soorten = [r[1] for r in timeline(tab)[-3:]]
    assert soorten == ["T14 · Handhaving"] * 3
    with db.sessions.begin() as session:
        zaak = session.query(Handhavingszaak).filter_by(traject_id=traject_id).one()
        assert zaak.besluit_gemeente == "GOR-2026-0815"


def test_other_views_changes_are_shown(qtbot, db, open_tab):
    inwoner_id = db.add("Olga", "Elders")
    traject_id = aangemeld(db, inwoner_id)
    tab = open_tab(inwoner_id)
    with db.sessions.begin() as session:
        actor = session.get(Medewerker, db.actor_id)
        svc.start_intake(session, actor=actor, traject_id=traject_id, datum=TODAY)
    tab._ctx.changes.notify(signals.TRAJECT, inwoner_id)
    assert tab.detail.fase == F.INTAKE
    assert [o.code for o in traject(db, traject_id).overgangen] == ["START", "T1"]
    # Someone else's change for another inwoner is ignored.
    tab._ctx.changes.notify(signals.TRAJECT, uuid.uuid4())
    assert tab.detail.fase == F.INTAKE


# --- keyboard: every dialog and part has distinct mnemonics ----------------------------------


def mnemonic_list(widget) -> list[str]:
    letters = []
    for child in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton):
        if not child.isVisibleTo(widget):
            continue
        text = child.text().replace("&&", "")
        index = text.find("&")
        if 0 <= index < len(text) - 1:
            letters.append(text[index + 1].upper())
    return letters


def test_every_dialog_has_distinct_mnemonics(qtbot, db):
    ctx = make_ctx(db)
    ref = TrajectRef(uuid.uuid4(), 1, uuid.uuid4(), F.INTAKE, TODAY, TODAY, gemeente="Gorinchem")
    choices = [(uuid.uuid4(), "Iemand")]
    zaak = uuid.uuid4()
    dialogs = [
        AanmeldenDialog(ctx, ref.inwoner_id, choices),
        CoachDialog(ctx, ref, "jobcoach", choices),
        CoachDialog(ctx, replace(ref, fase=F.GEPLAATST), "jobcoach", choices, huidig="Iemand"),
        CoachDialog(ctx, ref, "werkcoach", choices, huidig="Iemand"),
        *[DatumStapDialog(ctx, ref, getattr(svc, actie), title=t, intro=i, action=a, label=lab)
          for actie, (t, i, a, lab) in DATUM_STAPPEN.items()],
        *[ToelichtingStapDialog(ctx, ref, getattr(svc, actie), title=t, intro=i, action=a,
                                label=lab, placeholder=p)
          for actie, (t, i, a, lab, p) in TOELICHTING_STAPPEN.items()],
        StadiumDialog(ctx, ref, advies=Ontwikkelstadium.ONTWIKKELPOTENTIEEL),
        TrajectEvaluatieDialog(ctx, ref),
        MatchingDialog(ctx, ref, choices),
        MatchingDialog(ctx, replace(ref, fase=F.ZELFSTANDIG_ZOEKEN), choices),
        ParticipatieDialog(ctx, ref, minimum_contacten=2, met_coach=False),
        PlaatsenDialog(ctx, ref),
        NazorgDialog(ctx, ref),
        AfsluitenTrajectDialog(ctx, ref),
        VerlengDialog(ctx, ref),
        OpenHandhavingDialog(ctx, ref, choices),
        AfwegingDialog(ctx, zaak, 1),
        AdviesDialog(ctx, zaak, 1, signaal_datum=TODAY),
        BesluitDialog(ctx, zaak, 1, advies_op=TODAY),
        DiagnoseDialog(ctx, ref.inwoner_id, None),
        ScoreDialog(ctx, ref.inwoner_id, huidige_trede=2),
        EindePlaatsingDialog(ctx, uuid.uuid4(), startdatum=TODAY, werkplek="Kwekerij"),
    ]  # fmt: skip
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        letters = mnemonic_list(dialog)
        assert len(letters) >= 2, dialog.windowTitle()
        assert len(letters) == len(set(letters)), (dialog.windowTitle(), sorted(letters))


def test_the_parts_of_the_tab_have_distinct_mnemonics(qtbot, db, open_tab):
    inwoner_id = db.add("Piet", "Sneltoets")
    in_ontwikkeling(db, inwoner_id)
    tab = open_tab(inwoner_id)
    for page in (tab.verloop_page, tab.intake_page, tab.diagnoses_page, tab.ladder_page,
                 tab.handhaving_page):  # fmt: skip
        tab.parts.setCurrentWidget(page)
        letters = mnemonic_list(page)
        assert len(letters) == len(set(letters)), sorted(letters)
        assert not set(letters) & TAB_MNEMONICS, sorted(set(letters) & TAB_MNEMONICS)
    assert len(tab.step_buttons) >= 5
    assert all("&" in b.text() for b in tab.step_buttons.values())


def test_break_the_glass_reads_with_the_reason(qtbot, db):
    inwoner_id = db.add("Rosa", "Buitenteam")
    in_intake(db, inwoner_id)
    ctx = make_ctx(db, db.beheerder_id)  # functioneel beheerder: in no team, TRAJECT lezen
    tab = TrajectTab(ctx, inwoner_id, reden="Inzageverzoek van de inwoner")
    qtbot.addWidget(tab)
    ctx.changes.setParent(tab)
    ctx.operations.setParent(tab)
    with qtbot.waitExposed(tab):
        tab.show()
    assert tab.loaded and tab.detail.fase == F.INTAKE
    assert tab.step_buttons == {} and not tab.may_edit
    tab.parts.setCurrentWidget(tab.diagnoses_page)  # every read passes the reason
    assert tab.diagnoses_loaded


def test_a_running_placement_is_ended_with_a_date_and_reason(qtbot, db, open_tab, message_boxes):
    inwoner_id = db.add("Piet", "Plaatsing")
    traject_id = in_ontwikkeling(db, inwoner_id)
    with db.sessions.begin() as session:
        actor = session.get(Medewerker, db.actor_id)
        svc.evalueer_traject(session, actor=actor, traject_id=traject_id,
                             gegevens=svc.TrajectEvaluatie(TODAY, "Weinig begeleiding nodig",
                                                           werkfit=True))  # fmt: skip
        svc.naar_matching(
            session,
            actor=actor,
            traject_id=traject_id,
            accountmanager_id=db.accountmanager_id,
            overdracht_op=TODAY,
            overdracht_notitie="Kandidaat besproken met accountmanager",
        )
        svc.plaats(
            session,
            actor=actor,
            traject_id=traject_id,
            gegevens=svc.PlaatsingGegevens(
                "Kwekerij De Linge", None, Plaatsingsvorm.REGULIER, TODAY, 24
            ),
        )
    tab = open_tab(inwoner_id)
    assert not tab.einde_plaatsing_button.isEnabled()  # nothing selected yet
    tab.plaatsingen_table.selectRow(0)
    assert tab.einde_plaatsing_button.isEnabled()
    dialog = tab.einde_plaatsing()
    dialog.submit()  # no reason: refused at the field, nothing saved
    assert dialog.isVisible()
    assert dialog.errors.error_text("reden_einde") == "Geef aan waarom de plaatsing eindigt."
    dialog.reden_einde.setPlainText("Werkgever stopt met de kwekerij")
    dialog.submit()
    qtbot.waitUntil(lambda: tab.plaatsingen_model.text(0, 1) == format_date(TODAY))
    tab.plaatsingen_table.selectRow(0)
    assert not tab.einde_plaatsing_button.isEnabled()


def test_no_button_of_the_tab_becomes_a_window_of_its_own(qtbot, db, open_tab):
    """A parentless widget made visible turns into a top-level window that steals the focus
    (it broke typing in the dossier once); every part of the tab stays inside it."""
    tab = open_tab(db.add("Wim", "Venster"))
    stray = [w for w in QApplication.topLevelWidgets()
             if w.isVisible() and isinstance(w, QAbstractButton | QLabel)]  # fmt: skip
    assert stray == []
    assert not tab.einde_plaatsing_button.isWindow()


def test_intake_conflict_shows_the_colleagues_change_and_puts_mine_back(qtbot, db, open_tab,
                                                                        monkeypatch):  # fmt: skip
    inwoner_id = db.add("Gert", "Gelijktijdig")
    traject_id = in_intake(db, inwoner_id)
    tab = open_tab(inwoner_id)
    tab.parts.setCurrentWidget(tab.intake_page)
    tab.intake_form.texts["mogelijkheden"].setPlainText("Handig, sociaal en punctueel")
    with db.sessions.begin() as session:  # a colleague saves the same report first
        actor = session.get(Medewerker, db.actor_id)
        intake = svc.intakes(session, actor=actor, traject_id=traject_id)[0]
        gegevens = svc.IntakeGegevens.from_intake(intake)
        svc.leg_intake_vast(session, actor=actor, traject_id=traject_id, intake_id=intake.id,
                            versie=intake.versie, gegevens=dataclasses.replace(
                                gegevens, plan_van_aanpak="Eerst een werkervaringsplek"))  # fmt: skip
    seen = []

    def choose(dialog):
        seen.append([[dialog.table.item(r, c).text() for c in range(4)]
                     for r in range(dialog.table.rowCount())])  # fmt: skip
        dialog.toepassen.click()
        return dialog.result()

    monkeypatch.setattr(ConflictDialog, "exec", choose)
    assert not tab.save_intake()
    assert seen == [[
        ["Mogelijkheden", "Handig, sociaal", "Handig, sociaal", "Handig, sociaal en punctueel"],
        ["Plan van aanpak", "(leeg)", "Eerst een werkervaringsplek", "–"],
    ]]  # fmt: skip
    form = tab.intake_form
    assert form.texts["mogelijkheden"].toPlainText() == "Handig, sociaal en punctueel"
    assert form.texts["plan_van_aanpak"].toPlainText() == "Eerst een werkervaringsplek"
    assert tab.is_modified() and "controleer" in tab.intake_status.text()
    assert tab.save_intake()
    with db.sessions.begin() as session:
        actor = session.get(Medewerker, db.actor_id)
        intake = svc.intakes(session, actor=actor, traject_id=traject_id)[0]
        assert (intake.mogelijkheden, intake.plan_van_aanpak) == (
            "Handig, sociaal en punctueel", "Eerst een werkervaringsplek",
        )  # fmt: skip
