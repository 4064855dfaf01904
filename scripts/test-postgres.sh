#!/usr/bin/env bash
# start_test_postgres: starts a PostgreSQL server from Debian's packages on 127.0.0.1 and a free port,
# with its own data folder, and exports TELEMATICS_TEST_PG_URL and TELEMATICS_REQUIRE_PG=1 for the
# tests. The server is stopped and its folder removed when the calling shell exits.

free_port() {
  local p
  for p in $(seq 25432 25532); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/"$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  echo "no free port between 25432 and 25532" >&2; return 1
}

start_test_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "PostgreSQL server binaries not found under /usr/lib/postgresql (package postgresql)" >&2; return 1
  fi
  PG_TEST_DIR=$(mktemp -d /tmp/telematics-pg.XXXXXX)
  PG_TEST_PORT=$(free_port)
  local as=()
  if [ "$(id -u)" -eq 0 ]; then  # PostgreSQL refuses to run as root: use the package's postgres user
    chown postgres "$PG_TEST_DIR"
    as=(runuser -u postgres --)
  fi
  # clean up whatever happens from here on (a failed start included)
  PG_TEST_STOP=("${as[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -m fast -w stop)
  trap 'stop_test_postgres' EXIT
  "${as[@]}" "$bin/initdb" -D "$PG_TEST_DIR/data" -A trust -U postgres -E UTF8 >"$PG_TEST_DIR/initdb.log" 2>&1 \
    || { cat "$PG_TEST_DIR/initdb.log" >&2; return 1; }
  "${as[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w -t 60 \
    -o "-p $PG_TEST_PORT -k $PG_TEST_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
    || { cat "$PG_TEST_DIR/server.log" >&2; return 1; }
  export TELEMATICS_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$PG_TEST_PORT/postgres?user=postgres"
  export TELEMATICS_REQUIRE_PG=1
  echo "test PostgreSQL on 127.0.0.1:$PG_TEST_PORT ($("$bin/postgres" --version))"
}

stop_test_postgres() {
  "${PG_TEST_STOP[@]}" >/dev/null 2>&1 || true
  rm -rf "$PG_TEST_DIR"
}
