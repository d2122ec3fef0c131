"""The benchmark's statistics and report: percentiles, targets, ratios, growth, and that a
missed target is said in words."""

from __future__ import annotations

import json

from app.bench.uitslag import Meting, Uitslag, p95, toon


def test_p95_is_the_nearest_rank():
    assert p95([float(n) for n in range(1, 21)]) == 19.0
    assert p95([3.0]) == 3.0
    assert p95([5.0, 1.0]) == 5.0


def test_times_are_shown_the_dutch_way():
    assert toon(0.0234, "s") == "23,4 ms"
    assert toon(1.5, "s") == "1,50 s"
    assert toon(1234.4, "MB") == "1.234 MB"


def test_a_target_held_and_missed():
    gehaald = Meting("a", "zoeken", [0.01] * 19 + [0.04], doel=0.05)
    assert gehaald.missers() == []
    gemist = Meting("b", "zoeken", [0.01] * 18 + [0.06, 0.07], doel=0.05)
    assert gemist.missers() == ["zoeken: p95 60,0 ms, doel < 50,0 ms"]
    op_mediaan = Meting("c", "kpi", [0.9, 1.1, 3.0], doel=1.0, toets="mediaan")
    assert op_mediaan.missers() == ["kpi: mediaan 1,10 s, doel < 1,00 s"]


def test_ratio_to_hand_written_sql():
    meting = Meting("c", "caseload", [0.5, 0.5, 0.5], hand=[0.25, 0.125, 0.125], max_verhouding=2)
    assert meting.verhouding == 4.0
    assert meting.missers() == ["caseload: 4,0× de handgeschreven SQL, doel ≤ 2×"]
    assert Meting("d", "zonder", [0.3]).verhouding is None


def test_growth_from_a_tenth_of_the_inwoners():
    snel = Meting("zoeken", "zoeken", [0.02, 0.02, 0.049], doel=0.05, schaal=2)  # p95 grows
    traag = Meting("werk", "werkvoorraad", [0.09], doel=0.2, schaal=2)
    uitslag = Uitslag(inwoners=100_000, machine={}, metingen=[snel, traag],
                      schaal_inwoners=10_000, schaal_waarden={"zoeken": 0.015, "werk": 0.03})  # fmt: skip
    assert uitslag.missers() == [
        "werkvoorraad: 3,0× trager van 10.000 naar 100.000 inwoners, doel ≤ 2×"
    ]
    data = json.loads(json.dumps(uitslag.as_dict()))
    assert data["metingen"]["werk"]["groei"] == 3.0
    assert data["metingen"]["zoeken"]["gehaald"] is True
    assert data["missers"] == uitslag.missers()


def test_markdown_names_every_figure_and_what_was_missed():
    machine = {"database": "sqlite", "kernen": 2, "geheugen_gb": 8.0, "python": "3.11",
               "sqlite": "3.40", "systeem": "Linux"}  # fmt: skip
    uitslag = Uitslag(inwoners=1000, machine=machine, metingen=[
        Meting("a", "zoeken", [0.01, 0.02], doel=0.05, toelichting="10 toetsaanslagen"),
        Meting("m", "geheugen", [400.0], eenheid="MB", doel=300),
    ], gui_fout=None)  # fmt: skip
    tekst = uitslag.markdown()
    assert "| zoeken (10 toetsaanslagen) | 2 | 15,0 ms | 20,0 ms | p95 < 50,0 ms |" in tekst
    assert "| geheugen | 1 | 400 MB | 400 MB | p95 < 300 MB |" in tekst
    assert "**gemist**" in tekst and "Niet gehaald:\n- geheugen: p95 400 MB" in tekst
    uitslag.metingen.pop()
    uitslag.gui_fout = "geen scherm"
    assert "- GUI niet gemeten: geen scherm" in uitslag.markdown()
