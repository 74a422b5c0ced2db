"""Tasks for the worker's tests, run by real worker processes."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.tasks import task


@task
def wait_for_file(started: str, release: str) -> int:
    """Say it started (with this process's id), then block until ``release`` exists."""
    Path(started).write_text(str(os.getpid()))
    deadline = time.monotonic() + 60  # never outlives a test that forgot it
    while not Path(release).exists():
        if time.monotonic() > deadline:
            raise TimeoutError(release)
        time.sleep(0.05)
    return os.getpid()


@task
def process_id() -> int:
    return os.getpid()
