#!/usr/bin/env bash
# Makes a PostgreSQL server answer on 127.0.0.1 for test/e2e/postgres.test.ts
# (replicas migrating under the entrypoint's advisory lock) and prints the
# URL it needs as an `export` line:
#
#   eval "$(bash test/e2e/postgres-setup.sh)"
#
# Each step is skipped when already done, so a second run takes a second:
#   1. installs Debian's `postgresql` package (apt-get, as root) when there
#      is no PostgreSQL server on the machine;
#   2. starts the Debian cluster on the port (creating one if there is none)
#      when nothing answers there;
#   3. creates the login role cdd_e2e (it may create databases: each test run
#      makes its own empty one) and its database cdd_e2e.
#
# It prints `export E2E_POSTGRES_URL=postgres://cdd_e2e:...@127.0.0.1:PORT/cdd_e2e`.
# Given E2E_POSTGRES_URL already, it prints that and does nothing else (a
# server of your own; its role needs CREATEDB). E2E_POSTGRES_PORT picks the
# port (default 5432).
#
# Progress goes to stderr. apt-get's and the server's output go to a log file
# ($E2E_POSTGRES_LOG, default /tmp/cdd-e2e-postgres.log), never to stdout:
# the server started here inherits the descriptors of whatever starts it, and
# one left on stdout would keep `$(bash postgres-setup.sh)` waiting forever
# (see test/e2e/machine-setup.sh). A failure exits non-zero with the reason.
set -euo pipefail

if [ -n "${E2E_POSTGRES_URL:-}" ]; then
  printf 'export E2E_POSTGRES_URL=%q\n' "$E2E_POSTGRES_URL"
  exit 0
fi

PORT="${E2E_POSTGRES_PORT:-5432}"
ROLE=cdd_e2e
PASSWORD=cdd_e2e
LOG="${E2E_POSTGRES_LOG:-/tmp/cdd-e2e-postgres.log}"
log() { echo "postgres-setup: $*" >&2; }
die() { echo "postgres-setup: error: $* (log: $LOG)" >&2; exit 1; }
: >"$LOG"

# Commands as the postgres superuser, through the local socket (peer auth).
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"
  else sudo -n -u postgres "$@"
  fi
}
ready() { pg_isready -q -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1; }

# 1. The server package.
if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql/*/bin/postgres 2>/dev/null)" ]; then
  [ "$(id -u)" = 0 ] || die "no PostgreSQL server here, and installing Debian's postgresql package needs root"
  command -v apt-get >/dev/null 2>&1 || die "no PostgreSQL server here and no apt-get to install one; set E2E_POSTGRES_URL to a server of yours"
  log "installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends postgresql >>"$LOG" 2>&1 </dev/null; then
    apt-get update >>"$LOG" 2>&1 </dev/null || die "apt-get update failed"
    apt-get install -y --no-install-recommends postgresql >>"$LOG" 2>&1 </dev/null || die "apt-get install postgresql failed"
  fi
fi

# 2. A cluster answering on the port.
if ! ready; then
  cluster="$(pg_lsclusters --no-header 2>/dev/null | awk -v port="$PORT" '$3 == port { print $1 " " $2; exit }')"
  if [ -z "$cluster" ]; then
    version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    log "creating PostgreSQL $version cluster e2e on port $PORT"
    pg_createcluster "$version" e2e --port "$PORT" >>"$LOG" 2>&1 </dev/null || die "pg_createcluster failed"
    cluster="$version e2e"
  fi
  log "starting PostgreSQL cluster $cluster on port $PORT"
  # shellcheck disable=SC2086 # "version name"
  pg_ctlcluster $cluster start >>"$LOG" 2>&1 </dev/null || die "pg_ctlcluster $cluster start failed"
  for _ in $(seq 60); do ready && break; sleep 0.5; done
  ready || die "PostgreSQL cluster $cluster does not answer on 127.0.0.1:$PORT"
fi

# 3. The test's role and database (password login over TCP, as pg_hba allows
#    for 127.0.0.1 by default on Debian).
as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" -d postgres >>"$LOG" 2>&1 <<SQL || die "could not create the role $ROLE"
DO \$\$ BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  ELSE
    CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  END IF;
END \$\$;
SQL
if [ "$(as_postgres psql -X -tA -p "$PORT" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$ROLE'" 2>>"$LOG" </dev/null)" != 1 ]; then
  as_postgres createdb -p "$PORT" -O "$ROLE" "$ROLE" >>"$LOG" 2>&1 </dev/null || die "could not create the database $ROLE"
fi
log "PostgreSQL answers on 127.0.0.1:$PORT (role and database $ROLE)"
printf 'export E2E_POSTGRES_URL=%q\n' "postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$ROLE"
