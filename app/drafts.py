"""Drafts of long forms (contact note, IOP concept, intake report) that survive a crash.

While a medewerker types, the form's values are kept in one small JSON file per form in the
folder `concepten` of the data directory. When the same form is opened again for the same
record, the draft is offered back; a save or a deliberate discard deletes it.

A draft belongs to one medewerker, one database and one record: the file name holds the
medewerker's id, a hash of the database label and the record, and the file itself repeats
them, so nobody else signing in on the same laptop (or the same person on another database,
such as a restored copy with the same ids) is offered it. Drafts hold personal data: the
folder is 0700 and every file 0600, and a file is written under a temporary name, synced and
renamed into place (then the folder is synced), so a power cut leaves the old draft or the
new one, never half of one.

No Qt here: the GUI's autosave (app/ui/drafts.py) uses this store, and it is tested directly.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import config
from app.services.bestanden import write_atomically

log = logging.getLogger(__name__)

FOLDER = "concepten"
FORMAT = 1

# The kinds of form that keep drafts (part of the file name, so plain words only).
CONTACT_NOTE = "contactnotitie"
PLAN = "ontwikkelplan"
INTAKE = "intake"
KINDS = (CONTACT_NOTE, PLAN, INTAKE)


@dataclass(frozen=True)
class Draft:
    """One kept draft: which form of which record, the record's version when the draft was
    made (None for a new record), when it was saved (UTC), the form's values and the stored
    values the user started from (`basis`: what tells the user's own changes apart when a
    colleague changed the record in the meantime)."""

    kind: str
    record_id: uuid.UUID
    inwoner_id: uuid.UUID
    versie: int | None
    saved_at: datetime
    values: dict[str, Any]
    basis: dict[str, Any] | None = None

    def merged_onto(self, stored: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """The user's own changes on top of what is stored now, and the fields a colleague
        changed too (there the user's value wins, for the user to check). Without a basis
        every value of the draft counts as the user's."""
        if self.basis is None:
            return dict(self.values), []
        both: list[str] = []
        return _merge(self.basis, stored, self.values, both, ""), both


def _merge(basis: dict, stored: dict, mine: dict, both: list[str], prefix: str) -> dict:
    """Three-way merge, field by field (nested groups of fields too; a list is one field)."""
    merged = dict(stored)
    for key, value in mine.items():
        base, now = basis.get(key), stored.get(key)
        if value == base:
            continue  # not touched by the user: the stored value (maybe a colleague's) stays
        if all(isinstance(v, dict) for v in (base, now, value)):
            merged[key] = _merge(base, now, value, both, f"{prefix}{key}.")
            continue
        if now not in (base, value):
            both.append(prefix + key)
        merged[key] = value
    return merged


def drafts_dir() -> Path:
    return config.data_dir() / FOLDER


class DraftStore:
    """The drafts of one medewerker on one database (`database` is the label the window shows:
    the SQLite file, or the server URL without password)."""

    def __init__(self, *, medewerker_id: uuid.UUID, database: str,
                 directory: Path | None = None) -> None:  # fmt: skip
        self.medewerker_id = medewerker_id
        self.database = database
        self.directory = directory if directory is not None else drafts_dir()
        digest = hashlib.sha256(database.encode("utf-8")).hexdigest()[:16]
        self._prefix = f"{medewerker_id.hex}-{digest}-"

    def path(self, kind: str, record_id: uuid.UUID) -> Path:
        if kind not in KINDS:
            raise ValueError(f"unknown kind of draft: {kind!r}")
        return self.directory / f"{self._prefix}{kind}-{record_id.hex}.json"

    def save(self, kind: str, record_id: uuid.UUID, *, inwoner_id: uuid.UUID,
             versie: int | None, values: dict[str, Any], basis: dict[str, Any] | None = None,
             now: datetime | None = None) -> Draft:  # fmt: skip
        """Write (or replace) the draft of this form; raises OSError when that fails."""
        draft = Draft(kind, record_id, inwoner_id, versie, now or datetime.now(UTC), values,
                      basis)  # fmt: skip
        content = {
            "format": FORMAT,
            "medewerker_id": str(self.medewerker_id),
            "database": self.database,
            "kind": kind,
            "record_id": str(record_id),
            "inwoner_id": str(inwoner_id),
            "versie": versie,
            "saved_at": draft.saved_at.isoformat(),
            "values": values,
            "basis": basis,
        }
        data = json.dumps(content, ensure_ascii=False, indent=1).encode("utf-8")
        path = self.path(kind, record_id)
        self._make_directory()
        write_atomically(path, data)  # a temporary file made 0600 by mkstemp, synced, renamed
        _sync_directory(self.directory)  # the rename itself survives a power cut
        return draft

    def load(self, kind: str, record_id: uuid.UUID) -> Draft | None:
        """The draft of this form, or None (also for a file that is damaged or that belongs
        to someone else or another database)."""
        draft = self._read(self.path(kind, record_id))
        if draft is None or draft.kind != kind or draft.record_id != record_id:
            return None
        return draft

    def delete(self, kind: str, record_id: uuid.UUID) -> None:
        path = self.path(kind, record_id)
        if path.exists():
            path.unlink(missing_ok=True)
            _sync_directory(self.directory)

    def all(self) -> list[Draft]:
        """This medewerker's drafts on this database, newest first."""
        if not self.directory.is_dir():
            return []
        drafts = [
            draft
            for path in self.directory.glob(f"{self._prefix}*.json")
            if (draft := self._read(path)) is not None
        ]
        return sorted(drafts, key=lambda d: d.saved_at, reverse=True)

    # --- internals --------------------------------------------------------------------------

    def _make_directory(self) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.name == "posix":  # mkdir's mode is masked by the umask, and the folder may be old
            os.chmod(self.directory, 0o700)

    def _read(self, path: Path) -> Draft | None:
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
            if (
                content["format"] != FORMAT
                or content["medewerker_id"] != str(self.medewerker_id)
                or content["database"] != self.database
                or content["kind"] not in KINDS
            ):
                return None
            versie = content["versie"]
            values = content["values"]
            basis = content.get("basis")
            if (
                not (versie is None or isinstance(versie, int))
                or not isinstance(values, dict)
                or not (basis is None or isinstance(basis, dict))
            ):
                raise ValueError("versie, values or basis of the wrong type")
            saved_at = datetime.fromisoformat(content["saved_at"])
            return Draft(
                kind=content["kind"],
                record_id=uuid.UUID(content["record_id"]),
                inwoner_id=uuid.UUID(content["inwoner_id"]),
                versie=versie,
                saved_at=saved_at if saved_at.tzinfo else saved_at.replace(tzinfo=UTC),
                values=values,
                basis=basis,
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            # A damaged draft is not offered (and not deleted: someone may want to look at it).
            log.warning("Concept %s is onleesbaar en wordt overgeslagen", path, exc_info=True)
            return None


def _sync_directory(directory: Path) -> None:
    """fsync a folder, so a rename or delete in it is on disk (POSIX; Windows cannot open a
    folder, and NTFS journals renames itself)."""
    if os.name != "posix":
        return
    handle = os.open(directory, os.O_RDONLY)
    try:
        with contextlib.suppress(OSError):  # some file systems refuse fsync on a folder
            os.fsync(handle)
    finally:
        os.close(handle)
