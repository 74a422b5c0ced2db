from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from django.conf import settings
from django.test import SimpleTestCase

CHECK = "import django; django.setup(); print('started')"
SECRET = "q7V-2mZ_k9LpX4tR8wNc1bY6hJ3sDf5G"  # 32 characters, 30 different
HSTS = "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS)"


def start(script: str = CHECK, **env: str) -> subprocess.CompletedProcess[str]:
    hidden = {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "SECURE_HSTS_SECONDS"}
    environment = {k: v for k, v in os.environ.items() if k not in hidden}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(  # noqa: S603 - our own interpreter and a constant script
        [sys.executable, "-c", script],
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
        result = start(DEBUG="false", SECRET_KEY=SECRET)
        self.assertIn("ALLOWED_HOSTS", result.stderr)

    def test_production_starts_with_its_secrets(self) -> None:
        result = start(DEBUG="false", SECRET_KEY=SECRET, ALLOWED_HOSTS="motcua.example.vn")
        self.assertEqual(result.stdout.strip(), "started", result.stderr)

    def test_the_secret_key_can_come_from_a_file(self) -> None:
        with tempfile.NamedTemporaryFile("w", suffix=".key") as key:
            key.write(SECRET + "\n")
            key.flush()
            result = start(DEBUG="false", SECRET_KEY_FILE=key.name, ALLOWED_HOSTS="a.example.vn")
        self.assertEqual(result.stdout.strip(), "started", result.stderr)

    def test_an_unreadable_boolean_is_refused_by_name(self) -> None:
        result = start(DEBUG="maybe")
        self.assertIn("DEBUG must be true or false", result.stderr)

    def test_a_database_url_of_another_engine_is_refused(self) -> None:
        result = start(DATABASE_URL="mysql://u:p@127.0.0.1/motcua")
        self.assertIn("DATABASE_URL", result.stderr)

    def test_production_refuses_a_long_key_of_one_repeated_character(self) -> None:
        result = start(DEBUG="false", SECRET_KEY="x" * 32, ALLOWED_HOSTS="motcua.example.vn")
        self.assertIn("at least 10 different", result.stderr)

    def test_production_sends_hsts_for_a_year_by_default(self) -> None:
        result = start(HSTS, DEBUG="false", SECRET_KEY=SECRET, ALLOWED_HOSTS="motcua.example.vn")
        self.assertEqual(result.stdout.strip().splitlines()[-1], str(365 * 24 * 3600))


class DevelopmentModeTestCase(SimpleTestCase):
    def run_check(self, **env: str) -> subprocess.CompletedProcess[str]:
        hidden = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
        environment = {k: v for k, v in os.environ.items() if k not in hidden}
        environment.update(env)
        return subprocess.run(
            [sys.executable, "manage.py", "check"],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )

    def test_a_start_without_debug_says_it_is_development_mode(self) -> None:
        result = self.run_check()
        self.assertIn("motcua.W001", result.stderr + result.stdout)
        self.assertIn("DEVELOPMENT mode", result.stderr + result.stdout)

    def test_debug_set_explicitly_starts_quietly(self) -> None:
        result = self.run_check(DEBUG="true")
        self.assertNotIn("motcua.W001", result.stderr + result.stdout)
