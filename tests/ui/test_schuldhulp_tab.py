"""The Schuldhulp tab: a counsellor runs a trajectory from melding to nazorg through the dialogs;
refused input stays in the dialog; deadlines say "te laat" in words and in colour; schulden,
referrals and budgetbeheer; printing the plan van aanpak; and who sees what (the SDV team lead
read-only, re-integration roles only the "Schuldhulp lopend" badge)."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel
from sqlalchemy import select

from app.models import (
    AdministratieItem,
    Bedreiging,
    Beschikking,
    Budgetbeheer,
    Complexiteit,
    Inwoner,
    Leefgeldfrequentie,
    Medewerker,
    Meldingsbron,
    Meldingswijze,
    Partner,
    SchuldhulpFase,
    Schuldhulptraject,
    Schuldproduct,
    Schuldsoort,
    SchuldStatus,
    Schuldvariant,
    Uitvalreden,
)
from app.services import schuldhulp as svc
from app.services.rechten import teamtype
from app.services.wgs import Termijnstatus
from app.ui import files, schuldhulp_tab, signals
from app.ui.context import UiContext
from app.ui.operations import Operations
from app.ui.schuldhulp_dialogs import (
    AdministratieDialog,
    AfsluitenDialog,
    BedreigingDialog,
    BeschikkingDialog,
    BudgetbeheerDialog,
    BudgetbeheerStoppenDialog,
    DoorverwijzingDialog,
    EersteGesprekDialog,
    MeldingDialog,
    NazorgDialog,
    SchuldDialog,
    SchuldhulpRef,
    UitvalDialog,
    parse_bedrag,
    schuldregeling_dialog,
    wsnp_dialog,
)
from app.ui.schuldhulp_tab import TAB_MNEMONICS, SchuldhulpTab
from app.ui.signals import ChangeBus
from app.ui.widgets import select_data
from tests.services import schuldhulp_helpers as h

F = SchuldhulpFase
TODAY = h.TODAY  # 23-11-2026: the helpers' steps all lie before it


def make_ctx(db, actor_id: uuid.UUID) -> UiContext:
    """A context like the application's, with the team type (it decides whether a team lead
    may read debt data)."""
    with db.sessions.begin() as session:
        actor = session.get(Medewerker, actor_id)
        naam, gebruikersnaam, rollen = actor.naam, actor.gebruikersnaam, actor.rollen
        soort = teamtype(actor)
    return UiContext(sessions=db.sessions, actor_id=actor_id, actor_naam=naam,
                     actor_gebruikersnaam=gebruikersnaam, database_label="test.db",
                     changes=ChangeBus(), operations=Operations(db.sessions, actor_id),
                     actor_rollen=rollen, actor_teamtype=soort)  # fmt: skip


@pytest.fixture
def open_tab(qtbot, db):
    def make(inwoner_id: uuid.UUID, *, actor: uuid.UUID | None = None) -> SchuldhulpTab:
        ctx = make_ctx(db, actor or db.consulent_id)
        tab = SchuldhulpTab(ctx, inwoner_id, today=lambda: TODAY)
        ctx.operations.setParent(tab)
        ctx.changes.setParent(tab)
        tab.resize(1300, 1000)
        qtbot.addWidget(tab)
        with qtbot.waitExposed(tab):
            tab.show()
        assert tab.loaded
        return tab

    yield make
    QThreadPool.globalInstance().waitForDone()
    QApplication.processEvents()


@contextmanager
def as_consulent(db):
    with db.sessions.begin() as session:
        yield session, session.get(Medewerker, db.consulent_id)


def klant(db, voornaam: str, achternaam: str) -> uuid.UUID:
    """An inwoner on the consulent's caseload."""
    return db.add(voornaam, achternaam, door=db.consulent_id, regievoerder_id=db.consulent_id)


