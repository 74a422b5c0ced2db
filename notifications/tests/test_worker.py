"""The durable worker (``manage.py worker``): lost tasks run again after their worker's lease,
database errors survived, follow-ups whose enqueue was lost done by the sweeps.

The process tests run real worker processes against the test database, so they need a
database another process can open: PostgreSQL (the SQLite test database is in memory)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from unittest import skipUnless
from urllib.parse import quote

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, TransactionTestCase, override_settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from documents.models import IssuedDocument
from dossiers.testing import Office, create_procedure, create_received_dossier
from notifications.models import Notification, WorkerLease
from notifications.testing import during_sending_hours
from notifications.tests.worker_tasks import process_id, wait_for_file
from notifications.worker import MAX_TASK_CLAIMS, Worker, application_name

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Enqueues that go nowhere: the process that committed died before its on_commit enqueue.
LOST_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
LEASE_SECONDS = 2
POSTGRESQL = connection.vendor == "postgresql"
NEEDS_POSTGRESQL = (
    "a worker process needs a database it can open: the SQLite test database is in memory"
)


def in_process_worker(worker_id: str = "here", **options: object) -> Worker:
    return Worker(
        worker_id=worker_id,
        queue_names=["default"],
        backend_name="default",
        lease_seconds=LEASE_SECONDS,
        sweeps=[],
        **options,  # type: ignore[arg-type]
    )


def running_task(
    worker_id: str, *, claims: int = 1, started_ago: float = 0
) -> DBTaskResult[[], int]:
    """A task claimed ``claims`` times, the last time by ``worker_id``."""
    with override_settings(TASKS=DATABASE_TASKS):
        result = process_id.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    for n in range(claims - 1):
        row.claim(f"dead-{n}")
    row.claim(worker_id)
    started = timezone.now() - timedelta(seconds=started_ago)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=started)
    return row


def lease(worker_id: str, *, expires_in: float) -> WorkerLease:
    now = timezone.now()
    return WorkerLease.objects.create(
        worker_id=worker_id,
        pid=1,
        started_at=now,
        renewed_at=now,
        expires_at=now + timedelta(seconds=expires_in),
    )


def status(row: DBTaskResult[..., int]) -> str:
    return DBTaskResult.objects.get(pk=row.pk).status


class LostTaskTestCase(TestCase):
    def test_a_task_of_a_worker_whose_lease_ended_is_run_again(self) -> None:
        lease("dead", expires_in=-1)
        task = running_task("dead")
        self.assertEqual(in_process_worker().recover_lost_tasks(), 1)
        self.assertEqual(status(task), TaskResultStatus.READY)

    def test_a_task_of_a_live_worker_is_left_running(self) -> None:
        lease("alive", expires_in=60)
        task = running_task("alive", started_ago=3600)  # a long task, still heartbeating
        self.assertEqual(in_process_worker().recover_lost_tasks(), 0)
        self.assertEqual(status(task), TaskResultStatus.RUNNING)

    def test_a_task_of_a_worker_without_a_lease_is_run_again_after_a_lease(self) -> None:
        young, old = running_task("plain-1"), running_task("plain-2", started_ago=LEASE_SECONDS + 1)
        in_process_worker().recover_lost_tasks()
        self.assertEqual((status(young), status(old)), ("RUNNING", "READY"))

    def test_its_own_task_cut_short_by_a_database_error_is_run_again(self) -> None:
        lease("here", expires_in=60)
        task = running_task("here")
        in_process_worker("here").recover_lost_tasks()
        self.assertEqual(status(task), TaskResultStatus.READY)

    def test_a_task_that_lost_its_worker_too_often_is_failed(self) -> None:
        task = running_task("dead", claims=MAX_TASK_CLAIMS, started_ago=LEASE_SECONDS + 1)
        in_process_worker().recover_lost_tasks()
        row = DBTaskResult.objects.get(pk=task.pk)
        self.assertEqual(
            (row.status, row.exception_class_path), ("FAILED", "notifications.worker.WorkerLost")
        )


class LostEnqueueTestCase(TransactionTestCase):
    """An accept that committed, then lost its after-commit enqueues (the request answered
    500): its notification and its slip are done by the worker's sweeps alone."""

    def test_the_sweeps_deliver_the_notification_and_issue_the_slip(self) -> None:
        self.enterContext(during_sending_hours())
        office = Office.create()
        with override_settings(TASKS=LOST_TASKS):
            dossier = create_received_dossier(create_procedure(), office)
        with override_settings(TASKS=DATABASE_TASKS):
            self.assertFalse(DBTaskResult.objects.exists())  # nothing was queued
            call_command("worker", "--once", verbosity=0)
        statuses = set(
            Notification.objects.filter(dossier_id=dossier.pk).values_list("status", flat=True)
        )
        self.assertEqual(statuses, {Notification.Status.DELIVERED})
        self.assertTrue(IssuedDocument.objects.filter(dossier_link__dossier=dossier).exists())


