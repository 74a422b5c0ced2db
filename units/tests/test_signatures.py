"""The signature block and letterhead of Decree 30/2020/NĐ-CP (Phụ lục I), from a unit's
fields: "TM." for a collectively led body, "KT." for a deputy, capitals in NFC."""

from __future__ import annotations

import unicodedata

from django.test import SimpleTestCase

from core.text import upper
from units.models import AdministrativeUnit, GovernmentUnit
from units.signatures import body_context, designation, header, signature_block

Kind = GovernmentUnit.Kind
HOAN_KIEM = AdministrativeUnit(name="Phường Hoàn Kiếm")


def committee() -> GovernmentUnit:
    return GovernmentUnit(
        name="Ủy ban nhân dân Phường Hoàn Kiếm",
        kind=Kind.COMMUNE_COMMITTEE,
        area=HOAN_KIEM,
        parent=GovernmentUnit(name="Ủy ban nhân dân Thành phố Hà Nội", kind=Kind.PEOPLES_COMMITTEE),
        collective_leadership=True,
        head_title="Chủ tịch",
    )


def police() -> GovernmentUnit:
    return GovernmentUnit(
        name="Công an Phường Hoàn Kiếm",
        kind=Kind.COMMUNE_POLICE,
        area=HOAN_KIEM,
        parent=GovernmentUnit(name="Công an Thành phố Hà Nội", kind=Kind.DEPARTMENT),
        head_title="Trưởng Công an",
    )


class SignatureBlockTestCase(SimpleTestCase):
    def test_the_chair_signs_on_behalf_of_the_committee(self) -> None:
        self.assertEqual(
            signature_block(committee(), "Chủ tịch", True), ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
        )

    def test_a_deputy_chair_signs_for_the_chair_on_behalf_of_the_committee(self) -> None:
        self.assertEqual(
            signature_block(committee(), "Phó Chủ tịch", False),
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        )

    def test_the_head_of_police_signs_in_their_own_name(self) -> None:
        self.assertEqual(signature_block(police(), "Trưởng Công an", True), ["TRƯỞNG CÔNG AN"])

    def test_a_deputy_head_of_police_signs_for_the_head(self) -> None:
        self.assertEqual(
            signature_block(police(), "Phó Trưởng Công an", False),
            ["KT. TRƯỞNG CÔNG AN", "PHÓ TRƯỞNG CÔNG AN"],
        )

    def test_a_head_without_a_title_signs_under_the_bodys_head_title(self) -> None:
        self.assertEqual(signature_block(police(), "", True), ["TRƯỞNG CÔNG AN"])

    def test_a_deputy_without_a_title_gets_no_line_of_their_own(self) -> None:
        self.assertEqual(
            signature_block(committee(), "", False), ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
        )

    def test_the_lines_are_precomposed_capitals_whatever_form_the_title_came_in(self) -> None:
        decomposed = unicodedata.normalize("NFD", "Phó Chủ tịch")
        line = signature_block(committee(), decomposed, False)[-1]
        self.assertEqual(line, "PHÓ CHỦ TỊCH")
        self.assertTrue(unicodedata.is_normalized("NFC", line))


class LetterheadTestCase(SimpleTestCase):
    def test_a_committee_names_itself_over_its_place(self) -> None:
        self.assertEqual(header(committee()), ["ỦY BAN NHÂN DÂN", "PHƯỜNG HOÀN KIẾM"])

    def test_the_police_names_its_managing_body_above_itself(self) -> None:
        self.assertEqual(header(police()), ["CÔNG AN THÀNH PHỐ HÀ NỘI", "CÔNG AN PHƯỜNG HOÀN KIẾM"])

    def test_the_designation_is_the_name_without_the_place(self) -> None:
        self.assertEqual(designation(committee()), "Ủy ban nhân dân")

    def test_a_name_not_ending_with_its_place_is_kept_whole(self) -> None:
        unit = GovernmentUnit(name="Trung tâm Phục vụ hành chính công", area=HOAN_KIEM)
        self.assertEqual(designation(unit), "Trung tâm Phục vụ hành chính công")

    def test_the_context_gives_the_names_a_template_prints(self) -> None:
        context = body_context(committee())
        self.assertEqual(
            (context["upper_name"], context["parent_name"], context["superior"]),
            ("ỦY BAN NHÂN DÂN PHƯỜNG HOÀN KIẾM", "Ủy ban nhân dân Thành phố Hà Nội", ""),
        )


class UpperTestCase(SimpleTestCase):
    def test_every_vietnamese_letter_has_its_capital(self) -> None:
        self.assertEqual(upper("đường ủy ban ữ ỹ ậ ặ ợ"), "ĐƯỜNG ỦY BAN Ữ Ỹ Ậ Ặ Ợ")
