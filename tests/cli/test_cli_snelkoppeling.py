"""`koers snelkoppeling`: a menu entry that starts this Koers with its icon."""

from __future__ import annotations

import os
import stat

from app import snelkoppeling
from app.cli import main


def test_menu_entry_points_at_the_program_and_the_icon(tmp_path, capsys, monkeypatch):
    koers = tmp_path / "bin" / "koers"
    koers.parent.mkdir()
    koers.write_text("#!/bin/sh\n", encoding="utf-8")
    koers.chmod(koers.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr("sys.argv", [str(koers), "snelkoppeling"])
    assert main(["snelkoppeling", "--map", str(tmp_path / "apps")]) == 0
    pad = tmp_path / "apps" / "koers.desktop"
    assert str(pad) in capsys.readouterr().out
    regels = pad.read_text(encoding="utf-8").splitlines()
    assert regels[0] == "[Desktop Entry]" and "Name=Koers" in regels
    assert f'Exec="{koers}" gui' in regels
    icoon = next(r for r in regels if r.startswith("Icon=")).removeprefix("Icon=")
    assert os.path.isfile(icoon) and icoon.endswith("koers.png")


def test_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert snelkoppeling.standaard_map() == tmp_path / "applications"


def test_a_file_where_the_folder_should_be_is_refused(tmp_path, capsys):
    bestand = tmp_path / "bestand"
    bestand.write_text("x", encoding="utf-8")
    assert main(["snelkoppeling", "--map", str(bestand)]) == 1
    assert "is geen map" in capsys.readouterr().err


def test_without_a_koers_command_it_says_so(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr("sys.argv", ["/usr/lib/python3/app/__main__.py"])
    monkeypatch.setattr(snelkoppeling.shutil, "which", lambda _name: None)
    assert main(["snelkoppeling", "--map", str(tmp_path)]) == 1
    assert "niet gevonden" in capsys.readouterr().err
