#!/usr/bin/env bash
# Create .venv with a suitable Python (3.13, else 3.12) and install the locked dependencies.
# Safe to run again: it only does what is missing or out of date.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION="0.13.9"
export UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=.venv UV_LINK_MODE=copy

python_ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }

find_python() {
  local candidates=()
  local root="${PYENV_ROOT:-$HOME/.pyenv}"
  candidates+=("$root/versions/$(cat .python-version 2>/dev/null || echo none)/bin/python3")
  for v in "$root"/versions/3.13*/bin/python3 "$root"/versions/3.12*/bin/python3; do candidates+=("$v"); done
  candidates+=(python3.13 python3.12 python3)
  for c in "${candidates[@]}"; do
    if command -v "$c" >/dev/null 2>&1 && python_ok "$c"; then command -v "$c"; return 0; fi
  done
  return 1
}

if [ ! -x .venv/bin/python ] || ! python_ok .venv/bin/python; then
  py=$(find_python) || { echo "MotCua needs Python 3.12 or newer (3.13 preferred); none found." >&2; exit 1; }
  echo "Creating .venv with $py ($("$py" --version))"
  rm -rf .venv
  "$py" -m venv .venv
fi

if [ "$(.venv/bin/uv --version 2>/dev/null | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION" 2>&1 \
    | grep -v "is ignored" || true
fi

stamp=.venv/.motcua-synced
if [ ! -f "$stamp" ] || [ uv.lock -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/uv sync --frozen --inexact --all-groups --compile-bytecode --python .venv/bin/python
  touch "$stamp"
fi

bash scripts/system-packages.sh

# Translations: compiled from locale/*.po (msgfmt comes with gettext).
if command -v msgfmt >/dev/null 2>&1; then
  .venv/bin/python manage.py compilemessages --ignore=.venv --verbosity 0
else
  echo "warning: gettext (msgfmt) not found: the English translation is not compiled" >&2
fi
