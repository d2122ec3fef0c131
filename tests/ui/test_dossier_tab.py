"""DossierTab, the base of the dossier's tabs, on its own: loading when first shown, which
changes make it reload, the dialogs it keeps, and the bookkeeping of a print."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QLabel

from app.services.errors import DomainError, NotFoundError
from app.ui import signals
from app.ui.dossier_tab import DossierTab, PrintTexts
from app.ui.signals import ChangeBus


class FakeOperations:
    """Records the work it is given instead of running it."""

    def __init__(self) -> None:
        self.jobs: list[dict] = []

    def run(self, work, **kwargs) -> int:
        self.jobs.append({"work": work, **kwargs})
        return len(self.jobs)


class ProbeTab(DossierTab):
    RELOAD_ON = (signals.TRAJECT, signals.INWONER)

    def __init__(self, ctx, inwoner_id: uuid.UUID) -> None:
        super().__init__(ctx, inwoner_id)
        self.loads: list[dict] = []
        self.refusal: DomainError | None = None
        self.modified = False
        self.busy_changes = 0
        self.status_label = QLabel(self)

    def load(self, **options) -> None:
        self.loads.append(options)
        if self.refusal is not None:
            raise self.refusal
        self.loaded = True

    def is_modified(self) -> bool:
        return self.modified

    def _print_busy_changed(self) -> None:
        self.busy_changes += 1


@pytest.fixture
def tab(qtbot) -> ProbeTab:
    ctx = SimpleNamespace(changes=ChangeBus(), operations=FakeOperations())
    tab = ProbeTab(ctx, uuid.uuid4())
    ctx.changes.setParent(tab)
    qtbot.addWidget(tab)
    return tab


def show(qtbot, tab: ProbeTab) -> None:
    with qtbot.waitExposed(tab):
        tab.show()


def test_a_subclass_must_define_load():
    with pytest.raises(TypeError, match="load"):
        type("GeenLoad", (DossierTab,), {})


def test_it_loads_when_first_shown_and_not_again(qtbot, tab):
    assert tab.loads == [] and not tab.loaded
    show(qtbot, tab)
    tab.hide()
    show(qtbot, tab)
    assert tab.loads == [{}] and tab.loaded


def test_a_refusal_on_the_first_show_becomes_a_message(qtbot, tab, message_boxes):
    tab.refusal = DomainError("U mag dit dossier niet inzien.")
    show(qtbot, tab)
    assert not tab.loaded
    assert message_boxes.texts == ["U mag dit dossier niet inzien."]


def test_it_reloads_on_other_views_changes_of_its_inwoner_only(qtbot, tab):
    bus = tab._ctx.changes
    bus.notify(signals.TRAJECT, tab.inwoner_id)
    assert tab.loads == []  # not loaded yet: the first show reads it
    show(qtbot, tab)
    bus.notify(signals.TRAJECT, uuid.uuid4())  # someone else
    bus.notify(signals.SCHULDHULP, tab.inwoner_id)  # a kind it does not show
    assert tab.loads == [{}]
    bus.notify(signals.INWONER, tab.inwoner_id)
    assert tab.loads == [{}, {}]
    tab.modified = True  # unsaved edits are not reloaded over
    bus.notify(signals.TRAJECT, tab.inwoner_id)
    assert tab.loads == [{}, {}]


def test_its_own_notification_reaches_the_others_but_not_itself(qtbot, tab):
    show(qtbot, tab)
    heard: list[tuple[str, object]] = []
    tab._ctx.changes.changed.connect(lambda kind, item_id: heard.append((kind, item_id)))
    tab._notify(signals.TRAJECT, signals.ONTWIKKELPLAN)
    assert heard == [(signals.TRAJECT, tab.inwoner_id), (signals.ONTWIKKELPLAN, tab.inwoner_id)]
    assert tab.loads == [{}] and not tab._notifying


def test_a_quiet_reload_passes_over_a_gone_inwoner_and_shows_other_refusals(
    qtbot, tab, message_boxes
):
    show(qtbot, tab)
    tab.refusal = NotFoundError("Deze inwoner")
    tab._reload_quietly()
    assert message_boxes.texts == []
    tab.refusal = DomainError("Geen toegang meer.")
    tab._reload_quietly()
    assert message_boxes.texts == ["Geen toegang meer."]


def test_a_button_calls_its_slot_without_arguments(qtbot, tab):
    calls = []
    button = tab._button("&Doe iets", lambda wat="standaard": calls.append(wat), "Uitleg")
    button.setParent(tab)
    button.click()
    assert calls == ["standaard"]
    assert not button.autoDefault() and button.toolTip() == "Uitleg"


def test_a_dialog_runs_done_or_reloads_and_only_the_last_is_kept(qtbot, tab):
    show(qtbot, tab)
    done = []
    first = tab._open(QDialog(tab), lambda: done.append(True))
    assert tab.last_dialog is first and first.isVisible()
    first.accept()
    assert done == [True] and tab.loads == [{}]
    second = tab._open(QDialog(tab), lambda: done.append(True))
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(first)  # the closed one before the last is gone
    second.reject()
    assert done == [True] and tab.loads == [{}, {}]
    third = tab._keep_last_dialog(QDialog(tab))
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert tab.last_dialog is third and not shiboken6.isValid(second)


TEXTS = PrintTexts(
    busy="Afdrukken…",
    not_saved="Niet opgeslagen als {pad}: {fout}",
    done_title="Afgedrukt",
    done_text="Opgeslagen als:\n{pad}",
)


def test_a_print_is_written_when_it_comes_back(qtbot, tab, tmp_path, monkeypatch, message_boxes):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url))
    path = tmp_path / "plan.pdf"
    token = tab._print(lambda session, actor: b"%PDF", path, TEXTS)
    job = tab._ctx.operations.jobs[0]
    assert tab.print_token == token and job["progress_text"] == "Afdrukken…"
    assert job["owner"] is tab and tab.busy_changes == 1
    message_boxes.answers = ["Openen"]
    job["on_done"](b"%PDF-1.7")
    assert path.read_bytes() == b"%PDF-1.7" and tab.last_print == path
    assert tab.print_token is None and tab.busy_changes == 2
    assert tab.status_label.text() == f"Opgeslagen als {path}"
    assert message_boxes.shown == [("Afgedrukt", f"Opgeslagen als:\n{path}")]
    assert [url.toLocalFile() for url in opened] == [str(path)]


def test_a_print_that_fails_or_cannot_be_written_ends_the_busy_state(
    qtbot, tab, tmp_path, message_boxes
):
    tab._print(lambda session, actor: b"", tmp_path / "a.pdf", TEXTS)
    tab._ctx.operations.jobs[0]["on_error"](DomainError("Het plan bestaat niet meer."))
    assert tab.print_token is None and tab.last_print is None
    assert message_boxes.texts == ["Het plan bestaat niet meer."]
    unwritable = tmp_path / "geen-map" / "b.pdf"
    tab._print(lambda session, actor: b"", unwritable, TEXTS)
    tab._ctx.operations.jobs[1]["on_done"](b"%PDF")
    assert tab.print_token is None and tab.last_print is None and tab.busy_changes == 4
    assert message_boxes.texts[1].startswith(f"Niet opgeslagen als {unwritable}: ")


def test_a_pdf_name_gets_its_extension(tab, tmp_path, monkeypatch):
    from app.ui import files

    answers = [tmp_path / "plan", tmp_path / "plan.PDF", None]
    monkeypatch.setattr(files, "choose_save_file", lambda *args: answers.pop(0))
    assert tab._choose_pdf("Opslaan", "plan.pdf") == tmp_path / "plan.pdf"
    assert tab._choose_pdf("Opslaan", "plan.pdf") == tmp_path / "plan.PDF"
    assert tab._choose_pdf("Opslaan", "plan.pdf") is None
