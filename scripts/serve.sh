#!/usr/bin/env bash
# MotCua in production (docs/deploy.md). One process kind per argument, so that `make serve`,
# the systemd units and the container image run the very same command lines:
#
#   scripts/serve.sh            prepare, then web + worker + scan + anchor; Ctrl-C/TERM stops all
#   scripts/serve.sh prepare    migrate, collectstatic (hashed, compressed; skipped with
#                               MOTCUA_COLLECTSTATIC=false, as in the image), cache table
#   scripts/serve.sh web        granian, WSGI, one worker per core (WEB_WORKERS), threads above
#                               the admission budgets (WEB_THREADS, core/admission.py)
#   scripts/serve.sh worker     the task worker (tasks, lost-task recovery, outbox sweeps)
#   scripts/serve.sh scan       the deadline scan, every SCAN_EVERY seconds (600)
#   scripts/serve.sh anchor     the chain anchoring, every ANCHOR_EVERY seconds (3600)
#
# Settings come from the environment (deploy/motcua.env.example lists them); HOST and PORT say
# where the web server listens (127.0.0.1:8000: put a reverse proxy with TLS in front).
set -euo pipefail
cd "$(dirname "$0")/.."

# MOTCUA_ENV_FILE: an env file to read first (deploy/motcua.env.example shows one).
if [ -n "${MOTCUA_ENV_FILE:-}" ]; then
  set -a
  # shellcheck disable=SC1090
  . "$MOTCUA_ENV_FILE"
  set +a
fi

# Production unless told otherwise: settings then refuse to start without SECRET_KEY and
# ALLOWED_HOSTS (DEBUG=true make serve tries it out on a development setup).
export DEBUG="${DEBUG:-false}"
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
SCAN_EVERY=${SCAN_EVERY:-600}
ANCHOR_EVERY=${ANCHOR_EVERY:-3600}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings}
export PYTHONUNBUFFERED=1

web() {
  local workers threads
  workers=${WEB_WORKERS:-$(nproc)}
  # Above the sum of the admission budgets, so that a request over its class's limit reaches
  # the controller (and its quick 503) instead of waiting for a thread.
  threads=${WEB_THREADS:-$("$PY" -m core.admission threads)}
  # No page query runs longer than this (PostgreSQL cancels it): a slow page fails instead of
  # holding its thread, its connection and its admission budget. The background processes
  # (long scans, anchoring) are not bounded.
  # Threads hand the GIL over every 1 ms instead of 5: refusals wait less behind busy pages
  # (measured in docs/deploy.md).
  export MOTCUA_SWITCH_INTERVAL_MS="${MOTCUA_SWITCH_INTERVAL_MS:-1}"
  export PGOPTIONS="${PGOPTIONS:--c statement_timeout=${WEB_STATEMENT_TIMEOUT_MS:-30000}}"
  # --backpressure bounds the connections a worker serves at once (a keep-alive connection
  # holds its place while idle): it must stay well above the threads, or a few hundred busy
  # clients keep every newcomer waiting in the listen backlog, lookups included (measured:
  # docs/deploy.md). Past the threads, requests wait briefly for one; the admission budgets
  # keep that wait to the time a refusal takes.
  exec "$PY" -m granian --interface wsgi --host "$HOST" --port "$PORT" \
    --workers "$workers" --blocking-threads "$threads" \
    --backpressure "${WEB_BACKPRESSURE:-1024}" --backlog "${WEB_BACKLOG:-2048}" \
    --no-ws --respawn-failed-workers --workers-kill-timeout 30 \
    --log-level "${WEB_LOG_LEVEL:-warning}" ${WEB_ACCESS_LOG:+--access-log} \
    "${WEB_APP:-config.wsgi:application}"
}

prepare() {
  # Bytecode written once here: processes that start often (the deadline scan, workers
  # respawned) then skip compiling some 650 modules (~2 s), whatever PYTHONDONTWRITEBYTECODE says.
  "$PY" -m compileall -q -j 0 -x '/(node_modules|var|tests)/' . >/dev/null || true
  "$PY" manage.py migrate --no-input -v 0
  if [ "${MOTCUA_COLLECTSTATIC:-true}" != false ]; then
    MOTCUA_STATIC_MANIFEST=true "$PY" manage.py collectstatic --no-input -v 0
  fi
  "$PY" manage.py createcachetable
}

case "${1:-all}" in
  prepare) prepare ;;
  web) web ;;
  worker) exec "$PY" manage.py worker ;;
  scan) exec "$PY" manage.py dossiers scan-deadlines --every "$SCAN_EVERY" ;;
  anchor) exec "$PY" manage.py dossiers anchor-chains --every "$ANCHOR_EVERY" ;;
  all)
    prepare
    pids=()
    stop() {
      trap - INT TERM EXIT
      kill -TERM "${pids[@]}" 2>/dev/null || true
      wait "${pids[@]}" 2>/dev/null || true
    }
    trap stop INT TERM EXIT
    for kind in worker scan anchor web; do
      "$0" "$kind" &
      pids+=($!)
    done
    echo "MotCua: http://$HOST:$PORT/ (granian, $(nproc) core(s)); Ctrl-C stops every process"
    # The first process to end (or a signal) stops the others.
    wait -n "${pids[@]}" || true
    ;;
  *)
    echo "usage: scripts/serve.sh [all|prepare|web|worker|scan|anchor]" >&2
    exit 2
    ;;
esac
