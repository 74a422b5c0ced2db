from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from accounts.models import TOTPDevice
from accounts.tests.flow import confirmed_device
from core.testing import create_officer


class AccountsCommandTestCase(TestCase):
    """Operators reset an officer's second factor from the command line (e.g. the last
    superuser lost their phone)."""

    def test_it_resets_the_second_factor(self) -> None:
        officer = create_officer(username="canbo.matmay")
        confirmed_device(officer)
        call_command("accounts", "reset-totp", "canbo.matmay", stdout=StringIO())
        self.assertFalse(TOTPDevice.objects.filter(user=officer).exists())

    def test_it_names_an_unknown_account(self) -> None:
        with self.assertRaisesMessage(CommandError, "canbo.khongco"):
            call_command("accounts", "reset-totp", "canbo.khongco")
