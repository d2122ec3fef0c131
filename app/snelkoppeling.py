"""`koers snelkoppeling`: a Linux menu entry (freedesktop .desktop file) for Koers, pointing at
the program that runs it now (the installed `koers` command or the bundle's executable) and at
the application icon."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from app.config import RESOURCES_DIR
from app.services.bestanden import write_atomically
from app.services.errors import DomainError

ICOON = RESOURCES_DIR / "koers.png"


def programma() -> Path:
    """The executable that starts Koers: the bundle itself, or the `koers` command."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable)
    gestart = Path(sys.argv[0]).resolve()
    if gestart.name == "koers" and os.access(gestart, os.X_OK):
        return gestart
    gevonden = shutil.which("koers")
    if gevonden is None:
        raise DomainError("Het programma 'koers' is niet gevonden; installeer Koers eerst.")
    return Path(gevonden).resolve()


def desktop_bestand(uitvoerbaar: Path, icoon: Path = ICOON) -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Koers\n"
        "GenericName=Casemanagement\n"
        "Comment=Casemanagement voor sociaal ontwikkelbedrijven en sociale diensten\n"
        f'Exec="{uitvoerbaar}" gui\n'
        f"Icon={icoon}\n"
        "Terminal=false\n"
        "Categories=Office;\n"
        "StartupWMClass=Koers\n"
    )


def standaard_map() -> Path:
    """Where the desktop looks for the user's own menu entries."""
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "applications"


def schrijf_snelkoppeling(map_: Path | None = None) -> Path:
    map_ = map_ or standaard_map()
    if map_.exists() and not map_.is_dir():
        raise DomainError(f"{map_} is geen map.")
    map_.mkdir(parents=True, exist_ok=True)
    pad = map_ / "koers.desktop"
    write_atomically(pad, desktop_bestand(programma()).encode())
    return pad
