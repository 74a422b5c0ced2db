from __future__ import annotations

from django.urls import reverse

from dossiers.models import EventType, Status
from dossiers.testing import create_dossier
from portal.tests.base import PortalTestCase


class WithdrawalTestCase(PortalTestCase):
    def setUp(self):
        self.dossier = create_dossier(self.version, self.office, applicant=self.citizen)
        self.client.force_login(self.citizen)

    def page(self):
        return reverse("portal:dossier", args=[self.dossier.code])

    def url(self):
        return reverse("portal:withdraw", args=[self.dossier.code])

    def test_it_requests_withdrawal(self):
        response = self.client.post(self.url(), {"reason": "Tôi đã chuyển nơi ở"})
        self.assertRedirects(response, self.page(), fetch_redirect_response=False)
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.status, Status.WITHDRAWAL_REQUESTED)
        event = self.dossier.events.last()
        self.assertEqual(event.type, EventType.WITHDRAWAL_REQUESTED)
        self.assertEqual(event.reason, "Tôi đã chuyển nơi ở")
        page = self.client.get(self.page())
        self.assertContains(page, "Đã gửi yêu cầu rút hồ sơ.")
        self.assertContains(page, "Công dân xin rút hồ sơ")
        # Once asked, there is nothing more to ask.
        self.assertNotContains(page, "Gửi yêu cầu rút hồ sơ")

    def test_it_requires_a_reason(self):
        response = self.client.post(self.url(), {"reason": "  "})
        self.assertContains(response, "Cho biết lý do bạn xin rút hồ sơ.")
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.status, Status.SUBMITTED)

    def test_it_cannot_be_asked_twice(self):
        self.client.post(self.url(), {"reason": "Lần một"})
        response = self.client.post(self.url(), {"reason": "Lần hai"}, follow=True)
        self.assertContains(response, "không còn ở trạng thái cho phép thao tác này")
        self.assertEqual(self.dossier.events.filter(type=EventType.WITHDRAWAL_REQUESTED).count(), 1)

    def test_it_refuses_withdrawal_by_another_citizen(self):
        self.client.force_login(self.other)
        self.assertEqual(self.client.post(self.url(), {"reason": "Phá"}).status_code, 404)
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.status, Status.SUBMITTED)
