"""Layering: models and services never import PySide6, so every rule runs without a screen."""

import ast
import subprocess
import sys
from pathlib import Path

import app

APP_DIR = Path(app.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_models_and_services_do_not_import_qt():
    offenders = [
        str(path.relative_to(APP_DIR))
        for layer in ("models", "services")
        for path in (APP_DIR / layer).rglob("*.py")
        if any(m.split(".")[0] == "PySide6" for m in imported_modules(path))
    ]
    assert offenders == []


def test_importing_all_services_loads_no_qt():
    code = (
        "import importlib, pkgutil, sys, app.models, app.services, app.cli\n"
        "for m in pkgutil.walk_packages(app.services.__path__, 'app.services.'):\n"
        "    importlib.import_module(m.name)\n"
        "assert not any(n.startswith('PySide6') for n in sys.modules), 'PySide6 geladen'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# Tables without a version counter, and why nothing can be overwritten silently there.
ZONDER_VERSIE = {
    # Append-only: rows are added, never edited.
    "audit_record": "append-only (a trigger refuses changes)",
    "audit_anonimisering": "append-only",
    "fase_overgang": "append-only history of a traject",
    "schuldhulp_overgang": "append-only history of a schuldhulptraject",
    # Rows saved with their parent, which is touched and so guards them with its version.
    "medewerker_rol": "saved with the medewerker",
    "loonwaarde_taak": "made with its loonwaardemeting, never edited",
    "schuldhulp_administratie": "saved with the schuldhulptraject",
    "schuldhulp_doorverwijzing": "added to a schuldhulptraject, never edited",
    "bronsleutel": "written once by an import",
    "inwoner_zoekwoord": "derived from the inwoner's name, rewritten with it",
    # Reference data and settings: one value per row, set (not merged) by a functioneel
    # beheerder and audited; the last one set is the one that counts.
    "bewaartermijn": "setting", "gelijkgestelde_dag": "reference data", "instelling": "setting",
    "kpi_doel": "setting", "minimumloon": "reference data", "minimumloon_jeugd": "reference data",
    "taakstelling": "setting", "werkgeverslasten": "reference data",
    "werkniveau": "reference data",
}  # fmt: skip


def test_every_editable_table_has_optimistic_locking():
    """A table users edit carries `versie` as SQLAlchemy's version counter, so an UPDATE from
    an outdated screen fails instead of overwriting; the exceptions are listed with a reason."""
    from app.models import Base

    zonder = {m.local_table.name for m in Base.registry.mappers if m.version_id_col is None}
    assert zonder == set(ZONDER_VERSIE)
