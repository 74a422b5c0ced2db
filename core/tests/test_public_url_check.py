"""motcua.W002: production (DEBUG off) with MOTCUA_PUBLIC_URL left on this machine's address,
which every QR code and link in issued documents would then print."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.test import SimpleTestCase, override_settings

from core.checks import public_url_left_to_its_default, warn_at_start
from core.tests.test_settings import SECRET

DEFAULT = "http://127.0.0.1:8000"


class PublicUrlCheckTestCase(SimpleTestCase):
    def ids(self) -> list[str]:
        return [message.id or "" for message in public_url_left_to_its_default()]

    @override_settings(DEBUG=False, MOTCUA_PUBLIC_URL=DEFAULT)
    def test_production_with_the_default_warns(self) -> None:
        self.assertEqual(self.ids(), ["motcua.W002"])

    @override_settings(DEBUG=False, MOTCUA_PUBLIC_URL="http://localhost:8000")
    def test_production_with_localhost_warns(self) -> None:
        self.assertEqual(self.ids(), ["motcua.W002"])

    @override_settings(DEBUG=False, MOTCUA_PUBLIC_URL="https://dichvucong.example.gov.vn")
    def test_production_with_a_public_address_is_quiet(self) -> None:
        self.assertEqual(self.ids(), [])

    @override_settings(DEBUG=True, MOTCUA_PUBLIC_URL=DEFAULT)
    def test_development_with_the_default_is_quiet(self) -> None:
        self.assertEqual(self.ids(), [])


class PublicUrlAtStartTestCase(SimpleTestCase):
    def test_a_production_start_without_it_warns(self) -> None:
        environment = {k: v for k, v in os.environ.items() if k != "MOTCUA_PUBLIC_URL"}
        environment.update(DEBUG="false", SECRET_KEY=SECRET, ALLOWED_HOSTS="motcua.example.vn")
        result = subprocess.run(
            [sys.executable, "manage.py", "check"],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertIn("motcua.W002", result.stderr + result.stdout)

    @override_settings(DEBUG=False, MOTCUA_PUBLIC_URL=DEFAULT)
    def test_the_served_process_logs_it_at_start(self) -> None:
        # WSGI runs no system checks: config/wsgi.py calls warn_at_start.
        with self.assertLogs("motcua", level="WARNING") as logs:
            warn_at_start()
        self.assertIn("MOTCUA_PUBLIC_URL", "\n".join(logs.output))
