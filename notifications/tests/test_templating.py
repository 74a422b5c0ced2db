from __future__ import annotations

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase

from notifications.models import MessageTemplate
from notifications.templating import TemplateProblem, check, placeholders, render


class TemplatingTestCase(SimpleTestCase):
    def test_the_placeholders_are_listed_once_in_order(self) -> None:
        self.assertEqual(placeholders("{code} {due} {code}"), ["code", "due"])

    def test_doubled_braces_are_literal(self) -> None:
        self.assertEqual(render("{{code}} {code}", {"code": "H01"}), "{code} H01")

    def test_an_unknown_placeholder_is_refused_by_name(self) -> None:
        with self.assertRaises(TemplateProblem) as raised:
            check("Hồ sơ {code}, lệ phí {amount}", {"code", "due"})
        self.assertIn("{amount}", str(raised.exception))

    def test_known_placeholders_pass(self) -> None:
        self.assertEqual(check("Hồ sơ {code} hẹn {due}", {"code", "due"}), ["code", "due"])

    def test_attribute_access_is_refused(self) -> None:
        with self.assertRaises(TemplateProblem):
            check("{code.__class__}", {"code"})

    def test_a_format_spec_is_refused(self) -> None:
        with self.assertRaises(TemplateProblem):
            check("{code:>40}", {"code"})

    def test_an_unclosed_brace_is_refused(self) -> None:
        with self.assertRaises(TemplateProblem):
            check("Hồ sơ {code", {"code"})

    def test_a_missing_value_is_left_empty(self) -> None:
        self.assertEqual(render("Hẹn: {due}.", {}), "Hẹn: .")

    def test_the_text_is_stored_in_nfc(self) -> None:
        decomposed = "Ho\u0302\u0300 so\u031b"  # "Hồ sơ" typed with combining marks
        self.assertEqual(render(decomposed + " {code}", {"code": "1"}), "Hồ sơ 1")


class TemplateModelTestCase(TestCase):
    def template(self, *, kind: str = "received", body: str = "Hồ sơ {code}") -> MessageTemplate:
        return MessageTemplate(kind=kind, channel="sms", language="vi", version=9, body=body)

    def test_a_template_with_an_unknown_placeholder_cannot_be_saved(self) -> None:
        with self.assertRaises(ValidationError) as raised:
            self.template(body="Hồ sơ {code}, lệ phí {amount}").save()
        self.assertIn("body", raised.exception.message_dict)
        self.assertFalse(MessageTemplate.objects.filter(version=9).exists())

    def test_a_template_of_an_unknown_kind_cannot_be_saved(self) -> None:
        with self.assertRaises(ValidationError):
            self.template(kind="no-such-kind").save()

    def test_a_template_with_known_placeholders_is_saved(self) -> None:
        self.template(body="Hồ sơ {code} hẹn {due}").save()
        self.assertTrue(MessageTemplate.objects.filter(version=9).exists())
