#!/usr/bin/env bash
# The container's entry point (deploy/Containerfile): migrate, then serve.
#   entrypoint.sh [all]     migrations, then web + worker + deadline scan + anchoring
#   entrypoint.sh web       migrations, then the web server alone
#   entrypoint.sh worker | scan | anchor    that process alone (no migrations: the web
#                                           container runs them)
# A TERM (podman stop) stops every process; the exit status is the web server's.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
kind="${1:-all}"
case "$kind" in
  all)
    exec "$here/scripts/serve.sh" all
    ;;
  web)
    "$here/scripts/serve.sh" prepare
    exec "$here/scripts/serve.sh" web
    ;;
  worker | scan | anchor)
    exec "$here/scripts/serve.sh" "$kind"
    ;;
  *)
    # Anything else is a command of its own (a shell, manage.py …).
    exec "$@"
    ;;
esac