def walk(db, inwoner_id: uuid.UUID, step=h.in_regeling, schulden: int = 0) -> uuid.UUID:
    """A trajectory taken along the allowed path by the helpers (melding 01-09-2026 …)."""
    with as_consulent(db) as (session, actor):
        t = step(session, actor, session.get(Inwoner, inwoner_id))
        for n in range(schulden):
            h.schuld(session, actor, t, ("Woonlinie", "CJIB", "Eneco")[n % 3],
                     ("1250.50", "300.00", "89.95")[n % 3])  # fmt: skip
        return t.id


def stored(db, traject_id: uuid.UUID) -> Schuldhulptraject:
    with db.sessions.begin() as session:
        t = session.get(Schuldhulptraject, traject_id)
        _ = (t.administratie, t.schulden, t.doorverwijzingen)  # loaded before the session ends
        return t


def trajecten(db, inwoner_id) -> list[Schuldhulptraject]:
    with db.sessions.begin() as session:
        return list(session.scalars(select(Schuldhulptraject).where(
            Schuldhulptraject.inwoner_id == inwoner_id)))  # fmt: skip


def click_actie(qtbot, tab, actie: str):
    button = tab.actie_buttons[actie]
    assert button.isVisible() and button.isEnabled(), (actie, button.toolTip())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = tab.last_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


# --- the acceptance test ---------------------------------------------------------------------


