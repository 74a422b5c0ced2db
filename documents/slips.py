"""Official slips as PDF: laid out as Vietnamese administrative documents (national motto
header, issuing unit, number and date), each with a QR code that opens the public lookup.

The content comes from ``dossiers.Slip.content``, written when the slip was issued; rendering
never reads the dossier's current state, so a slip printed later says what it said then.
Signing (PAdES) comes next: these bytes are what will be signed.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from dossiers.models import Slip

TEMPLATES = {
    Slip.Kind.RECEIPT: "documents/slips/receipt.html",
    Slip.Kind.SUPPLEMENT: "documents/slips/supplement.html",
    Slip.Kind.REFUSAL: "documents/slips/refusal.html",
    Slip.Kind.APOLOGY: "documents/slips/apology.html",
    Slip.Kind.STOP: "documents/slips/stop.html",
}


def lookup_url(dossier_code: str) -> str:
    """The public lookup page for a dossier, as printed in the QR code."""
    path = reverse("portal:lookup") + "?" + urlencode({"ma": dossier_code})
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + path


def qr_svg(data: str) -> str:
    return segno.make(data, error="m").svg_data_uri(scale=3, border=2)


def render_slip_html(slip: Slip) -> str:
    content = dict(slip.content)
    issued = datetime.fromisoformat(content["issued_at"])
    with translation.override("vi"):
        return render_to_string(
            TEMPLATES[Slip.Kind(slip.kind)],
            {
                "slip": slip,
                "c": content,
                "title": Slip.Kind(slip.kind).label,
                "issued": issued,
                "place": settings.MOTCUA_PLACE_NAME,
                "qr": qr_svg(lookup_url(content["dossier_code"])),
                "lookup": lookup_url(content["dossier_code"]),
                "due": _parse(content.get("due_at")),
                "received": _parse(content.get("received_at")),
                "new_due": _parse(content.get("new_due_at")),
                "old_due": _parse(content.get("old_due_at")),
            },
        )


def render_slip_pdf(slip: Slip) -> bytes:
    from weasyprint import HTML  # imported on use: about 0.7 s, only where PDFs are made

    return bytes(HTML(string=render_slip_html(slip)).write_pdf())


def signed_slip_pdf(slip: Slip) -> bytes:
    """The slip as issued: rendered, and signed by the issuing unit's certificate (PAdES)."""
    from documents.signing import sign_pdf, unit_signer

    return sign_pdf(
        render_slip_pdf(slip),
        unit_signer(slip.unit.code, slip.unit.name),
        field_name="ChuKyDonVi",
        reason=str(Slip.Kind(slip.kind).label),
        location=settings.MOTCUA_PLACE_NAME,
    )


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _parse(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None
