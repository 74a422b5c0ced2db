"""Indexes for the deadline scan and the violations list at ten million dossiers.

Plain AddIndex/RemoveIndex, not AddIndexConcurrently: the migrations also run on SQLite,
where the concurrent form does not exist. All but the visibility index are partial (open
dossiers in a queue or not yet overdue; late events and refused attempts), a small part of
their tables.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0013_events_partitioned_by_month"),
    ]

    operations = [
        # Replaced by dossier_deadline_pending: the scan no longer reads overdue dossiers.
        migrations.RemoveIndex(model_name="dossier", name="dossier_open_due"),
        # Replaced by dossier_event_violations: late events and refused attempts together.
        migrations.RemoveIndex(model_name="dossierevent", name="dossier_event_late"),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(
                    ("deadline_state__in", ["on_time", "due_soon"]),
                    ("status__in", ["in_progress", "consulting", "withdrawal_requested"]),
                ),
                fields=["due_at"],
                name="dossier_deadline_pending",
            ),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(("status__in", ["submitted", "supplement_at_reception"])),
                fields=["receiving_unit", "submitted_at"],
                name="dossier_queue_reception",
            ),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ["consulting", "in_progress", "supplement_in_process"])
                ),
                fields=["current_unit", "due_at"],
                name="dossier_queue_step",
            ),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(("status__in", ["done", "withdrawal_requested"])),
                fields=["receiving_unit", "decided_at"],
                name="dossier_queue_return",
            ),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                fields=["id", "receiving_unit", "competent_unit", "current_unit"],
                name="dossier_visibility",
            ),
        ),
        migrations.AddIndex(
            model_name="dossierevent",
            index=models.Index(
                condition=models.Q(("late", True), ("type", "rule_refused"), _connector="OR"),
                fields=["-at", "-id", "dossier"],
                name="dossier_event_violations",
            ),
        ),
    ]
