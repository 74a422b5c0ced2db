"""The scenarios of ``make bench``, each measured side by side with its reference."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import intake, wrk
from bench.report import Row, Run, median_run, percentile
from bench.server import BASE_DIR, Server, stop
from bench.sessions import cookie_for


@dataclass
class Settings:
    rounds: int = 3
    seconds: int = 10
    connections: int = 16
    threads: int = 2
    intake_seconds: int = 30
    intake_clients: int = 8
    intake_rate: float = 100.0
    signing_slips: int = 100
    log: Callable[[str], None] = print
    env: dict[str, str] = field(default_factory=dict)
    servers: dict[str, Server] = field(default_factory=dict)


def interleave(
    settings: Settings, reference: Callable[[], Run], motcua: Callable[[], Run], rounds: int
) -> tuple[list[Run], list[Run]]:
    """Reference, MotCua, reference, MotCua…: both see the same machine at the same time."""
    refs, ours = [], []
    for _ in range(rounds):
        refs.append(reference())
        ours.append(motcua())
    return refs, ours


# Public lookup --------------------------------------------------------------------------------


def lookup_pairs(count: int = 2000) -> list[tuple[str, str]]:
    """Codes of existing dossiers with the last four digits of the ID number or the phone."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM dossiers_dossier")
        low, high = cursor.fetchone()
        sampler = random.Random(7)  # noqa: S311 - a sample, not a secret
        ids = sampler.sample(range(low, high + 1), min(count * 2, high - low + 1))
        cursor.execute(
            "SELECT code, applicant_id_number, applicant_phone FROM dossiers_dossier "
            "WHERE id = ANY(%s) LIMIT %s",
            [ids, count],
        )
        rows = cursor.fetchall()
    rng = random.Random(8)  # noqa: S311 - a sample, not a secret
    pairs = []
    for code, id_number, phone in rows:
        digits = "".join(ch for ch in phone if ch.isdigit())
        suffix = id_number[-4:] if rng.random() < 0.5 or len(digits) < 4 else digits[-4:]
        pairs.append((code, suffix))
    return pairs


