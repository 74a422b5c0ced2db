from __future__ import annotations

from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction
from django.test import TestCase

from accounts.models import User
from core.testing import PASSWORD, create_citizen, create_officer


class UserTestCase(TestCase):
    """Citizens are known by their personal ID; every password is hashed with Argon2."""

    def test_create_citizen_uses_the_personal_id_as_username(self) -> None:
        citizen = create_citizen(personal_id="001090000042")
        citizen.refresh_from_db()
        self.assertEqual(
            (citizen.username, citizen.personal_id, citizen.kind),
            ("001090000042", "001090000042", User.Kind.CITIZEN),
        )

    def test_a_citizen_without_personal_id_violates_the_database_constraint(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            User.objects.create_user(
                username="khongdinhdanh", full_name="Không Định Danh", kind=User.Kind.CITIZEN
            )

    def test_an_empty_personal_id_counts_as_missing(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            User.objects.create_user(
                username="rong", full_name="Rỗng", kind=User.Kind.CITIZEN, personal_id=""
            )

    def test_an_officer_needs_no_personal_id(self) -> None:
        officer = create_officer()
        officer.refresh_from_db()
        self.assertIsNone(officer.personal_id)
        self.assertEqual(officer.kind, User.Kind.OFFICER)

    def test_two_officers_saved_with_a_blank_personal_id_can_coexist(self) -> None:
        # What the admin form gives for an officer without one: stored as no number at all,
        # not as two equal empty numbers.
        create_officer(personal_id="")
        create_officer(personal_id="")
        self.assertEqual(User.objects.filter(personal_id__isnull=True).count(), 2)

    def test_an_organization_without_tax_code_violates_the_database_constraint(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            User.objects.create_user(
                username="congty", full_name="Công ty", kind=User.Kind.ORGANIZATION
            )

    def test_it_hashes_a_citizen_password_with_argon2(self) -> None:
        citizen = create_citizen()
        citizen.refresh_from_db()
        self.assertTrue(citizen.password.startswith("argon2"))
        self.assertTrue(citizen.check_password(PASSWORD))

    def test_it_hashes_an_officer_password_with_argon2(self) -> None:
        officer = create_officer()
        officer.refresh_from_db()
        self.assertTrue(officer.password.startswith("argon2"))

    def test_a_citizen_authenticates_with_the_personal_id(self) -> None:
        citizen = create_citizen(personal_id="001090000044")
        self.assertEqual(authenticate(username="001090000044", password=PASSWORD), citizen)

    def test_it_cleans_the_full_name(self) -> None:
        citizen = create_citizen(full_name="  Nguyễn   Văn  An ")
        citizen.refresh_from_db()
        self.assertEqual((citizen.full_name, str(citizen)), ("Nguyễn Văn An", "Nguyễn Văn An"))
