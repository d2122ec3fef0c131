"""Refusals the user can act on. Messages are Dutch and addressed to the user."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError


class DomainError(Exception):
    """An action refused by a rule. `str(error)` is the Dutch message for the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationError(DomainError):
    """Bad input; `errors` maps each field name to its Dutch message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        first_field = next(iter(self.errors))
        super().__init__("\n".join(self.errors.values()), field=first_field)


class ToegangGeweigerd(DomainError):
    """Refused by the permission matrix or need-to-know. The refusal rolls the caller's
    transaction back; the caller then records it with `audit.record_refusal`."""

    def __init__(
        self, message: str, *, inwoner_id: uuid.UUID | None = None, onderwerp: str = "inwoner"
    ) -> None:
        super().__init__(message)
        self.inwoner_id = inwoner_id
        self.onderwerp = onderwerp


class NotFoundError(DomainError):
    pass


class ConflictError(DomainError):
    """Someone else changed the record since it was read (optimistic locking)."""

    def __init__(self, wat: str = "Dit gegeven") -> None:
        super().__init__(
            f"{wat} is intussen door iemand anders gewijzigd. Laad het opnieuw en breng uw "
            "wijziging daarna opnieuw aan; er is niets overschreven."
        )


@contextmanager
def gelijktijdig_bewaakt(wat: str = "Dit gegeven", *, uniek: bool = False) -> Iterator[None]:
    """Around a flush: losing a race with another user becomes ConflictError.

    Two users may both pass a service's `versie` check before either commits; the second
    UPDATE then finds another version (SQLAlchemy's StaleDataError). With `uniek` a unique
    index that guards a rule (one concept, one open traject) counts as such a race too; other
    integrity errors are bugs and are not hidden."""
    try:
        yield
    except StaleDataError:
        raise ConflictError(wat) from None
    except IntegrityError:
        if not uniek:
            raise
        raise ConflictError(wat) from None
