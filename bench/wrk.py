"""wrk runs driven by generated Lua scripts: each ends by printing one JSON line of figures."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench.report import Run, parse_wrk

# Printed by every script once wrk is done: the counts and the latency percentiles (µs).
# The figures every script prints once wrk is done: the counts and the latency percentiles (µs).
FIGURES = r"""
  local e = summary.errors
  io.write(string.format(
    'BENCH_WRK {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d,"p50":%d,"p95":%d,"p99":%d,"max":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
"""
DONE = "\nfunction done(summary, latency, requests)" + FIGURES + "end\n"

# A client address per request, as a reverse proxy appends it: the rate limit sees many.
FORWARDED = r"""
local function client_ip()
  return string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255),
                       math.random(1, 254))
end
"""

SETUP = r"""
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end
"""


def lua_string(value: str) -> str:
    """A Lua string literal (long brackets cannot hold every value; escape instead)."""
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


def lua_list(values: Sequence[str]) -> str:
    return "{" + ",".join(lua_string(v) for v in values) + "}"


def get_script(paths: Sequence[str], cookie: str = "", forwarded: bool = False) -> str:
    """GET one of ``paths`` at random, with the session cookie."""
    headers = []
    if cookie:
        headers.append(f'["Cookie"] = {lua_string(cookie)}')
    head = ", ".join(headers)
    xff = 'h["X-Forwarded-For"] = client_ip()' if forwarded else ""
    return f"""
{FORWARDED}
{SETUP}
local paths = {lua_list(paths)}
function request()
  local h = {{{head}}}
  {xff}
  return wrk.format("GET", paths[math.random(#paths)], h)
end
{DONE}
"""


def lookup_script(path: str, pairs: Sequence[tuple[str, str]], csrf_cookie: str, token: str) -> str:
    """POST the public lookup with a known code and its four digits, from many addresses."""
    bodies = [f"csrfmiddlewaretoken={token}&code={code}&suffix={suffix}" for code, suffix in pairs]
    return f"""
{FORWARDED}
{SETUP}
local bodies = {lua_list(bodies)}
function request()
  local h = {{
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = {lua_string("csrftoken=" + csrf_cookie)},
    ["X-Forwarded-For"] = client_ip(),
  }}
  return wrk.format("POST", {lua_string(path)}, h, bodies[math.random(#bodies)])
end
{DONE}
"""


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise RuntimeError("wrk is not installed (scripts/bench-packages.sh installs it).")
    return found


def run_wrk(url: str, script: str, **options: int) -> Run:
    """One bounded wrk run against ``url`` (127.0.0.1 only) with the Lua ``script``: the
    options of ``wrk_output``."""
    return parse_wrk(wrk_output(url, script, **options))


def wrk_output(
    url: str,
    script: str,
    *,
    seconds: int,
    connections: int,
    threads: int = 2,
    timeout_seconds: int = 10,
) -> str:
    """What a bounded wrk run printed (``run_wrk``), for scripts that print more lines."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("Benchmark traffic goes to 127.0.0.1 only.")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
        path = Path(handle.name)
    try:
        done = subprocess.run(  # noqa: S603 - our own command line
            [
                wrk_binary(),
                f"-t{threads}",
                f"-c{max(connections, threads)}",
                f"-d{seconds}s",
                f"--timeout={timeout_seconds}s",
                "-s",
                str(path),
                url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + timeout_seconds + 30,
            check=False,
        )
    finally:
        path.unlink(missing_ok=True)
    return done.stdout + done.stderr


# A flood's own tally: answers by kind, summed over wrk's threads (each keeps its own counts).
FLOOD_DONE = (
    r"""
function done(summary, latency, requests)
  local ok, busy, retry, other = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    ok = ok + t:get("ok"); busy = busy + t:get("busy")
    retry = retry + t:get("retry"); other = other + t:get("other")
  end
  io.write(string.format('BENCH_FLOOD {"ok":%d,"busy":%d,"retry_after":%d,"other":%d}\n',
    ok, busy, retry, other))"""
    + FIGURES
    + "end\n"
)


def flood_script(path: str, body: str, content_type: str) -> str:
    """POST ``body`` to ``path`` from many addresses as fast as the connections go, counting
    the answers: 2xx-4xx handled by the application, 503 (with or without Retry-After)."""
    return f"""
{FORWARDED}
threads = {{}}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
  ok = 0; busy = 0; retry = 0; other = 0
end
function request()
  local h = {{["Content-Type"] = {lua_string(content_type)}, ["X-Forwarded-For"] = client_ip()}}
  return wrk.format("POST", {lua_string(path)}, h, {lua_string(body)})
end
function response(status, headers, body)
  if status == 503 then
    busy = busy + 1
    if headers["Retry-After"] or headers["retry-after"] then retry = retry + 1 end
  elseif status < 500 then ok = ok + 1 else other = other + 1 end
end
{FLOOD_DONE}
"""
