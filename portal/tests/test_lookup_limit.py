from __future__ import annotations

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse

from portal.views import LOOKUP_LIMIT


class LookupLimitTestCase(TestCase):
    def setUp(self) -> None:
        cache.clear()

    def test_guessing_is_stopped_after_the_limit(self) -> None:
        data = {"code": "000.00.70.H26-261121-0001", "suffix": "1234"}
        for _ in range(LOOKUP_LIMIT):
            self.assertEqual(self.client.post(reverse("portal:lookup"), data).status_code, 200)
        response = self.client.post(reverse("portal:lookup"), data)
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "quá nhiều lần", status_code=429)
