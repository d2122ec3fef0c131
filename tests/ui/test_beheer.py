"""The Beheer section: medewerkers, bewaartermijnen (and destroying expired dossiers),
instellingen, loonreferenties, KPI targets, schuldhulptermijnen and the audit trail."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLabel
from sqlalchemy import select

from app.models import Bewaartermijn, Bewijs, Gemeente, Inwoner, Medewerker, Minimumloon, Rol
from app.services.aanmelden import aanmelden
from app.services.bewaartermijnen import DOSSIER, sluit_dossier
from app.services.errors import DomainError
from app.services.instellingen import (
    BUDGETBEHEER_ALLEEN_MET_TRAJECT,
    INSTELLINGEN,
    JA_NEE,
    NVVK_DAGEN,
    ONTWIKKELING_WAARSCHUWING,
    STADIUM3_CONTACTEN,
    UITSTROOM_ESCALATIE,
    UITSTROOM_WAARSCHUWING,
    VERGRENDELTIJD,
    VOORUITKIJKEN,
    alle_instellingen,
    vergrendeltijd,
)
from app.services.kpi import KPIS, doelen
from app.services.ontwikkelplannen import WerkniveauGegevens, meet_werkniveau, werkniveaus
from app.services.schuldhulp import gelijkgestelde_dagen
from app.ui import files
from app.ui.beheer import InstellingenPage
from app.ui.medewerker_dialog import MedewerkerDialog, WachtwoordDialog
from app.ui.werkniveau_dialog import WerkniveauDialog
from app.ui.widgets import mnemonics_of
from tests.ui.conftest import PASSWORD


def wait_for_operations(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.ctx.operations.pending() == 0, timeout=10_000)


def beheer(qtbot, make_window, db, actor=None):
    window = make_window(db, actor=actor or db.beheerder_id)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.beheer
    assert window.windowTitle() == "Koers — Beheer"
    return window


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


# --- medewerkers ---------------------------------------------------------------------------


def test_medewerkers_table(qtbot, make_window, db):
    window = beheer(qtbot, make_window, db)
    page = window.beheer.medewerkers
    assert window.beheer.currentWidget() is page
    model = page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Naam", "Gebruikersnaam", "Rollen", "Team", "Actief", "Geblokkeerd"]
    rows = {model.text(r, 1): [model.text(r, c) for c in range(6)] for r in range(model.rowCount())}
    assert rows["tleider"] == ["Tineke Leider", "tleider", "Teamleider", "Team Gorinchem", "ja", ""]
    assert rows["beheerder"][2] == "Functioneel beheerder"
    assert not page.edit_button.isEnabled()  # nothing selected yet


def test_add_medewerker_with_field_messages(qtbot, make_window, fresh_db):
    db = fresh_db
    window = beheer(qtbot, make_window, db)
    page = window.beheer.medewerkers
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, MedewerkerDialog)
    qtbot.waitExposed(dialog)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.error_text("naam") == "Vul de naam van de medewerker in."
    assert dialog.errors.error_text("gebruikersnaam").startswith("Kies een gebruikersnaam")
    assert dialog.errors.error_text("wachtwoord") == "Kies een wachtwoord van minstens 10 tekens."
    assert dialog.errors.error_text("rollen") == "Kies minstens één rol."

    dialog.naam.setText("Klaas Klantmanager")
    dialog.gebruikersnaam.setText("testcoach")  # taken
    dialog.wachtwoord.setText(PASSWORD)
    dialog.herhaling.setText(PASSWORD + "!")
    assert not dialog.gemeente.isEnabled()
    dialog.rollen[Rol.KLANTMANAGER_GEMEENTE].setChecked(True)
    assert dialog.gemeente.isEnabled()  # only a klantmanager has a gemeente
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.error_text("gebruikersnaam") == (
        "De gebruikersnaam 'testcoach' is al in gebruik."
    )
    assert dialog.errors.error_text("herhaling") == "De twee wachtwoorden zijn niet gelijk."
    assert dialog.errors.error_text("gemeente") == "Kies de gemeente van de klantmanager."
    assert dialog.errors.error_text("naam") == ""

    dialog.gebruikersnaam.setText("kklant")
    dialog.herhaling.setText(PASSWORD)
    choose(dialog.gemeente, "Buren")
    choose(dialog.team, "Team Buren")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == MedewerkerDialog.DialogCode.Accepted
    row = page.model.row_of(dialog.saved_id)
    assert row is not None
    assert page.model.text(row, 2) == "Klantmanager gemeente (alleen lezen)"
    assert page.model.text(row, 3) == "Team Buren"
    assert aanmelden(db.sessions, gebruikersnaam="kklant", wachtwoord=PASSWORD) == dialog.saved_id
    with db.sessions.begin() as session:
        medewerker = session.get(Medewerker, dialog.saved_id)
        assert medewerker.gemeente_id == db.gemeente_ids["Buren"]
    # The coach filter of the inwoner list knows the new medewerker too.
    assert window.inwoners.coach.findText("Klaas Klantmanager") >= 0


def test_edit_medewerker_and_deactivate(qtbot, make_window, fresh_db):
    db = fresh_db
    window = beheer(qtbot, make_window, db)
    page = window.beheer.medewerkers
    page.select("jdevries")
    assert page.edit_button.isEnabled()
    dialog = page.edit()
    qtbot.waitExposed(dialog)
    assert dialog.gebruikersnaam.isReadOnly()
    assert dialog.rollen[Rol.JOBCOACH].isChecked()
    dialog.naam.setText("Jolanda de Vries-Bos")
    dialog.rollen[Rol.PARTICIPATIECOACH].setChecked(True)
    dialog.actief.setChecked(False)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == MedewerkerDialog.DialogCode.Accepted
    row = page.model.row_of(db.coach_id)
    assert page.model.text(row, 0) == "Jolanda de Vries-Bos"
    assert page.model.text(row, 2) == "Jobcoach / werkcoach, Participatiecoach"
    assert page.model.text(row, 4) == "nee"
    with pytest.raises(DomainError):
        aanmelden(db.sessions, gebruikersnaam="jdevries", wachtwoord=PASSWORD)


def test_own_beheer_rights_cannot_be_dropped(qtbot, make_window, db):
    window = beheer(qtbot, make_window, db)
    page = window.beheer.medewerkers
    page.select("beheerder")
    dialog = page.edit()
    dialog.rollen[Rol.FUNCTIONEEL_BEHEERDER].setChecked(False)
    dialog.rollen[Rol.TEAMLEIDER].setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.error_text("rollen") == (
        "U kunt uw eigen beheerrechten niet intrekken; vraag een collega."
    )
    dialog.reject()


def test_reset_password_lifts_a_block(qtbot, make_window, fresh_db):
    db = fresh_db
    with db.sessions.begin() as session:
        medewerker = session.get(Medewerker, db.other_coach_id)
        medewerker.geblokkeerd_tot = datetime.now(UTC) + timedelta(minutes=10)
    window = beheer(qtbot, make_window, db)
    page = window.beheer.medewerkers
    row = page.model.row_of(db.other_coach_id)
    assert page.model.text(row, 5) == "ja"
    page.select("bvisser")
    qtbot.mouseClick(page.password_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, WachtwoordDialog)
    dialog.wachtwoord.setText("kort")
    dialog.herhaling.setText("kort")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.error_text("wachtwoord") == "Kies een wachtwoord van minstens 10 tekens."
    dialog.wachtwoord.setText("nieuw-wachtwoord-7")
    dialog.herhaling.setText("nieuw-wachtwoord-7")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == WachtwoordDialog.DialogCode.Accepted
    assert page.model.text(page.model.row_of(db.other_coach_id), 5) == ""
    assert aanmelden(db.sessions, gebruikersnaam="bvisser", wachtwoord="nieuw-wachtwoord-7")


# --- bewaartermijnen -----------------------------------------------------------------------


def test_change_retention_period(qtbot, make_window, fresh_db):
    db = fresh_db
    window = beheer(qtbot, make_window, db)
    window.beheer.setCurrentWidget(window.beheer.bewaartermijnen)
    page = window.beheer.bewaartermijnen
    spin = page.spins[DOSSIER]
    assert spin.value() == 7
    assert not page.save_button.isEnabled()
    spin.setValue(10)
    assert page.save_button.isEnabled()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.saved_label.text() == "Opgeslagen."
    with db.sessions.begin() as session:
        assert session.get(Bewaartermijn, DOSSIER).jaren == 10


def closed_years_ago(db, years: int, naam: str):
    inwoner_id = db.add(naam, "Oud")
    with db.sessions.begin() as session:
        sluit_dossier(session, actor=session.get(Medewerker, db.actor_id), inwoner_id=inwoner_id,
                      datum=date.today() - relativedelta(years=years))  # fmt: skip
    return inwoner_id


def test_destroy_expired_dossiers_after_confirmation(
    qtbot, make_window, fresh_db, message_boxes, monkeypatch, tmp_path
):
    db = fresh_db
    oud = closed_years_ago(db, 8, "Acht")
    recent = closed_years_ago(db, 2, "Twee")
    chosen = []

    def save_file(parent, title, suggestion, filter_text):
        chosen.append(suggestion)
        return tmp_path / "rapport.json"

    monkeypatch.setattr(files, "choose_save_file", save_file)
    window = beheer(qtbot, make_window, db)
    window.beheer.setCurrentWidget(window.beheer.bewaartermijnen)
    page = window.beheer.bewaartermijnen
    assert not page.destroy_button.isEnabled()  # check first
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    wait_for_operations(qtbot, window)
    assert page.model.rowCount() == 1
    assert page.model.text(0, 0) == "Acht Oud"
    assert page.result_label.text() == "1 dossier is langer bewaard dan de termijn."
    assert page.destroy_button.isEnabled()

    message_boxes.answers.append("Annuleren")
    qtbot.mouseClick(page.destroy_button, Qt.MouseButton.LeftButton)
    assert "1 verlopen dossier wordt vernietigd." in message_boxes.texts[-1]
    assert "Dit kan niet ongedaan worden gemaakt." in message_boxes.texts[-1]
    assert chosen == []  # cancelled: not even asked where to save

    message_boxes.answers.append("Vernietigen")
    qtbot.mouseClick(page.destroy_button, Qt.MouseButton.LeftButton)
    wait_for_operations(qtbot, window)
    assert chosen and chosen[0].name.startswith("vernietigingsrapport-")
    rapport = json.loads((tmp_path / "rapport.json").read_text(encoding="utf-8"))
    assert rapport["aantal"] == 1
    assert rapport["dossiers"][0]["inwoner_id"] == str(oud)
    assert "Acht" not in json.dumps(rapport)
    assert "1 dossier is vernietigd." in message_boxes.texts[-1]
    assert str(tmp_path / "rapport.json") in message_boxes.texts[-1]
    with db.sessions.begin() as session:
        assert session.get(Inwoner, oud).bsn is None
        assert session.get(Inwoner, recent).bsn is not None
    wait_for_operations(qtbot, window)
    assert page.model.rowCount() == 0  # checked again afterwards


def test_cancelling_the_report_file_destroys_nothing(
    qtbot, make_window, fresh_db, message_boxes, monkeypatch
):
    db = fresh_db
    oud = closed_years_ago(db, 9, "Negen")
    monkeypatch.setattr(files, "choose_save_file", lambda *args: None)
    window = beheer(qtbot, make_window, db)
    window.beheer.setCurrentWidget(window.beheer.bewaartermijnen)
    page = window.beheer.bewaartermijnen
    page.check()
    wait_for_operations(qtbot, window)
    message_boxes.answers.append("Vernietigen")
    page.destroy_expired()
    wait_for_operations(qtbot, window)
    with db.sessions.begin() as session:
        assert session.get(Inwoner, oud).bsn is not None


# --- instellingen --------------------------------------------------------------------------


def test_change_lock_time(qtbot, make_window, fresh_db):
    db = fresh_db
    window = beheer(qtbot, make_window, db)
    window.beheer.setCurrentWidget(window.beheer.instellingen)
    page = window.beheer.instellingen
    assert page.minuten.value() == 15
    assert window.idle.interval_ms() == 15 * 60_000
    page.minuten.setValue(5)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.saved_label.text() == "Opgeslagen."
    with db.sessions.begin() as session:
        assert vergrendeltijd(session) == 5
    assert window.idle.interval_ms() == 5 * 60_000  # the running session follows at once


def instellingen(qtbot, make_window, db):
    window = beheer(qtbot, make_window, db)
    window.beheer.setCurrentWidget(window.beheer.instellingen)
    return window, window.beheer.instellingen


def test_every_setting_has_a_labelled_spin_box(qtbot, make_window, db):
    _window, page = instellingen(qtbot, make_window, db)
    getallen = {k: g for k, g in INSTELLINGEN.items() if g.eenheid != JA_NEE}
    assert list(page.spins) == list(getallen)
    assert list(page.checks) == [k for k in INSTELLINGEN if k not in getallen]
    for sleutel, getal in getallen.items():
        spin = page.spins[sleutel]
        assert (spin.minimum(), spin.maximum()) == (getal.minimum, getal.maximum)
        assert spin.suffix() == f" {getal.eenheid}"
        assert spin.value() == getal.standaard
        assert spin.isVisible() and not spin.isReadOnly()
        label = next(lbl for lbl in page.findChildren(QLabel) if lbl.buddy() is spin)
        assert label.text().replace("&", "") == getal.label
    assert page.spins[UITSTROOM_ESCALATIE].text() == "6 maanden"
    assert page.spins[STADIUM3_CONTACTEN].text() == "2 per jaar"
    assert page.spins[NVVK_DAGEN].text() == "120 dagen"
    # Each field that can have one has its own mnemonic.
    letters = [lbl.text().split("&")[1][0].lower() for lbl in page.findChildren(QLabel)
               if lbl.buddy() in page.spins.values() and "&" in lbl.text()]  # fmt: skip
    letters += [c.text().split("&")[1][0].lower() for c in page.checks.values()
                if "&" in c.text()]  # fmt: skip
    assert len(letters) == len(set(letters)) >= 6
    assert not page.save_button.isEnabled()  # nothing changed yet


def test_a_yes_no_setting_is_a_tick_box(qtbot, make_window, fresh_db):
    db = fresh_db
    window, page = instellingen(qtbot, make_window, db)
    changes = []
    window.ctx.changes.changed.connect(lambda kind, _id: changes.append(kind))
    check = page.checks[BUDGETBEHEER_ALLEEN_MET_TRAJECT]
    assert check.text().replace("&", "") == "Budgetbeheer alleen binnen een schuldhulptraject"
    assert check.isVisible() and check.isEnabled() and check.isChecked()  # standaard: ja
    assert not page.save_button.isEnabled()
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))
    assert not check.isChecked()
    assert page.changed_settings() == {BUDGETBEHEER_ALLEEN_MET_TRAJECT: 0}
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.saved_label.text() == "Opgeslagen."
    assert changes == ["instellingen"]
    with db.sessions.begin() as session:
        assert alle_instellingen(session)[BUDGETBEHEER_ALLEEN_MET_TRAJECT] == 0
    page.refresh()  # what is stored shows again: unticked
    assert not check.isChecked() and not page.save_button.isEnabled()
    check.setChecked(True)
    page.save()
    with db.sessions.begin() as session:
        assert alle_instellingen(session)[BUDGETBEHEER_ALLEEN_MET_TRAJECT] == 1


def test_change_norms_together(qtbot, make_window, fresh_db):
    db = fresh_db
    window, page = instellingen(qtbot, make_window, db)
    changes = []
    window.ctx.changes.changed.connect(lambda kind, _id: changes.append(kind))
    # Both outflow limits later: stored one by one, the warning at 8 would pass the stored
    # escalation at 6, so the order must not matter.
    page.spins[UITSTROOM_WAARSCHUWING].setValue(8)
    page.spins[UITSTROOM_ESCALATIE].setValue(10)
    page.spins[VOORUITKIJKEN].setValue(14)
    assert page.changed_settings() == {
        UITSTROOM_WAARSCHUWING: 8, UITSTROOM_ESCALATIE: 10, VOORUITKIJKEN: 14,
    }  # fmt: skip
    assert page.save_button.isEnabled()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.saved_label.text() == "Opgeslagen."
    assert not page.save_button.isEnabled()
    assert changes == ["instellingen"]
    with db.sessions.begin() as session:
        stored = alle_instellingen(session)
    assert (stored[UITSTROOM_WAARSCHUWING], stored[UITSTROOM_ESCALATIE]) == (8, 10)
    assert stored[VOORUITKIJKEN] == 14
    assert stored[VERGRENDELTIJD] == 15  # untouched


def test_a_refused_setting_saves_nothing(qtbot, make_window, fresh_db):
    db = fresh_db
    window, page = instellingen(qtbot, make_window, db)
    changes = []
    window.ctx.changes.changed.connect(lambda kind, _id: changes.append(kind))
    page.minuten.setValue(20)
    page.spins[ONTWIKKELING_WAARSCHUWING].setValue(30)  # past the escalation at 24 months
    page.save()
    assert page.error_text(ONTWIKKELING_WAARSCHUWING) == (
        "'Ontwikkeltraject: waarschuwing na' moet korter zijn dan 'Ontwikkeltraject: escalatie na'."
    )
    assert page.error_text(VERGRENDELTIJD) == ""
    assert page.spins[ONTWIKKELING_WAARSCHUWING].hasFocus()
    assert page.saved_label.text() == ""
    assert changes == []
    with db.sessions.begin() as session:
        assert alle_instellingen(session) == {k: g.standaard for k, g in INSTELLINGEN.items()}
    assert window.idle.interval_ms() == 15 * 60_000

    # Correcting the field clears its message; then both are saved.
    page.spins[ONTWIKKELING_WAARSCHUWING].setValue(20)
    assert page.error_text(ONTWIKKELING_WAARSCHUWING) == ""
    page.save()
    with db.sessions.begin() as session:
        stored = alle_instellingen(session)
    assert (stored[VERGRENDELTIJD], stored[ONTWIKKELING_WAARSCHUWING]) == (20, 20)
    assert window.idle.interval_ms() == 20 * 60_000
    assert changes == ["instellingen"]


def test_settings_read_only_without_the_right(qtbot, make_window, db):
    window = make_window(db, actor=db.actor_id)
    page = InstellingenPage(window.ctx)
    qtbot.addWidget(page)
    page.show()
    assert all(spin.isReadOnly() for spin in page.spins.values())
    assert page.checks and not any(check.isEnabled() for check in page.checks.values())
    assert page.save_button.isHidden()


def scale(page) -> dict[int, str]:
    model = page.scale_model
    return {int(model.text(r, 0)): model.text(r, 1) for r in range(model.rowCount())}


def stored_scale(db) -> dict[int, str]:
    with db.sessions.begin() as session:
        return {w.niveau: w.omschrijving for w in werkniveaus(session)}


def test_add_a_work_level(qtbot, make_window, fresh_db, message_boxes):
    db = fresh_db
    _window, page = instellingen(qtbot, make_window, db)
    assert list(scale(page)) == [1, 2, 3, 4, 5]
    assert page.scale_count.text() == "5 niveaus"
    assert not page.edit_button.isEnabled() and not page.delete_button.isEnabled()
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, WerkniveauDialog)
    qtbot.waitExposed(dialog)
    assert dialog.niveau.value() == 6  # the next step up
    assert not dialog.niveau.isReadOnly()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.error_text("omschrijving") == "Beschrijf wat dit werkniveau inhoudt."
    dialog.niveau.setValue(3)  # taken: adding must not silently rename it
    qtbot.keyClicks(dialog.omschrijving, "Leidinggevend werk")
    assert dialog.errors.error_text("omschrijving") == ""  # cleared when edited
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.error_text("niveau").startswith("Werkniveau 3 staat al op de schaal")
    assert stored_scale(db)[3] == "Zelfstandig routinewerk met af en toe ondersteuning"

    dialog.niveau.setValue(6)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == WerkniveauDialog.DialogCode.Accepted
    assert scale(page)[6] == "Leidinggevend werk"
    assert page.current_niveau() == 6  # the new level is selected
    assert page.scale_count.text() == "6 niveaus"
    assert stored_scale(db)[6] == "Leidinggevend werk"
    assert message_boxes.texts == []


def test_rename_a_work_level(qtbot, make_window, fresh_db):
    db = fresh_db
    window, page = instellingen(qtbot, make_window, db)
    changes = []
    window.ctx.changes.changed.connect(lambda kind, item: changes.append((kind, item)))
    page.select_niveau(2)
    assert page.edit_button.isEnabled()
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.waitExposed(dialog)
    assert dialog.niveau.value() == 2 and dialog.niveau.isReadOnly()
    assert dialog.omschrijving.text() == "Routinetaken met regelmatige aansturing"
    dialog.omschrijving.setText("  ")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.error_text("omschrijving") == "Beschrijf wat dit werkniveau inhoudt."
    dialog.omschrijving.setText("Routinewerk met vaste aansturing")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == WerkniveauDialog.DialogCode.Accepted
    assert scale(page)[2] == "Routinewerk met vaste aansturing"
    assert page.current_niveau() == 2
    assert stored_scale(db)[2] == "Routinewerk met vaste aansturing"
    assert changes == [("werkniveau", 2)]


def test_deleting_a_level_in_use_is_refused(qtbot, make_window, fresh_db, message_boxes):
    db = fresh_db
    inwoner_id = db.add("Mila", "Bakker")
    with db.sessions.begin() as session:
        meet_werkniveau(
            session, actor=session.get(Medewerker, db.actor_id), inwoner_id=inwoner_id,
            gegevens=WerkniveauGegevens(datum=date.today(), niveau=4, bewijs=Bewijs.OBSERVATIE,
                                        bewijs_omschrijving="Werkt zelfstandig in de kantine"),
        )  # fmt: skip
    _window, page = instellingen(qtbot, make_window, db)
    page.select_niveau(4)

    message_boxes.answers.append("Annuleren")
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert message_boxes.texts[-1] == (
        "Werkniveau 4 (Zelfstandig werk met eigen verantwoordelijkheid binnen een team) van de "
        "schaal verwijderen?"
    )
    assert len(message_boxes.texts) == 1  # cancelled: not even tried

    message_boxes.answers.append("Verwijderen")
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert message_boxes.texts[-1].startswith(
        "Werkniveau 4 wordt gebruikt in 1 plan(nen) of meting(en) en kan niet worden verwijderd"
    )
    assert 4 in scale(page) and 4 in stored_scale(db)
    assert page.current_niveau() == 4


def test_delete_an_unused_level(qtbot, make_window, fresh_db, message_boxes):
    db = fresh_db
    _window, page = instellingen(qtbot, make_window, db)
    page.select_niveau(5)
    message_boxes.answers.append("Verwijderen")
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert len(message_boxes.texts) == 1  # only the question
    assert list(scale(page)) == [1, 2, 3, 4]
    assert page.scale_count.text() == "4 niveaus"
    assert 5 not in stored_scale(db)
    assert not page.delete_button.isEnabled()  # nothing selected any more


def test_jobcoach_does_not_see_the_scale_editor(qtbot, make_window, db):
    window = make_window(db, actor=db.actor_id)
    assert window.beheer is None  # no Beheer section at all
    page = InstellingenPage(window.ctx)  # and the page itself keeps the editor hidden
    qtbot.addWidget(page)
    page.show()
    assert page.scale_box.isHidden()
    assert not page.add_button.isEnabled() and page.add_niveau() is None
    assert page.scale_model.rowCount() == 0


# --- loonreferenties -----------------------------------------------------------------------


def loonreferenties(qtbot, make_window, db):
    window = beheer(qtbot, make_window, db)
    window.beheer.setCurrentWidget(window.beheer.loonreferenties)
    changes = []
    window.ctx.changes.changed.connect(lambda kind, _id: changes.append(kind))
    return window, window.beheer.loonreferenties, changes


def test_add_a_minimum_wage(qtbot, make_window, fresh_db):
    db = fresh_db
    window, page, changes = loonreferenties(qtbot, make_window, db)
    assert window.beheer.currentWidget() is page
    rijen = page.wml_model.rowCount()
    page.wml_datum.setText("1-1-2030")
    page.wml_bedrag.setText("16,05")
    qtbot.mouseClick(page.wml_button, Qt.MouseButton.LeftButton)
    assert page.saved_label.text() == "Opgeslagen."
    assert changes == ["instellingen"]
    assert page.wml_model.rowCount() == rijen + 1
    assert [page.wml_model.text(0, c) for c in range(2)] == ["01-01-2030", "€ 16,05"]
    with db.sessions.begin() as session:
        assert session.get(Minimumloon, date(2030, 1, 1)).uurloon == Decimal("16.05")


def test_a_refused_minimum_wage_saves_nothing(qtbot, make_window, fresh_db):
    db = fresh_db
    _window, page, changes = loonreferenties(qtbot, make_window, db)
    rijen = page.wml_model.rowCount()
    page.wml_datum.setText("1-1-2030")
    page.wml_bedrag.setText("veel")
    assert not page.add_minimumloon()
    assert page.wml_errors.error_text("uurloon").startswith("Vul het bruto minimumuurloon")
    assert page.wml_errors.error_text("geldig_van") == ""
    assert page.saved_label.text() == "" and changes == []
    assert page.wml_model.rowCount() == rijen
    with db.sessions.begin() as session:
        assert session.get(Minimumloon, date(2030, 1, 1)) is None
    page.wml_datum.setText("")
    page.wml_bedrag.setText("16,05")
    assert not page.add_minimumloon()
    assert page.wml_errors.error_text("geldig_van") and not page.wml_errors.error_text("uurloon")


def test_change_a_municipalitys_remeasurement_interval(qtbot, make_window, fresh_db):
    db = fresh_db
    _window, page, changes = loonreferenties(qtbot, make_window, db)
    naam = page.termijn_gemeente.itemText(1)
    page.termijn_gemeente.setCurrentIndex(1)
    assert page.termijn_maanden.value() == 12
    page.termijn_maanden.setValue(6)
    assert page.save_termijn()
    assert changes == ["instellingen"]
    rij = next(r for r in range(page.termijn_model.rowCount())
               if page.termijn_model.text(r, 0) == naam)  # fmt: skip
    assert page.termijn_model.text(rij, 1) == "6 maanden"
    assert page.termijn_gemeente.currentText() == naam
    with db.sessions.begin() as session:
        gemeente = session.scalar(select(Gemeente).where(Gemeente.naam == naam,
                                                         Gemeente.opvolger_id.is_(None)))  # fmt: skip
        assert gemeente.herbeoordeling_maanden == 6


def test_youth_percentage_and_werkgeverslasten(qtbot, make_window, fresh_db):
    db = fresh_db
    _window, page, _changes = loonreferenties(qtbot, make_window, db)
    page.jeugd_datum.setText("1-1-2030")
    page.jeugd_leeftijd.setValue(18)
    page.jeugd_percentage.setText("150")
    assert not page.save_jeugd()
    assert page.jeugd_errors.error_text("percentage")
    page.jeugd_percentage.setText("70")
    assert page.save_jeugd()
    assert [page.jeugd_model.text(0, c) for c in range(3)] == ["18", "70 %", "01-01-2030"]
    page.lasten_datum.setText("1-1-2030")
    page.lasten_percentage.setText("24,5")
    assert page.add_werkgeverslasten()
    assert page.lasten_model.text(0, 1) == "24,5 %"


def test_jobcoach_has_no_loonreferenties(qtbot, make_window, db):
    window = make_window(db, actor=db.actor_id)
    assert window.beheer is None or window.beheer.loonreferenties is None


# --- KPI-doelen ----------------------------------------------------------------------------


def kpi_doelen(qtbot, make_window, db):
    window = beheer(qtbot, make_window, db)
    page = window.beheer.kpi_doelen
    assert page is not None
    window.beheer.setCurrentWidget(page)
    page.jaar.setValue(2026)
    changes = []
    window.ctx.changes.changed.connect(lambda kind, _id: changes.append(kind))
    return window, page, changes


def test_set_two_kpi_targets(qtbot, make_window, fresh_db):
    db = fresh_db
    window, page, changes = kpi_doelen(qtbot, make_window, db)
    assert "&KPI-doelen" in window.beheer.titles()
    assert list(page.edits) == [k.code for k in KPIS]  # the debt KPIs too
    assert page.doel_header.text() == "Doel 2026"
    assert {edit.text() for edit in page.edits.values()} == {""}  # no targets yet
    bronnen = {label.text() for label in page.findChildren(QLabel)}
    assert {"Avres 2026: 100 %", "Avres 2026: 325"} <= bronnen  # the sources' targets
    assert not page.save_button.isEnabled()

    qtbot.keyClicks(page.edits["K01"], "62,5")
    qtbot.keyClicks(page.edits["K05"], "325")
    assert page.changed_targets() == {"K01": "62,5", "K05": "325"}
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.saved_label.text() == "Opgeslagen."
    assert changes == ["instellingen"]
    assert (page.edits["K01"].text(), page.edits["K05"].text()) == ("62,5", "325")
    assert not page.save_button.isEnabled()
    with db.sessions.begin() as session:
        assert doelen(session, 2026) == {"K01": Decimal("62.5"), "K05": Decimal("325")}
        assert doelen(session, 2027) == {}

    # Another year has its own targets; emptying a field removes one (Enter saves).
    page.jaar.setValue(2027)
    assert page.doel_header.text() == "Doel 2027" and page.edits["K01"].text() == ""
    page.jaar.setValue(2026)
    assert page.edits["K01"].text() == "62,5"
    page.edits["K05"].clear()
    qtbot.keyClick(page.edits["K05"], Qt.Key.Key_Return)
    assert changes == ["instellingen", "instellingen"]
    with db.sessions.begin() as session:
        assert doelen(session, 2026) == {"K01": Decimal("62.5")}


def test_a_refused_kpi_target_saves_nothing(qtbot, make_window, fresh_db):
    db = fresh_db
    _window, page, changes = kpi_doelen(qtbot, make_window, db)
    qtbot.keyClicks(page.edits["K01"], "120")  # a percentage
    qtbot.keyClicks(page.edits["K02"], "abc")
    qtbot.keyClicks(page.edits["K05"], "325")  # fine, but saved only with the others
    assert not page.save()
    assert page.error_text("K01") == "Een doel voor K01 ligt tussen 0 en 100 %."
    assert page.error_text("K02") == (
        "'abc' is geen getal. Typ bijvoorbeeld 62,5, of laat het veld leeg voor geen doel."
    )
    assert page.error_text("K05") == ""
    assert page.edits["K01"].hasFocus()
    assert page.edits["K01"].text() == "120"  # kept, to correct
    assert page.saved_label.text() == "" and changes == []
    with db.sessions.begin() as session:
        assert doelen(session, 2026) == {}

    page.edits["K01"].selectAll()
    qtbot.keyClicks(page.edits["K01"], "100")
    assert page.error_text("K01") == "" and page.error_text("K02")  # cleared when edited
    page.edits["K02"].selectAll()
    qtbot.keyClicks(page.edits["K02"], "20")
    assert page.save()
    assert page.error_text("K02") == "" and changes == ["instellingen"]
    with db.sessions.begin() as session:
        assert doelen(session, 2026) == {"K01": 100, "K02": 20, "K05": 325}


def test_changing_the_year_asks_before_dropping_changes(
    qtbot, make_window, fresh_db, message_boxes
):
    db = fresh_db
    _window, page, _changes = kpi_doelen(qtbot, make_window, db)
    qtbot.keyClicks(page.edits["K07"], "90")
    page.jaar.setValue(2027)  # answered with Escape: stay on 2026
    assert message_boxes.shown[-1][0] == "Doelen niet opgeslagen"
    assert page.jaar.value() == 2026 and page.edits["K07"].text() == "90"
    message_boxes.answers = ["Weggooien"]
    page.jaar.setValue(2027)
    assert page.jaar.value() == 2027 and page.doel_header.text() == "Doel 2027"
    assert page.edits["K07"].text() == "" and not page.save_button.isEnabled()
    with db.sessions.begin() as session:
        assert doelen(session, 2026) == {}


def test_teamleider_has_no_kpi_targets(qtbot, make_window, db):
    window = beheer(qtbot, make_window, db, actor=db.teamleider_id)
    assert window.beheer.kpi_doelen is None
    assert "&KPI-doelen" not in window.beheer.titles()


def test_beheer_tab_letters_are_not_used_on_a_page(qtbot, make_window, db):
    window = beheer(qtbot, make_window, db)
    titles = window.beheer.titles()
    tabs = {t[t.index("&") + 1].upper() for t in titles}
    assert len(tabs) == len(titles)
    menus = {a.text()[a.text().index("&") + 1].upper() for a in window.menuBar().actions()}
    for index in range(window.beheer.count()):
        page = window.beheer.widget(index)
        assert not mnemonics_of(page) & (tabs | menus), titles[index]


# --- schuldhulptermijnen -------------------------------------------------------------------


def schuldhulptermijnen(qtbot, make_window, db, actor=None):
    window = beheer(qtbot, make_window, db, actor=actor)
    page = window.beheer.schuldhulptermijnen
    assert page is not None
    window.beheer.setCurrentWidget(page)
    changes = []
    window.ctx.changes.changed.connect(lambda kind, _id: changes.append(kind))
    return window, page, changes


def test_add_a_decree_day(qtbot, make_window, fresh_db):
    db = fresh_db
    window, page, changes = schuldhulptermijnen(qtbot, make_window, db)
    assert "Schuldhul&ptermijnen" in window.beheer.titles()
    rijen = page.dagen_model.rowCount()
    assert rijen > 0  # the decrees Koers ships with
    assert [page.dagen_model.text(0, c) for c in range(2)] == [
        "28-04-2023",
        "Vrijdag na Koningsdag",
    ]
    page.dag_datum.setText("11-5-2029")  # the Friday after Ascension Day 2029
    page.dag_omschrijving.setText("Vrijdag na Hemelvaartsdag")
    qtbot.mouseClick(page.dag_button, Qt.MouseButton.LeftButton)
    assert page.saved_label.text() == "Opgeslagen."
    assert changes == ["instellingen"]
    assert page.dagen_model.rowCount() == rijen + 1
    assert [page.dagen_model.text(rijen, c) for c in range(2)] == [
        "11-05-2029", "Vrijdag na Hemelvaartsdag",
    ]  # fmt: skip
    assert page.dag_datum.text() == "" and page.dag_omschrijving.text() == ""
    with db.sessions.begin() as session:
        dag = gelijkgestelde_dagen(session)[-1]
        assert (dag.datum, dag.omschrijving) == (date(2029, 5, 11), "Vrijdag na Hemelvaartsdag")


def test_a_refused_decree_day_saves_nothing(qtbot, make_window, fresh_db):
    db = fresh_db
    _window, page, changes = schuldhulptermijnen(qtbot, make_window, db)
    with db.sessions.begin() as session:
        voor = [(d.datum, d.omschrijving) for d in gelijkgestelde_dagen(session)]
    rijen = page.dagen_model.rowCount()
    page.dag_datum.setText("8-5-2027")  # a Saturday
    assert not page.add_dag()
    assert page.dagen_errors.error_text("datum") == (
        "08-05-2027 valt in het weekend en telt al niet als werkdag."
    )
    assert page.dagen_errors.error_text("omschrijving").startswith("Beschrijf de dag")
    assert page.dag_datum.hasFocus()
    assert page.saved_label.text() == "" and changes == []
    assert page.dagen_model.rowCount() == rijen
    page.dag_datum.setText("31-02-2027")
    page.dag_omschrijving.setText("Geen dag")
    assert not page.add_dag()
    assert page.dagen_errors.error_text("datum") == (
        "'31-02-2027' is geen geldige datum; gebruik dd-mm-jjjj."
    )
    page.dag_datum.setText("27-4-2027")  # Koningsdag: already a feestdag
    assert not page.add_dag()
    assert page.dagen_errors.error_text("datum").endswith("is al een algemeen erkende feestdag.")
    assert page.dagen_errors.error_text("omschrijving") == ""
    page.dag_datum.setText("7-5-2027")
    assert not page.add_dag()
    assert page.dagen_errors.error_text("datum") == "07-05-2027 staat er al in."
    with db.sessions.begin() as session:
        assert [(d.datum, d.omschrijving) for d in gelijkgestelde_dagen(session)] == voor
    assert page.dagen_model.rowCount() == rijen
    assert changes == []


def test_change_a_municipalitys_beschikkingstermijn(qtbot, make_window, fresh_db):
    db = fresh_db
    _window, page, changes = schuldhulptermijnen(qtbot, make_window, db)
    naam = page.termijn_gemeente.itemText(1)
    page.termijn_gemeente.setCurrentIndex(1)
    assert page.termijn_weken.value() == 8
    assert page.termijn_model.text(1, 1) == "8 weken"
    page.termijn_weken.setValue(10)
    assert page.save_termijn()
    assert changes == ["instellingen"]
    rij = next(r for r in range(page.termijn_model.rowCount())
               if page.termijn_model.text(r, 0) == naam)  # fmt: skip
    assert page.termijn_model.text(rij, 1) == "10 weken"
    assert page.termijn_gemeente.currentText() == naam
    with db.sessions.begin() as session:
        gemeente = session.scalar(select(Gemeente).where(Gemeente.naam == naam,
                                                         Gemeente.opvolger_id.is_(None)))  # fmt: skip
        assert gemeente.beschikking_weken == 10


def test_a_refused_beschikkingstermijn_shows_its_message(qtbot, make_window, fresh_db):
    db = fresh_db
    _window, page, changes = schuldhulptermijnen(qtbot, make_window, db)
    # The spin box keeps to 1–26 weeks; a value the service refuses all the same (another
    # computer with other limits, say) shows its message next to the field.
    page.termijn_weken.setMaximum(52)
    page.termijn_weken.setValue(30)
    assert not page.save_termijn()
    assert page.termijn_errors.error_text("weken") == (
        "Kies een beschikkingstermijn van 1 tot 26 weken."
    )
    assert page.saved_label.text() == "" and changes == []
    with db.sessions.begin() as session:
        assert {g.beschikking_weken for g in session.scalars(select(Gemeente))} == {8}
    page.termijn_weken.setValue(12)
    assert page.termijn_errors.error_text("weken") == ""  # cleared when changed


def test_debt_team_lead_sees_schuldhulptermijnen_read_only(qtbot, make_window, db):
    window, page, _changes = schuldhulptermijnen(qtbot, make_window, db, actor=db.sdv_teamleider_id)
    assert window.beheer.titles() == ["Schuldhul&ptermijnen", "&Audittrail"]
    assert page.termijn_model.rowCount() > 0
    assert page.dagen_invoer.isHidden() and page.dag_button.isHidden()
    assert page.termijn_invoer.isHidden() and page.termijn_button.isHidden()
    assert not page.add_dag() and not page.save_termijn()


# --- audittrail ----------------------------------------------------------------------------


def test_audit_table_shows_records(qtbot, make_window, db):
    inwoner_id = db.add("Lotte", "Meijer")
    coach = make_window(db)
    coach.open_dossier(inwoner_id)
    window = beheer(qtbot, make_window, db)
    window.beheer.setCurrentWidget(window.beheer.audit)
    page = window.beheer.audit

    page.van.setText("31-02-2024")
    qtbot.mouseClick(page.search_button, Qt.MouseButton.LeftButton)
    assert page.error_text("van") == "'31-02-2024' is geen geldige datum; gebruik dd-mm-jjjj."

    page.van.clear()
    page.bsn.setText(db.bsn_of(inwoner_id))
    page.gebruikersnaam.setText("testcoach")
    qtbot.keyClick(page.gebruikersnaam, Qt.Key.Key_Return)
    wait_for_operations(qtbot, window)
    acties = [page.model.text(r, 2) for r in range(page.model.rowCount())]
    assert acties == ["Dossier geopend", "Aangemaakt"]  # newest first
    assert {page.model.text(r, 1) for r in range(page.model.rowCount())} == {"testcoach"}
    assert page.count.text() == "2 auditregels, nieuwste eerst."
    assert "voornamen: – → Lotte" in page.model.text(1, 4)

    page.bsn.setText("123456782")  # valid, but nobody has it
    page.search()
    wait_for_operations(qtbot, window)
    assert page.error_text("bsn") == "Er staat geen inwoner met BSN 123456782 in Koers."


def test_teamleider_sees_only_the_audit_trail(qtbot, make_window, db):
    window = beheer(qtbot, make_window, db, actor=db.teamleider_id)
    assert window.beheer.titles() == ["&Audittrail"]
    assert window.beheer.medewerkers is None and window.beheer.bewaartermijnen is None
    page = window.beheer.audit
    page.gebruikersnaam.setText("bvisser")  # another team: nothing to see
    page.search()
    wait_for_operations(qtbot, window)
    assert page.model.rowCount() == 0
    assert page.count.text() == "Geen auditregels gevonden."
    page.gebruikersnaam.setText("testcoach")
    page.search()
    wait_for_operations(qtbot, window)
    assert page.model.rowCount() > 0
