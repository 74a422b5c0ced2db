"""At the counter: read the chip ID card's QR (typed by a keyboard-wedge scanner, or from a
photo), ask the population registry, and tell the officer what is already proven.

The reading travels between the "read the card" step and the "lodge the dossier" step as a
signed token naming the logged lookup; the dossier then records which lookup proved what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import IO, Any

from django.core import signing

from accounts.models import User
from catalog.models import Component, ProcedureVersion
from core import clock
from identity.cccd import CccdError, CccdRecord, parse_cccd_qr
from identity.scan import ScanError, read_qr_text
from registry.connector import logged_lookup
from registry.models import Lookup
from registry.proof import proven_components
from registry.records import PersonRecord, RegistryError
from units.models import GovernmentUnit

SALT = "registry.counter"
VALID_FOR = timedelta(hours=2)


class CardError(ValueError):
    """A reading that cannot be used; the message is for the officer (Vietnamese)."""


@dataclass(frozen=True)
class CardReading:
    card: CccdRecord
    person: PersonRecord | None
    lookup: Lookup
    proven: dict[int, str]

    @property
    def token(self) -> str:
        return signing.dumps({"lookup": self.lookup.pk}, salt=SALT)

    def initial(self) -> dict[str, Any]:
        """The intake form's applicant fields, from the registry (else from the card)."""
        person = self.person
        return {
            "applicant_name": person.full_name if person else self.card.full_name,
            "applicant_id_number": self.card.id_number,
            "applicant_address": person.permanent_address if person else self.card.address,
        }


def read_card(
    *,
    officer: User,
    desk: GovernmentUnit,
    version: ProcedureVersion,
    qr_text: str = "",
    photo: IO[bytes] | None = None,
) -> CardReading:
    try:
        text = qr_text if qr_text.strip() else read_qr_text(photo) if photo else ""
    except ScanError as exc:
        raise CardError(str(exc)) from None
    if not text.strip():
        raise CardError("Quét mã QR trên thẻ căn cước, hoặc tải ảnh chụp thẻ.")
    try:
        card = parse_cccd_qr(text)
    except CccdError as exc:
        raise CardError(f"Mã QR không đọc được: {exc.message}") from None
    try:
        person, entry = logged_lookup(
            card.id_number,
            purpose=f"Tiếp nhận hồ sơ tại quầy: {version.name}"[:300],
            actor=officer,
            unit=desk,
        )
    except RegistryError as exc:
        raise CardError(
            f"{exc} Thông tin trên thẻ đã được điền; các giấy tờ lấy từ dữ liệu dân cư cần "
            "đối chiếu lại sau."
        ) from None
    proven = proven_components(version.components.all(), entry.fields, entry.at) if person else {}
    return CardReading(card, person, entry, proven)


def proof_from_token(
    token: str, *, officer: User, id_number: str, components: list[Component]
) -> tuple[Lookup, dict[int, str]] | None:
    """The lookup a reading token names, if it is this officer's, for this person, recent and
    successful, with the components it proves; None otherwise (nothing is then proven)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=VALID_FOR)
        entry = Lookup.objects.get(pk=int(data["lookup"]))
    except (signing.BadSignature, Lookup.DoesNotExist, KeyError, TypeError, ValueError):
        return None
    if (
        entry.actor_id != officer.pk
        or entry.id_number != id_number
        or entry.outcome != Lookup.Outcome.FOUND
        or clock.now() - entry.at > VALID_FOR
    ):
        return None
    return entry, proven_components(components, entry.fields, entry.at)
