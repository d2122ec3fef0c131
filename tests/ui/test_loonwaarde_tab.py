"""The Loonwaarde tab: recording a measurement through the dialog (with the live loonwaarde
and the refusal of shares that do not add up to 100 %), the history and chart, the LKS panel,
the printed LKS-overzicht and what a read-only role sees."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, QThreadPool
from PySide6.QtWidgets import QApplication

from app.models import Aanleiding, Loonwaardemeting, Medewerker, Meetmethode
from app.services import loonwaarde as svc
from app.services.demodatabase import DEMO_REGEL
from app.ui import files, loonwaarde_tab, signals
from app.ui.loonwaarde_chart import LoonwaardeChart
from app.ui.loonwaarde_dialogs import MetingDialog
from app.ui.loonwaarde_tab import LoonwaardeTab
from app.ui.widgets import select_data
from tests.ui.test_iop_tab import make_ctx

TODAY = date(2026, 3, 1)


@pytest.fixture
def open_tab(qtbot, db):
    def make(inwoner_id: uuid.UUID, *, actor: uuid.UUID | None = None) -> LoonwaardeTab:
        ctx = make_ctx(db, actor)
        tab = LoonwaardeTab(ctx, inwoner_id, today=lambda: TODAY)
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


def meting(db, inwoner_id, *, datum=date(2025, 6, 1), vastgesteld=None) -> uuid.UUID:
    gegevens = svc.MetingGegevens(
        datum=datum, methode=Meetmethode.DARIUZ, aanleiding=Aanleiding.LKS, meter="Anna Meter",
        meter_organisatie="Dariuz", werkplek="Groenbedrijf De Linde", normfunctie="Hovenier",
        uren_per_week=Decimal(32),
        taken=[svc.TaakGegevens("Snoeien", Decimal(60), Decimal(50), Decimal(50), Decimal(50)),
               svc.TaakGegevens("Vegen", Decimal(40), Decimal(50), Decimal(50), Decimal(50))],
        vastgestelde_loonwaarde=vastgesteld, reden_vastgesteld="Aangepaste werkplek" if vastgesteld else "",
    )  # fmt: skip
    with db.sessions.begin() as session:
        actor = session.get(Medewerker, db.actor_id)
        return svc.leg_meting_vast(session, actor=actor, inwoner_id=inwoner_id,
                                   gegevens=gegevens, today=TODAY).id  # fmt: skip


def count(db, inwoner_id) -> int:
    with db.sessions.begin() as session:
        return session.query(Loonwaardemeting).filter_by(inwoner_id=inwoner_id).count()


def fill(dialog: MetingDialog) -> None:
    dialog.datum.setDate(QDate(2026, 2, 15))
    select_data(dialog.methode, Meetmethode.UNIFORME_METHODE)
    select_data(dialog.aanleiding, Aanleiding.LKS)
    dialog.meter.setText("Anna Meter")
    dialog.meter_organisatie.setText("UWV")
    dialog.werkplek.setText("Groenbedrijf De Linde")
    dialog.normfunctie.setText("Hovenier")
    dialog.uren.setText("32")


def test_recording_a_measurement_through_the_dialog(qtbot, db, open_tab):
    inwoner_id = db.add("Kees", "Meting")
    tab = open_tab(inwoner_id)
    assert tab.model.rowCount() == 0 and tab.empty_label.isVisible()
    assert (
        tab.chart.is_empty() and "Nog geen loonwaardemetingen" in tab.chart.accessibleDescription()
    )
    assert not tab.print_button.isEnabled()
    notified = []
    tab._ctx.changes.changed.connect(lambda kind, item: notified.append((kind, item)))

    dialog = tab.meting_vastleggen()
    assert dialog is not None and dialog.isVisible()
    fill(dialog)
    dialog.set_taak(0, "Snoeien", "60", "50", "60", "70")
    dialog.set_taak(1, "Vegen", "30", "40", "40", "40")
    assert "Aandelen samen: 90 %" in dialog.live.text()
    assert "precies 100 %" in dialog.live.text()

    # Shares that do not add up to 100 % are refused, next to the table, and nothing is stored.
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert "precies 100 %" in dialog.error_text("taken")
    assert count(db, inwoner_id) == 0

    dialog.set_taak(1, "Vegen", "40,0", "40", "40", "40")
    # 60 × 60 % + 40 × 40 % = 52 %
    assert dialog.live.text() == "Aandelen samen: 100 % · berekende loonwaarde: 52 %"
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert count(db, inwoner_id) == 1
    assert notified == [(signals.LOONWAARDE, inwoner_id)]

    assert tab.model.rowCount() == 1
    assert tab.model.text(0, 0) == "15-02-2026"
    assert tab.model.text(0, 1) == "Uniforme methode loonwaardebepaling"
    assert tab.model.text(0, 5) == "52 %"
    assert tab.chart.punten() == [(date(2026, 2, 15), 52)]
    assert tab.lks_loonwaarde.text() == "52" and tab.lks_uren.text() == "32"
    assert tab.print_button.isEnabled()


def test_unparseable_numbers_and_field_errors(qtbot, db, open_tab):
    tab = open_tab(db.add("Ria", "Fout"))
    dialog = tab.meting_vastleggen()
    dialog.set_taak(0, "Snoeien", "veel", "50", "50", "50")
    assert "geen getal" in dialog.live.text()
    dialog.ok_button.click()
    assert "geen getal" in dialog.error_text("taken")
    dialog.set_taak(0, "Snoeien", "100", "50", "50", "50")
    dialog.ok_button.click()
    assert dialog.error_text("methode") and dialog.error_text("meter")
    assert dialog.error_text("uren_per_week")
    assert dialog.isVisible()
    dialog.reject()


def test_history_marks_vastgesteld_and_overdue_and_refreshes_on_signal(qtbot, db, open_tab):
    inwoner_id = db.add("Piet", "Historie")
    meting(db, inwoner_id, datum=date(2024, 1, 10))
    tab = open_tab(inwoner_id)
    assert tab.model.rowCount() == 1
    assert tab.model.text(0, 5) == "50 %"
    assert tab.model.text(0, 6).endswith("— te laat")  # said in words, not by colour only

    meting(db, inwoner_id, datum=date(2026, 2, 1), vastgesteld=40)
    tab._ctx.changes.notify(signals.LOONWAARDE, inwoner_id)
    assert tab.model.rowCount() == 2
    assert tab.model.text(1, 5) == "40 % (vastgesteld; gemeten 50 %)"
    assert "te laat" not in tab.model.text(0, 6)  # only the latest one counts
    assert tab.chart.punten() == [(date(2024, 1, 10), 50), (date(2026, 2, 1), 40)]
    assert len(tab.chart.points()) == 2
    assert tab.lks_loonwaarde.text() == "50"  # the selection is kept on a reload
    tab.table.selectRow(1)
    assert tab.lks_loonwaarde.text() == "40"


def test_lks_panel_updates_as_you_type(qtbot, db, open_tab):
    tab = open_tab(db.add("Lies", "Rekenaar"))
    assert tab.bedrag("totaal") == "—"
    assert "Kies een meting" in tab.lks_fout.text()
    tab.lks_peildatum.setDate(QDate(2026, 3, 1))
    qtbot.keyClicks(tab.lks_loonwaarde, "50")
    qtbot.keyClicks(tab.lks_uren, "32")
    assert tab.bedrag("wml_uur") == "€ 14,71"
    assert tab.bedrag("totaal") == "€ 1.360,33"
    assert tab.bedrag("lks") == "€ 1.101,48"
    assert tab.lks_fout.isHidden()
    qtbot.keyClicks(tab.lks_uren, "0")  # 320 hours
    assert tab.bedrag("totaal") == "—"
    assert "40 uur" in tab.lks_fout.text()
    tab.lks_uren.setText("32")
    qtbot.keyClicks(tab.lks_leeftijd, "18")
    assert tab.bedrag("wml_uur") != "€ 14,71"
    tab.lks_leeftijd.setText("x")
    assert "leeftijd" in tab.lks_fout.text()


def test_printing_the_lks_overzicht(qtbot, db, open_tab, message_boxes, monkeypatch, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    inwoner_id = db.add("Łukasz", "Şahin-Drukker")
    meting(db, inwoner_id)
    tab = open_tab(inwoner_id)
    tab.lks_peildatum.setDate(QDate(2026, 3, 1))
    assert tab.bedrag("totaal") == "€ 1.360,33"
    suggested = []

    def choose(parent, title, suggestion, filter_text):
        suggested.append(suggestion.name)
        return tmp_path / "lks"

    monkeypatch.setattr(files, "choose_save_file", choose)
    monkeypatch.setattr(loonwaarde_tab.QDesktopServices, "openUrl", lambda url: None)
    message_boxes.answers = ["Niet nu"]
    assert tab.afdrukken() is not None
    qtbot.waitUntil(lambda: tab.last_print is not None, timeout=15_000)
    assert tab.last_print == tmp_path / "lks.pdf"
    assert suggested == ["LKS-sahin-drukker-lukasz-2025-06-01.pdf"]
    text = subprocess.run(["pdftotext", str(tab.last_print), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    flat = " ".join(text.split())
    assert "Łukasz Şahin-Drukker" in flat
    assert "1.360,33" in flat
    assert "Groenbedrijf De Linde" in flat and "Hovenier" in flat and "Snoeien" in flat
    assert "VERTROUWELIJK" in flat and "pagina 1 van 1" in flat
    assert "DEMO" not in flat

    # From a demo database (this module's database is none: the mark is faked) it says so.
    monkeypatch.setattr("app.services.lks_afdrukken.is_demo", lambda _session: True)
    tab.last_print = None
    message_boxes.answers = ["Niet nu"]
    assert tab.afdrukken() is not None
    qtbot.waitUntil(lambda: tab.last_print is not None, timeout=15_000)
    text = subprocess.run(["pdftotext", str(tab.last_print), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert DEMO_REGEL in " ".join(text.split())


def test_read_only_role_sees_no_edit_buttons(qtbot, db, open_tab):
    inwoner_id = db.add("Tom", "Alleenlezen")
    meting(db, inwoner_id)
    tab = open_tab(inwoner_id, actor=db.teamleider_id)
    assert not tab.new_button.isVisible()
    assert tab.meting_vastleggen() is None
    assert tab.model.rowCount() == 1
    assert tab.print_button.isVisible()


def test_chart_paints_empty_and_filled(qtbot):
    chart = LoonwaardeChart()
    qtbot.addWidget(chart)
    chart.resize(400, 200)
    chart.grab()
    chart.set_punten([(date(2026, 1, 1), 45), (date(2025, 1, 1), 30)])
    assert chart.punten()[0] == (date(2025, 1, 1), 30)
    chart.grab()
    first, second = chart.points()
    assert first.x() < second.x() and first.y() > second.y()


def test_dossier_has_the_loonwaarde_tab(qtbot, make_window, db):
    inwoner_id = db.add("Dos", "Sier")
    window = make_window(db)
    dossier = window.open_dossier(inwoner_id)
    assert dossier.show_section("loonwaarde")
    assert dossier.tabs.currentWidget() is dossier.loonwaarde
    qtbot.waitUntil(lambda: dossier.loonwaarde.loaded)
