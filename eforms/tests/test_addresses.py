"""Addresses: a commune of the map in force since 1 July 2025 and its province, plus the street;
an old address names its legacy ward, mapped to the commune it became."""

from __future__ import annotations

from datetime import date

from django.test import TestCase

from core.testing import create_commune, create_province
from eforms.addresses import address_text, clean_address
from eforms.schema import parse
from eforms.testing import field, form
from eforms.validate import validate
from units.models import AdministrativeUnit, LegacyWard

TODAY = date(2025, 9, 1)
SCHEMA = form(field("home", "address"), field("work", "address", required=True))


class AddressTestCase(TestCase):
    province: AdministrativeUnit
    commune: AdministrativeUnit
    other: AdministrativeUnit

    @classmethod
    def setUpTestData(cls) -> None:
        cls.province = create_province(name="Thành phố Hà Nội")
        cls.commune = create_commune(cls.province, name="Phường Hoàn Kiếm")
        cls.other = create_commune(cls.province, name="Phường Cửa Nam")

    def legacy(
        self, *successors: AdministrativeUnit, name: str = "Phường Hàng Trống"
    ) -> LegacyWard:
        ward = LegacyWard.objects.create(
            code=700 + LegacyWard.objects.count(),
            name=name,
            district_name="Quận Hoàn Kiếm",
            province_name="Thành phố Hà Nội",
        )
        ward.successors.add(*successors)
        return ward

    def test_it_keeps_the_codes_and_the_names_at_the_time(self) -> None:
        cleaned, problem = clean_address(
            {
                "province": str(self.province.code),
                "commune": self.commune.code,
                "street": " 12  Hàng Bài ",
            }
        )
        self.assertIsNone(problem)
        self.assertEqual(
            cleaned,
            {
                "province": self.province.code,
                "commune": self.commune.code,
                "street": "12 Hàng Bài",
                "text": "12 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội",
            },
        )

    def test_the_province_is_found_from_the_commune(self) -> None:
        cleaned, _problem = clean_address({"commune": self.commune.code})
        self.assertEqual(cleaned["province"], self.province.code)

    def test_a_commune_of_another_province_is_refused(self) -> None:
        elsewhere = create_commune(create_province(name="Tỉnh Khác"))
        _cleaned, problem = clean_address(
            {"province": self.province.code, "commune": elsewhere.code}
        )
        assert problem is not None
        self.assertEqual(problem[0], "eform.address_province")
        self.assertIn("không thuộc tỉnh, thành phố đã chọn", problem[1])

    def test_an_unknown_commune_is_refused(self) -> None:
        _cleaned, problem = clean_address({"commune": 1})
        self.assertEqual(
            problem, ("eform.address_commune", "Chọn xã, phường, đặc khu trong danh mục.")
        )

    def test_a_province_without_commune_is_refused(self) -> None:
        _cleaned, problem = clean_address({"province": self.province.code, "street": "12 Hàng Bài"})
        assert problem is not None
        self.assertEqual(problem[0], "eform.address_commune")

    def test_a_commune_code_that_is_not_a_number_is_refused(self) -> None:
        _cleaned, problem = clean_address({"commune": "phường"})
        assert problem is not None
        self.assertEqual(problem[0], "eform.address_commune")

    def test_a_street_too_long_is_refused(self) -> None:
        _cleaned, problem = clean_address({"commune": self.commune.code, "street": "x" * 201})
        assert problem is not None
        self.assertEqual(problem[0], "eform.address_street")

    def test_a_legacy_ward_is_mapped_to_the_commune_it_became(self) -> None:
        ward = self.legacy(self.commune)
        cleaned, problem = clean_address({"legacy_ward": ward.code, "street": "5 Hàng Trống"})
        self.assertIsNone(problem)
        self.assertEqual(cleaned["commune"], self.commune.code)
        self.assertEqual(
            cleaned["legacy_text"], "Phường Hàng Trống, Quận Hoàn Kiếm, Thành phố Hà Nội"
        )

    def test_a_split_legacy_ward_asks_which_commune(self) -> None:
        ward = self.legacy(self.commune, self.other)
        _cleaned, problem = clean_address({"legacy_ward": ward.code})
        assert problem is not None
        self.assertEqual(problem[0], "eform.address_split")
        self.assertIn("Phường Cửa Nam", problem[1])

    def test_a_split_legacy_ward_takes_the_commune_chosen(self) -> None:
        ward = self.legacy(self.commune, self.other)
        cleaned, problem = clean_address({"legacy_ward": ward.code, "commune": self.other.code})
        self.assertIsNone(problem)
        self.assertEqual(cleaned["commune"], self.other.code)

    def test_a_legacy_ward_outside_the_commune_chosen_is_refused(self) -> None:
        ward = self.legacy(self.commune)
        _cleaned, problem = clean_address({"legacy_ward": ward.code, "commune": self.other.code})
        assert problem is not None
        self.assertEqual(problem[0], "eform.address_legacy")
        self.assertIn("không nằm trong Phường Cửa Nam", problem[1])

    def test_an_unknown_legacy_ward_is_refused(self) -> None:
        _cleaned, problem = clean_address({"legacy_ward": 99999})
        self.assertEqual(
            problem, ("eform.address_legacy", "Xã, phường cũ không có trong danh mục.")
        )

    def test_the_text_says_what_the_address_is(self) -> None:
        cleaned, _problem = clean_address({"commune": self.commune.code, "street": "1 Tràng Tiền"})
        self.assertEqual(address_text(cleaned), "1 Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội")

    def test_the_text_of_nothing_is_empty(self) -> None:
        self.assertEqual(address_text(None), "")

    def test_a_form_address_left_blank_is_no_address(self) -> None:
        checked = validate(
            parse(SCHEMA),
            {
                "home": {"province": "", "commune": "", "street": ""},
                "work": {"commune": self.commune.code},
            },
            today=TODAY,
        )
        self.assertTrue(checked.ok, checked.errors)
        self.assertNotIn("home", checked.data)

    def test_a_required_address_left_blank_is_asked_for(self) -> None:
        checked = validate(parse(SCHEMA), {"work": {"commune": ""}}, today=TODAY)
        self.assertEqual(checked.errors["work"][0].code, "eform.required")

    def test_a_wrong_address_is_refused_at_its_field(self) -> None:
        checked = validate(parse(SCHEMA), {"work": {"commune": 1}}, today=TODAY)
        self.assertEqual(checked.errors["work"][0].code, "eform.address_commune")

    def test_an_address_that_is_not_an_object_is_refused(self) -> None:
        checked = validate(parse(SCHEMA), {"work": "Hà Nội"}, today=TODAY)
        self.assertEqual(checked.errors["work"][0].code, "eform.address")
