"""The configuration of messages in the admin: templates saved as new versions with their
placeholders checked and a preview; units' sender identities; the record of messages, read
only and masked."""

from __future__ import annotations

from typing import Any

from django.test import TestCase
from django.urls import reverse

from accounts.models import Role, User
from core.testing import create_officer, create_unit
from notifications.admin import MessageTemplateForm, SenderProfileForm
from notifications.compose import current_template
from notifications.kinds import KINDS
from notifications.models import DeliveryReceipt, MessageTemplate, SenderProfile
from notifications.tests.test_resend import PHONE, create_message
from units.models import GovernmentUnit


def create_template(**overrides: Any) -> MessageTemplate:
    """Version 1 of the SMS of a received dossier, in Vietnamese (the default's text)."""
    template = current_template("received", "sms", "vi")
    assert template is not None
    for field, value in overrides.items():
        setattr(template, field, value)
    if overrides:
        template.save()
    return template


def change_url(template: MessageTemplate) -> str:
    return reverse("admin:notifications_messagetemplate_change", args=[template.pk])


class TemplateAdminTestCase(TestCase):
    """Edited by a province administrator (templates are province-wide)."""

    province: GovernmentUnit
    admin: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.province = create_unit()
        cls.admin = create_officer(cls.province, roles=(Role.UNIT_ADMIN,))

    def setUp(self) -> None:
        self.client.force_login(self.admin)
        self.template = create_template()

    def edit(self, **fields: str) -> Any:
        data = {"subject": self.template.subject, "body": self.template.body}
        data.update(fields)
        data.setdefault("zns_template_id", "")
        return self.client.post(change_url(self.template), data)

    def test_an_unknown_placeholder_cannot_be_saved(self) -> None:
        response = self.edit(body="Hồ sơ {code} của {ho_ten} đã được tiếp nhận.")
        self.assertEqual(response.status_code, 200)  # the form again, with its error
        self.assertEqual(
            MessageTemplate.objects.filter(kind="received", channel="sms", language="vi").count(),
            1,
        )

    def test_the_error_names_the_unknown_placeholder_on_its_field(self) -> None:
        response = self.edit(body="Hồ sơ {code} của {ho_ten} đã được tiếp nhận.")
        errors = response.context["adminform"].form.errors
        self.assertIn("{ho_ten}", errors["body"][0])
        self.assertIn("Trường không có cho loại thông báo này", errors["body"][0])

    def test_an_unknown_placeholder_in_the_subject_is_refused_too(self) -> None:
        response = self.edit(subject="Hồ sơ {ma_ho_so}")
        self.assertIn("{ma_ho_so}", response.context["adminform"].form.errors["subject"][0])

    def test_saving_an_edit_writes_version_2(self) -> None:
        self.edit(body="Hồ sơ {code} đã được nhận. Hẹn trả: {due}.")
        newest = MessageTemplate.objects.get(
            kind="received", channel="sms", language="vi", version=2
        )
        self.assertEqual(
            (newest.body, newest.created_by),
            ("Hồ sơ {code} đã được nhận. Hẹn trả: {due}.", self.admin),
        )

    def test_saving_an_edit_leaves_version_1_unchanged(self) -> None:
        before = MessageTemplate.objects.get(pk=self.template.pk)
        self.edit(body="Hồ sơ {code} đã được nhận.")
        after = MessageTemplate.objects.get(pk=self.template.pk)
        self.assertEqual(
            (after.version, after.subject, after.body, after.created_by_id),
            (1, before.subject, before.body, before.created_by_id),
        )

    def test_the_newest_version_is_what_messages_are_made_from(self) -> None:
        self.edit(body="Hồ sơ {code} đã được nhận.")
        used = current_template("received", "sms", "vi")
        assert used is not None
        self.assertEqual((used.version, used.body), (2, "Hồ sơ {code} đã được nhận."))

    def test_each_edit_takes_the_next_version_from_the_newest(self) -> None:
        self.edit(body="Lần 1: {code}")
        self.edit(body="Lần 2: {code}")  # from the page of version 1, opened before
        versions = MessageTemplate.objects.filter(kind="received", channel="sms", language="vi")
        self.assertEqual(
            list(versions.order_by("version").values_list("version", "body"))[1:],
            [(2, "Lần 1: {code}"), (3, "Lần 2: {code}")],
        )

    def test_saving_without_a_change_writes_no_version(self) -> None:
        self.edit()
        self.assertFalse(MessageTemplate.objects.filter(kind="received", version=2).exists())

    def test_save_and_continue_opens_the_new_version(self) -> None:
        response = self.edit(body="Hồ sơ {code}.", _continue="1")
        newest = MessageTemplate.objects.get(
            kind="received", channel="sms", language="vi", version=2
        )
        self.assertRedirects(response, change_url(newest))

    def test_the_preview_shows_the_kinds_sample_values(self) -> None:
        response = self.client.get(change_url(self.template))
        samples = KINDS["received"].placeholders
        self.assertContains(response, f"Hồ sơ {samples['code']} ({samples['procedure']})")
        self.assertContains(response, samples["due"])

    def test_the_preview_of_an_sms_counts_its_segments(self) -> None:
        response = self.client.get(change_url(self.template))
        self.assertContains(response, "tin SMS (UCS-2")  # with its diacritics
        self.assertContains(response, "tin SMS (GSM-7")  # and without

    def test_a_new_template_needs_a_known_kind(self) -> None:
        form = MessageTemplateForm(
            data={"kind": "khong_co", "channel": "sms", "language": "vi", "body": "{code}"}
        )
        self.assertIn("kind", form.errors)

    def test_adding_a_template_for_a_kind_writes_its_next_version(self) -> None:
        self.client.post(
            reverse("admin:notifications_messagetemplate_add"),
            {
                "kind": "received",
                "channel": "sms",
                "language": "vi",
                "subject": "",
                "body": "Đã nhận hồ sơ {code}.",
                "zns_template_id": "",
            },
        )
        self.assertTrue(
            MessageTemplate.objects.filter(kind="received", channel="sms", version=2).exists()
        )

    def test_a_version_cannot_be_deleted(self) -> None:
        url = reverse("admin:notifications_messagetemplate_delete", args=[self.template.pk])
        self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 403)

    def test_the_list_shows_the_version_and_filters_by_kind(self) -> None:
        self.edit(body="Hồ sơ {code}.")
        url = reverse("admin:notifications_messagetemplate_changelist")
        response = self.client.get(url, {"kind": "received", "channel": "sms", "language": "vi"})
        self.assertEqual([row.version for row in response.context["cl"].result_list], [2, 1])

    def test_a_commune_administrator_cannot_edit_templates(self) -> None:
        commune = create_unit(parent=self.province)
        self.client.force_login(create_officer(commune, roles=(Role.UNIT_ADMIN,)))
        self.assertEqual(self.edit(body="{code}").status_code, 403)


