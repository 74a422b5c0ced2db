from __future__ import annotations

from django.db import IntegrityError, transaction
from django.test import TestCase

from core.testing import create_unit
from units.models import FeeAccount, GovernmentUnit


def create_fee_account(unit: GovernmentUnit, number: str, *, is_default: bool) -> FeeAccount:
    return FeeAccount.objects.create(
        unit=unit,
        bank_name="Kho bạc Nhà nước khu vực I",
        account_number=number,
        account_name="Tài khoản thu phí, lệ phí",
        is_default=is_default,
    )


class FeeAccountTestCase(TestCase):
    """A unit has at most one default fee account."""

    unit: GovernmentUnit

    @classmethod
    def setUpTestData(cls) -> None:
        cls.unit = create_unit()

    def test_it_refuses_a_second_default_account_for_a_unit(self) -> None:
        create_fee_account(self.unit, "3511.0.1", is_default=True)
        with self.assertRaises(IntegrityError), transaction.atomic():
            create_fee_account(self.unit, "3511.0.2", is_default=True)

    def test_it_refuses_making_a_second_account_the_default(self) -> None:
        create_fee_account(self.unit, "3511.0.1", is_default=True)
        spare = create_fee_account(self.unit, "3511.0.2", is_default=False)
        spare.is_default = True
        with self.assertRaises(IntegrityError), transaction.atomic():
            spare.save()

    def test_it_accepts_several_accounts_that_are_not_default(self) -> None:
        create_fee_account(self.unit, "3511.0.1", is_default=True)
        create_fee_account(self.unit, "3511.0.2", is_default=False)
        create_fee_account(self.unit, "3511.0.3", is_default=False)
        self.assertEqual(self.unit.fee_accounts.count(), 3)

    def test_it_accepts_one_default_account_per_unit(self) -> None:
        other = create_unit()
        create_fee_account(self.unit, "3511.0.1", is_default=True)
        create_fee_account(other, "3511.0.2", is_default=True)
        self.assertEqual(FeeAccount.objects.filter(is_default=True).count(), 2)
