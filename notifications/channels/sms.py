"""SMS through an HTTP "brandname" gateway: one request a message, a delivery receipt later.

The gateway's protocol, as this channel and the local gateway (``notifications.local``) speak it:

Send: ``POST {MOTCUA_SMS_URL}/v1/messages`` with ``Authorization: Bearer {MOTCUA_SMS_API_KEY}``
and a JSON body (``application/x-www-form-urlencoded`` when ``MOTCUA_SMS_FORMAT`` is ``form``):

- ``brandname``: the unit's sender name (``Outgoing.sender``, else ``MOTCUA_SMS_BRANDNAME``);
- ``to``: the number as ``84xxxxxxxxx`` (``normalise_phone``); a number that is not a Vietnamese
  mobile number is refused here, permanently (``invalid_number``), without calling;
- ``text``; ``unicode``: 1 when the text needs UCS-2 (``sms_text.encoding_of``), else 0: a
  gateway told 0 would send GSM-7 and the diacritics would arrive as garbage;
- ``ref``: our reference (``Outgoing.reference``), echoed in the receipt;
- ``callback_url``: where the receipt is to be posted (``Outgoing.callback_url``; "" for none).

Answers:

- 200 or 202 (any 2xx) ``{"message_id": str, "segments": int}``: accepted; a receipt will
  follow, so the message is *sending* (``Accepted(delivered=False)``). Segments missing: our
  own count.
- 400, 404, 422 ``{"error": code, "message": text}``: the gateway refuses this message
  (``invalid_number``, ``blocked``, ``unsubscribed``, ``invalid_brandname``…): permanent, with
  its code (another 4xx with a code is taken the same way). A 404 without that JSON is a wrong
  URL rather than a refusal: retried (``not_found``); another 4xx without a code is
  ``refused``, permanent. The gateway's message is kept, short and with the number masked.
- 401, 403: our key is wrong, a configuration error: retried (``unauthorized``), so that the
  messages go once the key is fixed.
- 408, 429 (``rate_limited``), 5xx (``unavailable``), a timeout (``MOTCUA_SMS_TIMEOUT_SECONDS``;
  ``timeout``), no connection (``unreachable``), an answer we cannot read (``bad_answer``):
  retried. A timeout may hide a message the gateway did take: retrying may then send it twice,
  which a gateway that keeps one message per ``ref`` would avoid.

Receipt: the gateway ``POST``s JSON ``{"message_id", "ref", "status": "delivered" | "failed",
"error": "" | "phone_off" | "invalid_number" | …, "done_at": ISO-8601}`` to the callback URL,
with ``X-Timestamp`` (Unix seconds) and ``X-Signature``, the hex HMAC-SHA256 with
``MOTCUA_SMS_CALLBACK_SECRET`` of ``"{timestamp}."`` followed by the body (``sign_receipt``).
``read_receipt`` refuses a receipt whose signature does not match or whose timestamp is more
than ``MOTCUA_RECEIPT_MAX_AGE_SECONDS`` away (``ForgedReceipt``: an old receipt posted again is
taken for a forged one), then one it cannot read (``BadReceipt``). A failure for a reason that
passes (``TRANSIENT_ERRORS``: phone off, inbox full…) is a *temporary-failure*, sent again;
any other is a *permanent-failure*.

The log shows the number masked and never the text, which may be a login code.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from core import clock
from notifications import sms_text
from notifications.channels import mask_address
from notifications.channels.base import (
    Accepted,
    BadReceipt,
    DeliveryError,
    ForgedReceipt,
    Outcome,
    Outgoing,
    Receipt,
)
from notifications.phones import vietnamese_mobile

logger = logging.getLogger("motcua.notifications")

PATH = "/v1/messages"
DELIVERED, FAILED = "delivered", "failed"
# Failures that pass: the message is sent again later (temporary-failure). Any other reason
# (invalid_number, blocked, unsubscribed, unknown ones) will not change by trying again.
TRANSIENT_ERRORS = frozenset({"phone_off", "inbox_full", "network_busy", "absent"})
# Statuses that say "later": a timeout on their side, too many requests.
RETRY_LATER = {408: "timeout", 429: "rate_limited"}


# A Vietnamese mobile number since the 2018 renumbering: 0 (or 84, +84, 0084) then nine digits,
# the first 3, 5, 7, 8 or 9 (02x are landlines). ASCII digits only: \d would take any script's.
def normalise_phone(address: str) -> str:
    """``address`` as the gateway takes it, ``84`` and nine digits: "0912 345 678",
    "+84 912-345-678" and "(091) 234.5678" all give "84912345678". Full-width digits are read as
    ASCII. ``ValueError`` when it is not a Vietnamese mobile number."""
    number = vietnamese_mobile(address)
    if number is None:
        raise ValueError(f"not a Vietnamese mobile number: {mask_address(address)}")
    return number


def sign_receipt(secret: str, timestamp: int | str, body: bytes) -> str:
    """The receipt's ``X-Signature``: hex HMAC-SHA256 of ``"{timestamp}."`` and the body. The
    timestamp is signed with the body so that an old receipt cannot be given a new time."""
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def send(message: Outgoing) -> Accepted:
    """Hand ``message`` to the gateway; ``DeliveryError`` (permanent or not) when it is not
    taken. See the module's docstring for the protocol."""
    base = settings.MOTCUA_SMS_URL.rstrip("/")
    if urllib.parse.urlsplit(base).scheme not in ("http", "https"):
        raise DeliveryError(
            "no SMS gateway configured (MOTCUA_SMS_URL)", permanent=True, code="not_configured"
        )
    try:
        to = normalise_phone(message.address)
    except ValueError as exc:
        raise DeliveryError(str(exc), permanent=True, code="invalid_number") from None
    fields: dict[str, Any] = {
        "brandname": message.sender or settings.MOTCUA_SMS_BRANDNAME,
        "to": to,
        "text": message.body,
        "unicode": int(sms_text.encoding_of(message.body) == sms_text.UCS2),
        "ref": message.reference,
        "callback_url": message.callback_url,
    }
    status, data = _post(base + PATH, fields)
    try:
        accepted = _answer(status, data, numbers=(to, "0" + to[2:], message.address))
    except DeliveryError as exc:
        logger.warning(
            "SMS %s → %s not sent (%s, %s): %s",
            message.reference, mask_address(to), exc.code, status, exc,
        )  # fmt: skip
        raise
    if not accepted.segments:
        accepted = Accepted(accepted.provider_id, False, sms_text.count(message.body).segments)
    logger.info(
        "SMS %s → %s accepted as %s (%d segments)",
        message.reference, mask_address(to), accepted.provider_id, accepted.segments,
    )  # fmt: skip
    return accepted


