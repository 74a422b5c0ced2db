"""correct_declaration: whoever has the dossier in hand corrects an obvious error of its
declaration; the whole declaration is checked again, a locked registry value is refused,
before → after, who and why are recorded in the hashed event, and the applicant is told."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from catalog.models import ProcedureVersion
from documents.models import IssuedDocument
from documents.testing import pdf_text
from dossiers.actions import DossierError, NotPermitted, accept_dossier, correct_declaration
from dossiers.actors import integration, person
from dossiers.errors import DeclarationInvalid
from dossiers.events import verify_dossier
from dossiers.issued import documents_of
from dossiers.models import Dossier, DossierComponent, DossierEvent, EventType, Status
from dossiers.testing import (
    ActionTestCase,
    attachment,
    create_decided_dossier,
    create_dossier,
    create_dossier_with_declaration,
    create_eform_procedure,
    declaration_data,
    reload,
)
from notifications.models import Notification


def declaration_form(dossier: Dossier) -> DossierComponent:
    """The component the e-form satisfies, holding the sealed declaration."""
    return (
        reload(dossier)
        .components.exclude(certified_copy="")
        .get(component__position__in=dossier.procedure_version.declaration.satisfies)
    )


def read_file(field: Any) -> bytes:
    with field.open("rb") as handle:
        return bytes(handle.read())


REASON = "Người dân khai nhầm nơi sinh"
PLACE = "Trạm y tế phường Thử"


class CorrectDeclarationTestCase(ActionTestCase):
    eform: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.eform = create_eform_procedure()

    def submitted(self, **overrides: Any) -> Dossier:
        return create_dossier_with_declaration(self.eform, self.office, **overrides)

    def received(self) -> Dossier:
        return accept_dossier(self.submitted(), actor=person(self.office.desk))

    def correct(
        self, dossier: Dossier, user: User | None = None, changes: dict[str, Any] | None = None
    ) -> Dossier:
        return correct_declaration(
            dossier,
            actor=person(user or self.office.desk),
            changes=changes or {"child.place_of_birth": PLACE},
            reason=REASON,
        )

    def test_the_desk_corrects_a_value_at_reception(self) -> None:
        dossier = self.correct(self.submitted())
        self.assertEqual(reload(dossier).declaration["child"]["place_of_birth"], PLACE)

    def test_the_status_does_not_change(self) -> None:
        dossier = self.correct(self.submitted())
        self.assertEqual(reload(dossier).status, Status.SUBMITTED)

    def test_the_holder_of_the_step_corrects_in_processing(self) -> None:
        received = self.received()
        holder = self.office.holder(received.current_role)
        dossier = self.correct(received, holder)
        self.assertEqual(reload(dossier).declaration["child"]["place_of_birth"], PLACE)

    def test_it_writes_one_event_with_before_after_who_and_why(self) -> None:
        submitted = self.submitted()
        dossier = self.correct(submitted)
        event = self.new_event(dossier, submitted.event_count)
        self.assertEvent(event, EventType.DECLARATION_CORRECTED, Status.SUBMITTED, Status.SUBMITTED)
        self.assertEqual(
            (event.actor, event.actor_role, event.actor_unit, event.reason),
            (self.office.desk, "front_desk", self.office.unit, REASON),
        )
        self.assertEqual(
            event.parameters["changes"],
            [
                {
                    "path": "child.place_of_birth",
                    "label": "Nơi sinh của người được khai sinh",
                    "before": "Bệnh viện Phụ sản Hà Nội",
                    "after": PLACE,
                }
            ],
        )

    def test_the_event_names_the_schema_the_declaration_was_filled_under(self) -> None:
        dossier = self.correct(self.submitted())
        event = dossier.events.get(type=EventType.DECLARATION_CORRECTED)
        self.assertEqual(event.parameters["schema_sha256"], dossier.declaration_schema_sha256)

    def test_the_values_before_and_after_are_in_the_hash(self) -> None:
        dossier = reload(self.correct(self.submitted()))
        event = dossier.events.get(type=EventType.DECLARATION_CORRECTED)
        DossierEvent.objects.filter(pk=event.pk).update(
            parameters={**event.parameters, "changes": []}
        )
        events = list(dossier.events.order_by("seq"))
        problems = list(
            verify_dossier(dossier.code, dossier.event_count, dossier.last_event_hash, events)
        )
        self.assertEqual([p.seq for p in problems], [event.seq])

    def test_the_declaration_form_is_issued_again_from_the_corrected_data(self) -> None:
        dossier = self.correct(self.submitted())
        form = declaration_form(dossier)
        self.assertIn(PLACE, pdf_text(read_file(form.file)))

    def test_the_new_form_names_the_one_it_replaces_and_why(self) -> None:
        submitted = self.submitted()
        replaced = declaration_form(submitted).certified_copy
        text = " ".join(pdf_text(read_file(declaration_form(self.correct(submitted)).file)).split())
        self.assertIn(f"Thay cho tờ khai mã {replaced}", text)
        self.assertIn(REASON, text)

    def test_the_replaced_form_stays_among_the_dossiers_documents(self) -> None:
        submitted = self.submitted()
        replaced = declaration_form(submitted).certified_copy
        dossier = self.correct(submitted)
        kept = documents_of(dossier).filter(kind=IssuedDocument.Kind.DECLARATION)
        self.assertEqual(
            sorted(kept.values_list("code", flat=True)),
            sorted([replaced, declaration_form(dossier).certified_copy]),
        )

    def test_a_refused_correction_issues_no_form(self) -> None:
        submitted = self.submitted()
        issued = IssuedDocument.objects.count()
        with self.assertRaises(DeclarationInvalid):
            self.correct(submitted, changes={"child.date_of_birth": "1991-01-01"})
        self.assertEqual(IssuedDocument.objects.count(), issued)

    def test_a_reason_is_required(self) -> None:
        submitted = self.submitted()
        with self.assertWritesNothing(submitted, DossierError) as refused:
            correct_declaration(
                submitted,
                actor=person(self.office.desk),
                changes={"child.place_of_birth": PLACE},
                reason="  ",
            )
        self.assertEqual(refused.exception.code, "declaration.reason_required")

    def test_a_declaration_the_schema_refuses_is_not_kept(self) -> None:
        submitted = self.submitted()
        with self.assertWritesNothing(submitted, DeclarationInvalid) as refused:
            self.correct(submitted, changes={"child.date_of_birth": "1991-01-01"})
        # The mother is now born after the child: the check across groups names her field.
        self.assertIn("mother.date_of_birth", refused.exception.errors)
        self.assertEqual(reload(submitted).declaration, submitted.declaration)

    def test_a_value_locked_from_the_registry_is_refused(self) -> None:
        submitted = self.submitted()
        with self.assertWritesNothing(submitted, DossierError) as refused:
            self.correct(submitted, changes={"requester.full_name": "Nguyễn Văn Ân"})
        self.assertEqual(refused.exception.code, "declaration.locked")
        self.assertIn("Cơ sở dữ liệu quốc gia về dân cư", str(refused.exception))

    def test_a_locked_field_typed_by_hand_may_be_corrected(self) -> None:
        # The registry did not answer when the applicant declared: nothing came from it.
        dossier = self.correct(
            self.submitted(declaration_sources={}), changes={"requester.full_name": "Nguyễn Văn Ân"}
        )
        self.assertEqual(reload(dossier).declaration["requester"]["full_name"], "Nguyễn Văn Ân")

    def test_a_corrected_value_no_longer_names_its_source(self) -> None:
        dossier = self.correct(self.submitted(), changes={"phone": "0987654321"})
        self.assertNotIn("phone", reload(dossier).declaration_sources)
        self.assertEqual(reload(dossier).declaration_sources["mother.full_name"], "registry")

    def test_a_field_the_schema_does_not_have_is_refused(self) -> None:
        submitted = self.submitted()
        with self.assertWritesNothing(submitted, DossierError) as refused:
            self.correct(submitted, changes={"child.nickname": "Bin"})
        self.assertEqual(refused.exception.code, "declaration.unknown_field")

    def test_the_same_value_again_is_no_correction(self) -> None:
        submitted = self.submitted()
        with self.assertWritesNothing(submitted, DossierError) as refused:
            self.correct(submitted, changes={"child.place_of_birth": "Bệnh viện Phụ sản Hà Nội"})
        self.assertEqual(refused.exception.code, "declaration.no_changes")

    def test_values_hidden_by_the_correction_are_recorded_removed(self) -> None:
        father = {
            "full_name": "Nguyễn Văn An",
            "date_of_birth": "1990-05-17",
            "sex": "male",
            "id_number": "001090000001",
            "residence": declaration_data()["mother"]["residence"],
        }
        submitted = self.submitted(declaration=declaration_data(has_father=True, father=father))
        dossier = self.correct(submitted, changes={"has_father": False})
        changes = dossier.events.get(type=EventType.DECLARATION_CORRECTED).parameters["changes"]
        self.assertEqual(
            {c["path"]: c["after"] for c in changes if c["path"].startswith("father.")},
            dict.fromkeys([f"father.{key}" for key in father], None),
        )
        self.assertNotIn("father", reload(dossier).declaration)

    def test_an_item_of_a_repeating_group_is_added(self) -> None:
        sibling = {"siblings.0.full_name": "Nguyễn Minh Anh"}
        dossier = self.correct(self.submitted(), changes=sibling)
        siblings = reload(dossier).declaration["siblings"]
        self.assertEqual(siblings, [{"full_name": "Nguyễn Minh Anh"}])

    def test_the_applicant_is_told(self) -> None:
        dossier = self.correct(self.submitted())
        event = dossier.events.get(type=EventType.DECLARATION_CORRECTED)
        message = Notification.objects.get(event_id=event.pk, channel="sms")
        self.assertEqual(message.recipient, dossier.applicant)
        self.assertIn(REASON, message.body)

    def test_an_officer_without_the_dossier_in_hand_is_refused(self) -> None:
        submitted = self.submitted()
        with self.assertWritesNothing(submitted, NotPermitted) as refused:
            self.correct(submitted, self.office.specialist)
        self.assertEqual(refused.exception.code, "permission.desk_only")

    def test_a_system_may_not_correct(self) -> None:
        submitted = self.submitted()
        with self.assertWritesNothing(submitted, NotPermitted):
            correct_declaration(
                submitted,
                actor=integration("national_portal"),
                changes={"child.place_of_birth": PLACE},
                reason=REASON,
            )

    def test_a_decided_dossier_is_not_corrected(self) -> None:
        files = {c.pk: attachment() for c in self.eform.components.filter(position__gt=1)}
        decided = create_decided_dossier(
            self.eform, self.office, declaration=declaration_data(), files=files
        )
        with self.assertWritesNothing(decided, DossierError):
            self.correct(decided, self.office.leader)

    def test_a_dossier_without_a_declaration_has_nothing_to_correct(self) -> None:
        submitted = create_dossier(self.version, self.office)
        with self.assertWritesNothing(submitted, DossierError) as refused:
            self.correct(submitted)
        self.assertEqual(refused.exception.code, "declaration.unexpected")
