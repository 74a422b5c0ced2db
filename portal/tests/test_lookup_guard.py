"""Guessing a dossier's digits from many addresses is bounded, and its rightful applicant, who
knows them, is still answered (the per-code guard of portal.views._guarded_lookup)."""

from __future__ import annotations

import re
from itertools import count

from django.http import HttpResponse
from django.urls import reverse

from dossiers.models import Dossier
from dossiers.testing import create_received_dossier
from portal.tests.base import PortalTestCase, timeless_headers
from portal.views import CODE_MISS_LIMIT, LOOKUP_LIMIT

NOT_FOUND = "Không tìm thấy hồ sơ khớp mã và bốn số cuối"
GUARDED = "Mã hồ sơ này đã bị tra cứu sai nhiều lần trong ngày"
# What only an answer shows: the timeline of the dossier.
STATUS = "Hồ sơ đã được tiếp nhận"
UNKNOWN_CODE = "000.00.00.H26-261123-9999"
_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


class LookupGuardTestCase(PortalTestCase):
    dossier: Dossier
    right: str
    wrong: list[str]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.dossier = create_received_dossier(
            cls.version, cls.office, applicant=cls.citizen, applicant_phone="0912 345 678"
        )
        cls.right = "5678"
        cls.wrong = [
            f"{n:04d}" for n in range(200) if f"{n:04d}" not in cls.dossier.lookup_suffixes
        ]

    def setUp(self) -> None:
        self.addresses = (f"198.51.100.{n}" for n in count(1))
        self.wrong_guesses = iter(self.wrong)

    def look(self, suffix: str, address: str, code: str | None = None) -> HttpResponse:
        data = {"code": code or self.dossier.code, "suffix": suffix}
        return self.client.post(reverse("portal:lookup"), data, REMOTE_ADDR=address)  # type: ignore[return-value]

    def guess_wrong(self, address: str | None = None, code: str | None = None) -> HttpResponse:
        return self.look(next(self.wrong_guesses), address or next(self.addresses), code)

    def guard(self, code: str | None = None) -> None:
        """CODE_MISS_LIMIT wrong guesses from as many addresses: the code is now guarded."""
        for _ in range(CODE_MISS_LIMIT):
            self.assertContains(self.guess_wrong(code=code), NOT_FOUND)

    def assert_answered(self, response: HttpResponse) -> None:
        self.assertContains(response, STATUS)
        self.assertContains(response, self.version.name)

    def assert_refused(self, response: HttpResponse) -> None:
        self.assertContains(response, GUARDED, status_code=429)
        self.assertNotContains(response, self.version.name, status_code=429)
        self.assertNotContains(response, STATUS, status_code=429)

    def test_ten_wrong_guesses_from_ten_addresses_do_not_lock_the_applicant_out(self) -> None:
        self.guard()
        self.assert_answered(self.look(self.right, "203.0.113.11"))

    def test_the_id_number_digits_are_answered_on_a_guarded_code_too(self) -> None:
        self.guard()
        self.assert_answered(self.look(str(self.citizen.personal_id)[-4:], "203.0.113.11"))

    def test_the_applicant_can_look_again_and_again_on_a_guarded_code(self) -> None:
        self.guard()
        for _ in range(5):
            self.assert_answered(self.look(self.right, "203.0.113.11"))

    def test_a_wrong_guess_on_a_guarded_code_is_refused(self) -> None:
        self.guard()
        self.assert_refused(self.guess_wrong())

    def test_right_digits_after_a_wrong_guess_on_a_guarded_code_are_refused(self) -> None:
        self.guard()
        self.assert_refused(self.guess_wrong("203.0.113.11"))
        self.assert_refused(self.look(self.right, "203.0.113.11"))

    def test_a_refusal_looks_the_same_whether_or_not_the_digits_were_right(self) -> None:
        self.guard()
        compared_wrong = self.guess_wrong("203.0.113.11")
        refused_right = self.look(self.right, "203.0.113.11")
        refused_wrong = self.guess_wrong("203.0.113.11")
        compared_elsewhere = self.guess_wrong("203.0.113.12")
        first = compared_wrong
        for other in (refused_right, refused_wrong, compared_elsewhere):
            self.assertEqual(other.status_code, first.status_code)
            self.assertEqual(_CSRF.sub(b"", other.content), _CSRF.sub(b"", first.content))
            self.assertEqual(timeless_headers(other.headers), timeless_headers(first.headers))

    def test_a_guarded_unknown_code_looks_like_a_guarded_dossier(self) -> None:
        self.guard()
        self.guard(code=UNKNOWN_CODE)
        known = self.guess_wrong()
        unknown = self.guess_wrong(code=UNKNOWN_CODE)
        self.assertEqual(known.status_code, unknown.status_code)
        self.assertEqual(_CSRF.sub(b"", known.content), _CSRF.sub(b"", unknown.content))

    def test_a_distributed_attacker_gets_the_cap_plus_one_guess_per_address(self) -> None:
        # Five addresses, each up to its own per-address limit: 5 x 19 wrong guesses, each
        # address trying the right digits last. Only CODE_MISS_LIMIT + 5 of them are ever
        # compared, and none of the ninety-five sees the dossier.
        attackers = [f"192.0.2.{n}" for n in range(1, 6)]
        answers = []
        for _ in range(LOOKUP_LIMIT - 1):
            answers += [self.guess_wrong(address) for address in attackers]
        for address in attackers:
            self.assert_refused(self.look(self.right, address))
        not_found = [r for r in answers if r.status_code == 200]
        self.assertEqual(len(not_found), CODE_MISS_LIMIT)
        for response in answers[CODE_MISS_LIMIT:]:
            self.assert_refused(response)

    def test_the_limit_per_address_holds_for_the_right_digits_too(self) -> None:
        for _ in range(LOOKUP_LIMIT):
            self.look(self.right, "203.0.113.11")
        response = self.look(self.right, "203.0.113.11")
        self.assertContains(response, "quá nhiều lần", status_code=429)
        self.assertNotContains(response, STATUS, status_code=429)
