"""``manage.py worker``: the background worker (tasks, lost-task recovery, outbox sweeps).

See notifications/worker.py. Use it instead of django-tasks-db's ``db_worker``, which stops at
the first database error and never recovers a task whose worker was killed."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.crypto import get_random_string
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import (
    valid_backend_name,
    valid_interval,
    validate_worker_id,
)

from notifications.worker import Worker


class Command(BaseCommand):
    help = (
        "Tiến trình nền: chạy các tác vụ, chạy lại tác vụ của tiến trình đã chết, "
        "quét hộp thư đi (thông báo, phiếu chưa ký) và chịu được mất kết nối cơ sở dữ liệu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queue-name", default=DEFAULT_TASK_QUEUE_NAME)
        parser.add_argument(
            "--backend",
            dest="backend_name",
            default=DEFAULT_TASK_BACKEND_ALIAS,
            type=valid_backend_name,
        )
        parser.add_argument(
            "--interval", type=valid_interval, default=1.0, help="Giây chờ khi không có tác vụ."
        )
        parser.add_argument(
            "--sweep-interval",
            type=valid_interval,
            default=None,
            help="Giây giữa hai lần quét (mặc định MOTCUA_WORKER_SWEEP_SECONDS).",
        )
        parser.add_argument(
            "--worker-id", type=validate_worker_id, default=None, help="Duy nhất mỗi tiến trình."
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="Quét một lần, chạy các tác vụ đang chờ rồi dừng.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Upstream narrates every drain at INFO ("Starting worker", "No more tasks").
        upstream = logging.getLogger("django_tasks_db")
        upstream.setLevel(logging.DEBUG if options["verbosity"] > 1 else logging.WARNING)
        worker = Worker(
            worker_id=options["worker_id"] or get_random_string(32),
            queue_names=options["queue_name"].split(","),
            backend_name=options["backend_name"],
            interval=options["interval"],
            sweep_interval=options["sweep_interval"],
            once=options["once"],
        )
        if not options["once"]:
            worker.configure_signals()
        try:
            worker.run()
        except Exception as exc:  # only with --once: the long-running worker never raises
            raise CommandError(f"Tiến trình nền dừng vì lỗi: {exc}") from exc
