"""digitize_component: the desk scans a paper component of a counter dossier before reception;
the scan becomes a copy certified and signed by the receiving unit (R27), kept in the
applicant's data store."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile

from accounts.models import Role
from catalog.models import Component
from documents.models import IssuedDocument, StoredDocument
from documents.signing import sign_pdf, unit_signer, verify_pdf
from documents.testing import image_bytes, pdf_bytes
from dossiers.actions import DossierError, accept_dossier, digitize_component
from dossiers.actors import person
from dossiers.models import DossierComponent, EventType, Status
from dossiers.testing import (
    ActionTestCase,
    Office,
    attachment,
    create_counter_dossier,
    create_dossier,
    create_procedure,
)


class DigitizeComponentTestCase(ActionTestCase):
    form: Component
    residence: Component

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create(name="Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm")
        cls.version = create_procedure()
        cls.form = cls.version.components.get(position=1)
        cls.residence = cls.version.components.get(position=2)

    def photo(self) -> ContentFile[bytes]:
        return ContentFile(image_bytes("PNG"), name="chup.png")

    def stored_file(self, item: DossierComponent) -> bytes:
        with DossierComponent.objects.get(pk=item.pk).file.open("rb") as handle:
            return handle.read()

    def test_a_photo_becomes_a_signed_certified_copy(self) -> None:
        dossier = create_counter_dossier(self.version, self.office)
        item = digitize_component(
            dossier, actor=person(self.office.desk), component_id=self.form.pk, upload=self.photo()
        )
        self.assertEqual(
            (item.state, item.source),
            (DossierComponent.State.PROVIDED, "số hóa tại bộ phận một cửa"),
        )
        copy = IssuedDocument.objects.get(code=item.certified_copy)
        self.assertEqual(
            (copy.kind, copy.file.name), (IssuedDocument.Kind.CERTIFIED_COPY, item.file.name)
        )
        report = verify_pdf(self.stored_file(item))
        self.assertTrue(report.valid)
        self.assertIn("Phường Hoàn Kiếm", report.signatures[0].signer)

    def test_the_certified_copy_is_linked_to_its_component(self) -> None:
        dossier = create_counter_dossier(self.version, self.office)
        item = digitize_component(
            dossier, actor=person(self.office.desk), component_id=self.form.pk, upload=self.photo()
        )
        link = IssuedDocument.objects.get(code=item.certified_copy).dossier_link
        self.assertEqual((link.dossier_id, link.component_id), (dossier.pk, item.pk))

    def test_the_certified_copy_lands_in_the_applicants_data_store(self) -> None:
        dossier = create_counter_dossier(self.version, self.office)
        item = digitize_component(
            dossier, actor=person(self.office.desk), component_id=self.form.pk, upload=attachment()
        )
        stored = StoredDocument.objects.get(document__code=item.certified_copy)
        self.assertEqual(stored.owner_id_number, dossier.applicant_id_number)

    def test_it_writes_one_event_naming_the_copy(self) -> None:
        dossier = create_counter_dossier(self.version, self.office)
        item = digitize_component(
            dossier, actor=person(self.office.desk), component_id=self.form.pk, upload=attachment()
        )
        event = self.new_event(dossier, dossier.event_count)
        self.assertEvent(event, EventType.DIGITIZED, "", "")
        self.assertEqual((event.actor_role, event.actor_unit), (Role.FRONT_DESK, self.office.unit))
        self.assertEqual(
            event.parameters, {"component": self.form.pk, "document": item.certified_copy}
        )

    def test_an_already_signed_e_document_keeps_its_signature_and_gets_ours(self) -> None:
        signer = unit_signer("000.00.01.H26", "Nơi khác")
        signed = sign_pdf(
            pdf_bytes(), signer, field_name="ChuKyDonVi", reason="Bản gốc", location="Hà Nội"
        )
        dossier = create_counter_dossier(self.version, self.office)
        upload = ContentFile(signed, name="ban-dien-tu.pdf")
        item = digitize_component(
            dossier, actor=person(self.office.desk), component_id=self.form.pk, upload=upload
        )
        self.assertEqual(len(verify_pdf(self.stored_file(item)).signatures), 2)

    def test_once_every_paper_is_digitized_the_dossier_can_be_received(self) -> None:
        dossier = create_counter_dossier(
            self.version, self.office, from_data={self.residence.pk: "population_registry"}
        )
        digitize_component(
            dossier, actor=person(self.office.desk), component_id=self.form.pk, upload=self.photo()
        )
        dossier = accept_dossier(dossier, actor=person(self.office.desk))
        self.assertEqual(dossier.status, Status.IN_PROGRESS)

    def test_a_specialist_may_not_digitize(self) -> None:
        dossier = create_counter_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, PermissionDenied):
            digitize_component(
                dossier,
                actor=person(self.office.specialist),
                component_id=self.form.pk,
                upload=attachment(),
            )
        self.assertFalse(dossier.components.get(component=self.form).certified_copy)

    def test_an_online_dossier_is_already_electronic(self) -> None:
        dossier = create_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, DossierError):
            digitize_component(
                dossier,
                actor=person(self.office.desk),
                component_id=self.form.pk,
                upload=attachment(),
            )

    def test_a_received_dossier_is_no_longer_digitized(self) -> None:
        dossier = create_counter_dossier(
            self.version,
            self.office,
            files={self.form.pk: attachment()},
            from_data={self.residence.pk: "population_registry"},
        )
        dossier = accept_dossier(dossier, actor=person(self.office.desk))
        with self.assertWritesNothing(dossier, DossierError):
            digitize_component(
                dossier,
                actor=person(self.office.desk),
                component_id=self.form.pk,
                upload=attachment(),
            )

    def test_a_component_of_another_procedure_is_refused(self) -> None:
        other = create_procedure().components.get(position=1)
        dossier = create_counter_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, DossierError):
            digitize_component(
                dossier, actor=person(self.office.desk), component_id=other.pk, upload=attachment()
            )

    def test_a_component_taken_from_data_needs_no_paper(self) -> None:
        dossier = create_counter_dossier(
            self.version, self.office, from_data={self.residence.pk: "population_registry"}
        )
        with self.assertWritesNothing(dossier, DossierError):
            digitize_component(
                dossier,
                actor=person(self.office.desk),
                component_id=self.residence.pk,
                upload=attachment(),
            )

    def test_a_file_that_is_not_a_scan_is_refused(self) -> None:
        dossier = create_counter_dossier(self.version, self.office)
        junk = ContentFile(b"MZ not a document", name="quet.pdf")
        with self.assertWritesNothing(dossier, DossierError):
            digitize_component(
                dossier, actor=person(self.office.desk), component_id=self.form.pk, upload=junk
            )
