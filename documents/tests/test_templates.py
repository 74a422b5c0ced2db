"""Templates as versioned data: a new version changes new documents, not issued ones."""

from __future__ import annotations

from django.test import TestCase

from documents.admin import DocumentTemplateForm
from documents.issue import render_template
from documents.models import DocumentTemplate
from dossiers.slips import issue_slip
from dossiers.testing import (
    Office,
    create_decided_dossier,
    create_procedure,
    create_received_dossier,
)


class TemplateVersionTestCase(TestCase):
    def test_without_a_stored_version_the_shipped_file_is_version_0(self) -> None:
        rendered = render_template("results/default", {"code": "VB-X"})
        self.assertEqual(rendered.template, "results/default v0")

    def test_the_newest_stored_version_is_used_and_recorded(self) -> None:
        office = Office.create()
        dossier = create_received_dossier(create_procedure(), office)
        DocumentTemplate.objects.create(key="slips/receipt", version=1, body="<p>Cũ</p>")
        DocumentTemplate.objects.create(
            key="slips/receipt", version=2, body='{% extends "documents/slips/receipt.html" %}'
        )
        document = issue_slip(dossier.slips.get())
        self.assertEqual(document.template, "slips/receipt v2")

    def test_a_stored_version_is_never_changed(self) -> None:
        row = DocumentTemplate.objects.create(key="results/default", version=1, body="x")
        row.body = "y"
        with self.assertRaises(ValueError):
            row.save()

    def test_the_admin_form_refuses_a_template_with_a_syntax_error(self) -> None:
        form = DocumentTemplateForm(data={"key": "results/default", "body": "{% if %}"})
        self.assertFalse(form.is_valid())
        self.assertIn("Mẫu có lỗi", str(form.errors))

    def test_the_admin_form_refuses_an_unknown_key(self) -> None:
        form = DocumentTemplateForm(data={"key": "anything", "body": "<p></p>"})
        self.assertFalse(form.is_valid())


class TemplateSafetyTestCase(TestCase):
    def test_a_template_sees_plain_data_not_models(self) -> None:
        from documents.models import IssuedDocument

        office = Office.create()
        DocumentTemplate.objects.create(
            key="results/default",
            version=1,
            body="<p>[{{ dossier.applicant.password }}][{{ dossier.code }}]</p>",
        )
        dossier = create_decided_dossier(create_procedure(), office)
        result = IssuedDocument.objects.get(dossier_link__dossier=dossier, kind="result")
        from documents.tests.test_slips import text_of

        text = text_of(result.file.read())
        self.assertIn(f"[][{dossier.code}]", text)
        self.assertNotIn("argon2", text)

    def test_the_admin_form_refuses_the_debug_and_load_tags(self) -> None:
        for body in ("{% debug %}", "{% load static %}"):
            form = DocumentTemplateForm(data={"key": "results/default", "body": body})
            self.assertFalse(form.is_valid(), body)

    def test_the_admin_form_refuses_including_other_templates(self) -> None:
        body = '{% include "admin/base.html" %}'
        form = DocumentTemplateForm(data={"key": "results/default", "body": body})
        self.assertFalse(form.is_valid())

    def test_the_admin_form_refuses_a_template_that_fails_when_rendered(self) -> None:
        body = '{% include "documents/khong-co.html" %}'
        form = DocumentTemplateForm(data={"key": "results/default", "body": body})
        self.assertFalse(form.is_valid())

    def test_a_shipped_template_passes_the_admin_form(self) -> None:
        from pathlib import Path

        source = Path("documents/templates/documents/slips/receipt.html").read_text()
        form = DocumentTemplateForm(data={"key": "slips/receipt", "body": source})
        self.assertTrue(form.is_valid(), form.errors)
