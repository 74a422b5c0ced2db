"""A dossier's documents are linked from here (``DossierDocument``), no longer by foreign keys
on ``documents.IssuedDocument``, which knows nothing of dossiers.

Runs between documents 0002 (adds ``IssuedDocument.reference``) and documents 0003 (drops
the foreign keys, and on the way back restores them from these rows): each issued document
gets its link row, copied from its foreign keys, and its reference, the dossier's code."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

BATCH = 1000


def copy_links(apps, schema_editor):
    IssuedDocument = apps.get_model("documents", "IssuedDocument")
    Dossier = apps.get_model("dossiers", "Dossier")
    DossierDocument = apps.get_model("dossiers", "DossierDocument")
    rows = IssuedDocument.objects.order_by("pk").values_list(
        "pk", "dossier_id", "slip_id", "component_id"
    )
    batch = []
    for document_id, dossier_id, slip_id, component_id in rows.iterator(chunk_size=BATCH):
        batch.append(
            DossierDocument(
                document_id=document_id,
                dossier_id=dossier_id,
                slip_id=slip_id,
                component_id=component_id,
            )
        )
        if len(batch) == BATCH:
            DossierDocument.objects.bulk_create(batch)
            batch = []
    DossierDocument.objects.bulk_create(batch)
    code = Dossier.objects.filter(pk=OuterRef("dossier_id")).values("code")[:1]
    IssuedDocument.objects.update(reference=Subquery(code))


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_issueddocument_reference"),
        ("dossiers", "0008_backfill_event_facts"),
    ]

    operations = [
        migrations.CreateModel(
            name="DossierDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "component",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="certified_copy_links",
                        to="dossiers.dossiercomponent",
                    ),
                ),
                (
                    "document",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="dossier_link",
                        to="documents.issueddocument",
                    ),
                ),
                (
                    "dossier",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="document_links",
                        to="dossiers.dossier",
                    ),
                ),
                (
                    "slip",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="document_link",
                        to="dossiers.slip",
                    ),
                ),
            ],
            options={
                "verbose_name": "văn bản của hồ sơ",
                "verbose_name_plural": "văn bản của hồ sơ",
                "indexes": [models.Index(fields=["dossier", "document"], name="dossier_documents")],
            },
        ),
        # Going back, the table goes with its rows; documents 0003 has already put the links
        # back on the documents.
        migrations.RunPython(copy_links, migrations.RunPython.noop),
    ]