def test_a_counsellor_runs_a_trajectory_from_melding_to_nazorg(qtbot, make_window, db):
    inwoner_id = klant(db, "Fatima", "El Amrani")
    window = make_window(db, actor=db.consulent_id)
    dossier = window.open_dossier(inwoner_id)
    assert dossier.show_section("schuldhulp")
    tab = dossier.schuldhulp
    assert dossier.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: tab.loaded)
    assert not dossier.schuldhulp_badge.isVisible()  # the counsellor sees the tab itself
    today = date.today()
    notified = []
    dossier._ctx.changes.changed.connect(lambda kind, item: notified.append((kind, item)))

    # No trajectory yet: said in words, with the button.
    assert tab.empty_box.isVisible() and not tab.detail_box.isVisible()
    assert "geen schuldhulptraject" in tab.empty_label.text()
    assert tab.melding_button.isVisible() and tab.melding_button.isEnabled()

    # Melding
    qtbot.mouseClick(tab.melding_button, Qt.MouseButton.LeftButton)
    dialog = tab.last_dialog
    assert isinstance(dialog, MeldingDialog) and dialog.isVisible()
    assert dialog.consulent.currentData() == db.consulent_id  # the signed-in consulent
    assert dialog.datum.date().toPython() == today
    assert not dialog.bedreiging_datum.isEnabled()  # only with a threat
    select_data(dialog.bron, Meldingsbron.WONINGCORPORATIE)
    select_data(dialog.wijze, Meldingswijze.TELEFOON)
    dialog.hulpvraag.setPlainText("Huurachterstand van drie maanden")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    [traject] = trajecten(db, inwoner_id)
    assert traject.fase == F.VOORZORG and traject.melding_datum == today
    assert traject.melding_bron == Meldingsbron.WONINGCORPORATIE
    assert traject.consulent_id == db.consulent_id
    assert "Voorzorg / intake" in tab.title_label.text()
    assert not tab.empty_box.isVisible() and tab.detail_box.isVisible()
    assert tab.termijn_labels[0].text().startswith("Eerste gesprek: uiterlijk")
    assert notified[-1] == (signals.SCHULDHULP, inwoner_id)
    # What is missing before the beschikking, in the tooltip and in the hint line.
    beschikking = tab.actie_buttons["beschikking"]
    assert not beschikking.isEnabled()
    assert "eerste gesprek (de aanvraag) is vastgelegd" in beschikking.toolTip()
    assert "Beschikking kan pas als het eerste gesprek" in tab.acties_hint.text()

    # Eerste gesprek
    dialog = click_actie(qtbot, tab, "eerste_gesprek")
    dialog.leefgebieden.setPlainText("Zoekt werk; spreekt nog weinig Nederlands")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert stored(db, traject.id).eerste_gesprek == today
    assert tab.detail.ref.eerste_gesprek == today
    assert not tab.actie_buttons["eerste_gesprek"].isEnabled()
    assert tab.actie_buttons["beschikking"].isEnabled()
    gesprek, termijn_beschikking = tab.termijn_labels
    assert (
        "gehaald op" in gesprek.text() and gesprek.property("stand") == Termijnstatus.GEHAALD.value
    )
    assert termijn_beschikking.text().startswith("Beschikking: uiterlijk")

    # The full checklist
    dialog = click_actie(qtbot, tab, "administratie")
    assert isinstance(dialog, AdministratieDialog)
    assert len(dialog.vinkjes) == len(AdministratieItem)
    qtbot.mouseClick(dialog.alles_button, Qt.MouseButton.LeftButton)
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert {v.item for v in stored(db, traject.id).administratie} == set(AdministratieItem)

    # Two schulden, and the totals line
    for eiser, soort, bedrag in (("Woonlinie", Schuldsoort.VERHUURDER, "1.250,50"),
                                 ("CJIB", Schuldsoort.CJIB, "300")):  # fmt: skip
        qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
        dialog = tab.last_dialog
        assert isinstance(dialog, SchuldDialog)
        dialog.schuldeiser.setText(eiser)
        select_data(dialog.soort, soort)
        dialog.opgegeven.setText(bedrag)
        select_data(dialog.status, SchuldStatus.OPGAVE_ONTVANGEN)
        dialog.ok_button.click()
        assert not dialog.isVisible(), dialog.errors.general_text()
    assert tab.schulden_model.rowCount() == 2
    assert tab.schulden_model.text(0, 0) == "Woonlinie"
    assert tab.schulden_model.text(0, 3) == "€ 1.250,50"
    assert tab.totalen_label.text() == (
        "2 schulden · totaal opgegeven € 1.550,50 · totaal akkoord € 0,00 · openstaand € 1.550,50"
    )
    assert sorted(s.bedrag_opgegeven for s in stored(db, traject.id).schulden) == [
        Decimal("300.00"), Decimal("1250.50")]  # fmt: skip

    # Toelating with the plan van aanpak
    assert not tab.print_button.isEnabled()  # no plan before the toelating
    dialog = click_actie(qtbot, tab, "beschikking")
    select_data(dialog.soort, Beschikking.TOELATING)
    assert dialog.plan.isVisibleTo(dialog) and not dialog.motivering.isVisibleTo(dialog)
    dialog.plan.setPlainText(h.PLAN)
    select_data(dialog.product, Schuldproduct.SCHULDBEMIDDELING)
    select_data(dialog.variant, Schuldvariant.SCHULDREGELING)
    select_data(dialog.complexiteit, Complexiteit.COMPLEX)
    dialog.ok_button.click()
    assert not dialog.isVisible()
    t = stored(db, traject.id)
    assert t.fase == F.STABILISATIE and t.beschikking == Beschikking.TOELATING
    assert t.plan_van_aanpak == h.PLAN and t.variant == Schuldvariant.SCHULDREGELING
    assert "Stabilisatie" in tab.title_label.text()
    assert "Toelating op" in tab.aanpak_label.text()
    assert tab.print_button.isEnabled()

    # Schuldregeling
    dialog = click_actie(qtbot, tab, "schuldregeling")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    t = stored(db, traject.id)
    assert t.fase == F.SCHULDREGELING and t.start_schuldregeling == today
    assert "Schuldregeling — sinds" in tab.title_label.text()
    assert any(label.text().startswith("Einde schuldregeling") for label in tab.termijn_labels)

    # Nazorg
    dialog = click_actie(qtbot, tab, "nazorg")
    assert isinstance(dialog, NazorgDialog)
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert stored(db, traject.id).fase == F.NAZORG
    assert "Nazorg — sinds" in tab.title_label.text()
    assert tab.actie_buttons["afsluiten"].isEnabled()
    assert [d.fase for d in tab.detail.doorlooptijden] == [
        F.VOORZORG, F.STABILISATIE, F.SCHULDREGELING, F.NAZORG]  # fmt: skip
    assert notified.count((signals.SCHULDHULP, inwoner_id)) == 8


