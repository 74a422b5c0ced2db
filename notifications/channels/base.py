"""What every delivery channel speaks: one message out (``Outgoing``), the provider's answer
(``Accepted``), its refusal (``DeliveryError``), and the delivery receipt it posts back later
(``Receipt``). Each channel module (``sms``, ``email``, ``zalo``) has a ``send(Outgoing)``
function and, when its provider posts receipts, a ``read_receipt(body, headers)`` that checks
the signature first and raises ``ForgedReceipt`` when it does not match.

Statuses follow GOV.UK Notify's: a message is *created*, then *sending* once a provider has
accepted it and a receipt is awaited (or *delivered* at once where there will be none: an SMTP
server that took the message, an in-app message written); a receipt then makes it *delivered*,
*temporary-failure* (phone off, inbox full: sent again until a cut-off) or *permanent-failure*
(no such number, unsubscribed: never sent again). A provider that fails on our request
(timeout, 5xx) is tried again with backoff, and after the last try the message ends as
*technical-failure*.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Outcome = Literal["delivered", "temporary-failure", "permanent-failure"]


@dataclass(frozen=True)
class Outgoing:
    """One message for one address, as a channel sends it."""

    # Our tracking id for the message; providers echo it in their receipts.
    reference: str
    # A phone number (0912345678 or +84912345678) or an e-mail address.
    address: str
    subject: str
    # Plain text: the SMS text, the e-mail's text part, the in-app message.
    body: str
    # The e-mail's HTML part ("" for none).
    html: str = ""
    # The unit's sender identity: SMS brandname or e-mail From (""= the configured default).
    sender: str = ""
    # Zalo ZNS: the pre-approved template and the values of its parameters.
    template_id: str = ""
    template_data: Mapping[str, str] = field(default_factory=dict)
    # Where the provider posts its delivery receipt ("" = the configured default).
    callback_url: str = ""


@dataclass(frozen=True)
class Accepted:
    """The provider took the message."""

    # The provider's id for it (SMS message id, ZNS msg_id, e-mail Message-ID).
    provider_id: str
    # True when nothing more will come (SMTP accepted, in-app written): the message is
    # delivered. False when a delivery receipt will follow: the message is sending.
    delivered: bool
    # SMS parts billed (0 where not counted).
    segments: int = 0


class DeliveryError(Exception):
    """The message could not be handed over.

    ``permanent``: sending again cannot help (invalid number, recipient refused, template not
    approved): the message ends as permanent-failure and is not retried. Otherwise the failure
    is the provider's or the network's (timeout, 5xx, 429) and the message is tried again.
    ``code`` is a short stable word for operators and for the fallback rule (e.g.
    ``no_zalo_account``)."""

    def __init__(self, message: str, *, permanent: bool, code: str = "") -> None:
        super().__init__(message)
        self.permanent = permanent
        self.code = code


@dataclass(frozen=True)
class Receipt:
    """A delivery receipt posted back by a provider, its signature checked."""

    provider_id: str
    # Our reference, when the provider echoes it ("" if not).
    reference: str
    outcome: Outcome
    # The provider's reason in its words ("phone_off", "invalid_number", …).
    detail: str = ""
    at: datetime | None = None


class ForgedReceipt(Exception):
    """A receipt whose signature is missing or wrong, or too old to be taken: refused."""


class BadReceipt(Exception):
    """A signed receipt we cannot read (missing fields, unknown status)."""
