"""The health check for load balancers, systemd and containers: GET /healthz.

200 when this process answers and its database does (one ``SELECT 1``), 503 otherwise; the body
gives the admission counters of this process (core/admission.py). No session, no template.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from core import admission

logger = logging.getLogger("motcua")


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("healthz: database unavailable: %s", exc)
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    body: dict[str, object] = {"status": "ok", "database": "ok"}
    if admission.current is not None:
        body["admission"] = admission.current.snapshot()
    response = JsonResponse(body)
    response["Cache-Control"] = "no-store"
    return response