# --- refusals --------------------------------------------------------------------------------


def test_refused_input_stays_in_the_dialog_and_changes_nothing(qtbot, db, open_tab):
    inwoner_id = klant(db, "Ria", "Weigering")
    traject_id = walk(db, inwoner_id, h.na_gesprek)
    tab = open_tab(inwoner_id)

    dialog = click_actie(qtbot, tab, "beschikking")
    dialog.ok_button.click()  # nothing chosen
    assert dialog.isVisible()
    assert "toegelaten of afgewezen" in dialog.errors.error_text("soort")
    select_data(dialog.soort, Beschikking.TOELATING)
    dialog.plan.setPlainText("Te kort")
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert "minstens 20" in dialog.errors.error_text("plan_van_aanpak")
    assert dialog.errors.error_text("product") == "Kies het product."
    assert dialog.errors.error_text("complexiteit") == "Kies of de zaak eenvoudig of complex is."
    t = stored(db, traject_id)
    assert t.fase == F.VOORZORG and t.beschikking is None and t.plan_van_aanpak is None
    # A message about a field that is hidden again disappears with it.
    select_data(dialog.soort, Beschikking.AFWIJZING)
    assert dialog.errors.error_text("plan_van_aanpak") == ""
    dialog.reject()

    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.last_dialog
    dialog.opgegeven.setText("veel")
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert "1.250,50" in dialog.errors.error_text("bedrag_opgegeven")
    assert dialog.errors.error_text("soort") == "Kies de soort schuldeiser."
    select_data(dialog.soort, Schuldsoort.ENERGIE)
    dialog.opgegeven.setText("89,95")
    dialog.ok_button.click()  # the service's own check: no schuldeiser
    assert dialog.isVisible()
    assert dialog.errors.error_text("schuldeiser") == "Vul de naam van de schuldeiser in."
    assert stored(db, traject_id).schulden == []
    dialog.reject()


def test_an_action_that_cannot_be_taken_yet_says_why(qtbot, db, open_tab, message_boxes):
    inwoner_id = klant(db, "Kees", "Onvolledig")
    walk(db, inwoner_id, lambda s, a, i: h.toegelaten(s, a, i, compleet=False))
    tab = open_tab(inwoner_id)
    button = tab.actie_buttons["schuldregeling"]
    assert not button.isEnabled()
    assert "de administratie compleet is" in button.toolTip()
    assert button.accessibleDescription() == button.toolTip()
    assert "Schuldregeling starten kan pas als de administratie compleet is" in (
        tab.acties_hint.text()
    )
    assert tab.open_actie("schuldregeling") is None
    assert "Nog niet mogelijk" in message_boxes.shown[-1][0]


def test_someone_elses_change_in_between_is_not_overwritten(qtbot, db, open_tab, message_boxes):
    inwoner_id = klant(db, "Bas", "Gelijktijdig")
    traject_id = walk(db, inwoner_id, h.gemeld)
    tab = open_tab(inwoner_id)
    dialog = click_actie(qtbot, tab, "eerste_gesprek")
    with as_consulent(db) as (session, actor):  # another counsellor records a threat
        t = session.get(Schuldhulptraject, traject_id)
        svc.leg_bedreiging_vast(session, actor=actor, traject_id=t.id, versie=t.versie,
                                bedreiging=Bedreiging.ENERGIE, datum=h.MELDING,
                                today=TODAY)  # fmt: skip
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert message_boxes.shown[-1][0] == "Intussen gewijzigd"
    assert "iemand anders gewijzigd" in message_boxes.shown[-1][1]
    assert stored(db, traject_id).eerste_gesprek is None  # nothing overwritten
    assert "Beëindiging levering gas" in tab.situatie_label.text()  # reloaded


