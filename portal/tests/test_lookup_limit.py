from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse
from django.test import TestCase, override_settings
from django.urls import reverse

from portal.views import CODE_MISS_LIMIT, LOOKUP_LIMIT

CODE = "000.00.70.H26-261121-0001"


class LookupLimitTestCase(TestCase):
    def guess(self, suffix: str = "1234", code: str = CODE, **meta: Any) -> HttpResponse:
        data = {"code": code, "suffix": suffix}
        return self.client.generic(  # type: ignore[return-value]
            "POST",
            reverse("portal:lookup"),
            urlencode(data),
            content_type="application/x-www-form-urlencoded",
            **meta,
        )

    def test_guessing_from_one_address_is_stopped_after_the_limit(self) -> None:
        for number in range(LOOKUP_LIMIT):
            code = f"000.00.70.H26-261121-{number:04d}"
            self.assertEqual(self.guess(code=code).status_code, 200)
        response = self.guess(code="000.00.70.H26-261121-9999")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "quá nhiều lần", status_code=429)

    def test_guessing_one_code_from_many_addresses_is_stopped(self) -> None:
        for number in range(CODE_MISS_LIMIT):
            self.guess(suffix=f"{number:04d}", REMOTE_ADDR=f"10.0.{number}.1")
        response = self.guess(suffix="9999", REMOTE_ADDR="10.9.9.9")
        self.assertEqual(response.status_code, 429)

    @override_settings(MOTCUA_TRUSTED_PROXIES=1)
    def test_behind_a_proxy_each_client_has_its_own_allowance(self) -> None:
        for number in range(LOOKUP_LIMIT):
            code = f"000.00.70.H26-261121-{number:04d}"
            self.guess(code=code, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
        response = self.guess(
            code="000.00.70.H26-261121-9998",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.6",
        )
        self.assertEqual(response.status_code, 200)
