# Koers — two commands on a fresh Debian/Ubuntu machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test screenshots bench loadtest installer lint venv system-deps clean

run: system-deps $(STAMP)  ## create .venv, install, create/upgrade the embedded database, open Koers
	$(BIN)/koers gui

test: system-deps $(STAMP)  ## lint + all tests on SQLite + database tests on a throwaway PostgreSQL
	scripts/test.sh

screenshots: system-deps $(STAMP)  ## PNGs of the main screens with demo data, under Xvfb
	QT_QPA_PLATFORM=xcb LANG=C.UTF-8 xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
		$(BIN)/python scripts/screenshots.py --out docs/screenshots

bench: system-deps $(STAMP)  ## timings users feel at 100,000 inwoners, against their targets (BENCHMARKS.md)
	$(BIN)/koers bench --inwoners 100000

loadtest: system-deps $(STAMP)  ## 20 users × 60 s on a throwaway PostgreSQL, then checks nothing was lost
	$(BIN)/python scripts/loadtest.py

installer: system-deps $(STAMP)  ## dist/koers/: Koers with Python, Qt and everything else, then its self-test
	scripts/installer.sh

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

system-deps:
	scripts/system-deps.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist *.egg-info
