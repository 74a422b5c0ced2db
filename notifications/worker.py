"""The background worker (``manage.py worker``): django-tasks-db's worker loop, made durable.

- **Leases.** A heartbeat thread renews this worker's ``WorkerLease`` every third of
  ``MOTCUA_TASK_LEASE_SECONDS``. A task left RUNNING by a worker whose lease has ended (killed
  with ``kill -9``, host lost) is put back to READY and run again by a live worker; one put
  back too often is marked failed, so a task that kills its worker cannot loop for ever.
- **Outbox sweeps.** Every ``MOTCUA_WORKER_SWEEP_SECONDS`` the worker runs the sweeps listed
  in ``MOTCUA_WORKER_SWEEPS`` (dotted paths: the project lists them, so this low app runs the
  sweeps of the apps above it). Each does the follow-ups that are due and not done, whose
  after-commit enqueue was lost, claiming each row with a conditional UPDATE.
- **Database errors** (unreachable, connection terminated) do not end the worker: it closes
  its connections, logs, waits with capped exponential backoff and carries on.
- **SIGTERM / SIGINT** stop it after the current task (a second signal stops it at once).

Claiming and running tasks stays django-tasks-db's (``Worker.run`` in batch mode drains what
is ready, a bounded number of tasks at a time).
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from types import FrameType
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.utils.module_loading import import_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult

from core import clock
from notifications import backoff
from notifications.models import WorkerLease

logger = logging.getLogger("motcua.worker")

# Errors that mean "the database is not there right now", not a bug: retried with backoff.
DATABASE_DOWN = (OperationalError, InterfaceError)
# Tasks run between two sweeps at most, so a long queue does not starve the sweeps.
DRAIN_BUDGET = 50
# A task put back this many times (each time its worker died) is failed instead.
MAX_TASK_CLAIMS = 5
# Backoff after a database error: about 1, 2, 4 … seconds, at most a minute.
DOWN_BASE_SECONDS = 1.0
DOWN_CAP_SECONDS = 60.0
# Leases ended this long ago are forgotten (their tasks then count as lost by their age).
FORGET_LEASES_AFTER = timedelta(days=1)

Sweep = Callable[[], int]


def application_name(worker_id: str) -> str:
    """How the worker's PostgreSQL sessions are named (pg_stat_activity.application_name)."""
    return f"motcua-worker:{worker_id}"[:63]


def load_sweeps(paths: Sequence[str] | None = None) -> list[tuple[str, Sweep]]:
    paths = settings.MOTCUA_WORKER_SWEEPS if paths is None else paths
    return [(path, import_string(path)) for path in paths]


def close_connections() -> None:
    """Drop this thread's connections, broken ones included: the next query reconnects."""
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except DatabaseError:
            conn.connection = None  # already gone; closing it again cannot help


def renew_lease(worker_id: str, lease_seconds: int) -> None:
    now = clock.wall()
    expires = now + timedelta(seconds=lease_seconds)
    if not WorkerLease.objects.filter(pk=worker_id).update(renewed_at=now, expires_at=expires):
        WorkerLease.objects.create(
            worker_id=worker_id,
            host=socket.gethostname()[:255],
            pid=os.getpid(),
            started_at=now,
            renewed_at=now,
            expires_at=expires,
        )


class Heartbeat(threading.Thread):
    """Renews the lease on its own connection, also while a long task runs."""

    def __init__(self, worker_id: str, lease_seconds: int) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.lease_seconds = lease_seconds
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.is_set():
                try:
                    renew_lease(self.worker_id, self.lease_seconds)
                except Exception as exc:  # never let the heartbeat die with the database
                    logger.warning("Worker %s: lease not renewed: %s", self.worker_id, exc)
                    close_connections()
                self.stopped.wait(max(self.lease_seconds / 3, 0.2))
        finally:
            close_connections()


