from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from django.conf import settings
from django.test import SimpleTestCase

CHECK = "import django; django.setup(); print('started')"


def start(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(  # noqa: S603 - our own interpreter and a constant script
        [sys.executable, "-c", CHECK],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


class ProductionSettingsTestCase(SimpleTestCase):
    def test_production_refuses_to_start_without_a_secret_key(self) -> None:
        result = start(DEBUG="false", ALLOWED_HOSTS="motcua.example.vn")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY", result.stderr)

    def test_production_refuses_a_short_secret_key(self) -> None:
        result = start(DEBUG="false", SECRET_KEY="short", ALLOWED_HOSTS="motcua.example.vn")
        self.assertIn("at least 32 characters", result.stderr)

    def test_production_refuses_to_start_without_allowed_hosts(self) -> None:
        result = start(DEBUG="false", SECRET_KEY="x" * 50)
        self.assertIn("ALLOWED_HOSTS", result.stderr)

    def test_production_starts_with_its_secrets(self) -> None:
        result = start(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="motcua.example.vn")
        self.assertEqual(result.stdout.strip(), "started", result.stderr)

    def test_the_secret_key_can_come_from_a_file(self) -> None:
        with tempfile.NamedTemporaryFile("w", suffix=".key") as key:
            key.write("k" * 40 + "\n")
            key.flush()
            result = start(DEBUG="false", SECRET_KEY_FILE=key.name, ALLOWED_HOSTS="a.example.vn")
        self.assertEqual(result.stdout.strip(), "started", result.stderr)

    def test_an_unreadable_boolean_is_refused_by_name(self) -> None:
        result = start(DEBUG="maybe")
        self.assertIn("DEBUG must be true or false", result.stderr)

    def test_a_database_url_of_another_engine_is_refused(self) -> None:
        result = start(DATABASE_URL="mysql://u:p@127.0.0.1/motcua")
        self.assertIn("DATABASE_URL", result.stderr)
