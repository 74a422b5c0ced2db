"""The operators' page of a unit's sent messages ("Thông báo đã gửi"): what became of each
message sent for the unit (SMS, Zalo, e-mail, in-app), its receipts, and sending a failed one
again. For the unit's leaders and one-stop desk, who answer the citizen asking why they were
not told (``accounts.roles.reads_sent_messages``); the resend itself is
``notifications.resend``.

Addresses are shown masked (``mask_address``), also to the operator who searched by the full
number, and a number searched for never travels in an address (the search box posts; the
search is kept in the operator's session and the page's links name it by a random key), so it
reaches no access log, browser history or Referer. The list reads a page at a time by keyset,
newest first, from the index of the unit's messages (or of an address), without counting.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import memberships, reads_sent_messages
from dossiers.queries import Cursor
from notifications.channels import mask_address
from notifications.kinds import KINDS
from notifications.models import Notification
from notifications.resend import FAILED, ResendRefused, refusal, resend
from units.models import GovernmentUnit

PAGE_SIZE = 30
Status = Notification.Status
Channel = Notification.Channel

# The columns the list shows: the texts, HTML and values of a message are not read for it.
LIST_FIELDS = (
    "pk",
    "created_at",
    "dossier_code",
    "channel",
    "address",
    "kind",
    "template_version",
    "status",
    "failure_code",
    "unit_id",
)

# A Vietnamese number as typed: 0912 345 678, +84 912 345 678, 0084…, 84912345678 (the
# national significant number, 9 digits for a mobile, 10 for a landline).
_SEPARATORS = re.compile(r"[\s.\-()]")
_NATIONAL = re.compile(r"(?:\+84|0084|0)([1-9][0-9]{8,9})")
_INTERNATIONAL = re.compile(r"84([1-9][0-9]{8})")

# The searches by address of the session, by key (the newest few: one per open tab is enough).
SEARCHES = "backoffice.operators.searches"
KEPT_SEARCHES = 20

TAG = {
    Status.CREATED: "govuk-tag--grey",
    Status.SENDING: "govuk-tag--blue",
    Status.DELIVERED: "govuk-tag--green",
    Status.TEMPORARY_FAILURE: "govuk-tag--yellow",
    Status.PERMANENT_FAILURE: "govuk-tag--red",
    Status.TECHNICAL_FAILURE: "govuk-tag--red",
}


def phone_forms(text: str) -> list[str] | None:
    """The forms a phone number may be stored in (``0912345678``, ``+84912345678``,
    ``84912345678``) when ``text`` is one, else None. Addresses are stored as the applicant or
    the officer wrote them (both national and international forms pass the forms' checks), so
    the search matches each form exactly: from the index of addresses, never by a LIKE."""
    number = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text))
    found = _NATIONAL.fullmatch(number) or _INTERNATIONAL.fullmatch(number)
    if found is None:
        return None
    national = found.group(1)
    return [f"0{national}", f"+84{national}", f"84{national}"]


@dataclass(frozen=True)
class Search:
    """What the operator searched for: a phone number, an e-mail address or a dossier code."""

    text: str
    addresses: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Search | None:
        text = unicodedata.normalize("NFC", text).strip()[:200]
        if not text:
            return None
        if (forms := phone_forms(text)) is not None:
            return cls(text, tuple(forms))
        if "@" in text:
            return cls(text, tuple(dict.fromkeys([text, text.lower()])))
        return cls(text)

    @property
    def is_address(self) -> bool:
        return bool(self.addresses)

    @property
    def shown(self) -> str:
        """The search as the page may repeat it: an address masked, a code as typed."""
        return mask_address(self.addresses[0]) if self.is_address else self.text

    def condition(self) -> Q:
        if self.is_address:
            return Q(address__in=self.addresses)
        return Q(dossier_code__in=list(dict.fromkeys([self.text, self.text.upper()])))

    def keep(self, request: HttpRequest) -> str:
        """The key the links name this search by: a code in clear (it is no personal data),
        an address by a random key into the session."""
        if not self.is_address:
            return self.text
        kept: dict[str, str] = dict(request.session.get(SEARCHES, {}))
        key = next((k for k, text in kept.items() if text == self.text), "")
        if not key:
            key = secrets.token_urlsafe(9)
            kept[key] = self.text
            request.session[SEARCHES] = dict(list(kept.items())[-KEPT_SEARCHES:])
        return f"~{key}"

    @classmethod
    def from_key(cls, request: HttpRequest, key: str) -> Search | None:
        """The search a link names (``keep``); None for one no longer in the session."""
        if key.startswith("~"):
            return cls.parse(str(request.session.get(SEARCHES, {}).get(key[1:], "")))
        found = cls.parse(key)
        return found if found is not None and not found.is_address else None


@dataclass(frozen=True)
class Row:
    """A message as the list and the detail show it."""

    message: Notification
    address: str
    kind: str
    tag: str


def row(message: Notification) -> Row:
    kind = KINDS.get(message.kind)
    return Row(
        message=message,
        address=mask_address(message.address) if message.address else "",
        kind=str(kind.label) if kind else message.kind,
        tag=TAG.get(Status(message.status), "govuk-tag--grey"),
    )


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _refuse_unit() -> PermissionDenied:
    return PermissionDenied(
        _("Trang này dành cho lãnh đạo và cán bộ một cửa của đơn vị gửi thông báo.")
    )


def units_of(user: User) -> QuerySet[GovernmentUnit]:
    """The units whose sent messages ``user`` reads: where they lead or hold the desk; for a
    superuser every active unit that receives dossiers (the units messages are sent for)."""
    if user.is_superuser:
        return GovernmentUnit.objects.filter(is_active=True, receives_dossiers=True)
    ids = {uid for uid, _role, _path in memberships(user)}
    return GovernmentUnit.objects.filter(pk__in=[u for u in ids if reads_sent_messages(user, u)])


def get_message_for_operator(user: User, pk: int) -> Notification:
    """The message ``pk`` if ``user`` may see it; a missing one and a forbidden one are the
    same 404, as for dossiers."""
    message = Notification.objects.filter(pk=pk).first()
    if message is None or not reads_sent_messages(user, message.unit_id):
        raise Http404(_("Không tìm thấy thông báo."))
    return message


@login_required
def sent_units(request: HttpRequest) -> HttpResponse:
    """Which unit's messages: straight to the only one, else a choice."""
    units = units_of(_user(request)).order_by("name")
    page = Paginator(units.only("pk", "name", "code"), 50).get_page(request.GET.get("trang"))
    if page.paginator.count == 0:
        raise _refuse_unit()
    if page.paginator.count == 1:
        return redirect("backoffice:sent_messages", unit_id=page.object_list[0].pk)
    return render(request, "backoffice/sent_units.html", {"page": page})


@login_required
def sent_messages(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The unit's messages, newest first, a page at a time (``?truoc=``), filtered by status
    (``trang-thai``) and channel (``kenh``), searched by dossier code, phone or e-mail
    (``tim``, see ``Search.keep``). The filter form posts, and is answered by a redirect to
    the page it asks for: what was typed is never in an address."""
    user = _user(request)
    if not reads_sent_messages(user, unit_id):
        raise _refuse_unit()
    if request.method == "POST" or "q" in request.GET:
        asked = request.POST if request.method == "POST" else request.GET
        search = Search.parse(asked.get("q", ""))
        if search is None and request.method == "POST":
            search = Search.from_key(request, asked.get("tim", ""))
        query = _query(request, asked.get("trang-thai", ""), asked.get("kenh", ""), search)
        target = reverse("backoffice:sent_messages", args=[unit_id])
        return redirect(f"{target}?{query}" if query else target)
    unit = get_object_or_404(GovernmentUnit.objects.only("pk", "name", "code"), pk=unit_id)
    status = request.GET.get("trang-thai", "")
    status = status if status in Status.values else ""
    channel = request.GET.get("kenh", "")
    channel = channel if channel in Channel.values else ""
    key = request.GET.get("tim", "")[:200]
    search = Search.from_key(request, key)
    found = Notification.objects.filter(unit_id=unit.pk)
    if status:
        found = found.filter(status=status)
    if channel:
        found = found.filter(channel=channel)
    if search is not None:
        found = found.filter(search.condition())
    after = Cursor.parse(request.GET.get("truoc", "")[:80])
    if after is not None:
        # ``created_at <= t`` first, so that the index scan starts there.
        found = found.filter(created_at__lte=after.at).filter(
            Q(created_at__lt=after.at) | Q(pk__lt=after.pk)
        )
    rows = list(found.only(*LIST_FIELDS).order_by("-created_at", "-pk")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    following = Cursor(rows[-1].created_at, rows[-1].pk) if more else None
    return render(
        request,
        "backoffice/sent_messages.html",
        {
            "unit": unit,
            "rows": [row(message) for message in rows],
            "next": str(following) if following else "",
            "first": after is None,
            "status": status,
            "channel": channel,
            "statuses": Status.choices,
            "channels": Channel.choices,
            "search": search,
            "search_key": key if search is not None else "",
            "search_lost": bool(key) and search is None,
            # What the links carry on: the filters and the search's key.
            "carried": _query(request, status, channel, search),
        },
    )


def _query(request: HttpRequest, status: str, channel: str, search: Search | None) -> str:
    params: dict[str, str] = {}
    if status in Status.values:
        params["trang-thai"] = status
    if channel in Channel.values:
        params["kenh"] = channel
    if search is not None:
        params["tim"] = search.keep(request)
    return urlencode(params)


@login_required
def sent_message(request: HttpRequest, pk: int) -> HttpResponse:
    """One message: what was sent, its attempts, its receipts, its resends."""
    message = get_message_for_operator(_user(request), pk)
    receipts = list(message.receipts.order_by("received_at", "pk"))
    resends = [row(copy) for copy in message.resends.order_by("created_at", "pk")]
    refused = refusal(message)
    return render(
        request,
        "backoffice/sent_message.html",
        {
            "row": row(message),
            "message": message,
            "receipts": receipts,
            "resends": resends,
            "can_resend": refused is None and not resends,
            "failed": message.status in FAILED,
            "refused": refused,
        },
    )


@login_required
@require_POST
def resend_message(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Gửi lại": a copy of the failed message queued now; refused with the reason otherwise."""
    user = _user(request)
    message = get_message_for_operator(user, pk)
    try:
        copy = resend(message, by=user)
    except ResendRefused as exc:
        messages.error(request, str(exc))
        return redirect("backoffice:sent_message", pk=message.pk)
    messages.success(request, _("Đã xếp tin vào hàng đợi để gửi lại."))
    return redirect("backoffice:sent_message", pk=copy.pk)
