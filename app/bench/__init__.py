"""`koers bench` / `make bench`: the timings users feel, on a realistic demo database.

- `uitslag`: one measurement (median, p95, target, hand-written SQL ratio), the machine, and the
  JSON and markdown they are written as;
- `gegevens`: the bench database (generated once per size) and the medewerkers measured as;
- `vragen`: the figures measured through the services, next to hand-written SQL;
- `gui`: the figures measured in the GUI itself, in a separate offscreen process;
- `run`: all of it, plus the scale check (the same figures on a tenth of the inwoners).

Benchmarks are not tests: they report, and say which target they missed.
"""
