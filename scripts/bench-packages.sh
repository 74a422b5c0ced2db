#!/usr/bin/env bash
# Install what `make bench` needs besides the Python dependencies, only what is missing:
#   wrk         the HTTP load generator (driven by Lua scripts in bench/wrk.py)
#   pgbench     the database's one-row-insert reference (postgresql-contrib on older Debian;
#               with PostgreSQL's client tools on newer ones)
# Without root (or apt-get) it prints what to install and stops: the benchmark cannot run.
set -euo pipefail

need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
if ! command -v pgbench >/dev/null 2>&1; then
  if apt-cache show postgresql-contrib >/dev/null 2>&1; then need+=(postgresql-contrib); fi
fi
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "error: please install these system packages for the benchmark: ${need[*]}" >&2
  exit 1
fi
echo "Installing benchmark packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || true
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
