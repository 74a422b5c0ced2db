"""The site's messages say what they are: a refusal is shown as an error (GOV.UK error summary,
announced at once), a success as a success, the rest as information."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string
from django.test import RequestFactory, SimpleTestCase


def page_with(level: int, text: str) -> str:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return render_to_string("base.html", {"messages": [Message(level, text)]}, request=request)


class MessagesByLevelTestCase(SimpleTestCase):
    def test_an_error_is_shown_as_an_error_summary(self) -> None:
        html = page_with(messages.ERROR, "Hồ sơ đã thay đổi.")
        self.assertInHTML(
            '<div role="alert"><h2 class="govuk-error-summary__title">Không thực hiện được</h2>'
            '<div class="govuk-error-summary__body"><p class="govuk-body">Hồ sơ đã thay đổi.</p>'
            "</div></div>",
            html,
        )

    def test_an_error_is_not_dressed_as_information(self) -> None:
        html = page_with(messages.ERROR, "Hồ sơ đã thay đổi.")
        self.assertNotIn("govuk-notification-banner", html)

    def test_a_success_is_a_success_banner(self) -> None:
        html = page_with(messages.SUCCESS, "Đã tiếp nhận hồ sơ.")
        self.assertIn("govuk-notification-banner--success", html)
        self.assertIn("Đã xong", html)

    def test_information_keeps_its_banner(self) -> None:
        html = page_with(messages.INFO, "Mã đã được gửi.")
        self.assertIn("govuk-notification-banner", html)
        self.assertIn("Thông báo", html)
