"""The whole benchmark: the data, the service figures, the GUI figures (in offscreen child
processes) and the scale check, written as JSON and markdown."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.bench import vragen
from app.bench.gegevens import (
    aantal_inwoners,
    bench_url,
    gebruikers,
    standaard_map,
    zorg_voor_demo,
)
from app.bench.uitslag import Meting, Uitslag, machine
from app.services.demo import Progress
from app.services.text import nl_int
from app.startup import open_database

KOUDE_STARTS = 5
DOSSIERS = 20
# Growth allowed from a tenth of the inwoners to all (issue 11): lists that use indexes at
# most 2× slower, overviews that must read every active inwoner at most about 10× (linear).
SCHAAL_DELER = 10

Melding = Callable[[str], None]


@dataclass(frozen=True)
class Opdracht:
    inwoners: int = 100_000
    database: str | None = None  # a URL; default: a generated file per size in `map`
    map: Path | None = None
    gui: bool = True
    schaal: bool = True


def _open(url: str, inwoners: int, melding: Melding, progress: Progress | None):
    engine, sessions = open_database(url, reservekopie=False)
    tijd_bestand = None
    if url.startswith("sqlite:///"):
        tijd_bestand = Path(url.removeprefix("sqlite:///")).with_suffix(".json")
    if not aantal_inwoners(sessions):
        melding(f"Demogegevens maken: {nl_int(inwoners)} inwoners (eenmalig)…")
    seconden = zorg_voor_demo(sessions, inwoners, progress)
    if seconden is not None and tijd_bestand is not None:
        tijd_bestand.write_text(json.dumps({"demo_s": seconden}), encoding="utf-8")
    elif tijd_bestand is not None and tijd_bestand.exists():
        seconden = json.loads(tijd_bestand.read_text(encoding="utf-8"))["demo_s"]
    return engine, sessions, seconden


def gui_proces(modus: str, url: str, gebruiker, extra: list[str]) -> dict:
    """One offscreen GUI process; its JSON answer. Python may write its bytecode cache, as an
    installed Koers has it (a test run forbids it, which would add a second to every start)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    command = [sys.executable, "-m", "app.bench.gui", modus, "--database", url,
               "--gebruiker", str(gebruiker), *extra]  # fmt: skip
    if modus == "koud":
        command += ["--start", repr(time.time())]
    proces = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    if proces.returncode != 0:
        regels = proces.stderr.strip().splitlines()
        raise RuntimeError(regels[-1] if regels else f"exitcode {proces.returncode}")
    return json.loads(proces.stdout.strip().splitlines()[-1])


def gui_metingen(url: str, sessions, g, melding: Melding) -> list[Meting]:
    mens = vragen.voorbeelden(sessions, g, 1)[0]
    zoek = vragen.toetsen([f"{mens.achternaam} {mens.voornamen.split()[0]}"])
    zoek_args = [a for t in zoek for a in ("--zoek", t)]
    melding("GUI: een eerste start, die Pythons bytecodecache schrijft (telt niet mee)…")
    gui_proces("koud", url, g.beheerder, [])
    koud = []
    for n in range(KOUDE_STARTS):
        melding(f"GUI koude start {n + 1} van {KOUDE_STARTS}…")
        koud.append(gui_proces("koud", url, g.beheerder, zoek_args))
    inwoners = vragen.dossier_inwoners(sessions, g, DOSSIERS)
    melding(f"GUI: {DOSSIERS} dossiers openen…")
    dossier = gui_proces("dossier", url, g.coach,
                         [a for i in inwoners for a in ("--inwoner", str(i))])  # fmt: skip
    return [
        Meting("gui_koude_start", "GUI koude start tot de eerste rijen van de lijst",
               [k["koude_start_s"] for k in koud], doel=2.0,
               toelichting=f"lijst van {nl_int(koud[0]['lijst_rijen'])} inwoners, "
               "functioneel beheerder"),
        Meting("gui_zoeken", "GUI zoeken per toetsaanslag tot de lijst getekend is",
               [t for k in koud for t in k["zoeken_s"]], doel=0.050,
               toelichting="naam, hele bestand"),
        Meting("gui_dossier", "dossier openen tot het getoond is", dossier["dossier_s"],
               doel=0.300, toelichting=f"personalia en journaal gelezen, alle {dossier['tabs']} "
               "tabbladen aangemaakt; coach"),
        Meting("gui_dossier_alle", "dossier openen en elk tabblad bekijken",
               dossier["alle_tabbladen_s"], hand=vragen.hand_dossier(sessions, inwoners),
               toelichting="elk tabblad leest zijn gegevens als het voor het eerst getoond wordt"),
        Meting("gui_geheugen", "piekgeheugen GUI met de hele lijst doorgescrold",
               [k["geheugen_mb"] for k in koud], eenheid="MB", doel=300),
    ]  # fmt: skip


def _schaalbaar(sessions, g) -> list[Meting]:
    return vragen.zoeken(sessions, g) + vragen.overzichten(sessions, g)


def bench(opdracht: Opdracht, melding: Melding, progress: Progress | None = None) -> Uitslag:
    map_ = opdracht.map or standaard_map()
    if opdracht.database is None:
        map_.mkdir(parents=True, exist_ok=True)
    url = opdracht.database or bench_url(map_, opdracht.inwoners)
    engine, sessions, demo_s = _open(url, opdracht.inwoners, melding, progress)
    try:
        with sessions() as session:
            g = gebruikers(session)
        uitslag = Uitslag(inwoners=aantal_inwoners(sessions), machine=machine(url))
        if demo_s is not None:
            uitslag.metingen.append(Meting("demo", "demogegevens maken", [demo_s],
                                           toelichting="eenmalig per omvang"))  # fmt: skip
        melding("Zoeken, werkvoorraad, overzichten, KPI's en gemeenterapport…")
        uitslag.metingen += _schaalbaar(sessions, g)
        melding("Ontwikkelplannen afdrukken…")
        uitslag.metingen += vragen.afdrukken(sessions, g)
        if opdracht.gui:
            try:
                uitslag.metingen += gui_metingen(url, sessions, g, melding)
            except (RuntimeError, subprocess.TimeoutExpired, ValueError) as error:
                melding(f"GUI-metingen niet gelukt: {error}")
                uitslag.gui_fout = str(error)
    finally:
        engine.dispose()
    if opdracht.schaal and opdracht.database is None and opdracht.inwoners >= SCHAAL_DELER * 100:
        klein = opdracht.inwoners // SCHAAL_DELER
        melding(f"Schaalcontrole op {nl_int(klein)} inwoners…")
        engine, sessions, _ = _open(bench_url(map_, klein), klein, melding, progress)
        try:
            with sessions() as session:
                g = gebruikers(session)
            uitslag.schaal_inwoners = aantal_inwoners(sessions)
            uitslag.schaal_waarden = {m.sleutel: m.mediaan for m in _schaalbaar(sessions, g)}
        finally:
            engine.dispose()
    return uitslag
