"""The e-mail channel against a real SMTP server on 127.0.0.1 (``LocalMailbox``): what arrives
is read back as a mail client would read it, and the server's refusals are real SMTP replies."""

from __future__ import annotations

import socket
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from django.test import SimpleTestCase, override_settings

from notifications.channels.base import Accepted, DeliveryError, Outgoing
from notifications.channels.email import send
from notifications.local.mailbox import LocalMailbox, ReceivedMail

SUBJECT = "Hồ sơ 000.00.00.H01-261201-0001 đã được tiếp nhận"
ADDRESS = "an.nguyen@example.vn"
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def outgoing(**overrides: Any) -> Outgoing:
    fields: dict[str, Any] = {
        "reference": "n-000123",
        "address": ADDRESS,
        "subject": SUBJECT,
        "body": "Kính gửi ông/bà Nguyễn Văn An,\nhồ sơ của ông/bà đã được tiếp nhận.",
        "html": "<p>Kính gửi ông/bà <strong>Nguyễn Văn An</strong>,</p>",
    }
    fields.update(overrides)
    return Outgoing(**fields)


@contextmanager
def smtp_at(port: int, **options: Any) -> Iterator[None]:
    """The default mailer as Django's SMTP backend at 127.0.0.1:port (the test runner sets
    locmem); ``options`` are the backend's (``timeout``, ``host``…)."""
    mailer = {"BACKEND": SMTP_BACKEND, "OPTIONS": {"host": "127.0.0.1", "port": port, **options}}
    with override_settings(MAILERS={"default": mailer}):
        yield


@contextmanager
def closed_port() -> Iterator[int]:
    """A port nobody listens on: bound, so no one else takes it, but not listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@contextmanager
def hanging_up_server() -> Iterator[int]:
    """A server that accepts one connection and closes it before any greeting."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        sock.settimeout(10)  # the thread ends even if the test never connects

        def hang_up() -> None:
            with suppress(TimeoutError):
                connection, _ = sock.accept()
                connection.close()

        thread = threading.Thread(target=hang_up, daemon=True)
        thread.start()
        yield sock.getsockname()[1]
        thread.join()


