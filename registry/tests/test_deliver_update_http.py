"""Delivering updates through the gateway: while it cannot be reached (or its answer cannot be
trusted) the update waits with backoff; the worker's sweep sends it once it is due."""

from __future__ import annotations

from datetime import date, timedelta

import time_machine
from django.test import TestCase

from core import clock
from core.testing import create_officer, create_unit
from registry.delivery import RETRY_BASE_SECONDS, deliver, sweep
from registry.models import RegistryUpdate
from registry.records import BirthUpdate
from registry.testing import start_gateway
from registry.updates import queue_update

Status = RegistryUpdate.Status
KEY = b"khoa-chia-se-thu-nghiem"
BIRTH = BirthUpdate(
    full_name="Lê Thị Con", date_of_birth=date(2025, 3, 1), sex="female", ethnicity="Kinh",
    nationality="Việt Nam", place_of_birth="Hà Nội", home_town="Nam Định",
    mother_id_number="001195006789", residence_address="Số 1 phố Thử", residence_unit_code=4,
    registering_body="000.00.31.H26", register_number="15/2025",
)  # fmt: skip


class DeliverUpdateOverHttpTestCase(TestCase):
    def setUp(self) -> None:
        self.gateway = start_gateway(self, KEY)
        unit = create_unit()
        self.row = queue_update(BIRTH, reference="KS-1", actor=create_officer(unit), unit=unit)

    def test_an_accepted_update_is_applied_with_the_gateway_number(self) -> None:
        self.assertEqual(deliver(self.row.pk), Status.APPLIED)
        self.row.refresh_from_db()
        self.assertEqual(self.row.source, "http")
        self.assertEqual(
            self.row.assigned_id_number, self.gateway.updates["KS-1"]["answer"]["id_number"]
        )

    def test_a_gateway_down_leaves_it_waiting_with_backoff(self) -> None:
        self.gateway.fail_times = 100
        before = clock.wall()
        self.assertEqual(deliver(self.row.pk), Status.RETRYING)
        self.row.refresh_from_db()
        self.assertIn("Không kết nối được", self.row.last_error)
        self.assertEqual(self.row.error_code, "registry.unavailable")
        wait = self.row.next_attempt_at - before
        self.assertTrue(RETRY_BASE_SECONDS / 2 <= wait.total_seconds() <= RETRY_BASE_SECONDS + 5)
        self.assertEqual(sweep(), 0)  # not due yet

    def test_the_sweep_applies_it_once_the_gateway_is_back_and_the_retry_due(self) -> None:
        self.gateway.fail_times = 100
        deliver(self.row.pk)
        self.gateway.fail_times = 0
        with time_machine.travel(clock.wall() + timedelta(seconds=RETRY_BASE_SECONDS + 1)):
            self.assertEqual(sweep(), 1)
        self.row.refresh_from_db()
        self.assertEqual((self.row.status, self.row.attempts), (Status.APPLIED, 2))
        self.assertEqual(self.row.last_error, "")

    def test_an_answer_with_a_bad_signature_is_sent_again_later(self) -> None:
        self.gateway.bad_signature = True
        self.assertEqual(deliver(self.row.pk), Status.RETRYING)
        self.row.refresh_from_db()
        self.assertIn("chữ ký không hợp lệ", self.row.last_error)

    def test_a_refusal_by_the_gateway_is_final(self) -> None:
        self.gateway.refuse_updates = "Không có người mẹ trong cơ sở dữ liệu."
        self.assertEqual(deliver(self.row.pk), Status.REFUSED)
        self.row.refresh_from_db()
        self.assertEqual(self.row.last_error, "Không có người mẹ trong cơ sở dữ liệu.")
