"""Issued documents lose their foreign keys to dossiers, slips and components: the links are
``dossiers.DossierDocument`` rows now (copied by dossiers 0009_document_links, which must run
first). Going back, the foreign keys are filled again from those rows before the dossier one
becomes required again."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def restore_links(apps, schema_editor):
    IssuedDocument = apps.get_model("documents", "IssuedDocument")
    DossierDocument = apps.get_model("dossiers", "DossierDocument")
    link = DossierDocument.objects.filter(document_id=OuterRef("pk"))
    IssuedDocument.objects.update(
        dossier_id=Subquery(link.values("dossier_id")[:1]),
        slip_id=Subquery(link.values("slip_id")[:1]),
        component_id=Subquery(link.values("component_id")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_issueddocument_reference"),
        ("dossiers", "0009_document_links"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="issueddocument", name="issued_dossier_kind"),
        # Optional for a moment, so that going back can add the column before filling it.
        migrations.AlterField(
            model_name="issueddocument",
            name="dossier",
            field=models.ForeignKey(
                null=True,
                on_delete=models.PROTECT,
                related_name="documents",
                to="dossiers.dossier",
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, restore_links),
        migrations.RemoveField(model_name="issueddocument", name="component"),
        migrations.RemoveField(model_name="issueddocument", name="dossier"),
        migrations.RemoveField(model_name="issueddocument", name="slip"),
    ]
