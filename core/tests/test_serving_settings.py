"""Production settings for serving (config/settings.py): database connections, static files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from django.conf import settings
from django.test import SimpleTestCase

SECRET = "q7V-2mZ_k9LpX4tR8wNc1bY6hJ3sDf5G"
SHOW = (
    "import json; from django.conf import settings as s; d = s.DATABASES['default']; "
    "print(json.dumps({'age': d['CONN_MAX_AGE'], 'checks': d['CONN_HEALTH_CHECKS'], "
    "'options': d.get('OPTIONS', {}), 'static': s.STORAGES['staticfiles']['BACKEND'], "
    "'finders': s.WHITENOISE_USE_FINDERS, 'cache': s.CACHES['default']['BACKEND']}))"
)
PG = "postgres://motcua:motcua@127.0.0.1:5432/motcua_example"


def settings_of(**env: str) -> dict[str, object]:
    hidden = {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL", "STATIC_ROOT"}
    hidden |= {k for k in os.environ if k.startswith(("DB_", "MOTCUA_"))}
    environment = {k: v for k, v in os.environ.items() if k not in hidden}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(  # noqa: S603 - our own interpreter and a constant script
        [sys.executable, "-c", SHOW],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        return {"error": result.stderr}
    parsed: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return parsed


def production(**env: str) -> dict[str, object]:
    return settings_of(DEBUG="false", SECRET_KEY=SECRET, ALLOWED_HOSTS="a.example.vn", **env)


class DatabaseConnectionsTestCase(SimpleTestCase):
    def test_production_keeps_connections_and_checks_them(self) -> None:
        shown = production(DATABASE_URL=PG)
        self.assertEqual((shown["age"], shown["checks"]), (600, True))
        self.assertEqual(shown["options"], {"connect_timeout": 5})

    def test_development_opens_one_per_request(self) -> None:
        shown = settings_of(DATABASE_URL=PG)
        self.assertEqual((shown["age"], shown["checks"]), (0, False))

    def test_the_age_can_be_chosen(self) -> None:
        self.assertEqual(production(DATABASE_URL=PG, DB_CONN_MAX_AGE="0")["age"], 0)

    def test_a_pool_replaces_persistent_connections(self) -> None:
        shown = production(DATABASE_URL=PG, DB_POOL_MAX_SIZE="12", DB_POOL_TIMEOUT="3")
        self.assertEqual((shown["age"], shown["checks"]), (0, False))
        pool = {"min_size": 2, "max_size": 12, "timeout": 3}
        self.assertEqual(shown["options"], {"connect_timeout": 5, "pool": pool})

    def test_a_pool_needs_postgresql(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            shown = production(DATABASE_URL=f"sqlite:///{tmp}/db.sqlite3", DB_POOL_MAX_SIZE="4")
        self.assertIn("DB_POOL_MAX_SIZE needs a postgres://", str(shown["error"]))


class StaticFilesTestCase(SimpleTestCase):
    def test_production_serves_hashed_names_once_collected(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            before = production(STATIC_ROOT=tmp)
            with open(f"{tmp}/staticfiles.json", "w") as manifest:
                manifest.write('{"paths": {}, "version": "1.1"}')
            after = production(STATIC_ROOT=tmp)
        self.assertEqual(
            (before["static"], before["finders"]),
            ("django.contrib.staticfiles.storage.StaticFilesStorage", True),
        )
        self.assertEqual(
            (after["static"], after["finders"]),
            ("whitenoise.storage.CompressedManifestStaticFilesStorage", False),
        )

    def test_development_keeps_plain_names(self) -> None:
        shown = settings_of()
        self.assertEqual(shown["static"], "django.contrib.staticfiles.storage.StaticFilesStorage")


class CacheTestCase(SimpleTestCase):
    def test_the_cache_can_be_shared_through_the_database(self) -> None:
        self.assertEqual(
            production(MOTCUA_CACHE="database")["cache"],
            "django.core.cache.backends.db.DatabaseCache",
        )
        self.assertIn("MOTCUA_CACHE must be", str(production(MOTCUA_CACHE="redis")["error"]))
