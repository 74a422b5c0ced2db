"""Official slips as PDF: laid out as Vietnamese administrative documents (national motto
header, issuing unit, number and date), each with a QR code that opens the public lookup.
Moved here from ``documents``: what a slip says comes from the dossier; ``documents`` renders,
signs, stores and verifies it.

What a slip says is assembled here once: ``slip_content`` is the header every slip carries
(the dossier, its procedure and applicant, the issuing unit and officer, the time) and
``template_context`` what a slip template sees; the issued slips (``create_slip``), the control
slip and the template preview (``documents.admin.sample_context``) all go through them.

The content of an issued slip comes from ``dossiers.Slip.content``, written when the slip was
issued; rendering never reads the dossier's current state, so a slip printed later says what it
said then (and content stored before a key was added still renders). Templates are versioned
data (``documents.DocumentTemplate``, key ``slips/<kind>``) with the files under
``templates/documents/slips`` as version 0; ``issue_slip`` signs and stores (through
``documents.issue``), in the worker (``dossiers.tasks``): a download finds the stored file, or
a page saying it is being prepared (``slip_download``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise

from core import clock
from documents.files import staging
from documents.models import IssuedDocument, new_document_code
from documents.pdf import pdf_response, qr_svg
from documents.storage import PREFIX
from dossiers.errors import NotPermitted
from dossiers.issued import save_for_dossier, slip_document
from dossiers.models import Dossier, DossierComponent, DossierEvent, Slip
from workdays.calendar import to_local

if TYPE_CHECKING:
    from dossiers.actors import Actor
    from units.models import GovernmentUnit


def lookup_url(dossier_code: str) -> str:
    """The public lookup page for a dossier, as printed in the QR code."""
    path = reverse("portal:lookup") + "?" + urlencode({"ma": dossier_code})
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + path


def slip_content(
    dossier: Dossier, unit: GovernmentUnit, issued_by: str, at: datetime, **extra: Any
) -> dict[str, Any]:
    """The header every slip carries, as plain data (what ``Slip.content`` stores), followed by
    what its kind adds (``extra``). Dates are local ISO strings: the slip shows the desk's day."""
    version = dossier.procedure_version
    header = {
        "dossier_code": dossier.code,
        "procedure_code": version.procedure.code,
        "procedure_name": version.name,
        "applicant_name": dossier.applicant_name,
        "applicant_id_number": dossier.applicant_id_number,
        "applicant_phone": dossier.applicant_phone,
        "applicant_address": dossier.applicant_address,
        "unit_code": unit.code,
        "unit_name": unit.name,
        "issued_by": issued_by,
        "issued_at": to_local(at).isoformat(),
    }
    return {**header, **extra}


def _local_iso(at: datetime | None) -> str:
    """A time in a slip's content: local ISO, or empty when there is none yet."""
    return to_local(at).isoformat() if at is not None else ""


def template_context(
    content: Mapping[str, Any], title: str | Promise, code: str = ""
) -> dict[str, Any]:
    """What a slip template sees: ``content`` (never a model), the QR to the public lookup, its
    dates parsed, and with the issued document's ``code`` the QR to its verification page.
    ``title`` may be a kind's lazy label: it is rendered in the slip's language (Vietnamese)."""
    from documents.issue import document_frame

    lookup = lookup_url(content["dossier_code"])
    return {
        "c": dict(content),
        "title": title,
        **document_frame(code, datetime.fromisoformat(content["issued_at"])),
        "qr": qr_svg(lookup),
        "lookup": lookup,
        "due": _parse(content.get("due_at")),
        "received": _parse(content.get("received_at")),
        "new_due": _parse(content.get("new_due_at")),
        "old_due": _parse(content.get("old_due_at")),
    }


