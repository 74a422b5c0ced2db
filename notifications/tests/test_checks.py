from __future__ import annotations

from django.test import SimpleTestCase, override_settings

from notifications.checks import providers_configured

NO_MAIL = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {}}}


class ProviderCheckTestCase(SimpleTestCase):
    def ids(self) -> list[str]:
        return [message.id or "" for message in providers_configured()]

    @override_settings(DEBUG=False, MOTCUA_SMS_URL="", MAILERS=NO_MAIL)
    def test_production_without_a_provider_is_warned(self) -> None:
        self.assertEqual(self.ids(), ["motcua.W301"])

    @override_settings(DEBUG=True, MOTCUA_SMS_URL="", MAILERS=NO_MAIL)
    def test_development_without_a_provider_is_not(self) -> None:
        self.assertEqual(self.ids(), [])

    @override_settings(
        DEBUG=False, MOTCUA_SMS_URL="https://sms.example.vn", MOTCUA_SMS_CALLBACK_SECRET=""
    )
    def test_an_sms_gateway_without_a_receipt_secret_is_warned(self) -> None:
        self.assertEqual(self.ids(), ["motcua.W302"])

    @override_settings(
        DEBUG=False, MOTCUA_SMS_URL="https://sms.example.vn", MOTCUA_SMS_CALLBACK_SECRET="k" * 32
    )
    def test_a_configured_gateway_is_fine(self) -> None:
        self.assertEqual(self.ids(), [])
