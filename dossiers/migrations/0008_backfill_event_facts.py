"""Fill the fact columns of the events written before them, from their hashed parameters.

The rows stay schema 1: their hash does not cover the columns, so it is unchanged, and
``dossiers.events.verify_dossier`` derives the facts again (``old_facts``, the same function)
and reports a column that disagrees.
"""

from dataclasses import asdict

from django.conf import settings
from django.db import migrations

CHUNK = 500  # dossiers per pass: their events fit in memory


def backfill_facts(apps, schema_editor):
    from dossiers.events import Facts, Referents, old_facts

    event_model = apps.get_model("dossiers", "DossierEvent")
    referents = Referents(
        apps.get_model("units", "GovernmentUnit"),
        apps.get_model(settings.AUTH_USER_MODEL),
        apps.get_model("catalog", "WorkflowStep"),
    )
    dossier_ids = list(
        event_model.objects.filter(schema=1)
        .order_by("dossier_id")
        .values_list("dossier_id", flat=True)
        .distinct()
    )
    for start in range(0, len(dossier_ids), CHUNK):
        changed = []
        supplements, current = 0, None
        # Every event of the dossiers counts its supplement requests; only old ones change.
        rows = event_model.objects.filter(dossier_id__in=dossier_ids[start : start + CHUNK])
        for pk, dossier_id, schema, type, parameters in rows.order_by(
            "dossier_id", "seq"
        ).values_list("pk", "dossier_id", "schema", "type", "parameters"):
            if dossier_id != current:
                supplements, current = 0, dossier_id
            if type == "supplement_requested":
                supplements += 1
            if schema != 1:
                continue
            facts = old_facts(type, parameters, supplements=supplements, referents=referents)
            if facts != Facts():
                changed.append(event_model(pk=pk, **asdict(facts)))
        event_model.objects.bulk_update(changed, fields=list(asdict(Facts())), batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0007_event_facts"),
    ]

    operations = [
        migrations.RunPython(backfill_facts, migrations.RunPython.noop, elidable=True),
    ]
