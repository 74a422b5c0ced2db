"""A person's message centre: the in-app messages ``notifications.dispatch`` wrote for them,
listed newest first, counted while unread, and marked read by them alone.

Every query starts from the recipient and the in-app channel, which is what the partial index
``notification_inbox`` (recipient, -created_at where channel = 'in_app') covers: a list, a count
and an update each read only that person's rows. A message is another person's whenever its
recipient is not the user; no function here takes a message without its user, so the pages
cannot show or mark one they were not sent.

The count in every page's header (``header_count``) is kept in the cache for a minute, per
session: a page costs no query for it, which is what the pages' fixed query counts allow. Marking
read starts the session on a new cache entry (``count_changed``), so the person's own reading
shows at once on every server process; a message that arrives shows within the minute, and at
once on the message centre itself, which counts afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core import clock
from notifications.models import Notification

ALL: Final = "all"
# What the list shows of a message: not its HTML, template values or delivery bookkeeping.
LISTED_FIELDS = ("kind", "subject", "body", "dossier_code", "created_at", "read_at")
# The last page a message centre lists: nobody pages through ten thousand messages, and an
# offset that large would have the database skip them all.
LAST_PAGE = 500
# How long a page header's count may lag behind a new message.
HEADER_COUNT_SECONDS = 60
_GENERATION = "motcua_inbox_generation"

type Person = AbstractBaseUser | AnonymousUser


def _in_app(user: Person) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk, channel=Notification.Channel.IN_APP)


def unread_count(user: Person) -> int:
    """How many of the user's in-app messages are unread (0 for someone not signed in)."""
    if not user.is_authenticated:
        return 0
    return _in_app(user).filter(read_at__isnull=True).count()


def messages_for(user: Person, *, limit: int = 50, offset: int = 0) -> list[Notification]:
    """The user's in-app messages, newest first, ``limit`` of them from ``offset``: one query."""
    if not user.is_authenticated:
        return []
    messages = _in_app(user).only(*LISTED_FIELDS).order_by("-created_at", "-pk")
    return list(messages[offset : offset + limit])


def page_number(raw: str | None) -> int:
    """The page asked for (``?trang=``): 1 when missing or not a page number, at most
    ``LAST_PAGE``."""
    raw = raw or ""
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 4 else 1
    return min(max(number, 1), LAST_PAGE)


def page_of(user: Person, number: int, size: int) -> tuple[list[Notification], bool]:
    """Page ``number`` of the user's messages, ``size`` to a page, and whether another page
    follows (one query: a row more than the page is read)."""
    found = messages_for(user, limit=size + 1, offset=(number - 1) * size)
    return found[:size], len(found) > size and number < LAST_PAGE


def mark_read(user: Person, which: Iterable[int] | Literal["all"]) -> int:
    """Mark the user's unread in-app messages among ``which`` (ids, or ``ALL``) read now; how
    many changed. Ids of other people's messages, of messages already read or of none at all
    change nothing: the update is conditional on the recipient, the channel and ``read_at``."""
    if not user.is_authenticated:
        return 0
    unread = _in_app(user).filter(read_at__isnull=True)
    if which != ALL:
        ids = [pk for pk in which if isinstance(pk, int)]
        if not ids:
            return 0
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=clock.now())


@dataclass(frozen=True)
class Entry:
    """A message as a message centre lists it (notifications/_message_list.html)."""

    message: Notification
    # The page of the dossier it is about, when the reader may open it; "" otherwise.
    link: str = ""

    @property
    def unread(self) -> bool:
        return self.message.read_at is None


# The page header's count --------------------------------------------------------------------


def _header_key(request: HttpRequest) -> str | None:
    session_key = request.session.session_key
    if not session_key:
        return None
    return f"motcua:inbox-unread:{session_key}:{request.session.get(_GENERATION, 0)}"


def header_count(request: HttpRequest) -> int:
    """The unread count a page's header shows: from the cache when this session counted in
    the last minute, else counted (one query) and kept."""
    user = request.user
    if not user.is_authenticated:
        return 0
    key = _header_key(request)
    if key is None:
        return unread_count(user)
    count = cache.get(key)
    if not isinstance(count, int):
        count = unread_count(user)
        cache.set(key, count, HEADER_COUNT_SECONDS)
    return count


def remember_count(request: HttpRequest, count: int) -> None:
    """Keep a count just made (the message centre's own) for the headers that follow."""
    key = _header_key(request)
    if key is not None:
        cache.set(key, count, HEADER_COUNT_SECONDS)


def count_changed(request: HttpRequest) -> None:
    """The person marked messages read: the headers that follow count afresh, on whichever
    server process serves them (the session names a new cache entry)."""
    request.session[_GENERATION] = int(request.session.get(_GENERATION, 0)) + 1


def centre_context(
    request: HttpRequest,
    user: Person,
    *,
    size: int,
    links: Callable[[set[str]], Mapping[str, str]],
    read_view: str,
    read_all_view: str,
) -> dict[str, Any]:
    """The context of a message centre page (the citizen's and the officer's share it):
    the page of messages asked for, each linked to its dossier where ``links`` (code → URL,
    for the dossiers the reader may open) names it, and the unread count, remembered for the
    header."""
    number = page_number(request.GET.get("trang"))
    shown, has_next = page_of(user, number, size)
    urls = links({m.dossier_code for m in shown if m.dossier_code})
    unread = unread_count(user)
    remember_count(request, unread)
    return {
        "entries": [Entry(m, urls.get(m.dossier_code, "")) for m in shown],
        "inbox_unread": unread,
        "number": number,
        "has_next": has_next,
        "read_view": read_view,
        "read_all_view": read_all_view,
    }


def mark_and_tell(
    request: HttpRequest, user: Person, which: Iterable[int] | Literal["all"]
) -> None:
    """Mark the reader's messages read (one, or all) and say so; another person's id changes
    nothing and says nothing."""
    if mark_read(user, which):
        count_changed(request)
        if which == ALL:
            messages.success(request, _("Đã đánh dấu tất cả thông báo là đã đọc."))
        else:
            messages.success(request, _("Đã đánh dấu thông báo là đã đọc."))