def csrf(server: Server, path: str) -> tuple[str, str]:
    """The CSRF cookie and form token a browser gets from one GET of the page."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    html = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if cookie is None or token is None:
        raise RuntimeError(f"No CSRF cookie or token on {path}")
    return cookie.group(1), token.group(1)


def lookup_rows(settings: Settings) -> list[Row]:
    motcua, bare = settings.servers["motcua"], settings.servers["bare"]
    pairs = lookup_pairs()
    cookie, token = csrf(motcua, "/tra-cuu/")
    ours = wrk.lookup_script("/tra-cuu/", pairs, cookie, token)
    ref = wrk.get_script([f"/?ma={code}" for code, _s in pairs[:200]], forwarded=True)
    ref_db = wrk.get_script([f"/db/?id={i}" for i in range(1, 2000)], forwarded=True)

    def run(server: Server, script: str) -> Callable[[], Run]:
        return lambda: wrk.run_wrk(
            server.url,
            script,
            seconds=settings.seconds,
            connections=settings.connections,
            threads=settings.threads,
        )

    # A first run of each side, not counted: the processes' first requests (imports, the
    # pool's connections, caches) are not what is measured.
    for server, script in ((bare, ref), (motcua, ours)):
        wrk.run_wrk(server.url, script, seconds=2, connections=settings.connections)
    refs, runs = interleave(settings, run(bare, ref), run(motcua, ours), settings.rounds)
    db_refs = [run(bare, ref_db)() for _ in range(max(1, settings.rounds // 2))]
    rows = [
        Row(
            "public lookup (HTTP POST)",
            "req/s",
            median_run(runs),
            median_run(refs),
            "bare Django",
            "≥ 1,500 req/s, p99 ≤ 20 ms, ≥ 40% of bare Django (10 M dossiers)",
            runs,
            refs,
        ),
        Row(
            "  bare Django + 1 query",
            "req/s",
            median_run(db_refs),
            median_run(refs),
            "bare Django",
            note="reference only: one indexed SELECT by id on the same database",
            runs=db_refs,
            reference_runs=refs,
        ),
    ]
    # The lookup again while citizens lodge dossiers at the intake rate asked for.
    citizens = intake.citizens(settings.intake_clients)
    cookies = [cookie_for(u) for u in citizens]
    result: dict[str, intake.IntakeResult] = {}
    seconds = settings.seconds + 4

    def lodge() -> None:
        result["r"] = intake.run_intake(
            motcua.port, cookies, seconds=seconds, rate=settings.intake_rate
        )

    thread = threading.Thread(target=lodge, daemon=True)
    thread.start()
    time.sleep(2)
    under = run(motcua, ours)()
    thread.join(timeout=seconds + 180)
    lodged = result.get("r")
    achieved = lodged.run.rate if lodged else 0.0
    rows.append(
        Row(
            "public lookup during intake",
            "req/s",
            under,
            median_run(refs),
            "bare Django",
            f"lookup target held while intake runs at {settings.intake_rate:.0f}/s",
            [under],
            refs,
            note=f"intake asked {settings.intake_rate:.0f}/s, achieved {achieved:.1f} dossiers/s "
            f"({lodged.run.count if lodged else 0} lodged, {lodged.run.errors if lodged else 0} "
            "failed)",
        )
    )
    return rows


# Online intake --------------------------------------------------------------------------------


PGBENCH_SCRIPT = (
    "\\set n random(1, 1000000000)\n"
    "INSERT INTO bench_one_row (code, applicant, at) VALUES ('B-' || :n, 'Nguyễn Văn An', now());\n"
)


def pgbench(dsn: str, seconds: int, clients: int = 8, attempts: int = 3) -> Run:
    """pgbench's one-row insert on the same server (the database's limit), with latencies
    from its per-transaction log. Run again after a pause when PostgreSQL had no connection
    slot left for its clients (seen once at 10 M dossiers, with the served processes' pools
    at their fullest; the slots they hold are the figure to watch in docs/deploy.md)."""
    for attempt in range(attempts):
        try:
            return _pgbench(dsn, seconds, clients)
        except RuntimeError as exc:
            if "connection slots" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(10)
    raise AssertionError("unreachable")


def _pgbench(dsn: str, seconds: int, clients: int) -> Run:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_one_row (id bigserial PRIMARY KEY, code text, "
            "applicant text, at timestamptz)"
        )
    binary = shutil.which("pgbench")
    if binary is None:
        raise RuntimeError("pgbench is missing (it comes with PostgreSQL's client tools).")
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "insert.sql"
        script.write_text(PGBENCH_SCRIPT)
        done = subprocess.run(  # noqa: S603 - our own command line
            [binary, "-n", "-c", str(clients), "-j", "2", "-T", str(seconds), "-f", str(script),
             "-l", "--log-prefix", str(Path(tmp) / "log"), dsn],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=False,
            cwd=tmp,
        )  # fmt: skip
        latencies = []
        for log in Path(tmp).glob("log*"):
            for line in log.read_text().splitlines():
                parts = line.split()
                if len(parts) > 2:
                    latencies.append(int(parts[2]) / 1000)
    tps = re.search(r"tps = ([\d.]+)", done.stdout)
    if tps is None:
        raise RuntimeError(f"pgbench failed: {done.stdout}\n{done.stderr}")
    return Run(
        rate=float(tps.group(1)),
        p50=percentile(latencies, 50),
        p95=percentile(latencies, 95),
        p99=percentile(latencies, 99),
        count=len(latencies),
        seconds=float(seconds),
    )


def intake_rows(settings: Settings, dsn: str) -> list[Row]:
    motcua = settings.servers["motcua"]
    citizens = intake.citizens(settings.intake_clients)
    cookies = [cookie_for(u) for u in citizens]
    settings.log("  warming up the intake path (one dossier per client, not counted)…")
    intake.run_intake(motcua.port, cookies[:2], seconds=1)
    codes: list[str] = []

    def ours() -> Run:
        result = intake.run_intake(motcua.port, cookies, seconds=settings.intake_seconds)
        codes.extend(result.codes)
        return result.run

    refs, runs = interleave(
        settings, lambda: pgbench(dsn, min(settings.intake_seconds, 30)), ours, 1
    )
    checked = intake.verify(codes)
    run = median_run(runs)
    run = Run(**{**run.__dict__, "extra": {**runs[0].extra, "verified": checked}})
    lost = checked["missing"]
    return [
        Row(
            "online intake (HTTP, all pages)",
            "dossiers/s",
            run,
            median_run(refs),
            "pgbench 1-row insert",
            "≥ 200 dossiers/s for 5 min, p99 ≤ 250 ms, none lost",
            runs,
            refs,
            note=(
                f"{checked['acknowledged']} acknowledged, {checked['present']} present, "
                f"{lost} missing; {runs[0].extra.get('requests_per_dossier') or 0:.0f} requests "
                f"per dossier; p50/p95/p99 are the final submit POST, whole journey p50 "
                f"{runs[0].extra.get('journey_p50_ms') or 0:.0f} ms; the submission writes no "
                "outbox row (no message is sent on SUBMITTED); slowest pages (p50): "
                + ", ".join(
                    f"{page} {ms:.0f} ms"
                    for page, ms in sorted(
                        (runs[0].extra.get("pages_p50_ms") or {}).items(), key=lambda kv: -kv[1]
                    )[:3]
                )
            ),
        )
    ]


# Officer pages --------------------------------------------------------------------------------


def officer_targets() -> dict[str, tuple[str, list[str]]]:
    """Page name -> (Cookie header, paths): the inbox, dossier pages, the violations page."""
    from accounts.models import User
    from dossiers.models import Dossier

    specialist = User.objects.get(username="chuyenvien.hoankiem")
    leader = User.objects.get(username="lanhdao.hoankiem")
    inspector = User.objects.get(username="thanhtra.hanoi")
    committee = specialist.memberships.get().unit
    codes = list(
        Dossier.objects.filter(competent_unit=committee)
        .order_by("-id")
        .values_list("code", flat=True)[:300]
    )
    return {
        "officer inbox (specialist)": (cookie_for(specialist), ["/can-bo/"]),
        "officer dossier page": (cookie_for(specialist), [f"/can-bo/ho-so/{c}/" for c in codes]),
        "violations page (ward leader)": (cookie_for(leader), ["/can-bo/vi-pham/"]),
        "violations page (city inspector)": (cookie_for(inspector), ["/can-bo/vi-pham/"]),
    }


def officer_rows(settings: Settings, targets: dict[str, tuple[str, list[str]]]) -> list[Row]:
    motcua = settings.servers["motcua"]
    rows = []
    for name, (cookie, paths) in targets.items():
        script = wrk.get_script(paths, cookie=cookie)
        runs = [
            wrk.run_wrk(
                motcua.url,
                script,
                seconds=max(3, settings.seconds // 2),
                connections=4,
                threads=2,
                timeout_seconds=30,
            )
            for _ in range(max(1, settings.rounds - 1))
        ]
        rows.append(
            Row(name, "req/s", median_run(runs), target="p95 ≤ 50 ms (10 M dossiers)", runs=runs)
        )
    return rows


# The overdue scan -----------------------------------------------------------------------------


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own command line
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=1800, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started, done.stdout.strip()


def make_overdue(count: int) -> int:
    """Move the due date of ``count`` open, on-time dossiers into the past (a fresh batch for
    the scan to mark, as after a long weekend)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE dossiers_dossier SET due_at = now() - interval '2 hours' WHERE id IN ("
            "SELECT id FROM dossiers_dossier WHERE status IN "
            "('in_progress', 'consulting', 'withdrawal_requested') AND deadline_state = 'on_time'"
            " AND due_at > now() ORDER BY id LIMIT %s)",
            [count],
        )
        return int(cursor.rowcount)


