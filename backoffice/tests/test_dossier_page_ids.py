"""The dossier page's action forms at each state: every label names an element that exists,
no id is used twice, and the step's main action is one visible primary button."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

from django.test import TestCase
from django.urls import reverse

from accounts.models import User
from catalog.models import ProcedureVersion
from dossiers.models import Dossier
from dossiers.testing import (
    Office,
    create_counter_dossier,
    create_decided_dossier,
    create_dossier,
    create_dossier_at_last_step,
    create_procedure,
    create_received_dossier,
    create_supplement_requested_dossier,
)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.label_for: list[str] = []
        self.primary: list[str] = []  # the submit buttons not hidden in a <details>
        self._details = 0
        self._button: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if "id" in attr:
            self.ids.append(attr["id"])
        if tag == "label" and "for" in attr:
            self.label_for.append(attr["for"])
        if tag == "details":
            self._details += 1
        classes = attr.get("class", "").split()
        if tag == "button" and "govuk-button" in classes and not self._details:
            if not {"govuk-button--secondary", "govuk-button--warning"} & set(classes):
                self._button = []

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "details":
            self._details -= 1
        if tag == "button" and self._button is not None:
            self.primary.append(" ".join("".join(self._button).split()))
            self._button = None


class DossierPageIdsTests(TestCase):
    office: Office
    version: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.version = create_procedure(days=3)

    def parse(self, user: User, dossier: Dossier) -> _Ids:
        self.client.force_login(user)
        response = self.client.get(reverse("backoffice:dossier", args=[dossier.code]))
        self.assertEqual(response.status_code, 200)
        parsed = _Ids()
        parsed.feed(response.content.decode())
        return parsed

    def assertWellFormed(self, parsed: _Ids) -> None:
        repeated = [i for i, n in Counter(parsed.ids).items() if n > 1]
        self.assertEqual(repeated, [], "ids used more than once")
        dangling = [f for f in parsed.label_for if f not in parsed.ids]
        self.assertEqual(dangling, [], "labels naming no element")

    def test_a_dossier_waiting_for_reception(self) -> None:
        self.assertWellFormed(
            self.parse(self.office.desk, create_dossier(self.version, self.office))
        )

    def test_a_counter_dossier_waiting_for_reception(self) -> None:
        dossier = create_counter_dossier(self.version, self.office)
        self.assertWellFormed(self.parse(self.office.desk, dossier))

    def test_a_received_dossier(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        self.assertWellFormed(self.parse(self.office.specialist, dossier))

    def test_a_dossier_at_its_last_step(self) -> None:
        dossier = create_dossier_at_last_step(self.version, self.office)
        self.assertWellFormed(self.parse(self.office.leader, dossier))

    def test_a_decided_dossier(self) -> None:
        dossier = create_decided_dossier(self.version, self.office)
        self.assertWellFormed(self.parse(self.office.desk, dossier))

    def test_a_dossier_asked_for_a_supplement(self) -> None:
        dossier = create_supplement_requested_dossier(self.version, self.office)
        self.assertWellFormed(self.parse(self.office.specialist, dossier))

    def test_a_dossier_asked_for_a_supplement_at_reception(self) -> None:
        dossier = create_supplement_requested_dossier(self.version, self.office, at_reception=True)
        self.assertWellFormed(self.parse(self.office.desk, dossier))


class MainActionTests(TestCase):
    """Each step's main action is the one primary button outside the panels."""

    office: Office
    version: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.version = create_procedure(days=3)

    def primary(self, user: User, dossier: Dossier) -> list[str]:
        self.client.force_login(user)
        parsed = _Ids()
        parsed.feed(
            self.client.get(reverse("backoffice:dossier", args=[dossier.code])).content.decode()
        )
        return parsed.primary

    def test_reception_accepts(self) -> None:
        dossier = create_dossier(self.version, self.office)
        self.assertEqual(self.primary(self.office.desk, dossier), ["Tiếp nhận hồ sơ"])

    def test_the_examining_step_forwards(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        self.assertEqual(self.primary(self.office.specialist, dossier), ["Chuyển bước tiếp theo"])

    def test_the_last_step_signs_the_result(self) -> None:
        dossier = create_dossier_at_last_step(self.version, self.office)
        self.assertEqual(self.primary(self.office.leader, dossier), ["Ký số và ban hành kết quả"])

    def test_the_last_step_offers_no_separate_approval_beside_signing(self) -> None:
        dossier = create_dossier_at_last_step(self.version, self.office)
        self.client.force_login(self.office.leader)
        page = self.client.get(reverse("backoffice:dossier", args=[dossier.code]))
        self.assertNotContains(page, reverse("backoffice:action", args=[dossier.code, "approve"]))

    def test_a_decided_dossier_is_returned(self) -> None:
        dossier = create_decided_dossier(self.version, self.office)
        self.assertEqual(self.primary(self.office.desk, dossier), ["Trả kết quả cho người dân"])
