"""WSGI entry point (serve with gunicorn or granian in production)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from core.checks import warn_at_start  # noqa: E402 - needs the apps loaded

warn_at_start()