def _post(url: str, fields: dict[str, Any]) -> tuple[int, bytes]:
    """The HTTP status and body of the gateway's answer; network failures as retriable
    ``DeliveryError``s."""
    if settings.MOTCUA_SMS_FORMAT == "form":
        body = urllib.parse.urlencode(fields).encode()
        content_type = "application/x-www-form-urlencoded"
    else:
        body = json.dumps(fields, ensure_ascii=False).encode()
        content_type = "application/json; charset=utf-8"
    headers = {"Content-Type": content_type, "Accept": "application/json"}
    if settings.MOTCUA_SMS_API_KEY:
        headers["Authorization"] = f"Bearer {settings.MOTCUA_SMS_API_KEY}"
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310 - http(s) checked
    timeout = settings.MOTCUA_SMS_TIMEOUT_SECONDS
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        try:
            return exc.code, exc.read()
        except (OSError, http.client.HTTPException):
            return exc.code, b""
    except http.client.HTTPException as exc:  # not HTTP at all, or cut short
        raise DeliveryError(
            f"SMS gateway answer unreadable: {type(exc).__name__}", permanent=False,
            code="bad_answer",
        ) from exc  # fmt: skip
    except (TimeoutError, urllib.error.URLError, OSError) as exc:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, TimeoutError):
            raise DeliveryError(
                f"SMS gateway did not answer within {timeout} s", permanent=False, code="timeout"
            ) from exc
        raise DeliveryError(
            f"SMS gateway unreachable: {reason}", permanent=False, code="unreachable"
        ) from exc


def _json_object(data: bytes) -> dict[str, Any]:
    try:
        answer = json.loads(data)
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _an_id(value: object) -> str | None:
    """A message id as the gateway gives it: a non-empty string (or a number, some do)."""
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        return None
    return str(value)


def _scrubbed(text: str, numbers: tuple[str, ...]) -> str:
    """The gateway's own message, short and without the number in it (it goes to the log)."""
    for number in numbers:
        if number:
            text = text.replace(number, mask_address(number))
    return text[:200]


