"""Field checks: every rule with the allowed path and each refusal."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services import validation as v
from app.services.errors import ValidationError

TODAY = date(2026, 11, 23)


def refusal(func, *args, **kwargs) -> tuple[str, str]:
    with pytest.raises(ValidationError) as info:
        func(*args, **kwargs)
    ((field, message),) = info.value.errors.items()
    return field, message


class TestBsn:
    @pytest.mark.parametrize("raw", ["111222333", "123456782", " 1112.22.333 ", "111 222 333"])
    def test_valid(self, raw):
        assert v.check_bsn(raw) == raw.strip().replace(".", "").replace(" ", "")

    def test_eight_digits_get_a_leading_zero(self):
        # 012345672: 0*9+1*8+2*7+3*6+4*5+5*4+6*3+7*2-2 = 110, divisible by 11
        assert v.check_bsn("12345672") == "012345672"

    def test_elfproef(self):
        assert refusal(v.check_bsn, "123456789") == (
            "bsn",
            "BSN 123456789 voldoet niet aan de elfproef; controleer het nummer.",
        )

    def test_all_zeros_is_not_a_bsn(self):
        assert "elfproef" in refusal(v.check_bsn, "000000000")[1]

    @pytest.mark.parametrize("raw", ["12345", "1234567890"])
    def test_length(self, raw):
        assert (
            refusal(v.check_bsn, raw)[1] == f"Een BSN heeft 9 cijfers: '{raw}' heeft er {len(raw)}."
        )

    def test_letters(self):
        assert "alleen uit cijfers" in refusal(v.check_bsn, "12345678a")[1]

    def test_empty(self):
        assert refusal(v.check_bsn, "  ") == ("bsn", "Vul het BSN in.")

    @given(st.integers(min_value=10_000_000, max_value=99_999_999))
    def test_exactly_one_check_digit_passes(self, body):
        # rules.md §1: 9·d1 + … + 2·d8 − 1·d9 ≡ 0 (mod 11); at most one final digit satisfies it.
        digits = [int(c) for c in str(body)]
        weighted = sum(w * d for w, d in zip(range(9, 1, -1), digits, strict=True))
        passing = []
        for last in range(10):
            try:
                v.check_bsn(f"{body}{last}")
                passing.append(last)
            except ValidationError:
                pass
        expected = [weighted % 11] if weighted % 11 < 10 else []
        assert passing == expected


class TestPostcode:
    @pytest.mark.parametrize(("raw", "normal"), [("4201ab", "4201 AB"), (" 1961 XZ ", "1961 XZ")])
    def test_valid(self, raw, normal):
        assert v.check_postcode(raw) == normal

    @pytest.mark.parametrize("raw", ["1234 A", "0123 AB", "1234 SS", "12345", "ABCD EF"])
    def test_invalid(self, raw):
        assert refusal(v.check_postcode, raw) == (
            "postcode",
            f"Vul een geldige postcode in, zoals 4201 AB: '{raw}' is dat niet.",
        )


class TestGeboortedatum:
    def test_valid(self):
        assert v.check_geboortedatum(date(1990, 5, 1), today=TODAY) == date(1990, 5, 1)

    def test_today_is_allowed(self):
        assert v.check_geboortedatum(TODAY, today=TODAY) == TODAY

    def test_future(self):
        assert refusal(v.check_geboortedatum, date(2026, 11, 24), today=TODAY) == (
            "geboortedatum",
            "De geboortedatum 24-11-2026 ligt in de toekomst.",
        )

    def test_too_old(self):
        assert (
            "meer dan 120 jaar" in refusal(v.check_geboortedatum, date(1900, 1, 1), today=TODAY)[1]
        )

    def test_missing(self):
        assert refusal(v.check_geboortedatum, None, today=TODAY)[0] == "geboortedatum"


class TestOtherFields:
    @pytest.mark.parametrize("raw", ["12", "12a", "12 A", "12-2", "1001"])
    def test_huisnummer_valid(self, raw):
        assert v.check_huisnummer(raw)

    @pytest.mark.parametrize("raw", ["a12", "0", "", "12!"])
    def test_huisnummer_invalid(self, raw):
        assert refusal(v.check_huisnummer, raw)[0] == "huisnummer"

    @pytest.mark.parametrize(
        "raw", ["0612345678", "0183-123456", "+31 6 12345678", "0031612345678"]
    )
    def test_telefoon_valid(self, raw):
        assert v.check_telefoon(raw) == raw

    @pytest.mark.parametrize("raw", ["061234567", "bel mij", "+31", "06123456789"])
    def test_telefoon_invalid(self, raw):
        assert refusal(v.check_telefoon, raw)[0] == "telefoon"

    def test_email(self):
        assert v.check_email(" a.b@avres.nl ") == "a.b@avres.nl"
        assert refusal(v.check_email, "a.b@avres")[0] == "email"

    def test_required_and_length(self):
        assert v.check_required("  Jan   Piet ", "voornamen", "de voornamen") == "Jan Piet"
        assert refusal(v.check_required, "", "voornamen", "de voornamen") == (
            "voornamen",
            "Vul de voornamen in.",
        )
        assert "te lang" in refusal(v.check_required, "x" * 201, "voornamen", "de voornamen")[1]
