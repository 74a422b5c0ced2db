from __future__ import annotations

from django.db import connection
from django.test import TestCase
from django.urls import reverse

from catalog.models import ProcedureVersion
from catalog.tests.test_import import DEMO_COUNT, demo_document
from catalog.transfer import load_catalog_file
from core.testing import create_unit, create_version
from demo.builders import CATALOG_FILE
from units.models import GovernmentUnit


class CatalogPagesTestCase(TestCase):
    police: GovernmentUnit

    @classmethod
    def setUpTestData(cls) -> None:
        load_catalog_file(CATALOG_FILE)
        cls.police = create_unit(kind=GovernmentUnit.Kind.COMMUNE_POLICE, name="Công an Phường Thử")

    def test_the_list_shows_every_procedure_in_force(self) -> None:
        response = self.client.get(reverse("catalog:list"))
        self.assertContains(response, f"Tìm thấy {DEMO_COUNT} thủ tục")

    def test_the_list_searches_without_diacritics(self) -> None:
        response = self.client.get(reverse("catalog:list"), {"q": "dang ky khai sinh"})
        self.assertEqual(response.context["page"].object_list[0].procedure.code, "1.001193")

    def listed(self, **query: str) -> set[str]:
        """The codes of the procedures the list shows for ``query`` (all on one page)."""
        page = self.client.get(reverse("catalog:list"), query).context["page"]
        self.assertFalse(page.has_next())
        return {version.procedure.code for version in page.object_list}

    def test_the_list_filters_by_sector(self) -> None:
        expected = {p["code"] for p in demo_document()["procedures"] if p["sector"] == "chung-thuc"}
        self.assertEqual(self.listed(sector="chung-thuc"), expected)

    def test_the_list_filters_by_performing_unit(self) -> None:
        expected = {
            p["code"]
            for p in demo_document()["procedures"]
            if "commune_police" in p["performing_unit_kinds"]
        }
        self.assertEqual(self.listed(unit=self.police.code), expected)

    def test_the_list_combines_search_and_filters(self) -> None:
        # "hộ": civil status (hộ tịch) at the centres, splitting a household (tách hộ) at the
        # police.
        searched, filtered = self.listed(q="ho"), self.listed(unit=self.police.code)
        both = self.listed(q="ho", unit=self.police.code)
        self.assertEqual(both, searched & filtered)
        # Neither criterion is left out: each one alone lists more.
        self.assertTrue(both and both < searched and both < filtered, (both, searched, filtered))

    def test_the_list_ignores_an_unknown_filter_value(self) -> None:
        response = self.client.get(reverse("catalog:list"), {"sector": "khong-co"})
        self.assertContains(response, "Bộ lọc không hợp lệ")

    def test_the_list_uses_a_bounded_number_of_queries(self) -> None:
        # Search (two FTS5 lookups on SQLite, none apart on PostgreSQL), count, page, sectors,
        # units: never a query per result.
        with self.assertNumQueries(6 if connection.vendor == "sqlite" else 4):
            self.client.get(reverse("catalog:list"), {"q": "dang ky"})

    def test_the_detail_page_ignores_a_version_in_other_digits(self) -> None:
        for requested in ("²", "١", "9" * 30):
            with self.subTest(requested=requested):
                url = reverse("catalog:detail", args=["1.004222"])
                response = self.client.get(url, {"phien-ban": requested})
                self.assertContains(response, "Đăng ký thường trú")

    def test_the_detail_page_shows_what_a_citizen_needs(self) -> None:
        response = self.client.get(reverse("catalog:detail", args=["1.004222"]))
        for text in (
            "Đăng ký thường trú",
            "7 ngày làm việc",
            "20.000 đ",
            "10.000 đ",
            "CT01",
            "Luật Cư trú",
        ):
            self.assertContains(response, text)

    def test_the_detail_page_flags_values_still_to_verify(self) -> None:
        response = self.client.get(reverse("catalog:detail", args=["1.004873"]))
        self.assertContains(response, "đang chờ đối chiếu")

    def test_the_detail_page_lists_where_to_apply(self) -> None:
        response = self.client.get(reverse("catalog:detail", args=["1.004194"]))
        self.assertContains(response, "Công an Phường Thử")

    def test_an_unknown_code_is_not_found(self) -> None:
        self.assertEqual(
            self.client.get(reverse("catalog:detail", args=["9.999999"])).status_code, 404
        )

    def test_a_procedure_with_no_version_in_force_is_not_found(self) -> None:
        version = create_version(status=ProcedureVersion.Status.DRAFT)
        response = self.client.get(reverse("catalog:detail", args=[version.procedure.code]))
        self.assertEqual(response.status_code, 404)

    def test_the_home_page_offers_search_and_sectors(self) -> None:
        response = self.client.get(reverse("portal:home"))
        self.assertContains(response, "Hộ tịch")
        self.assertContains(response, 'name="q"')

    def test_the_pages_switch_to_english_when_chosen(self) -> None:
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        response = self.client.get(reverse("catalog:list"))
        self.assertContains(response, "Administrative procedures")

    def test_the_pages_stay_vietnamese_whatever_the_browser_prefers(self) -> None:
        response = self.client.get(reverse("catalog:list"), headers={"accept-language": "en"})
        self.assertContains(response, "Thủ tục hành chính")
