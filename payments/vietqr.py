"""VietQR: the dynamic EMVCo QR a Vietnamese banking app scans to pay by transfer (NAPAS 247).

The payload is a string of fields, each ``ID`` (2 digits) ``LENGTH`` (2 digits) ``VALUE``:

- ``00`` payload format indicator: ``01``;
- ``01`` point of initiation: ``12`` (dynamic: one amount, one payment) or ``11`` (static);
- ``38`` merchant account (NAPAS): ``00`` the GUID ``A000000727``; ``01`` the beneficiary,
  itself ``00`` the bank's BIN (6 digits) and ``01`` the account number; ``02`` the service,
  ``QRIBFTTA`` (to an account);
- ``53`` currency: ``704`` (VND); ``54`` amount: whole đồng, digits only; ``58`` country: ``VN``;
- ``62`` additional data: ``08`` the purpose of the transfer, the dossier's payment reference;
- ``63`` CRC: CRC-16/CCITT-FALSE (poly 0x1021, initial 0xFFFF) over everything before it,
  ``6304`` included, as four upper-case hex digits.

The bank copies the purpose into its transaction notice and statement line, where the payment
is matched by it. ``decode`` reads a payload back into its fields and checks its CRC.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NAPAS_GUID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"
VND = "704"
# What banks' apps accept in the purpose: letters without diacritics, digits, space and a few
# signs, at most 25 characters in most apps (NAPAS allows more; the reference fits in 25).
PURPOSE_MAX = 25
_PURPOSE_CHARACTERS = re.compile(r"[^A-Za-z0-9 .\-]")


class InvalidPayload(ValueError):
    """A payload that cannot be a VietQR (bad field, length, CRC)."""


@dataclass(frozen=True)
class TransferQR:
    bank_bin: str
    account: str
    amount: int | None
    purpose: str
    dynamic: bool = True


def crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final
    XOR (the check value of b"123456789" is 0x29B1)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _field(tag: str, value: str) -> str:
    if len(value) > 99:
        raise InvalidPayload(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def clean_purpose(text: str) -> str:
    """The purpose as banks carry it: no diacritics (đ → d), only safe characters, 25 long."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return _PURPOSE_CHARACTERS.sub("", plain).strip()[:PURPOSE_MAX]


def encode(qr: TransferQR) -> str:
    """The payload for ``qr`` (its purpose cleaned as banks carry it)."""
    if not re.fullmatch(r"[0-9]{6}", qr.bank_bin):
        raise InvalidPayload("the bank's BIN is six digits")
    if not re.fullmatch(r"[0-9A-Za-z]{1,19}", qr.account):
        raise InvalidPayload("the account number is 1 to 19 letters or digits")
    if qr.amount is not None and (isinstance(qr.amount, bool) or qr.amount <= 0):
        raise InvalidPayload("the amount is a positive whole number of đồng")
    beneficiary = _field("00", qr.bank_bin) + _field("01", qr.account)
    merchant = _field("00", NAPAS_GUID) + _field("01", beneficiary) + _field("02", TO_ACCOUNT)
    payload = _field("00", "01") + _field("01", "12" if qr.dynamic else "11")
    payload += _field("38", merchant) + _field("53", VND)
    if qr.amount is not None:
        payload += _field("54", str(qr.amount))
    payload += _field("58", "VN")
    purpose = clean_purpose(qr.purpose)
    if purpose:
        payload += _field("62", _field("08", purpose))
    payload += "6304"
    return payload + f"{crc16(payload.encode('ascii')):04X}"


def fields(text: str) -> dict[str, str]:
    """The top-level fields of a TLV string; InvalidPayload when it does not parse."""
    found: dict[str, str] = {}
    index = 0
    while index < len(text):
        tag, length = text[index : index + 2], text[index + 2 : index + 4]
        if len(tag) < 2 or not length.isdigit():
            raise InvalidPayload(f"a field at {index} has no length")
        end = index + 4 + int(length)
        if end > len(text):
            raise InvalidPayload(f"field {tag} runs past the end")
        found[tag] = text[index + 4 : end]
        index = end
    return found


def decode(payload: str) -> TransferQR:
    """The transfer a VietQR payload asks for; InvalidPayload if its CRC or fields are wrong."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise InvalidPayload("the payload does not end with its CRC")
    if f"{crc16(payload[:-4].encode('ascii')):04X}" != payload[-4:].upper():
        raise InvalidPayload("the CRC does not match")
    top = fields(payload[:-8])
    merchant = fields(top.get("38", ""))
    if merchant.get("00") != NAPAS_GUID:
        raise InvalidPayload("not a NAPAS (VietQR) payload")
    beneficiary = fields(merchant.get("01", ""))
    if top.get("53", VND) != VND:
        raise InvalidPayload("the currency is not VND")
    amount = top.get("54")
    if amount is not None and not amount.isdigit():
        raise InvalidPayload("the amount is not whole đồng")
    return TransferQR(
        bank_bin=beneficiary.get("00", ""),
        account=beneficiary.get("01", ""),
        amount=int(amount) if amount is not None else None,
        purpose=fields(top.get("62", "")).get("08", ""),
        dynamic=top.get("01") == "12",
    )