def scan_rows(settings: Settings, dossiers: int) -> list[Row]:
    env = settings.env
    python = sys.executable
    start_seconds, _ = _timed([python, "-c", "import django; django.setup()"], env)
    help_seconds, _ = _timed([python, "manage.py", "dossiers", "--help"], env)
    batch = max(100, min(5000, dossiers // 1000))
    moved = make_overdue(batch)
    first, first_out = _timed([python, "manage.py", "dossiers", "scan-deadlines"], env)
    second, second_out = _timed([python, "manage.py", "dossiers", "scan-deadlines"], env)
    start = Run(rate=start_seconds, count=1)
    return [
        Row(
            "overdue scan, with data",
            "s/run",
            Run(rate=first, count=moved, extra={"output": first_out}),
            start,
            "process start",
            "≤ 1 s per run regardless of how many are overdue",
            note=f"{moved} dossiers made overdue before the run: {first_out[:160]}",
            lower_is_better=True,
        ),
        Row(
            "overdue scan, nothing to do",
            "s/run",
            Run(rate=second, count=1, extra={"output": second_out}),
            start,
            "process start",
            note=f"`manage.py dossiers --help` alone takes {help_seconds:.1f} s "
            f"(process start {start_seconds:.1f} s)",
            lower_is_better=True,
        ),
    ]


# Signing --------------------------------------------------------------------------------------


def signing_rows(settings: Settings) -> list[Row]:
    from django.db import transaction

    from accounts.models import Role, User
    from dossiers.actors import person
    from dossiers.models import DossierDocument, DossierEvent, Slip
    from dossiers.slips import create_slip
    from dossiers.tasks import issue_slip

    desk = User.objects.get(username="tiepnhan.hoankiem")
    centre = desk.memberships.get(role=Role.FRONT_DESK).unit
    actor = person(desk).as_officer(Role.FRONT_DESK, centre)
    events = list(
        DossierEvent.objects.filter(
            type="received", dossier__receiving_unit=centre, slip__isnull=True
        )
        .select_related("dossier")
        .order_by("-id")[: settings.signing_slips]
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "worker"],
            cwd=BASE_DIR,
            env=settings.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(2)
    ]
    try:
        time.sleep(8)  # the workers start (imports) before the slips arrive
        started = time.perf_counter()
        with transaction.atomic():
            slips = [create_slip(e.dossier, Slip.Kind.RECEIPT, actor, e) for e in events]
        for slip in slips:
            issue_slip.enqueue(slip.pk)
        ids = [s.pk for s in slips]
        deadline = time.monotonic() + 600
        done = 0
        while time.monotonic() < deadline:
            done = DossierDocument.objects.filter(slip_id__in=ids).count()
            if done >= len(ids):
                break
            time.sleep(0.25)
        elapsed = time.perf_counter() - started
    finally:
        for worker in workers:
            stop(worker)
    ours = Run(rate=done / elapsed if elapsed else 0.0, count=done, seconds=elapsed,
               p50=elapsed / max(done, 1) * 2000)  # fmt: skip
    from bench.signing import bare_signing

    reference = bare_signing(max(5.0, min(elapsed, 20.0)))
    return [
        Row(
            "signed slips (worker ×2)",
            "slips/s",
            ours,
            reference,
            "bare pyHanko ×2",
            "≥ 40 slips/s on two workers, ≥ 60% of bare pyHanko",
            [ours],
            [reference],
            note=f"{done} of {len(ids)} slips issued (render + sign + store) in {elapsed:.1f} s; "
            "p50 shown is the mean time per slip per worker",
        )
    ]


def machine() -> dict[str, Any]:
    """The machine's own limits, printed with the figures."""
    info: dict[str, Any] = {"nproc": os.cpu_count()}
    try:
        info["loadavg"] = os.getloadavg()
    except OSError:
        pass
    try:
        meminfo = Path("/proc/meminfo").read_text().split("\n", 1)[0]
        info["memory"] = meminfo.split(":", 1)[1].strip()
    except OSError:
        pass
    try:
        import psycopg

        with psycopg.connect("postgresql://motcua:motcua@127.0.0.1:5432/postgres") as conn:
            row = conn.execute("SHOW server_version").fetchone()
            info["postgresql"] = row[0] if row else ""
            row = conn.execute("SHOW fsync").fetchone()
            info["fsync"] = row[0] if row else ""
    except Exception as exc:  # informative only
        info["postgresql"] = f"unknown ({exc})"
    return info
