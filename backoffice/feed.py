"""The officer's feed ("Bảng tin"): their in-app messages (a dossier arrived, one is due soon
or overdue, a consulted unit answered), newest first, marked read by them.

The same message centre as the citizen's (``notifications.inbox``, the shared list template),
with a message linked to the back office's dossier page when the officer may open that dossier
(``dossiers.access.visible_to_officer``, one query for the page's dossiers). The operators' page
of messages sent is not here.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
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


def _links(user: User) -> Callable[[set[str]], dict[str, str]]:
    """Dossier code → its back-office page, for those the officer may open (one query)."""

    def links(codes: set[str]) -> dict[str, str]:
        if not codes:
            return {}
        visible = visible_to_officer(user).filter(code__in=codes).values_list("code", flat=True)
        return {code: reverse("backoffice:dossier", args=[code]) for code in visible}

    return links


@never_cache
@officer_required
def feed(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = inbox.centre_context(
        request,
        user,
        size=PAGE_SIZE,
        links=_links(user),
        read_view="backoffice:feed_read",
        read_all_view="backoffice:feed_read_all",
    )
    return render(request, "backoffice/feed.html", context)


def _back(request: HttpRequest) -> HttpResponse:
    return redirect(safe_next(request, request.POST.get("next")) or reverse("backoffice:feed"))


@never_cache
@officer_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the officer's messages read; another person's id changes nothing."""
    inbox.mark_and_tell(request, _user(request), [pk])
    return _back(request)


@never_cache
@officer_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    inbox.mark_and_tell(request, _user(request), inbox.ALL)
    return _back(request)
