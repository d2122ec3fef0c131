"""The team's PostgreSQL server: where it is, testing the connection, the password in keyring.

Host, port, database, user and TLS mode are kept in `teamserver.json` in the data directory
(0600); the password only in the operating system's keyring, never in a file or a log. When a
server is configured, `config.database_url` uses it unless `--database` or
`KOERS_DATABASE_URL` says otherwise (scripts keep working as before).
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from app import config
from app.db import DatabaseStatus, database_status, make_engine

log = logging.getLogger(__name__)

BESTAND = "teamserver.json"
STANDAARD_POORT = 5432
TLS_MODI: dict[str, str] = {
    "require": "Verplicht (versleuteld)",
    "verify-full": "Verplicht, en het certificaat van de server controleren",
    "prefer": "Versleuteld als de server dat kan",
    "disable": "Uit (alleen binnen een vertrouwd netwerk)",
}
CONNECT_TIMEOUT_S = 8
_HOSTNAAM = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.\-:]*[A-Za-z0-9])?$")


@dataclass(frozen=True)
class Teamserver:
    host: str
    database: str
    gebruiker: str
    port: int = STANDAARD_POORT
    tls: str = "require"

    def url(self, wachtwoord: str | None) -> URL:
        return URL.create(
            "postgresql+psycopg",
            username=self.gebruiker,
            password=wachtwoord or None,
            host=self.host,
            port=self.port,
            database=self.database,
            query={"sslmode": self.tls, "connect_timeout": str(CONNECT_TIMEOUT_S)},
        )

    @property
    def sleutel(self) -> str:
        """The keyring entry of this server's password: one per user, server and database."""
        return f"postgresql://{self.gebruiker}@{self.host}:{self.port}/{self.database}"

    @property
    def omschrijving(self) -> str:
        return f"{self.gebruiker}@{self.host}:{self.port}/{self.database}"


def controleer(server: Teamserver) -> dict[str, str]:
    """Field errors in Dutch; empty when the settings can be used."""
    fouten = {}
    if not server.host:
        fouten["host"] = "Vul de naam of het adres van de server in."
    elif not _HOSTNAAM.match(server.host):
        fouten["host"] = "Een servernaam bestaat uit letters, cijfers, punten en streepjes."
    if not 1 <= server.port <= 65535:
        fouten["port"] = "Een poort is een getal van 1 tot en met 65535."
    if not server.database:
        fouten["database"] = "Vul de naam van de database in."
    elif not re.fullmatch(r"[A-Za-z0-9_\-]+", server.database):
        fouten["database"] = "Een databasenaam bestaat uit letters, cijfers, _ en -."
    if not server.gebruiker:
        fouten["gebruiker"] = "Vul de gebruikersnaam voor de database in."
    if server.tls not in TLS_MODI:
        fouten["tls"] = "Kies hoe de verbinding wordt beveiligd."
    return fouten


def _pad() -> Path:
    return config.data_dir() / BESTAND


def lees() -> Teamserver | None:
    """The configured server, or None (then Koers uses the embedded database)."""
    pad = _pad()
    if not pad.exists():
        return None
    try:
        data = json.loads(pad.read_text(encoding="utf-8"))
        server = Teamserver(
            host=str(data["host"]),
            database=str(data["database"]),
            gebruiker=str(data["gebruiker"]),
            port=int(data.get("port", STANDAARD_POORT)),
            tls=str(data.get("tls", "require")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("De instellingen van de teamserver in %s zijn onleesbaar", pad, exc_info=True)
        return None
    return None if controleer(server) else server


def bewaar(server: Teamserver, wachtwoord: str | None) -> None:
    """Keep the settings; the password goes to keyring (None: keep the one stored for this
    server). The password is stored first, so a missing keyring leaves the old settings."""
    if fouten := controleer(server):
        raise ValueError(fouten)
    if wachtwoord:
        config.store_secret(server.sleutel, wachtwoord)
    oud = lees()
    pad = _pad()
    tijdelijk = pad.with_name(pad.name + ".tmp")
    fd = os.open(tijdelijk, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as bestand:
        json.dump(asdict(server), bestand, indent=2)
        bestand.flush()
        os.fsync(bestand.fileno())
    os.replace(tijdelijk, pad)
    if oud is not None and oud.sleutel != server.sleutel:
        config.delete_secret(oud.sleutel)


def vergeet() -> None:
    """Back to the embedded database: the settings file and the stored password go."""
    oud = lees()
    _pad().unlink(missing_ok=True)
    if oud is not None:
        config.delete_secret(oud.sleutel)


def url() -> str | None:
    """The configured server's URL with the password from keyring, or None."""
    server = lees()
    if server is None:
        return None
    return server.url(config.load_secret(server.sleutel)).render_as_string(hide_password=False)


@dataclass(frozen=True)
class Verbindingstest:
    gelukt: bool
    melding: str
    status: DatabaseStatus | None = None


def test_verbinding(server: Teamserver, wachtwoord: str | None) -> Verbindingstest:
    """Connect once and say, in Dutch, what the user needs to know: reachable or why not, and
    whether the database is ready for this Koers. Writes nothing."""
    if fouten := controleer(server):
        return Verbindingstest(False, " ".join(fouten.values()))
    engine = make_engine(server.url(wachtwoord), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            versie = connection.execute(text("SHOW server_version")).scalar() or "?"
        status = database_status(engine)
    except DBAPIError as error:
        return Verbindingstest(False, foutmelding(server, error))
    finally:
        engine.dispose()
    melding = f"Verbinding gelukt (PostgreSQL {versie}). {stand(status)}"
    return Verbindingstest(True, melding, status)


def stand(status: DatabaseStatus) -> str:
    if status.newer:
        return (
            "De database is bijgewerkt door een nieuwere versie van Koers: werk Koers bij "
            "voordat u hem gebruikt."
        )
    if status.empty:
        return "De database is nog leeg: Koers richt hem in bij de eerste start."
    if status.older:
        return (
            "De database heeft een oudere versie: een functioneel beheerder werkt hem bij "
            "bij de eerste start."
        )
    return "De database is klaar voor gebruik."


def foutmelding(server: Teamserver, error: DBAPIError) -> str:
    """A connection failure as the user can act on it; the full text goes to the log."""
    log.info("Verbinding met %s mislukt: %s", server.omschrijving, error.orig)
    tekst = str(error.orig).lower()
    if "password authentication failed" in tekst or "no password supplied" in tekst:
        return "De server weigert deze gebruikersnaam of dit wachtwoord."
    if "does not exist" in tekst and "database" in tekst:
        return f"De database '{server.database}' bestaat niet op deze server."
    if "certificate" in tekst or "root cert" in tekst:
        return (
            "Het certificaat van de server kon niet worden gecontroleerd. Vraag uw ICT-afdeling "
            "om het certificaat, of kies een andere beveiliging van de verbinding."
        )
    if "ssl" in tekst or "encryption" in tekst:
        return (
            "De server en Koers worden het niet eens over de versleuteling (TLS). Kies een "
            "andere beveiliging van de verbinding of vraag uw ICT-afdeling."
        )
    if "pg_hba" in tekst or "not allowed" in tekst:
        return "De server laat deze computer of deze gebruiker niet toe (pg_hba.conf)."
    return (
        f"De server {server.host}:{server.port} is niet bereikbaar. Controleer de servernaam en "
        "de poort, en of u met het netwerk (bijvoorbeeld via VPN) verbonden bent."
    )
