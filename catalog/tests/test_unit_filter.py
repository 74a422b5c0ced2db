"""The "Nơi thực hiện" filter groups its units by level in <optgroup>s."""

from __future__ import annotations

import re

from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from catalog.forms import UNIT_GROUPS
from core.testing import create_unit
from units.models import GovernmentUnit


class UnitFilterTestCase(TestCase):
    centre: GovernmentUnit
    police: GovernmentUnit
    province: GovernmentUnit

    @classmethod
    def setUpTestData(cls) -> None:
        cls.centre = create_unit(name="Trung tâm PVHCC Phường Thử")
        cls.police = create_unit(kind=GovernmentUnit.Kind.COMMUNE_POLICE, name="Công an Phường Thử")
        cls.province = create_unit(
            kind=GovernmentUnit.Kind.PROVINCIAL_CENTER, name="Trung tâm PVHCC Thành phố Thử"
        )

    def select(self) -> str:
        html = self.client.get(reverse("catalog:list")).content.decode()
        found = re.search(r'<select name="unit".*?</select>', html, re.S)
        assert found is not None
        return found.group(0)

    def test_the_units_are_grouped_by_level(self) -> None:
        groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', self.select(), re.S)
        members = {label: body for label, body in groups}
        self.assertIn(self.province.name, members["Cấp tỉnh"])
        self.assertIn(self.centre.name, members["Cấp xã — Trung tâm Phục vụ hành chính công"])
        self.assertIn(self.police.name, members["Cấp xã — Công an"])

    def test_a_grouped_unit_still_filters(self) -> None:
        response = self.client.get(reverse("catalog:list"), {"unit": self.police.code})
        self.assertTrue(response.context["form"].is_valid())
        self.assertEqual(response.context["form"].cleaned_data["unit"], self.police)


class UnitGroupsTestCase(SimpleTestCase):
    def test_every_kind_of_unit_has_a_group(self) -> None:
        # A kind left out of UNIT_GROUPS would vanish from the filter without a word.
        grouped = set().union(*(kinds for _label, kinds in UNIT_GROUPS))
        self.assertEqual(set(GovernmentUnit.Kind.values) - grouped, set())
