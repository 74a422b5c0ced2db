"""The officer's feed ("Bảng tin"): their in-app messages (a dossier arrived, one is due soon
or overdue, a consulted unit answered), newest first, marked read by them.

The same message centre as the citizen's (``notifications.inbox``, the shared list template),
with a message linked to the back office's dossier page when the officer may open that dossier
(``dossiers.access.visible_to_officer``, one query for the page's dossiers). The operators' page
of messages sent is not here.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.login import safe_next
from accounts.models import User
from backoffice.views import officer_required
from dossiers.access import visible_to_officer
from notifications import inbox

PAGE_SIZE = 30


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - officer_required guarantees it
    return request.user


def _openable(user: User, codes: set[str]) -> set[str]:
    """Those of ``codes`` whose dossier the officer may open (one query, none when empty)."""
    if not codes:
        return set()
    return set(visible_to_officer(user).filter(code__in=codes).values_list("code", flat=True))


@never_cache
@officer_required
def feed(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    number = inbox.page_number(request.GET.get("trang"))
    shown, has_next = inbox.page_of(user, number, PAGE_SIZE)
    openable = _openable(user, {m.dossier_code for m in shown if m.dossier_code})
    entries = [
        inbox.Entry(m, reverse("backoffice:dossier", args=[m.dossier_code]))
        if m.dossier_code in openable
        else inbox.Entry(m)
        for m in shown
    ]
    unread = inbox.unread_count(user)
    inbox.remember_count(request, unread)
    context = {
        "entries": entries,
        "inbox_unread": unread,
        "number": number,
        "has_next": has_next,
        "read_view": "backoffice:feed_read",
        "read_all_view": "backoffice:feed_read_all",
    }
    return render(request, "backoffice/feed.html", context)


def _back(request: HttpRequest) -> HttpResponse:
    return redirect(safe_next(request, request.POST.get("next")) or reverse("backoffice:feed"))


@never_cache
@officer_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the officer's messages read; another person's id changes nothing."""
    if inbox.mark_read(_user(request), [pk]):
        inbox.count_changed(request)
        messages.success(request, _("Đã đánh dấu thông báo là đã đọc."))
    return _back(request)


@never_cache
@officer_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    if inbox.mark_read(_user(request), inbox.ALL):
        inbox.count_changed(request)
        messages.success(request, _("Đã đánh dấu tất cả thông báo là đã đọc."))
    return _back(request)
