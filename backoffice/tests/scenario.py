"""Shared set-up for scenario tests that drive the officer pages over HTTP."""

from __future__ import annotations

from typing import Any

from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse

from accounts.models import User
from catalog.models import ProcedureVersion
from dossiers.models import Dossier
from dossiers.testing import Office, create_dossier, create_procedure


class ScenarioTestCase(TestCase):
    office: Office
    version: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.version = create_procedure(days=3)

    def submit(self, version: Any = None, **overrides: Any) -> Dossier:
        return create_dossier(version or self.version, self.office, **overrides)

    def act(self, user: User, dossier: Dossier, action: str, **data: Any) -> list[str]:
        """POST an action as ``user``; return the messages shown after the redirect."""
        self.client.force_login(user)
        url = reverse("backoffice:action", kwargs={"code": dossier.code, "action": action})
        response = self.client.post(url, data, follow=True)
        self.assertEqual(response.status_code, 200)
        return [str(m) for m in get_messages(response.wsgi_request)] or [
            str(m) for m in response.context["messages"]
        ]

    def reload(self, dossier: Dossier) -> Dossier:
        return Dossier.objects.get(pk=dossier.pk)

    def event_types(self, dossier: Dossier) -> list[str]:
        return list(dossier.events.order_by("seq").values_list("type", flat=True))
