"""``make bench DOSSIERS=100k|1M|10M`` (or ``python -m bench --dossiers 20000``).

Builds (or reuses) the benchmark's database, serves MotCua and the bare-Django reference, runs
every scenario interleaved with its reference, prints the table and writes
``var/bench/bench-<timestamp>.json``. See docs/bench.md.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time
import traceback
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = BASE_DIR / "var" / "bench"
SCENARIOS = ("lookup", "officer", "intake", "overload", "explain", "scan", "signing")


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def parse(argv: list[str]) -> argparse.Namespace:
    from bench.database import parse_size

    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--dossiers", default=os.environ.get("DOSSIERS") or "100k", type=parse_size)
    parser.add_argument("--fresh", action="store_true", default=os.environ.get("FRESH") == "1")
    parser.add_argument("--rounds", type=int, default=_env_int("ROUNDS", 3))
    parser.add_argument("--seconds", type=int, default=_env_int("SECONDS", 10))
    parser.add_argument("--connections", type=int, default=_env_int("CONNECTIONS", 16))
    parser.add_argument("--intake-seconds", type=int, default=_env_int("INTAKE_SECONDS", 0))
    parser.add_argument("--intake-clients", type=int, default=_env_int("INTAKE_CLIENTS", 8))
    parser.add_argument("--intake-rate", type=float, default=_env_int("INTAKE_RATE", 100))
    parser.add_argument("--slips", type=int, default=_env_int("SLIPS", 100))
    parser.add_argument(
        "--only",
        default=os.environ.get("ONLY", ""),
        help=f"comma-separated scenarios among {', '.join(SCENARIOS)} (default: all)",
    )
    parser.add_argument("--load-only", action="store_true", help="build the database and stop")
    args = parser.parse_args(argv)
    if not args.intake_seconds:
        args.intake_seconds = 300 if args.dossiers >= 1_000_000 else 60
    return args


def configure(name: str) -> Path:
    """This process's settings: the benchmark's database and files; DEBUG on (the demo loads
    only so), with the secret key the served processes get too (sessions are signed with it)."""
    var_dir = OUT_DIR / name
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = f"postgres://motcua:motcua@127.0.0.1:5432/{name}"
    os.environ["MOTCUA_VAR_DIR"] = str(var_dir)
    os.environ["DEBUG"] = "true"
    os.environ["MOTCUA_DEMO_PKI"] = "true"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
    os.environ.pop("DB_CONN_MAX_AGE", None)
    return var_dir


def _explain(targets: dict[str, tuple[str, list[str]]]) -> dict[str, Any]:
    """The plans of the officer pages and of one public lookup (never fatal)."""
    from bench import explain, scenarios

    pages: dict[str, tuple[str, str, dict[str, str] | None]] = {
        name: (cookie, paths[0], None) for name, (cookie, paths) in targets.items()
    }
    try:
        pairs = scenarios.lookup_pairs(1)
        if pairs:
            code, suffix = pairs[0]
            pages["public lookup"] = ("", "/tra-cuu/", {"code": code, "suffix": suffix})
        return explain.explain_pages(pages)
    except Exception as exc:  # the table is printed whatever EXPLAIN does
        traceback.print_exc()
        return {"error": {"error": f"{type(exc).__name__}: {exc}"}}


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    from bench.database import database_name, dsn_for, prepare

    name = database_name(args.dossiers)
    var_dir = configure(name)
    import django

    django.setup()

    from bench import explain, overload, scenarios
    from bench.report import Row, Run, format_table, to_json, write_json
    from bench.server import production_env, serve

    def log(message: str) -> None:
        print(message, flush=True)

    def guarded(name: str, scenario: Callable[[], list[Row]]) -> list[Row]:
        """A scenario that fails is a row saying why; the others still run."""
        try:
            return scenario()
        except Exception as exc:  # the table is printed whatever one scenario does
            traceback.print_exc()
            return [Row(name, "", Run(rate=0.0), note=f"FAILED: {type(exc).__name__}: {exc}"[:300])]

    started = time.time()
    only = {s.strip() for s in args.only.split(",") if s.strip()} or set(SCENARIOS)
    prepared = prepare(args.dossiers, var_dir, fresh=args.fresh, log=log)
    if args.load_only:
        log(f"Database {name} ready in {time.time() - started:.0f} s.")
        return 0
    env = production_env(os.environ["DATABASE_URL"], var_dir, 0)
    settings = scenarios.Settings(
        rounds=args.rounds,
        seconds=args.seconds,
        connections=args.connections,
        intake_seconds=args.intake_seconds,
        intake_clients=args.intake_clients,
        intake_rate=args.intake_rate,
        signing_slips=args.slips,
        log=log,
        env=env,
    )
    rows = []
    plans: dict[str, Any] = {}
    logs = OUT_DIR / "logs"
    with ExitStack() as stack:
        settings.servers["motcua"] = stack.enter_context(
            serve("motcua", "config.wsgi:application", env, logs, "/tra-cuu/")
        )
        bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.bare"}
        settings.servers["bare"] = stack.enter_context(
            serve("bare", "bench.bare_wsgi:application", bare_env, logs, "/")
        )
        targets = scenarios.officer_targets()
        served: list[tuple[str, str, str, Callable[[], list[Row]]]] = [
            ("lookup", "Public lookup (interleaved with bare Django)…", "public lookup",
             lambda: scenarios.lookup_rows(settings)),
            ("officer", "Officer pages…", "officer pages",
             lambda: scenarios.officer_rows(settings, targets)),
            ("intake", f"Online intake for {args.intake_seconds} s (interleaved with pgbench)…",
             "online intake", lambda: scenarios.intake_rows(settings, dsn_for(name))),
            ("overload", f"Overload: a write flood of {overload.FLOOD_CONNECTIONS} connections…",
             "overload", lambda: overload.overload_rows(settings)),
        ]  # fmt: skip
        for key, message, title, scenario in served:
            if key in only:
                log(message)
                rows += guarded(title, scenario)
    if "explain" in only:
        log("EXPLAIN (ANALYZE, BUFFERS) of the pages' slowest queries…")
        plans = _explain(targets)
    if "scan" in only:
        log("Overdue scan…")
        rows += guarded("overdue scan", lambda: scenarios.scan_rows(settings, args.dossiers))
    if "signing" in only:
        log("Signing (two workers, then bare pyHanko)…")
        rows += guarded("signing", lambda: scenarios.signing_rows(settings))
    machine = scenarios.machine()
    table = format_table(rows)
    print()
    print(
        f"MotCua benchmark — {args.dossiers:,} dossiers ({name}), nproc {machine.get('nproc')}, "
        f"load {machine.get('loadavg')}, PostgreSQL {machine.get('postgresql')} "
        f"(fsync {machine.get('fsync')})"
    )
    print(table)
    if plans:
        print("\nEXPLAIN (slowest queries per page):")
        print(explain.format_explain(plans))
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    path = write_json(
        OUT_DIR / f"bench-{stamp}.json",
        to_json(
            rows,
            dossiers=args.dossiers,
            database=name,
            reused_database=prepared.reused,
            load_seconds=prepared.seconds,
            counts=prepared.counts,
            machine=machine,
            settings={k: v for k, v in vars(args).items()},
            explain=plans,
            seconds=time.time() - started,
        ),
    )
    print(f"\nWritten {path.relative_to(BASE_DIR)} in {time.time() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
