"""What the applicant is told about their dossier: the event's kind of message
(notifications.kinds) and the values its templates are filled with. Which channels, which
text and when are the notifications app's (notifications.dispatch)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from dossiers.models import Dossier, DossierEvent, EventType
from notifications.dispatch import About, notify
from workdays.calendar import to_local

KIND_OF_EVENT = {
    EventType.RECEIVED: "received",
    EventType.SUPPLEMENT_REQUESTED: "supplement_requested",
    EventType.REFUSED: "refused",
    EventType.APOLOGY_ISSUED: "apology",
    EventType.APPROVED: "result_ready",
    EventType.SIGNED: "result_ready",
    EventType.REJECTED: "rejected",
    EventType.WITHDRAWAL_REQUESTED: "withdrawn",
    EventType.STOPPED: "stopped",
    EventType.DECLARATION_CORRECTED: "declaration_corrected",
}


def lookup_url(dossier: Dossier) -> str:
    """The public lookup page with the dossier's code filled in."""
    base = settings.MOTCUA_PUBLIC_URL.rstrip("/") + reverse("portal:lookup")
    return f"{base}?{urlencode({'ma': dossier.code})}"


def notify_applicant(dossier: Dossier, event: DossierEvent) -> None:
    """Put the applicant's messages in the outbox (inside the caller's transaction)."""
    kind = KIND_OF_EVENT.get(EventType(event.type))
    if kind is None:
        return
    due = to_local(dossier.due_at).strftime("%H:%M %d/%m/%Y") if dossier.due_at else ""
    values = {
        "code": dossier.code,
        "due": due,
        "reason": event.reason,
        "procedure": dossier.procedure_version.name,
        "lookup_url": lookup_url(dossier),
        "how": _("Nhận kết quả điện tử trên Cổng dịch vụ công hoặc tại Bộ phận Một cửa"),
    }
    notify(
        kind,
        values,
        user=dossier.applicant,
        phone=dossier.applicant_phone,
        email=dossier.applicant_email,
        about=About(
            unit_id=dossier.receiving_unit_id,
            dossier_id=dossier.pk,
            dossier_code=dossier.code,
            event_id=event.pk,
        ),
    )


def notify_officer(officer: Any, kind: str, dossier: Dossier, **values: str) -> None:
    """Put a message in an officer's feed (in-app only: notifications.kinds marks these kinds
    for officers): a dossier given to them, due soon or overdue in their hands, a
    consultation they asked answered. Nothing for a dossier nobody holds by name: its team's
    inbox already shows it."""
    if officer is None:
        return
    due = to_local(dossier.due_at).strftime("%H:%M %d/%m/%Y") if dossier.due_at else ""
    notify(
        kind,
        {
            "code": dossier.code,
            "due": due,
            "procedure": dossier.procedure_version.name,
            **values,
        },
        user=officer,
        about=About(
            unit_id=dossier.current_unit_id, dossier_id=dossier.pk, dossier_code=dossier.code
        ),
    )
