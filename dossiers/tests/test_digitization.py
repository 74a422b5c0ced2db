"""Digitization at the counter (R27): every paper component is scanned and signed as a
certified copy, or recorded as impossible to digitize, before the dossier is accepted."""

from __future__ import annotations

from typing import Any

from django.test import TestCase

from catalog.models import Channel, Component, ProcedureVersion
from core.testing import create_citizen
from documents.models import IssuedDocument, StoredDocument
from documents.signing import verify_pdf
from documents.testing import image_bytes
from dossiers import actions
from dossiers.models import DossierComponent, Status
from dossiers.testing import Office, attachment, create_dossier, create_procedure


class DigitizationTestCase(TestCase):
    office: Office
    version: ProcedureVersion
    form: Component
    residence: Component

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create(name="Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm")
        cls.version = create_procedure()
        cls.form = cls.version.components.get(position=1)
        cls.residence = cls.version.components.get(position=2)

    def at_counter(self, **overrides):
        citizen = create_citizen()
        fields: dict[str, Any] = {
            "channel": Channel.IN_PERSON,
            "created_by": self.office.desk,
            "applicant": None,
            "applicant_name": citizen.full_name,
            "applicant_id_number": citizen.personal_id,
            "files": {},
            "from_data": {self.residence.pk: "Cơ sở dữ liệu quốc gia về dân cư"},
        }
        fields.update(overrides)
        return create_dossier(self.version, self.office, **fields)

    def test_a_scan_made_at_intake_is_a_signed_certified_copy(self) -> None:
        dossier = self.at_counter(files={self.form.pk: attachment()})
        item = dossier.components.get(component=self.form)
        copy = IssuedDocument.objects.get(code=item.certified_copy)
        self.assertEqual(copy.kind, IssuedDocument.Kind.CERTIFIED_COPY)
        self.assertEqual(item.file.name, copy.file.name)
        report = verify_pdf(item.file.read())
        self.assertTrue(report.valid)
        self.assertIn("Phường Hoàn Kiếm", report.signatures[0].signer)

    def test_the_certified_copy_lands_in_the_applicant_data_store(self) -> None:
        dossier = self.at_counter(files={self.form.pk: attachment()})
        item = dossier.components.get(component=self.form)
        stored = StoredDocument.objects.get(document__code=item.certified_copy)
        self.assertEqual(stored.owner_id_number, dossier.applicant_id_number)

    def test_a_counter_dossier_with_a_paper_not_digitized_cannot_be_accepted(self) -> None:
        dossier = self.at_counter()
        with self.assertRaisesMessage(actions.DossierError, "Tờ khai"):
            actions.accept_dossier(dossier, user=self.office.desk)

    def test_the_desk_digitizes_a_photo_and_then_accepts(self) -> None:
        dossier = self.at_counter()
        from django.core.files.base import ContentFile

        actions.digitize_component(
            dossier,
            user=self.office.desk,
            component_id=self.form.pk,
            upload=ContentFile(image_bytes("PNG"), name="chup.png"),
        )
        item = dossier.components.get(component=self.form)
        self.assertEqual(item.state, DossierComponent.State.PROVIDED)
        self.assertTrue(verify_pdf(item.file.read()).valid)
        self.assertEqual(dossier.events.filter(type="digitized").count(), 1)
        dossier = actions.accept_dossier(dossier, user=self.office.desk)
        self.assertEqual(dossier.status, Status.IN_PROGRESS)

    def test_a_paper_that_cannot_be_digitized_needs_a_reason(self) -> None:
        dossier = self.at_counter()
        with self.assertRaisesMessage(actions.DossierError, "lý do"):
            actions.mark_not_digitizable(
                dossier, user=self.office.desk, component_id=self.form.pk, reason=" "
            )

    def test_a_paper_marked_not_digitizable_lets_the_dossier_be_accepted(self) -> None:
        dossier = self.at_counter()
        actions.mark_not_digitizable(
            dossier,
            user=self.office.desk,
            component_id=self.form.pk,
            reason="Bản vẽ khổ A0, không quét được",
        )
        item = dossier.components.get(component=self.form)
        self.assertEqual(item.state, DossierComponent.State.NOT_DIGITIZABLE)
        self.assertEqual(item.note, "Bản vẽ khổ A0, không quét được")
        self.assertEqual(
            actions.accept_dossier(dossier, user=self.office.desk).status, Status.IN_PROGRESS
        )

    def test_online_dossiers_are_not_digitized(self) -> None:
        dossier = create_dossier(self.version, self.office)
        with self.assertRaisesMessage(actions.DossierError, "trực tuyến"):
            actions.mark_not_digitizable(
                dossier, user=self.office.desk, component_id=self.form.pk, reason="x"
            )

    def test_only_the_front_desk_digitizes(self) -> None:
        from django.core.exceptions import PermissionDenied

        dossier = self.at_counter()
        with self.assertRaises((PermissionDenied, actions.DossierError)):
            actions.mark_not_digitizable(
                dossier, user=self.office.specialist, component_id=self.form.pk, reason="x"
            )
