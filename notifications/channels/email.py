"""The e-mail channel: one message handed to Django's mail backend, over SMTP by default.

The connection is Django's default mailer (``django.core.mail.mailers.default``): the SMTP
backend with the EMAIL_* settings, or whatever backend EMAIL_BACKEND (or MAILERS, once the
settings move to it) names, django-anymail's included. An SMTP server that has taken the
message is the last word we get, so an accepted message is *delivered*; a bounce that comes
back later by mail is not read here.

Whether a refusal is worth trying again follows the SMTP reply: 5xx is final (no such mailbox,
message rejected), 4xx is "try later" (greylisting, mailbox busy), and a server we could not
reach or that hung up is tried again too. A refusal that is the server's or our configuration's
as a whole (its greeting refused us, our login failed) is tried again: the message is not at
fault, and retries give an operator the time to fix it before the message is given up.

The address is never logged whole (``mask_address``), nor left whole in an error's text, which
is kept on the notification and may quote the server's reply.
"""

from __future__ import annotations

import logging
import re
import smtplib
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import (
    DNS_NAME,
    EmailMultiAlternatives,
    InvalidMailer,
    mailers,
    make_msgid,
)
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.validators import validate_email
from django.utils.encoding import punycode

from notifications.channels import mask_address
from notifications.channels.base import Accepted, DeliveryError, Outgoing

logger = logging.getLogger("motcua.notifications")

# Our reference on the message itself: a bounce or a complaint that quotes the headers names
# the notification it is about.
REFERENCE_HEADER = "X-MotCua-Reference"


def send(message: Outgoing) -> Accepted:
    """Send one e-mail; its Message-ID is the provider id. Raises ``DeliveryError``."""
    masked = mask_address(message.address)
    try:
        validate_email(message.address)
    except ValidationError:
        raise DeliveryError(
            f"not an e-mail address: {masked}", permanent=True, code="invalid_address"
        ) from None
    connection = _connection()
    message_id = make_msgid(domain=_domain(settings.DEFAULT_FROM_EMAIL))
    mail = EmailMultiAlternatives(
        # A line break in a subject would end the header: it is folded into a space instead.
        subject=" ".join(message.subject.split()),
        body=message.body,
        from_email=message.sender or settings.DEFAULT_FROM_EMAIL,
        to=[message.address],
        headers={"Message-ID": message_id, REFERENCE_HEADER: message.reference},
    )
    if message.html:
        mail.attach_alternative(message.html, "text/html")
    try:
        sent = connection.send_messages([mail])
    except Exception as exc:
        error = _refusal(exc, message.address)
        if error is None:
            raise
        logger.warning("E-mail %s to %s not sent: %s", message.reference, masked, error)
        raise error from exc
    if not sent:
        raise DeliveryError("the mail backend sent nothing", permanent=False, code="not_sent")
    logger.info("E-mail %s to %s accepted as %s", message.reference, masked, message_id)
    return Accepted(provider_id=message_id, delivered=True)


def _connection() -> BaseEmailBackend:
    try:
        connection = mailers.default
    except InvalidMailer as exc:  # MAILERS["default"] without a host
        raise DeliveryError(str(exc), permanent=True, code="not_configured") from exc
    if isinstance(connection, SMTPBackend) and not connection.host:
        raise DeliveryError(
            "e-mail is off: the mailer has no host (EMAIL_HOST)",
            permanent=True,
            code="not_configured",
        )
    return connection


def _domain(address: str) -> str:
    """The domain of the Message-ID: our From address's (ASCII, as a header must be)."""
    domain = parseaddr(address)[1].rpartition("@")[2]
    return punycode(domain) if domain else str(DNS_NAME)


def _refusal(exc: Exception, address: str) -> DeliveryError | None:
    """The DeliveryError for what the backend raised, or None for an error we do not know
    (left to the caller's handling of unexpected errors). SMTP errors are OSErrors, hence
    their handling first."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(exc.recipients.values()), (0, b""))
        return _answered(code, reply, address, final="recipient_refused")
    if isinstance(exc, smtplib.SMTPConnectError | smtplib.SMTPAuthenticationError):
        # Not about this message: whatever it is, it holds for every message until fixed.
        word = "auth_failed" if isinstance(exc, smtplib.SMTPAuthenticationError) else "refused"
        said = _text(exc.smtp_error, address)
        return DeliveryError(f"SMTP {exc.smtp_code} {said}", permanent=False, code=word)
    if isinstance(exc, smtplib.SMTPResponseException):  # data, sender or command refused
        return _answered(exc.smtp_code, exc.smtp_error, address, final="rejected")
    if isinstance(exc, OSError):  # disconnected, refused connection, timeout, TLS failure
        reason = _text(str(exc), address) or type(exc).__name__
        return DeliveryError(f"SMTP server unreachable: {reason}", permanent=False, code="network")
    if isinstance(exc, ValueError):  # a From or header Django cannot write
        reason = _text(str(exc), address)
        return DeliveryError(
            f"message not sendable: {reason}", permanent=True, code="invalid_message"
        )
    return None


def _answered(code: int, reply: bytes | str, address: str, *, final: str) -> DeliveryError:
    permanent = 500 <= code < 600
    return DeliveryError(
        f"SMTP {code} {_text(reply, address)}",
        permanent=permanent,
        code=final if permanent else "deferred",
    )


def _text(reply: bytes | str, address: str) -> str:
    """A server's reply as text, with the address masked (servers quote it back, some in
    lower case)."""
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return re.sub(re.escape(address), mask_address(address), text, flags=re.IGNORECASE)