@contextmanager
def silent_server() -> Iterator[int]:
    """A server that takes connections (the kernel's backlog does) and never greets."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        yield sock.getsockname()[1]


class EmailChannelTestCase(SimpleTestCase):
    mailbox: LocalMailbox

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.mailbox = LocalMailbox()
        cls.mailbox.start()
        cls.addClassCleanup(cls.mailbox.stop)

    def setUp(self) -> None:
        self.mailbox.clear()

    def sent(self, message: Outgoing | None = None, **settings: Any) -> Accepted:
        with smtp_at(self.mailbox.smtp_port, **settings):
            return send(message or outgoing())

    def refused(self, message: Outgoing | None = None, **settings: Any) -> DeliveryError:
        with self.assertRaises(DeliveryError) as raised:
            self.sent(message, **settings)
        return raised.exception

    def received(self) -> ReceivedMail:
        [mail] = self.mailbox.messages
        return mail

    def test_it_sends_text_and_html_as_alternatives(self) -> None:
        self.sent()
        mail = self.received()
        self.assertEqual(mail.header("Content-Type").split(";")[0], "multipart/alternative")
        self.assertEqual(mail.text.rstrip("\n"), outgoing().body)
        self.assertEqual(mail.html.rstrip("\n"), outgoing().html)

    def test_a_message_without_html_is_plain_text(self) -> None:
        self.sent(outgoing(html=""))
        self.assertEqual(self.received().header("Content-Type").split(";")[0], "text/plain")

    def test_the_vietnamese_subject_arrives_intact(self) -> None:
        self.sent()
        self.assertEqual(self.received().subject, SUBJECT)

    def test_the_subject_travels_as_utf_8_encoded_words(self) -> None:
        self.sent()
        [subject] = [line for line in self.received().raw.split(b"\r\n") if b"Subject:" in line]
        self.assertTrue(subject.isascii())
        self.assertIn(b"=?utf-8?", subject.lower())

    def test_a_line_break_in_the_subject_becomes_a_space(self) -> None:
        self.sent(outgoing(subject="Hồ sơ\nđã được tiếp nhận"))
        self.assertEqual(self.received().subject, "Hồ sơ đã được tiếp nhận")

    def test_the_units_sender_is_the_from(self) -> None:
        sender = "UBND phường Hoàn Kiếm <mot-cua@hoankiem.hanoi.gov.vn>"
        self.sent(outgoing(sender=sender))
        mail = self.received()
        self.assertEqual(mail.header("From"), sender)
        self.assertEqual(mail.mail_from, "mot-cua@hoankiem.hanoi.gov.vn")

    def test_without_a_sender_the_default_from(self) -> None:
        default = "Cổng dịch vụ công MotCua <khong-tra-loi@motcua.example.vn>"
        with override_settings(DEFAULT_FROM_EMAIL=default):
            self.sent()
        self.assertEqual(self.received().header("From"), default)

    def test_it_goes_to_the_address(self) -> None:
        self.sent()
        mail = self.received()
        self.assertEqual(mail.rcpt_tos, (ADDRESS,))
        self.assertEqual(mail.header("To"), ADDRESS)

    def test_the_reference_is_a_header(self) -> None:
        self.sent(outgoing(reference="n-000777"))
        self.assertEqual(self.received().header("X-MotCua-Reference"), "n-000777")

    def test_the_provider_id_is_the_message_id_received(self) -> None:
        accepted = self.sent()
        self.assertEqual(accepted.provider_id, self.received().header("Message-ID"))

    def test_the_message_id_is_in_the_default_from_domain(self) -> None:
        with override_settings(DEFAULT_FROM_EMAIL="MotCua <khong-tra-loi@motcua.example.vn>"):
            accepted = self.sent()
        self.assertTrue(accepted.provider_id.endswith("@motcua.example.vn>"))

    def test_an_accepted_message_is_delivered(self) -> None:
        self.assertTrue(self.sent().delivered)

    def test_the_address_is_not_logged_whole(self) -> None:
        with self.assertLogs("motcua.notifications", "INFO") as logs:
            self.sent()
        self.assertNotIn(ADDRESS, "\n".join(logs.output))

    def test_sending_uses_no_deprecated_mail_api(self) -> None:
        with smtp_at(self.mailbox.smtp_port), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            send(outgoing())
        self.assertEqual([str(w.message) for w in caught], [])

    def test_a_refused_recipient_is_permanent(self) -> None:
        self.mailbox.refuse(ADDRESS)
        error = self.refused()
        self.assertEqual((error.permanent, error.code), (True, "recipient_refused"))

    def test_a_refusal_does_not_quote_the_address_whole(self) -> None:
        self.mailbox.refuse(ADDRESS)
        error = self.refused()
        self.assertIn("550", str(error))
        self.assertNotIn(ADDRESS, str(error))

    def test_a_451_is_tried_again(self) -> None:
        self.mailbox.fail_next(1, code=451)
        error = self.refused()
        self.assertEqual((error.permanent, error.code), (False, "deferred"))

    def test_a_message_rejected_with_554_is_permanent(self) -> None:
        self.mailbox.fail_next(1, code=554)
        error = self.refused()
        self.assertEqual((error.permanent, error.code), (True, "rejected"))

    def test_a_server_that_is_down_is_tried_again(self) -> None:
        with closed_port() as port, self.assertRaises(DeliveryError) as raised:
            with smtp_at(port):
                send(outgoing())
        self.assertEqual((raised.exception.permanent, raised.exception.code), (False, "network"))

    def test_a_server_that_hangs_up_is_tried_again(self) -> None:
        with hanging_up_server() as port, self.assertRaises(DeliveryError) as raised:
            with smtp_at(port):
                send(outgoing())
        self.assertEqual((raised.exception.permanent, raised.exception.code), (False, "network"))

    def test_a_server_that_does_not_answer_is_tried_again(self) -> None:
        with silent_server() as port, self.assertRaises(DeliveryError) as raised:
            with smtp_at(port, timeout=0.1):
                send(outgoing())
        self.assertEqual((raised.exception.permanent, raised.exception.code), (False, "network"))

    def test_an_invalid_address_is_permanent_without_connecting(self) -> None:
        # At a closed port: had it connected, the error would be a temporary "network".
        with closed_port() as port, self.assertRaises(DeliveryError) as raised:
            with smtp_at(port):
                send(outgoing(address="an.nguyen@"))
        error = raised.exception
        self.assertEqual((error.permanent, error.code), (True, "invalid_address"))

    def test_without_an_email_host_it_is_not_configured(self) -> None:
        error = self.refused(host="")
        self.assertEqual((error.permanent, error.code), (True, "not_configured"))
        self.assertEqual(self.mailbox.messages, ())

    def test_an_unsendable_sender_is_permanent(self) -> None:
        error = self.refused(outgoing(sender="UBND <mot-cua@hoankiem.gov.vn>, khac@example.vn"))
        self.assertEqual((error.permanent, error.code), (True, "invalid_message"))
