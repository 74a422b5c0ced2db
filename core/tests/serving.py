"""Helpers for the tests that start real server processes (granian, the worker, the scans).

Everything listens on 127.0.0.1, on a free port, with its own SQLite database and folders, and
every process is started in a session of its own so that a test can stop it (and check that
nothing of it is left) by its process group.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
ENV_EXAMPLE = BASE_DIR / "deploy" / "motcua.env.example"
SECRET = "q7V-2mZ_k9LpX4tR8wNc1bY6hJ3sDf5G"
# Bounds on waiting for a process; a process that takes longer fails the test (no timing is
# asserted: these only keep a broken test from hanging).
START_SECONDS = 120
STOP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines, as systemd's EnvironmentFile= and podman's --env-file read them."""
    values: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep, f"not KEY=value: {raw!r}"
        values[key.strip()] = value.strip()
    return values


def production_env(tmp: Path, port: int, **overrides: str) -> dict[str, str]:
    """The example env file, pointed at a temporary SQLite database and folders."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYENV_ROOT"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(read_env_file(ENV_EXAMPLE))
    env.pop("MOTCUA_PKCS12_PASSWORD_FILE", None)
    env.update(
        DATABASE_URL=f"sqlite:///{tmp / 'motcua.sqlite3'}",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS="",
        MOTCUA_VAR_DIR=str(tmp),
        MEDIA_ROOT=str(tmp / "media"),
        STATIC_ROOT=str(tmp / "static"),
        MOTCUA_ANCHOR_DIR=str(tmp / "anchors"),
        MOTCUA_PKI_DIR=str(tmp / "pki"),
        # Demo certificates, so that the anchoring has a key to sign with.
        MOTCUA_DEMO_PKI="true",
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_WORKERS="1",
        SECURE_HSTS_SECONDS="0",
    )
    env.update(overrides)
    return env


class Process:
    """A started command, its output in a file, stopped by its process group."""

    def __init__(self, argv: list[str], env: Mapping[str, str], log: Path) -> None:
        self.log_path = log
        self._log: IO[bytes] = log.open("wb")
        self.popen = subprocess.Popen(  # noqa: S603 - the command lines under test
            argv,
            cwd=BASE_DIR,
            env=dict(env),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, ready: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if ready():
                return
            code = self.popen.poll()
            if code is not None:
                raise AssertionError(f"{what}: exited with {code}:\n{self.output()[-3000:]}")
            time.sleep(0.2)
        raise AssertionError(f"{what}: not ready:\n{self.output()[-3000:]}")

    def terminate(self) -> int:
        """SIGTERM to the process (as systemd and podman stop do); its exit status."""
        self.popen.send_signal(signal.SIGTERM)
        try:
            return self.popen.wait(STOP_SECONDS)
        finally:
            self.kill_leftovers()
            self._log.close()

    def leftovers(self) -> bool:
        try:
            os.killpg(self.popen.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def kill_leftovers(self) -> None:
        if self.leftovers():
            os.killpg(self.popen.pid, signal.SIGKILL)


def get(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def healthy(port: int) -> bool:
    try:
        status, _headers, _body = get(port, "/healthz")
    except OSError:
        return False
    return status == 200


def admission_counts(port: int, name: str) -> dict[str, Any]:
    status, _headers, body = get(port, "/healthz")
    assert status == 200, body
    counts: dict[str, Any] = json.loads(body)["admission"][name]
    return counts
