"""The officer's feed ("Bảng tin"): their in-app messages only, linked to the dossiers they may
open, marked read one by one or all at once; the unread count beside it in the header; the page
in a fixed number of queries; closed to citizens."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse

from catalog.models import ProcedureVersion
from core.testing import create_citizen
from core.testing_queries import FixedQueries
from dossiers import actions
from dossiers.actors import person
from dossiers.testing import Office, create_dossier, create_procedure, create_received_dossier
from notifications.tests.inbox_messages import badge, in_app_message, read

FEED = reverse("backoffice:feed")


class FeedTestCase(TestCase):
    office: Office
    version: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.version = create_procedure(days=3)

    def setUp(self) -> None:
        cache.clear()  # the header's count
        self.officer = self.office.desk
        self.client.force_login(self.officer)

    def page(self) -> str:
        response = self.client.get(FEED)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_lists_the_officers_messages(self) -> None:
        message = in_app_message(self.officer, kind="due_soon")
        html = self.page()
        self.assertIn(message.subject, html)
        self.assertIn("Bạn có 1 thông báo chưa đọc.", html)

    def test_a_dossier_given_to_the_officer_shows_in_their_feed(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        actions.assign(dossier, actor=person(self.office.leader), assignee=self.office.specialist)
        self.client.force_login(self.office.specialist)
        html = self.page()
        self.assertIn(dossier.code, html)
        self.assertIn(f'href="{reverse("backoffice:dossier", args=[dossier.code])}"', html)

    def test_it_never_shows_a_colleagues_message(self) -> None:
        theirs = in_app_message(self.office.specialist, kind="overdue")
        self.assertNotIn(theirs.subject, self.page())

    def test_it_links_a_dossier_the_officer_may_open(self) -> None:
        dossier = create_dossier(self.version, self.office)
        in_app_message(self.officer, kind="inbox_arrived", dossier=dossier)
        self.assertIn(f'href="{reverse("backoffice:dossier", args=[dossier.code])}"', self.page())

    def test_it_does_not_link_a_dossier_of_another_unit(self) -> None:
        dossier = create_dossier(self.version, Office.create())
        message = in_app_message(self.officer, kind="inbox_arrived", dossier=dossier)
        html = self.page()
        self.assertIn(message.subject, html)
        self.assertNotIn(reverse("backoffice:dossier", args=[dossier.code]), html)

    def test_it_marks_one_message_read_and_goes_back(self) -> None:
        message = in_app_message(self.officer, kind="overdue")
        left = in_app_message(self.officer, kind="overdue")
        response = self.client.post(reverse("backoffice:feed_read", args=[message.pk]))
        self.assertRedirects(response, FEED, fetch_redirect_response=False)
        self.assertIsNotNone(read(message).read_at)
        self.assertIsNone(read(left).read_at)

    def test_it_never_marks_a_colleagues_message(self) -> None:
        theirs = in_app_message(self.office.specialist, kind="overdue")
        self.client.post(reverse("backoffice:feed_read", args=[theirs.pk]))
        self.client.post(reverse("backoffice:feed_read_all"))
        self.assertIsNone(read(theirs).read_at)

    def test_it_marks_all_read(self) -> None:
        mine = [in_app_message(self.officer, kind="due_soon") for _ in range(2)]
        response = self.client.post(reverse("backoffice:feed_read_all"), {"next": FEED})
        self.assertRedirects(response, FEED, fetch_redirect_response=False)
        self.assertTrue(all(read(m).read_at is not None for m in mine))

    def test_the_header_shows_the_unread_count(self) -> None:
        in_app_message(self.officer, kind="overdue")
        html = self.client.get(reverse("backoffice:inbox")).content.decode()
        self.assertIn(f'href="{FEED}"', html)
        self.assertEqual(badge(html), "1")

    def test_the_header_follows_the_officers_reading_at_once(self) -> None:
        in_app_message(self.officer, kind="overdue")
        inbox_page = reverse("backoffice:inbox")
        self.assertEqual(badge(self.client.get(inbox_page).content.decode()), "1")
        self.client.post(reverse("backoffice:feed_read_all"))
        self.assertIsNone(badge(self.client.get(inbox_page).content.decode()))


class FeedAccessTestCase(TestCase):
    def test_a_citizen_is_refused(self) -> None:
        citizen = create_citizen()
        message = in_app_message(citizen)
        self.client.force_login(citizen)
        self.assertEqual(self.client.get(FEED).status_code, 403)
        self.assertEqual(self.client.post(reverse("backoffice:feed_read_all")).status_code, 403)
        self.assertIsNone(read(message).read_at)

    def test_someone_not_signed_in_is_sent_to_sign_in(self) -> None:
        response = self.client.get(FEED)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={FEED}")


class FeedQueriesTestCase(FixedQueries):
    """The session, the user, the officer's roles, the messages, the dossiers they may open
    among those named, the unread count, and the header's administration link."""

    office: Office
    version: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.version = create_procedure(days=3)

    def test_the_feed(self) -> None:
        officer = self.office.desk
        in_app_message(
            officer, kind="inbox_arrived", dossier=create_dossier(self.version, self.office)
        )

        def more() -> Iterable[str]:
            dossiers = [create_dossier(self.version, self.office) for _ in range(3)]
            for dossier in dossiers:
                in_app_message(officer, kind="inbox_arrived", dossier=dossier)
            in_app_message(officer, kind="due_soon")  # about no dossier
            return [reverse("backoffice:dossier", args=[d.code]) for d in dossiers]

        self.assertFixedQueries(7, officer, FEED, more)
