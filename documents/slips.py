"""Official slips as PDF: laid out as Vietnamese administrative documents (national motto
header, issuing unit, number and date), each with a QR code that opens the public lookup.

The content comes from ``dossiers.Slip.content``, written when the slip was issued; rendering
never reads the dossier's current state, so a slip printed later says what it said then.
Templates are versioned data (``documents.DocumentTemplate``, key ``slips/<kind>``) with the
files under ``templates/documents/slips`` as version 0; ``documents.issue`` signs and stores.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse

from dossiers.models import Slip


def lookup_url(dossier_code: str) -> str:
    """The public lookup page for a dossier, as printed in the QR code."""
    path = reverse("portal:lookup") + "?" + urlencode({"ma": dossier_code})
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + path


def qr_svg(data: str) -> str:
    return segno.make(data, error="m").svg_data_uri(scale=3, border=2)


def slip_context(slip: Slip, code: str = "") -> dict[str, Any]:
    """What a slip template sees: the slip's content as issued, never the dossier's state now."""
    from documents.issue import verify_url

    content = dict(slip.content)
    return {
        "slip": slip,
        "c": content,
        "title": Slip.Kind(slip.kind).label,
        "issued": datetime.fromisoformat(content["issued_at"]),
        "place": settings.MOTCUA_PLACE_NAME,
        "qr": qr_svg(lookup_url(content["dossier_code"])),
        "lookup": lookup_url(content["dossier_code"]),
        "code": code,
        "verify": verify_url(code) if code else "",
        "verify_qr": qr_svg(verify_url(code)) if code else "",
        "due": _parse(content.get("due_at")),
        "received": _parse(content.get("received_at")),
        "new_due": _parse(content.get("new_due_at")),
        "old_due": _parse(content.get("old_due_at")),
    }


def render_slip_html(slip: Slip, code: str = "") -> str:
    from documents.issue import render_template

    return render_template(f"slips/{slip.kind}", slip_context(slip, code)).html


def render_slip_pdf(slip: Slip) -> bytes:
    from documents.issue import html_to_pdf

    return html_to_pdf(render_slip_html(slip))


def signed_slip_pdf(slip: Slip) -> bytes:
    """The slip as issued: rendered once, signed by the issuing unit (PAdES) and stored."""
    from documents.issue import issue_slip

    with issue_slip(slip).file.open("rb") as stored:
        content: bytes = stored.read()
    return content


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _parse(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None
