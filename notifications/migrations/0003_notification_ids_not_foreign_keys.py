"""Notifications keep the ids of their dossier and event, not foreign keys (which blocked
deleting events and tied the table to the dossiers'). The ids already stored are kept."""

from django.db import migrations, models


def copy_ids(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for row in (
        Notification.objects.exclude(dossier__isnull=True, event__isnull=True)
        .only("pk", "dossier_id", "event_id")
        .iterator()
    ):
        Notification.objects.filter(pk=row.pk).update(
            dossier_ref=row.dossier_id, event_ref=row.event_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_worker_lease_and_due_time"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="dossier_ref",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="notification",
            name="event_ref",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(copy_ids, migrations.RunPython.noop),
        migrations.RemoveField(model_name="notification", name="dossier"),
        migrations.RemoveField(model_name="notification", name="event"),
        migrations.RenameField(
            model_name="notification", old_name="dossier_ref", new_name="dossier_id"
        ),
        migrations.RenameField(
            model_name="notification", old_name="event_ref", new_name="event_id"
        ),
        migrations.AlterField(
            model_name="notification",
            name="dossier_id",
            field=models.BigIntegerField(
                blank=True, db_index=True, null=True, verbose_name="hồ sơ (mã số)"
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="event_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="sự kiện (mã số)"),
        ),
    ]
