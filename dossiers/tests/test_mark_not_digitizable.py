"""mark_not_digitizable: the desk records, with the reason, that a paper component of a
counter dossier cannot be digitized; the paper is kept and the dossier can be received."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from catalog.models import Component
from dossiers.actions import DossierError, accept_dossier, mark_not_digitizable
from dossiers.actors import person
from dossiers.models import DossierComponent, EventType, Status
from dossiers.testing import (
    ActionTestCase,
    create_counter_dossier,
    create_dossier,
    create_procedure,
)

REASON = "Bản vẽ khổ A0, không quét được"


class MarkNotDigitizableTestCase(ActionTestCase):
    form: Component

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.form = cls.version.components.get(position=1)

    def test_the_component_is_recorded_with_the_reason(self) -> None:
        dossier = create_counter_dossier(self.version, self.office)
        item = mark_not_digitizable(
            dossier, actor=person(self.office.desk), component_id=self.form.pk, reason=REASON
        )
        self.assertEqual((item.state, item.note), (DossierComponent.State.NOT_DIGITIZABLE, REASON))

    def test_it_writes_one_event_with_the_reason(self) -> None:
        dossier = create_counter_dossier(self.version, self.office)
        mark_not_digitizable(
            dossier, actor=person(self.office.desk), component_id=self.form.pk, reason=REASON
        )
        event = self.new_event(dossier, dossier.event_count)
        self.assertEvent(event, EventType.NOT_DIGITIZABLE, "", "")
        self.assertEqual((event.reason, event.parameters), (REASON, {"component": self.form.pk}))

    def test_the_dossier_can_then_be_received(self) -> None:
        residence = self.version.components.get(position=2)
        dossier = create_counter_dossier(
            self.version, self.office, from_data={residence.pk: "population_registry"}
        )
        mark_not_digitizable(
            dossier, actor=person(self.office.desk), component_id=self.form.pk, reason=REASON
        )
        self.assertEqual(
            accept_dossier(dossier, actor=person(self.office.desk)).status, Status.IN_PROGRESS
        )

    def test_a_specialist_may_not_record_it(self) -> None:
        dossier = create_counter_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, PermissionDenied):
            mark_not_digitizable(
                dossier,
                actor=person(self.office.specialist),
                component_id=self.form.pk,
                reason=REASON,
            )

    def test_it_needs_a_reason(self) -> None:
        dossier = create_counter_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, DossierError):
            mark_not_digitizable(
                dossier, actor=person(self.office.desk), component_id=self.form.pk, reason=" "
            )

    def test_an_online_dossier_has_no_paper(self) -> None:
        dossier = create_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, DossierError):
            mark_not_digitizable(
                dossier, actor=person(self.office.desk), component_id=self.form.pk, reason=REASON
            )

    def test_a_component_of_another_procedure_is_refused(self) -> None:
        other = create_procedure().components.get(position=1)
        dossier = create_counter_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, DossierError):
            mark_not_digitizable(
                dossier, actor=person(self.office.desk), component_id=other.pk, reason=REASON
            )
