"""A search that finds nothing suggests the closest procedures (catalog.search.closest_versions),
on SQLite and PostgreSQL alike."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from catalog.models import ProcedureVersion
from catalog.search import closest_versions
from core.testing import create_sector, create_version


def closest(query: str) -> list[str]:
    return [v.procedure.code for v in closest_versions(ProcedureVersion.objects.in_force(), query)]


class ClosestVersionsTestCase(TestCase):
    birth: str
    marriage: str
    residence: str

    @classmethod
    def setUpTestData(cls) -> None:
        civil = create_sector(name="Hộ tịch")
        cls.birth = create_version(name="Đăng ký khai sinh", sector=civil).procedure.code
        cls.marriage = create_version(name="Đăng ký kết hôn", sector=civil).procedure.code
        cls.residence = create_version(
            name="Đăng ký thường trú", sector=create_sector(name="Cư trú")
        ).procedure.code

    def test_it_ranks_the_procedure_sharing_most_words_first(self) -> None:
        # "con" is in no procedure: the search finds nothing, the suggestion has the rest.
        self.assertEqual(closest("khai sinh cho con")[0], self.birth)

    def test_it_ignores_accents(self) -> None:
        self.assertEqual(closest("kết hôn lần hai")[0], self.marriage)

    def test_it_forgives_a_typo(self) -> None:
        self.assertEqual(closest("thuongg tru")[0], self.residence)

    def test_it_suggests_nothing_for_words_in_no_procedure(self) -> None:
        self.assertEqual(closest("xyzw qqqq"), [])


class NoResultPageTestCase(TestCase):
    version: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.version = create_version(name="Đăng ký khai sinh")

    def test_a_search_with_no_result_suggests_the_closest_procedures(self) -> None:
        response = self.client.get(reverse("catalog:list"), {"q": "khai sinh cho con"})
        self.assertEqual(list(response.context["page"].object_list), [])
        self.assertContains(response, "Có thể bạn đang tìm")
        self.assertContains(response, reverse("catalog:detail", args=[self.version.procedure.code]))

    def test_it_links_to_no_assistant_while_there_is_none(self) -> None:
        response = self.client.get(reverse("catalog:list"), {"q": "khai sinh cho con"})
        self.assertNotContains(response, "trợ lý ảo")
