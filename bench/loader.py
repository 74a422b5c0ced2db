"""Synthetic dossiers for the benchmark, loaded by COPY on top of the demo's base data.

Every row goes through the model's own rules where they matter to the pages measured: codes in
the ``<receiving unit>-<yymmdd>-<nnnn>`` form (never today's, so intake's sequences start
fresh), statuses with the current step, unit and role the inboxes read, due dates, 1–4
components (the procedure's own list), and events whose per-dossier hash chains are computed
with ``DossierEvent.compute_hash`` itself, so ``manage.py dossiers verify`` passes. The rows
are written by two processes at once (each owns every other receiving unit, so code sequences
never meet), with psycopg's ``cursor.copy``.

Every NOT NULL column of the dossier, component and event tables gets a value: the ones known
here, else the field's default (so a column added by a later migration does not break the
loader; its default is what an old row would have).
"""

from __future__ import annotations

import json
import multiprocessing
import random
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Field

from core import clock
from dossiers.models import CodeSequence, Dossier, DossierComponent, DossierEvent

FACTS_SCHEMA = 2
# Bumped whenever the data loaded changes: a database loaded by another version is rebuilt.
LOADER_VERSION = 4
CHUNK = 5000  # dossiers per COPY batch (one transaction each)
PROGRESS_EVERY = 100_000  # a line printed every this many dossiers (about)
HISTORY_DAYS = 730  # closed dossiers were lodged over the last two years
OPEN_DAYS = 20  # open ones in the last few weeks

# Where dossiers are, out of 1000 (most closed, some open at every step).
STATUS_WEIGHTS: dict[str, int] = {
    "returned": 720,
    "done": 40,
    "refused": 20,
    "stopped": 15,
    "submitted": 30,
    "supplement_at_reception": 10,
    "in_progress_1": 70,  # at the first step (specialist)
    "in_progress_2": 50,  # at the second step (leader)
    "consulting": 10,
    "supplement_in_process": 20,
    "withdrawal_requested": 15,
}
# Of the open dossiers whose clock runs, the share already past their due date (marked).
OVERDUE_SHARE = 0.3
# Of the returned dossiers, the share decided late (an overdue mark, then a late decision).
LATE_RETURNED_SHARE = 0.05
CHANNEL_WEIGHTS = {1: 45, 2: 50, 3: 5}
# Open, on-time dossiers are due at least this many days ahead (past any due-soon window).
DUE_SOON_MARGIN_DAYS = 4  # in person, online, post

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quốc", "Đức", "Thanh", "Ngọc", "Hữu", "Gia"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Tâm"]


@dataclass(frozen=True)
class Procedure:
    version_id: int
    workflow_id: int
    steps: tuple[tuple[int, str, str, int], ...]  # (id, name, role, working days)
    components: tuple[tuple[int, bool, str], ...]  # (id, reusable from data, data source)
    time_limit_days: int


@dataclass(frozen=True)
class Commune:
    centre_id: int
    centre_code: str
    competent: tuple[tuple[int, str], ...]  # (id, code) of the committee and the police


@dataclass
class Plan:
    """What the workers need, read once from the demo's base data (picklable)."""

    procedures: list[Procedure]
    communes: list[Commune]
    file_name: str
    today: date
    start_id: int
    # The code sequences already used (the demo's dossiers): unit id, day -> last number.
    taken: dict[tuple[int, date], int] = field(default_factory=dict)
    seed: int = 13


@dataclass
class _Ev:
    """The attributes ``DossierEvent.compute_hash`` reads, without a model instance."""

    dossier_id: int
    seq: int
    type: str
    at: datetime
    actor_id: int | None = None
    actor_kind: str = ""
    actor_name: str = ""
    actor_role: str = ""
    actor_unit_id: int | None = None
    step_id: int | None = None
    from_status: str = ""
    to_status: str = ""
    reason: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = ""
    schema: int = FACTS_SCHEMA
    late: bool = False
    step_overdue: bool = False
    finished_late: bool = False
    without_apology: bool | None = None
    attributed_step_id: int | None = None
    attributed_unit_id: int | None = None
    attributed_officer_id: int | None = None
    channel: int | None = None
    reused: int | None = None
    from_data: int | None = None
    digitized: int | None = None
    supplement_count: int | None = None
    rule_code: str = ""
    hash: str = ""
    FACT_FIELDS = DossierEvent.FACT_FIELDS

    def seal(self) -> None:
        self.hash = DossierEvent.compute_hash(self)  # type: ignore[arg-type]


