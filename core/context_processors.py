from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {"motcua_site_name": settings.MOTCUA_SITE_NAME, "debug": settings.DEBUG}
