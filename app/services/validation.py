"""Field checks for personal data. Pure functions: the GUI calls them while the user types,
the import calls them per line, and the services call them before anything is written.

Each check returns the normalised value or raises ValidationError naming its field.
"""

from __future__ import annotations

import re
from datetime import date

from stdnum import exceptions as stdnum_errors
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from app.services.errors import ValidationError
from app.services.text import format_date

MAX_AGE_YEARS = 120


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def check_bsn(value: str, field: str = "bsn") -> str:
    """A BSN of 9 digits (8 digits get a leading zero) passing the 11-proef (rules.md §1)."""
    raw = value.strip()
    if not raw:
        raise _refuse(field, "Vul het BSN in.")
    digits = re.sub(r"[\s.\-]", "", raw)
    if not digits.isdigit():
        raise _refuse(field, f"Een BSN bestaat alleen uit cijfers: '{raw}' is geen BSN.")
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9:
        raise _refuse(field, f"Een BSN heeft 9 cijfers: '{raw}' heeft er {len(digits)}.")
    try:
        stdnum_bsn.validate(digits)
    except stdnum_errors.ValidationError:
        raise _refuse(
            field, f"BSN {digits} voldoet niet aan de elfproef; controleer het nummer."
        ) from None
    return digits


def check_postcode(value: str, field: str = "postcode") -> str:
    """A Dutch postcode, normalised to '1234 AB'."""
    raw = value.strip()
    try:
        return stdnum_postcode.validate(raw)
    except stdnum_errors.ValidationError:
        raise _refuse(
            field, f"Vul een geldige postcode in, zoals 4201 AB: '{raw}' is dat niet."
        ) from None


def check_geboortedatum(value: date | None, *, today: date, field: str = "geboortedatum") -> date:
    if value is None:
        raise _refuse(field, "Vul de geboortedatum in (dd-mm-jjjj).")
    if value > today:
        raise _refuse(field, f"De geboortedatum {format_date(value)} ligt in de toekomst.")
    if value.year < today.year - MAX_AGE_YEARS:
        raise _refuse(
            field,
            f"De geboortedatum {format_date(value)} ligt meer dan {MAX_AGE_YEARS} jaar terug.",
        )
    return value


_HUISNUMMER = re.compile(r"^[1-9]\d{0,4}(\s?[-\s]?\s?[A-Za-z0-9]{1,6})?$")


def check_huisnummer(value: str, field: str = "huisnummer") -> str:
    raw = " ".join(value.split())
    if not _HUISNUMMER.match(raw):
        raise _refuse(
            field,
            f"Vul een huisnummer in dat met een cijfer begint, zoals 12, 12a of 12-2: "
            f"'{raw}' is dat niet.",
        )
    return raw


_PHONE_CHARS = re.compile(r"^\+?[\d\s\-()]+$")


def check_telefoon(value: str, field: str = "telefoon") -> str:
    """A Dutch number of 10 digits starting with 0, or an international one starting with +."""
    raw = value.strip()
    digits = re.sub(r"\D", "", raw)
    ok = bool(_PHONE_CHARS.match(raw)) and (
        (raw.startswith("+") and 8 <= len(digits) <= 15)
        or (raw.startswith("00") and 10 <= len(digits) <= 17)
        or (raw.startswith("0") and not raw.startswith("00") and len(digits) == 10)
    )
    if not ok:
        raise _refuse(
            field,
            f"Vul een geldig telefoonnummer in, zoals 0612345678 of +31 183 123456: "
            f"'{raw}' is dat niet.",
        )
    return raw


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]{2,}$")


def check_email(value: str, field: str = "email") -> str:
    raw = value.strip()
    if not _EMAIL.match(raw):
        raise _refuse(field, f"Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl: '{raw}'.")
    return raw


def check_required(value: str | None, field: str, label: str, *, max_length: int = 200) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise _refuse(field, f"Vul {label} in.")
    if len(text) > max_length:
        raise _refuse(
            field, f"{label[0].upper()}{label[1:]} is te lang (hoogstens {max_length} tekens)."
        )
    return text


def optional(value: str | None) -> str | None:
    """Blank optional input becomes None; other input is trimmed."""
    text = " ".join((value or "").split())
    return text or None
