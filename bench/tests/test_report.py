"""The benchmark's figures: wrk's output parsed, medians, the printed table and the JSON."""

from __future__ import annotations

import json

import pytest

from bench.database import database_name, parse_size
from bench.report import Row, Run, format_table, median_run, parse_wrk, percentile, to_json
from bench.wrk import get_script, lookup_script, lua_string

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8123
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
BENCH_WRK {"requests":5000,"duration_us":5000000,"connect":0,"read":2,"write":0,"status":3,\
"timeout":1,"p50":4100,"p95":9000,"p99":15000,"max":30000}
"""


def test_wrk_line_is_parsed_into_rates_and_milliseconds() -> None:
    run = parse_wrk(WRK_OUTPUT)
    assert run.rate == 1000.0
    assert (run.p50, run.p95, run.p99) == (4.1, 9.0, 15.0)
    assert run.count == 5000
    assert run.errors == 6  # read + status + timeout


def test_wrk_output_without_the_line_is_an_error() -> None:
    with pytest.raises(ValueError, match="BENCH_WRK"):
        parse_wrk("Running 5s test\nunable to connect\n")


def test_median_of_runs_takes_each_figure_apart() -> None:
    runs = [Run(rate=10, p99=5, count=1), Run(rate=30, p99=1, count=2), Run(rate=20, count=3)]
    median = median_run(runs)
    assert median.rate == 20
    assert median.p99 == 3  # the runs without a p99 are left out
    assert median.count == 6


def test_percentile_by_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile([], 50) is None


def test_ratio_and_table() -> None:
    faster = Row("lookup", "req/s", Run(rate=500, p50=2, p95=4, p99=8), Run(rate=2000), "bare")
    slower_is_better = Row(
        "scan", "s/run", Run(rate=4.0), Run(rate=1.0), "start", lower_is_better=True
    )
    assert faster.ratio == 0.25
    assert slower_is_better.ratio == 0.25
    table = format_table([faster, slower_is_better, Row("inbox", "req/s", Run(rate=50))])
    lines = table.splitlines()
    assert lines[0].split()[:4] == ["scenario", "MotCua", "reference", "ratio"]
    assert "25.0%" in lines[2] and "2,000 (bare)" in lines[2]
    assert lines[4].split()[-5:] == ["—", "—", "—", "—", "0"]
    tiny = Row("intake", "dossiers/s", Run(rate=0.7), Run(rate=1863.0), "pgbench")
    assert "0.04%" in format_table([tiny])


def test_json_holds_every_run() -> None:
    row = Row("lookup", "req/s", Run(rate=5), Run(rate=10), "bare", runs=[Run(rate=5)])
    data = json.loads(json.dumps(to_json([row], dossiers=100)))
    assert data["dossiers"] == 100
    assert data["scenarios"][0]["ratio"] == 0.5
    assert data["scenarios"][0]["runs"][0]["rate"] == 5


def test_sizes() -> None:
    assert parse_size("100k") == 100_000
    assert parse_size("1M") == 1_000_000
    assert parse_size("20000") == 20_000
    assert parse_size("2.5m") == 2_500_000
    with pytest.raises(ValueError):
        parse_size("0")
    assert database_name(1_000_000) == "motcua_bench_1m"
    assert database_name(20_000) == "motcua_bench_20k"
    assert database_name(12345) == "motcua_bench_12345"


def test_lua_scripts_escape_and_vary_the_client_address() -> None:
    assert lua_string('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    script = lookup_script("/tra-cuu/", [("000.10.04.H26-261203-0001", "2345")], "abc", "tok")
    assert "csrfmiddlewaretoken=tok&code=000.10.04.H26-261203-0001&suffix=2345" in script
    assert '["X-Forwarded-For"] = client_ip()' in script
    assert "function done(summary, latency, requests)" in script
    assert '"Cookie"] = "sessionid=x"' in get_script(["/can-bo/"], cookie="sessionid=x")
