"""A registry address is locked in the form only when it names its commune: one without it
could never pass the form's check, so it is offered for the person to complete."""

from __future__ import annotations

from datetime import date

from django.test import TestCase

from core.testing import create_citizen
from dossiers.prefill import lookup_relatives
from dossiers.tests.test_prefill_marital_status import BINH, marriage_form
from registry.models import Resident


class PrefillAddressTestCase(TestCase):
    def test_an_address_without_its_commune_is_offered_but_not_locked(self) -> None:
        Resident.objects.create(
            id_number=BINH, full_name="Trần Thị Bình", date_of_birth=date(1995, 1, 2),
            sex="female", household="H1", relation="head",
            permanent_address="Thôn Đông, xã cũ đã sáp nhập",
        )  # fmt: skip
        found = lookup_relatives(
            marriage_form(), {"other_party": {"id_number": BINH}}, user=create_citizen(),
            purpose="Đăng ký kết hôn",
        )  # fmt: skip
        self.assertEqual(
            found.data["other_party"]["residence"]["street"], "Thôn Đông, xã cũ đã sáp nhập"
        )
        self.assertNotIn("other_party.residence", found.locked)
        self.assertIn("other_party.full_name", found.locked)
