"""Where Koers keeps its data and which database it uses.

The database URL comes from, in order: the `--database` option, the `KOERS_DATABASE_URL`
environment variable, or the embedded SQLite file in the per-user data directory.
`KOERS_DATA_DIR` moves the data directory (tests, screenshots, portable use).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

import platformdirs

APP_NAME = "Koers"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
RESOURCES_DIR = PROJECT_ROOT / "resources"


def data_dir() -> Path:
    override = os.environ.get("KOERS_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'koers.db'}"


def database_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get("KOERS_DATABASE_URL") or default_database_url()


def log_path() -> Path:
    return data_dir() / "koers.log"


def setup_logging(level: int = logging.INFO) -> Path:
    """Log to a rotating file in the data directory; the path is shown in the crash dialog."""
    path = log_path()
    root = logging.getLogger()
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path
