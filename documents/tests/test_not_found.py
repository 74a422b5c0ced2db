"""An unknown document code: the site's own page, status 404, saying so and offering to type the
code again; not Django's (debug) not-found page."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

UNKNOWN = "VB-ZZZZ-ZZZZ-ZZZZ"


class UnknownDocumentTestCase(TestCase):
    def page(self) -> str:
        response = self.client.get(reverse("documents:public", args=[UNKNOWN]))
        self.assertEqual(response.status_code, 404)
        self.assertTemplateUsed(response, "documents/not_found.html")
        return response.content.decode()

    def test_it_says_no_document_has_that_code(self) -> None:
        self.assertIn("Không tìm thấy văn bản", self.page())

    def test_it_shows_the_code_that_was_asked_for(self) -> None:
        self.assertIn(UNKNOWN, self.page())

    def test_it_offers_a_form_to_type_the_code_again(self) -> None:
        self.assertIn(f'action="{reverse("documents:find")}"', self.page())

    def test_the_form_opens_the_document_page_of_the_typed_code(self) -> None:
        response = self.client.get(reverse("documents:find"), {"ma": " vb-abcd-efgh-jkmn "})
        self.assertRedirects(
            response,
            reverse("documents:public", args=["VB-ABCD-EFGH-JKMN"]),
            fetch_redirect_response=False,
        )

    def test_a_code_with_a_slash_is_not_found_not_a_server_error(self) -> None:
        response = self.client.get(reverse("documents:find"), {"ma": "VB/1"})
        self.assertEqual(response.status_code, 404)

    def test_the_api_still_answers_404_for_an_unknown_code(self) -> None:
        response = self.client.get(reverse("documents:api-document", args=[UNKNOWN]))
        self.assertEqual(response.status_code, 404)

    def test_the_api_answers_an_unknown_code_in_json(self) -> None:
        response = self.client.get(reverse("documents:api-document", args=[UNKNOWN]))
        self.assertEqual(response.json()["error"], "Không tìm thấy văn bản có mã này.")
