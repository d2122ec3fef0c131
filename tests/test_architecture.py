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
