"""The registry connector: embedded and HTTP implementations behind one interface, every
lookup logged; the HTTP one against a local mutual-TLS gateway speaking the same contract."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

from django.test import TestCase, override_settings

from accounts.models import User
from core.testing import create_officer, create_unit
from registry import connector, records
from registry.http import Breaker, HttpRegistry
from registry.models import Lookup, Resident
from registry.testing import Gateway
from units.models import GovernmentUnit

PERSON = {
    "id_number": "001090012345",
    "full_name": "Nguyễn Văn An",
    "date_of_birth": "1990-05-17",
    "sex": "male",
    "permanent_address": "Số 1 Tràng Tiền, Phường Hoàn Kiếm, Hà Nội",
    "marital_status": "single",
}


class EmbeddedRegistryTestCase(TestCase):
    unit: GovernmentUnit
    officer: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.unit = create_unit()
        cls.officer = create_officer(cls.unit)
        Resident.objects.create(
            id_number="001090012345",
            full_name="Nguyễn Văn An",
            date_of_birth=date(1990, 5, 17),
            sex="male",
            marital_status="single",
            household="HK1",
            relation="head",
            permanent_address="Số 1 Tràng Tiền, Phường Hoàn Kiếm, Hà Nội",
        )
        Resident.objects.create(
            id_number="001195006789",
            full_name="Trần Thị Bình",
            date_of_birth=date(1995, 1, 2),
            sex="female",
            household="HK1",
            relation="spouse",
            permanent_address="Số 1 Tràng Tiền, Phường Hoàn Kiếm, Hà Nội",
        )

    def find(self, id_number: str = "001090012345"):
        return connector.lookup(
            id_number, purpose="Tiếp nhận hồ sơ", actor=self.officer, unit=self.unit
        )

    def test_it_returns_identity_residence_and_household(self) -> None:
        person = self.find()
        assert person is not None
        self.assertEqual(person.full_name, "Nguyễn Văn An")
        self.assertEqual(person.marital_status, "single")
        self.assertEqual([r.full_name for r in person.household], ["Trần Thị Bình"])

    def test_every_lookup_is_logged_with_who_why_and_what(self) -> None:
        self.find()
        entry = Lookup.objects.get()
        self.assertEqual(entry.actor, self.officer)
        self.assertEqual(entry.unit, self.unit)
        self.assertEqual(entry.purpose, "Tiếp nhận hồ sơ")
        self.assertIn("marital_status", entry.fields)

    def test_an_unknown_person_is_none_and_logged(self) -> None:
        self.assertIsNone(self.find("001090999999"))
        self.assertEqual(Lookup.objects.get().outcome, Lookup.Outcome.NOT_FOUND)

    def test_a_lookup_needs_a_purpose(self) -> None:
        with self.assertRaises(ValueError):
            connector.lookup("001090012345", purpose=" ", actor=self.officer)


class HttpRegistryTestCase(TestCase):
    unit: GovernmentUnit
    officer: User
    key = b"khoa-chia-se-thu-nghiem"

    @classmethod
    def setUpTestData(cls) -> None:
        cls.unit = create_unit(code="000.10.04.H26")
        cls.officer = create_officer(cls.unit)

    def setUp(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix="motcua-gateway-"))
        self.addCleanup(shutil.rmtree, folder, True)
        self.gateway = Gateway(folder, self.key, people={PERSON["id_number"]: PERSON})
        self.gateway.__enter__()
        self.addCleanup(self.gateway.__exit__)
        files = self.gateway.files
        self.settings_override = override_settings(
            MOTCUA_REGISTRY="http",
            MOTCUA_REGISTRY_URL=self.gateway.url,
            MOTCUA_REGISTRY_KEY=self.key.decode(),
            MOTCUA_REGISTRY_CA=str(files["ca"]),
            MOTCUA_REGISTRY_CLIENT_CERT=str(files["client"]),
            MOTCUA_REGISTRY_TIMEOUT=1,
            MOTCUA_REGISTRY_RETRIES=1,
            MOTCUA_REGISTRY_BREAKER_FAILURES=2,
            MOTCUA_REGISTRY_BREAKER_SECONDS=60,
        )
        self.settings_override.enable()
        self.addCleanup(self.settings_override.disable)

    def find(self, registry=None):
        return connector.lookup(
            PERSON["id_number"],
            purpose="Đăng ký kết hôn",
            actor=self.officer,
            unit=self.unit,
            registry=registry,
        )

    def test_it_finds_a_person_over_mutual_tls(self) -> None:
        person = self.find()
        assert person is not None
        self.assertEqual(person.full_name, "Nguyễn Văn An")
        self.assertEqual(person.date_of_birth, date(1990, 5, 17))

    def test_each_request_carries_the_requesting_unit(self) -> None:
        self.find()
        [request] = self.gateway.requests
        self.assertEqual(request["unit_header"], "000.10.04.H26")
        self.assertEqual(request["purpose"], "Đăng ký kết hôn")

    def test_a_client_without_its_certificate_is_refused(self) -> None:
        with (
            override_settings(MOTCUA_REGISTRY_CLIENT_CERT=""),
            self.assertRaises(records.RegistryError),
        ):
            self.find()

    def test_a_request_signed_with_the_wrong_key_is_refused(self) -> None:
        with (
            override_settings(MOTCUA_REGISTRY_KEY="sai"),
            self.assertRaisesMessage(records.RegistryError, "HTTP 401"),
        ):
            self.find()

    def test_an_answer_with_a_bad_signature_is_refused(self) -> None:
        self.gateway.bad_signature = True
        with self.assertRaisesMessage(records.RegistryError, "chữ ký không hợp lệ"):
            self.find()
        self.assertEqual(Lookup.objects.get().outcome, Lookup.Outcome.FAILED)

    def test_a_5xx_is_retried(self) -> None:
        self.gateway.fail_times = 1
        self.assertIsNotNone(self.find())

    def test_repeated_5xx_is_a_clear_error(self) -> None:
        self.gateway.fail_times = 5
        with self.assertRaisesMessage(records.RegistryUnavailable, "Không kết nối được"):
            self.find()

    def test_a_slow_gateway_times_out(self) -> None:
        self.gateway.delay = 1.5
        with self.assertRaises(records.RegistryUnavailable):
            self.find()

    def test_the_breaker_opens_after_repeated_failures_and_calls_nothing(self) -> None:
        registry = HttpRegistry.from_settings()
        registry.breaker = Breaker(threshold=1, cooldown=60)
        self.gateway.fail_times = 10
        with self.assertRaises(records.RegistryUnavailable):
            self.find(registry)
        left = self.gateway.fail_times
        with self.assertRaisesMessage(records.RegistryUnavailable, "tạm ngừng gọi"):
            self.find(registry)
        self.assertEqual(self.gateway.fail_times, left)  # no request reached the gateway

    def test_a_failed_lookup_writes_only_its_log(self) -> None:
        self.gateway.fail_times = 5
        with self.assertRaises(records.RegistryError):
            self.find()
        self.assertEqual(Lookup.objects.count(), 1)
        self.assertEqual(Resident.objects.count(), 0)
