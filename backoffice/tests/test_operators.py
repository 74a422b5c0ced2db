"""The operators' page of a unit's sent messages: who sees it, what it lists (addresses
masked), its filters and search, a message's receipts, "Gửi lại", its queries, and axe-core
with the reflow at 320 px (check_page)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import TestCase
from django.urls import reverse

from accounts.models import Role, User
from backoffice.operators import PAGE_SIZE, phone_forms
from core.testing import create_officer
from core.testing_browser import check_page, expect
from core.testing_queries import FixedQueries
from dossiers.testing import Office
from notifications.models import DeliveryReceipt, Notification
from notifications.tests.test_resend import CODE, PHONE, create_message

Status = Notification.Status
MASKED = "09******78"


def list_url(office: Office) -> str:
    return reverse("backoffice:sent_messages", args=[office.unit.pk])


def detail_url(message: Notification) -> str:
    return reverse("backoffice:sent_message", args=[message.pk])


def resend_url(message: Notification) -> str:
    return reverse("backoffice:resend_message", args=[message.pk])


class OperatorsPageTestCase(TestCase):
    office: Office

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()

    def message(self, **overrides: Any) -> Notification:
        return create_message(unit_id=self.office.unit.pk, **overrides)

    def get(self, user: User, url: str, data: dict[str, str] | None = None) -> Any:
        self.client.force_login(user)
        return self.client.get(url, data)

    def search(self, user: User, text: str, **filters: str) -> Any:
        """The filter form posted, and the page it redirects to."""
        self.client.force_login(user)
        return self.client.post(list_url(self.office), {"q": text, **filters}, follow=True)

    def shown(self, response: Any) -> list[int]:
        return [row.message.pk for row in response.context["rows"]]

    # Who -------------------------------------------------------------------------------

    def test_a_desk_officer_sees_the_units_messages(self) -> None:
        message = self.message()
        response = self.get(self.office.desk, list_url(self.office))
        self.assertEqual(self.shown(response), [message.pk])
        self.assertContains(response, CODE)

    def test_a_leader_sees_them(self) -> None:
        message = self.message()
        self.assertEqual(
            self.shown(self.get(self.office.leader, list_url(self.office))), [message.pk]
        )

    def test_a_specialist_is_refused(self) -> None:
        self.assertEqual(self.get(self.office.specialist, list_url(self.office)).status_code, 403)

    def test_a_superuser_sees_any_unit(self) -> None:
        message = self.message()
        boss = User.objects.create_superuser(
            "sieuquantri", password="x", full_name="Siêu Quản Trị", kind=User.Kind.OFFICER
        )
        self.assertEqual(self.shown(self.get(boss, list_url(self.office))), [message.pk])

    def test_an_officer_of_another_unit_cannot_open_the_list(self) -> None:
        self.message()
        other = Office.create()
        self.assertEqual(self.get(other.desk, list_url(self.office)).status_code, 403)

    def test_an_officer_of_another_unit_cannot_open_a_message(self) -> None:
        message = self.message()
        other = Office.create()
        self.assertEqual(self.get(other.leader, detail_url(message)).status_code, 404)

    def test_an_officer_of_another_unit_cannot_resend_a_message(self) -> None:
        message = self.message()
        self.client.force_login(Office.create().desk)
        self.assertEqual(self.client.post(resend_url(message)).status_code, 404)
        self.assertFalse(message.resends.exists())

    def test_an_officer_does_not_see_another_units_messages_in_their_own_list(self) -> None:
        other = Office.create()
        mine = create_message(unit_id=other.unit.pk)
        self.message()
        self.assertEqual(self.shown(self.get(other.desk, list_url(other))), [mine.pk])

    def test_a_leader_of_the_unit_above_is_refused(self) -> None:
        branch = Office.create(parent=self.office.unit)
        self.assertEqual(self.get(self.office.leader, list_url(branch)).status_code, 403)

    def test_the_index_sends_an_officer_of_one_unit_to_its_list(self) -> None:
        response = self.get(self.office.desk, reverse("backoffice:sent_units"))
        self.assertRedirects(response, list_url(self.office))

    def test_the_index_lets_an_officer_of_two_units_choose(self) -> None:
        other = Office.create()
        both = create_officer(self.office.unit, roles=(Role.LEADER,))
        both.memberships.create(unit=other.unit, role=Role.FRONT_DESK)
        response = self.get(both, reverse("backoffice:sent_units"))
        self.assertContains(response, list_url(self.office))
        self.assertContains(response, list_url(other))

    def test_the_index_refuses_an_officer_without_the_roles(self) -> None:
        self.assertEqual(
            self.get(self.office.specialist, reverse("backoffice:sent_units")).status_code, 403
        )

    # What --------------------------------------------------------------------------------

    def test_the_list_shows_the_columns(self) -> None:
        self.message(failure_code="invalid_number")
        response = self.get(self.office.desk, list_url(self.office))
        for text in (CODE, "Tin nhắn SMS", MASKED, "Hồ sơ được tiếp nhận", "Không gửi được"):
            self.assertContains(response, text)
        self.assertContains(response, "<code>invalid_number</code>", html=True)

    def test_the_list_masks_the_address(self) -> None:
        self.message()
        self.assertNotContains(self.get(self.office.desk, list_url(self.office)), PHONE)

    def test_the_list_is_newest_first(self) -> None:
        older, newer = self.message(), self.message()
        response = self.get(self.office.desk, list_url(self.office))
        self.assertEqual(self.shown(response), [newer.pk, older.pk])

    def test_the_next_page_goes_on_where_the_first_ended(self) -> None:
        made = [self.message().pk for _ in range(PAGE_SIZE + 2)]
        first = self.get(self.office.desk, list_url(self.office))
        following = self.client.get(list_url(self.office), {"truoc": first.context["next"]})
        self.assertEqual(self.shown(first) + self.shown(following), list(reversed(made)))

    def test_it_filters_by_status(self) -> None:
        failed = self.message()
        self.message(status=Status.DELIVERED)
        response = self.get(
            self.office.desk, list_url(self.office), {"trang-thai": "permanent-failure"}
        )
        self.assertEqual(self.shown(response), [failed.pk])

    def test_it_filters_by_channel(self) -> None:
        email = self.message(channel="email", address="an@example.vn")
        self.message()
        response = self.get(self.office.desk, list_url(self.office), {"kenh": "email"})
        self.assertEqual(self.shown(response), [email.pk])

    def test_it_searches_by_dossier_code(self) -> None:
        found = self.message(dossier_code="000.00.21.H01-261201-0099")
        self.message()
        response = self.search(self.office.desk, "000.00.21.h01-261201-0099")
        self.assertEqual(self.shown(response), [found.pk])

    def test_a_search_by_phone_finds_the_message(self) -> None:
        found = self.message()
        self.message(address="0987654321")
        response = self.search(self.office.desk, "+84 912 345 678")
        self.assertEqual(self.shown(response), [found.pk])

    def test_a_search_by_phone_does_not_show_the_full_number(self) -> None:
        self.message()
        response = self.search(self.office.desk, "+84 912 345 678")
        self.assertContains(response, MASKED)
        for shown in (PHONE, "912345678", "912 345 678"):
            self.assertNotContains(response, shown)

    def test_a_search_by_phone_finds_a_number_stored_in_the_international_form(self) -> None:
        found = self.message(address="+84912345678")
        response = self.search(self.office.desk, PHONE)
        self.assertEqual(self.shown(response), [found.pk])

    def test_a_search_by_email_finds_the_message(self) -> None:
        found = self.message(channel="email", address="an@example.vn")
        response = self.search(self.office.desk, "an@example.vn")
        self.assertEqual(self.shown(response), [found.pk])
        self.assertNotContains(response, "an@example.vn")

    def test_the_number_searched_for_is_in_no_address(self) -> None:
        self.message()
        response = self.search(self.office.desk, "+84 912 345 678")
        [(address, _status)] = response.redirect_chain
        self.assertNotIn("912", address)

    def test_a_number_given_in_the_address_is_taken_out_of_it(self) -> None:
        response = self.get(self.office.desk, list_url(self.office), {"q": PHONE})
        self.assertEqual(response.status_code, 302)
        self.assertNotIn("912", response["Location"])

    def test_the_search_carries_to_the_next_page_without_the_number(self) -> None:
        for _ in range(PAGE_SIZE + 1):
            self.message()
        self.message(address="0987654321")
        first = self.search(self.office.desk, PHONE)
        self.assertNotContains(first, "912345678")
        after = urlencode({"truoc": first.context["next"]})
        link = f"{list_url(self.office)}?{first.context['carried']}&{after}"
        following = self.client.get(link)
        self.assertEqual(len(self.shown(following)), 1)
        self.assertEqual(following.context["rows"][0].address, MASKED)

    def test_changing_a_filter_keeps_the_search(self) -> None:
        found = self.message()
        self.message(address="0987654321")
        self.message(status=Status.DELIVERED)
        first = self.search(self.office.desk, PHONE)
        response = self.client.post(
            list_url(self.office),
            {"q": "", "tim": first.context["search_key"], "trang-thai": "permanent-failure"},
            follow=True,
        )
        self.assertEqual(self.shown(response), [found.pk])

    def test_a_search_of_another_session_is_not_found(self) -> None:
        self.message()
        first = self.search(self.office.desk, PHONE)
        self.client.force_login(self.office.leader)  # a new session
        response = self.client.get(f"{list_url(self.office)}?{first.context['carried']}")
        self.assertContains(response, "Tìm kiếm này không còn lưu")

    def test_phone_forms_are_the_stored_forms(self) -> None:
        self.assertEqual(phone_forms("0912.345.678"), ["0912345678", "+84912345678", "84912345678"])
        self.assertIsNone(phone_forms("000.00.21.H01-261201-0001"))

    # A message ---------------------------------------------------------------------------

    def test_a_message_shows_its_receipts(self) -> None:
        message = self.message()
        DeliveryReceipt.objects.create(
            channel="sms",
            provider_id="sms-1",
            notification=message,
            outcome="permanent-failure",
            detail="so-khong-ton-tai",
            applied=True,
            received_at=message.created_at,
        )
        response = self.get(self.office.desk, detail_url(message))
        self.assertContains(response, "so-khong-ton-tai")
        self.assertNotContains(response, PHONE)

    def test_a_failed_message_offers_to_send_it_again(self) -> None:
        response = self.get(self.office.desk, detail_url(self.message()))
        self.assertContains(response, "Gửi lại</button>")

    def test_a_delivered_message_offers_no_resend(self) -> None:
        response = self.get(self.office.desk, detail_url(self.message(status=Status.DELIVERED)))
        self.assertNotContains(response, "Gửi lại</button>")

    # Gửi lại -----------------------------------------------------------------------------

    def test_resending_queues_a_copy_and_opens_it(self) -> None:
        message = self.message()
        self.client.force_login(self.office.desk)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(resend_url(message))
        copy = message.resends.get()
        self.assertRedirects(response, detail_url(copy))
        self.assertEqual(copy.status, Status.DELIVERED)  # sent after commit (the console here)

    def test_a_delivered_message_cannot_be_resent(self) -> None:
        message = self.message(status=Status.DELIVERED)
        self.client.force_login(self.office.desk)
        response = self.client.post(resend_url(message), follow=True)
        self.assertFalse(message.resends.exists())
        self.assertContains(response, "Chỉ gửi lại tin gửi không thành công")

    def test_resending_needs_a_post(self) -> None:
        message = self.message()
        self.assertEqual(self.get(self.office.desk, resend_url(message)).status_code, 405)


class OperatorsPageQueriesTestCase(FixedQueries):
    office: Office

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()

    def test_the_list(self) -> None:
        create_message(unit_id=self.office.unit.pk)

        def more() -> Iterable[str]:
            codes = [f"000.00.21.H01-261201-{number:04d}" for number in range(10, 14)]
            for code in codes:
                create_message(unit_id=self.office.unit.pk, dossier_code=code)
            return codes

        self.assertFixedQueries(6, self.office.desk, list_url(self.office), more)

    def test_a_message_with_its_receipts(self) -> None:
        message = create_message(unit_id=self.office.unit.pk)

        def more() -> Iterable[str]:
            details = [f"receipt-{number}" for number in range(4)]
            for detail in details:
                DeliveryReceipt.objects.create(
                    channel="sms",
                    provider_id="sms-1",
                    notification=message,
                    outcome="permanent-failure",
                    detail=detail,
                    received_at=message.created_at,
                )
            return details

        self.assertFixedQueries(7, self.office.desk, detail_url(message), more)


@pytest.mark.browser
def test_the_sent_messages_page_is_accessible(page: Any, log_in: Any) -> None:
    office = Office.create(name="Trung tâm Phục vụ hành chính công Phường Thử")
    create_message(unit_id=office.unit.pk)
    create_message(
        unit_id=office.unit.pk, status=Status.DELIVERED, channel="email", address="an@example.vn"
    )
    log_in(page, office.desk)
    page.goto(list_url(office))
    page.get_by_label("Mã hồ sơ, số điện thoại hoặc thư điện tử").fill(PHONE)
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_text("Kết quả tìm theo")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông báo đã gửi")
    expect(page.get_by_role("cell", name=MASKED)).to_be_visible()
    check_page(page, "thong-bao-da-gui")  # axe-core, and no sideways scroll at 320 px


@pytest.mark.browser
def test_a_sent_message_is_accessible(page: Any, log_in: Any) -> None:
    office = Office.create()
    message = create_message(unit_id=office.unit.pk)
    DeliveryReceipt.objects.create(
        channel="sms",
        provider_id="sms-1",
        notification=message,
        outcome="permanent-failure",
        detail="so-khong-ton-tai",
        received_at=message.created_at,
    )
    log_in(page, office.desk)
    page.goto(detail_url(message))
    expect(page.get_by_role("button", name="Gửi lại")).to_be_visible()
    check_page(page, "thong-bao")
