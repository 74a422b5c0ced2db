"""File size limits: per component (catalog) and for the whole dossier (settings)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.test import TestCase, override_settings

from catalog.models import Component, ProcedureVersion
from documents.testing import pdf_bytes
from dossiers import actions
from dossiers.models import Dossier
from dossiers.testing import Office, create_dossier, create_procedure


def padded_pdf(size: int) -> ContentFile[bytes]:
    """A valid PDF of about ``size`` bytes that cleaning keeps that large (random stream)."""
    import io
    import os

    import pikepdf

    pdf = pikepdf.open(io.BytesIO(pdf_bytes()))
    pdf.Root.Filler = pdf.make_stream(os.urandom(size))
    out = io.BytesIO()
    pdf.save(out)
    return ContentFile(out.getvalue(), name="to-khai.pdf")


class SizeLimitTestCase(TestCase):
    office: Office
    version: ProcedureVersion
    form: Component

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.version = create_procedure()
        cls.form = cls.version.components.get(position=1)

    def submit(self, size: int) -> Dossier:
        return create_dossier(
            self.version,
            self.office,
            files={self.form.pk: padded_pdf(size)},
            from_data={self.version.components.get(position=2).pk: "population_registry"},
        )

    def test_a_component_limit_refuses_a_larger_file(self) -> None:
        Component.objects.filter(pk=self.form.pk).update(max_size_mb=1)
        with self.assertRaisesMessage(actions.DossierError, "Tờ khai"):
            self.submit(1024 * 1024 + 1)

    def test_without_a_component_limit_the_general_one_applies(self) -> None:
        self.assertEqual(self.submit(2 * 1024 * 1024).components.count(), 2)

    @override_settings(MOTCUA_MAX_DOSSIER_BYTES=1024 * 1024)
    def test_the_dossier_total_is_limited(self) -> None:
        with self.assertRaisesMessage(actions.DossierError, "Tổng dung lượng"):
            self.submit(1024 * 1024 + 1)
        self.assertFalse(Dossier.objects.exists())
