"""A message's text: the newest version of its template (``current_template``, installing the
default as version 1 on first use) filled with the happening's values (``compose``). Used by
``dispatch`` for new messages and by ``delivery`` for a fallback to SMS."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.html import escape, linebreaks

from notifications import sms_text, templating
from notifications.kinds import Kind
from notifications.models import MessageTemplate, Notification, SenderProfile

Channel = Notification.Channel


def current_template(kind: str, channel: str, language: str) -> MessageTemplate | None:
    """The newest version for the kind, channel and language (installing the default as
    version 1 the first time); None where the kind has no template on that channel."""
    from notifications import defaults

    template = (
        MessageTemplate.objects.filter(kind=kind, channel=channel, language=language)
        .order_by("-version")
        .first()
    )
    if template is None:
        fields = defaults.default_template(kind, channel, language)
        if fields is None:
            return None
        template, _ = MessageTemplate.objects.get_or_create(
            kind=kind, channel=channel, language=language, version=1, defaults=fields
        )
    return template


def compose(
    kind: Kind,
    channel: str,
    address: str,
    values: Mapping[str, object],
    *,
    language: str,
    profile: SenderProfile | None,
) -> Notification | None:
    """The unsaved message of ``kind`` for ``address`` on ``channel``, its text from the
    newest template (a channel without its own template uses the SMS text)."""
    template = current_template(kind.key, channel, language)
    if template is None and channel == Channel.ZALO:
        return None
    if template is None:
        template = current_template(kind.key, Channel.SMS, language)
    if template is None:
        return None
    data = {
        name: "" if values.get(name) is None else str(values[name]) for name in kind.placeholders
    }
    subject = templating.render(template.subject, data)[:200]
    body = templating.render(template.body, data)
    html = ""
    if channel == Channel.EMAIL:
        html = linebreaks(escape(body))
    segments = 0
    if channel == Channel.SMS:
        if profile is not None and profile.sms_without_diacritics:
            body = sms_text.plain_vietnamese(body)
        segments = sms_text.count(body).segments
    return Notification(
        channel=channel,
        kind=kind.key,
        address=address,
        subject=subject or str(kind.label),
        body=body,
        html=html,
        data=data,
        template=template,
        template_version=template.version,
        urgent=kind.urgent,
        segments=segments,
    )
