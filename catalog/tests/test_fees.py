"""What a dossier costs, from the catalog and, where the law says so, from the declaration."""

from __future__ import annotations

from django.test import TestCase

from catalog.fees import FeeError, certified_copy_fee, fee_for
from catalog.models import Channel, ProcedureVersion
from catalog.tests.test_import import demo_document
from catalog.transfer import load_catalog


class FeeTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_catalog(demo_document())

    def version(self, code: str) -> ProcedureVersion:
        return ProcedureVersion.objects.get(procedure__code=code)

    def test_a_one_page_copy_costs_2000(self) -> None:
        self.assertEqual(certified_copy_fee(pages=1, copies=1), 2_000)

    def test_the_second_page_costs_2000_too(self) -> None:
        self.assertEqual(certified_copy_fee(pages=2, copies=1), 4_000)

    def test_pages_from_the_third_cost_1000(self) -> None:
        self.assertEqual(certified_copy_fee(pages=5, copies=1), 7_000)

    def test_each_copy_costs_the_same(self) -> None:
        self.assertEqual(certified_copy_fee(pages=5, copies=3), 21_000)

    def test_a_copy_reaching_the_maximum_costs_200000(self) -> None:
        self.assertEqual(certified_copy_fee(pages=198, copies=1), 200_000)

    def test_a_copy_costs_at_most_200000(self) -> None:
        self.assertEqual(certified_copy_fee(pages=400, copies=1), 200_000)

    def test_the_maximum_applies_to_each_copy(self) -> None:
        self.assertEqual(certified_copy_fee(pages=400, copies=2), 400_000)

    def test_a_certified_copy_costs_what_its_declared_pages_and_copies_fix(self) -> None:
        fee = fee_for(self.version("2.000815"), Channel.IN_PERSON, {"pages": 3, "copies": 2})
        self.assertEqual(fee, 10_000)

    def test_a_certified_copy_costs_the_same_online(self) -> None:
        fee = fee_for(self.version("2.000815"), Channel.ONLINE, {"pages": 3, "copies": 2})
        self.assertEqual(fee, 10_000)

    def test_a_certified_copy_without_pages_cannot_be_priced(self) -> None:
        with self.assertRaises(FeeError) as caught:
            fee_for(self.version("2.000815"), Channel.IN_PERSON, {"copies": 2})
        self.assertEqual(caught.exception.code, "fees.declaration")
        self.assertIn("pages", str(caught.exception))

    def test_a_certified_copy_of_zero_copies_cannot_be_priced(self) -> None:
        with self.assertRaises(FeeError):
            fee_for(self.version("2.000815"), Channel.IN_PERSON, {"pages": 2, "copies": 0})

    def test_pages_given_as_text_cannot_price_a_copy(self) -> None:
        with self.assertRaises(FeeError):
            fee_for(self.version("2.000815"), Channel.IN_PERSON, {"pages": "3", "copies": 1})

    def test_a_signature_costs_10000_a_case(self) -> None:
        fee = fee_for(self.version("2.000884"), Channel.IN_PERSON, {"signatures": 2, "copies": 3})
        self.assertEqual(fee, 10_000)

    def test_copies_of_an_extract_cost_the_catalog_amount_each(self) -> None:
        fee = fee_for(self.version("2.000635"), Channel.ONLINE, {"copies": 3})
        self.assertEqual(fee, 24_000)

    def test_a_birth_registered_on_time_is_free(self) -> None:
        self.assertEqual(fee_for(self.version("1.001193"), Channel.ONLINE, {}), 0)

    def test_permanent_residence_costs_what_the_catalog_says_in_person(self) -> None:
        self.assertEqual(fee_for(self.version("1.004222"), Channel.IN_PERSON, None), 20_000)

    def test_permanent_residence_costs_less_online(self) -> None:
        self.assertEqual(fee_for(self.version("1.004222"), Channel.ONLINE, None), 10_000)

    def test_a_channel_the_procedure_does_not_offer_cannot_be_priced(self) -> None:
        with self.assertRaises(FeeError) as caught:
            fee_for(self.version("2.000884"), Channel.ONLINE, {})
        self.assertEqual(caught.exception.code, "fees.channel")