# --- deadlines -------------------------------------------------------------------------------


def test_a_late_deadline_says_te_laat_in_words_and_in_red(qtbot, db, open_tab):
    inwoner_id = klant(db, "Piet", "Telaat")
    walk(db, inwoner_id, h.gemeld)  # melding 01-09-2026, no eerste gesprek by 23-11-2026
    tab = open_tab(inwoner_id)
    [label] = tab.termijn_labels
    assert label.text() == "Eerste gesprek: uiterlijk 29-09-2026 — 55 dagen te laat"
    assert label.property("stand") == Termijnstatus.TE_LAAT.value
    assert "#b3261e" in label.styleSheet()
    assert label.accessibleName() == label.text()


def test_a_deadline_met_late_and_one_nearly_due(qtbot, db, open_tab):
    inwoner_id = klant(db, "Lies", "Laatgehaald")

    def laat_gesprek(session, actor, inwoner):
        t = h.gemeld(session, actor, inwoner, melding_datum=date(2026, 9, 1))
        return svc.leg_eerste_gesprek_vast(session, actor=actor, traject_id=t.id,
                                           versie=t.versie, datum=date(2026, 9, 30),
                                           today=TODAY)  # fmt: skip

    walk(db, inwoner_id, laat_gesprek)
    tab = open_tab(inwoner_id)
    gesprek, beschikking = tab.termijn_labels
    assert gesprek.text() == ("Eerste gesprek: te laat gehaald op 30-09-2026 "
                              "(uiterlijk 29-09-2026)")  # fmt: skip
    assert gesprek.property("stand") == Termijnstatus.TE_LAAT_GEHAALD.value
    assert "#b3261e" in gesprek.styleSheet()
    # 8 weeks after 30-09-2026 is 25-11-2026: two days after TODAY.
    assert beschikking.text() == "Beschikking: uiterlijk 25-11-2026 — let op: nog 2 dagen"
    assert beschikking.property("stand") == Termijnstatus.BIJNA.value


# --- schulden, referrals, budgetbeheer -------------------------------------------------------


def test_editing_and_removing_a_schuld_with_the_keyboard(qtbot, db, open_tab, message_boxes):
    inwoner_id = klant(db, "Anna", "Schulden")
    traject_id = walk(db, inwoner_id, h.in_regeling, schulden=2)
    tab = open_tab(inwoner_id)
    assert tab.schulden_model.rowCount() == 2
    assert not tab.edit_button.isEnabled()
    tab.schulden_table.setFocus()
    tab.schulden_table.selectRow(1)
    assert tab.edit_button.isEnabled()
    qtbot.keyClick(tab.schulden_table, Qt.Key.Key_Return)
    dialog = tab.last_dialog
    assert isinstance(dialog, SchuldDialog) and dialog.schuldeiser.text() == "CJIB"
    assert dialog.opgegeven.text() == "300,00"
    select_data(dialog.status, SchuldStatus.AKKOORD)
    dialog.ok_button.click()
    assert dialog.isVisible()  # an agreement needs the agreed amount
    assert "afgesproken bedrag" in dialog.errors.error_text("bedrag_akkoord")
    dialog.akkoord.setText("250,00")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert tab.schulden_model.text(1, 4) == "€ 250,00"
    assert "totaal akkoord € 250,00" in tab.totalen_label.text()

    tab.schulden_table.setFocus()
    tab.schulden_table.selectRow(0)
    message_boxes.answers = ["Verwijderen"]
    qtbot.keyClick(tab.schulden_table, Qt.Key.Key_Delete)
    assert "Woonlinie" in message_boxes.texts[-1]
    assert [s.schuldeiser for s in stored(db, traject_id).schulden] == ["CJIB"]
    assert tab.totalen_label.text().startswith("1 schuld ·")


