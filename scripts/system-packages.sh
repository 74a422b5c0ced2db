#!/usr/bin/env bash
# Install the Debian packages that MotCua's document features and tests use:
#   poppler-utils  pdfsig / pdftoppm (independent signature check, slip rendering tests)
#   fonts-noto-core fonts-liberation2  Vietnamese fonts for slips and the visible signature stamp
#   softhsm2       a PKCS#11 token for the HSM signer and its tests
#   gettext        msgfmt, to compile the translations
#   libharfbuzz-subset0  font subsetting for WeasyPrint (small PDFs)
#   chromium       Debian's browser, driven by Playwright in the browser tests (axe-core, no-JS
#                  journeys); Playwright never downloads a browser of its own
#                  (not with MOTCUA_SKIP_BROWSER set: the container image)
# Only what is missing is installed. Without root (or apt-get) it prints what to install and
# carries on: the features fall back and the tests that need a package are skipped.
set -euo pipefail

need=()
command -v pdfsig >/dev/null 2>&1 || need+=(poppler-utils)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
command -v softhsm2-util >/dev/null 2>&1 || need+=(softhsm2)
ldconfig -p | grep -q libharfbuzz-subset || need+=(libharfbuzz-subset0)
[ -d /usr/share/fonts/truetype/noto ] || need+=(fonts-noto-core)
[ -d /usr/share/fonts/truetype/liberation2 ] || need+=(fonts-liberation2)
[ -x /usr/bin/chromium ] || [ -n "${MOTCUA_SKIP_BROWSER:-}" ] || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: please install these system packages: ${need[*]}" >&2
  exit 0
fi
echo "Installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || true
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
