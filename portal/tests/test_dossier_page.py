from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from django.urls import reverse

from dossiers.actions import (
    RuleViolation,
    provide_supplement,
    request_supplement,
)
from dossiers.actors import person
from dossiers.models import EventType
from dossiers.testing import attachment, create_dossier, create_received_dossier
from portal.tests.base import PortalTestCase

# Monday 23 November 2026, 09:05 in Hà Nội.
MONDAY_MORNING = datetime(2026, 11, 23, 2, 5, tzinfo=UTC)


class DossierPageTestCase(PortalTestCase):
    def url(self, dossier):
        return reverse("portal:dossier", args=[dossier.code])

    def test_it_requires_login(self):
        dossier = create_dossier(self.version, self.office, applicant=self.citizen)
        response = self.client.get(self.url(dossier))
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={self.url(dossier)}")

    @time_machine.travel(MONDAY_MORNING, tick=False)
    def test_it_shows_the_dossier_in_plain_vietnamese(self):
        dossier = create_received_dossier(self.version, self.office, applicant=self.citizen)
        self.client.force_login(self.citizen)
        response = self.client.get(self.url(dossier))
        for text in (
            dossier.code,
            self.version.name,
            "Đang xử lý",
            "Trên Cổng Dịch vụ công quốc gia: Đang xử lý",
            self.form_component.name,
            "Đã nộp",
            # Timeline: event label, local time, who.
            "23/11/2026 09:05",
            "Hồ sơ đã được nộp trực tuyến",
            "Hồ sơ đã được tiếp nhận",
            self.office.desk.full_name,
            # Slip issued on reception; due after 3 working days at close of office (24/11
            # is Culture Day, a holiday from 2026).
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            "27/11/2026 17:00",
        ):
            self.assertContains(response, text)
        event = dossier.events.last()
        self.assertNotContains(response, event.hash)
        self.assertNotContains(response, "front_desk")

    def test_it_leaves_out_refused_officer_attempts(self):
        dossier = create_dossier(self.version, self.office, applicant=self.citizen)
        wanted = [self.form_component.pk]
        request_supplement(
            dossier, actor=person(self.office.desk), component_ids=wanted, reason="Mờ"
        )
        provide_supplement(dossier, actor=person(self.citizen), files={wanted[0]: attachment()})
        # Asking a second time is unlawful: refused, and recorded for inspectors.
        with self.assertRaises(RuleViolation):
            request_supplement(
                dossier, actor=person(self.office.desk), component_ids=wanted, reason="Lần nữa"
            )
        self.client.force_login(self.citizen)
        response = self.client.get(self.url(dossier))
        self.assertTrue(dossier.events.filter(type=EventType.RULE_REFUSED).exists())
        self.assertContains(response, "Cơ quan yêu cầu bổ sung giấy tờ")
        self.assertNotContains(response, "Thao tác trái quy định")
        self.assertNotContains(response, "lần thứ hai")

    def test_it_gives_another_citizen_not_found(self):
        dossier = create_dossier(self.version, self.office, applicant=self.citizen)
        self.client.force_login(self.other)
        self.assertEqual(self.client.get(self.url(dossier)).status_code, 404)
        missing = reverse("portal:dossier", args=["000.00.00.H26-261123-9999"])
        self.assertEqual(self.client.get(missing).status_code, 404)

    def test_it_offers_no_supplement_form_when_nothing_is_requested(self):
        dossier = create_dossier(self.version, self.office, applicant=self.citizen)
        self.client.force_login(self.citizen)
        response = self.client.get(self.url(dossier))
        self.assertNotContains(response, "Gửi giấy tờ bổ sung")
        self.assertContains(response, "Gửi yêu cầu rút hồ sơ")