def _parse(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def file_sha256(name: str) -> str:
    """The SHA-256 of a stored file, read from its content-addressed name (documents.storage
    names every file ``sha256/ab/cd/<digest>.<ext>``); empty for a file named otherwise."""
    if not name.startswith(PREFIX):
        return ""
    digest = posixpath.splitext(posixpath.basename(name))[0]
    return digest if len(digest) == 64 else ""


def component_entry(item: DossierComponent) -> dict[str, Any]:
    """One line of the receipt's list of components: with the SHA-256 of its file, or the
    data it was taken from, so that the signed receipt seals the whole electronic dossier."""
    return {
        "name": item.component.name,
        "state": item.state,
        "source": item.source,
        "sha256": file_sha256(item.file.name or ""),
        "document": item.certified_copy or item.reused_document,
    }


def component_list(dossier: Dossier) -> list[dict[str, Any]]:
    return [component_entry(c) for c in dossier.components.select_related("component")]


def declaration_entry(dossier: Dossier) -> dict[str, Any]:
    """What the receipt says of the declaration's data: its digest (empty when none)."""
    from dossiers.declarations import data_digest

    return {"declaration_sha256": data_digest(dossier.declaration) if dossier.declaration else ""}


def create_slip(
    dossier: Dossier, kind: Slip.Kind, actor: Actor, event: DossierEvent, **content: Any
) -> Slip:
    """The slip ``actor`` issues with ``event``: the header, then what its kind adds."""
    assert actor.unit is not None  # noqa: S101 - slips are issued by a unit, never the system
    if actor.user is None:
        raise NotPermitted("permission.system_only")
    slip = Slip.objects.create(
        dossier=dossier,
        kind=kind,
        issued_at=event.at,
        issued_by=actor.user,
        unit=actor.unit,
        event=event,
        content=slip_content(dossier, actor.unit, actor.name, event.at, **content),
    )
    return slip


def slip_context(slip: Slip, code: str = "") -> dict[str, Any]:
    """What a slip template sees: the slip's content as issued, never the dossier's state now."""
    return template_context(slip.content, Slip.Kind(slip.kind).label, code)


def render_slip_html(slip: Slip, code: str = "") -> str:
    from documents.issue import render_template

    return render_template(f"slips/{slip.kind}", slip_context(slip, code)).html


def render_slip_pdf(slip: Slip) -> bytes:
    from documents.issue import html_to_pdf

    return html_to_pdf(render_slip_html(slip))


# How soon the page saying a slip is being prepared asks again: once enqueued, the worker
# signs a slip in a fraction of a second.
PREPARING_RETRY_SECONDS = 3
# After a failed attempt the worker waits before the next (dossiers.tasks); the page asks again
# when it is due, but at least this often.
PREPARING_RETRY_MAX_SECONDS = 60


def slip_download(request: HttpRequest, slip: Slip, filename: str) -> HttpResponse:
    """The slip's signed PDF, as the worker stored it. Asked for before that (the worker has
    it queued, or retries after a failure), a page that says the slip is being prepared: 503
    with ``Retry-After`` and a ``Refresh`` that reloads it (no JavaScript needed), so the
    browser gets the PDF as soon as it exists. Rendering and signing, a few hundred
    milliseconds, stay with the worker, never in the request."""
    document = slip_document(slip)
    if document is not None:
        with document.file.open("rb") as stored:
            return pdf_response(stored.read(), filename)
    wait = PREPARING_RETRY_SECONDS
    due = slip.document_due_at
    if slip.document_attempts > 1 and due is not None:  # failed before: asked when next due
        ahead = int((due - clock.wall()).total_seconds())
        wait = max(PREPARING_RETRY_SECONDS, min(ahead, PREPARING_RETRY_MAX_SECONDS))
    response = render(
        request,
        "documents/slip_preparing.html",
        {"wait": wait, "code": slip.dossier.code, "url": request.get_full_path()},
        status=503,
    )
    response["Retry-After"] = str(wait)
    response["Refresh"] = str(wait)
    response["Cache-Control"] = "no-store"
    # An expected state, not a server error: Django would log every 503 as one.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


CONTROL_TITLE = "Phiếu kiểm soát quá trình giải quyết hồ sơ"


def control_event(event: DossierEvent) -> dict[str, Any]:
    """One hand-over on the control slip."""
    return {
        "at": to_local(event.at).strftime("%H:%M %d/%m/%Y"),
        "what": event.get_type_display(),
        "who": ", ".join(
            p for p in (event.actor_name, event.actor_unit.name if event.actor_unit else "") if p
        ),
        "step": event.step.name if event.step else "",
        "note": event.reason,
        "late": event.step_overdue,
    }


def control_slip_content(dossier: Dossier, issued_by: str, at: datetime) -> dict[str, Any]:
    """The control slip as of ``at``: the header, the dates, and every hand-over so far."""
    events = dossier.history().select_related("step", "actor_unit").order_by("seq")
    return slip_content(
        dossier,
        dossier.receiving_unit,
        issued_by,
        at,
        received_at=_local_iso(dossier.received_at),
        due_at=_local_iso(dossier.due_at),
        apology=bool(dossier.apology_at),
        events=[control_event(e) for e in events],
    )


def control_slip_pdf(dossier: Dossier, issued_by: str) -> bytes:
    """The control slip (phiếu kiểm soát): every hand-over of the dossier so far, from its
    events; rendered and signed by the receiving unit each time it is asked for."""
    from documents import signing
    from documents.issue import html_to_pdf, render_template

    context = template_context(control_slip_content(dossier, issued_by, clock.now()), CONTROL_TITLE)
    pdf = html_to_pdf(render_template("slips/control", context).html)
    unit = dossier.receiving_unit
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
    try:  # the file goes again if the rows do not commit
        with staging():
            return save_for_dossier(document, signed, name, dossier=slip.dossier, slip=slip)
    except IntegrityError:  # another request issued it first: theirs is the slip
        return IssuedDocument.objects.get(dossier_link__slip=slip)
