from __future__ import annotations

from django.db import IntegrityError, transaction
from django.test import TestCase

from core.testing import create_commune, create_province
from units.models import AdministrativeUnit

Level = AdministrativeUnit.Level


class AdministrativeUnitTestCase(TestCase):
    """Two tiers: a commune always belongs to a province; a province to nothing."""

    def test_it_refuses_a_commune_without_a_province(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            AdministrativeUnit.objects.create(
                level=Level.COMMUNE, code=99001, name="Xã Mồ Côi", division_type="xã"
            )

    def test_it_refuses_a_province_inside_a_province(self) -> None:
        parent = create_province()
        with self.assertRaises(IntegrityError), transaction.atomic():
            create_province(province=parent)

    def test_it_accepts_a_commune_with_a_province(self) -> None:
        province = create_province()
        commune = create_commune(province=province)
        self.assertEqual(list(province.communes.all()), [commune])

    def test_it_allows_the_same_code_at_both_levels(self) -> None:
        create_province(code=4)
        create_commune(code=4)
        self.assertEqual(AdministrativeUnit.objects.filter(code=4).count(), 2)

    def test_it_folds_the_name_on_save(self) -> None:
        province = create_province(name="  Thành phố  Đà Nẵng ")
        province.refresh_from_db()
        self.assertEqual(
            (province.name, province.folded_name), ("Thành phố Đà Nẵng", "thanh pho da nang")
        )

    def test_a_commune_names_its_province(self) -> None:
        province = create_province(name="Thành phố Hà Nội")
        commune = create_commune(province=province, name="Phường Hoàn Kiếm")
        self.assertEqual(str(commune), "Phường Hoàn Kiếm, Thành phố Hà Nội")
