"""Every "now" of the code comes from ``core.clock``: ``clock.now()`` for the domain (which
``clock.at`` can move, to replay history) and ``clock.wall()`` for operations. A direct call to
the machine's clock elsewhere would escape both."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIRECT = re.compile(r"\b(timezone\.now|datetime\.now|datetime\.utcnow|date\.today)\(")
# ``time.time()`` is left alone: the sign-in windows in accounts keep plain numbers in the
# signed session, wall time by nature (and time-machine moves it in tests all the same).
ALLOWED = {"core/clock.py"}
# The local stand-ins of outside systems (an SMS gateway, a mail server…) keep the outside
# world's time, not ours: a receipt they sign must be fresh whatever our clock says.
OUTSIDE = ("notifications/local/",)


def sources() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if not {"tests", "migrations", ".venv", "node_modules"} & set(path.relative_to(ROOT).parts)
        and path.name not in {"testing.py", "conftest.py"}
    ]


def test_no_code_reads_the_machine_clock_directly() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources()
        if str(path.relative_to(ROOT)) not in ALLOWED
        and not str(path.relative_to(ROOT)).startswith(OUTSIDE)
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if DIRECT.search(line)
    ]
    assert found == []


def test_the_check_sees_a_direct_call() -> None:
    assert DIRECT.search("    started = timezone.now()")
    assert DIRECT.search("x = dt.datetime.now(dt.UTC)")
