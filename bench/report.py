"""Figures, their medians, the printed table and the JSON file of a benchmark run."""

from __future__ import annotations

import json
import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# The line the wrk Lua scripts print in ``done`` (bench/lua/common.lua).
WRK_LINE = re.compile(r"^BENCH_WRK (\{.*\})\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Run:
    """One measured run: what it did per second, its latency percentiles in ms, its errors."""

    rate: float
    p50: float | None = None
    p95: float | None = None
    p99: float | None = None
    count: int = 0
    errors: int = 0
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def parse_wrk(output: str) -> Run:
    """The figures of one wrk run, from the JSON line ``done`` printed (latency in µs)."""
    match = WRK_LINE.search(output)
    if match is None:
        raise ValueError(f"No BENCH_WRK line in wrk's output:\n{output[-2000:]}")
    data = json.loads(match.group(1))
    seconds = data["duration_us"] / 1e6
    errors = sum(int(data.get(k, 0)) for k in ("connect", "read", "write", "status", "timeout"))
    return Run(
        rate=data["requests"] / seconds if seconds else 0.0,
        p50=data["p50"] / 1000,
        p95=data["p95"] / 1000,
        p99=data["p99"] / 1000,
        count=int(data["requests"]),
        errors=errors,
        seconds=seconds,
        extra={k: data[k] for k in ("connect", "read", "write", "status", "timeout") if k in data},
    )


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100) of ``values`` by nearest rank; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def median_run(runs: Sequence[Run]) -> Run:
    """The median of each figure over the runs (of one side of a scenario)."""
    if not runs:
        return Run(rate=0.0)

    def med(values: list[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return statistics.median(present) if present else None

    return Run(
        rate=statistics.median(r.rate for r in runs),
        p50=med([r.p50 for r in runs]),
        p95=med([r.p95 for r in runs]),
        p99=med([r.p99 for r in runs]),
        count=sum(r.count for r in runs),
        errors=sum(r.errors for r in runs),
        seconds=sum(r.seconds for r in runs),
    )


@dataclass
class Row:
    """One line of the table: a scenario, its figure and its reference's."""

    scenario: str
    unit: str
    motcua: Run
    reference: Run | None = None
    reference_name: str = ""
    target: str = ""
    runs: list[Run] = field(default_factory=list)
    reference_runs: list[Run] = field(default_factory=list)
    note: str = ""
    lower_is_better: bool = False

    @property
    def ratio(self) -> float | None:
        if self.reference is None or not self.reference.rate or not self.motcua.rate:
            return None
        if self.lower_is_better:
            return self.reference.rate / self.motcua.rate
        return self.motcua.rate / self.reference.rate


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def _ratio(value: float | None) -> str:
    if value is None:
        return "—"
    if value >= 10:
        return f"{value:.0f}×"
    return f"{value * 100:.2f}%" if value < 0.01 else f"{value * 100:.1f}%"


def format_table(rows: Sequence[Row]) -> str:
    """The table printed at the end: scenario, MotCua, reference, ratio, p50/p95/p99 (ms)."""
    header = ("scenario", "MotCua", "reference", "ratio", "p50 ms", "p95 ms", "p99 ms", "err")
    lines = [header]
    for row in rows:
        ref = row.reference
        ref_text = f"{_num(ref.rate)} ({row.reference_name})" if ref is not None else "—"
        lines.append(
            (
                row.scenario,
                f"{_num(row.motcua.rate)} {row.unit}",
                ref_text,
                _ratio(row.ratio),
                _num(row.motcua.p50),
                _num(row.motcua.p95),
                _num(row.motcua.p99),
                str(row.motcua.errors),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        cells = [
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(cells))
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    notes = [f"  {row.scenario}: {row.note}" for row in rows if row.note]
    targets = [f"  {row.scenario}: {row.target}" for row in rows if row.target]
    if targets:
        out += ["", "Targets (issue 13):", *targets]
    if notes:
        out += ["", "Notes:", *notes]
    return "\n".join(out)


def to_json(rows: Sequence[Row], **context: Any) -> dict[str, Any]:
    return {
        **context,
        "scenarios": [
            {
                "scenario": row.scenario,
                "unit": row.unit,
                "motcua": asdict(row.motcua),
                "reference_name": row.reference_name,
                "reference": asdict(row.reference) if row.reference else None,
                "ratio": row.ratio,
                "target": row.target,
                "note": row.note,
                "runs": [asdict(r) for r in row.runs],
                "reference_runs": [asdict(r) for r in row.reference_runs],
            }
            for row in rows
        ],
    }


def write_json(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    return path