def test_referral_and_budgetbeheer(qtbot, db, open_tab):
    inwoner_id = klant(db, "Ayşe", "Budget")
    traject_id = walk(db, inwoner_id, h.toegelaten)
    tab = open_tab(inwoner_id)
    assert tab.verwijzingen_empty.isVisible()
    qtbot.mouseClick(tab.verwijs_button, Qt.MouseButton.LeftButton)
    dialog = tab.last_dialog
    assert isinstance(dialog, DoorverwijzingDialog)
    select_data(dialog.partner, Partner.SCHULDHULPMAATJES)
    dialog.waarvoor.setPlainText("Hulp bij het ordenen van de post")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert tab.verwijzingen_model.rowCount() == 1
    assert tab.verwijzingen_model.text(0, 1) == "Schuldhulpmaatjes"

    assert tab.budget_label.text() == "Geen budgetbeheer."
    assert not tab.budget_stop_button.isEnabled()
    qtbot.mouseClick(tab.budget_start_button, Qt.MouseButton.LeftButton)
    dialog = tab.last_dialog
    assert isinstance(dialog, BudgetbeheerDialog)
    dialog.leefgeld.setText("75")
    select_data(dialog.frequentie, Leefgeldfrequentie.WEKELIJKS)
    dialog.postadres.setChecked(True)
    dialog.ok_button.click()
    assert not dialog.isVisible()
    with db.sessions.begin() as session:
        [beheer] = session.scalars(select(Budgetbeheer).where(
            Budgetbeheer.inwoner_id == inwoner_id)).all()  # fmt: skip
        assert beheer.schuldhulptraject_id == traject_id and beheer.leefgeld == Decimal("75")
        assert beheer.postadres
    assert tab.budget_label.text().startswith("Lopend sinds 23-11-2026: leefgeld € 75,00 per week")
    assert not tab.budget_start_button.isEnabled()

    qtbot.mouseClick(tab.budget_stop_button, Qt.MouseButton.LeftButton)
    dialog = tab.last_dialog
    assert isinstance(dialog, BudgetbeheerStoppenDialog)
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert "Geen lopend budgetbeheer" in tab.budget_label.text()


def test_uitval_closes_and_a_new_melding_can_follow(qtbot, db, open_tab):
    inwoner_id = klant(db, "Joost", "Uitval")
    walk(db, inwoner_id, h.gemeld)
    tab = open_tab(inwoner_id)
    dialog = click_actie(qtbot, tab, "uitval")
    select_data(dialog.reden_combo, Uitvalreden.GEEN_MEDEWERKING)
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert tab.banner.isVisible() and "Uitgevallen in de fase voorzorg" in tab.banner.text()
    assert all(not b.isVisible() for b in tab.actie_buttons.values())
    assert tab.empty_box.isVisible() and tab.melding_button.isVisible()
    assert tab.trajecten_box.isVisible() and tab.trajecten_model.rowCount() == 1
    vervallen = tab.termijn_labels[0]  # the open deadline is moot now
    assert "vervallen" in vervallen.text()
    assert [tab.trajecten_model.text(0, c) for c in range(4)] == [
        "01-09-2026", "Voorzorg / intake", "23-11-2026", "Uitgevallen"]  # fmt: skip

    # Reopened later: the earlier trajectory is listed; choosing it shows it.
    tab.load(uuid.uuid4())  # forget the shown one, as when the dossier is opened afresh
    assert tab.detail is None and not tab.detail_box.isVisible()
    tab.trajecten_table.selectRow(0)
    assert tab.detail is not None and tab.detail.fase == F.AFGESLOTEN
    assert tab.detail_box.isVisible() and tab.banner.isVisible()


def test_refreshes_on_the_change_signal_for_its_inwoner(qtbot, db, open_tab):
    inwoner_id = klant(db, "Sanne", "Signaal")
    tab = open_tab(inwoner_id)
    assert tab.detail is None
    walk(db, inwoner_id, h.gemeld)
    tab._ctx.changes.notify(signals.SCHULDHULP, uuid.uuid4())  # someone else's
    assert tab.detail is None
    tab._ctx.changes.notify(signals.SCHULDHULP, inwoner_id)
    assert tab.detail is not None and tab.detail.fase == F.VOORZORG


