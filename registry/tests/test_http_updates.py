"""The HTTP connector sends updates to the gateway (signed, over mutual TLS) and checks the
signed answer."""

from __future__ import annotations

from datetime import date

from django.test import SimpleTestCase

from identity.idnumber import Sex, parse_personal_id
from registry.http import UPDATES_PATH, HttpRegistry
from registry.records import BirthUpdate, DeathUpdate, RegistryError, RegistryRefused
from registry.testing import start_gateway

KEY = b"khoa-chia-se-thu-nghiem"
BIRTH = BirthUpdate(
    full_name="Lê Thị Con", date_of_birth=date(2025, 3, 1), sex="female", ethnicity="Kinh",
    nationality="Việt Nam", place_of_birth="Hà Nội", home_town="Nam Định",
    mother_id_number="001195006789", residence_address="Số 1 phố Thử", residence_unit_code=4,
    registering_body="000.00.31.H26", register_number="15/2025",
)  # fmt: skip
DEATH = DeathUpdate("001090012345", date(2025, 6, 1), "Hà Nội", "000.00.31.H26", "7/2025")


class HttpUpdatesTestCase(SimpleTestCase):
    def setUp(self) -> None:
        self.gateway = start_gateway(self, KEY)

    def apply(self, update: BirthUpdate | DeathUpdate = BIRTH, reference: str = "KS-1") -> str:
        outcome = HttpRegistry.from_settings().apply(
            update, requester="000.00.31.H26", reference=reference
        )
        self.assertTrue(outcome.accepted)
        return outcome.id_number or ""

    def test_a_birth_gets_the_number_the_gateway_assigned(self) -> None:
        number = self.apply()
        parse_personal_id(number, date_of_birth=date(2025, 3, 1), sex=Sex.FEMALE)
        self.assertEqual(self.gateway.updates["KS-1"]["answer"]["id_number"], number)

    def test_the_request_carries_the_kind_update_reference_and_requester(self) -> None:
        self.apply(DEATH, "KT-1")
        [request] = self.gateway.requests
        self.assertEqual(request["path"], UPDATES_PATH)
        self.assertEqual((request["kind"], request["reference"]), ("death", "KT-1"))
        self.assertEqual(request["update"], DEATH.to_json())
        self.assertEqual(request["unit_header"], "000.00.31.H26")
        self.assertTrue(request["request_id"] and request["at"])

    def test_sending_again_gets_the_first_answer(self) -> None:
        self.assertEqual(self.apply(), self.apply())
        self.assertEqual(len(self.gateway.updates), 1)

    def test_a_refusal_is_final_with_its_message_and_code(self) -> None:
        self.gateway.refuse_updates = "Công dân đã được khai tử."
        with self.assertRaisesMessage(RegistryRefused, "Công dân đã được khai tử.") as refused:
            self.apply(DEATH)
        self.assertEqual(refused.exception.code, "registry.refused")

    def test_an_answer_with_a_bad_signature_is_not_believed(self) -> None:
        self.gateway.bad_signature = True
        with self.assertRaisesMessage(RegistryError, "chữ ký không hợp lệ") as raised:
            self.apply()
        self.assertNotIsInstance(raised.exception, RegistryRefused)  # sent again later
