"""What goes out for one happening: ``notify(kind, values, …)`` writes a message per channel
the recipient takes (their in-app message centre, SMS or Zalo to their phone, e-mail), each
from the newest version of its template, inside the caller's transaction; each is delivered
after commit (notifications.outbox) and settled by the worker (notifications.delivery).

Who gets what:
- A person with an account always gets the in-app message (their message centre).
- Their phone gets Zalo ZNS where it is configured, an approved template exists and they
  accept Zalo, with SMS as the fallback if Zalo cannot deliver; otherwise SMS.
- Their e-mail address gets an e-mail when they accept e-mail.
- Someone who opted out of messages that are not essential gets only the essential ones
  outside the app; an essential message whose person refused every channel still goes by
  SMS (or e-mail when there is no phone): the law says they must be told.
- A message that is not urgent and falls in the unit's quiet hours waits for the morning.
- Past ``MOTCUA_NOTIFICATION_HOURLY_LIMIT`` messages to one address in an hour, the ones that
  are not essential are not sent (``rate_limited``) and the essential ones wait an hour: a
  loop cannot flood a citizen's phone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings

from core import clock
from notifications import quiet
from notifications.channels import configured
from notifications.compose import compose, current_template
from notifications.kinds import KINDS, Kind
from notifications.models import ContactPreference, MessageTemplate, Notification, SenderProfile
from notifications.outbox import enqueue
from notifications.phones import vietnamese_mobile

Channel = Notification.Channel
Status = Notification.Status


@dataclass(frozen=True)
class About:
    """What a message is about, recorded on it (for the operators' page and the history)."""

    unit_id: int | None = None
    dossier_id: int | None = None
    dossier_code: str = ""
    event_id: int | None = None


class UnknownKind(ValueError):
    pass


def _preference(user: Any) -> ContactPreference:
    if user is not None and user.pk:
        found = ContactPreference.objects.filter(user=user).first()
        if found is not None:
            return found
    return ContactPreference()


def _profile(unit_id: int | None) -> SenderProfile | None:
    return SenderProfile.objects.filter(unit_id=unit_id).first() if unit_id else None


def _phone_channel(kind: Kind, language: str, prefs: ContactPreference) -> str | None:
    zalo = current_template(kind.key, Channel.ZALO, language) if prefs.zalo else None
    if zalo is not None and zalo.zns_template_id and configured(Channel.ZALO):
        return Channel.ZALO
    return Channel.SMS if prefs.sms else None


def _targets(
    kind: Kind, prefs: ContactPreference, *, user: Any, phone: str, email: str, language: str
) -> list[tuple[str, str]]:
    targets: list[tuple[str, str]] = []
    if user is not None and user.pk:
        targets.append((Channel.IN_APP, ""))
    if kind.for_officers or (not kind.essential and not prefs.non_essential):
        return targets
    outside: list[tuple[str, str]] = []
    if phone and (channel := _phone_channel(kind, language, prefs)):
        outside.append((channel, phone))
    if email and prefs.email:
        outside.append((Channel.EMAIL, email))
    if not outside and kind.essential and (phone or email):
        outside.append((Channel.SMS, phone) if phone else (Channel.EMAIL, email))
    return targets + outside


def _forms(address: str) -> set[str]:
    """The ways one phone number may have been written (0912…, 84912…, +84912…)."""
    number = vietnamese_mobile(address)
    if number is None:
        return {address}
    return {address, "0" + number[2:], number, "+" + number}


def _over_limit(address: str) -> bool:
    # The wall clock, as created_at is: under clock.at (replaying history) the window is real.
    since = clock.wall() - timedelta(hours=1)
    sent = Notification.objects.filter(address__in=_forms(address), created_at__gte=since)
    return sent.count() >= settings.MOTCUA_NOTIFICATION_HOURLY_LIMIT


def schedule(notification: Notification, profile: SenderProfile | None, essential: bool) -> None:
    """Set when the new message first goes: now, in the morning, or never (rate limit)."""
    now = clock.now()
    if notification.channel == Channel.IN_APP:
        notification.status, notification.delivered_at = Status.DELIVERED, now
        notification.next_attempt_at = None
        return
    due = now if notification.urgent else quiet.next_allowed(now, profile)
    if (
        notification.address
        and notification.kind != "login_code"
        and _over_limit(notification.address)
    ):
        if not essential:
            notification.status, notification.failure_code = (
                Status.PERMANENT_FAILURE,
                "rate_limited",
            )
            notification.last_error = "too many messages to this address in the last hour"
            notification.next_attempt_at = None
            return
        due += timedelta(hours=1)
        if not notification.urgent:
            due = quiet.next_allowed(due, profile)
    notification.next_attempt_at = due


def notify(
    kind_key: str,
    values: Mapping[str, object],
    *,
    user: Any = None,
    phone: str = "",
    email: str = "",
    about: About | None = None,
    channels: Iterable[str] | None = None,
) -> list[Notification]:
    """Write and queue the messages of ``kind_key`` for one person (inside the caller's
    transaction: nothing goes out if it rolls back). ``channels`` narrows them (a login code
    goes to one address only)."""
    kind = KINDS.get(kind_key)
    if kind is None:
        raise UnknownKind(kind_key)
    about = about or About()
    prefs = _preference(user)
    language = prefs.language or MessageTemplate.Language.VI
    profile = _profile(about.unit_id)
    only = set(channels) if channels is not None else None
    made: list[Notification] = []
    for channel, address in _targets(
        kind, prefs, user=user, phone=phone.strip(), email=email.strip(), language=language
    ):
        if only is not None and channel not in only:
            continue
        notification = compose(kind, channel, address, values, language=language, profile=profile)
        if notification is None:
            continue
        notification.recipient = user if user is not None and user.pk else None
        notification.unit_id = about.unit_id
        notification.dossier_id = about.dossier_id
        notification.dossier_code = about.dossier_code
        notification.event_id = about.event_id
        schedule(notification, profile, kind.essential)
        notification.save()
        if notification.next_attempt_at is not None:
            enqueue(notification)
        made.append(notification)
    return made
