"""The refusal catalogue: stable codes, Vietnamese messages translated to English, one HTTP
status per kind of refusal."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.test import SimpleTestCase, TestCase
from django.utils import translation

from dossiers import actions
from dossiers.actors import person
from dossiers.errors import (
    MESSAGES,
    Conflict,
    DossierError,
    IllegalTransition,
    NotPermitted,
    RuleViolation,
    http_status,
)
from dossiers.models import DossierEvent, EventType
from dossiers.testing import Office, create_dossier, create_procedure

PLACEHOLDER = re.compile(r"%\((\w+)\)")


def sample_params(code: str) -> dict[str, object]:
    return {name: 1 for name in PLACEHOLDER.findall(str(MESSAGES[code]))}


class CatalogueTestCase(SimpleTestCase):
    def test_every_message_has_an_english_translation(self) -> None:
        untranslated = []
        for code in MESSAGES:
            if PLACEHOLDER.fullmatch(str(MESSAGES[code]).strip("%()s")):
                continue
            error = DossierError(code, **sample_params(code))
            with translation.override("vi"):
                vietnamese = str(error)
            with translation.override("en"):
                english = str(error)
            if PLACEHOLDER.sub("", english) == PLACEHOLDER.sub("", vietnamese) and re.search(
                r"[^\x00-\x7f]", vietnamese
            ):
                untranslated.append(code)
        self.assertEqual(untranslated, [])

    def test_an_unknown_code_is_a_programming_error(self) -> None:
        with self.assertRaises(KeyError):
            DossierError("no.such.code")

    def test_the_message_is_filled_with_its_parameters(self) -> None:
        error = DossierError("intake.not_competent", unit="UBND Phường Ba Đình")
        with translation.override("vi"):
            self.assertEqual(
                str(error), "UBND Phường Ba Đình không có thẩm quyền giải quyết thủ tục này."
            )
        self.assertEqual(error.code, "intake.not_competent")

    def test_each_kind_of_refusal_has_its_http_status(self) -> None:
        statuses = {
            kind.__name__: http_status(error)
            for kind, error in [
                (DossierError, DossierError("step.none")),
                (RuleViolation, RuleViolation("apology.already_issued")),
                (NotPermitted, NotPermitted("permission.desk_only")),
                (Conflict, Conflict("dossier.changed")),
                (
                    IllegalTransition,
                    IllegalTransition("done", "accept", status_label="x", action_label="y"),
                ),
            ]
        }
        self.assertEqual(
            statuses,
            {
                "DossierError": 400,
                "RuleViolation": 422,
                "NotPermitted": 403,
                "Conflict": 409,
                "IllegalTransition": 409,
            },
        )

    def test_a_permission_refusal_is_a_permission_denied(self) -> None:
        self.assertIsInstance(NotPermitted("permission.desk_only"), PermissionDenied)


class ActionRefusalCodesTestCase(TestCase):
    def setUp(self) -> None:
        self.office = Office.create()
        self.dossier = create_dossier(create_procedure(), self.office)
        self.component = self.dossier.components.first().component_id

    def test_a_second_supplement_request_gives_its_code(self) -> None:
        actions.accept_dossier(self.dossier, actor=person(self.office.desk))
        actions.request_supplement(
            self.dossier,
            actor=person(self.office.specialist),
            component_ids=[self.component],
            reason="Mờ",
        )
        with self.assertRaises(RuleViolation) as refused:
            actions.request_supplement(
                self.dossier,
                actor=person(self.office.specialist),
                component_ids=[self.component],
                reason="Lại",
            )
        self.assertEqual(refused.exception.code, "supplement.already_requested")

    def test_the_recorded_violation_keeps_the_vietnamese_message_and_the_code(self) -> None:
        actions.accept_dossier(self.dossier, actor=person(self.office.desk))
        actions.request_supplement(
            self.dossier,
            actor=person(self.office.specialist),
            component_ids=[self.component],
            reason="Mờ",
        )
        with translation.override("en"), self.assertRaises(RuleViolation) as refused:
            actions.request_supplement(
                self.dossier,
                actor=person(self.office.specialist),
                component_ids=[self.component],
                reason="Lại",
            )
        with translation.override("en"):
            self.assertIn("second request is not allowed", str(refused.exception))
        event = DossierEvent.objects.get(dossier=self.dossier, type=EventType.RULE_REFUSED)
        self.assertIn("lần thứ hai", event.reason)
        self.assertEqual(event.parameters["code"], "supplement.already_requested")

    def test_an_illegal_move_gives_its_code(self) -> None:
        with self.assertRaises(IllegalTransition) as refused:
            actions.return_result(self.dossier, actor=person(self.office.desk))
        self.assertEqual(refused.exception.code, "transition.illegal")

    def test_someone_without_the_role_gets_a_permission_code(self) -> None:
        with self.assertRaises(NotPermitted) as refused:
            actions.accept_dossier(self.dossier, actor=person(self.office.specialist))
        self.assertEqual(refused.exception.code, "permission.desk_only")
