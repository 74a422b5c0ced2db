"""An e-form as a Django form (eforms.forms.EForm): inputs named by data path, what was
posted given back in the engine's shape, locked values kept, errors at their field."""

from __future__ import annotations

from datetime import date

from django.http import QueryDict
from django.test import TestCase

from eforms.forms import EForm, field_name
from eforms.schema import parse
from eforms.testing import sample_declaration
from eforms.validate import validate

SCHEMA = parse(sample_declaration())


def section(key: str):
    found = SCHEMA.section(key)
    assert found is not None
    return [found]


class EFormTestCase(TestCase):
    def test_it_names_each_input_by_its_data_path(self):
        form = EForm(schema=SCHEMA, sections=section("other"))
        self.assertIn("siblings__0__full_name", form.fields)
        self.assertIn("copies", form.fields)
        self.assertEqual(field_name("children.1.date_of_birth"), "children__1__date_of_birth")

    def test_it_gives_what_was_posted_in_the_engines_shape(self):
        data = QueryDict(mutable=True)
        data.update(
            {
                "child__full_name": "Khang",
                "child__date_of_birth-day": "15",
                "child__date_of_birth-month": "1",
                "child__date_of_birth-year": "2026",
                "child__sex": "male",
            }
        )
        form = EForm(data, schema=SCHEMA, sections=section("the_child"))
        child = form.to_data()["child"]
        self.assertEqual(child["date_of_birth"], "15/1/2026")
        checked = validate(SCHEMA, form.to_data(), today=date(2026, 12, 1), partial=True)
        self.assertEqual(checked.data["child"]["date_of_birth"], "2026-01-15")

    def test_it_ignores_what_is_posted_for_a_locked_value(self):
        locked = {"requester.full_name": "Nguyễn Văn An"}
        data = QueryDict("requester__full_name=Khac")
        form = EForm(data, schema=SCHEMA, sections=section("about_you"), locked=locked)
        self.assertNotIn("requester__full_name", form.fields)
        self.assertEqual(form.to_data()["requester"]["full_name"], "Nguyễn Văn An")

    def test_it_puts_each_error_at_its_field(self):
        form = EForm(QueryDict("mother__id_number=1"), schema=SCHEMA, sections=section("parents"))
        checked = validate(SCHEMA, form.to_data(), today=date(2026, 12, 1), partial=True)
        form.apply_errors(checked.errors)
        mother = form.sections[0].nodes[0]
        id_number = next(n for n in mother.children if n.field.key == "id_number")
        self.assertEqual(id_number.errors, ["Số định danh cá nhân phải gồm đúng 12 chữ số."])
        self.assertEqual(form.error_links()[0].anchor, "id_mother__id_number")
        self.assertFalse(form.is_valid())
        self.assertEqual(
            form.errors["mother__id_number"], ["Số định danh cá nhân phải gồm đúng 12 chữ số."]
        )

    def test_an_error_nothing_shows_is_for_the_whole_form(self):
        form = EForm(schema=SCHEMA, sections=section("parents"))
        form.apply_errors({"child.full_name": ["Nhập họ tên."]})
        self.assertEqual(form.non_field, ["Nhập họ tên."])

    def test_it_offers_defaults_but_not_in_a_new_row(self):
        schema = parse(
            {
                **sample_declaration(),
                "sections": [
                    {
                        "key": "s",
                        "title": {"vi": "Phần", "en": "Part"},
                        "fields": [
                            {
                                "key": "people",
                                "type": "repeat",
                                "label": {"vi": "Người", "en": "People"},
                                "fields": [
                                    {
                                        "key": "nationality",
                                        "type": "choice",
                                        "codelist": "nationality",
                                        "default": "VN",
                                        "label": {"vi": "Quốc tịch", "en": "Nationality"},
                                    }
                                ],
                            },
                            {
                                "key": "copies",
                                "type": "integer",
                                "default": 1,
                                "label": {"vi": "Số bản", "en": "Copies"},
                            },
                        ],
                    }
                ],
            }
        )
        nodes = EForm(schema=schema).sections[0].nodes
        self.assertEqual(nodes[0].items[0].nodes[0].value, "")
        self.assertEqual(nodes[1].value, "1")

    def test_it_shows_one_more_row_when_asked(self):
        data = QueryDict("siblings-rows=1&eform-stay=add:siblings")
        form = EForm(data, schema=SCHEMA, sections=section("other"))
        self.assertEqual(form.stay(), ("add", "siblings"))
        self.assertIn("siblings__1__full_name", form.fields)
        self.assertEqual(form.row_counts(), {"siblings": 2})

    def test_it_asks_few_choices_as_radios_and_many_in_a_select(self):
        nodes = EForm(schema=SCHEMA, sections=section("the_child")).sections[0].nodes
        kinds = {n.field.key: n.kind for n in nodes[0].children}
        self.assertEqual(kinds["sex"], "radios")
        self.assertEqual(kinds["ethnicity"], "select")
        self.assertEqual(kinds["date_of_birth"], "date")

    def test_it_reveals_a_field_under_the_answer_that_shows_it(self):
        nodes = EForm(schema=SCHEMA, sections=section("parents")).sections[0].nodes
        keys = [n.field.key for n in nodes]
        self.assertEqual(keys, ["mother", "has_father"])
        yes = nodes[1].options[0]
        self.assertEqual((yes.value, yes.conditional[0].field.key), ("true", "father"))
