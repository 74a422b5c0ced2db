from __future__ import annotations

from django.test import SimpleTestCase, override_settings

from notifications.channels import Outgoing, mask_address, send_console


def message(**overrides: str) -> Outgoing:
    fields: dict[str, str] = {
        "reference": "motcua-1",
        "address": "0912345678",
        "subject": "Mã đăng nhập",
        "body": "Mã của ông/bà: 482913",
    }
    fields.update(overrides)
    return Outgoing(
        reference=fields["reference"],
        address=fields["address"],
        subject=fields["subject"],
        body=fields["body"],
    )


class ConsoleChannelTestCase(SimpleTestCase):
    def logged(self, outgoing: Outgoing) -> str:
        with self.assertLogs("motcua.notifications", "INFO") as logs:
            send_console(outgoing)
        return "\n".join(logs.output)

    @override_settings(MOTCUA_CONSOLE_SHOW_TEXT=False)
    def test_the_phone_number_is_masked(self) -> None:
        self.assertNotIn("0912345678", self.logged(message()))

    @override_settings(MOTCUA_CONSOLE_SHOW_TEXT=False)
    def test_the_text_is_not_logged_in_production(self) -> None:
        self.assertNotIn("482913", self.logged(message()))

    @override_settings(MOTCUA_CONSOLE_SHOW_TEXT=True)
    def test_the_text_is_logged_where_allowed(self) -> None:
        self.assertIn("482913", self.logged(message()))

    def test_a_phone_number_keeps_its_ends(self) -> None:
        self.assertEqual(mask_address("0912345678"), "09******78")

    def test_an_email_address_keeps_its_domain(self) -> None:
        self.assertEqual(mask_address("an.nguyen@example.vn"), "a***@example.vn")
