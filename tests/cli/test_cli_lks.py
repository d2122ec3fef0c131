"""`koers lks`: the worked example of rules.md §2 to the cent, as text and JSON; bad input is a
Dutch message with exit code 1, a usage error exit code 2."""

from __future__ import annotations

import json

import pytest

from app.cli import main


@pytest.fixture
def url(tmp_path, monkeypatch):
    monkeypatch.setenv("KOERS_DATA_DIR", str(tmp_path / "data"))
    return f"sqlite:///{tmp_path / 'koers.db'}"


def test_worked_example_as_json(url, capsys):
    assert main(["--database", url, "lks", "--loonwaarde", "50", "--uren", "32",
                 "--peildatum", "2026-03-01", "--format", "json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out) == {
        "wml_uur": "14.71", "wml_maand": "2039.79", "wml_maand_vt": "2202.97",
        "loonwaarde_euro": "1101.48", "lks_voor_maximum": "1101.48", "lks": "1101.48",
        "werkgeverslasten": "258.85", "totaal": "1360.33",
    }  # fmt: skip


def test_text_uses_dutch_money(url, capsys):
    assert main(["--database", url, "lks", "--loonwaarde", "50", "--uren", "32",
                 "--peildatum", "01-03-2026"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "Totaal per maand" in out and "€ 1.360,33" in out


def test_wml_override_and_youth_wage(url, capsys):
    main(["--database", url, "lks", "--loonwaarde", "50", "--uren", "32", "--peildatum",
          "2026-03-01", "--wml-uur", "14,71", "--format", "json"])  # fmt: skip
    assert json.loads(capsys.readouterr().out)["totaal"] == "1360.33"
    main(["--database", url, "lks", "--loonwaarde", "50", "--uren", "32", "--peildatum",
          "2026-03-01", "--leeftijd", "18", "--format", "json"])  # fmt: skip
    assert json.loads(capsys.readouterr().out)["wml_uur"] == "7.36"  # 50 % of 14.71, rounded


def test_the_table_of_the_peildatum_is_used(url, capsys):
    main(["--database", url, "lks", "--loonwaarde", "50", "--uren", "32", "--peildatum",
          "2025-12-31", "--format", "json"])  # fmt: skip
    assert json.loads(capsys.readouterr().out)["wml_uur"] == "14.40"


@pytest.mark.parametrize("args, message", [
    (["--loonwaarde", "120"], "loonwaarde van 0 tot en met 100"),
    (["--uren", "0"], "1 tot en met 40 uur"),
    (["--leeftijd", "14"], "14 jaar geldt geen minimumloon"),
    (["--peildatum", "2023-06-01"], "geen minimumloon bekend"),
])  # fmt: skip
def test_bad_input_is_refused_in_dutch(url, capsys, args, message):
    base = {"--loonwaarde": "50", "--uren": "32", "--peildatum": "2026-03-01"}
    for key, value in zip(args[::2], args[1::2], strict=True):
        base[key] = value
    argv = ["--database", url, "lks", *[x for kv in base.items() for x in kv]]
    assert main(argv) == 1
    assert message in capsys.readouterr().err


def test_not_a_number_is_a_usage_error(url, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--database", url, "lks", "--loonwaarde", "veel", "--uren", "32",
              "--peildatum", "2026-03-01"])  # fmt: skip
    assert exit_.value.code == 2
    assert "geen getal" in capsys.readouterr().err
