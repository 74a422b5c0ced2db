"""Officers' second factor: an authenticator app (TOTP, RFC 6238: six digits, 30 seconds)."""

from __future__ import annotations

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from pyotp.exceptions import OTPVerificationError

from accounts.models import TOTPDevice, User
from core import clock
from core.text import is_ascii_digits, typed_code

# One step either side: a phone clock a little off, or a code typed as it changes.
VALID_WINDOW = 1


def device_to_enrol(user: User) -> TOTPDevice:
    """The unconfirmed device of ``user``, made on first call; the same secret until confirmed,
    so that a page reload does not invalidate what the officer has already scanned."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    return device


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def provisioning_uri(device: TOTPDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.username, issuer_name=settings.MOTCUA_SITE_NAME
    )


def qr_data_uri(device: TOTPDevice) -> str:
    return str(segno.make(provisioning_uri(device), error="m").svg_data_uri(scale=5, border=4))


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def verify(user: User, typed: str, *, enrolling: bool = False) -> bool:
    """Check a code of the officer's device; confirm the device on its first good code.

    Each accepted code moves ``last_step`` on, so a code (even one overheard) works only once.
    """
    typed = typed_code(typed)
    if not is_ascii_digits(typed, 6):
        return False
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user).first()
        if device is None or (device.confirmed_at is None) != enrolling:
            return False
        try:
            step = pyotp.TOTP(device.secret).verify_and_get_timecode(
                typed, valid_window=VALID_WINDOW
            )
        except OTPVerificationError:
            return False
        if step <= device.last_step:
            return False
        device.last_step = step
        if device.confirmed_at is None:
            device.confirmed_at = clock.wall()
        device.save(update_fields=["last_step", "confirmed_at"])
        return True
