"""Overload measurement against a running MotCua (docs/deploy.md, "Measured overload").

    MOTCUA_ENV_FILE=… make serve &          # or scripts/serve.sh web, on 127.0.0.1
    .venv/bin/python deploy/overload.py --port 8000 --seconds 25 --connections 100

Bounded and local: 127.0.0.1 only, a fixed duration, a fixed number of connections. With wrk it
floods the write class (POSTs of a small PDF to the signature-check API, from many client
addresses; ``--pause-ms`` between the requests of a connection), while one probe client sends
one such POST every 20 ms and times each answer, and a second wrk measures the public lookup
(``POST /tra-cuu/`` with real codes from the database named by DATABASE_URL) before and during
the flood. Prints the figures; asserts nothing. The server needs MOTCUA_TRUSTED_PROXIES=1 (the
client addresses come in X-Forwarded-For) and a fresh rate-limit cache.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

FLOOD_LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; busy = 0; other = 0; retry = 0 end
function delay() return %(pause)d end
function request()
  local h = {["Content-Type"] = "application/pdf", ["X-Forwarded-For"] =
    string.format("10.%%d.%%d.%%d", math.random(250), math.random(250), math.random(250))}
  return wrk.format("POST", "/api/v1/kiem-tra-chu-ky", h, "%%PDF-1.4\\n%%%%EOF\\n")
end
function response(status, headers, body)
  if status == 503 then busy = busy + 1
    if headers["retry-after"] or headers["Retry-After"] then retry = retry + 1 end
  elseif status < 300 then ok = ok + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local a, b, c, r = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("ok"); b = b + t:get("busy"); c = c + t:get("other"); r = r + t:get("retry")
  end
  io.write(string.format("flood: %%d requests, %%.0f/s offered; 2xx %%d, 503 %%d (with " ..
    "Retry-After %%d), other %%d; all answers p50 %%.1f ms, p90 %%.1f ms, p99 %%.1f ms, " ..
    "max %%.1f ms; socket errors %%d\\n", summary.requests,
    summary.requests / (summary.duration / 1e6), a, b, r, c, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""

LOOKUP_LUA = """
local bodies = {%(bodies)s}
local n = 0
function request()
  n = n + 1
  local h = {["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=%(cookie)s",
    ["X-Forwarded-For"] = string.format("10.250.%%d.%%d", math.random(250), math.random(250))}
  return wrk.format("POST", "/tra-cuu/", h, bodies[math.random(#bodies)])
end
"""


def lookup_bodies(port: int) -> tuple[str, list[str]]:
    """The CSRF cookie of one GET, and lookup forms for codes of the database (Django ORM)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from dossiers.models import Dossier

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/tra-cuu/", headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    html = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if cookie is None or token is None:
        raise SystemExit("No CSRF cookie or token on /tra-cuu/")
    rows = Dossier.objects.values_list("code", "applicant_id_number")[:500]
    bodies = [
        f"csrfmiddlewaretoken={token.group(1)}&code={code}&suffix={id_number[-4:]}"
        for code, id_number in rows
    ]
    if not bodies:
        raise SystemExit("No dossier in the database to look up")
    return cookie.group(1), bodies


def wrk(port: int, script: str, seconds: int, connections: int) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
        done = subprocess.run(  # noqa: S603 - wrk on 127.0.0.1, bounded by -d
            [*command, "--latency", "-s", handle.name, f"http://127.0.0.1:{port}/"],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        )
    finally:
        Path(handle.name).unlink()
    return done.stdout


def summary(output: str) -> str:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return (
        f"{rate.group(1) if rate else '?'} req/s, p99 {p99.group(1) if p99 else '?'}, "
        f"non-2xx {bad.group(1) if bad else 0}"
    )


def probe(port: int, stop: threading.Event, answers: list[tuple[int, float]]) -> None:
    rng = random.Random(1)  # noqa: S311 - client addresses, not secrets
    while not stop.is_set():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {
            "Host": "127.0.0.1",
            "Content-Type": "application/pdf",
            "X-Forwarded-For": f"10.251.{rng.randrange(250)}.{rng.randrange(1, 250)}",
        }
        started = time.perf_counter()
        try:
            connection.request("POST", "/api/v1/kiem-tra-chu-ky", b"%PDF-1.4\n%%EOF\n", headers)
            response = connection.getresponse()
            response.read()
            answers.append((response.status, time.perf_counter() - started))
        except (OSError, http.client.HTTPException):
            answers.append((0, time.perf_counter() - started))
        connection.close()
        time.sleep(0.02)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share / 100))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--seconds", type=int, default=25)
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--pause-ms", type=int, default=50)
    options = parser.parse_args()
    if not 1 <= options.seconds <= 300 or not 1 <= options.connections <= 1000:
        raise SystemExit("--seconds 1..300, --connections 1..1000")
    port, seconds = options.port, options.seconds
    cookie, bodies = lookup_bodies(port)
    lookup = LOOKUP_LUA % {
        "bodies": ",".join(f'"{body}"' for body in bodies),
        "cookie": cookie,
    }
    print("lookup alone:", summary(wrk(port, lookup, 15, 8)))
    stop = threading.Event()
    answers: list[tuple[int, float]] = []
    flood_out: list[str] = []
    flood = threading.Thread(
        target=lambda: flood_out.append(
            wrk(port, FLOOD_LUA % {"pause": options.pause_ms}, seconds, options.connections)
        )
    )
    flood.start()
    time.sleep(1)
    prober = threading.Thread(target=probe, args=(port, stop, answers))
    prober.start()
    during = wrk(port, lookup, max(5, seconds - 5), 8)
    flood.join()
    stop.set()
    prober.join()
    print("lookup during the flood:", summary(during))
    print(flood_out[0].strip().splitlines()[-1], f"({options.connections} connections)")
    for status in sorted({s for s, _ in answers}):
        times = [t for s, t in answers if s == status]
        print(
            f"probe {status}: {len(times)} answers, p50 {percentile(times, 50):.1f} ms, "
            f"p95 {percentile(times, 95):.1f} ms, p99 {percentile(times, 99):.1f} ms, "
            f"max {percentile(times, 100):.1f} ms"
        )


if __name__ == "__main__":
    main()
