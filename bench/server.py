"""The HTTP server the scenarios measure, started and stopped by the benchmark.

``server_command`` is the one place that says how MotCua is served: the production web server
of ``make serve`` (``scripts/serve.sh web``: granian's WSGI interface, its threads sized above
the admission budgets), with two workers; the bare-Django reference is served the same way.
"""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
WORKERS = 2
# A statement running longer than this is cancelled, so that a page that takes minutes on a
# large database (the violations page, issue 13) cannot hold the server for the next scenario.
STATEMENT_TIMEOUT_MS = 30_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_command() -> list[str]:
    """How an application is served: the production command (``server_env`` tells it which
    application, on which port)."""
    return ["bash", str(BASE_DIR / "scripts" / "serve.sh"), "web"]


def server_env(env: Mapping[str, str], application: str, port: int) -> dict[str, str]:
    from core.admission import blocking_threads

    return {
        **env,
        "PY": sys.executable,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_WORKERS": str(WORKERS),
        # MotCua's thread count, for the bare reference too (served the same way).
        "WEB_THREADS": str(blocking_threads()),
        "WEB_APP": application,
    }


def production_env(database_url: str, var_dir: Path, port: int) -> dict[str, str]:
    """The settings of a production process (DEBUG off, what config/settings.py and
    core/checks.py require), on the benchmark's database and files."""
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        DATABASE_URL=database_url,
        # A pool per process (16): persistent connections would take workers × threads (92)
        # of PostgreSQL's 100 slots, leaving none for pgbench and the scan (docs/deploy.md).
        DB_POOL_MAX_SIZE="16",
        # The same key as the benchmark's own process, which signs the sessions it makes.
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(48),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        MOTCUA_PUBLIC_URL="https://motcua.bench.example.vn",
        MOTCUA_VAR_DIR=str(var_dir),
        # The demo's certificates (and their public password) sign the benchmark's slips.
        MOTCUA_DEMO_PKI="true",
        # Behind one reverse proxy: the client's address is the last X-Forwarded-For entry.
        MOTCUA_TRUSTED_PROXIES="1",
        MOTCUA_NOTIFICATION_CHANNEL="console",
        MOTCUA_CONSOLE_SHOW_TEXT="false",
        PGOPTIONS=f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
        PYTHONPATH=str(BASE_DIR),
    )
    return env


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def wait_ready(port: int, path: str = "/", seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"The server on port {port} did not answer within {seconds:.0f} s.")


@contextmanager
def serve(
    name: str, application: str, env: Mapping[str, str], log_dir: Path, ready_path: str = "/"
) -> Iterator[Server]:
    """Run ``application`` under ``server_command`` until the block ends."""
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"server-{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own command line
            server_command(),
            cwd=BASE_DIR,
            env=server_env(env, application, port),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its workers in a group of their own, stopped together
        )
    server = Server(name, port, process, log)
    try:
        wait_ready(port, ready_path)
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process we started, with the workers of its own process group."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
