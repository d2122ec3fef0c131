"""Printing the plans of a caseload from the GUI: one PDF per plan, off the GUI thread, with
a progress dialog whose cancel leaves no half-written file."""

from __future__ import annotations

import shutil
import subprocess
import threading
import uuid
from datetime import date

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QPushButton

from app.models import Intensiteit, Medewerker, Partij, PlanType, Setting
from app.services import ontwikkelplannen as svc
from app.services.printing import iop as printing_iop
from app.ui import files, iop_batch
from app.ui.iop_batch import CaseloadPrintDialog, caseload_print_action
from tests.ui.test_iop_tab import make_ctx

TODAY = date.today()


def gegevens(naam: str) -> svc.PlanGegevens:
    return svc.PlanGegevens(
        ontwikkelpotentieel=f"Potentieel van {naam}",
        doelen=[svc.DoelGegevens(f"Doel van {naam}", streefdatum=date(2027, 1, 1))],
        afspraken=[svc.AfspraakGegevens("Komt naar gesprekken", Partij.INWONER, True)],
        regime=svc.RegimeGegevens("Jobcoach", Intensiteit.DAGELIJKS, "dagelijks",
                                  Setting.INTERN),
    )  # fmt: skip


def caseload(db, namen: list[tuple[str, str]], *, zonder_plan: int = 0) -> list[uuid.UUID]:
    """Inwoners on jdevries' caseload with a plan each (every other one vastgesteld), plus
    some without a plan."""
    ids = []
    for n, (voornaam, achternaam) in enumerate(namen):
        inwoner_id = db.add(voornaam, achternaam, regievoerder_id=db.coach_id)
        with db.sessions.begin() as session:
            actor = session.get(Medewerker, db.actor_id)
            plan = svc.nieuw_plan(session, actor=actor, inwoner_id=inwoner_id, type=PlanType.IOP)
            plan = svc.wijzig_concept(session, actor=actor, plan_id=plan.id, versie=plan.versie,
                                      gegevens=gegevens(voornaam))  # fmt: skip
            if n % 2:
                svc.vaststellen(session, actor=actor, plan_id=plan.id, versie=plan.versie,
                                ondertekend_inwoner_op=TODAY, ondertekend_coach_op=TODAY)  # fmt: skip
        ids.append(inwoner_id)
    for n in range(zonder_plan):
        db.add(f"Zonder{n}", "Plan", regievoerder_id=db.coach_id)
    return ids


@pytest.fixture
def dialog(qtbot, fresh_db):
    ctx = make_ctx(fresh_db)
    dialog = CaseloadPrintDialog(ctx)
    ctx.operations.setParent(dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    QThreadPool.globalInstance().waitForDone()
    QApplication.processEvents()


def pdf_files(directory) -> list:
    return sorted(p for p in directory.iterdir() if p.suffix == ".pdf")


def test_batch_prints_one_pdf_per_plan(qtbot, fresh_db, dialog, tmp_path, monkeypatch):
    namen = [("Anna", "Jansen"), ("Łukasz", "Şahin-Öztürk"), ("Noor", "el Amrani"),
             ("Kees", "Bakker")]  # fmt: skip
    caseload(fresh_db, namen, zonder_plan=1)
    target = tmp_path / "caseload"
    monkeypatch.setattr(files, "choose_directory", lambda parent, title, start: target)

    assert dialog.medewerker.currentData() == "testcoach"  # the signed-in medewerker first
    dialog.start_button.click()  # no folder yet
    assert dialog.errors.error_text("map") == "Kies de map waarin de PDF's komen."
    assert dialog.token is None

    dialog.browse_button.click()
    assert dialog.folder.text() == str(target)
    dialog.medewerker.setCurrentIndex(dialog.medewerker.findData("jdevries"))
    assert dialog.medewerker.currentText() == "Jolanda de Vries (jdevries)"
    dialog.start_button.click()
    assert dialog.is_running() and not dialog.start_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)

    written = pdf_files(target)
    assert len(written) == 4
    assert dialog.result_label.text() == (
        f"4 plannen afgedrukt in {target}. 1 inwoner zonder plan is overgeslagen."
    )
    assert dialog.start_button.isEnabled()
    assert not [p for p in target.iterdir() if p.suffix != ".pdf"]
    if shutil.which("pdftotext"):
        texts = [subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True,
                                check=True).stdout for p in written]  # fmt: skip
        for voornaam, achternaam in namen:
            assert sum(f"{voornaam} {achternaam}" in text for text in texts) == 1