class Worker(DatabaseWorker):
    def __init__(
        self,
        *,
        worker_id: str,
        queue_names: list[str],
        backend_name: str,
        interval: float = 1.0,
        sweep_interval: float | None = None,
        lease_seconds: int | None = None,
        sweeps: list[tuple[str, Sweep]] | None = None,
        once: bool = False,
    ) -> None:
        super().__init__(
            queue_names=queue_names,
            interval=interval,
            batch=True,  # upstream run() drains what is ready and returns to our loop
            backend_name=backend_name,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        self.sweep_interval = (
            settings.MOTCUA_WORKER_SWEEP_SECONDS if sweep_interval is None else sweep_interval
        )
        self.lease_seconds = backoff.lease_seconds() if lease_seconds is None else lease_seconds
        self.sweeps = load_sweeps() if sweeps is None else sweeps
        self.once = once
        self.stopping = threading.Event()
        self.failures = 0
        self._next_sweep = 0.0

    # Signals -------------------------------------------------------------------------------

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping.is_set():
            logger.warning("Worker %s: %s again, stopping now.", self.worker_id, signum)
            self.reset_signals()
            sys.exit(1)
        logger.warning("Worker %s: %s, stopping after the current task.", self.worker_id, signum)
        # Unlike upstream, no sys.exit here: the loop ends and the lease is given back.
        self.running = False
        self.stopping.set()

    # The loop ------------------------------------------------------------------------------

    def run(self) -> None:
        heartbeat = Heartbeat(self.worker_id, self.lease_seconds)
        connection_created.connect(self._name_session)
        close_connections()  # reopened named (one opened by the system checks is not)
        if not self.once:
            heartbeat.start()
        logger.info(
            "Worker %s started (queues %s, lease %s s).",
            self.worker_id,
            ",".join(self.queue_names),
            self.lease_seconds,
        )
        try:
            while self.running:
                try:
                    ran = self.tick()
                except Exception as exc:
                    if self.once:
                        raise
                    self._recover(exc)
                    continue
                if self.failures:
                    logger.warning(
                        "Worker %s: database back after %d failed attempts.",
                        self.worker_id,
                        self.failures,
                    )
                    self.failures = 0
                if self.once:
                    break
                if self.running and not ran:
                    self.stopping.wait(self.interval)
        finally:
            heartbeat.stopped.set()
            self._give_back_lease()
            connection_created.disconnect(self._name_session)
            logger.info("Worker %s stopped.", self.worker_id)

    def tick(self) -> bool:
        """Recover lost tasks and sweep (when due), then run ready tasks; whether any ran."""
        if self.once or time.monotonic() >= self._next_sweep:
            if self.once:
                renew_lease(self.worker_id, self.lease_seconds)
            self.recover_lost_tasks()
            self.run_sweeps()
            self._next_sweep = time.monotonic() + self.sweep_interval
        before = self._run_tasks
        self.max_tasks = self._run_tasks + DRAIN_BUDGET
        DatabaseWorker.run(self)
        return self._run_tasks > before

    def _recover(self, exc: Exception) -> None:
        self.failures += 1
        wait = backoff.delay(self.failures, base=DOWN_BASE_SECONDS, cap=DOWN_CAP_SECONDS)
        if isinstance(exc, DATABASE_DOWN):
            logger.warning(
                "Worker %s: database unavailable (%s); retrying in %.1f s.",
                self.worker_id,
                str(exc).strip() or type(exc).__name__,
                wait,
            )
        else:
            logger.exception(
                "Worker %s: unexpected error; retrying in %.1f s.", self.worker_id, wait
            )
        close_connections()
        # Next time round: first put back a task this error may have left RUNNING.
        self._next_sweep = 0.0
        self.stopping.wait(wait)

    def _name_session(self, sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('application_name', %s, false)",
                    [application_name(self.worker_id)],
                )

    def _give_back_lease(self) -> None:
        """End the lease now, so a task this worker could not finish is recovered at once."""
        try:
            WorkerLease.objects.filter(pk=self.worker_id).update(expires_at=clock.wall())
        except DatabaseError:
            pass  # the database is gone: the lease ends by itself
        finally:
            close_connections()

    # Lost tasks ----------------------------------------------------------------------------

    def recover_lost_tasks(self) -> int:
        """Put back RUNNING tasks whose worker is gone; how many.

        Gone: its lease has ended; or it has no lease (a plain db_worker, a forgotten lease)
        and the task started longer than a lease ago; or it is this worker, which runs one
        task at a time and is between tasks now (a database error cut that task short)."""
        now = clock.wall()
        WorkerLease.objects.filter(expires_at__lt=now - FORGET_LEASES_AFTER).delete()
        leases = dict(WorkerLease.objects.values_list("worker_id", "expires_at"))
        started_before = now - timedelta(seconds=self.lease_seconds)
        running = DBTaskResult.objects.running().filter(backend_name=self.backend_name)
        recovered = 0
        for task_id, started_at, worker_ids in running.values_list(
            "id", "started_at", "worker_ids"
        ):
            owner = worker_ids[-1] if worker_ids else None
            if owner == self.worker_id:
                lost = True
            elif owner in leases:
                lost = leases[owner] <= now
            else:
                lost = started_at is None or started_at <= started_before
            if lost and self._put_back(task_id, started_at, worker_ids, now):
                recovered += 1
        return recovered

    def _put_back(self, task_id: Any, started_at: Any, worker_ids: list[str], now: Any) -> bool:
        # Conditional on the claim we read: a task claimed again meanwhile is left alone.
        same_claim = DBTaskResult.objects.filter(
            pk=task_id, status=TaskResultStatus.RUNNING, started_at=started_at
        )
        if len(worker_ids) >= MAX_TASK_CLAIMS:
            logger.error("Task %s: its worker died %d times; failed.", task_id, len(worker_ids))
            return bool(
                same_claim.update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    exception_class_path="notifications.worker.WorkerLost",
                    traceback=f"The worker running this task died {len(worker_ids)} times "
                    f"({', '.join(worker_ids)}).",
                )
            )
        logger.warning("Task %s: worker %s lost; the task is run again.", task_id, worker_ids[-1:])
        return bool(same_claim.update(status=TaskResultStatus.READY))

    # Sweeps --------------------------------------------------------------------------------

    def run_sweeps(self) -> None:
        for name, sweep in self.sweeps:
            try:
                done = sweep()
            except DATABASE_DOWN:
                raise  # the loop backs off
            except Exception:
                # One broken sweep must not stop the others, nor the tasks.
                logger.exception("Worker %s: sweep %s failed.", self.worker_id, name)
                continue
            if done:
                logger.info("Worker %s: sweep %s did %d.", self.worker_id, name, done)
