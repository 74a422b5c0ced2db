from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from accounts.models import User
from catalog.models import StepAction, Workflow, WorkflowStep
from catalog.workflows import WorkflowError, check_workflow, copy_as_draft, publish_workflow
from dossiers import actions
from dossiers.actors import person
from dossiers.testing import Office, create_procedure, create_received_dossier


class WorkflowPublishingTestCase(TestCase):
    published: Workflow

    def setUp(self) -> None:
        self.version = create_procedure(days=3)
        published = Workflow.current_for(self.version)
        assert published is not None
        self.published = published

    def draft(self) -> Workflow:
        return copy_as_draft(self.published)

    def test_the_default_workflow_is_published_with_two_steps(self) -> None:
        self.assertEqual(self.published.steps.count(), 2)
        self.assertEqual(check_workflow(self.published), [])

    def test_a_last_step_that_cannot_finish_is_refused(self) -> None:
        draft = self.draft()
        draft.steps.filter(position=2).update(actions=[StepAction.RETURN])
        with self.assertRaisesMessage(WorkflowError, "Bước cuối"):
            publish_workflow(draft)

    def test_steps_longer_than_the_time_limit_are_refused(self) -> None:
        draft = self.draft()
        draft.steps.filter(position=1).update(working_days=5)
        with self.assertRaisesMessage(WorkflowError, "vượt thời hạn"):
            publish_workflow(draft)

    def test_a_workflow_without_steps_is_refused(self) -> None:
        empty = Workflow.objects.create(procedure_version=self.version, number=9)
        with self.assertRaisesMessage(WorkflowError, "chưa có bước"):
            publish_workflow(empty)

    def test_new_dossiers_start_on_the_newest_published_workflow(self) -> None:
        draft = self.draft()
        WorkflowStep.objects.filter(workflow=draft, position=1).update(name="Thẩm định lại")
        publish_workflow(draft)
        self.assertEqual(Workflow.current_for(self.version), draft)

    def test_a_dossier_keeps_the_workflow_it_started_on(self) -> None:
        office = Office.create()
        dossier = create_received_dossier(self.version, office)
        publish_workflow(self.draft())
        actions.forward(dossier, actor=person(office.specialist))
        dossier.refresh_from_db()
        self.assertEqual(dossier.workflow, self.published)
        self.assertEqual(dossier.current_step.workflow, self.published)

    def test_administrators_publish_from_the_admin(self) -> None:
        root = User.objects.create_superuser(
            "root", "root@example.vn", "pw-root-1234", full_name="Root", kind="officer"
        )
        draft = self.draft()
        self.client.force_login(root)
        self.client.post(
            reverse("admin:catalog_workflow_changelist"),
            {"action": "publish", "_selected_action": [draft.pk]},
        )
        draft.refresh_from_db()
        self.assertEqual(draft.status, Workflow.Status.PUBLISHED)
