"""A page's queries, fixed and the same however many rows it lists.

``FixedQueries.assertFixedQueries`` asks a page twice for the same user: once as it is, once
after ``more`` added rows (dossiers, events, requests) to what it shows, each time in exactly
``expected`` queries (``assertNumQueries``), and checks the added rows are shown, so that a
count that does not grow is not one that does not look."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpResponse
from django.test import TestCase


# The user is the project's user model (``accounts.User``), which core may not import.
class FixedQueries(TestCase):
    def fetch(self, user: Any, url: str, data: dict[str, Any] | None = None) -> HttpResponse:
        response = self.client.post(url, data) if data is not None else self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response  # type: ignore[return-value]

    def assertFixedQueries(
        self,
        expected: int,
        user: Any,
        url: str,
        more: Callable[[], Iterable[str]],
        *,
        data: dict[str, Any] | None = None,
    ) -> None:
        """``url`` in ``expected`` queries, before and after ``more()`` added rows to it;
        ``more`` returns texts the page must then show (the codes of the rows it added)."""
        if user is not None:
            self.client.force_login(user)
        self.fetch(user, url, data)  # the session and the language settled
        with self.assertNumQueries(expected):
            self.fetch(user, url, data)
        shown = list(more())
        with self.assertNumQueries(expected):
            response = self.fetch(user, url, data)
        page = response.content.decode()
        for text in shown:
            self.assertIn(text, page)
