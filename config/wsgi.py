"""WSGI entry point: `make serve` (scripts/serve.sh) serves it with granian.

The Django application is wrapped in the admission controller (core/admission.py): each traffic
class has a bounded number of requests in flight per process, and a request over its class's
limit is answered 503 with Retry-After at once instead of waiting in a queue.
"""

from __future__ import annotations

import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

from core import admission  # noqa: E402 - needs the settings
from core.checks import warn_at_start  # noqa: E402 - needs the apps loaded

application = admission.from_settings(django_application)
# How long a thread holds the GIL before another may take it (Python's default: 5 ms). Shorter,
# a refusal (a few microseconds of Python) waits less behind the pages being computed.
_switch_ms = float(os.environ.get("MOTCUA_SWITCH_INTERVAL_MS", "0") or 0)
if _switch_ms > 0:
    sys.setswitchinterval(_switch_ms / 1000)
warn_at_start()
