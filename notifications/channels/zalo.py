"""The Zalo ZNS channel: a notification through a template the unit's Official Account had
approved by Zalo, delivered in the Zalo app to the person whose phone number it is.

Modelled on Zalo's public ZNS documentation:

- sending is ``POST {MOTCUA_ZNS_URL}/message/template`` (Zalo's base is
  ``https://business.openapi.zalo.me``) with the OA's token in an ``access_token`` header and
  the JSON body ``{"phone", "template_id", "template_data", "tracking_id"}``; the phone is
  written in the international form without a plus (``84912345678``);
- the answer is ``{"error": 0, "message", "data": {"msg_id", "sent_time", "quota"}}``, or a
  negative ``error`` with Zalo's ``message``, usually with HTTP 200 either way;
- the error codes we read: -100 unknown error; -101 to -105 the application or its secret
  key not valid or not linked to an OA; -108 phone number invalid; -109 template ID invalid;
  -110 the recipient's Zalo version too old; -111 template data empty; -112 template data
  invalid; -113 button invalid; -114 the recipient inactive, refusing ZNS or on an old Zalo;
  -115 out of quota (the ZNS balance); -116 text invalid; -117 the OA not allowed to use the
  template; -118 no Zalo account for the number; -119 the account cannot receive ZNS; -124
  access token invalid (or expired);
- Zalo posts a ``user_received_message`` event to the webhook set in the Zalo app's
  console once the message reached the phone, with ``app_id``, ``timestamp`` (milliseconds),
  ``message.msg_id`` and ``message.delivery_time``; it is signed in the header
  ``X-ZEvent-Signature: mac=<hex>``, the SHA-256 of app id + the body as sent + the
  timestamp + the OA secret key. That is Zalo's construction (a plain hash, not an HMAC).

Our assumptions, where the public pages were not explicit or could not be confirmed:

- the codes -131 (template not approved), -133 (sent outside the hours allowed), -139 and
  -141 (the recipient refused this kind of ZNS, or ZNS from this OA), -144 (the OA's daily
  quota) and -147 (the template's daily quota) are read as named here;
- ``message.tracking_id`` is echoed in the webhook (our reference); a receipt without it
  still counts, matched by ``msg_id``;
- a code we do not know, HTTP 5xx, 429, a timeout, a lost connection or an unreadable answer
  are the provider's trouble: the message is tried again (after the last try it ends as a
  technical failure, which an operator sees);
- the token and the OA's permissions are an operator's to fix (Zalo's OA tokens expire and
  are renewed): an unauthorized answer is tried again rather than failing every message;
- a receipt whose timestamp is further than MOTCUA_RECEIPT_MAX_AGE_SECONDS from now, in the
  past or in the future, is refused as a replay.

``no_zalo_account`` and ``declined`` are the two refusals after which a caller sends the
message by SMS instead: the person is reachable, only not through Zalo.

The per-message ``callback_url`` and ``sender`` of ``Outgoing`` do not apply: Zalo posts to the
webhook configured for the app, and the OA is the one the token belongs to.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import re
import urllib.error
import urllib.request
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from django.conf import settings

from core import clock
from notifications.channels import mask_address
from notifications.channels.base import (
    Accepted,
    BadReceipt,
    DeliveryError,
    ForgedReceipt,
    Outgoing,
    Receipt,
)
from notifications.phones import vietnamese_mobile

logger = logging.getLogger("motcua.notifications")

SEND_PATH = "/message/template"
SIGNATURE_HEADER = "X-ZEvent-Signature"
DELIVERED_EVENT = "user_received_message"

# Zalo's error code -> our stable code and whether sending again cannot help.
ERRORS: dict[int, tuple[str, bool]] = {
    -100: ("provider_error", False),
    # Our application or OA as Zalo knows it: an operator's configuration to fix.
    -101: ("unauthorized", False),
    -102: ("unauthorized", False),
    -103: ("unauthorized", False),
    -104: ("unauthorized", False),
    -105: ("unauthorized", False),
    -124: ("unauthorized", False),
    # The number.
    -108: ("invalid_number", True),
    -118: ("no_zalo_account", True),
    # The person has Zalo but will not, or cannot, take ZNS: reach them by SMS.
    -110: ("declined", True),
    -114: ("declined", True),
    -119: ("declined", True),
    -139: ("declined", True),
    -141: ("declined", True),
    # The template.
    -109: ("template_rejected", True),
    -117: ("template_rejected", True),
    -131: ("template_rejected", True),
    -111: ("bad_template_data", True),
    -112: ("bad_template_data", True),
    -113: ("bad_template_data", True),
    -116: ("bad_template_data", True),
    # Quota and sending hours: later, the same message goes through.
    -115: ("quota", False),
    -144: ("quota", False),
    -147: ("quota", False),
    -133: ("outside_hours", False),
}


# A Vietnamese mobile number after the country code: 03x (32-39), 05x, 07x, 08x, 09x and
# nine digits in all. Landlines (02x) have no Zalo account to send to.
def normalise_phone(address: str) -> str | None:
    """The number as Zalo wants it (``84912345678``); None for one that is not a Vietnamese
    mobile number."""
    return vietnamese_mobile(address)


def send(message: Outgoing) -> Accepted:
    """Hands one message to Zalo ZNS; a receipt follows when it reaches the phone."""
    base_url = settings.MOTCUA_ZNS_URL
    if not base_url:
        raise DeliveryError(
            "Zalo ZNS is not configured (MOTCUA_ZNS_URL)", permanent=True, code="not_configured"
        )
    if not message.template_id:
        raise DeliveryError(
            "a ZNS message needs an approved template; none given",
            permanent=True,
            code="no_template",
        )
    phone = normalise_phone(message.address)
    if phone is None:
        raise DeliveryError(
            f"{mask_address(message.address)} is not a Vietnamese mobile number",
            permanent=True,
            code="invalid_number",
        )
    token = settings.MOTCUA_ZNS_ACCESS_TOKEN
    if not token:
        raise DeliveryError(
            "no Zalo OA access token (MOTCUA_ZNS_ACCESS_TOKEN)",
            permanent=False,
            code="unauthorized",
        )
    body = json.dumps(
        {
            "phone": phone,
            "template_id": message.template_id,
            "template_data": dict(message.template_data),
            "tracking_id": message.reference,
        },
        ensure_ascii=False,
    ).encode()
    try:
        status, data = _post(base_url.rstrip("/") + SEND_PATH, body, token)
        accepted = _accepted(status, data)
    except DeliveryError as exc:
        logger.warning(
            "ZNS %s to %s not sent: %s (%s)", message.reference, mask_address(phone), exc.code, exc
        )
        raise
    logger.info(
        "ZNS %s to %s accepted as %s (template %s)",
        message.reference,
        mask_address(phone),
        accepted.provider_id,
        message.template_id,
    )
    return accepted


def _post(url: str, body: bytes, token: str) -> tuple[int, bytes]:
    """The HTTP status and body of Zalo's answer, whatever the status; a failure to get one
    is a retriable ``DeliveryError``."""
    request = urllib.request.Request(  # noqa: S310 - the configured ZNS endpoint
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "access_token": token},
    )
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=settings.MOTCUA_ZNS_TIMEOUT_SECONDS
        ) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        try:
            return exc.code, exc.read()
        except (OSError, http.client.HTTPException):
            return exc.code, b""
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise DeliveryError(
                "Zalo ZNS did not answer in time", permanent=False, code="timeout"
            ) from exc
        raise DeliveryError(
            f"Zalo ZNS unreachable: {exc.reason}", permanent=False, code="unreachable"
        ) from exc
    except TimeoutError as exc:
        raise DeliveryError(
            "Zalo ZNS did not answer in time", permanent=False, code="timeout"
        ) from exc
    except (OSError, http.client.HTTPException) as exc:
        raise DeliveryError(
            f"Zalo ZNS connection failed: {exc}", permanent=False, code="unreachable"
        ) from exc


def _accepted(status: int, data: bytes) -> Accepted:
    answer = _json_object(data) or {}
    error = _error_code(answer.get("error"))
    if error is not None and error != 0:
        code, permanent = ERRORS.get(error, ("provider_error", False))
        reason = str(answer.get("message") or "")[:200]
        raise DeliveryError(f"Zalo ZNS error {error}: {reason}", permanent=permanent, code=code)
    if status >= 500:
        raise DeliveryError(f"Zalo ZNS answered HTTP {status}", permanent=False, code="unavailable")
    if status == 429:
        raise DeliveryError("Zalo ZNS asks us to slow down", permanent=False, code="rate_limited")
    if status in (401, 403):
        raise DeliveryError(
            f"Zalo ZNS answered HTTP {status}", permanent=False, code="unauthorized"
        )
    if not 200 <= status < 300:
        raise DeliveryError(f"Zalo ZNS answered HTTP {status}", permanent=False, code="http_error")
    payload = answer.get("data")
    msg_id = payload.get("msg_id") if isinstance(payload, dict) else None
    if error != 0 or not isinstance(msg_id, str) or not msg_id:
        raise DeliveryError(
            "Zalo ZNS answer could not be read (no error 0 with a msg_id)",
            permanent=False,
            code="unreadable",
        )
    return Accepted(provider_id=msg_id, delivered=False)


def _json_object(data: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(data)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _error_code(value: object) -> int | None:
    """Zalo's ``error``: a number (a numeric string is taken too)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value.strip()):
        return int(value)
    return None


