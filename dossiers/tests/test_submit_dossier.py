from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from unittest import mock

from django.core.exceptions import PermissionDenied
from django.test import TestCase, override_settings

from core.testing import create_citizen, create_officer
from dossiers import actions
from dossiers.actions import DossierError
from dossiers.actors import person
from dossiers.models import Dossier, DossierComponent
from dossiers.testing import Office, attachment, create_dossier, create_procedure


class SubmitDossierTestCase(TestCase):
    def setUp(self) -> None:
        self.office = Office.create()
        self.version = create_procedure()

    def test_a_retry_with_the_same_key_returns_the_same_dossier(self) -> None:
        key, citizen = uuid.uuid4(), create_citizen()
        first = create_dossier(self.version, self.office, applicant=citizen, submission_key=key)
        again = create_dossier(self.version, self.office, applicant=citizen, submission_key=key)
        self.assertEqual((first.pk, Dossier.objects.count()), (again.pk, 1))

    def test_someone_elses_key_is_refused(self) -> None:
        key = uuid.uuid4()
        create_dossier(self.version, self.office, submission_key=key)
        with self.assertRaises(PermissionDenied):
            create_dossier(self.version, self.office, submission_key=key)

    def test_only_reusable_components_can_come_from_data(self) -> None:
        form = self.version.components.get(reusable_from_data=False)
        with self.assertRaisesMessage(DossierError, "khai thác từ dữ liệu"):
            create_dossier(self.version, self.office, files={}, from_data={form.pk: "made_up"})

    def test_a_reusable_component_from_data_needs_no_upload(self) -> None:
        held = self.version.components.get(reusable_from_data=True)
        form = self.version.components.get(reusable_from_data=False)
        dossier = create_dossier(
            self.version,
            self.office,
            files={form.pk: attachment()},
            from_data={held.pk: "population_registry"},
        )
        item = dossier.components.get(component=held)
        self.assertEqual(
            (item.state, item.source), (DossierComponent.State.FROM_DATA, "population_registry")
        )

    def test_an_online_submission_without_a_required_paper_is_refused(self) -> None:
        with self.assertRaisesMessage(DossierError, "Còn thiếu giấy tờ bắt buộc"):
            create_dossier(self.version, self.office, files={})
        self.assertFalse(Dossier.objects.exists())

    def test_an_officer_applying_online_acts_as_a_person(self) -> None:
        officer = create_officer(
            self.office.unit, roles=("front_desk",), personal_id="001090999999"
        )
        dossier = create_dossier(self.version, self.office, applicant=officer, created_by=officer)
        event = dossier.events.get()
        self.assertEqual((event.actor_role, event.actor_unit), ("", None))

    def test_a_second_request_while_the_first_is_pending_is_refused_and_recorded(self) -> None:
        dossier = create_dossier(self.version, self.office)
        component = dossier.components.first().component_id
        actions.request_supplement(
            dossier, actor=person(self.office.desk), component_ids=[component], reason="Thiếu"
        )
        with self.assertRaises(actions.RuleViolation):
            actions.request_supplement(
                dossier, actor=person(self.office.desk), component_ids=[component], reason="Lại"
            )
        refused = dossier.events.get(type="rule_refused")
        self.assertEqual(refused.parameters["attempted"], "second_supplement_request")

    def test_a_reception_request_must_list_every_missing_paper(self) -> None:
        form, held = list(self.version.components.order_by("position"))
        dossier = create_dossier(
            self.version, self.office, channel=1, created_by=self.office.desk, files={}
        )
        with self.assertRaisesMessage(actions.RuleViolation, "đầy đủ, một lần"):
            actions.request_supplement(
                dossier,
                actor=person(self.office.desk),
                component_ids=[form.pk],
                reason="Thiếu tờ khai",
            )
        actions.request_supplement(
            dossier,
            actor=person(self.office.desk),
            component_ids=[form.pk, held.pk],
            reason="Thiếu",
        )
        dossier.refresh_from_db()
        self.assertEqual(dossier.supplement_count, 1)

    def test_a_failed_submission_leaves_no_file_behind(self) -> None:
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            boom = RuntimeError("boom")
            with mock.patch("dossiers.events.submitted", side_effect=boom):
                with self.assertRaises(RuntimeError):
                    create_dossier(self.version, self.office)
            self.assertEqual([p for p in Path(media).rglob("*") if p.is_file()], [])
        self.assertFalse(Dossier.objects.exists())
