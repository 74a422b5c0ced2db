"""The card and bank gateway of the VNPay kind (protocol 2.1.0), the signing and reading half.

- **Redirect.** The payer's browser is sent to ``{base}?{query}``: the ``vnp_*`` parameters
  (``vnp_Version`` 2.1.0, ``vnp_Command`` pay, ``vnp_TmnCode``, ``vnp_Amount`` = đồng × 100,
  ``vnp_CurrCode`` VND, ``vnp_TxnRef`` our attempt's reference, ``vnp_OrderInfo``,
  ``vnp_ReturnUrl``, ``vnp_IpAddr``, ``vnp_CreateDate`` and ``vnp_ExpireDate`` as
  yyyyMMddHHmmss Vietnam time), sorted by name, form-encoded, and ``vnp_SecureHash`` = hex
  HMAC-SHA512 of that query with the merchant's secret.
- **IPN.** The gateway calls our IPN URL, server to server, with its ``vnp_*`` answer signed the
  same way (``vnp_SecureHash`` itself and ``vnp_SecureHashType`` left out of the signed query).
  We answer JSON ``{"RspCode", "Message"}``: 00 taken, 01 no such order, 02 already settled,
  04 wrong amount, 97 bad signature, 99 anything else. A payment succeeded when both
  ``vnp_ResponseCode`` and ``vnp_TransactionStatus`` are 00; 24 is the payer cancelling.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote_plus

VERSION = "2.1.0"
SIGNATURE = "vnp_SecureHash"
UNSIGNED = frozenset({SIGNATURE, "vnp_SecureHashType"})
CANCELLED_BY_PAYER = "24"

# The IPN's answer codes.
TAKEN = "00"
NO_SUCH_ORDER = "01"
ALREADY_SETTLED = "02"
WRONG_AMOUNT = "04"
BAD_SIGNATURE = "97"
OTHER_ERROR = "99"


def signed_query(params: Mapping[str, str]) -> str:
    """The query the signature covers: ``vnp_*`` parameters but the signature's own, sorted by
    name, values form-encoded (spaces as +)."""
    return "&".join(
        f"{name}={quote_plus(str(value))}"
        for name, value in sorted(params.items())
        if name.startswith("vnp_") and name not in UNSIGNED and str(value) != ""
    )


def sign(params: Mapping[str, str], secret: str) -> str:
    return hmac.new(secret.encode(), signed_query(params).encode(), hashlib.sha512).hexdigest()


def payment_url(base: str, params: Mapping[str, str], secret: str) -> str:
    """Where to send the payer: the parameters and their signature."""
    return f"{base}?{signed_query(params)}&{SIGNATURE}={sign(params, secret)}"


def verified(params: Mapping[str, str], secret: str) -> bool:
    """Whether the parameters carry their own valid signature (constant-time compare)."""
    given = str(params.get(SIGNATURE, ""))
    return bool(given) and hmac.compare_digest(given.lower(), sign(params, secret))


@dataclass(frozen=True)
class Notice:
    """What the gateway says about one attempt (signature checked)."""

    reference: str  # vnp_TxnRef: our attempt's
    amount: int  # đồng (vnp_Amount / 100)
    succeeded: bool
    cancelled: bool
    response_code: str
    transaction_no: str  # the gateway's id of the transaction


class BadNotice(ValueError):
    """A notice that is signed wrong or cannot be read; ``code`` is the IPN answer code."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def read_notice(params: Mapping[str, str], secret: str) -> Notice:
    """The notice in an IPN's (or return URL's) parameters, once its signature checks."""
    if not verified(params, secret):
        raise BadNotice("the signature does not match", BAD_SIGNATURE)
    amount = str(params.get("vnp_Amount", ""))
    reference = str(params.get("vnp_TxnRef", ""))
    if not reference:
        raise BadNotice("no vnp_TxnRef", NO_SUCH_ORDER)
    if not amount.isdigit() or int(amount) % 100:
        raise BadNotice("vnp_Amount is not whole đồng × 100", WRONG_AMOUNT)
    response = str(params.get("vnp_ResponseCode", ""))
    status = str(params.get("vnp_TransactionStatus", ""))
    return Notice(
        reference=reference,
        amount=int(amount) // 100,
        succeeded=response == "00" and status == "00",
        cancelled=response == CANCELLED_BY_PAYER,
        response_code=response,
        transaction_no=str(params.get("vnp_TransactionNo", "")),
    )


def answer(code: str) -> dict[str, str]:
    """The IPN's JSON answer for ``code``."""
    messages = {
        TAKEN: "Confirm Success",
        NO_SUCH_ORDER: "Order not found",
        ALREADY_SETTLED: "Order already confirmed",
        WRONG_AMOUNT: "Invalid amount",
        BAD_SIGNATURE: "Invalid signature",
    }
    return {"RspCode": code, "Message": messages.get(code, "Unknown error")}