def _answer(status: int, data: bytes, *, numbers: tuple[str, ...]) -> Accepted:
    answer = _json_object(data)
    if 200 <= status < 300:
        message_id = _an_id(answer.get("message_id"))
        if message_id is None:
            raise DeliveryError(
                f"SMS gateway answered {status} without a message_id", permanent=False,
                code="bad_answer",
            )  # fmt: skip
        segments = answer.get("segments")
        counted = segments if isinstance(segments, int) and segments > 0 else 0
        return Accepted(provider_id=message_id, delivered=False, segments=counted)
    code = str(answer.get("error") or "")[:40]
    said = _scrubbed(str(answer.get("message") or ""), numbers)
    if status in (401, 403):
        raise DeliveryError(
            f"SMS gateway refused our key (HTTP {status}): check MOTCUA_SMS_API_KEY",
            permanent=False, code="unauthorized",
        )  # fmt: skip
    if status in RETRY_LATER:
        raise DeliveryError(
            f"SMS gateway busy (HTTP {status})", permanent=False, code=RETRY_LATER[status]
        )
    if status >= 500 or status < 400:
        raise DeliveryError(
            f"SMS gateway failed (HTTP {status})", permanent=False, code="unavailable"
        )
    if code:
        refusal = f"SMS gateway refused the message (HTTP {status}, {code})"
        raise DeliveryError(f"{refusal}: {said}" if said else refusal, permanent=True, code=code)
    if status == 404:
        raise DeliveryError(
            f"SMS gateway has no {PATH} (HTTP 404): check MOTCUA_SMS_URL",
            permanent=False, code="not_found",
        )  # fmt: skip
    raise DeliveryError(
        f"SMS gateway refused the message (HTTP {status})", permanent=True, code="refused"
    )


def read_receipt(body: bytes, headers: Mapping[str, str]) -> Receipt:
    """The delivery receipt the gateway posted (``body`` as received, its ``headers`` in any
    case): ``ForgedReceipt`` unless it is signed with our secret and recent, ``BadReceipt``
    when signed but unreadable."""
    _check_signature(body, {name.lower(): value for name, value in headers.items()})
    receipt = _json_object(body)
    message_id = _an_id(receipt.get("message_id"))
    if message_id is None:
        raise BadReceipt("SMS receipt without a message_id")
    status = receipt.get("status")
    if status not in (DELIVERED, FAILED):
        raise BadReceipt(f"SMS receipt with an unknown status: {str(status)[:40]!r}")
    error = receipt.get("error") or ""
    reference = receipt.get("ref") or ""
    if not isinstance(error, str) or not isinstance(reference, str):
        raise BadReceipt("SMS receipt whose error or ref is not a string")
    outcome: Outcome
    if status == DELIVERED:
        outcome = "delivered"
    elif error in TRANSIENT_ERRORS:
        outcome = "temporary-failure"
    else:
        outcome = "permanent-failure"
    return Receipt(
        provider_id=message_id,
        reference=reference,
        outcome=outcome,
        detail=error,
        at=_done_at(receipt.get("done_at")),
    )


def _check_signature(body: bytes, headers: Mapping[str, str]) -> None:
    secret = settings.MOTCUA_SMS_CALLBACK_SECRET
    if not secret:
        raise ForgedReceipt("no MOTCUA_SMS_CALLBACK_SECRET: SMS receipts cannot be checked")
    timestamp = headers.get("x-timestamp", "").strip()
    signature = headers.get("x-signature", "").strip().lower()
    if not timestamp or not signature:
        raise ForgedReceipt("SMS receipt without X-Timestamp and X-Signature")
    expected = sign_receipt(secret, timestamp, body)
    if not hmac.compare_digest(signature.encode(), expected.encode()):
        raise ForgedReceipt("SMS receipt with a wrong signature")
    # Signed, so the time is the gateway's; wall time, since a replayed history is no excuse.
    if not timestamp.isascii() or not timestamp.isdigit():
        raise ForgedReceipt("SMS receipt with an unreadable X-Timestamp")
    age = abs(clock.wall().timestamp() - int(timestamp))
    if age > settings.MOTCUA_RECEIPT_MAX_AGE_SECONDS:
        raise ForgedReceipt(f"SMS receipt signed {int(age)} s away from now: refused as a replay")


def _done_at(value: object) -> datetime | None:
    """The receipt's time; one without a time zone is taken as the project's (Vietnam's):
    a local gateway writes local time."""
    if value in (None, ""):
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise BadReceipt(f"SMS receipt with an unreadable done_at: {str(value)[:40]!r}") from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
