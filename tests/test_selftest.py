"""`koers --selftest`: passes on a working installation, names the step that fails."""

from __future__ import annotations

import subprocess
import sys

from app import selftest


def test_selftest_passes_in_a_process_of_its_own():
    proces = subprocess.run([sys.executable, "-m", "app", "--selftest"],
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proces.returncode == 0, proces.stdout + proces.stderr
    regels = proces.stdout.splitlines()
    assert regels[0] == "… database maken en bijwerken naar de nieuwste versie"
    assert "… een PDF maken" in regels
    assert regels[-1].startswith("Zelftest geslaagd in ")


def test_a_failing_step_is_named_and_exits_1(monkeypatch):
    def kapot(*_args, **_kwargs):
        raise OSError("lettertype niet gevonden")

    monkeypatch.setattr("app.services.printing.document.render", kapot)
    regels: list[str] = []
    assert selftest.selftest(regels.append) == 1
    assert regels[-1] == ("Zelftest mislukt bij 'een PDF maken': OSError: lettertype niet "
                          "gevonden")  # fmt: skip
