"""Where Koers keeps its data and which database it uses.

The database URL comes from, in order: the `--database` option, the `KOERS_DATABASE_URL`
environment variable, the team server set up in Koers (`app.teamserver`), or the embedded SQLite
file in the per-user data directory.
`KOERS_DATA_DIR` moves the data directory (tests, screenshots, portable use).
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
from pathlib import Path

import platformdirs
from sqlalchemy.engine import make_url

APP_NAME = "Koers"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
RESOURCES_DIR = PROJECT_ROOT / "resources"
DOCS_DIR = PROJECT_ROOT / "docs"  # the user guide (F1) and its screenshots


def data_dir() -> Path:
    override = os.environ.get("KOERS_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'koers.db'}"


def database_url(explicit: str | None = None) -> str:
    from app import teamserver  # it builds on this module

    return (
        explicit
        or os.environ.get("KOERS_DATABASE_URL")
        or teamserver.url()
        or default_database_url()
    )


def safe_url(url: str) -> str:
    """The database URL with any password replaced by ***, for logs and messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy understands: show nothing of it
        return "(onleesbare database-URL)"


def log_path() -> Path:
    return data_dir() / "koers.log"


def setup_logging(level: int = logging.INFO) -> Path:
    """Log to a rotating file in the data directory; the path is shown in the crash dialog.

    Idempotent; when the data directory changed (tests, another KOERS_DATA_DIR) the handler
    moves along."""
    path = log_path()
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "koers", False)]:
        if Path(handler.baseFilename) == path:
            root.setLevel(level)
            return path
        root.removeHandler(handler)
        handler.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.koers = True
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return path


KEYRING_SERVICE = "Koers"


class SecretStoreError(Exception):
    """The operating system's keyring is not available; the message is Dutch."""


def store_secret(name: str, secret: str) -> None:
    """Keep a secret (e.g. a database password) in the OS keyring, never in a file or a log."""
    # keyring is imported when a secret is needed, not at start-up (a tenth of a second).
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, name, secret)
    except NoKeyringError:
        raise SecretStoreError(
            "Er is geen sleutelbos (keyring) beschikbaar om het wachtwoord veilig te bewaren. "
            "Start een sleutelbos-dienst (bijvoorbeeld GNOME Keyring of KWallet) en probeer het "
            "opnieuw; Koers slaat wachtwoorden nooit in een bestand op."
        ) from None
    except KeyringError as error:
        raise SecretStoreError(
            f"Het wachtwoord kon niet in de sleutelbos worden bewaard: {error}"
        ) from None


def load_secret(name: str) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, name)
    except KeyringError:
        return None


def delete_secret(name: str) -> None:
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(KEYRING_SERVICE, name)
