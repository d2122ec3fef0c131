"""The lazy inwoner table model: correct per qtmodeltester, fetches only what is shown."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import Medewerker
from app.services.inwoners import InwonerFilter, search_inwoner_ids
from app.services.text import mask_bsn
from app.ui import inwoner_model
from app.ui.inwoner_model import ID_ROLE, InwonerTableModel


def all_ids(db, **filter_args):
    with db.sessions.begin() as session:
        assert isinstance(session, Session)
        actor = session.get(Medewerker, db.actor_id)
        return search_inwoner_ids(session, actor=actor, filter=InwonerFilter(**filter_args))


def test_model_passes_qtmodeltester(qtmodeltester, db1000):
    model = InwonerTableModel(db1000.sessions, db1000.actor_id)
    model.set_ids(all_ids(db1000)[:300])
    qtmodeltester.check(model, force_py=True)


def test_empty_model_passes_qtmodeltester(qtmodeltester, db1000):
    model = InwonerTableModel(db1000.sessions, db1000.actor_id)
    qtmodeltester.check(model, force_py=True)


def test_rows_are_fetched_in_batches_on_demand(db1000):
    model = InwonerTableModel(db1000.sessions, db1000.actor_id)
    model.set_ids(all_ids(db1000))
    assert model.rowCount() == 1000
    assert model.loaded_row_count() == 0  # nothing fetched before anyone asks

    assert model.data(model.index(0, 0))
    assert model.loaded_row_count() == inwoner_model.BATCH_SIZE
    model.data(model.index(5, 3))
    assert model.fetch_count == 1  # same batch

    model.data(model.index(999, 0))
    assert model.loaded_row_count() == 2 * inwoner_model.BATCH_SIZE
    assert model.fetch_count == 2


def test_cache_is_bounded(db1000, monkeypatch):
    monkeypatch.setattr(inwoner_model, "BATCH_SIZE", 10)
    monkeypatch.setattr(inwoner_model, "MAX_BATCHES", 3)
    model = InwonerTableModel(db1000.sessions, db1000.actor_id)
    model.set_ids(all_ids(db1000))
    for row in range(0, 1000, 10):
        model.data(model.index(row, 0))
    assert model.loaded_row_count() == 30


def test_bsn_is_masked_and_dates_are_dutch(db1000):
    ids = all_ids(db1000, tekst="lukasz")
    model = InwonerTableModel(db1000.sessions, db1000.actor_id)
    model.set_ids(ids)
    assert model.data(model.index(0, 0)) == "Şahin-Öztürk, Łukasz"
    bsn = model.data(model.index(0, 1))
    assert bsn.startswith("*****") and len(bsn) == 9
    assert model.data(model.index(0, 2)) == "01-01-1980"
    assert model.data(model.index(0, 4)) == "Buren"
    assert model.data(model.index(0, 0), ID_ROLE) == ids[0]
    assert bsn == mask_bsn(_bsn_of(db1000, ids[0]))


def _bsn_of(db, inwoner_id):
    from app.models import Inwoner

    with db.sessions.begin() as session:
        return session.get(Inwoner, inwoner_id).bsn


def test_headers_are_dutch(db1000):
    model = InwonerTableModel(db1000.sessions, db1000.actor_id)
    from PySide6.QtCore import Qt

    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Naam", "BSN", "Geboortedatum", "Woonplaats", "Gemeente", "Regievoerder"]


def test_refresh_rows_refetches(db1000):
    model = InwonerTableModel(db1000.sessions, db1000.actor_id)
    model.set_ids(all_ids(db1000)[:50])
    model.data(model.index(0, 0))
    model.refresh_rows()
    assert model.loaded_row_count() == 0
    model.data(model.index(0, 0))
    assert model.fetch_count == 2


def test_unknown_id_shows_placeholder(db1000):
    import uuid

    model = InwonerTableModel(db1000.sessions, db1000.actor_id)
    model.set_ids([uuid.uuid4()])
    assert model.data(model.index(0, 0)) == "(niet meer aanwezig)"
    assert model.data(model.index(0, 1)) == ""


def test_a_list_that_continues_the_shown_one_is_appended(db1000):
    """The first screen at start-up, then the whole list: rows already shown stay, and the
    batch that was cut short is read again with its new rows."""
    ids = all_ids(db1000)
    model = InwonerTableModel(db1000.sessions, db1000.actor_id)
    model.set_ids(ids[:30])
    first = model.data(model.index(0, 0))
    assert model.data(model.index(29, 0)) is not None
    inserted = []
    model.rowsInserted.connect(lambda _parent, start, end: inserted.append((start, end)))
    model.set_ids(ids)
    assert inserted == [(30, len(ids) - 1)]
    assert model.data(model.index(0, 0)) == first
    assert model.data(model.index(30, 0), ID_ROLE) == ids[30]
    assert model.data(model.index(31, 0)) is not None