# --- printing --------------------------------------------------------------------------------


def test_printing_the_plan_van_aanpak(qtbot, db, open_tab, message_boxes, monkeypatch, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    inwoner_id = klant(db, "Łukasz", "Şahin-Plan")
    walk(db, inwoner_id, h.in_regeling, schulden=2)
    tab = open_tab(inwoner_id)
    suggested = []

    def choose(parent, title, suggestion, filter_text):
        suggested.append(suggestion.name)
        return tmp_path / "plan"

    monkeypatch.setattr(files, "choose_save_file", choose)
    monkeypatch.setattr(schuldhulp_tab.QDesktopServices, "openUrl", lambda url: None)
    message_boxes.answers = ["Niet nu"]
    assert tab.afdrukken() is not None
    qtbot.waitUntil(lambda: tab.last_print is not None, timeout=15_000)
    assert tab.last_print == tmp_path / "plan.pdf"
    assert suggested == ["Plan-van-aanpak-sahin-plan-lukasz-2026-10-01.pdf"]
    text = subprocess.run(["pdftotext", str(tab.last_print), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    flat = " ".join(text.split())
    assert "Plan van aanpak schuldhulpverlening" in flat and "Łukasz Şahin-Plan" in flat
    assert "Carla Schulte" in flat and "Woonlinie" in flat and "€ 1.550,50" in flat


# --- who sees what ---------------------------------------------------------------------------


def test_a_jobcoach_has_no_tab_but_sees_schuldhulp_lopend(qtbot, make_window, db):
    inwoner_id = db.add("Mehmet", "Signaal")  # on testcoach's caseload
    window = make_window(db)
    dossier = window.open_dossier(inwoner_id)
    assert dossier.schuldhulp is None and not dossier.show_section("schuldhulp")
    titles = [dossier.tabs.tabText(i) for i in range(dossier.tabs.count())]
    assert not any("uldhulp" in title for title in titles)
    assert not dossier.schuldhulp_badge.isVisible()

    # A debt counsellor registers a melding (a melding needs no reach).
    with as_consulent(db) as (session, actor):
        h.gemeld(session, actor, session.get(Inwoner, inwoner_id))
    dossier._ctx.changes.notify(signals.SCHULDHULP, inwoner_id)
    assert dossier.schuldhulp_badge.isVisible()
    assert dossier.schuldhulp_badge.text() == "Schuldhulp lopend"
    # Only the flag: nothing of the debt data is in the dossier.
    texts = " ".join(w.text() for w in dossier.findChildren(QLabel))
    assert "Achterstand huur" not in texts


def test_the_sdv_team_lead_sees_the_tab_read_only(qtbot, make_window, db):
    inwoner_id = klant(db, "Noor", "Alleenlezen")
    walk(db, inwoner_id, h.in_regeling, schulden=2)
    window = make_window(db, actor=db.sdv_teamleider_id)
    dossier = window.open_dossier(inwoner_id)
    assert dossier.show_section("schuldhulp")
    tab = dossier.schuldhulp
    qtbot.waitUntil(lambda: tab.loaded)
    assert not tab.may_edit and tab.detail.fase == F.SCHULDREGELING
    assert tab.schulden_model.rowCount() == 2
    assert tab.print_button.isVisible() and tab.print_button.isEnabled()  # reading suffices
    editing = [*tab.actie_buttons.values(), tab.melding_button, tab.add_button,
               tab.edit_button, tab.remove_button, tab.verwijs_button, tab.budget_start_button,
               tab.budget_stop_button]  # fmt: skip
    assert not [b.text() for b in editing if b.isVisible() and b.isEnabled()]
    assert tab.acties_hint.text() == "U kunt dit schuldhulptraject bekijken, maar niet wijzigen."
    assert tab.open_actie("nazorg") is None and tab.schuld_toevoegen() is None
    assert not dossier.schuldhulp_badge.isVisible()


def test_the_team_lead_of_another_team_has_no_tab(qtbot, make_window, db):
    inwoner_id = db.add("Iris", "Anderteam")
    with as_consulent(db) as (session, actor):
        h.gemeld(session, actor, session.get(Inwoner, inwoner_id))
    window = make_window(db, actor=db.teamleider_id)
    dossier = window.open_dossier(inwoner_id)
    assert dossier.schuldhulp is None and "schuldhulp" not in dossier.sections
    assert dossier.schuldhulp_badge.isVisible()


# --- keyboard --------------------------------------------------------------------------------


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


def test_the_tab_and_every_dialog_have_distinct_mnemonics(qtbot, db, open_tab):
    inwoner_id = klant(db, "Daan", "Sneltoets")
    walk(db, inwoner_id, h.na_gesprek)
    tab = open_tab(inwoner_id)
    letters = mnemonic_list(tab)
    assert len(letters) >= 10
    assert len(letters) == len(set(letters)), sorted(letters)
    assert not set(letters) & TAB_MNEMONICS, sorted(set(letters) & TAB_MNEMONICS)

    ctx = tab._ctx
    ref = SchuldhulpRef(uuid.uuid4(), 1, inwoner_id, F.STABILISATIE, TODAY, TODAY, TODAY)
    keuzes = [(uuid.uuid4(), "Iemand")]
    dialogs = [
        MeldingDialog(ctx, inwoner_id, keuzes), EersteGesprekDialog(ctx, ref),
        AdministratieDialog(ctx, ref, {}), BeschikkingDialog(ctx, ref),
        schuldregeling_dialog(ctx, ref), wsnp_dialog(ctx, ref), NazorgDialog(ctx, ref),
        AfsluitenDialog(ctx, ref), UitvalDialog(ctx, ref), BedreigingDialog(ctx, ref),
        SchuldDialog(ctx, ref), DoorverwijzingDialog(ctx, ref),
        BudgetbeheerDialog(ctx, inwoner_id, ref.id),
        BudgetbeheerStoppenDialog(ctx, uuid.uuid4(), 1, TODAY),
    ]  # fmt: skip
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        if isinstance(dialog, BeschikkingDialog):
            select_data(dialog.soort, Beschikking.TOELATING)
            select_data(dialog.product, Schuldproduct.SOCIAAL_KREDIET)
        letters = mnemonic_list(dialog)
        assert len(letters) >= 2, dialog.windowTitle()
        assert len(letters) == len(set(letters)), (dialog.windowTitle(), sorted(letters))


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.250,50", "1250.50"), ("1250,5", "1250.5"), ("€ 75", "75"), ("1.250", "1250"),
     ("12.50", "12.50"), ("1.000.000,00", "1000000.00"), ("", None)],
)  # fmt: skip
def test_amounts_are_read_the_dutch_way(text, value):
    assert parse_bedrag(text) == (Decimal(value) if value is not None else None)


@pytest.mark.parametrize("text", ["veel", "1,2,3", "12.50,1", "-5", "1e3"])
def test_what_is_not_an_amount(text):
    with pytest.raises(ValueError):
        parse_bedrag(text)


def test_no_part_of_the_tab_becomes_a_window_of_its_own(qtbot, db, open_tab):
    """A parentless widget made visible turns into a top-level window that steals the focus;
    every part of the tab (also the deadline lines made on each reload) stays inside it."""
    inwoner_id = klant(db, "Emma", "Venster")
    walk(db, inwoner_id, h.in_regeling, schulden=1)
    tab = open_tab(inwoner_id)
    tab._ctx.changes.notify(signals.SCHULDHULP, inwoner_id)
    stray = [w for w in QApplication.topLevelWidgets()
             if w.isVisible() and isinstance(w, QAbstractButton | QLabel)]  # fmt: skip
    assert stray == []
    assert all(label.window() is tab for label in tab.termijn_labels)
    assert all(b.window() is tab for b in tab.actie_buttons.values())
