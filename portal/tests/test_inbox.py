"""The citizen's message centre ("Thông báo của tôi"): their messages only, the unread ones
marked, linked to their own dossiers, marked read one by one or all at once by POST forms that
send them back; and the unread count in the header of every page."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from catalog.models import ProcedureVersion
from core.testing import create_citizen
from core.testing_queries import FixedQueries
from dossiers.testing import Office, applicant_of, create_procedure, create_received_dossier
from notifications import inbox
from notifications.tests.inbox_messages import badge, in_app_message, read
from portal import inbox as portal_inbox

UNREAD = "Chưa đọc"
LIST = reverse("portal:inbox")


def messages_read(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "notifications_notification" in q["sql"]]


class MessageCentreTestCase(TestCase):
    citizen: User
    other: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.citizen = create_citizen(full_name="Nguyễn Thị Lan")
        cls.other = create_citizen(full_name="Trần Văn Bình")

    def setUp(self) -> None:
        cache.clear()  # the header's count
        self.client.force_login(self.citizen)

    def page(self, url: str = LIST) -> str:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_lists_the_citizens_messages(self) -> None:
        message = in_app_message(self.citizen)
        self.assertIn(message.subject, self.page())

    def test_it_marks_the_unread_ones(self) -> None:
        in_app_message(self.citizen)
        seen = in_app_message(self.citizen)
        inbox.mark_read(self.citizen, [seen.pk])
        html = self.page()
        self.assertEqual(html.count(f'govuk-!-margin-right-2">{UNREAD}</strong>'), 1)
        self.assertIn("Bạn có 1 thông báo chưa đọc.", html)

    def test_it_never_shows_another_citizens_message(self) -> None:
        theirs = in_app_message(self.other)
        self.assertNotIn(theirs.subject, self.page())

    def test_it_says_when_there_is_nothing(self) -> None:
        self.assertIn("Chưa có thông báo nào.", self.page())

    def test_it_links_a_message_to_the_citizens_dossier(self) -> None:
        dossier = create_received_dossier(
            create_procedure(), Office.create(), applicant=self.citizen
        )
        url = reverse("portal:dossier", args=[dossier.code])
        self.assertIn(f'href="{url}"', self.page())

    def test_it_does_not_link_a_dossier_that_is_not_the_citizens(self) -> None:
        dossier = create_received_dossier(create_procedure(), Office.create(), applicant=self.other)
        message = in_app_message(self.citizen, code=dossier.code)
        html = self.page()
        self.assertIn(message.subject, html)
        self.assertNotIn(reverse("portal:dossier", args=[dossier.code]), html)

    def test_it_lists_older_messages_on_the_next_page(self) -> None:
        oldest = in_app_message(self.citizen)
        for _ in range(portal_inbox.PAGE_SIZE):
            in_app_message(self.citizen)
        first = self.page()
        self.assertNotIn(oldest.subject, first)
        self.assertIn('href="?trang=2"', first)
        self.assertIn(oldest.subject, self.page(f"{LIST}?trang=2"))

    def test_it_asks_someone_not_signed_in_to_sign_in(self) -> None:
        response = Client().get(LIST)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={LIST}")


class MarkReadTestCase(TestCase):
    citizen: User
    other: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.citizen = create_citizen()
        cls.other = create_citizen()

    def setUp(self) -> None:
        self.client.force_login(self.citizen)

    def test_it_marks_one_message_read_and_goes_back(self) -> None:
        message = in_app_message(self.citizen)
        back = f"{LIST}?trang=2"
        response = self.client.post(reverse("portal:inbox_read", args=[message.pk]), {"next": back})
        self.assertRedirects(response, back, fetch_redirect_response=False)
        self.assertIsNotNone(read(message).read_at)

    def test_it_leaves_the_other_messages_unread(self) -> None:
        message = in_app_message(self.citizen)
        left = in_app_message(self.citizen)
        self.client.post(reverse("portal:inbox_read", args=[message.pk]))
        self.assertIsNone(read(left).read_at)

    def test_it_never_marks_another_citizens_message(self) -> None:
        theirs = in_app_message(self.other)
        response = self.client.post(reverse("portal:inbox_read", args=[theirs.pk]))
        self.assertRedirects(response, LIST, fetch_redirect_response=False)
        self.assertIsNone(read(theirs).read_at)

    def test_it_marks_all_the_citizens_messages_read(self) -> None:
        mine = [in_app_message(self.citizen) for _ in range(3)]
        theirs = in_app_message(self.other)
        response = self.client.post(reverse("portal:inbox_read_all"), {"next": LIST})
        self.assertRedirects(response, LIST, fetch_redirect_response=False)
        self.assertTrue(all(read(m).read_at is not None for m in mine))
        self.assertIsNone(read(theirs).read_at)

    def test_it_says_what_it_did(self) -> None:
        in_app_message(self.citizen)
        response = self.client.post(reverse("portal:inbox_read_all"), follow=True)
        self.assertContains(response, "Đã đánh dấu tất cả thông báo là đã đọc.")

    def test_it_goes_back_only_to_a_page_of_this_site(self) -> None:
        message = in_app_message(self.citizen)
        response = self.client.post(
            reverse("portal:inbox_read", args=[message.pk]), {"next": "https://example.com/"}
        )
        self.assertRedirects(response, LIST, fetch_redirect_response=False)

    def test_marking_read_takes_a_post_only(self) -> None:
        message = in_app_message(self.citizen)
        response = self.client.get(reverse("portal:inbox_read", args=[message.pk]))
        self.assertEqual(response.status_code, 405)
        self.assertIsNone(read(message).read_at)

    def test_marking_read_needs_the_forms_csrf_token(self) -> None:
        message = in_app_message(self.citizen)
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.citizen)
        response = client.post(reverse("portal:inbox_read_all"))
        self.assertEqual(response.status_code, 403)
        self.assertIsNone(read(message).read_at)

    def test_the_list_posts_each_form_with_its_token(self) -> None:
        message = in_app_message(self.citizen)
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.citizen)
        html = client.get(LIST).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        self.assertIsNotNone(token)
        self.assertIn(f'action="{reverse("portal:inbox_read", args=[message.pk])}"', html)
        response = client.post(
            reverse("portal:inbox_read", args=[message.pk]),
            {"csrfmiddlewaretoken": token.group(1), "next": LIST},
        )
        self.assertEqual(response.status_code, 302)
        self.assertIsNotNone(read(message).read_at)


class HeaderCountTestCase(TestCase):
    """The unread count beside "Thông báo của tôi" in every page's header."""

    citizen: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.citizen = create_citizen()

    def setUp(self) -> None:
        cache.clear()
        self.client.force_login(self.citizen)

    def header(self) -> str | None:
        return badge(self.client.get(reverse("portal:my_dossiers")).content.decode())

    def test_it_shows_the_unread_count(self) -> None:
        for _ in range(3):
            in_app_message(self.citizen)
        self.assertEqual(self.header(), "3")

    def test_it_shows_nothing_when_all_is_read(self) -> None:
        inbox.mark_read(self.citizen, [in_app_message(self.citizen).pk])
        self.assertIsNone(self.header())

    def test_it_shows_nothing_to_someone_not_signed_in(self) -> None:
        in_app_message(self.citizen)
        self.client.logout()
        self.assertIsNone(badge(self.client.get(reverse("portal:home")).content.decode()))

    def test_it_costs_one_query_then_none_for_a_minute(self) -> None:
        in_app_message(self.citizen)
        url = reverse("portal:data_store")
        with CaptureQueriesContext(connection) as first:
            self.client.get(url)
        with CaptureQueriesContext(connection) as then:
            self.assertEqual(badge(self.client.get(url).content.decode()), "1")
        self.assertEqual(len(messages_read(first)), 1)
        self.assertEqual(messages_read(then), [])

    def test_it_follows_the_citizens_own_reading_at_once(self) -> None:
        message = in_app_message(self.citizen)
        in_app_message(self.citizen)
        self.assertEqual(self.header(), "2")
        self.client.post(reverse("portal:inbox_read", args=[message.pk]))
        self.assertEqual(self.header(), "1")

    def test_it_shows_a_new_message_within_a_minute(self) -> None:
        self.assertIsNone(self.header())
        in_app_message(self.citizen)
        later = timezone.now() + timedelta(seconds=inbox.HEADER_COUNT_SECONDS + 1)
        with time_machine.travel(later):
            self.assertEqual(self.header(), "1")

    def test_the_message_centre_counts_afresh(self) -> None:
        self.assertIsNone(self.header())
        in_app_message(self.citizen)
        self.assertEqual(badge(self.client.get(LIST).content.decode()), "1")


class MessageCentreQueriesTestCase(FixedQueries):
    """The list in a fixed number of queries: the session, the user, the messages, the
    dossiers they name, the unread count, and the header's administration link."""

    office: Office
    version: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.version = create_procedure(days=3)

    def test_the_message_centre(self) -> None:
        citizen = applicant_of(create_received_dossier(self.version, self.office))

        def more() -> Iterable[str]:
            dossiers = [
                create_received_dossier(self.version, self.office, applicant=citizen)
                for _ in range(3)
            ]
            in_app_message(citizen)  # about no dossier
            return [reverse("portal:dossier", args=[d.code]) for d in dossiers]

        self.assertFixedQueries(6, citizen, LIST, more)
