"""The WSGI application of ``bench.bare`` (DJANGO_SETTINGS_MODULE=bench.bare)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bare")
application = get_wsgi_application()
