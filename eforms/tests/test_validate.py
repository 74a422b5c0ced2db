"""Checking a declaration: each type's cleaning, what is required and shown, checks across
fields, with a stable code and a Vietnamese message at the field at fault."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any

from django.test import SimpleTestCase
from django.utils import translation

from eforms.schema import Schema, parse
from eforms.testing import field, form, label
from eforms.validate import Checked, FieldError, validate

TODAY = date(2025, 9, 1)
MOTHER_ID = "001195006789"  # female, born 1995
FATHER_ID = "001090012345"  # male, born 1990
ORIGIN = ("ethnicity", "nationality")


def check(schema: Schema | dict[str, Any], data: Any, **options: Any) -> Checked:
    parsed = schema if isinstance(schema, Schema) else parse(schema)
    return validate(parsed, data, today=options.pop("today", TODAY), **options)


def one(*fields: dict[str, Any]) -> Schema:
    return parse(form(*fields))


def birth() -> Schema:
    """The child, the mother and (when declared) the father, each parent born before the
    child: the cross-group date check of a birth declaration."""
    parent_born = field(
        "date_of_birth", "date", required=True, checks={"before": "child.date_of_birth"}
    )
    return one(
        field("child", "person", required=True, omit=["id_number", "residence", *ORIGIN]),
        field("mother", "person", required=True, omit=["residence", *ORIGIN], fields=[parent_born]),
        field("has_father", "yes_no"),
        field(
            "father",
            "person",
            required=True,
            omit=["residence", *ORIGIN],
            fields=[parent_born],
            show_if={"field": "has_father", "equals": True},
        ),
    )


def birth_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "child": {"full_name": "Nguyễn Thị Hoa", "date_of_birth": "2025-08-20", "sex": "female"},
        "mother": {
            "full_name": "Trần Thị Bình",
            "date_of_birth": "1995-01-02",
            "sex": "female",
            "id_number": MOTHER_ID,
        },
        "has_father": True,
        "father": {
            "full_name": "Nguyễn Văn An",
            "date_of_birth": "1990-05-17",
            "sex": "male",
            "id_number": FATHER_ID,
        },
    }
    for path, value in changes.items():
        node = data
        *parents, last = path.split("__")
        for part in parents:
            node = node[part]
        node[last] = value
    return data


class ValidateTestCase(SimpleTestCase):
    def error(self, checked: Checked, path: str) -> FieldError:
        self.assertIn(path, checked.errors, f"errors: {checked.errors}")
        self.assertEqual(len(checked.errors[path]), 1)
        return checked.errors[path][0]

    def cleaned(self, schema: Schema, data: dict[str, Any]) -> dict[str, Any]:
        checked = check(schema, data)
        self.assertTrue(checked.ok, checked.errors)
        return checked.data

    # Text --------------------------------------------------------------------------------

    def test_text_is_kept_in_nfc(self) -> None:
        decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hoa")
        data = self.cleaned(one(field("name")), {"name": decomposed})
        self.assertEqual(data["name"], unicodedata.normalize("NFC", "Nguyễn Thị Hoa"))

    def test_text_has_its_spaces_folded(self) -> None:
        self.assertEqual(
            self.cleaned(one(field("name")), {"name": "  Lê   Văn  Ba "})["name"], "Lê Văn Ba"
        )

    def test_long_text_keeps_its_lines(self) -> None:
        data = self.cleaned(one(field("note", "long_text")), {"note": "dòng 1\ndòng 2\n"})
        self.assertEqual(data["note"], "dòng 1\ndòng 2")

    def test_a_nul_character_is_refused(self) -> None:
        error = self.error(check(one(field("name")), {"name": "An\x00"}), "name")
        self.assertEqual(
            (error.code, error.message), ("eform.text", "Nội dung có ký tự không hợp lệ.")
        )

    def test_a_text_that_is_not_a_string_is_refused(self) -> None:
        self.assertEqual(
            self.error(check(one(field("name")), {"name": ["x"]}), "name").code, "eform.text"
        )

    def test_a_text_longer_than_allowed_is_refused(self) -> None:
        schema = one(field("name", checks={"max_length": 5}))
        error = self.error(check(schema, {"name": "Nguyễn"}), "name")
        self.assertEqual(error.code, "eform.too_long")
        self.assertEqual(error.message, "Nhập tối đa 5 ký tự (đang có 6).")

    def test_a_text_shorter_than_allowed_is_refused(self) -> None:
        schema = one(field("name", checks={"min_length": 3}))
        error = self.error(check(schema, {"name": "An"}), "name")
        self.assertEqual((error.code, error.message), ("eform.too_short", "Nhập ít nhất 3 ký tự."))

    def test_a_text_out_of_its_pattern_gives_the_schemas_message(self) -> None:
        schema = one(
            field(
                "book",
                checks={
                    "pattern": "[0-9]{2}",
                    "pattern_message": label("Quyển số gồm 2 chữ số.", "Two digits."),
                },
            )
        )
        error = self.error(check(schema, {"book": "A1"}), "book")
        self.assertEqual((error.code, error.message), ("eform.pattern", "Quyển số gồm 2 chữ số."))

    def test_a_text_out_of_its_pattern_without_message_gives_a_general_one(self) -> None:
        error = self.error(
            check(one(field("book", checks={"pattern": "[0-9]+"})), {"book": "A"}), "book"
        )
        self.assertEqual(error.message, "Giá trị không đúng dạng yêu cầu.")

    # Numbers -----------------------------------------------------------------------------

    def test_an_integer_is_read_from_text(self) -> None:
        self.assertEqual(self.cleaned(one(field("n", "integer")), {"n": " 12 "})["n"], 12)

    def test_full_width_digits_are_read(self) -> None:
        self.assertEqual(self.cleaned(one(field("n", "integer")), {"n": "１２"})["n"], 12)

    def test_an_integer_that_is_not_one_is_refused(self) -> None:
        error = self.error(check(one(field("n", "integer")), {"n": "hai"}), "n")
        self.assertEqual(
            (error.code, error.message), ("eform.integer", "Nhập một số nguyên, ví dụ 2.")
        )

    def test_a_boolean_is_not_an_integer(self) -> None:
        self.assertEqual(
            self.error(check(one(field("n", "integer")), {"n": True}), "n").code, "eform.integer"
        )

    def test_an_integer_below_its_minimum_is_refused(self) -> None:
        error = self.error(check(one(field("n", "integer", checks={"minimum": 1})), {"n": 0}), "n")
        self.assertEqual((error.code, error.message), ("eform.min", "Giá trị nhỏ nhất là 1."))

    def test_a_negative_integer_is_refused_without_a_minimum(self) -> None:
        self.assertEqual(
            self.error(check(one(field("n", "integer")), {"n": "-1"}), "n").code, "eform.min"
        )

    def test_an_integer_above_its_maximum_is_refused(self) -> None:
        error = self.error(
            check(one(field("n", "integer", checks={"maximum": 10})), {"n": 11}), "n"
        )
        self.assertEqual((error.code, error.message), ("eform.max", "Giá trị lớn nhất là 10."))

    def test_money_is_read_with_separators_and_unit(self) -> None:
        self.assertEqual(
            self.cleaned(one(field("fee", "money")), {"fee": "1.500.000 đồng"})["fee"], 1_500_000
        )

    def test_money_that_is_not_a_number_is_refused_with_an_example(self) -> None:
        error = self.error(check(one(field("fee", "money")), {"fee": "nhiều"}), "fee")
        self.assertEqual(error.message, "Nhập số tiền bằng chữ số, ví dụ 150000.")

    # Dates -------------------------------------------------------------------------------

    def test_a_date_is_read_as_written_in_vietnam(self) -> None:
        self.assertEqual(
            self.cleaned(one(field("d", "date")), {"d": "1/7/2025"})["d"], "2025-07-01"
        )

    def test_a_date_is_read_in_iso_form(self) -> None:
        self.assertEqual(
            self.cleaned(one(field("d", "date")), {"d": "2025-07-01"})["d"], "2025-07-01"
        )

    def test_a_date_given_by_code_is_kept(self) -> None:
        self.assertEqual(
            self.cleaned(one(field("d", "date")), {"d": date(2025, 7, 1)})["d"], "2025-07-01"
        )

    def test_a_day_that_does_not_exist_is_refused(self) -> None:
        error = self.error(check(one(field("d", "date")), {"d": "31/02/2025"}), "d")
        self.assertEqual(error.code, "eform.date")
        self.assertEqual(error.message, "Ngày không có thật hoặc không đúng dạng ngày/tháng/năm.")

    def test_a_date_in_another_form_is_refused(self) -> None:
        self.assertEqual(
            self.error(check(one(field("d", "date")), {"d": "20250701"}), "d").code, "eform.date"
        )

    def test_a_moment_is_read_in_iso_form(self) -> None:
        data = self.cleaned(one(field("at", "datetime")), {"at": "2025-07-01T08:30:15"})
        self.assertEqual(data["at"], "2025-07-01T08:30")

    def test_a_moment_is_read_as_written_in_vietnam(self) -> None:
        data = self.cleaned(one(field("at", "datetime")), {"at": "08:30 01/07/2025"})
        self.assertEqual(data["at"], "2025-07-01T08:30")

    def test_a_moment_given_by_code_is_kept_to_the_minute(self) -> None:
        data = self.cleaned(one(field("at", "datetime")), {"at": datetime(2025, 7, 1, 8, 30, 5)})  # noqa: DTZ001
        self.assertEqual(data["at"], "2025-07-01T08:30")

    def test_a_moment_that_is_not_one_is_refused(self) -> None:
        error = self.error(check(one(field("at", "datetime")), {"at": "sáng nay"}), "at")
        self.assertEqual(error.code, "eform.datetime")

    def test_a_date_after_today_is_refused_when_it_must_not_be(self) -> None:
        schema = one(field("born", "date", checks={"not_after": "today"}))
        error = self.error(check(schema, {"born": "2025-09-02"}), "born")
        self.assertEqual(error.code, "eform.date_not_after")
        self.assertEqual(error.message, "Trường born không được sau ngày hôm nay.")

    def test_today_is_not_after_today(self) -> None:
        schema = one(field("born", "date", checks={"not_after": "today"}))
        self.assertTrue(check(schema, {"born": "2025-09-01"}).ok)

    def test_a_date_before_today_is_refused_when_it_must_be_after(self) -> None:
        schema = one(field("until", "date", checks={"after": "today"}))
        self.assertEqual(
            self.error(check(schema, {"until": "2025-09-01"}), "until").code, "eform.date_after"
        )

    def test_a_moment_later_today_is_not_after_today(self) -> None:
        schema = one(field("died_at", "datetime", checks={"not_after": "today"}))
        self.assertTrue(check(schema, {"died_at": "2025-09-01T23:00"}).ok)

    def test_a_moment_of_today_is_not_before_today(self) -> None:
        schema = one(field("at", "datetime", checks={"before": "today"}))
        self.assertEqual(
            self.error(check(schema, {"at": "2025-09-01T00:10"}), "at").code, "eform.date_before"
        )

    def test_a_father_born_after_the_child_is_refused_at_his_date_of_birth(self) -> None:
        checked = check(birth(), birth_data(father__date_of_birth="2025-08-21"))
        error = self.error(checked, "father.date_of_birth")
        self.assertEqual(error.code, "eform.date_before")
        self.assertEqual(
            error.message,
            "Trường date_of_birth phải trước ngày, tháng, năm sinh của trường child (20/08/2025).",
        )

    def test_a_mother_born_before_the_child_is_accepted(self) -> None:
        self.assertTrue(check(birth(), birth_data()).ok)

    def test_a_hidden_father_is_not_checked_against_the_child(self) -> None:
        data = birth_data(has_father=False, father__date_of_birth="2025-08-21")
        checked = check(birth(), data)
        self.assertTrue(checked.ok, checked.errors)
        self.assertNotIn("father", checked.data)

    def test_a_date_is_not_checked_against_a_hidden_field(self) -> None:
        schema = one(
            field("known", "yes_no"),
            field("married_on", "date", show_if={"field": "known", "equals": True}),
            field("divorced_on", "date", checks={"after": "married_on"}),
        )
        data = {"known": False, "married_on": "2025-01-01", "divorced_on": "2024-01-01"}
        self.assertTrue(check(schema, data).ok)

    def test_a_moment_on_the_day_of_a_date_is_not_before_it(self) -> None:
        schema = one(
            field("born", "date"), field("died_at", "datetime", checks={"not_before": "born"})
        )
        self.assertTrue(check(schema, {"born": "2025-08-20", "died_at": "2025-08-20T10:00"}).ok)

    def test_a_moment_the_day_before_a_date_is_before_it(self) -> None:
        schema = one(
            field("born", "date"), field("died_at", "datetime", checks={"not_before": "born"})
        )
        checked = check(schema, {"born": "2025-08-20", "died_at": "2025-08-19T23:59"})
        self.assertEqual(self.error(checked, "died_at").code, "eform.date_not_before")

    def test_a_date_is_checked_against_a_field_of_its_own_item(self) -> None:
        schema = one(
            field(
                "periods",
                "repeat",
                fields=[field("since", "date"), field("until", "date", checks={"after": "since"})],
            )
        )
        data = {
            "periods": [
                {"since": "2020-01-01", "until": "2021-01-01"},
                {"since": "2022-01-01", "until": "2021-06-01"},
            ]
        }
        checked = check(schema, data)
        self.assertEqual(list(checked.errors), ["periods.1.until"])

    # Choices -----------------------------------------------------------------------------

    def test_a_choice_keeps_its_code(self) -> None:
        self.assertEqual(
            self.cleaned(one(field("sex", "choice", codelist="sex")), {"sex": "female"}),
            {"sex": "female"},
        )

    def test_a_choice_outside_its_list_is_refused(self) -> None:
        error = self.error(check(one(field("sex", "choice", codelist="sex")), {"sex": "x"}), "sex")
        self.assertEqual(
            (error.code, error.message), ("eform.choice", "Chọn một giá trị trong danh sách.")
        )

    def test_a_choice_not_allowed_here_gives_the_schemas_message(self) -> None:
        schema = one(
            field(
                "status",
                "choice",
                codelist="marital_status",
                checks={
                    "allowed": ["single", "divorced", "widowed"],
                    "allowed_message": label(
                        "Người đang có vợ hoặc chồng không được kết hôn.", "Married."
                    ),
                },
            )
        )
        error = self.error(check(schema, {"status": "married"}), "status")
        self.assertEqual(error.code, "eform.not_allowed")
        self.assertEqual(error.message, "Người đang có vợ hoặc chồng không được kết hôn.")

    def test_a_multi_choice_keeps_each_code_once(self) -> None:
        schema = one(field("kinds", "multi_choice", codelist="residence_kind"))
        data = self.cleaned(schema, {"kinds": ["temporary", "permanent", "temporary"]})
        self.assertEqual(data["kinds"], ["temporary", "permanent"])

    def test_a_multi_choice_outside_its_list_is_refused(self) -> None:
        schema = one(field("kinds", "multi_choice", codelist="residence_kind"))
        self.assertEqual(
            self.error(check(schema, {"kinds": ["permanent", "x"]}), "kinds").code, "eform.choice"
        )

    def test_yes_no_reads_a_form_checkbox(self) -> None:
        self.assertEqual(
            self.cleaned(one(field("agree", "yes_no")), {"agree": "on"}), {"agree": True}
        )

    def test_yes_no_keeps_a_no(self) -> None:
        self.assertEqual(
            self.cleaned(one(field("agree", "yes_no")), {"agree": "false"}), {"agree": False}
        )

    def test_yes_no_refuses_anything_else(self) -> None:
        error = self.error(check(one(field("agree", "yes_no")), {"agree": "maybe"}), "agree")
        self.assertEqual((error.code, error.message), ("eform.yes_no", "Chọn có hoặc không."))

    def test_a_commitment_that_must_be_given_refuses_a_no(self) -> None:
        schema = one(field("commitment", "yes_no", required=True, checks={"allowed": [True]}))
        self.assertEqual(
            self.error(check(schema, {"commitment": False}), "commitment").code, "eform.not_allowed"
        )

    # Identifiers and contacts ------------------------------------------------------------

    def test_a_personal_id_is_kept(self) -> None:
        self.assertEqual(
            self.cleaned(one(field("id", "personal_id")), {"id": f" {FATHER_ID} "}),
            {"id": FATHER_ID},
        )

    def test_a_personal_id_of_eleven_digits_is_refused(self) -> None:
        error = self.error(check(one(field("id", "personal_id")), {"id": FATHER_ID[:-1]}), "id")
        self.assertEqual(error.code, "eform.personal_id")
        self.assertEqual(error.message, "Số định danh cá nhân phải gồm đúng 12 chữ số.")

    def test_a_personal_id_of_an_unknown_province_is_refused(self) -> None:
        error = self.error(check(one(field("id", "personal_id")), {"id": "999090012345"}), "id")
        self.assertIn("Mã tỉnh “999”", error.message)

    def test_an_id_number_of_another_birth_year_is_refused_in_a_person(self) -> None:
        checked = check(birth(), birth_data(mother__date_of_birth="1996-01-02"))
        error = self.error(checked, "mother.id_number")
        self.assertEqual(error.code, "eform.personal_id")
        self.assertIn("không khớp với năm sinh 1996", error.message)

    def test_an_id_number_of_the_other_sex_is_refused_in_a_person(self) -> None:
        checked = check(birth(), birth_data(father__sex="female"))
        self.assertIn("giới tính khai là Nữ", self.error(checked, "father.id_number").message)

    def test_an_id_number_is_checked_in_each_item_of_a_repeating_group(self) -> None:
        schema = one(
            field(
                "members",
                "repeat",
                fields=[
                    field("full_name"),
                    field("date_of_birth", "date"),
                    field("sex", "choice", codelist="sex"),
                    field("id_number", "personal_id"),
                ],
            )
        )
        data = {
            "members": [
                {
                    "full_name": "An",
                    "date_of_birth": "1991-05-17",
                    "sex": "male",
                    "id_number": FATHER_ID,
                }
            ]
        }
        self.assertEqual(
            self.error(check(schema, data), "members.0.id_number").code, "eform.personal_id"
        )

    def test_a_phone_number_loses_its_spaces(self) -> None:
        self.assertEqual(
            self.cleaned(one(field("phone", "phone")), {"phone": "091 234.5678"}),
            {"phone": "0912345678"},
        )

    def test_a_phone_number_too_short_is_refused(self) -> None:
        error = self.error(check(one(field("phone", "phone")), {"phone": "09123"}), "phone")
        self.assertEqual(error.code, "eform.phone")

    def test_an_email_is_kept_in_lower_case(self) -> None:
        self.assertEqual(
            self.cleaned(one(field("mail", "email")), {"mail": "An@Example.VN"}),
            {"mail": "an@example.vn"},
        )

    def test_an_email_without_domain_is_refused(self) -> None:
        error = self.error(check(one(field("mail", "email")), {"mail": "an@"}), "mail")
        self.assertEqual(error.code, "eform.email")

    # Required, shown ---------------------------------------------------------------------

    def test_a_missing_required_text_asks_for_it(self) -> None:
        error = self.error(check(one(field("name", required=True)), {}), "name")
        self.assertEqual((error.code, error.message), ("eform.required", "Nhập trường name."))

    def test_a_blank_required_text_asks_for_it(self) -> None:
        self.assertEqual(
            self.error(check(one(field("name", required=True)), {"name": "  "}), "name").code,
            "eform.required",
        )

    def test_a_missing_required_choice_asks_to_choose(self) -> None:
        error = self.error(
            check(one(field("sex", "choice", codelist="sex", required=True)), {}), "sex"
        )
        self.assertEqual(error.message, "Chọn trường sex.")

    def test_a_missing_required_group_asks_for_each_required_field(self) -> None:
        checked = check(one(field("mother", "person", required=True)), {})
        self.assertIn("mother.full_name", checked.errors)
        self.assertIn("mother.residence", checked.errors)

    def test_a_missing_optional_group_is_not_in_error(self) -> None:
        self.assertTrue(check(one(field("mother", "person")), {}).ok)

    def test_required_if_requires_when_it_holds(self) -> None:
        schema = one(
            field("nation", "choice", codelist="nationality"),
            field("id", "personal_id", required_if={"field": "nation", "equals": "VN"}),
        )
        self.assertEqual(self.error(check(schema, {"nation": "VN"}), "id").code, "eform.required")

    def test_required_if_does_not_require_otherwise(self) -> None:
        schema = one(
            field("nation", "choice", codelist="nationality"),
            field("id", "personal_id", required_if={"field": "nation", "equals": "VN"}),
        )
        self.assertTrue(check(schema, {"nation": "FR"}).ok)

    def test_a_hidden_value_is_dropped(self) -> None:
        schema = one(
            field("for_marriage", "yes_no"),
            field("spouse", show_if={"field": "for_marriage", "equals": True}),
        )
        self.assertEqual(
            self.cleaned(schema, {"for_marriage": False, "spouse": "Lê Văn C"}),
            {"for_marriage": False},
        )

    def test_a_hidden_wrong_value_is_not_in_error(self) -> None:
        schema = one(
            field("for_marriage", "yes_no"),
            field("on", "date", show_if={"field": "for_marriage", "equals": True}),
        )
        self.assertTrue(check(schema, {"for_marriage": False, "on": "31/02/2025"}).ok)

    def test_a_hidden_required_field_is_not_asked_for(self) -> None:
        schema = one(
            field("for_marriage", "yes_no"),
            field("spouse", required=True, show_if={"field": "for_marriage", "equals": True}),
        )
        self.assertTrue(check(schema, {}).ok)

    def test_a_shown_required_field_is_asked_for(self) -> None:
        schema = one(
            field("for_marriage", "yes_no"),
            field("spouse", required=True, show_if={"field": "for_marriage", "equals": True}),
        )
        self.assertIn("spouse", check(schema, {"for_marriage": True}).errors)

    def test_a_field_of_a_hidden_group_is_hidden(self) -> None:
        schema = one(
            field("known", "yes_no"),
            field(
                "father",
                "group",
                show_if={"field": "known", "equals": True},
                fields=[field("name", required=True)],
            ),
        )
        self.assertEqual(
            self.cleaned(schema, {"known": False, "father": {"name": "X"}}), {"known": False}
        )

    def test_show_if_in_holds_for_any_value_listed(self) -> None:
        schema = one(
            field("status", "choice", codelist="marital_status"),
            field("proof", show_if={"field": "status", "in": ["divorced", "widowed"]}),
        )
        self.assertEqual(
            self.cleaned(schema, {"status": "widowed", "proof": "Trích lục"})["proof"], "Trích lục"
        )

    def test_show_if_not_equals_hides_on_that_value(self) -> None:
        schema = one(
            field("relation", "choice", codelist="household_relation"),
            field("head", show_if={"field": "relation", "not_equals": "head"}),
        )
        self.assertNotIn("head", self.cleaned(schema, {"relation": "head", "head": "X"}))

    def test_show_if_not_equals_does_not_hold_on_nothing(self) -> None:
        schema = one(
            field("relation", "choice", codelist="household_relation"),
            field("head", show_if={"field": "relation", "not_equals": "head"}),
        )
        self.assertNotIn("head", self.cleaned(schema, {"head": "X"}))

    def test_show_if_filled_holds_once_the_field_has_a_value(self) -> None:
        schema = one(field("other"), field("why", show_if={"field": "other", "filled": True}))
        self.assertEqual(self.cleaned(schema, {"other": "x", "why": "y"})["why"], "y")

    def test_show_if_equals_holds_for_a_multi_choice_holding_it(self) -> None:
        schema = one(
            field("kinds", "multi_choice", codelist="residence_kind"),
            field("until", "date", show_if={"field": "kinds", "equals": "temporary"}),
        )
        data = self.cleaned(schema, {"kinds": ["permanent", "temporary"], "until": "2026-01-01"})
        self.assertEqual(data["until"], "2026-01-01")

    # Repeating groups --------------------------------------------------------------------

    def members(self, **attributes: Any) -> Schema:
        return one(
            field(
                "members",
                "repeat",
                fields=[field("name", required=True), field("age", "integer")],
                **attributes,
            )
        )

    def test_blank_rows_are_not_items(self) -> None:
        data = self.cleaned(
            self.members(), {"members": [{"name": "", "age": ""}, {"name": "An"}, {}]}
        )
        self.assertEqual(data["members"], [{"name": "An"}])

    def test_errors_are_at_the_index_of_the_item_kept(self) -> None:
        checked = check(self.members(), {"members": [{"name": " "}, {"name": "An", "age": "x"}]})
        self.assertEqual(list(checked.errors), ["members.0.age"])

    def test_a_row_with_only_a_wrong_value_is_kept_with_its_error(self) -> None:
        checked = check(self.members(), {"members": [{"age": "x"}]})
        self.assertEqual(set(checked.errors), {"members.0.age", "members.0.name"})

    def test_fewer_items_than_the_minimum_are_refused(self) -> None:
        error = self.error(
            check(self.members(min_items=2), {"members": [{"name": "An"}]}), "members"
        )
        self.assertEqual((error.code, error.message), ("eform.items_min", "Khai ít nhất 2 mục."))

    def test_more_items_than_the_maximum_are_refused(self) -> None:
        data = {"members": [{"name": "An"}, {"name": "Bình"}, {"name": "Chi"}]}
        error = self.error(check(self.members(max_items=2), data), "members")
        self.assertEqual((error.code, error.message), ("eform.items_max", "Khai tối đa 2 mục."))

    def test_blank_rows_do_not_count_towards_the_maximum(self) -> None:
        data = {"members": [{}, {}, {"name": "An"}, {}, {"name": "Bình"}]}
        self.assertEqual(len(self.cleaned(self.members(max_items=2), data)["members"]), 2)

    def test_a_list_that_is_not_one_is_refused(self) -> None:
        self.assertEqual(
            self.error(check(self.members(), {"members": "An"}), "members").code, "eform.items"
        )

    def test_a_row_that_is_not_an_object_is_refused(self) -> None:
        self.assertEqual(
            self.error(check(self.members(), {"members": ["An"]}), "members").code, "eform.items"
        )

    def test_a_required_repeat_left_empty_asks_for_items(self) -> None:
        error = self.error(check(self.members(required=True), {"members": [{}]}), "members")
        self.assertEqual((error.code, error.message), ("eform.required", "Khai trường members."))

    # Drafts, locked values, the result ---------------------------------------------------

    def test_a_draft_reports_no_missing_value(self) -> None:
        self.assertTrue(check(birth(), {"child": {"full_name": "Hoa"}}, partial=True).ok)

    def test_a_draft_reports_a_wrong_value(self) -> None:
        checked = check(birth(), {"child": {"date_of_birth": "32/01/2025"}}, partial=True)
        self.assertEqual(list(checked.errors), ["child.date_of_birth"])

    def test_a_draft_reports_no_missing_item(self) -> None:
        self.assertTrue(check(self.members(min_items=2), {}, partial=True).ok)

    def test_a_locked_value_replaces_what_was_posted(self) -> None:
        locked = {"mother.full_name": "Trần Thị Bình", "mother.id_number": MOTHER_ID}
        data = birth_data(mother__full_name="Người Khác", mother__id_number="001195000000")
        checked = check(birth(), data, locked=locked)
        self.assertEqual(checked.data["mother"]["full_name"], "Trần Thị Bình")
        self.assertEqual(checked.data["mother"]["id_number"], MOTHER_ID)

    def test_a_locked_value_is_given_even_when_nothing_was_posted(self) -> None:
        checked = check(one(field("name", required=True)), {}, locked={"name": "Lê Văn Ba"})
        self.assertEqual(checked.data, {"name": "Lê Văn Ba"})

    def test_under_gives_the_errors_of_some_top_level_fields(self) -> None:
        checked = check(birth(), {})
        self.assertEqual({p.split(".")[0] for p in checked.under(["mother"])}, {"mother"})
        self.assertIn("child.full_name", checked.errors)

    def test_fields_not_in_the_schema_are_dropped(self) -> None:
        self.assertEqual(
            self.cleaned(one(field("name")), {"name": "An", "admin": True}), {"name": "An"}
        )

    def test_data_that_is_not_an_object_is_read_as_empty(self) -> None:
        self.assertIn("name", check(one(field("name", required=True)), ["name"]).errors)

    def test_messages_are_in_english_when_english_is_active(self) -> None:
        with translation.override("en"):
            error = self.error(check(one(field("agree", "yes_no")), {"agree": "maybe"}), "agree")
        self.assertEqual(error.message, "Choose yes or no.")
