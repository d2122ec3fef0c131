#!/usr/bin/env bash
# The whole test suite: lint, every test on SQLite, then the database tests again on a
# throwaway PostgreSQL server that is always stopped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv/bin
export QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 PYTHONDONTWRITEBYTECODE=1

echo "== Ruff =="
$venv/ruff check .
$venv/ruff format --check --quiet .

echo "== Alle tests op SQLite =="
$venv/pytest -q "$@"

echo "== Databasetests op PostgreSQL =="
pgdir=$(mktemp -d /tmp/koers-pg.XXXXXX)
chmod 755 "$pgdir"
trap 'scripts/throwaway-postgres.sh stop "$pgdir"; rm -rf "$pgdir"' EXIT
url=$(scripts/throwaway-postgres.sh start "$pgdir")
KOERS_TEST_DATABASE_URL=$url $venv/pytest -q -m database "$@"

if [ $# -eq 0 ]; then  # the whole suite: also the installer, as a user gets it
    echo "== Installer bouwen en zelftest =="
    scripts/installer.sh
fi
