"""Lookups and correction requests keep the id of their dossier, not a foreign key: the
registry sits below the dossiers and does not import them (see the import layers). The ids
already stored are kept; going back restores the foreign keys from them."""

from django.db import migrations, models
from django.db.models import F

MODELS = ("Lookup", "CorrectionRequest")


def copy_ids(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("registry", name)
        model.objects.filter(dossier__isnull=False).update(dossier_ref=F("dossier_id"))


def restore_foreign_keys(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("registry", name)
        model.objects.filter(dossier_ref__isnull=False).update(dossier_id=F("dossier_ref"))


def _id_field():
    return models.BigIntegerField(
        blank=True, db_index=True, null=True, verbose_name="hồ sơ (mã số)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=name.lower(),
                name="dossier_ref",
                field=models.BigIntegerField(blank=True, null=True),
            )
            for name in MODELS
        ),
        migrations.RunPython(copy_ids, restore_foreign_keys),
        *(migrations.RemoveField(model_name=name.lower(), name="dossier") for name in MODELS),
        *(
            migrations.RenameField(
                model_name=name.lower(), old_name="dossier_ref", new_name="dossier_id"
            )
            for name in MODELS
        ),
        *(
            migrations.AlterField(model_name=name.lower(), name="dossier_id", field=_id_field())
            for name in MODELS
        ),
    ]
