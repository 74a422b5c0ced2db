from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from accounts.models import User
from units.models import AdministrativeUnit, GovernmentUnit


class DemoProductionGuardTestCase(TestCase):
    """Demo passwords are public: with DEBUG off the command needs --allow-production."""

    @override_settings(DEBUG=False)
    def test_it_refuses_to_run_with_debug_off(self) -> None:
        with self.assertRaisesMessage(CommandError, "--allow-production"):
            call_command("demo", "--quiet-accounts", stdout=StringIO())

    @override_settings(DEBUG=False)
    def test_it_writes_nothing_when_refused(self) -> None:
        with self.assertRaises(CommandError):
            call_command("demo", stdout=StringIO())
        self.assertEqual(
            (
                AdministrativeUnit.objects.count(),
                GovernmentUnit.objects.count(),
                User.objects.count(),
            ),
            (0, 0, 0),
        )

    @override_settings(DEBUG=False)
    def test_it_runs_with_debug_off_when_allowed(self) -> None:
        call_command("demo", "--quiet-accounts", "--allow-production", stdout=StringIO())
        self.assertTrue(User.objects.filter(username="admin", is_superuser=True).exists())
