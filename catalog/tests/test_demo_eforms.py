"""The e-forms of the demo catalog: every procedure of DOMAIN §7.1 has a declaration following
its official form and result data for the officer; each parses, exports as JSON Schema, binds
its uploads to components that exist, and accepts a sample declaration."""

from __future__ import annotations

from datetime import date, timedelta

from django.test import TestCase

from catalog.models import ProcedureVersion
from catalog.testing import (
    SAMPLE_CODES,
    sample_declaration_for,
    sample_person,
    sample_result_for,
)
from catalog.tests.test_import import demo_document
from catalog.transfer import load_catalog
from core.testing import create_commune
from eforms.jsonschema import to_json_schema
from eforms.testing import json_schema_problems
from eforms.validate import Checked, validate
from units.models import AdministrativeUnit

TODAY = date(2025, 9, 1)


class DemoEformsTestCase(TestCase):
    commune: AdministrativeUnit
    versions: dict[str, ProcedureVersion]

    @classmethod
    def setUpTestData(cls) -> None:
        load_catalog(demo_document())
        cls.commune = create_commune(name="Phường Hoàn Kiếm")
        cls.versions = {
            v.procedure.code: v for v in ProcedureVersion.objects.select_related("procedure")
        }

    def applicant(self, sex: str = "male") -> dict[str, object]:
        name = "Nguyễn Văn An" if sex == "male" else "Trần Thị Bình"
        return sample_person(name, date(1990, 5, 17), sex, commune=self.commune)

    def declare(self, code: str, **people: object) -> dict[str, object]:
        applicant = people.pop("applicant", None) or self.applicant()
        return sample_declaration_for(code, applicant=applicant, today=TODAY, **people)  # type: ignore[arg-type]

    def checked(self, code: str, data: dict[str, object]) -> Checked:
        schema = self.versions[code].declaration
        assert schema is not None
        return validate(schema, data, today=TODAY)

    # Every procedure -----------------------------------------------------------------------

    def test_every_procedure_has_a_declaration_and_result_data(self) -> None:
        for code, version in self.versions.items():
            with self.subTest(code=code):
                self.assertIsNotNone(version.declaration)
                self.assertIsNotNone(version.result_form)

    def test_the_samples_cover_every_procedure_of_the_demo_catalog(self) -> None:
        self.assertEqual(SAMPLE_CODES, set(self.versions))

    def test_every_json_schema_export_is_well_formed(self) -> None:
        for code, version in self.versions.items():
            for name, schema in (
                ("declaration", version.declaration),
                ("result", version.result_form),
            ):
                with self.subTest(code=code, schema=name):
                    assert schema is not None
                    exported = to_json_schema(schema, identifier=f"urn:motcua:{code}:{name}")
                    self.assertEqual(json_schema_problems(exported), [])

    def test_a_sample_declaration_is_accepted_by_every_procedure(self) -> None:
        for code in sorted(self.versions):
            with self.subTest(code=code):
                checked = self.checked(code, self.declare(code))
                self.assertTrue(checked.ok, checked.errors)

    def test_sample_result_data_is_accepted_by_every_procedure(self) -> None:
        for code, version in sorted(self.versions.items()):
            with self.subTest(code=code):
                schema = version.result_form
                assert schema is not None
                checked = validate(
                    schema, sample_result_for(code, commune=self.commune, today=TODAY), today=TODAY
                )
                self.assertTrue(checked.ok, checked.errors)

    def test_the_components_a_form_satisfies_exist(self) -> None:
        for code, version in self.versions.items():
            with self.subTest(code=code):
                assert version.declaration is not None
                positions = set(version.components.values_list("position", flat=True))
                self.assertLessEqual(set(version.declaration.satisfies), positions)

    def test_a_declaration_form_component_is_satisfied_by_the_form(self) -> None:
        for code, version in self.versions.items():
            for component in version.components.all():
                if component.name.startswith(("Tờ khai", "Văn bản yêu cầu")):
                    with self.subTest(code=code, component=component.name):
                        assert version.declaration is not None
                        self.assertIn(component.position, version.declaration.satisfies)

    def test_every_upload_names_a_component_that_exists_and_is_no_e_form(self) -> None:
        for code, version in self.versions.items():
            assert version.declaration is not None
            positions = set(version.components.values_list("position", flat=True))
            for upload in version.declaration.file_fields():
                with self.subTest(code=code, field=upload.path):
                    self.assertIn(upload.component, positions - set(version.declaration.satisfies))

    def test_no_form_asks_for_a_paper_the_registry_holds(self) -> None:
        for code, version in self.versions.items():
            assert version.declaration is not None
            reusable = set(
                version.components.filter(
                    reusable_from_data=True, data_source__startswith="population"
                ).values_list("position", flat=True)
            )
            with self.subTest(code=code):
                self.assertFalse(
                    {f.component for f in version.declaration.file_fields()} & reusable
                )

    def test_the_forms_are_flagged_as_not_checked_against_the_official_text(self) -> None:
        for code, version in self.versions.items():
            with self.subTest(code=code):
                self.assertLessEqual(
                    {"declaration_schema", "result_schema"}, set(version.to_verify)
                )

    # Birth -------------------------------------------------------------------------------

    def test_a_birth_without_a_father_is_accepted(self) -> None:
        data = self.declare("1.001193", applicant=self.applicant("female"))
        self.assertFalse(data["has_father"])
        self.assertTrue(self.checked("1.001193", data).ok)

    def test_a_birth_with_both_parents_is_accepted(self) -> None:
        father = self.applicant("male")
        data = self.declare("1.001193", father=father)
        checked = self.checked("1.001193", data)
        self.assertTrue(checked.ok, checked.errors)
        self.assertEqual(checked.data["father"]["id_number"], father["id_number"])

    def test_a_father_born_after_the_child_is_refused_at_his_date_of_birth(self) -> None:
        father = sample_person(
            "Nguyễn Văn Trẻ", TODAY - timedelta(days=1), "male", commune=self.commune
        )
        checked = self.checked("1.001193", self.declare("1.001193", father=father))
        self.assertEqual(
            [e.code for e in checked.errors["father.date_of_birth"]], ["eform.date_before"]
        )

    def test_a_child_born_after_today_is_refused(self) -> None:
        data = self.declare("1.001193")
        data["child"]["date_of_birth"] = (TODAY + timedelta(days=1)).isoformat()  # type: ignore[index]
        self.assertIn("child.date_of_birth", self.checked("1.001193", data).errors)

    def test_a_mother_who_is_not_a_woman_is_refused(self) -> None:
        data = self.declare("1.001193", mother=self.applicant("male"))
        self.assertEqual(
            self.checked("1.001193", data).errors["mother.sex"][0].code, "eform.not_allowed"
        )

    def test_a_birth_mother_with_a_bad_id_number_is_refused_at_it(self) -> None:
        mother = {**self.applicant("female"), "id_number": "001090012345"}  # a man's number
        checked = self.checked("1.001193", self.declare("1.001193", mother=mother))
        self.assertEqual(checked.errors["mother.id_number"][0].code, "eform.personal_id")

    def test_a_birth_asks_for_the_hospital_birth_certificate_as_an_upload(self) -> None:
        schema = self.versions["1.001193"].declaration
        assert schema is not None
        self.assertEqual(
            [(f.key, f.component) for f in schema.file_fields()], [("birth_certificate", 2)]
        )

    # Marriage ----------------------------------------------------------------------------

    def test_a_marriage_takes_each_partys_marital_status_from_the_registry(self) -> None:
        schema = self.versions["1.000894"].declaration
        assert schema is not None
        for party, source in (("applicant_party", "applicant.person"), ("other_party", "relative")):
            with self.subTest(party=party):
                group = schema.field(party)
                assert group is not None
                self.assertEqual((group.prefill, group.locked), (source, True))
                self.assertIsNotNone(group.child("marital_status"))

    def test_a_marriage_asks_for_no_marital_status_paper(self) -> None:
        schema = self.versions["1.000894"].declaration
        assert schema is not None
        self.assertEqual(schema.file_fields(), [])

    def test_a_married_party_is_refused(self) -> None:
        data = self.declare("1.000894")
        data["other_party"]["marital_status"] = "married"  # type: ignore[index]
        checked = self.checked("1.000894", data)
        self.assertEqual(checked.errors["other_party.marital_status"][0].code, "eform.not_allowed")

    # Marital status ----------------------------------------------------------------------

    def test_marital_status_and_residence_history_come_locked_from_the_registry(self) -> None:
        schema = self.versions["1.004873"].declaration
        assert schema is not None
        for key, source in (
            ("marital_status", "applicant.marital_status"),
            ("residence_history", "applicant.residence_history"),
        ):
            with self.subTest(key=key):
                found = schema.field(key)
                assert found is not None
                self.assertEqual((found.prefill, found.locked), (source, True))

    def test_a_confirmation_not_for_marriage_does_not_ask_for_the_spouse(self) -> None:
        data = self.declare("1.004873")
        data.update(for_marriage=False, purpose="Bổ sung hồ sơ xin việc")
        checked = self.checked("1.004873", data)
        self.assertTrue(checked.ok, checked.errors)
        self.assertNotIn("intended_spouse", checked.data)

    def test_a_confirmation_for_marriage_asks_where(self) -> None:
        data = self.declare("1.004873")
        del data["marriage_place"]
        self.assertEqual(
            self.checked("1.004873", data).errors["marriage_place"][0].code, "eform.required"
        )

    def test_a_confirmation_valid_until_before_its_date_is_refused(self) -> None:
        schema = self.versions["1.004873"].result_form
        assert schema is not None
        data = sample_result_for("1.004873", commune=self.commune, today=TODAY)
        data["valid_until"] = TODAY.isoformat()
        self.assertIn("valid_until", validate(schema, data, today=TODAY).errors)

    # Residence ---------------------------------------------------------------------------

    def test_a_temporary_residence_ending_before_it_starts_is_refused(self) -> None:
        data = self.declare("1.004194")
        data["period_to"] = data["period_from"]
        self.assertEqual(
            self.checked("1.004194", data).errors["period_to"][0].code, "eform.date_after"
        )

    def test_the_head_of_household_registering_gives_no_head(self) -> None:
        data = self.declare("1.004222")
        data["relationship_to_head"] = "head"
        checked = self.checked("1.004222", data)
        self.assertTrue(checked.ok, checked.errors)
        self.assertNotIn("household_head", checked.data)

    def test_household_members_moving_too_are_checked_one_by_one(self) -> None:
        data = self.declare("1.004222")
        child = sample_person("Nguyễn Minh Khang", date(2018, 4, 5), "male", commune=self.commune)
        data["members"] = [
            {**child, "relationship_to_head": "grandchild"},
            {**child, "sex": "female", "relationship_to_head": "grandchild"},
        ]
        checked = self.checked("1.004222", data)
        self.assertEqual(list(checked.errors), ["members.1.id_number"])

    # Certification -----------------------------------------------------------------------

    def test_a_certified_copy_declares_the_pages_and_copies_that_fix_the_fee(self) -> None:
        data = self.declare("2.000815")
        checked = self.checked("2.000815", data)
        self.assertEqual((checked.data["pages"], checked.data["copies"]), (3, 2))

    def test_a_certified_copy_of_no_pages_is_refused(self) -> None:
        data = self.declare("2.000815")
        data["pages"] = 0
        self.assertEqual(self.checked("2.000815", data).errors["pages"][0].code, "eform.min")
