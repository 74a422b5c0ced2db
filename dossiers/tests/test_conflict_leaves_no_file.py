"""The other actions that sign — digitizing at the desk, returning a paper result, lodging scans
at the counter — sign before they lock; when the dossier changed meanwhile (or the submission
lost a race), what they signed for an act that did not commit leaves no file behind."""

from __future__ import annotations

import uuid
from functools import partial

from django.test import TestCase

from accounts.models import Role, User
from catalog.models import ProcedureVersion
from core.testing import create_citizen, create_officer
from dossiers import actions
from dossiers.actors import person
from dossiers.issued import documents_of
from dossiers.models import Dossier, DossierComponent, EventType
from dossiers.testing import Office, attachment, create_procedure
from dossiers.tests.racing import (
    assert_only_issued_kept,
    at_counter,
    decided,
    kept,
    paper,
    scan,
    while_sealing,
)
from dossiers.workflow import IllegalTransition


class ConflictLeavesNoFileTestCase(TestCase):
    office: Office
    other_desk: User
    version: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.other_desk = create_officer(cls.office.unit, roles=(Role.FRONT_DESK,))
        cls.version = create_procedure(result_is_paper=True)

    def digitize(self, dossier: Dossier) -> DossierComponent:
        return actions.digitize_component(
            dossier,
            actor=person(self.office.desk),
            component_id=paper(self.version).pk,
            upload=scan(),
        )

    def marked_meanwhile(self, dossier: Dossier) -> partial[DossierComponent]:
        """Another desk officer records the paper as not digitizable, then changes their mind."""
        return partial(
            actions.mark_not_digitizable,
            dossier,
            actor=person(self.other_desk),
            component_id=paper(self.version).pk,
            reason="Bản giấy bị rách",
        )

    def test_digitizing_a_dossier_changed_meanwhile_is_retried_keeping_one_copy(self) -> None:
        dossier = at_counter(self.version, self.office)
        with while_sealing(self.marked_meanwhile(dossier)) as sealed:
            item = self.digitize(dossier)
        self.assertEqual(item.state, DossierComponent.State.PROVIDED)
        self.assertEqual([kept(pdf) for pdf in sealed], [False, True])
        assert_only_issued_kept(self, sealed)

    def test_digitizing_a_dossier_changed_twice_is_refused_and_keeps_no_file(self) -> None:
        dossier = at_counter(self.version, self.office)
        with (
            while_sealing(self.marked_meanwhile(dossier), times=2) as sealed,
            self.assertRaisesMessage(actions.DossierError, "vừa được người khác cập nhật"),
        ):
            self.digitize(dossier)
        self.assertFalse(documents_of(dossier).exists())
        self.assertEqual(len(sealed), 2)
        self.assertEqual([kept(pdf) for pdf in sealed], [False, False])

    def test_two_desks_returning_a_paper_result_at_once_keep_one_scan(self) -> None:
        dossier = decided(self.version, self.office)
        other = partial(
            actions.return_result, dossier, actor=person(self.other_desk), paper_scan=scan()
        )
        with while_sealing(other) as sealed, self.assertRaises(IllegalTransition):
            actions.return_result(dossier, actor=person(self.office.desk), paper_scan=scan())
        self.assertEqual(dossier.events.filter(type=EventType.RESULT_RETURNED).count(), 1)
        self.assertEqual(len(sealed), 2)
        assert_only_issued_kept(self, sealed)

    def test_a_counter_submission_losing_a_race_keeps_no_certified_copy(self) -> None:
        citizen, key = create_citizen(), uuid.uuid4()
        lodge = partial(
            at_counter,
            self.version,
            self.office,
            applicant_name=citizen.full_name,
            applicant_id_number=citizen.personal_id,
            files={paper(self.version).pk: attachment()},
            submission_key=key,
        )
        with while_sealing(lodge) as sealed:
            dossier = lodge()  # the same submission, sent again while the first was being signed
        self.assertEqual(Dossier.objects.filter(submission_key=key).get(), dossier)
        self.assertEqual([kept(pdf) for pdf in sealed], [False, True])
        assert_only_issued_kept(self, sealed)
