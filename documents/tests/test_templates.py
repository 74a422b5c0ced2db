"""Templates as versioned data: a new version changes new documents, not issued ones."""

from __future__ import annotations

from django.test import TestCase

from documents.admin import DocumentTemplateForm
from documents.issue import issue_slip, render_template
from documents.models import DocumentTemplate
from dossiers import actions
from dossiers.testing import Office, create_dossier, create_procedure


class TemplateVersionTestCase(TestCase):
    def test_without_a_stored_version_the_shipped_file_is_version_0(self) -> None:
        rendered = render_template("results/default", {"code": "VB-X"})
        self.assertEqual(rendered.template, "results/default v0")

    def test_the_newest_stored_version_is_used_and_recorded(self) -> None:
        office = Office.create()
        dossier = actions.accept_dossier(
            create_dossier(create_procedure(), office), user=office.desk
        )
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
        self.assertIn("lỗi cú pháp", str(form.errors))

    def test_the_admin_form_refuses_an_unknown_key(self) -> None:
        form = DocumentTemplateForm(data={"key": "anything", "body": "<p></p>"})
        self.assertFalse(form.is_valid())
