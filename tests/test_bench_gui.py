"""The benchmark's GUI probe, run as the bench runs it: an offscreen process that reports the
cold start, search keystrokes, memory, and dossiers opened with every tab."""

from __future__ import annotations

import pytest

from app.bench import vragen
from app.bench.gegevens import gebruikers, zorg_voor_demo
from app.bench.run import gui_proces
from app.startup import open_database


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('bench') / 'bench.db'}"
    engine, sessions = open_database(url, reservekopie=False)
    zorg_voor_demo(sessions, 300)
    engine.dispose()
    return url


def test_cold_start_search_and_memory(demo_url):
    engine, sessions = open_database(demo_url, reservekopie=False)
    with sessions() as session:
        g = gebruikers(session)
    engine.dispose()
    uitkomst = gui_proces("koud", demo_url, g.beheerder, ["--zoek", "j", "--zoek", "ja"])
    assert 0 < uitkomst["koude_start_s"] < 60
    assert uitkomst["lijst_rijen"] == 300  # the beheerder's list: everyone
    assert len(uitkomst["zoeken_s"]) == 2 and all(t > 0 for t in uitkomst["zoeken_s"])
    assert 50 < uitkomst["geheugen_mb"] < 2000


def test_dossiers_open_with_every_tab(demo_url):
    engine, sessions = open_database(demo_url, reservekopie=False)
    with sessions() as session:
        g = gebruikers(session)
    inwoners = vragen.dossier_inwoners(sessions, g, 2)
    engine.dispose()
    args = [a for i in inwoners for a in ("--inwoner", str(i))]
    uitkomst = gui_proces("dossier", demo_url, g.coach, args)
    assert len(uitkomst["dossier_s"]) == 2 and uitkomst["tabs"] >= 5
    assert all(a > o for a, o in zip(uitkomst["alle_tabbladen_s"], uitkomst["dossier_s"],
                                     strict=True))  # fmt: skip


def test_a_failing_probe_says_why(demo_url):
    import uuid

    with pytest.raises(RuntimeError):
        gui_proces("dossier", demo_url, uuid.uuid4(), [])
