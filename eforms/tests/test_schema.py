"""The publish check: a schema that cannot be used is refused, each problem naming its field."""

from __future__ import annotations

from typing import Any

from django.test import SimpleTestCase
from django.utils import translation

from eforms.schema import (
    PERSON_KEYS,
    PREFILL_SOURCES,
    PREFILL_TYPES,
    FieldType,
    SchemaError,
    Text,
    parse,
    problems,
)
from eforms.testing import field, form, label, sample_declaration


def section(key: str, *fields: dict[str, Any]) -> dict[str, Any]:
    return {"key": key, "title": label(f"Phần {key}", f"Section {key}"), "fields": list(fields)}


class SchemaTestCase(SimpleTestCase):
    def problem_at(self, raw: Any, path: str) -> str:
        """The message of the one problem found at ``path`` (fails if there is none)."""
        found = [p.message for p in problems(raw) if p.path == path]
        self.assertEqual(len(found), 1, f"problems at {path}: {problems(raw)}")
        return found[0]

    # What a usable schema gives -----------------------------------------------------------

    def test_the_sample_declaration_parses(self) -> None:
        self.assertEqual(problems(sample_declaration()), [])

    def test_walk_gives_each_group_before_its_fields(self) -> None:
        paths = [f.path for f in parse(sample_declaration()).walk()]
        self.assertLess(paths.index("mother"), paths.index("mother.full_name"))
        self.assertIn("siblings.*.full_name", paths)

    def test_field_finds_a_field_by_its_schema_path(self) -> None:
        found = parse(sample_declaration()).field("siblings.*.date_of_birth")
        assert found is not None
        self.assertEqual(found.type, FieldType.DATE)

    def test_section_finds_a_section_by_key(self) -> None:
        found = parse(sample_declaration()).section("parents")
        assert found is not None
        self.assertEqual([f.key for f in found.fields], ["mother", "has_father", "father"])

    def test_file_fields_lists_the_uploads(self) -> None:
        schema = parse(form(field("paper", "file", component=2)))
        self.assertEqual([f.component for f in schema.file_fields()], [2])

    def test_satisfies_names_the_components_the_form_is(self) -> None:
        self.assertEqual(parse(sample_declaration(satisfies=(1, 3))).satisfies, (1, 3))

    def test_a_person_has_the_standard_fields(self) -> None:
        person = parse(form(field("who", "person"))).field("who")
        assert person is not None
        self.assertEqual(tuple(f.key for f in person.fields), PERSON_KEYS)

    def test_a_person_omits_the_fields_named(self) -> None:
        person = parse(form(field("who", "person", omit=["id_number", "residence"]))).field("who")
        assert person is not None
        self.assertNotIn("id_number", [f.key for f in person.fields])

    def test_a_person_field_given_again_replaces_the_standard_one_in_its_place(self) -> None:
        raw = form(field("who", "person", fields=[field("date_of_birth", "date")]))
        person = parse(raw).field("who")
        assert person is not None
        self.assertEqual(tuple(f.key for f in person.fields), PERSON_KEYS)
        self.assertFalse(person.fields[1].required)  # the override, not the standard field

    def test_a_person_optional_field_is_not_required(self) -> None:
        person = parse(form(field("who", "person", optional=["id_number"]))).field("who")
        assert person is not None
        number = person.child("id_number")
        assert number is not None
        self.assertFalse(number.required)

    def test_a_reference_names_a_sibling_first(self) -> None:
        raw = form(
            field("date_of_birth", "date"),
            field(
                "g",
                "group",
                fields=[
                    field("date_of_birth", "date"),
                    field("since", "date", checks={"after": "date_of_birth"}),
                ],
            ),
        )
        schema = parse(raw)
        self.assertEqual(schema.refs[("g.since", "date_of_birth")], "g.date_of_birth")

    def test_every_prefill_source_says_what_it_fills(self) -> None:
        self.assertEqual(PREFILL_SOURCES, frozenset(PREFILL_TYPES))

    def test_labels_show_in_english_when_english_is_active(self) -> None:
        with translation.override("en"):
            self.assertEqual(str(Text("Mẹ", "Mother")), "Mother")
        self.assertEqual(str(Text("Mẹ", "Mother")), "Mẹ")

    # The document ------------------------------------------------------------------------

    def test_a_document_that_is_not_an_object_is_refused(self) -> None:
        self.assertEqual(problems([])[0].path, "")

    def test_another_format_is_refused(self) -> None:
        self.assertIn("định dạng", self.problem_at(form(field("a"), format=2), "format"))

    def test_a_form_without_sections_is_refused(self) -> None:
        raw = form(field("a"))
        raw["sections"] = []
        self.assertIn("ít nhất một phần", self.problem_at(raw, "sections"))

    def test_satisfies_must_list_positions(self) -> None:
        self.assertIn("satisfies", self.problem_at(form(field("a"), satisfies=[0]), "satisfies"))

    def test_an_unknown_top_level_attribute_is_refused(self) -> None:
        self.assertIn("colour", self.problem_at(form(field("a"), colour="red"), ""))

    def test_a_duplicate_section_key_is_refused(self) -> None:
        raw = form(field("a"))
        raw["sections"].append(section("main", field("b")))
        self.assertIn("trùng", self.problem_at(raw, "main"))

    def test_every_problem_is_listed_at_once(self) -> None:
        raw = form(field("a", "colour"), field("b", "choice"))
        self.assertEqual({p.path for p in problems(raw)}, {"a", "b"})

    def test_the_error_names_each_field_at_fault(self) -> None:
        with self.assertRaises(SchemaError) as caught:
            parse(form(field("mother", "group", fields=[field("dob", "datum")])))
        self.assertIn("mother.dob: loại trường không có trong danh sách", str(caught.exception))

    # Fields ------------------------------------------------------------------------------

    def test_an_unknown_type_is_refused(self) -> None:
        self.assertIn("datum", self.problem_at(form(field("born", "datum")), "born"))

    def test_a_bad_key_is_refused_naming_its_place(self) -> None:
        self.assertIn("khóa trường", self.problem_at(form(field("Họ tên")), "main.0"))

    def test_a_key_used_twice_in_the_form_is_refused(self) -> None:
        raw = form(field("name"))
        raw["sections"].append(section("more", field("name")))
        self.assertIn("trùng", self.problem_at(raw, "name"))

    def test_a_key_used_twice_in_a_group_is_refused(self) -> None:
        raw = form(field("g", "group", fields=[field("a"), field("a")]))
        self.assertIn("trùng", self.problem_at(raw, "g.a"))

    def test_the_same_key_in_two_groups_is_accepted(self) -> None:
        raw = form(
            field("g", "group", fields=[field("a")]), field("h", "group", fields=[field("a")])
        )
        self.assertEqual(problems(raw), [])

    def test_a_label_without_english_is_refused(self) -> None:
        raw = form({"key": "name", "type": "text", "label": {"vi": "Họ tên"}})
        self.assertIn("tiếng Anh", self.problem_at(raw, "name.label"))

    def test_a_label_without_vietnamese_is_refused(self) -> None:
        raw = form({"key": "name", "type": "text", "label": {"vi": " ", "en": "Name"}})
        self.assertIn("tiếng Việt", self.problem_at(raw, "name.label"))

    def test_a_help_without_english_is_refused(self) -> None:
        raw = form(field("name", help={"vi": "Ghi đầy đủ"}))
        self.assertIn("tiếng Anh", self.problem_at(raw, "name.help"))

    def test_an_unknown_attribute_is_refused(self) -> None:
        self.assertIn("colour", self.problem_at(form(field("name", colour="red")), "name"))

    def test_required_must_be_true_or_false(self) -> None:
        self.assertIn("required", self.problem_at(form(field("name", required="yes")), "name"))

    def test_a_group_without_fields_is_refused(self) -> None:
        self.assertIn("ít nhất một trường", self.problem_at(form(field("g", "group")), "g"))

    def test_min_items_above_max_items_is_refused(self) -> None:
        raw = form(field("rows", "repeat", fields=[field("a")], min_items=3, max_items=2))
        self.assertIn("số mục", self.problem_at(raw, "rows"))

    def test_an_unknown_codelist_is_refused(self) -> None:
        raw = form(field("colour", "choice", codelist="colours"))
        self.assertIn("colours", self.problem_at(raw, "colour"))

    def test_a_choice_without_codelist_is_refused(self) -> None:
        self.assertIn("codelist", self.problem_at(form(field("sex", "choice")), "sex"))

    def test_a_default_outside_the_codelist_is_refused(self) -> None:
        raw = form(field("nation", "choice", codelist="nationality", default="XX"))
        self.assertIn("XX", self.problem_at(raw, "nation"))

    def test_allowed_values_outside_the_codelist_are_refused(self) -> None:
        raw = form(field("status", "choice", codelist="marital_status", checks={"allowed": ["x"]}))
        self.assertIn("allowed", self.problem_at(raw, "status"))

    def test_allowed_values_of_a_yes_no_are_booleans(self) -> None:
        raw = form(field("agree", "yes_no", checks={"allowed": ["yes"]}))
        self.assertIn("allowed", self.problem_at(raw, "agree"))

    def test_a_file_without_component_is_refused(self) -> None:
        self.assertIn("component", self.problem_at(form(field("paper", "file")), "paper"))

    def test_a_file_with_component_zero_is_refused(self) -> None:
        raw = form(field("paper", "file", component=0))
        self.assertIn("component", self.problem_at(raw, "paper"))

    def test_omit_naming_no_standard_field_is_refused(self) -> None:
        raw = form(field("who", "person", omit=["nickname"]))
        self.assertIn("nickname", self.problem_at(raw, "who"))

    def test_omit_that_is_not_a_list_is_refused(self) -> None:
        self.assertIn("5", self.problem_at(form(field("who", "person", omit=5)), "who"))

    # Prefill -----------------------------------------------------------------------------

    def test_an_unknown_prefill_source_is_refused(self) -> None:
        raw = form(field("name", prefill="applicant.nickname"))
        self.assertIn("applicant.nickname", self.problem_at(raw, "name"))

    def test_a_data_store_source_is_accepted(self) -> None:
        raw = form(field("number", prefill="store:giay-khai-sinh.register_number"))
        self.assertEqual(problems(raw), [])

    def test_a_source_filling_another_type_of_field_is_refused(self) -> None:
        raw = form(field("born", "text", prefill="applicant.date_of_birth"))
        self.assertIn("không điền được", self.problem_at(raw, "born"))

    def test_a_prefilled_choice_must_use_the_list_of_the_registry(self) -> None:
        raw = form(field("status", "choice", codelist="sex", prefill="applicant.marital_status"))
        self.assertIn("marital_status", self.problem_at(raw, "status"))

    def test_a_prefill_inside_a_repeating_group_is_refused(self) -> None:
        raw = form(field("rows", "repeat", fields=[field("who", "person", prefill="relative")]))
        self.assertIn("nhóm lặp", self.problem_at(raw, "rows.*.who"))

    def test_locked_without_a_prefill_is_refused(self) -> None:
        self.assertIn("khóa", self.problem_at(form(field("name", locked=True)), "name"))

    # Conditions and checks ---------------------------------------------------------------

    def test_a_malformed_condition_is_refused(self) -> None:
        raw = form(field("a"), field("b", show_if={"field": "a", "is": "x"}))
        self.assertIn("điều kiện", self.problem_at(raw, "b"))

    def test_a_condition_on_a_missing_key_is_refused(self) -> None:
        raw = form(field("b", show_if={"field": "nowhere", "equals": "x"}))
        self.assertIn("nowhere", self.problem_at(raw, "b"))

    def test_a_required_if_on_a_missing_key_is_refused(self) -> None:
        raw = form(field("b", required_if={"field": "nowhere", "filled": True}))
        self.assertIn("nowhere", self.problem_at(raw, "b"))

    def test_a_condition_into_a_repeating_group_from_outside_is_refused(self) -> None:
        raw = form(
            field("rows", "repeat", fields=[field("a")]),
            field("b", show_if={"field": "rows.*.a", "filled": True}),
        )
        self.assertIn("nhóm lặp", self.problem_at(raw, "b"))

    def test_a_condition_within_the_same_item_is_accepted(self) -> None:
        raw = form(
            field(
                "rows",
                "repeat",
                fields=[field("a"), field("b", show_if={"field": "a", "filled": True})],
            )
        )
        self.assertEqual(problems(raw), [])

    def test_an_inner_repeat_may_name_a_field_of_its_outer_item(self) -> None:
        inner = field(
            "inner", "repeat", fields=[field("b", show_if={"field": "a", "filled": True})]
        )
        raw = form(field("outer", "repeat", fields=[field("a"), inner]))
        self.assertEqual(problems(raw), [])

    def test_a_condition_on_itself_is_refused(self) -> None:
        raw = form(field("a", show_if={"field": "a", "filled": True}))
        self.assertIn("chính trường này", self.problem_at(raw, "a"))

    def test_a_condition_on_its_own_group_is_refused(self) -> None:
        raw = form(field("g", "group", fields=[field("a", show_if={"field": "g", "filled": True})]))
        self.assertIn("chính trường này", self.problem_at(raw, "g.a"))

    def test_a_condition_on_a_group_is_refused(self) -> None:
        raw = form(
            field("g", "group", fields=[field("x")]),
            field("a", show_if={"field": "g", "filled": True}),
        )
        self.assertIn("nhóm", self.problem_at(raw, "a"))

    def test_a_condition_on_a_file_is_refused(self) -> None:
        raw = form(
            field("paper", "file", component=2),
            field("a", show_if={"field": "paper", "filled": True}),
        )
        self.assertIn("tệp", self.problem_at(raw, "a"))

    def test_a_cycle_of_show_if_is_refused_naming_the_loop(self) -> None:
        raw = form(
            field("a", show_if={"field": "b", "filled": True}),
            field("b", show_if={"field": "a", "filled": True}),
        )
        self.assertIn("a → b → a", self.problem_at(raw, "a"))

    def test_a_group_shown_after_its_own_field_is_refused(self) -> None:
        group = field("g", "group", fields=[field("a")], show_if={"field": "g.a", "filled": True})
        self.assertIn("trường trong nó", self.problem_at(form(group), "g"))

    def test_a_cycle_through_a_group_is_refused(self) -> None:
        group = field("g", "group", fields=[field("a")], show_if={"field": "b", "filled": True})
        raw = form(group, field("b", show_if={"field": "g.a", "filled": True}))
        self.assertIn("vòng lặp", self.problem_at(raw, "b"))

    def test_required_if_against_a_show_if_is_not_a_cycle(self) -> None:
        raw = form(
            field("a", required_if={"field": "b", "filled": True}),
            field("b", show_if={"field": "a", "filled": True}),
        )
        self.assertEqual(problems(raw), [])

    def test_a_date_check_against_a_non_date_field_is_refused(self) -> None:
        raw = form(field("name"), field("born", "date", checks={"before": "name"}))
        self.assertIn("không phải ngày tháng", self.problem_at(raw, "born"))

    def test_a_date_check_against_a_missing_field_is_refused(self) -> None:
        raw = form(field("born", "date", checks={"before": "child.date_of_birth"}))
        self.assertIn("child.date_of_birth", self.problem_at(raw, "born"))

    def test_a_date_check_against_itself_is_refused(self) -> None:
        raw = form(field("born", "date", checks={"before": "born"}))
        self.assertIn("chính trường này", self.problem_at(raw, "born"))

    def test_a_date_check_into_a_repeating_group_from_outside_is_refused(self) -> None:
        raw = form(
            field("rows", "repeat", fields=[field("born", "date")]),
            field("since", "date", checks={"after": "rows.*.born"}),
        )
        self.assertIn("nhóm lặp", self.problem_at(raw, "since"))

    def test_a_check_the_type_does_not_have_is_refused(self) -> None:
        raw = form(field("name", checks={"before": "today"}))
        self.assertIn("before", self.problem_at(raw, "name"))

    def test_a_negative_length_is_refused(self) -> None:
        raw = form(field("name", checks={"max_length": -1}))
        self.assertIn("max_length", self.problem_at(raw, "name"))

    def test_a_bad_pattern_is_refused(self) -> None:
        raw = form(field("code", checks={"pattern": "[0-9"}))
        self.assertIn("biểu thức chính quy", self.problem_at(raw, "code"))
