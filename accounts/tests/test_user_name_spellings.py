"""User names are stored, and looked up by Django's ModelBackend, in accounts.identifiers' form."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.test import TestCase

from accounts.tests.flow import ARABIC_INDIC, FULL_WIDTH, ID_NUMBER
from core.testing import PASSWORD, create_citizen, create_officer


class UserNameSpellingsTestCase(TestCase):
    def test_authenticate_finds_the_account_under_a_full_width_spelling(self) -> None:
        citizen = create_citizen(personal_id=ID_NUMBER)
        self.assertEqual(authenticate(username=FULL_WIDTH, password=PASSWORD), citizen)

    def test_authenticate_finds_the_account_under_arabic_indic_digits(self) -> None:
        citizen = create_citizen(personal_id=ID_NUMBER)
        self.assertEqual(authenticate(username=ARABIC_INDIC, password=PASSWORD), citizen)

    def test_a_user_name_of_digits_is_stored_in_ascii(self) -> None:
        officer = create_officer(username=ARABIC_INDIC)
        officer.refresh_from_db()
        self.assertEqual(officer.username, ID_NUMBER)
