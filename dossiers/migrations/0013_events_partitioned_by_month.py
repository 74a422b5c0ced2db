"""On PostgreSQL the dossier events are partitioned by month on ``at`` (core.partitions): the
history grows by about five events a dossier and is never changed, and the inspectors' and
indicators' reads are over periods, which then touch only their months.

- The slip's link to its event loses its database key (a key could only refer to an event
  with its month); events are never deleted nor changed, so the link cannot break.
- The key (dossier, seq) takes ``at`` in, as a partitioned table's unique keys must. That
  one dossier has one event at each position stays kept by the writers: every event is
  appended under the dossier's row lock, and the hash chain shows any gap or double.
- The hash chain is per dossier, through the rows' own hashes, so it runs across months
  as it did before.
"""

import django.db.models.deletion
from django.db import migrations, models

from core.partitions import partition_by_month

forwards, backwards = partition_by_month("dossiers_dossierevent", "at")


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0012_merge_corrections_registers"),
        # Its notifications' key to the events gives way to a plain id there.
        ("notifications", "0003_notification_ids_not_foreign_keys"),
    ]

    operations = [
        migrations.AlterField(
            model_name="slip",
            name="event",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="slip",
                to="dossiers.dossierevent",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