class WorkerProcess:
    """``manage.py worker`` in its own process, on the test database, its output in a file."""

    def __init__(self, folder: Path, worker_id: str) -> None:
        db = connection.settings_dict
        url = (
            f"postgres://{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}"
            f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "MOTCUA_TASK_LEASE_SECONDS": str(LEASE_SECONDS),
            # One long-lived connection, as in production: cutting it is then felt.
            "DB_CONN_MAX_AGE": "600",
            "MOTCUA_VAR_DIR": str(folder / "var"),
            "PYTHONUNBUFFERED": "1",
        }
        self.worker_id = worker_id
        self.log = folder / f"{worker_id}.log"
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
                [
                    *(sys.executable, "manage.py", "worker", "--worker-id", worker_id),
                    *("--interval", "0.1", "--sweep-interval", "0.2"),
                ],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait(timeout=10)


@skipUnless(POSTGRESQL, NEEDS_POSTGRESQL)
class WorkerProcessTestCase(TransactionTestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)
        self.workers: list[WorkerProcess] = []
        self.addCleanup(self.stop_workers)
        tasks = override_settings(TASKS=DATABASE_TASKS)
        tasks.enable()
        self.addCleanup(tasks.disable)

    def stop_workers(self) -> None:
        for worker in self.workers:
            worker.stop()

    def start(self, worker_id: str) -> WorkerProcess:
        worker = WorkerProcess(self.folder, worker_id)
        self.workers.append(worker)
        return worker

    def wait_until(self, condition: Callable[[], bool], what: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                logs = "\n".join(f"--- {w.worker_id}\n{w.output()}" for w in self.workers)
                self.fail(f"Not within {seconds} s: {what}\n{logs}")
            time.sleep(0.05)

    def sessions(self, worker: WorkerProcess) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                [application_name(worker.worker_id)],
            )
            return int(cursor.fetchone()[0])

    def test_a_task_of_a_killed_worker_is_completed_by_a_new_worker_after_the_lease(self) -> None:
        started, release = self.folder / "started", self.folder / "release"
        result = wait_for_file.enqueue(str(started), str(release))
        first = self.start("first")
        self.wait_until(started.exists, "the first worker starts the task")
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(timeout=10)
        task = DBTaskResult.objects.get(pk=result.id)
        self.assertEqual(task.status, TaskResultStatus.RUNNING)  # and nobody to finish it
        release.touch()
        second = self.start("second")
        self.wait_until(lambda: status(task) == TaskResultStatus.SUCCESSFUL, "the task completes")
        task.refresh_from_db()
        self.assertEqual(task.return_value, second.process.pid)
        self.assertEqual(task.worker_ids, ["first", "second"])
        lease_end = WorkerLease.objects.get(pk="first").expires_at
        self.assertTrue(task.started_at and task.started_at >= lease_end)

    def test_a_worker_whose_connection_is_cut_keeps_running_and_catches_up(self) -> None:
        worker = self.start("cut")
        self.wait_until(lambda: self.sessions(worker) >= 2, "the worker and its heartbeat connect")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = %s",
                [application_name(worker.worker_id)],
            )
            self.assertGreaterEqual(cursor.fetchone()[0], 2)
        # Its heartbeat notices within a third of the lease; the main loop may reconnect
        # silently (Django's health check at the top of each poll) or log the outage.
        noticed = ("lease not renewed", "database unavailable")
        self.wait_until(
            lambda: any(m in worker.output() for m in noticed) or not worker.alive(),
            "the worker notices",
        )
        self.assertTrue(worker.alive(), worker.output())
        result = process_id.enqueue()
        self.wait_until(
            lambda: DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL,
            "the worker runs a task enqueued after the cut",
        )
        self.assertTrue(worker.alive())

    def test_a_worker_stops_cleanly_on_sigterm(self) -> None:
        worker = self.start("term")
        self.wait_until(lambda: WorkerLease.objects.filter(pk="term").exists(), "the worker starts")
        worker.process.send_signal(signal.SIGTERM)
        self.assertEqual(worker.process.wait(timeout=15), 0)
        self.assertLessEqual(WorkerLease.objects.get(pk="term").expires_at, timezone.now())
