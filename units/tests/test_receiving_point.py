"""Where dossiers for a body are lodged: the body itself when it has a desk, else the unit that
receives them on its behalf (the commune centre for the commune committee and police)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.test import TestCase

from core.testing import create_unit
from units.models import GovernmentUnit

Kind = GovernmentUnit.Kind


class ReceivingPointTestCase(TestCase):
    centre: GovernmentUnit
    committee: GovernmentUnit

    @classmethod
    def setUpTestData(cls) -> None:
        cls.centre = create_unit()
        cls.committee = create_unit(
            kind=Kind.COMMUNE_COMMITTEE, receives_dossiers=False, receiving_unit=cls.centre
        )

    def test_a_unit_with_a_desk_is_its_own_receiving_point(self) -> None:
        self.assertEqual(self.centre.receiving_point(), self.centre)

    def test_a_body_without_a_desk_is_received_for_by_its_receiving_unit(self) -> None:
        self.assertEqual(self.committee.receiving_point(), self.centre)

    def test_a_receiving_unit_that_closed_receives_for_nobody(self) -> None:
        GovernmentUnit.objects.filter(pk=self.centre.pk).update(is_active=False)
        self.committee.refresh_from_db()
        self.assertIsNone(self.committee.receiving_point())

    def test_a_body_without_desk_or_receiving_unit_has_no_receiving_point(self) -> None:
        police = create_unit(kind=Kind.COMMUNE_POLICE, receives_dossiers=False)
        self.assertIsNone(police.receiving_point())

    def test_only_units_with_a_receiving_point_can_be_lodged_for(self) -> None:
        police = create_unit(kind=Kind.COMMUNE_POLICE, receives_dossiers=False)
        lodgeable = GovernmentUnit.objects.with_receiving_point()
        self.assertEqual(
            {self.centre, self.committee, police} & set(lodgeable), {self.centre, self.committee}
        )

    def test_a_desk_receives_for_itself_and_the_bodies_it_serves(self) -> None:
        create_unit(kind=Kind.COMMUNE_COMMITTEE, receives_dossiers=False)  # served elsewhere
        self.assertEqual(
            set(GovernmentUnit.objects.received_at(self.centre)), {self.centre, self.committee}
        )

    def test_a_body_without_a_desk_receives_for_nobody(self) -> None:
        self.assertEqual(list(GovernmentUnit.objects.received_at(self.committee)), [])

    def test_a_unit_does_not_receive_for_itself_through_its_receiving_unit(self) -> None:
        self.centre.receiving_unit = self.centre
        with self.assertRaises(ValidationError) as caught:
            self.centre.full_clean()
        self.assertIn("receiving_unit", caught.exception.message_dict)

    def test_a_unit_with_a_desk_names_no_receiving_unit(self) -> None:
        other = create_unit()
        self.centre.receiving_unit = other
        with self.assertRaises(ValidationError) as caught:
            self.centre.full_clean()
        self.assertIn("receiving_unit", caught.exception.message_dict)
