"""The draft store: one private JSON file per form, per medewerker and per database, written
so that a crash or power cut leaves the old draft or the new one, never half of one."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import uuid
from datetime import UTC, datetime

import pytest

from app import drafts
from app.drafts import CONTACT_NOTE, INTAKE, PLAN, Draft, DraftStore

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")

MOMENT = datetime(2026, 11, 23, 13, 32, tzinfo=UTC)


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "concepten"


def store(folder, medewerker_id=None, database="koers.db") -> DraftStore:
    return DraftStore(
        medewerker_id=medewerker_id or uuid.UUID(int=1), database=database, directory=folder
    )


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_round_trip(folder):
    plannen = store(folder)
    plan_id, inwoner_id = uuid.uuid4(), uuid.uuid4()
    values = {"teksten": {"talenten": "Zorgzaam, één en ál"}, "doelen": [{"status": "OPEN"}]}
    saved = plannen.save(PLAN, plan_id, inwoner_id=inwoner_id, versie=3, values=values,
                         now=MOMENT)  # fmt: skip

    loaded = plannen.load(PLAN, plan_id)
    assert loaded == saved
    assert (loaded.kind, loaded.record_id, loaded.inwoner_id) == (PLAN, plan_id, inwoner_id)
    assert (loaded.versie, loaded.saved_at, loaded.values) == (3, MOMENT, values)
    assert plannen.load(INTAKE, plan_id) is None  # another form of the same record
    assert plannen.all() == [saved]

    plannen.delete(PLAN, plan_id)
    assert plannen.load(PLAN, plan_id) is None
    assert plannen.all() == []
    plannen.delete(PLAN, plan_id)  # deleting what is gone is fine


def test_saving_again_replaces_the_draft_and_all_lists_newest_first(folder):
    notes = store(folder)
    first, second = uuid.uuid4(), uuid.uuid4()
    notes.save(CONTACT_NOTE, first, inwoner_id=first, versie=None, values={"n": 1},
               now=datetime(2026, 11, 23, 9, 0, tzinfo=UTC))  # fmt: skip
    notes.save(CONTACT_NOTE, second, inwoner_id=second, versie=None, values={"n": 2},
               now=datetime(2026, 11, 23, 10, 0, tzinfo=UTC))  # fmt: skip
    notes.save(CONTACT_NOTE, first, inwoner_id=first, versie=None, values={"n": 3},
               now=datetime(2026, 11, 23, 11, 0, tzinfo=UTC))  # fmt: skip
    assert [d.values for d in notes.all()] == [{"n": 3}, {"n": 2}]
    assert len(list(folder.iterdir())) == 2


@posix_only
def test_files_are_private_and_written_atomically(folder, monkeypatch):
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)  # an old folder with loose rights is tightened on the next save
    notes = store(folder)
    record = uuid.uuid4()
    synced_directories = []
    real_fsync = os.fsync

    def fsync(handle):
        if stat.S_ISDIR(os.fstat(handle).st_mode):
            synced_directories.append(handle)
        real_fsync(handle)

    monkeypatch.setattr(os, "fsync", fsync)
    notes.save(CONTACT_NOTE, record, inwoner_id=record, versie=None, values={"tekst": "eerste"})
    path = notes.path(CONTACT_NOTE, record)
    assert mode(folder) == 0o700
    assert mode(path) == 0o600
    assert synced_directories, "the folder is synced after the rename"
    assert [p.name for p in folder.iterdir()] == [path.name]  # no temporary file left

    # A crash between writing and renaming: the old draft is intact, no temporary file stays.
    def crash(_source, _target):
        raise OSError("stroom uitgevallen")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="stroom uitgevallen"):
        notes.save(CONTACT_NOTE, record, inwoner_id=record, versie=None, values={"tekst": "x"})
    assert notes.load(CONTACT_NOTE, record).values == {"tekst": "eerste"}
    assert [p.name for p in folder.iterdir()] == [path.name]


def test_the_file_says_whose_draft_it_is(folder):
    notes = store(folder, uuid.UUID(int=7), database="/home/coach/.local/share/Koers/koers.db")
    record = uuid.uuid4()
    notes.save(CONTACT_NOTE, record, inwoner_id=record, versie=None, values={})
    content = json.loads(notes.path(CONTACT_NOTE, record).read_text(encoding="utf-8"))
    assert content["medewerker_id"] == str(uuid.UUID(int=7))
    assert content["database"] == "/home/coach/.local/share/Koers/koers.db"
    assert content["kind"] == CONTACT_NOTE and content["record_id"] == str(record)
    # The file name gives away neither the database nor anything else about the record.
    assert "koers.db" not in notes.path(CONTACT_NOTE, record).name


def test_another_medewerker_never_sees_the_draft(folder):
    record = uuid.uuid4()
    mine, theirs = store(folder, uuid.UUID(int=1)), store(folder, uuid.UUID(int=2))
    mine.save(CONTACT_NOTE, record, inwoner_id=record, versie=None, values={"tekst": "mijn"})
    assert theirs.load(CONTACT_NOTE, record) is None
    assert theirs.all() == []
    # Not even when their file is put where the other's store would look for it.
    mine.path(CONTACT_NOTE, record).rename(theirs.path(CONTACT_NOTE, record))
    assert theirs.load(CONTACT_NOTE, record) is None
    assert theirs.all() == []


def test_a_draft_from_another_database_is_not_offered(folder):
    record = uuid.uuid4()
    laptop = store(folder, database="/home/coach/.local/share/Koers/koers.db")
    server = store(folder, database="postgresql+psycopg://koers:***@db.avres.local/koers")
    laptop.save(INTAKE, record, inwoner_id=uuid.uuid4(), versie=1, values={"a": 1})
    assert server.load(INTAKE, record) is None
    assert server.all() == []
    laptop.path(INTAKE, record).rename(server.path(INTAKE, record))
    assert server.load(INTAKE, record) is None  # the file itself names the other database
    assert laptop.load(INTAKE, record) is None


def test_a_damaged_draft_is_skipped(folder, caplog):
    notes = store(folder)
    good, bad = uuid.uuid4(), uuid.uuid4()
    notes.save(CONTACT_NOTE, good, inwoner_id=good, versie=None, values={"tekst": "heel"})
    notes.save(CONTACT_NOTE, bad, inwoner_id=bad, versie=None, values={"tekst": "half"})
    path = notes.path(CONTACT_NOTE, bad)
    path.write_bytes(path.read_bytes()[:40])  # half a file, as an old editor might leave it
    assert notes.load(CONTACT_NOTE, bad) is None
    assert [d.record_id for d in notes.all()] == [good]
    assert "onleesbaar" in caplog.text


def test_unknown_kinds_are_refused(folder):
    with pytest.raises(ValueError, match="unknown kind"):
        store(folder).path("../../etc", uuid.uuid4())


def test_drafts_live_in_the_data_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path))
    assert drafts.drafts_dir() == tmp_path / "concepten"
    assert DraftStore(medewerker_id=uuid.uuid4(), database="x").directory == tmp_path / "concepten"


def test_the_store_loads_no_qt():
    code = (
        "import sys, app.drafts\n"
        "assert not any(n.startswith('PySide6') for n in sys.modules), 'PySide6 geladen'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def draft(values, basis=None) -> Draft:
    return Draft(PLAN, uuid.uuid4(), uuid.uuid4(), 1, datetime.now(UTC), values, basis)


def test_merge_puts_only_the_users_changes_on_a_colleagues_save():
    basis = {"teksten": {"talenten": "Handig", "metingen": ""}, "doelen": ["a"], "interval": 6}
    stored = {"teksten": {"talenten": "Handig", "metingen": "Melba"}, "doelen": ["a", "b"],
              "interval": 6}  # fmt: skip
    mine = {"teksten": {"talenten": "Handig, punctueel", "metingen": ""}, "doelen": ["a"],
            "interval": 3}  # fmt: skip
    merged, both = draft(mine, basis).merged_onto(stored)
    assert merged == {"teksten": {"talenten": "Handig, punctueel", "metingen": "Melba"},
                      "doelen": ["a", "b"], "interval": 3}  # fmt: skip
    assert both == []


def test_merge_names_what_both_changed_and_keeps_the_users_value():
    basis = {"teksten": {"talenten": "Handig"}, "interval": 6}
    stored = {"teksten": {"talenten": "Sterk"}, "interval": 12}
    mine = {"teksten": {"talenten": "Handig, punctueel"}, "interval": 12}
    merged, both = draft(mine, basis).merged_onto(stored)
    assert merged == {"teksten": {"talenten": "Handig, punctueel"}, "interval": 12}
    assert both == ["teksten.talenten"]  # the same new interval is no clash


def test_without_a_basis_every_value_is_the_users():
    merged, both = draft({"a": 1}).merged_onto({"a": 2, "b": 3})
    assert (merged, both) == ({"a": 1}, [])


def test_the_basis_is_kept_in_the_file(folder):
    store = DraftStore(medewerker_id=uuid.uuid4(), database="koers.db", directory=folder)
    record = uuid.uuid4()
    store.save(PLAN, record, inwoner_id=uuid.uuid4(), versie=2, values={"a": 1},
               basis={"a": 0})  # fmt: skip
    assert store.load(PLAN, record).basis == {"a": 0}
