from __future__ import annotations

from django.test import SimpleTestCase

from dossiers.models import Status
from dossiers.workflow import (
    NATIONAL_NAMES,
    TRANSITIONS,
    Action,
    IllegalTransition,
    national_code,
    next_status,
)


class WorkflowTableTestCase(SimpleTestCase):
    def test_every_status_has_a_national_code_the_portal_names(self) -> None:
        # The portal shows NATIONAL_NAMES[national_code(status)] for every dossier.
        for status in Status:
            with self.subTest(status=status):
                self.assertIn(national_code(status), NATIONAL_NAMES)

    def test_it_maps_the_states_the_portal_names(self) -> None:
        self.assertEqual(national_code(Status.SUBMITTED), 1)
        self.assertEqual(national_code(Status.REFUSED), 3)
        self.assertEqual(national_code(Status.IN_PROGRESS), 4)
        self.assertEqual(national_code(Status.SUPPLEMENT_IN_PROCESS), 5)
        self.assertEqual(national_code(Status.WITHDRAWAL_REQUESTED), 7)
        self.assertEqual(national_code(Status.STOPPED), 8)
        self.assertEqual(national_code(Status.DONE), 9)
        self.assertEqual(national_code(Status.RETURNED), 10)

    def test_a_closed_dossier_accepts_no_action(self) -> None:
        for status in (Status.REFUSED, Status.STOPPED, Status.RETURNED):
            for action in Action:
                with self.assertRaises(IllegalTransition):
                    next_status(status, action)

    def test_an_illegal_move_is_explained_in_vietnamese(self) -> None:
        with self.assertRaisesMessage(IllegalTransition, "Không thể 'Trả kết quả'"):
            next_status(Status.SUBMITTED, Action.RETURN_RESULT)

    def test_every_status_but_the_final_ones_has_a_way_out(self) -> None:
        sources = {status for status, _action in TRANSITIONS}
        final = {Status.REFUSED, Status.STOPPED, Status.RETURNED}
        self.assertEqual(sources | final, set(Status))
