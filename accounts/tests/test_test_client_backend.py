from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.contrib.auth import authenticate
from django.test import TestCase

from core.testing import PASSWORD, create_officer

SHOW_BACKENDS = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.AUTHENTICATION_BACKENDS)"
)


class TestClientBackendTestCase(TestCase):
    """The backend that lets force_login skip TOTP exists under the test runner only, and it
    never signs anyone in by password."""

    def test_a_served_process_does_not_have_it(self) -> None:
        result = subprocess.run(  # noqa: S603 - our own interpreter and a constant script
            [sys.executable, "-c", SHOW_BACKENDS],
            cwd=settings.BASE_DIR,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertIn("ModelBackend", result.stdout, result.stderr)
        self.assertNotIn("TestClientBackend", result.stdout)

    def test_it_never_checks_a_password(self) -> None:
        officer = create_officer()
        user = authenticate(username=officer.username, password=PASSWORD)
        self.assertEqual(getattr(user, "backend", ""), "django.contrib.auth.backends.ModelBackend")