def sign_event(app_id: str, body: bytes | str, timestamp_ms: int | str, secret: str) -> str:
    """The ``X-ZEvent-Signature`` value of a webhook event: ``mac=`` and the hex SHA-256 of
    the app id, the body exactly as sent, the event's timestamp and the OA secret key."""
    raw = body.encode() if isinstance(body, str) else body
    digest = hashlib.sha256(
        app_id.encode() + raw + str(timestamp_ms).encode() + secret.encode()
    ).hexdigest()
    return f"mac={digest}"


def read_receipt(body: bytes, headers: Mapping[str, str]) -> Receipt:
    """A ZNS webhook event as a receipt, once its signature and age are checked.

    Raises ``ForgedReceipt`` (unsigned, wrongly signed, no secret to check it with, or too old
    or too far ahead) and ``BadReceipt`` (signed but not a delivery we can read)."""
    secret = settings.MOTCUA_ZNS_SECRET
    if not secret:
        raise ForgedReceipt("no OA secret key (MOTCUA_ZNS_SECRET) to check ZNS receipts with")
    event = _json_object(body)
    if event is None:
        raise ForgedReceipt("a ZNS receipt that is not a JSON object cannot be checked")
    timestamp = _milliseconds(event.get("timestamp"))
    if timestamp is None:
        raise ForgedReceipt("a ZNS receipt without its timestamp cannot be checked")
    app_id = settings.MOTCUA_ZNS_APP_ID or str(event.get("app_id") or "")
    supplied = _header(headers, SIGNATURE_HEADER).strip()
    expected = sign_event(app_id, body, str(event["timestamp"]).strip(), secret)
    if not supplied or not hmac.compare_digest(supplied.encode(), expected.encode()):
        raise ForgedReceipt("ZNS receipt signature missing or wrong")
    age_ms = clock.wall().timestamp() * 1000 - timestamp
    if abs(age_ms) > settings.MOTCUA_RECEIPT_MAX_AGE_SECONDS * 1000:
        raise ForgedReceipt(f"ZNS receipt timestamp {timestamp} is too far from now")

    name = event.get("event_name")
    if name != DELIVERED_EVENT:
        raise BadReceipt(f"ZNS event {name!r} is not a delivery receipt")
    message = event.get("message")
    msg_id = message.get("msg_id") if isinstance(message, dict) else None
    if not isinstance(message, dict) or not isinstance(msg_id, str) or not msg_id:
        raise BadReceipt("ZNS receipt without message.msg_id")
    tracking_id = message.get("tracking_id")
    delivered_at = _milliseconds(message.get("delivery_time"))
    return Receipt(
        provider_id=msg_id,
        reference=tracking_id if isinstance(tracking_id, str) else "",
        outcome="delivered",
        at=datetime.fromtimestamp((delivered_at or timestamp) / 1000, tz=UTC),
    )


def _milliseconds(value: object) -> int | None:
    """A Zalo time (milliseconds since 1970, as a number or a string of digits)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]+", value.strip()):
        return int(value)
    return None


def _header(headers: Mapping[str, str], name: str) -> str:
    """A header's value from Django's case-insensitive headers or a plain dict."""
    value = headers.get(name)
    if value is not None:
        return value
    wanted = name.lower()
    for key, found in headers.items():
        if key.lower() == wanted:
            return found
    return ""
