#!/usr/bin/env bash
# Make sure a local PostgreSQL is running and has the motcua role and database.
# Used by .ci/run and by developers: `bash scripts/postgres.sh` then
#   DATABASE_URL=postgres://motcua:motcua@127.0.0.1:5432/motcua make test
set -euo pipefail

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
  else
    echo "PostgreSQL is not running on 127.0.0.1:5432 and pg_ctlcluster is not available." >&2
    exit 1
  fi
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi

psql_admin() {
  if [ "$(id -u)" = "0" ] && id postgres >/dev/null 2>&1; then
    runuser -u postgres -- psql -v ON_ERROR_STOP=1 -q "$@"
  else
    psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q "$@"
  fi
}

psql_admin -d postgres <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'motcua') THEN
    CREATE ROLE motcua LOGIN PASSWORD 'motcua' CREATEDB;
  END IF;
END $$;
SQL
if ! psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'motcua'" | grep -q 1; then
  psql_admin -d postgres -c "CREATE DATABASE motcua OWNER motcua"
fi
echo "PostgreSQL ready: postgres://motcua:motcua@127.0.0.1:5432/motcua"
