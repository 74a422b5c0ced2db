"""The registry lookup log grows by every lookup made and is never changed: on PostgreSQL it
is partitioned by month on ``at`` (core.partitions), so a month's rows can be archived whole
and each month's indexes stay small. Nothing refers to a lookup by foreign key."""

from django.db import migrations

from core.partitions import partition_by_month

forwards, backwards = partition_by_month("registry_lookup", "at")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_more_household_relations"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