def test_cancel_stops_the_batch_and_leaves_no_partial_file(
    qtbot, fresh_db, dialog, tmp_path, monkeypatch
):
    caseload(fresh_db, [(f"Inwoner{n}", "Batch") for n in range(6)])
    target = tmp_path / "afgebroken"
    started = threading.Semaphore(0)
    release = threading.Event()
    real_render = printing_iop.render_iop
    calls = []

    def slow_render(document):
        calls.append(document.inwoner)
        if len(calls) >= 3:  # the third plan waits until the test has cancelled
            started.release()
            release.wait(10)
        return real_render(document)

    # Where print_plan takes it from when it prints (imported then, not at start-up).
    monkeypatch.setattr(printing_iop, "render_iop", slow_render)
    dialog.folder.setText(str(target))
    dialog.medewerker.setCurrentIndex(dialog.medewerker.findData("jdevries"))
    token = dialog.start()
    assert token is not None

    ops = dialog._ctx.operations
    qtbot.waitUntil(lambda: ops.progress_dialog(token) is not None, timeout=10_000)
    progress = ops.progress_dialog(token)
    qtbot.waitUntil(lambda: progress.labelText() == "Plan 2 van 6 afgedrukt…", timeout=5000)
    assert (progress.value(), progress.maximum()) == (2, 6)
    [cancel_button] = progress.findChildren(QPushButton)
    assert cancel_button.text() == "Annuleren"
    cancel_button.click()
    # The worker is told to stop while it is still printing the third plan.
    qtbot.waitUntil(dialog.state.cancel.is_set, timeout=2000)
    release.set()
    qtbot.waitUntil(lambda: "Afgebroken" in dialog.result_label.text(), timeout=10_000)

    written = pdf_files(target)
    assert len(written) == 3  # the plan being printed was finished, the rest not started
    assert len(calls) == 3
    assert dialog.result is None and dialog.cancelled
    assert dialog.result_label.text() == (
        f"Afgebroken. 3 van de 6 plannen waren al opgeslagen in {target}; een half "
        "geschreven bestand blijft niet achter."
    )
    leftovers = [p.name for p in target.iterdir() if p.suffix != ".pdf"]
    assert leftovers == []
    for path in written:
        data = path.read_bytes()
        assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert dialog.start_button.isEnabled()


def test_an_empty_caseload_is_refused_with_a_message(qtbot, fresh_db, dialog, tmp_path,
                                                     message_boxes):  # fmt: skip
    dialog.folder.setText(str(tmp_path / "leeg"))
    dialog.medewerker.setCurrentIndex(dialog.medewerker.findData("bvisser"))
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10_000)
    assert message_boxes.texts == [
        "Er staan geen inwoners binnen uw bereik op de caseload van 'bvisser'."
    ]
    assert dialog.start_button.isEnabled()


def test_the_menu_action_opens_the_dialog_for_readers_only(qtbot, fresh_db):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    action = caseload_print_action(make_ctx(fresh_db), parent)
    assert action.text() == "Plannen van caseload af&drukken…"
    assert action.isEnabled() and action.isVisible()
    action.trigger()
    dialog = parent.findChild(iop_batch.CaseloadPrintDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()

    klantmanager = caseload_print_action(make_ctx(fresh_db, fresh_db.klantmanager_id), parent)
    assert not klantmanager.isEnabled() and not klantmanager.isVisible()
