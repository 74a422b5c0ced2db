"""The message centre's queries: a person's in-app messages only, newest first, counted while
unread, marked read by their recipient alone and once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase

from core import clock
from core.testing import create_citizen
from notifications import inbox
from notifications.models import Notification
from notifications.tests.inbox_messages import in_app_message, read

MORNING = datetime(2026, 12, 2, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


class InboxTestCase(TestCase):
    def setUp(self) -> None:
        self.citizen = create_citizen()
        self.other = create_citizen()

    def test_it_counts_the_unread_messages(self) -> None:
        in_app_message(self.citizen)
        in_app_message(self.citizen)
        self.assertEqual(inbox.unread_count(self.citizen), 2)

    def test_a_read_message_is_not_counted(self) -> None:
        message = in_app_message(self.citizen)
        in_app_message(self.citizen)
        inbox.mark_read(self.citizen, [message.pk])
        self.assertEqual(inbox.unread_count(self.citizen), 1)

    def test_another_persons_messages_are_not_counted(self) -> None:
        in_app_message(self.other)
        self.assertEqual(inbox.unread_count(self.citizen), 0)

    def test_messages_on_other_channels_are_not_counted_nor_listed(self) -> None:
        in_app_message(self.citizen, phone="0912345678", email="lan@example.vn")
        channels = set(
            Notification.objects.filter(recipient=self.citizen).values_list("channel", flat=True)
        )
        self.assertEqual(channels, {"in_app", "sms", "email"})
        self.assertEqual(inbox.unread_count(self.citizen), 1)
        self.assertEqual([m.channel for m in inbox.messages_for(self.citizen)], ["in_app"])

    def test_someone_not_signed_in_has_nothing(self) -> None:
        with self.assertNumQueries(0):
            self.assertEqual(inbox.unread_count(AnonymousUser()), 0)
            self.assertEqual(inbox.messages_for(AnonymousUser()), [])

    def test_it_lists_the_newest_first(self) -> None:
        made = [in_app_message(self.citizen) for _ in range(3)]
        listed = inbox.messages_for(self.citizen)
        self.assertEqual([m.pk for m in listed], [m.pk for m in reversed(made)])

    def test_it_lists_only_the_persons_messages(self) -> None:
        own = in_app_message(self.citizen)
        in_app_message(self.other)
        self.assertEqual([m.pk for m in inbox.messages_for(self.citizen)], [own.pk])

    def test_it_lists_in_one_query(self) -> None:
        for _ in range(3):
            in_app_message(self.citizen)
        with self.assertNumQueries(1):  # what the list shows of each is read with it
            shown = [
                (m.kind, m.subject, m.body, m.dossier_code, m.created_at, m.read_at)
                for m in inbox.messages_for(self.citizen)
            ]
        self.assertEqual(len(shown), 3)

    def test_it_lists_a_page_and_says_whether_another_follows(self) -> None:
        made = [in_app_message(self.citizen) for _ in range(5)]
        first, more = inbox.page_of(self.citizen, 1, 2)
        last, after_last = inbox.page_of(self.citizen, 3, 2)
        self.assertEqual([m.pk for m in first], [made[4].pk, made[3].pk])
        self.assertTrue(more)
        self.assertEqual([m.pk for m in last], [made[0].pk])
        self.assertFalse(after_last)

    def test_a_page_number_that_is_not_one_counts_as_the_first(self) -> None:
        for raw in (None, "", "0", "-2", "abc", "²", "١", "99999"):
            with self.subTest(raw=raw):
                self.assertEqual(inbox.page_number(raw), 1)
        self.assertEqual(inbox.page_number("3"), 3)
        self.assertEqual(inbox.page_number("9999"), inbox.LAST_PAGE)

    def test_it_marks_one_message_read_at_the_domain_time(self) -> None:
        message = in_app_message(self.citizen)
        with clock.at(MORNING):
            changed = inbox.mark_read(self.citizen, [message.pk])
        self.assertEqual(changed, 1)
        self.assertEqual(read(message).read_at, MORNING)

    def test_it_marks_only_the_messages_named(self) -> None:
        message = in_app_message(self.citizen)
        left = in_app_message(self.citizen)
        inbox.mark_read(self.citizen, [message.pk])
        self.assertIsNone(read(left).read_at)

    def test_it_never_marks_another_persons_message(self) -> None:
        theirs = in_app_message(self.other)
        self.assertEqual(inbox.mark_read(self.citizen, [theirs.pk]), 0)
        self.assertIsNone(read(theirs).read_at)

    def test_marking_all_leaves_other_peoples_messages_unread(self) -> None:
        mine = [in_app_message(self.citizen) for _ in range(2)]
        theirs = in_app_message(self.other)
        self.assertEqual(inbox.mark_read(self.citizen, inbox.ALL), 2)
        self.assertTrue(all(read(m).read_at is not None for m in mine))
        self.assertIsNone(read(theirs).read_at)

    def test_a_message_read_again_keeps_its_first_read_time(self) -> None:
        message = in_app_message(self.citizen)
        with clock.at(MORNING):
            inbox.mark_read(self.citizen, [message.pk])
        with clock.at(MORNING.replace(hour=11)):
            self.assertEqual(inbox.mark_read(self.citizen, inbox.ALL), 0)
        self.assertEqual(read(message).read_at, MORNING)

    def test_marking_no_ids_changes_nothing_without_a_query(self) -> None:
        in_app_message(self.citizen)
        with self.assertNumQueries(0):
            self.assertEqual(inbox.mark_read(self.citizen, []), 0)
        self.assertEqual(inbox.unread_count(self.citizen), 1)
