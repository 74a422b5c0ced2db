"""Issued documents say in plain text what they are about (``reference``: the dossier's code),
the first step of moving their links to dossiers out of this app: dossiers 0009_document_links
fills it and copies the links, documents 0003 then drops the foreign keys."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="issueddocument",
            name="reference",
            field=models.CharField(blank=True, max_length=100, verbose_name="tham chiếu"),
        ),
    ]
