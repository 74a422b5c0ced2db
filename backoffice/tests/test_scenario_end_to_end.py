from __future__ import annotations

from django.urls import reverse

from dossiers.models import Dossier, Status
from notifications.models import Notification
from notifications.testing import during_sending_hours
from portal.tests.base import PortalTestCase


class EndToEndTestCase(PortalTestCase):
    """Everything over HTTP: a citizen applies online, the desk receives, the specialist and
    the leader decide, the desk returns the result, the citizen sees it all."""

    def officer_does(self, officer, dossier: Dossier, action: str, **data: object) -> None:
        self.client.force_login(officer)
        url = reverse("backoffice:action", kwargs={"code": dossier.code, "action": action})
        self.assertEqual(self.client.post(url, data).status_code, 302)

    def test_online_submission_to_result_returned(self) -> None:
        self.enterContext(during_sending_hours())
        self.client.force_login(self.citizen)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.apply_url(), self.application())
            dossier = Dossier.objects.get()
            self.assertRedirects(response, reverse("portal:dossier", args=[dossier.code]))
            self.officer_does(self.office.desk, dossier, "accept")
            self.officer_does(self.office.specialist, dossier, "forward", reason="Đủ điều kiện")
            self.officer_does(self.office.leader, dossier, "approve", result="Cấp giấy xác nhận")
            self.officer_does(self.office.desk, dossier, "return_result")
        dossier.refresh_from_db()
        self.assertEqual(dossier.status, Status.RETURNED)
        self.client.force_login(self.citizen)
        page = self.client.get(reverse("portal:dossier", args=[dossier.code]))
        for label in (
            "Hồ sơ đã được nộp trực tuyến",
            "Hồ sơ đã được tiếp nhận",
            "Lãnh đạo đã phê duyệt hồ sơ",
            "Đã trả kết quả",
        ):
            self.assertContains(page, label)
        self.assertEqual(
            Notification.objects.filter(dossier_id=dossier.pk, status="delivered", channel="sms")
            .values_list("kind", flat=True)
            .count(),
            2,
        )  # received, result ready
