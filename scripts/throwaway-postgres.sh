#!/usr/bin/env bash
# Starts a private, throwaway PostgreSQL cluster on 127.0.0.1 for the tests.
#   scripts/throwaway-postgres.sh start DIR   → prints the SQLAlchemy URL of database koers_test
#   scripts/throwaway-postgres.sh stop DIR
# As root the cluster runs as the 'postgres' user (initdb refuses root).
set -euo pipefail
action=$1 dir=$2

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ]; then
  echo "PostgreSQL is niet geïnstalleerd (pakket 'postgresql'); de databasetests kunnen niet op PostgreSQL draaien." >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null
    as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres koers_test
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/koers_test"
    ;;
  stop)
    [ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    ;;
  *)
    echo "gebruik: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
