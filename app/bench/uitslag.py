"""One benchmark figure and the whole outcome: statistics, targets, the ratio to hand-written
SQL, the scale check, the machine, and the JSON and markdown forms."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import sys
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


def p95(values: list[float]) -> float:
    """The 95th percentile by the nearest-rank method (of 20 values: the 19th)."""
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


@dataclass
class Meting:
    """A figure measured `len(waarden)` times. `doel` bounds the `toets` statistic (p95 or
    mediaan); `hand` holds the times of hand-written SQL for the same answer, and
    `max_verhouding` bounds the ratio of the medians; `schaal` bounds how much slower the
    figure may get from a tenth of the inwoners to all of them."""

    sleutel: str
    omschrijving: str
    waarden: list[float]
    eenheid: str = "s"  # or "MB"
    doel: float | None = None
    toets: str = "p95"
    hand: list[float] | None = None
    max_verhouding: float | None = None
    schaal: float | None = None
    toelichting: str = ""

    @property
    def mediaan(self) -> float:
        return statistics.median(self.waarden)

    @property
    def p95(self) -> float:
        return p95(self.waarden)

    @property
    def getoetst(self) -> float:
        return self.p95 if self.toets == "p95" else self.mediaan

    @property
    def verhouding(self) -> float | None:
        if not self.hand:
            return None
        return self.mediaan / max(statistics.median(self.hand), 1e-9)

    def missers(self) -> list[str]:
        """What this figure missed, in words; empty when every target holds."""
        uit = []
        if self.doel is not None and self.getoetst >= self.doel:
            uit.append(
                f"{self.omschrijving}: {self.toets} {toon(self.getoetst, self.eenheid)}, "
                f"doel < {toon(self.doel, self.eenheid)}"
            )
        v = self.verhouding
        if self.max_verhouding is not None and v is not None and v > self.max_verhouding:
            uit.append(
                f"{self.omschrijving}: {komma(v, 1)}× de handgeschreven SQL, doel "
                f"≤ {komma(self.max_verhouding, 0)}×"
            )
        return uit

    def as_dict(self) -> dict[str, Any]:
        return {
            "omschrijving": self.omschrijving,
            "eenheid": self.eenheid,
            "metingen": len(self.waarden),
            "mediaan": round(self.mediaan, 5),
            "p95": round(self.p95, 5),
            "doel": self.doel,
            "toets": self.toets,
            "hand_mediaan": round(statistics.median(self.hand), 5) if self.hand else None,
            "verhouding": round(v, 2) if (v := self.verhouding) is not None else None,
            "max_verhouding": self.max_verhouding,
            "max_groei": self.schaal,
            "toelichting": self.toelichting,
            "gehaald": not self.missers(),
        }


def komma(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def toon(value: float, eenheid: str) -> str:
    """Seconds below one as milliseconds: 0.0234 → '23,4 ms'; 1.5 → '1,50 s'; MB whole."""
    if eenheid == "MB":
        return f"{komma(value, 0)} MB"
    if value < 1:
        return f"{komma(value * 1000, 1)} ms"
    return f"{komma(value, 2)} s"


def machine(database_url: str) -> dict[str, Any]:
    """What the figures were measured on."""
    geheugen = None
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            kb = int(next(r for r in meminfo if r.startswith("MemTotal")).split()[1])
            geheugen = round(kb / 1024 / 1024, 1)
    except (OSError, StopIteration, ValueError):
        pass
    return {
        "systeem": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "kernen": os.cpu_count(),
        "geheugen_gb": geheugen,
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "database": database_url.split(":", 1)[0].split("+", 1)[0],
    }


@dataclass
class Uitslag:
    inwoners: int
    machine: dict[str, Any]
    metingen: list[Meting] = field(default_factory=list)
    # The same figures on a tenth of the inwoners: sleutel → median (see Meting.schaal). The
    # growth compares medians: it is about the method (an index or a scan), and a p95 of 30
    # keystrokes on a shared machine is one or two pauses of the machine.
    schaal_inwoners: int | None = None
    schaal_waarden: dict[str, float] = field(default_factory=dict)
    moment: str = field(default_factory=lambda: datetime.now().isoformat(timespec="seconds"))
    gui_fout: str | None = None  # why the GUI figures are missing, if they are

    def groei(self, meting: Meting) -> float | None:
        klein = self.schaal_waarden.get(meting.sleutel)
        return None if not klein else meting.mediaan / klein

    def missers(self) -> list[str]:
        uit = [m for meting in self.metingen for m in meting.missers()]
        if self.gui_fout:
            uit.append(f"GUI niet gemeten: {self.gui_fout}")
        for meting in self.metingen:
            groei = self.groei(meting)
            if groei is not None and meting.schaal is not None and groei > meting.schaal:
                uit.append(
                    f"{meting.omschrijving}: {komma(groei, 1)}× trager van "
                    f"{komma(self.schaal_inwoners or 0, 0)} naar {komma(self.inwoners, 0)} "
                    f"inwoners, doel ≤ {komma(meting.schaal, 0)}×"
                )
        return uit

    def as_dict(self) -> dict[str, Any]:
        metingen = {}
        for meting in self.metingen:
            metingen[meting.sleutel] = meting.as_dict()
            if (groei := self.groei(meting)) is not None:
                metingen[meting.sleutel]["groei"] = round(groei, 2)
        return {
            "moment": self.moment,
            "inwoners": self.inwoners,
            "machine": self.machine,
            "schaal_inwoners": self.schaal_inwoners,
            "metingen": metingen,
            "missers": self.missers(),
        }

    def _oordeel(self, meting: Meting) -> str:
        groei = self.groei(meting)
        if meting.missers() or (groei is not None and meting.schaal and groei > meting.schaal):
            return "**gemist**"
        return "gehaald" if meting.doel or meting.max_verhouding else ""

    def markdown(self) -> str:
        m = self.machine
        regels = [
            f"Koers bench, {self.moment}: {komma(self.inwoners, 0)} inwoners, "
            f"{m['database']}; {m['kernen']} kernen, {m['geheugen_gb']} GB, Python "
            f"{m['python']}, SQLite {m['sqlite']}, {m['systeem']}.",
            "",
            "| meting | n | mediaan | p95 | doel | hand-SQL | verhouding | groei ×10 | |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for meting in self.metingen:
            doel = f"{meting.toets} < {toon(meting.doel, meting.eenheid)}" if meting.doel else ""
            hand = toon(statistics.median(meting.hand), "s") if meting.hand else ""
            verhouding = komma(v, 1) + "×" if (v := meting.verhouding) is not None else ""
            if meting.max_verhouding is not None and verhouding:
                verhouding += f" (≤ {komma(meting.max_verhouding, 0)})"
            groei = self.groei(meting)
            groei_tekst = komma(groei, 1) + "×" if groei is not None else ""
            if groei is not None and meting.schaal is not None:
                groei_tekst += f" (≤ {komma(meting.schaal, 0)})"
            omschrijving = meting.omschrijving + (
                f" ({meting.toelichting})" if meting.toelichting else ""
            )
            regels.append(
                f"| {omschrijving} | {len(meting.waarden)} | "
                f"{toon(meting.mediaan, meting.eenheid)} | {toon(meting.p95, meting.eenheid)} | "
                f"{doel} | {hand} | {verhouding} | {groei_tekst} | {self._oordeel(meting)} |"
            )
        missers = self.missers()
        regels.append("")
        if missers:
            regels.append("Niet gehaald:")
            regels.extend(f"- {m}" for m in missers)
        else:
            regels.append("Alle doelen gehaald.")
        return "\n".join(regels) + "\n"
