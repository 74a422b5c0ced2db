"""The applicant's data store (R3): a result issued once is never asked for again."""

from __future__ import annotations

from django.test import TestCase

from accounts.models import User
from catalog.models import Component, ProcedureVersion
from core.testing import create_citizen
from documents.models import IssuedDocument
from dossiers import actions
from dossiers.actors import person
from dossiers.models import DossierComponent, DossierEvent
from dossiers.testing import (
    Office,
    attachment,
    create_decided_dossier,
    create_dossier,
    create_procedure,
)


class DataStoreTestCase(TestCase):
    office: Office
    citizen: User
    result: IssuedDocument
    marriage: ProcedureVersion
    needs_result: Component

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.citizen = create_citizen(full_name="Lê Văn Cường")
        confirmation = create_procedure(
            name="Cấp Giấy xác nhận tình trạng hôn nhân", result_code="xac-nhan-hon-nhan"
        )
        dossier = create_decided_dossier(confirmation, cls.office, applicant=cls.citizen)
        cls.result = IssuedDocument.objects.get(dossier_link__dossier=dossier, kind="result")
        cls.marriage = create_procedure(name="Đăng ký kết hôn")
        cls.needs_result = Component.objects.create(
            version=cls.marriage,
            position=3,
            name="Giấy xác nhận tình trạng hôn nhân",
            originals=1,
            document_type="xac-nhan-hon-nhan",
        )

    def submit(self, applicant, **extra):
        others = self.marriage.components.exclude(pk=self.needs_result.pk)
        return create_dossier(
            self.marriage,
            self.office,
            applicant=applicant,
            files={c.pk: attachment() for c in others},
            **extra,
        )

    def test_the_submission_event_counts_the_documents_reused(self) -> None:
        dossier = self.submit(self.citizen)
        submitted = dossier.events.get(type="submitted")
        self.assertEqual((submitted.reused, submitted.from_data), (1, 0))

    def test_the_next_dossier_reuses_the_result_without_asking_for_it(self) -> None:
        dossier = self.submit(self.citizen)
        item = dossier.components.get(component=self.needs_result)
        self.assertEqual(item.state, DossierComponent.State.FROM_DATA)
        self.assertEqual(item.reused_document, self.result.code)
        self.assertEqual(item.file.name, self.result.file.name)

    def test_the_store_wins_over_another_data_source(self) -> None:
        Component.objects.filter(pk=self.needs_result.pk).update(
            reusable_from_data=True, data_source="population_registry"
        )
        dossier = self.submit(self.citizen, from_data={self.needs_result.pk: "population_registry"})
        item = dossier.components.get(component=self.needs_result)
        self.assertEqual(item.reused_document, self.result.code)

    def test_someone_else_must_provide_it(self) -> None:
        with self.assertRaisesMessage(actions.DossierError, "Giấy xác nhận tình trạng hôn nhân"):
            self.submit(create_citizen())

    def test_an_officer_cannot_request_what_the_store_holds(self) -> None:
        dossier = actions.accept_dossier(self.submit(self.citizen), actor=person(self.office.desk))
        with self.assertRaises(actions.RuleViolation):
            actions.request_supplement(
                dossier,
                actor=person(self.office.specialist),
                component_ids=[self.needs_result.pk],
                reason="Nộp bản giấy",
            )
        refused = DossierEvent.objects.get(dossier=dossier, type="rule_refused")
        self.assertEqual(refused.parameters["attempted"], "document_already_held")

    def test_an_expired_document_is_not_reused(self) -> None:
        from datetime import date

        from documents.models import StoredDocument

        StoredDocument.objects.filter(document=self.result).update(valid_until=date(2020, 1, 1))
        with self.assertRaisesMessage(actions.DossierError, "Còn thiếu giấy tờ bắt buộc"):
            self.submit(self.citizen)
