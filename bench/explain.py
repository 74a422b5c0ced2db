"""EXPLAIN (ANALYZE, BUFFERS) of the queries behind the pages measured, captured by running
each page once through Django's test client against the benchmark's database."""

from __future__ import annotations

import json
import os
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

TOP = 3  # the slowest queries of each page that are explained


def _walk(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = [node]
    for child in node.get("Plans", []):
        found += _walk(child)
    return found


def summarize(plan: dict[str, Any]) -> dict[str, Any]:
    """What to read first in a plan: time, the top node, scans of whole tables, disk spills."""
    root = plan["Plan"]
    nodes = _walk(root)
    return {
        "execution_ms": plan.get("Execution Time"),
        "estimated_cost": root.get("Total Cost"),
        "top": root.get("Node Type"),
        "rows": root.get("Actual Rows"),
        "seq_scans": sorted(
            {
                f"{n.get('Relation Name')} ({n.get('Actual Rows')} rows)"
                for n in nodes
                if n.get("Node Type") == "Seq Scan"
            }
        ),
        "indexes": sorted({n["Index Name"] for n in nodes if n.get("Index Name")}),
        "spilled": any(
            n.get("Sort Space Type") == "Disk" or n.get("Temp Written Blocks", 0) for n in nodes
        ),
        "shared_read_blocks": root.get("Shared Read Blocks"),
    }


def _plan(sql: str, *, analyze: bool) -> dict[str, Any]:
    options = "ANALYZE, BUFFERS, FORMAT JSON" if analyze else "FORMAT JSON"
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN ({options}) {sql}")
            raw = cursor.fetchone()[0]
    except Exception as exc:  # e.g. cancelled by the timeout
        connection.close()
        return {"sql": sql[:2000], "error": str(exc)[:300]}
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
    return {"sql": sql[:2000], "summary": summarize(plan), "plan": plan}


def explain_pages(
    pages: dict[str, tuple[str, str, dict[str, str] | None]], timeout_ms: int = 60_000
) -> dict[str, Any]:
    """``pages``: name -> (session cookie or "", path, POST data or None)."""
    from django.conf import settings

    os.environ["PGOPTIONS"] = f"-c statement_timeout={timeout_ms}"
    connection.close()
    out: dict[str, Any] = {}
    for name, (cookie, path, post) in pages.items():
        client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=False)
        if cookie:
            key, _, value = cookie.partition("=")
            client.cookies[key] = value
        entry: dict[str, Any] = {"path": path}
        captured = CaptureQueriesContext(connection)
        try:
            with captured:
                response = client.post(path, post) if post is not None else client.get(path)
            entry["status"] = response.status_code
        except Exception as exc:  # a page that fails is reported, not fatal
            entry["error"] = f"{type(exc).__name__}: {exc}"[:300]
            connection.close()
            if captured.captured_queries:  # the statement that failed (the time-out): its plan
                entry["failed_plan"] = _plan(captured.captured_queries[-1]["sql"], analyze=False)
            out[name] = entry
            continue
        queries = captured.captured_queries
        entry["queries"] = len(queries)
        entry["query_ms"] = round(sum(float(q["time"]) for q in queries) * 1000, 1)
        slowest = sorted(queries, key=lambda q: float(q["time"]), reverse=True)[:TOP]
        plans = []
        for query in slowest:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            plans.append({**_plan(sql, analyze=True), "ms": float(query["time"]) * 1000})
        entry["plans"] = plans
        out[name] = entry
    os.environ.pop("PGOPTIONS", None)
    connection.close()
    del settings
    return out


def format_explain(result: dict[str, Any]) -> str:
    lines = []
    for name, entry in result.items():
        if "error" in entry:
            lines.append(f"{name}: {entry['error']}")
            failed = entry.get("failed_plan") or {}
            if "summary" in failed:
                s = failed["summary"]
                seq = ", ".join(s["seq_scans"]) or "—"
                lines.append(f"    plan of the failed statement: {s['top']}; seq scans: {seq}")
                lines.append(f"      {' '.join(failed['sql'].split())[:150]}")
            continue
        lines.append(
            f"{name} [{entry.get('status')}]: {entry.get('queries')} queries, "
            f"{entry.get('query_ms')} ms in the database"
        )
        for plan in entry.get("plans", []):
            if "error" in plan:
                lines.append(f"    ! {plan['error'][:120]}")
                continue
            s = plan["summary"]
            seq = f" seq scans: {', '.join(s['seq_scans'])};" if s["seq_scans"] else ""
            spill = " SPILLS TO DISK;" if s["spilled"] else ""
            lines.append(
                f"    {s['execution_ms'] or 0:.1f} ms {s['top']} → {s['rows']} rows;{seq}{spill} "
                f"indexes: {', '.join(s['indexes'][:4]) or '—'}"
            )
            lines.append(f"      {' '.join(plan['sql'].split())[:150]}")
    return "\n".join(lines)
