"""Plain PDF helpers for every issued document: its QR images and its download response
(moved from ``documents.slips`` when what a slip says moved to ``dossiers.slips``)."""

from __future__ import annotations

import logging
from collections.abc import Callable

import segno
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


def qr_svg(data: str) -> str:
    return segno.make(data, error="m").svg_data_uri(scale=3, border=2)


def signed_download(
    request: HttpRequest, produce: Callable[[], bytes], filename: str
) -> HttpResponse:
    """A signed PDF; or, when it cannot be signed (no certificate configured in production, the
    signing device unreachable), a page that says so with the error's code: 503, not 500. The
    log has the reason; the person is not shown file paths."""
    from documents.signing import SignatureError

    try:
        content = produce()
    except SignatureError as exc:
        logger.error("%s not signed (%s): %s", filename, exc.code, exc)
        return render(request, "documents/unavailable.html", {"code": exc.code}, status=503)
    return pdf_response(content, filename)


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
