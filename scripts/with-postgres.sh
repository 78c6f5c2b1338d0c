#!/usr/bin/env bash
# Runs a command with KAIKU_TEST_DATABASE_URL pointing at a throwaway PostgreSQL server:
# initdb into a temporary directory, a free loopback port, stopped and removed afterwards.
set -euo pipefail

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PGBIN" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
DIR=$(mktemp -d /tmp/kaiku-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

as_postgres() {
  # initdb refuses to run as root.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$DIR"

cleanup() {
  status=$?
  # A failed run shows what the server refused (e.g. too many connections), which the client's error hides.
  if [ "$status" != 0 ] && [ -f "$DIR/server.log" ]; then
    grep -E "FATAL|PANIC|ERROR" "$DIR/server.log" | sort | uniq -c | sort -rn | head -n 20 >&2 || true
  fi
  as_postgres "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

as_postgres "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c max_connections=1000" start >/dev/null  # tests run in parallel, each with its own pool
as_postgres "$PGBIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -c "CREATE DATABASE kaiku_test" >/dev/null

export KAIKU_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/kaiku_test?sslmode=disable"
echo "PostgreSQL $(basename "$(dirname "$PGBIN")") on 127.0.0.1:$PORT"
"$@"
