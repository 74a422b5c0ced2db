"""Official slips as PDF: laid out as Vietnamese administrative documents (national motto
header, issuing unit, number and date), each with a QR code that opens the public lookup.
Moved here from ``documents``: what a slip says comes from the dossier; ``documents`` renders,
signs, stores and verifies it.

The content comes from ``dossiers.Slip.content``, written when the slip was issued; rendering
never reads the dossier's current state, so a slip printed later says what it said then.
Templates are versioned data (``documents.DocumentTemplate``, key ``slips/<kind>``) with the
files under ``templates/documents/slips`` as version 0; ``issue_slip`` signs and stores
(through ``documents.issue``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from core import clock
from documents.models import IssuedDocument, new_document_code
from documents.pdf import qr_svg, signed_download
from dossiers.issued import save_for_dossier, slip_document
from dossiers.models import Dossier, Slip


def lookup_url(dossier_code: str) -> str:
    """The public lookup page for a dossier, as printed in the QR code."""
    path = reverse("portal:lookup") + "?" + urlencode({"ma": dossier_code})
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + path


def slip_context(slip: Slip, code: str = "") -> dict[str, Any]:
    """What a slip template sees: the slip's content as issued, never the dossier's state now."""
    from documents.issue import verify_url

    content = dict(slip.content)
    return {
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
    with issue_slip(slip).file.open("rb") as stored:
        content: bytes = stored.read()
    return content


def slip_download(request: HttpRequest, slip: Slip, filename: str) -> HttpResponse:
    return signed_download(request, lambda: signed_slip_pdf(slip), filename)


def _parse(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


CONTROL_TITLE = "Phiếu kiểm soát quá trình giải quyết hồ sơ"


def control_slip_pdf(dossier: Dossier, issued_by: str) -> bytes:
    """The control slip (phiếu kiểm soát): every hand-over of the dossier so far, from its
    events; rendered and signed by the receiving unit each time it is asked for."""
    from documents import signing
    from documents.issue import html_to_pdf, render_template
    from workdays.calendar import to_local

    now = to_local(clock.now())
    events = [
        {
            "at": to_local(e.at).strftime("%H:%M %d/%m/%Y"),
            "what": e.get_type_display(),
            "who": ", ".join(
                p for p in (e.actor_name, e.actor_unit.name if e.actor_unit else "") if p
            ),
            "step": e.step.name if e.step else "",
            "note": e.reason,
            "late": bool(e.parameters.get("step_overdue")),
        }
        for e in dossier.events.select_related("step", "actor_unit").order_by("seq")
    ]
    unit = dossier.receiving_unit
    content = {
        "dossier_code": dossier.code,
        "procedure_name": dossier.procedure_version.name,
        "applicant_name": dossier.applicant_name,
        "unit_name": unit.name,
        "issued_by": issued_by,
        "issued_at": now.isoformat(),
        "received_at": dossier.received_at.isoformat() if dossier.received_at else "",
        "due_at": dossier.due_at.isoformat() if dossier.due_at else "",
        "apology": bool(dossier.apology_at),
        "events": events,
    }
    context = {
        "c": content,
        "title": CONTROL_TITLE,
        "issued": now,
        "place": settings.MOTCUA_PLACE_NAME,
        "qr": qr_svg(lookup_url(dossier.code)),
        "lookup": lookup_url(dossier.code),
        "received": _parse(content["received_at"]),
        "due": _parse(content["due_at"]),
    }
    pdf = html_to_pdf(render_template("slips/control", context).html)
    return signing.seal_pdf(pdf, unit.code, unit.name, CONTROL_TITLE)


def issue_slip(slip: Slip) -> IssuedDocument:
    """The slip's signed PDF, made and stored on first request."""
    # Imported on use, as before the move: pyHanko and WeasyPrint load only where PDFs are made.
    from documents import signing
    from documents.issue import html_to_pdf, render_template, signer_entry

    existing = slip_document(slip)
    if existing is not None:
        return existing
    code = new_document_code()
    key = f"slips/{slip.kind}"
    rendered = render_template(key, slip_context(slip, code))
    seal = signing.Holder.unit(slip.unit.code, slip.unit.name)
    signed = signing.seal_pdf(
        html_to_pdf(rendered.html), slip.unit.code, slip.unit.name, str(Slip.Kind(slip.kind).label)
    )
    document = IssuedDocument(
        code=code,
        kind=IssuedDocument.Kind.SLIP,
        title=str(Slip.Kind(slip.kind).label),
        issuer=slip.unit,
        issued_at=slip.issued_at,
        signers=[signer_entry(seal)],
        template=rendered.template,
    )
    name = f"{slip.kind}-{slip.dossier.code}.pdf"
    try:
        return save_for_dossier(document, signed, name, dossier=slip.dossier, slip=slip)
    except IntegrityError:  # another request issued it first: theirs is the slip
        return IssuedDocument.objects.get(dossier_link__slip=slip)
