"""Who signed an issued document, as its public page and API show it: the person with their
position and body, a seal as the body's seal, beside what each certificate says; documents
recorded before positions still show their signers."""

from __future__ import annotations

from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from documents.issue import signer_label
from documents.models import IssuedDocument
from dossiers import actions
from dossiers.actors import person
from dossiers.issued import documents_of
from dossiers.testing import Commune, create_procedure
from units.models import GovernmentUnit

BODY = "Ủy ban nhân dân Phường Hoàn Kiếm"


class SignerLabelTestCase(SimpleTestCase):
    def test_a_person_is_named_with_their_position_and_body(self) -> None:
        entry = {"kind": "person", "name": "Hoàng Minh Tuấn", "unit": BODY, "title": "Phó Chủ tịch"}
        self.assertEqual(signer_label(entry), f"Hoàng Minh Tuấn — Phó Chủ tịch, {BODY}")

    def test_a_seal_is_named_as_the_bodys_seal(self) -> None:
        entry = {"kind": "unit", "name": BODY, "unit": BODY}
        self.assertEqual(signer_label(entry), f"Con dấu điện tử của {BODY}")

    def test_an_entry_recorded_before_positions_gives_name_and_body(self) -> None:
        entry = {"kind": "person", "name": "Hoàng Minh Tuấn", "unit": BODY}
        self.assertEqual(signer_label(entry), f"Hoàng Minh Tuấn — {BODY}")


class SignersShownTestCase(TestCase):
    commune: Commune
    result: IssuedDocument

    @classmethod
    def setUpTestData(cls) -> None:
        cls.commune = Commune.create(name="Phường Hoàn Kiếm")
        version = create_procedure(kinds=(GovernmentUnit.Kind.COMMUNE_COMMITTEE,))
        dossier = actions.sign(
            cls.commune.at_last_step(version), actor=person(cls.commune.deputy), result="Cấp."
        )
        cls.result = documents_of(dossier).get(kind=IssuedDocument.Kind.RESULT)

    def page(self) -> str:
        response = self.client.get(reverse("documents:public", args=[self.result.code]))
        return response.content.decode()

    def test_the_page_names_the_signer_in_their_position(self) -> None:
        deputy = self.commune.deputy.full_name
        self.assertIn(f"{deputy} — Phó Chủ tịch, {BODY}", self.page())

    def test_the_page_names_the_seal_as_the_bodys(self) -> None:
        self.assertIn(f"Con dấu điện tử của {BODY}", self.page())

    def test_the_page_still_shows_what_the_certificate_says(self) -> None:
        self.assertIn("Chứng thư số", self.page())

    def test_a_document_recorded_before_positions_still_shows_its_signer(self) -> None:
        old = [{k: v for k, v in s.items() if k != "title"} for s in self.result.signers]
        IssuedDocument.objects.filter(pk=self.result.pk).update(signers=old)
        self.assertIn(f"{self.commune.deputy.full_name} — {BODY}", self.page())

    def test_the_api_gives_each_signers_name_title_and_body(self) -> None:
        response = self.client.get(reverse("documents:api-document", args=[self.result.code]))
        signed_by = response.json()["signed_by"]
        self.assertEqual(
            [(s["kind"], s["name"], s["title"], s["body"]) for s in signed_by],
            [
                ("person", self.commune.deputy.full_name, "Phó Chủ tịch", BODY),
                ("unit", BODY, "", BODY),
            ],
        )