def make_plan(today: date, seed: int = 13) -> Plan:
    """The procedures, communes and the one stored PDF the synthetic dossiers use."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from catalog.models import ProcedureVersion, Workflow
    from documents.testing import pdf_bytes
    from units.models import GovernmentUnit

    procedures = []
    for version in ProcedureVersion.objects.in_force().order_by("pk"):
        workflow = Workflow.current_for(version)
        if workflow is None:
            continue
        steps = tuple(
            (s.pk, s.name, s.role, s.working_days) for s in workflow.steps.order_by("position")
        )
        comps = tuple(
            (c.pk, c.reusable_from_data, c.data_source or "population_registry")
            for c in version.components.order_by("position")
        )
        days = version.time_limit_value if version.time_limit_unit == "working_days" else 5
        procedures.append(Procedure(version.pk, workflow.pk, steps, comps, max(1, days or 5)))
    Kind = GovernmentUnit.Kind
    communes = []
    centres = GovernmentUnit.objects.filter(kind=Kind.COMMUNE_CENTER, is_active=True)
    for centre in centres.order_by("code"):
        competent = tuple(
            GovernmentUnit.objects.filter(
                receiving_unit=centre, kind__in=[Kind.COMMUNE_COMMITTEE, Kind.COMMUNE_POLICE]
            )
            .order_by("code")
            .values_list("pk", "code")
        )
        if competent:
            communes.append(Commune(centre.pk, centre.code, competent))
    if not procedures or not communes:
        raise RuntimeError("Load the demo first (manage.py demo): no procedures or communes.")
    name = default_storage.save("bench/thanh-phan.pdf", ContentFile(pdf_bytes()))
    start = (Dossier.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    taken = {(s.unit_id, s.day): s.last for s in CodeSequence.objects.all()}
    return Plan(procedures, communes, name, today, start, taken, seed)


def _fields(model: type[Any]) -> list[Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields]


def _defaults(model: type[Any], known: set[str]) -> dict[str, Any]:
    """The value of every column not set by the loader: the field's default."""
    out = {}
    for f in _fields(model):
        if f.attname in known:
            continue
        value = f.get_default()
        out[f.attname] = json.dumps(value) if f.get_internal_type() == "JSONField" else value
    return out


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _working_day(rng: random.Random, today: date, back: int) -> date:
    day = today - timedelta(days=rng.randint(1, back))
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _local(day: date, hour: float) -> datetime:
    """A moment of a day in Vietnam (UTC+7), as an aware UTC datetime."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=hour - 7)


class _Builder:
    """Builds the rows of one worker's dossiers."""

    def __init__(self, plan: Plan, worker: int, workers: int) -> None:
        self.plan = plan
        self.rng = random.Random(plan.seed * 1000 + worker)  # noqa: S311 - synthetic data
        self.communes = plan.communes[worker::workers]
        # Busy communes: a few get many more dossiers than the rest (Zipf-like).
        self.commune_weights = [1.0 / (1 + i % 40) ** 0.7 for i in range(len(self.communes))]
        self.proc_weights = [1.0 / (1 + i) ** 0.8 for i in range(len(plan.procedures))]
        self.counters: Counter[tuple[int, date]] = Counter(plan.taken)
        self.now = clock.now().astimezone(UTC)

    def person(self) -> tuple[str, str, str]:
        rng = self.rng
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        id_number = f"001{rng.choice('0123')}{rng.randint(50, 99):02d}{rng.randint(0, 999999):06d}"
        phone = f"09{rng.randint(0, 99_999_999):08d}"
        return name, id_number, phone

    # One path per status, written out in order like a dossier's life: clearer than split up.
    def dossier(  # noqa: C901
        self, pk: int
    ) -> tuple[dict[str, Any], list[dict[str, Any]], list[_Ev]]:
        rng, plan = self.rng, self.plan
        commune = rng.choices(self.communes, weights=self.commune_weights)[0]
        proc = rng.choices(plan.procedures, weights=self.proc_weights)[0]
        competent_id, competent_code = rng.choice(commune.competent)
        state = _weighted(rng, STATUS_WEIGHTS)
        status = state.split("_")[0] if state.startswith("in_progress") else state
        status = "in_progress" if state.startswith("in_progress") else state
        closed = status in ("returned", "done", "refused", "stopped")
        day = _working_day(rng, plan.today, HISTORY_DAYS if closed else OPEN_DAYS)
        self.counters[(commune.centre_id, day)] += 1
        number = self.counters[(commune.centre_id, day)]
        code = f"{commune.centre_code}-{day:%y%m%d}-{number:04d}"
        channel = _weighted(rng, CHANNEL_WEIGHTS)
        name, id_number, phone = self.person()
        submitted_at = _local(day, rng.uniform(8, 16.5))
        steps = proc.steps
        row: dict[str, Any] = {
            "id": pk,
            "code": code,
            "procedure_version_id": proc.version_id,
            "workflow_id": proc.workflow_id,
            "channel": channel,
            "status": status,
            "applicant_name": name,
            "applicant_id_number": id_number,
            "applicant_phone": phone,
            "applicant_address": "Hà Nội",
            "receiving_unit_id": commune.centre_id,
            "competent_unit_id": competent_id,
            "submitted_at": submitted_at,
            "created_at": submitted_at,
            "updated_at": submitted_at,
            "deadline_state": "on_time",
        }
        events: list[_Ev] = []
        desk = ("officer", f"Cán bộ tiếp nhận {commune.centre_code}", "front_desk")

        def add(type_: str, at: datetime, **kw: Any) -> _Ev:
            ev = _Ev(dossier_id=pk, seq=len(events) + 1, type=type_, at=at, **kw)
            ev.prev_hash = events[-1].hash if events else ""
            ev.seal()
            events.append(ev)
            return ev

        def officer(role: str, unit_id: int, label: str) -> dict[str, Any]:
            return {
                "actor_kind": "officer",
                "actor_name": f"{label} {unit_id}",
                "actor_role": role,
                "actor_unit_id": unit_id,
            }

        at_desk = officer("front_desk", commune.centre_id, "Cán bộ tiếp nhận")
        online = channel == 2
        lodger = {"actor_kind": "applicant", "actor_name": name} if online else dict(at_desk)
        comps = []
        from_data = {}
        for cid, reusable, source in proc.components:
            if reusable:
                comps.append({"component_id": cid, "state": "from_data", "source": source})
                from_data[str(cid)] = source
            else:
                comps.append(
                    {
                        "component_id": cid,
                        "state": "provided",
                        "source": "upload",
                        "file": plan.file_name,
                        "original_name": "thanh-phan.pdf",
                    }
                )
        t = submitted_at
        add(
            "submitted",
            t,
            to_status="submitted",
            parameters={
                "channel": channel,
                "receiving_unit": commune.centre_code,
                "competent_unit": competent_code,
                "assisted_by": None,
                "from_data": from_data,
                "reused": {},
            },
            channel=channel,
            reused=0,
            from_data=len(from_data),
            digitized=0,
            **lodger,
        )
        del desk
        if status == "submitted":
            return row, comps, events
        t += timedelta(minutes=rng.randint(5, 600))
        if status in ("supplement_at_reception", "refused"):
            if status == "refused":
                add("refused", t, from_status="submitted", to_status="refused",
                    reason="Không thuộc thẩm quyền", **at_desk)  # fmt: skip
                row.update(closed_at=t)
            else:
                row["supplement_count"] = 1
                add("supplement_requested", t, from_status="submitted",
                    to_status="supplement_at_reception", reason="Thiếu giấy tờ",
                    parameters={"components": [comps[0]["component_id"]],
                                "component_names": ["Thành phần 1"]},
                    supplement_count=1, **at_desk)  # fmt: skip
            return row, comps, events
        # Received: the clock starts, the first step holds it.
        received_at = t
        limit = proc.time_limit_days
        due_at = _local((received_at + timedelta(days=limit + 2 * (limit // 5))).date(), 17)
        overdue = status in ("in_progress", "consulting", "withdrawal_requested") and (
            rng.random() < OVERDUE_SHARE
        )
        if overdue:  # received long enough ago to be past its date (if lodged by then)
            late_due = self.now - timedelta(days=rng.randint(1, 10))
            late_received = late_due - timedelta(days=limit + 2)
            overdue = late_received > submitted_at
            if overdue:
                due_at, received_at = late_due, late_received
        if not overdue and status in ("in_progress", "consulting", "withdrawal_requested"):
            # Open and on time: due after the scan's due-soon window (a recent extension for
            # those received a while ago), so that only the benchmark's own batch is new to it.
            floor = self.now + timedelta(days=DUE_SOON_MARGIN_DAYS)
            if due_at < floor:
                due_at = _local((floor + timedelta(days=rng.randint(0, limit))).date(), 17)
        step1 = steps[0]
        step_due = received_at + timedelta(days=max(1, step1[3]))
        row.update(received_at=received_at, due_at=due_at, original_due_at=due_at)
        add("received", received_at, from_status="submitted", to_status="in_progress",
            step_id=step1[0], parameters={"due_at": due_at.isoformat(),
                                          "received_at": received_at.isoformat()},
            **at_desk)  # fmt: skip
        specialist = officer("specialist", competent_id, "Chuyên viên")
        leader = officer("leader", competent_id, "Lãnh đạo")
        t = received_at + timedelta(hours=rng.uniform(1, 30))
        late_closed = status == "returned" and rng.random() < LATE_RETURNED_SHARE

        def mark_overdue(at: datetime, step: tuple[int, str, str, int]) -> None:
            held = "in_progress" if closed else status
            add("overdue", at, actor_kind="system", actor_name="Hệ thống", step_id=step[0],
                from_status=held, to_status=held,
                parameters={"due_at": due_at.isoformat(), "without_apology": True,
                            "attributed_to": {"step": step[1], "unit": competent_code,
                                              "officer": None, "step_id": step[0],
                                              "officer_name": ""}},
                late=True, without_apology=True, attributed_step_id=step[0],
                attributed_unit_id=competent_id)  # fmt: skip

        if status in ("in_progress", "consulting", "supplement_in_process", "withdrawal_requested"):
            at_step = steps[1] if state == "in_progress_2" and len(steps) > 1 else step1
            if at_step is not step1:
                add("forwarded", t, from_status="in_progress", to_status="in_progress",
                    step_id=step1[0], parameters={"to_step": at_step[1],
                                                  "to_unit": competent_code},
                    **specialist)  # fmt: skip
            if status == "consulting":
                add("consultation_requested", t + timedelta(minutes=5), from_status="in_progress",
                    to_status="consulting", step_id=at_step[0], reason="Xin ý kiến",
                    **specialist)  # fmt: skip
            elif status == "supplement_in_process":
                row["supplement_count"] = 1
                row["paused_at"] = t
                add("supplement_requested", t + timedelta(minutes=5), from_status="in_progress",
                    to_status="supplement_in_process", step_id=at_step[0],
                    reason="Bản chụp bị mờ",
                    parameters={"components": [comps[0]["component_id"]],
                                "component_names": ["Thành phần 1"]},
                    supplement_count=1, **specialist)  # fmt: skip
            elif status == "withdrawal_requested":
                add(
                    "withdrawal_requested",
                    t + timedelta(minutes=5),
                    from_status="in_progress",
                    to_status="withdrawal_requested",
                    step_id=at_step[0],
                    reason="Không còn nhu cầu",
                    actor_kind="applicant",
                    actor_name=name,
                )
            if overdue:
                mark_overdue(min(due_at + timedelta(minutes=10), self.now), at_step)
                row["deadline_state"] = "overdue"
            row.update(
                current_step_id=at_step[0],
                current_unit_id=competent_id,
                current_role=at_step[2],
                step_due_at=step_due,
            )
            return row, comps, events
        if status == "stopped":
            add("withdrawal_requested", t, from_status="in_progress",
                to_status="withdrawal_requested", step_id=step1[0], reason="Nộp nhầm thủ tục",
                actor_kind="applicant", actor_name=name)  # fmt: skip
            t += timedelta(hours=2)
            add("stopped", t, from_status="withdrawal_requested", to_status="stopped",
                reason="Theo yêu cầu rút hồ sơ", **at_desk)  # fmt: skip
            row.update(closed_at=t)
            return row, comps, events
        # Decided (done), then handed over (returned).
        last = steps[-1]
        if len(steps) > 1:
            add("forwarded", t, from_status="in_progress", to_status="in_progress",
                step_id=step1[0], parameters={"to_step": last[1], "to_unit": competent_code},
                **specialist)  # fmt: skip
        t += timedelta(hours=rng.uniform(1, 20))
        if late_closed:
            t = due_at + timedelta(days=rng.randint(1, 5))
            mark_overdue(due_at + timedelta(minutes=10), last)
            row["deadline_state"] = "overdue"
        add("approved", t, from_status="in_progress", to_status="done", step_id=last[0],
            parameters={"outcome": "granted", "result_document": f"VB-B{pk:011d}",
                        "result_sha256": "0" * 64, **({"finished_late": True} if late_closed
                                                       else {})},
            late=late_closed, finished_late=late_closed, **leader)  # fmt: skip
        row.update(decided_at=t, outcome="granted", result_summary="Kết quả giải quyết")
        if status == "returned":
            t += timedelta(days=rng.uniform(0.1, 5))
            add(
                "result_returned",
                t,
                from_status="done",
                to_status="returned",
                parameters={},
                **at_desk,
            )
            row["closed_at"] = t
        return row, comps, events


def _copy(cursor: Any, table: str, columns: Sequence[str], rows: Iterator[Sequence[Any]]) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(f'"{c}"' for c in columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _worker(
    args: tuple[Plan, int, int, int, int, str],
) -> tuple[int, int, int, dict[str, int], float, float]:
    """Load ``count`` dossiers with ids from ``first``; returns (dossiers, components, events,
    code sequences as 'unit|day' -> last, seconds building rows, seconds copying)."""
    import psycopg

    plan, worker, workers, first, count, dsn = args
    builder = _Builder(plan, worker, workers)
    d_cols = [f.attname for f in _fields(Dossier)]
    c_cols = [f.attname for f in _fields(DossierComponent) if f.attname != "id"]
    e_cols = [f.attname for f in _fields(DossierEvent) if f.attname != "id"]
    d_def = _defaults(Dossier, set())
    c_def = _defaults(DossierComponent, set())
    e_def = _defaults(DossierEvent, set())
    json_cols = {
        f.attname
        for m in (Dossier, DossierComponent, DossierEvent)
        for f in _fields(m)
        if f.get_internal_type() == "JSONField"
    }
    n_comp = n_ev = 0
    # Autocommit: each batch below is its own transaction (not a savepoint of one huge one).
    with psycopg.connect(dsn, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("SET synchronous_commit TO off")
        done = 0
        build = copying = 0.0
        while done < count:
            t0 = time.perf_counter()
            batch = min(CHUNK, count - done)
            dossiers, components, events = [], [], []
            for i in range(batch):
                pk = first + done + i
                row, comps, evs = builder.dossier(pk)
                row["event_count"] = len(evs)
                row["last_event_hash"] = evs[-1].hash
                dossiers.append(row)
                for c in comps:
                    components.append({**c, "dossier_id": pk})
                events.extend(evs)
            tables = (
                (Dossier._meta.db_table, d_cols, d_def, dossiers),
                (DossierComponent._meta.db_table, c_cols, c_def, components),
                (DossierEvent._meta.db_table, e_cols, e_def, [vars(e) for e in events]),
            )
            t1 = time.perf_counter()
            build += t1 - t0
            with conn.transaction():
                for table, cols, defaults, dicts in tables:
                    _copy(
                        cur,
                        table,
                        cols,
                        (
                            [
                                _cell(col, d[col] if col in d else defaults[col], json_cols)
                                for col in cols
                            ]
                            for d in dicts
                        ),
                    )
            copying += time.perf_counter() - t1
            n_comp += len(components)
            n_ev += len(events)
            done += batch
            if worker == 0 and done % PROGRESS_EVERY < CHUNK:
                print(f"  … {done * workers:,} dossiers", flush=True)
    seqs = {f"{u}|{d.isoformat()}": n for (u, d), n in builder.counters.items()}
    return count, n_comp, n_ev, seqs, build, copying


def _cell(column: str, value: Any, json_cols: set[str]) -> Any:
    if column in json_cols and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return value


@dataclass
class LoadReport:
    dossiers: int
    components: int
    events: int
    seconds: float
    analyze_seconds: float
    build_seconds: float = 0.0  # in the workers, summed
    copy_seconds: float = 0.0
    index_seconds: float = 0.0


# Below this many dossiers the indexes stay while loading; above, the plain (non-constraint)
# indexes of the three tables are dropped first and built again after, which is faster.
REBUILD_INDEXES_FROM = 200_000
TABLES = (Dossier, DossierComponent, DossierEvent)


def _plain_indexes() -> list[tuple[str, str]]:
    """(name, definition) of the indexes of the loaded tables that back no constraint."""
    tables = [m._meta.db_table for m in TABLES]
    with connection.cursor() as cur:
        cur.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
            "AND i.schemaname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conname = i.indexname)",
            [tables],
        )
        # A partitioned table's index reads "ON ONLY": built so, it would cover no partition
        # (and stay invalid); built on the table itself, it is built on every partition.
        return [(str(n), str(d).replace(" ON ONLY ", " ON ", 1)) for n, d in cur.fetchall()]


def _create_indexes(definitions: list[str], dsn: str, processes: int) -> None:
    """Build the indexes again, ``processes`` at a time (one connection each)."""
    import psycopg

    def build(chunk: list[str]) -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '256MB'")
            for definition in chunk:
                conn.execute(definition)

    import threading

    chunks = [definitions[i::processes] for i in range(processes)]
    threads = [threading.Thread(target=build, args=(c,)) for c in chunks if c]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def load(
    count: int,
    *,
    dsn: str,
    processes: int = 2,
    today: date | None = None,
    rebuild_indexes: bool | None = None,
) -> LoadReport:
    """Add ``count`` synthetic dossiers to the database (the demo's data already there); the
    plain indexes are dropped first and built again after, from REBUILD_INDEXES_FROM dossiers
    unless ``rebuild_indexes`` says."""
    started = time.perf_counter()
    plan = make_plan(today or clock.now().astimezone(UTC).date())
    processes = max(1, min(processes, len(plan.communes)))
    share = -(-count // processes)
    jobs = []
    first = plan.start_id
    for w in range(processes):
        n = min(share, count - w * share)
        if n <= 0:
            break
        jobs.append((plan, w, processes, first, n, dsn))
        first += n
    dropped: list[tuple[str, str]] = []
    if count >= REBUILD_INDEXES_FROM if rebuild_indexes is None else rebuild_indexes:
        dropped = _plain_indexes()
        with connection.cursor() as cur:
            for name, _definition in dropped:
                cur.execute(f'DROP INDEX "{name}"')
    connection.close()  # not shared with the forked workers
    if len(jobs) == 1:
        results = [_worker(jobs[0])]
    else:
        with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
            results = pool.map(_worker, jobs)
    sequences: dict[str, int] = {}
    sequences_rows: list[CodeSequence] = []
    for result in results:
        sequences.update(result[3])
    with connection.cursor() as cur:
        table = Dossier._meta.db_table
        cur.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
            f"(SELECT max(id) FROM {table}))"
        )
    for key, n in sequences.items():
        unit, day = key.split("|")
        sequences_rows.append(CodeSequence(unit_id=int(unit), day=date.fromisoformat(day), last=n))
    CodeSequence.objects.bulk_create(
        sequences_rows,
        batch_size=5000,
        update_conflicts=True,
        unique_fields=["unit", "day"],
        update_fields=["last"],
    )
    t0 = time.perf_counter()
    _create_indexes([d for _n, d in dropped], dsn, processes)
    index_seconds = time.perf_counter() - t0
    loaded = time.perf_counter() - started
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return LoadReport(
        dossiers=sum(r[0] for r in results),
        components=sum(r[1] for r in results),
        events=sum(r[2] for r in results),
        seconds=loaded,
        analyze_seconds=time.perf_counter() - t0,
        build_seconds=sum(r[4] for r in results),
        copy_seconds=sum(r[5] for r in results),
        index_seconds=index_seconds,
    )
