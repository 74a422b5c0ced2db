"""Background work for slips: the signed PDF of each slip (moved here from ``documents.tasks``:
the slip is a dossier's; ``documents`` only signs and stores).

The slip row is the outbox (``Slip.document_due_at``, written with the slip in the deciding
transaction). The task enqueued after commit is the fast path; the worker's ``sweep_slips``
issues what that path lost. Both go through ``issue_pending_slip``, which claims the slip with
a conditional UPDATE, so one slip is never signed by two workers at once, and an issued slip
is never issued again (``dossiers.slips.issue_slip`` also returns the stored one)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import F
from django.tasks import task

from core import clock
from dossiers.models import Slip
from dossiers.slips import issue_slip as issue
from notifications import backoff

logger = logging.getLogger("motcua.documents")
# Signing may depend on a remote service: retried after about 30 s, 1, 2, 4 … minutes, never
# more than an hour apart, without end (a download also issues the slip on the spot).
RETRY_BASE_SECONDS = 30
RETRY_CAP_SECONDS = 3600
SWEEP_BATCH = 50


@task
def issue_slip(slip_id: int) -> str:
    """Render, sign and store a slip right after it was issued (downloads then find it)."""
    return issue_pending_slip(slip_id)


def issue_pending_slip(slip_id: int) -> str:
    """Issue the slip's document if it is due: its code, "skipped" (issued already, claimed
    by another worker, or waiting for its retry), "missing" or "failed" (retried later)."""
    now = clock.wall()
    lease = backoff.lease_end(now)
    claimed = Slip.objects.filter(pk=slip_id, document_due_at__lte=now).update(
        document_due_at=lease, document_attempts=F("document_attempts") + 1
    )
    # The slip alone, then its dossier and unit by their keys (on first use). Joined to the
    # dossier table, PostgreSQL can plan a merge join that walks the dossier index from its
    # start when the slip's dossier is newer than the statistics: 3.9 s at 10 M dossiers.
    slip = Slip.objects.filter(pk=slip_id).first()
    if slip is None:
        return "missing"
    if not claimed:
        return "skipped"
    try:
        code = issue(slip).code
    except Exception:
        wait = backoff.delay(slip.document_attempts, base=RETRY_BASE_SECONDS, cap=RETRY_CAP_SECONDS)
        logger.exception("Slip %s: document not issued, retried in %.0f s", slip_id, wait)
        Slip.objects.filter(pk=slip_id, document_due_at=lease).update(
            document_due_at=clock.wall() + timedelta(seconds=wait)
        )
        return "failed"
    Slip.objects.filter(pk=slip_id).update(document_due_at=None)
    return code


def sweep_slips(limit: int = SWEEP_BATCH) -> int:
    """Issue the documents of slips that are due (their after-commit enqueue was lost, or a
    retry is due); how many were claimed here."""
    ids = list(
        Slip.objects.filter(document_due_at__lte=clock.wall())
        .order_by("document_due_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(issue_pending_slip(slip_id) != "skipped" for slip_id in ids)