class SenderProfileAdminTestCase(TestCase):
    unit: GovernmentUnit
    other: GovernmentUnit
    admin: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.unit = create_unit()
        cls.other = create_unit()
        cls.admin = create_officer(cls.unit, roles=(Role.UNIT_ADMIN,))

    def form(self, **fields: Any) -> SenderProfileForm:
        data = {"unit": self.unit.pk, "quiet_after": "22:00", "quiet_until": "07:00"}
        data.update(fields)
        form = SenderProfileForm(data=data)
        form.fields["unit"].queryset = GovernmentUnit.objects.all()  # type: ignore[attr-defined]
        return form

    def test_it_stores_the_chosen_units_id(self) -> None:
        self.client.force_login(self.admin)
        self.client.post(
            reverse("admin:notifications_senderprofile_add"),
            {"unit": self.unit.pk, "sms_brandname": "UBND PHUONG", "email_from": "",
             "quiet_after": "22:00", "quiet_until": "07:00"},
        )  # fmt: skip
        self.assertEqual(SenderProfile.objects.get().unit_id, self.unit.pk)

    def test_a_brandname_of_eleven_ascii_letters_digits_and_spaces_passes(self) -> None:
        self.assertTrue(self.form(sms_brandname="UBND PHUONG").is_valid())

    def test_a_brandname_with_diacritics_is_refused(self) -> None:
        form = self.form(sms_brandname="UBND PHƯỜNG")
        self.assertIn("quy định của nhà mạng", form.errors["sms_brandname"][0])

    def test_a_brandname_longer_than_eleven_characters_is_refused(self) -> None:
        self.assertIn("sms_brandname", self.form(sms_brandname="UBNDPHUONG12").errors)

    def test_a_brandname_with_punctuation_is_refused(self) -> None:
        self.assertIn("sms_brandname", self.form(sms_brandname="UBND-HN").errors)

    def test_an_email_from_must_hold_an_address(self) -> None:
        self.assertIn("email_from", self.form(email_from="Trung tâm").errors)
        self.assertTrue(self.form(email_from="Trung tâm <khong-tra-loi@example.vn>").is_valid())

    def test_a_unit_has_one_profile(self) -> None:
        SenderProfile.objects.create(unit_id=self.unit.pk)
        self.assertIn("unit", self.form().errors)

    def test_the_unit_chooser_offers_only_the_administered_units(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get(reverse("admin:notifications_senderprofile_add"))
        choices = list(response.context["adminform"].form.fields["unit"].queryset)
        self.assertEqual(choices, [self.unit])

    def test_another_units_profile_is_not_listed(self) -> None:
        SenderProfile.objects.create(unit_id=self.other.pk, sms_brandname="KHAC")
        mine = SenderProfile.objects.create(unit_id=self.unit.pk, sms_brandname="CUA TOI")
        self.client.force_login(self.admin)
        response = self.client.get(reverse("admin:notifications_senderprofile_changelist"))
        self.assertEqual(list(response.context["cl"].result_list), [mine])


class NotificationAdminTestCase(TestCase):
    boss: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.boss = User.objects.create_superuser(
            "sieuquantri", password="x", full_name="Siêu Quản Trị", kind=User.Kind.OFFICER
        )

    def setUp(self) -> None:
        self.client.force_login(self.boss)
        self.message = create_message()

    def test_the_list_masks_the_address(self) -> None:
        response = self.client.get(reverse("admin:notifications_notification_changelist"))
        self.assertContains(response, "09******78")
        self.assertNotContains(response, PHONE)

    def test_the_message_page_masks_the_address_and_shows_its_receipts(self) -> None:
        DeliveryReceipt.objects.create(
            channel="sms",
            provider_id="sms-1",
            notification=self.message,
            outcome="permanent-failure",
            detail="so-khong-ton-tai",
            received_at=self.message.created_at,
        )
        url = reverse("admin:notifications_notification_change", args=[self.message.pk])
        response = self.client.get(url)
        self.assertContains(response, "so-khong-ton-tai")
        self.assertNotContains(response, PHONE)

    def test_nobody_adds_or_edits_a_message(self) -> None:
        url = reverse("admin:notifications_notification_change", args=[self.message.pk])
        self.client.post(url, {"subject": "Đã sửa"})
        self.message.refresh_from_db()
        self.assertNotEqual(self.message.subject, "Đã sửa")
        add = reverse("admin:notifications_notification_add")
        self.assertEqual(self.client.get(add).status_code, 403)

    def test_a_unit_administrator_sees_only_the_messages_of_their_units(self) -> None:
        unit = create_unit()
        mine = create_message(unit_id=unit.pk)
        create_message(unit_id=create_unit().pk)
        self.client.force_login(create_officer(unit, roles=(Role.UNIT_ADMIN,)))
        response = self.client.get(reverse("admin:notifications_notification_changelist"))
        self.assertEqual(list(response.context["cl"].result_list), [mine])

    def test_it_searches_an_exact_address(self) -> None:
        create_message(address="0987654321")
        url = reverse("admin:notifications_notification_changelist")
        response = self.client.get(url, {"q": PHONE})
        self.assertEqual(list(response.context["cl"].result_list), [self.message])
