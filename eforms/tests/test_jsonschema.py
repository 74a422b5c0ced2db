"""The data a schema accepts, exported as JSON Schema 2020-12 for other systems."""

from __future__ import annotations

from typing import Any

from django.test import SimpleTestCase

from eforms.jsonschema import DIALECT, to_json_schema
from eforms.schema import parse
from eforms.testing import field, form, json_schema_problems, sample_declaration


def export(*fields: dict[str, Any]) -> dict[str, Any]:
    return to_json_schema(parse(form(*fields)))


class JsonSchemaTestCase(SimpleTestCase):
    def test_the_sample_declaration_exports_a_well_formed_document(self) -> None:
        self.assertEqual(json_schema_problems(to_json_schema(parse(sample_declaration()))), [])

    def test_the_document_names_the_2020_12_dialect(self) -> None:
        self.assertEqual(export(field("a"))["$schema"], DIALECT)

    def test_the_document_carries_its_identifier_when_given(self) -> None:
        document = to_json_schema(parse(form(field("a"))), identifier="urn:motcua:1.001193:1")
        self.assertEqual(document["$id"], "urn:motcua:1.001193:1")

    def test_the_document_is_a_closed_object(self) -> None:
        document = export(field("a"))
        self.assertEqual((document["type"], document["additionalProperties"]), ("object", False))

    def test_the_title_is_the_vietnamese_one_with_the_english_beside(self) -> None:
        shape = export(field("a"))["properties"]["a"]
        self.assertEqual((shape["title"], shape["x-title-en"]), ("Trường a", "Field a"))

    def test_required_fields_are_required(self) -> None:
        self.assertEqual(export(field("a", required=True), field("b"))["required"], ["a"])

    def test_a_conditional_field_is_not_required_by_the_document(self) -> None:
        document = export(
            field("a", "yes_no"), field("b", required=True, show_if={"field": "a", "equals": True})
        )
        self.assertNotIn("required", document)

    def test_a_text_has_its_length_and_pattern(self) -> None:
        checks = {"max_length": 9, "min_length": 2, "pattern": "[0-9]+"}
        shape = export(field("a", checks=checks))["properties"]["a"]
        self.assertEqual(
            [shape[k] for k in ("type", "maxLength", "minLength", "pattern")],
            ["string", 9, 2, "[0-9]+"],
        )

    def test_an_integer_has_its_bounds(self) -> None:
        shape = export(field("n", "integer", checks={"minimum": 1, "maximum": 5}))["properties"][
            "n"
        ]
        self.assertEqual((shape["type"], shape["minimum"], shape["maximum"]), ("integer", 1, 5))

    def test_a_date_is_a_string_in_date_format(self) -> None:
        shape = export(field("d", "date"))["properties"]["d"]
        self.assertEqual((shape["type"], shape["format"]), ("string", "date"))

    def test_a_choice_is_an_enumeration_of_its_codes(self) -> None:
        shape = export(field("sex", "choice", codelist="sex"))["properties"]["sex"]
        self.assertEqual(shape["enum"], ["female", "male"])

    def test_a_choice_narrowed_by_allowed_lists_only_those(self) -> None:
        checks = {"allowed": ["single", "widowed"]}
        shape = export(field("s", "choice", codelist="marital_status", checks=checks))
        self.assertEqual(shape["properties"]["s"]["enum"], ["single", "widowed"])

    def test_a_commitment_that_must_be_given_is_true(self) -> None:
        shape = export(field("agree", "yes_no", checks={"allowed": [True]}))["properties"]["agree"]
        self.assertEqual(shape["enum"], [True])

    def test_a_multi_choice_is_an_array_of_distinct_codes(self) -> None:
        shape = export(field("k", "multi_choice", codelist="residence_kind"))["properties"]["k"]
        self.assertEqual((shape["type"], shape["uniqueItems"]), ("array", True))

    def test_yes_no_is_a_boolean(self) -> None:
        self.assertEqual(export(field("a", "yes_no"))["properties"]["a"]["type"], "boolean")

    def test_a_personal_id_is_twelve_digits(self) -> None:
        shape = export(field("id", "personal_id"))["properties"]["id"]
        self.assertEqual(shape["pattern"], "^[0-9]{12}$")

    def test_an_address_needs_a_commune_or_a_legacy_ward(self) -> None:
        shape = export(field("home", "address"))["properties"]["home"]
        self.assertEqual(shape["anyOf"], [{"required": ["commune"]}, {"required": ["legacy_ward"]}])

    def test_a_person_is_an_object_of_its_fields(self) -> None:
        shape = export(field("mother", "person", required=True))["properties"]["mother"]
        self.assertEqual(
            shape["required"],
            [
                "full_name",
                "date_of_birth",
                "sex",
                "ethnicity",
                "nationality",
                "id_number",
                "residence",
            ],
        )

    def test_a_repeat_is_an_array_of_objects_with_its_bounds(self) -> None:
        shape = export(field("rows", "repeat", fields=[field("a")], min_items=1, max_items=3))[
            "properties"
        ]["rows"]
        self.assertEqual(
            (shape["type"], shape["items"]["type"], shape["minItems"], shape["maxItems"]),
            ("array", "object", 1, 3),
        )

    def test_a_file_is_not_part_of_the_data(self) -> None:
        self.assertNotIn(
            "paper", export(field("a"), field("paper", "file", component=2))["properties"]
        )

    def test_the_well_formedness_check_finds_an_unknown_keyword(self) -> None:
        self.assertEqual(
            json_schema_problems({"type": "object", "colour": 1}), ["#/colour: not a keyword here"]
        )

    def test_the_well_formedness_check_finds_a_required_name_that_is_no_property(self) -> None:
        problems = json_schema_problems({"type": "object", "properties": {}, "required": ["a"]})
        self.assertEqual(problems, ["#/required: names that are not properties"])
