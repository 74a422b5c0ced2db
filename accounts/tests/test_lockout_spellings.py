"""The lock holds whatever spelling of the account's name is typed, and from any address."""

from __future__ import annotations

from django.core.cache import cache
from django.test import TestCase

from accounts.models import LoginEvent, User
from accounts.tests.flow import (
    ARABIC_INDIC,
    CODE,
    FULL_WIDTH,
    ID_NUMBER,
    LOGIN,
    SPELLINGS,
    sent_code,
)
from accounts.tests.test_lockout import LOCKED
from core.testing import PASSWORD, create_citizen, create_officer

_WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


class LockoutSpellingsTestCase(TestCase):
    citizen: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.citizen = create_citizen(personal_id=ID_NUMBER, phone="0912012345")

    def wrong(self, username: str = ID_NUMBER, ip: str = "203.0.113.9"):
        return self.client.post(LOGIN, {"username": username, "password": "sai"}, REMOTE_ADDR=ip)

    def right(self, username: str = ID_NUMBER, ip: str = "198.51.100.7"):
        return self.client.post(LOGIN, {"username": username, "password": PASSWORD}, REMOTE_ADDR=ip)

    def test_every_spelling_is_refused_while_the_account_is_locked(self) -> None:
        for _attempt in range(5):
            self.wrong()
        for spelling in SPELLINGS:
            with self.subTest(spelling=spelling):
                self.assertContains(self.right(spelling), LOCKED, status_code=429)
                self.assertNotIn("motcua_login_pending", self.client.session)

    def test_a_wrong_password_in_any_spelling_counts_toward_the_same_lock(self) -> None:
        for spelling in SPELLINGS:
            with self.subTest(spelling=spelling):
                cache.clear()
                for _attempt in range(4):
                    self.wrong()
                self.assertContains(self.wrong(spelling), LOCKED, status_code=429)

    def test_five_wrong_passwords_over_spellings_and_addresses_lock_the_account(self) -> None:
        for number, spelling in enumerate((ID_NUMBER, *SPELLINGS)):
            self.wrong(spelling, ip=f"203.0.113.{number + 1}")
        self.assertContains(self.right(ip="192.0.2.1"), LOCKED, status_code=429)

    def test_wrong_codes_count_with_wrong_passwords_in_another_spelling(self) -> None:
        for _attempt in range(4):
            self.wrong(FULL_WIDTH)
        self.right(ip="203.0.113.9")
        wrong = "000000" if sent_code(self.citizen) != "000000" else "111111"
        response = self.client.post(CODE, {"code": wrong}, REMOTE_ADDR="203.0.113.9")
        self.assertContains(response, LOCKED, status_code=429)

    def test_every_attempt_is_recorded_against_the_account_by_its_number(self) -> None:
        for spelling in SPELLINGS:
            self.wrong(spelling)
        failures = LoginEvent.objects.filter(outcome=LoginEvent.Outcome.FAILURE)
        self.assertEqual(
            sorted(failures.values_list("user", "identifier")),
            [(self.citizen.pk, ID_NUMBER)] * len(SPELLINGS),
        )

    def test_the_lock_is_recorded_against_the_account(self) -> None:
        for number, spelling in enumerate((ID_NUMBER, *SPELLINGS)):
            self.wrong(spelling, ip=f"203.0.113.{number + 1}")
        event = LoginEvent.objects.get(outcome=LoginEvent.Outcome.LOCKED)
        self.assertEqual((event.user, event.identifier), (self.citizen, ID_NUMBER))

    def test_the_number_in_arabic_indic_digits_reaches_the_account(self) -> None:
        # Mapped to 0-9 rather than refused (accounts.identifiers): one account, one lock.
        self.assertRedirects(self.right(ARABIC_INDIC), CODE, fetch_redirect_response=False)

    def test_an_officer_name_in_full_width_letters_counts_toward_the_officers_lock(self) -> None:
        create_officer(username="canbo.khoa")
        for _attempt in range(4):
            self.wrong("canbo.khoa")
        self.assertContains(self.wrong("ｃａｎｂｏ.ｋｈｏａ"), LOCKED, status_code=429)

    def test_the_address_limit_counts_failures_under_every_spelling(self) -> None:
        # Twenty failures from one address, each aimed at a different unknown number.
        for number in range(20):
            name = f"001090100{number:03d}"
            self.wrong(name.translate(_WIDE) if number % 2 else name)
        self.assertContains(self.right(ip="203.0.113.9"), LOCKED, status_code=429)
        self.assertRedirects(self.right(ip="192.0.2.1"), CODE, fetch_redirect_response=False)
