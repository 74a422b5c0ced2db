"""A declaration as people read it: labelled rows, values in words."""

from __future__ import annotations

from django.test import SimpleTestCase
from django.utils import translation

from eforms.display import declaration_rows, section_rows, value_text
from eforms.schema import Field, parse
from eforms.testing import field, form, label, sample_declaration


def one_field(**attributes: object) -> Field:
    found = parse(form(field("x", **attributes))).field("x")  # type: ignore[arg-type]
    assert found is not None
    return found


class DisplayTestCase(SimpleTestCase):
    def test_a_choice_shows_its_label(self) -> None:
        self.assertEqual(value_text(one_field(kind="choice", codelist="ethnicity"), "01"), "Kinh")

    def test_a_multi_choice_shows_its_labels(self) -> None:
        shown = value_text(
            one_field(kind="multi_choice", codelist="residence_kind"), ["permanent", "temporary"]
        )
        self.assertEqual(shown, "Thường trú, Tạm trú")

    def test_yes_no_shows_in_words(self) -> None:
        self.assertEqual(value_text(one_field(kind="yes_no"), False), "Không")

    def test_yes_no_shows_in_english_when_english_is_active(self) -> None:
        with translation.override("en"):
            self.assertEqual(value_text(one_field(kind="yes_no"), True), "Yes")

    def test_a_date_shows_day_month_year(self) -> None:
        self.assertEqual(value_text(one_field(kind="date"), "2025-07-01"), "01/07/2025")

    def test_a_moment_shows_time_then_date(self) -> None:
        self.assertEqual(
            value_text(one_field(kind="datetime"), "2025-07-01T08:30"), "08:30 01/07/2025"
        )

    def test_money_shows_with_dots_and_dong(self) -> None:
        self.assertEqual(value_text(one_field(kind="money"), 1500000), "1.500.000 đồng")

    def test_an_address_shows_its_text(self) -> None:
        shown = value_text(
            one_field(kind="address"), {"commune": 1, "text": "1 Tràng Tiền, Phường Hoàn Kiếm"}
        )
        self.assertEqual(shown, "1 Tràng Tiền, Phường Hoàn Kiếm")

    def test_nothing_shows_as_nothing(self) -> None:
        self.assertEqual(value_text(one_field(kind="date"), None), "")

    def test_rows_follow_the_sections_that_have_something(self) -> None:
        schema = parse(sample_declaration())
        rows = declaration_rows(schema, {"relationship": "mother", "copies": 2})
        self.assertEqual([s.key for s in rows], ["about_you", "other"])

    def test_a_row_has_the_label_and_the_value_in_words(self) -> None:
        schema = parse(sample_declaration())
        (section,) = declaration_rows(schema, {"relationship": "mother"})
        row = section.rows[0]
        self.assertEqual(
            (row.path, row.label, row.value),
            ("relationship", "Quan hệ với người được khai sinh", "Mẹ"),
        )

    def test_a_group_has_its_rows_under_it(self) -> None:
        schema = parse(sample_declaration())
        (section,) = declaration_rows(schema, {"mother": {"full_name": "Trần Thị Bình"}})
        group = section.rows[0]
        self.assertTrue(group.is_group)
        self.assertEqual(
            [(r.path, r.value) for r in group.rows], [("mother.full_name", "Trần Thị Bình")]
        )

    def test_a_repeating_group_has_one_list_of_rows_per_item(self) -> None:
        schema = parse(sample_declaration())
        data = {"siblings": [{"full_name": "An"}, {"full_name": "Bình"}]}
        (section,) = declaration_rows(schema, data)
        self.assertEqual(
            [item[0].path for item in section.rows[0].items],
            ["siblings.0.full_name", "siblings.1.full_name"],
        )

    def test_a_value_filled_from_the_registry_says_so(self) -> None:
        schema = parse(sample_declaration())
        rows = declaration_rows(
            schema,
            {"requester": {"full_name": "Nguyễn Văn An"}},
            {"requester.full_name": "registry"},
        )
        self.assertEqual(rows[0].rows[0].rows[0].prefill, "registry")

    def test_a_file_is_not_a_row(self) -> None:
        schema = parse(form(field("a"), field("paper", "file", component=2)))
        section = schema.sections[0]
        self.assertEqual(
            [r.path for r in section_rows(schema, {"a": "x", "paper": "y"}, section).rows], ["a"]
        )

    def test_the_section_title_follows_the_active_language(self) -> None:
        schema = parse(form(field("a")))
        schema_section = schema.sections[0]
        with translation.override("en"):
            self.assertEqual(section_rows(schema, {"a": "x"}, schema_section).title, "Main")

    def test_labels_follow_the_active_language(self) -> None:
        schema = parse(form(field("a", label=label("Họ tên", "Full name"))))
        with translation.override("en"):
            self.assertEqual(
                section_rows(schema, {"a": "x"}, schema.sections[0]).rows[0].label, "Full name"
            )
