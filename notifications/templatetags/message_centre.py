"""``{% unread_messages as unread %}``: the unread count of the signed-in person's message
centre, for the page header (base.html). A page that has just counted (the message centre
itself) passes its own count as ``inbox_unread``; any other page takes the header's cached
count (notifications.inbox.header_count), so the header adds no query to most pages."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

from notifications import inbox

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_messages(context: template.Context) -> int:
    counted = context.get("inbox_unread")
    if isinstance(counted, int):
        return counted
    request = context.get("request")
    if not isinstance(request, HttpRequest):
        return 0
    return inbox.header_count(request)
