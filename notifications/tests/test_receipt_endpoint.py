from __future__ import annotations

from django.test import TestCase

from notifications.views import MAX_RECEIPT_BYTES


class ReceiptEndpointTestCase(TestCase):
    def post(self, channel: str, body: bytes) -> int:
        url = f"/thong-bao/bien-nhan/{channel}"
        return self.client.post(url, body, content_type="application/json").status_code

    def test_an_oversized_receipt_is_refused_before_it_is_read(self) -> None:
        self.assertEqual(self.post("zalo", b"[" * (MAX_RECEIPT_BYTES + 1)), 413)

    def test_a_deeply_nested_body_is_a_bad_receipt_not_a_crash(self) -> None:
        self.assertIn(self.post("zalo", b"[" * 60000), (400, 403))

    def test_an_unknown_channel_is_not_found(self) -> None:
        self.assertEqual(self.post("fax", b"{}"), 404)

    def test_a_receipt_is_posted_not_fetched(self) -> None:
        self.assertEqual(self.client.get("/thong-bao/bien-nhan/sms").status_code, 405)
