"""Quiet hours: a message that is not urgent (notifications.kinds) does not go out at night.
Each unit sets its hours (``SenderProfile``; 07:00–22:00 by default, Vietnam time); a message
made or retried outside them waits for the next morning."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from notifications.models import SenderProfile

DEFAULT_UNTIL = time(7, 0)
DEFAULT_AFTER = time(22, 0)


def next_allowed(moment: datetime, profile: SenderProfile | None) -> datetime:
    """``moment`` if it is inside the sending hours, else when they next begin."""
    until = profile.quiet_until if profile else DEFAULT_UNTIL
    after = profile.quiet_after if profile else DEFAULT_AFTER
    if until == after:  # no quiet hours at all
        return moment
    local = timezone.localtime(moment)
    clock = local.time()
    if until < after:
        if until <= clock < after:
            return moment
        day = local.date() if clock < until else local.date() + timedelta(days=1)
    else:  # hours that run past midnight (e.g. 05:00 until 01:00): quiet only in between
        if not (after <= clock < until):
            return moment
        day = local.date()
    return timezone.make_aware(datetime.combine(day, until), local.tzinfo)
