"""The procedure page links each component's template form: a stored file is downloaded from
the catalog (its content type, a safe name); a template that is the online e-form links to it."""

from __future__ import annotations

import shutil
import tempfile

from django.core.files.base import ContentFile
from django.test import TestCase, override_settings
from django.urls import reverse

from catalog.models import Component, ProcedureVersion
from core.testing import create_version
from dossiers.testing import create_eform_procedure


class TemplateFileTestCase(TestCase):
    _media: str
    _override: override_settings
    version: ProcedureVersion
    component: Component

    @classmethod
    def setUpClass(cls) -> None:
        cls._media = tempfile.mkdtemp(prefix="motcua-catalog-")
        cls._override = override_settings(MEDIA_ROOT=cls._media)
        cls._override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls._override.disable()
        shutil.rmtree(cls._media, ignore_errors=True)

    @classmethod
    def setUpTestData(cls) -> None:
        cls.version = create_version()
        cls.component = cls.version.components.get()
        cls.component.template_name = "Mẫu tờ khai đăng ký khai sinh"
        cls.component.template.save('Tờ khai "mẫu" 01.DOCX', ContentFile(b"PK\x03\x04 mau"))
        cls.component.save()

    def url(self) -> str:
        return reverse("catalog:template", args=[self.version.procedure.code, self.component.pk])

    def test_the_procedure_page_links_the_template(self) -> None:
        page = self.client.get(reverse("catalog:detail", args=[self.version.procedure.code]))
        self.assertContains(page, f'href="{self.url()}"')

    def test_the_template_downloads_with_its_content_type_and_a_safe_name(self) -> None:
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response["Content-Type"],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        self.assertEqual(
            response["Content-Disposition"],
            'attachment; filename="mau-to-khai-dang-ky-khai-sinh.docx"',
        )
        self.assertEqual(response.getvalue(), b"PK\x03\x04 mau")

    def test_a_component_of_another_procedure_is_not_found(self) -> None:
        other = create_version()
        url = reverse("catalog:template", args=[other.procedure.code, self.component.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_component_without_a_file_is_not_found(self) -> None:
        other = create_version()
        component = other.components.get()
        url = reverse("catalog:template", args=[other.procedure.code, component.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_draft_versions_template_is_not_found(self) -> None:
        ProcedureVersion.objects.filter(pk=self.version.pk).update(
            status=ProcedureVersion.Status.DRAFT
        )
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_a_file_missing_from_storage_is_not_found(self) -> None:
        other = create_version()
        component = other.components.get()
        component.template.save("mau.pdf", ContentFile(b"%PDF-1.7"))
        component.template.storage.purge(component.template.name)  # type: ignore[attr-defined]
        url = reverse("catalog:template", args=[other.procedure.code, component.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_type_off_the_list_is_a_plain_download(self) -> None:
        other = create_version()
        component = other.components.get()
        component.template.save("mau.html", ContentFile(b"<script>alert(1)</script>"))
        url = reverse("catalog:template", args=[other.procedure.code, component.pk])
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "application/octet-stream")


class EformTemplateTestCase(TestCase):
    def test_a_template_that_is_the_online_form_links_to_it(self) -> None:
        version = create_eform_procedure()
        Component.objects.filter(version=version, position=1).update(template_name="Tờ khai")
        page = self.client.get(reverse("catalog:detail", args=[version.procedure.code]))
        self.assertContains(
            page, f'href="{reverse("portal:apply", args=[version.procedure.code])}"'
        )
        self.assertContains(page, "khai trực tuyến")
