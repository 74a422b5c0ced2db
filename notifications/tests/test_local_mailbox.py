"""The local SMTP server and its inbox page (``notifications.local.mailbox``), spoken to with the
standard library's SMTP client and read back over HTTP, as a newcomer's browser would."""

from __future__ import annotations

import re
import signal
import smtplib
import subprocess
import sys
import urllib.error
import urllib.request
from email.message import EmailMessage
from typing import Any
from unittest import TestCase

from notifications.local.mailbox import LocalMailbox

SUBJECT = "Hồ sơ 000.00.00.H01-261201-0001 đã được tiếp nhận"


def email_message(**overrides: Any) -> EmailMessage:
    fields: dict[str, Any] = {
        "subject": SUBJECT,
        "from_": "MotCua <khong-tra-loi@motcua.local>",
        "to": "an.nguyen@example.vn",
        "text": "Hồ sơ của ông/bà đã được tiếp nhận.",
        "html": "<p>Hồ sơ của ông/bà <strong>đã được tiếp nhận</strong>.</p>",
    }
    fields.update(overrides)
    message = EmailMessage()
    message["Subject"] = fields["subject"]
    message["From"] = fields["from_"]
    message["To"] = fields["to"]
    message["X-MotCua-Reference"] = "n-000123"
    message.set_content(fields["text"])
    if fields["html"]:
        message.add_alternative(fields["html"], subtype="html")
    return message


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our 127.0.0.1
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


class LocalMailboxTestCase(TestCase):
    mailbox: LocalMailbox

    @classmethod
    def setUpClass(cls) -> None:
        cls.mailbox = LocalMailbox()
        cls.mailbox.start()
        cls.addClassCleanup(cls.mailbox.stop)

    def setUp(self) -> None:
        self.mailbox.clear()

    def deliver(self, message: EmailMessage | None = None) -> None:
        with smtplib.SMTP(self.mailbox.host, self.mailbox.smtp_port, timeout=10) as client:
            client.send_message(message or email_message())

    def page(self, path: str = "") -> tuple[int, str]:
        return fetch(self.mailbox.web_url + path)

    def test_port_zero_is_a_free_port(self) -> None:
        self.assertNotEqual(self.mailbox.smtp_port, 0)

    def test_it_keeps_the_envelope(self) -> None:
        self.deliver()
        [mail] = self.mailbox.messages
        self.assertEqual(mail.mail_from, "khong-tra-loi@motcua.local")
        self.assertEqual(mail.rcpt_tos, ("an.nguyen@example.vn",))

    def test_the_subject_is_decoded(self) -> None:
        self.deliver()
        [mail] = self.mailbox.messages
        self.assertEqual(mail.subject, SUBJECT)

    def test_it_keeps_the_text_and_html_parts(self) -> None:
        self.deliver()
        [mail] = self.mailbox.messages
        self.assertEqual(mail.text, "Hồ sơ của ông/bà đã được tiếp nhận.\n")
        self.assertIn("<strong>đã được tiếp nhận</strong>", mail.html)

    def test_a_plain_message_has_no_html_part(self) -> None:
        self.deliver(email_message(html=""))
        [mail] = self.mailbox.messages
        self.assertEqual(mail.html, "")

    def test_headers_are_found_in_any_case(self) -> None:
        self.deliver()
        [mail] = self.mailbox.messages
        self.assertEqual(mail.header("x-motcua-reference"), "n-000123")

    def test_a_refused_recipient_gets_550(self) -> None:
        self.mailbox.refuse("An.Nguyen@example.vn")
        with self.assertRaises(smtplib.SMTPRecipientsRefused) as raised:
            self.deliver()
        [(code, _)] = raised.exception.recipients.values()
        self.assertEqual(code, 550)
        self.assertEqual(self.mailbox.messages, ())

    def test_fail_next_answers_451_that_many_times(self) -> None:
        self.mailbox.fail_next(1)
        with self.assertRaises(smtplib.SMTPDataError) as raised:
            self.deliver()
        self.assertEqual(raised.exception.smtp_code, 451)
        self.deliver()
        self.assertEqual(len(self.mailbox.messages), 1)

    def test_clear_forgets_the_messages_and_the_refusals(self) -> None:
        self.mailbox.refuse("an.nguyen@example.vn")
        self.mailbox.clear()
        self.deliver()
        self.mailbox.clear()
        self.assertEqual(self.mailbox.messages, ())

    def test_the_inbox_page_lists_the_message(self) -> None:
        self.deliver()
        status, page = self.page()
        self.assertEqual(status, 200)
        for shown in ("Hộp thư điện tử thử nghiệm", SUBJECT, "an.nguyen@example.vn", "ông/bà"):
            self.assertIn(shown, page)

    def test_the_inbox_page_is_vietnamese_and_refreshes(self) -> None:
        _, page = self.page()
        self.assertIn('<html lang="vi">', page)
        self.assertIn('<meta http-equiv="refresh" content="5">', page)

    def test_the_inbox_table_has_column_headers(self) -> None:
        self.deliver()
        _, page = self.page()
        self.assertEqual(page.count('<th scope="col">'), 4)

    def test_the_inbox_lists_the_newest_first(self) -> None:
        self.deliver(email_message(subject="Thư thứ nhất"))
        self.deliver(email_message(subject="Thư thứ hai"))
        _, page = self.page()
        self.assertLess(page.index("Thư thứ hai"), page.index("Thư thứ nhất"))

    def test_the_inbox_escapes_html(self) -> None:
        self.deliver(email_message(subject="<script>alert(1)</script>", text="<b>đậm</b>"))
        _, page = self.page()
        self.assertNotIn("<script>", page)
        self.assertNotIn("<b>", page)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", page)

    def test_a_message_page_shows_the_text(self) -> None:
        self.deliver()
        status, page = self.page("1")
        self.assertEqual(status, 200)
        self.assertIn("Hồ sơ của ông/bà đã được tiếp nhận.", page)

    def test_a_message_page_frames_the_html_part_sandboxed(self) -> None:
        self.deliver(email_message(html='<p onclick="x()">Chào</p>'))
        _, page = self.page("1")
        [frame] = re.findall(r"<iframe [^>]*>", page)
        self.assertIn('sandbox=""', frame)
        self.assertIn('srcdoc="&lt;p onclick=&quot;x()&quot;&gt;Chào&lt;/p&gt;', frame)

    def test_an_unknown_message_is_not_found(self) -> None:
        status, page = self.page("1")
        self.assertEqual(status, 404)
        self.assertIn("Không có thư này", page)


class MailboxCommandTestCase(TestCase):
    def test_it_prints_both_addresses_and_stops_on_sigterm(self) -> None:
        command = [sys.executable, "-m", "notifications.local.mailbox"]
        process = subprocess.Popen(  # noqa: S603 - our own module
            [*command, "--smtp-port", "0", "--web-port", "0"],
            stdout=subprocess.PIPE,
            text=True,
        )
        self.addCleanup(process.kill)
        assert process.stdout is not None
        self.addCleanup(process.stdout.close)
        smtp_line, web_line = process.stdout.readline(), process.stdout.readline()
        [web_url] = re.findall(r"http://127\.0\.0\.1:\d+/", web_line)
        self.assertEqual(fetch(web_url)[0], 200)
        process.send_signal(signal.SIGTERM)
        self.assertEqual(process.wait(timeout=10), 0)
        self.assertRegex(smtp_line, r"127\.0\.0\.1:[1-9]\d*")
