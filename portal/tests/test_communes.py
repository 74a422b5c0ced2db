"""The communes of a province, for the address inputs' script."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from core.testing import create_commune, create_province


class CommunesTestCase(TestCase):
    def test_it_lists_the_communes_of_a_province_by_name(self):
        province = create_province()
        create_commune(province, name="Phường Hoàn Kiếm", code=70)
        create_commune(province, name="Phường Ba Đình", code=4)
        create_commune(name="Xã Khác")
        response = self.client.get(reverse("portal:communes"), {"tinh": str(province.code)})
        self.assertEqual(
            response.json(), {"communes": [["4", "Phường Ba Đình"], ["70", "Phường Hoàn Kiếm"]]}
        )

    def test_it_answers_nothing_for_a_province_that_is_not_a_number(self):
        response = self.client.get(reverse("portal:communes"), {"tinh": "x"})
        self.assertEqual(response.json(), {"communes": []})
