"""Text helpers shared by services, CLI and GUI: search folding, masking, Dutch dates."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

# Letters that Unicode does not decompose into a base letter plus accent.
_NON_DECOMPOSING = str.maketrans(
    {
        "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ı": "i", "ß": "ss",
        "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d",
    }
)  # fmt: skip


def fold(text: str) -> str:
    """Lower case without accents, for search: 'Łukasz Şahin-Öztürk' → 'lukasz sahin-ozturk'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_NON_DECOMPOSING))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def mask_bsn(bsn: str) -> str:
    """Show only the last four digits of a BSN (rules.md §1): '*****2782'."""
    return "*" * (len(bsn) - 4) + bsn[-4:] if len(bsn) > 4 else "*" * len(bsn)


def nl_int(number: int) -> str:
    """12345 → '12.345', as Dutch readers group thousands."""
    return f"{number:,}".replace(",", ".")


def opsomming(namen: list[str]) -> str:
    """['a', 'b', 'c'] → 'a, b en c'."""
    return namen[0] if len(namen) == 1 else f"{', '.join(namen[:-1])} en {namen[-1]}"


def format_date(value: date | None) -> str:
    """Dutch date, dd-mm-jjjj; empty for no date."""
    return value.strftime("%d-%m-%Y") if value else ""


AMSTERDAM = ZoneInfo("Europe/Amsterdam")

_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str) -> date | None:
    """Parse dd-mm-jjjj (also with / or .) or jjjj-mm-dd; None when it is not a valid date."""
    text = text.strip()
    if match := _DUTCH_DATE.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO_DATE.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def format_moment(value: datetime | None) -> str:
    """A moment in Europe/Amsterdam time, dd-mm-jjjj uu:mm."""
    if value is None:
        return ""
    return value.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")


def begin_of_day(day: date) -> datetime:
    """The first moment of this day in Europe/Amsterdam, as UTC (for 'from … to …' filters)."""
    return datetime.combine(day, time.min, tzinfo=AMSTERDAM).astimezone(UTC)


def format_money(value: Decimal | None) -> str:
    """An amount the Dutch way: € 1.360,33 (rounded half-up to cents; negative as € -5,00)."""
    if value is None:
        return ""
    cents = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{abs(cents):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {'-' if cents < 0 else ''}{text}"
