from __future__ import annotations

from django.tasks import task


@task
def issue_slip(slip_id: int) -> str:
    """Render, sign and store a slip right after it was issued (downloads then find it)."""
    from documents.issue import issue_slip as issue
    from dossiers.models import Slip

    slip = Slip.objects.select_related("dossier", "unit").filter(pk=slip_id).first()
    if slip is None:
        return "missing"
    return issue(slip).code
