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
from dossiers.actors import person
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
            "actor": person(self.office.desk),
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

    def test_the_certified_copy_is_linked_to_its_component(self) -> None:
        dossier = self.at_counter(files={self.form.pk: attachment()})
        item = dossier.components.get(component=self.form)
        link = IssuedDocument.objects.get(code=item.certified_copy).dossier_link
        self.assertEqual((link.dossier, link.component), (dossier, item))

    def test_the_certified_copy_lands_in_the_applicant_data_store(self) -> None:
        dossier = self.at_counter(files={self.form.pk: attachment()})
        item = dossier.components.get(component=self.form)
        stored = StoredDocument.objects.get(document__code=item.certified_copy)
        self.assertEqual(stored.owner_id_number, dossier.applicant_id_number)

    def test_a_counter_dossier_with_a_paper_not_digitized_cannot_be_accepted(self) -> None:
        dossier = self.at_counter()
        with self.assertRaisesMessage(actions.DossierError, "Tờ khai"):
            actions.accept_dossier(dossier, actor=person(self.office.desk))

    def test_the_desk_digitizes_a_photo_and_then_accepts(self) -> None:
        dossier = self.at_counter()
        from django.core.files.base import ContentFile

        actions.digitize_component(
            dossier,
            actor=person(self.office.desk),
            component_id=self.form.pk,
            upload=ContentFile(image_bytes("PNG"), name="chup.png"),
        )
        item = dossier.components.get(component=self.form)
        self.assertEqual(item.state, DossierComponent.State.PROVIDED)
        self.assertTrue(verify_pdf(item.file.read()).valid)
        self.assertEqual(dossier.events.filter(type="digitized").count(), 1)
        dossier = actions.accept_dossier(dossier, actor=person(self.office.desk))
        self.assertEqual(dossier.status, Status.IN_PROGRESS)

    def test_an_already_signed_e_document_is_certified_too(self) -> None:
        from django.core.files.base import ContentFile

        from documents.signing import sign_pdf, unit_signer
        from documents.testing import pdf_bytes

        signed = sign_pdf(
            pdf_bytes(), unit_signer("000.00.01.H26", "Nơi khác"), field_name="ChuKyDonVi",
            reason="Bản gốc điện tử", location="Hà Nội",
        )  # fmt: skip
        dossier = self.at_counter()
        actions.digitize_component(
            dossier,
            actor=person(self.office.desk),
            component_id=self.form.pk,
            upload=ContentFile(signed, name="ban-dien-tu.pdf"),
        )
        item = dossier.components.get(component=self.form)
        self.assertEqual(len(verify_pdf(item.file.read()).signatures), 2)

    def test_a_component_of_another_procedure_is_refused_clearly(self) -> None:
        other = create_procedure().components.first()
        with self.assertRaisesMessage(actions.DossierError, "thành phần hồ sơ"):
            actions.digitize_component(
                self.at_counter(),
                actor=person(self.office.desk),
                component_id=other.pk,
                upload=attachment(),
            )

    def test_a_certified_scan_can_still_be_requested_again(self) -> None:
        from catalog.models import Component

        Component.objects.filter(pk=self.form.pk).update(document_type="to-khai")
        dossier = self.at_counter(files={self.form.pk: attachment()})
        dossier = actions.accept_dossier(dossier, actor=person(self.office.desk))
        dossier = actions.request_supplement(
            dossier, actor=person(self.office.specialist), component_ids=[self.form.pk], reason="Mờ"
        )
        self.assertEqual(dossier.supplement_count, 1)

    def test_a_paper_that_cannot_be_digitized_needs_a_reason(self) -> None:
        dossier = self.at_counter()
        with self.assertRaisesMessage(actions.DossierError, "lý do"):
            actions.mark_not_digitizable(
                dossier, actor=person(self.office.desk), component_id=self.form.pk, reason=" "
            )

    def test_a_paper_marked_not_digitizable_lets_the_dossier_be_accepted(self) -> None:
        dossier = self.at_counter()
        actions.mark_not_digitizable(
            dossier,
            actor=person(self.office.desk),
            component_id=self.form.pk,
            reason="Bản vẽ khổ A0, không quét được",
        )
        item = dossier.components.get(component=self.form)
        self.assertEqual(item.state, DossierComponent.State.NOT_DIGITIZABLE)
        self.assertEqual(item.note, "Bản vẽ khổ A0, không quét được")
        self.assertEqual(
            actions.accept_dossier(dossier, actor=person(self.office.desk)).status,
            Status.IN_PROGRESS,
        )

    def test_online_dossiers_are_not_digitized(self) -> None:
        dossier = create_dossier(self.version, self.office)
        with self.assertRaisesMessage(actions.DossierError, "trực tuyến"):
            actions.mark_not_digitizable(
                dossier, actor=person(self.office.desk), component_id=self.form.pk, reason="x"
            )

    def test_only_the_front_desk_digitizes(self) -> None:
        from django.core.exceptions import PermissionDenied

        dossier = self.at_counter()
        with self.assertRaises((PermissionDenied, actions.DossierError)):
            actions.mark_not_digitizable(
                dossier, actor=person(self.office.specialist), component_id=self.form.pk, reason="x"
            )


class PaperResultTestCase(TestCase):
    """Where the law requires a paper result, its scan is stored and signed at return."""

    office: Office
    version: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.version = create_procedure(result_is_paper=True, result_code="giay-khai-sinh")

    def decided(self):
        dossier = actions.accept_dossier(
            create_dossier(self.version, self.office), actor=person(self.office.desk)
        )
        return actions.sign(
            actions.forward(dossier, actor=person(self.office.specialist)),
            actor=person(self.office.leader),
        )

    def test_returning_a_paper_result_without_its_scan_is_refused(self) -> None:
        dossier = self.decided()
        with self.assertRaisesMessage(actions.DossierError, "bản giấy"):
            actions.return_result(dossier, actor=person(self.office.desk))
        dossier.refresh_from_db()
        self.assertEqual(dossier.status, Status.DONE)

    def test_the_scan_is_signed_stored_and_recorded(self) -> None:
        dossier = actions.return_result(
            self.decided(), actor=person(self.office.desk), paper_scan=attachment("quet.pdf")
        )
        code = dossier.events.get(type="result_returned").parameters["paper_scan"]
        scan = IssuedDocument.objects.get(code=code)
        self.assertTrue(verify_pdf(scan.file.read()).valid)
        self.assertTrue(StoredDocument.objects.filter(document=scan).exists())
        self.assertEqual(dossier.status, Status.RETURNED)
