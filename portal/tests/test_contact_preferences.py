"""The "Cách nhận thông báo" page: the channels a citizen accepts, whether they want the
messages that are not essential and in which language, shown as saved (or as the defaults),
saved on the first change, refused in Vietnamese when the language is not one offered."""

from __future__ import annotations

from typing import Any

from django.test import Client, TestCase
from django.urls import reverse

from accounts.models import User
from core.testing import create_citizen
from notifications.models import ContactPreference

URL = reverse("portal:contact_preferences")


def choices(**overrides: Any) -> dict[str, Any]:
    """The form as posted: a checkbox ticked is "on", one left blank is not sent at all."""
    data: dict[str, Any] = {"sms": "on", "email": "on", "zalo": "on", "non_essential": "on"}
    data["language"] = "vi"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


class ContactPreferencesTestCase(TestCase):
    citizen: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.citizen = create_citizen()

    def setUp(self) -> None:
        self.client.force_login(self.citizen)

    def saved(self) -> ContactPreference:
        return ContactPreference.objects.get(user=self.citizen)

    def test_it_offers_the_defaults_before_anything_is_saved(self) -> None:
        response = self.client.get(URL)
        form = response.context["form"]
        self.assertEqual(
            form.initial,
            {"sms": True, "email": True, "zalo": True, "non_essential": True, "language": "vi"},
        )
        self.assertFalse(ContactPreference.objects.filter(user=self.citizen).exists())

    def test_it_says_what_always_goes(self) -> None:
        response = self.client.get(URL)
        self.assertContains(response, "Mã đăng nhập và thông báo theo quy định về hồ sơ")

    def test_the_first_save_creates_the_preference(self) -> None:
        response = self.client.post(URL, choices(zalo=None, non_essential=None, language="en"))
        self.assertRedirects(response, URL)
        saved = self.saved()
        self.assertEqual(
            (saved.sms, saved.email, saved.zalo, saved.non_essential, saved.language),
            (True, True, False, False, "en"),
        )

    def test_a_later_save_changes_the_same_preference(self) -> None:
        self.client.post(URL, choices(sms=None))
        self.client.post(URL, choices(email=None))
        saved = ContactPreference.objects.filter(user=self.citizen)
        self.assertEqual(saved.count(), 1)
        self.assertEqual((saved[0].sms, saved[0].email), (True, False))

    def test_it_shows_what_was_saved(self) -> None:
        self.client.post(URL, choices(sms=None, language="en"))
        form = self.client.get(URL).context["form"]
        self.assertEqual((form.initial["sms"], form.initial["language"]), (False, "en"))

    def test_every_channel_may_be_refused(self) -> None:
        self.client.post(URL, choices(sms=None, email=None, zalo=None))
        saved = self.saved()
        self.assertEqual((saved.sms, saved.email, saved.zalo), (False, False, False))

    def test_it_says_saved(self) -> None:
        response = self.client.post(URL, choices(), follow=True)
        self.assertContains(response, "Đã lưu cách nhận thông báo của bạn.")

    def test_a_language_not_offered_is_refused_in_vietnamese(self) -> None:
        response = self.client.post(URL, choices(language="fr"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Chọn tiếng Việt hoặc tiếng Anh.", count=2)  # summary, field
        self.assertFalse(ContactPreference.objects.filter(user=self.citizen).exists())

    def test_a_missing_language_is_asked_for(self) -> None:
        response = self.client.post(URL, choices(language=None))
        self.assertContains(response, "Chọn ngôn ngữ của thông báo.", count=2)
        self.assertFalse(ContactPreference.objects.filter(user=self.citizen).exists())

    def test_the_error_summary_leads_to_the_first_language(self) -> None:
        response = self.client.post(URL, choices(language=""))
        self.assertContains(response, 'href="#id_language_0"')
        self.assertContains(response, 'id="id_language_0"')

    def test_a_refused_form_keeps_the_ticks_given(self) -> None:
        response = self.client.post(URL, choices(sms=None, language="fr"))
        html = response.content.decode()
        self.assertIn('id="id_email" name="email" type="checkbox" value="on" checked', html)
        self.assertIn('id="id_sms" name="sms" type="checkbox" value="on">', html)

    def test_another_persons_preference_is_left_alone(self) -> None:
        other = create_citizen()
        ContactPreference.objects.create(user=other, sms=True)
        self.client.post(URL, choices(sms=None))
        self.assertTrue(ContactPreference.objects.get(user=other).sms)

    def test_it_asks_someone_not_signed_in_to_sign_in(self) -> None:
        response = Client().post(URL, choices())
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={URL}")
        self.assertFalse(ContactPreference.objects.exists())
