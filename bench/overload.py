"""Overload: a flood of writes far beyond the intake target while citizens lodge dossiers.

The flood (wrk, ``FLOOD_CONNECTIONS`` connections from as many client addresses as requests)
POSTs a small PDF to the signature-check API, a write-class URL, as fast as the connections go:
thousands of requests a second, ten times and more the 200 dossiers/s of the intake target, all
competing with the citizens for the write budget of admission control (core/admission.py). At
the same time:

- citizens lodge dossiers through every page of the online application (``bench.intake``); a
  page answered 503 is timed and sent again after its Retry-After, as a person presses again;
- the public lookup is measured by a second wrk, to compare with its figure before the flood.

Afterwards every dossier whose confirmation page named its code must be in the database with its
components and its submission event: shedding load may refuse work, never lose what it
acknowledged. Bounded: a fixed duration and number of connections, 127.0.0.1 only.
"""

from __future__ import annotations

import json
import re
import threading
import time
from typing import Any

from bench import intake, wrk
from bench.report import Row, Run, parse_wrk, percentile
from bench.scenarios import Settings, csrf, lookup_pairs
from bench.sessions import cookie_for

FLOOD_PATH = "/api/v1/kiem-tra-chu-ky"
FLOOD_BODY = "%PDF-1.4\n%%EOF\n"
FLOOD_CONNECTIONS = 128
FLOOD_LINE = re.compile(r"^BENCH_FLOOD (\{.*\})\s*$", re.MULTILINE)
TARGET = "offered ≥ 10× the intake target: 503 with Retry-After within 100 ms, none lost"


def flood(settings: Settings, seconds: int, result: dict[str, Any]) -> None:
    """The wrk flood (module docstring); its figures and its tally in ``result``."""
    output = wrk.wrk_output(
        settings.servers["motcua"].url,
        wrk.flood_script(FLOOD_PATH, FLOOD_BODY, "application/pdf"),
        seconds=seconds,
        connections=FLOOD_CONNECTIONS,
        threads=settings.threads,
    )
    result["run"] = parse_wrk(output)
    found = FLOOD_LINE.search(output)
    result["tally"] = json.loads(found.group(1)) if found else {}


def overload_rows(settings: Settings) -> list[Row]:
    motcua = settings.servers["motcua"]
    pairs = lookup_pairs()
    cookie, token = csrf(motcua, "/tra-cuu/")

    def lookup() -> Run:
        return wrk.run_wrk(
            motcua.url,
            wrk.lookup_script("/tra-cuu/", pairs, cookie, token),
            seconds=settings.seconds,
            connections=settings.connections,
            threads=settings.threads,
        )

    before = lookup()
    citizens = [cookie_for(u) for u in intake.citizens(settings.intake_clients)]
    flood_seconds = settings.seconds + 6
    lodged: dict[str, intake.IntakeResult] = {}
    flooded: dict[str, Any] = {}

    def lodge() -> None:
        lodged["r"] = intake.run_intake(
            motcua.port, citizens, seconds=flood_seconds + 2, retry_busy=True
        )

    threads = [
        threading.Thread(target=lodge, daemon=True),
        threading.Thread(target=flood, args=(settings, flood_seconds, flooded), daemon=True),
    ]
    for thread in threads:
        thread.start()
    time.sleep(3)  # the flood at full strength before the lookup is measured
    during = lookup()
    for thread in threads:
        thread.join(timeout=flood_seconds + 180)

    result = lodged.get("r") or intake.IntakeResult(Run(rate=0.0))
    checked = intake.verify(result.codes)
    flood_run: Run = flooded.get("run") or Run(rate=0.0)
    tally = flooded.get("tally") or {}
    shed = result.shed_ms
    shed_run = Run(
        rate=flood_run.rate,
        p50=percentile(shed, 50),
        p95=percentile(shed, 95),
        p99=percentile(shed, 99),
        count=len(shed),
        errors=checked["missing"],
        seconds=flood_run.seconds,
        extra={
            "flood": {**tally, "p50_ms": flood_run.p50, "p99_ms": flood_run.p99},
            "intake_503_max_ms": max(shed) if shed else None,
            "verified": checked,
            "lookup_before": before.rate,
            "lookup_during": during.rate,
        },
    )
    rows = [
        Row(
            "overload: write flood, 503 answers",
            "req/s offered",
            shed_run,
            None,
            "",
            TARGET,
            [shed_run],
            note=(
                f"flood of {flood_run.count:,} POSTs in {flood_run.seconds:.0f} s from "
                f"{FLOOD_CONNECTIONS} connections: {tally.get('busy', 0):,} answered 503 "
                f"({tally.get('retry_after', 0):,} with Retry-After), {tally.get('ok', 0):,} "
                f"handled, {tally.get('other', 0):,} other; all flood answers p50 "
                f"{_ms(flood_run.p50)}, p99 {_ms(flood_run.p99)}. Citizens' pages answered 503: "
                f"{len(shed):,} (p50/p95/p99 above, max {_ms(max(shed) if shed else None)}), each "
                f"sent again after Retry-After; {result.run.count} dossiers acknowledged during "
                f"the flood, {checked['present']} present afterwards, {checked['missing']} "
                f"missing (err), {checked['without_components']} without components"
            ),
        ),
        Row(
            "overload: public lookup during the flood",
            "req/s",
            during,
            before,
            "lookup before the flood",
            "lookups keep their target",
            [during],
            [before],
        ),
    ]
    return rows


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} ms"
