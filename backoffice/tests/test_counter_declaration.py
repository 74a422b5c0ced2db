"""The counter with a procedure that has an e-form: after the CCCD is read, the declaration is
prefilled from the record that lookup returned (the registry is not asked again), relatives
are looked up by the ID number typed (logged with the desk's unit), the officer fills the
rest with the applicant present, and the same checks as online apply."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from backoffice.tests.scenario import ScenarioTestCase
from catalog.models import ProcedureVersion
from core.testing import create_citizen, create_commune
from dossiers.models import Dossier, DossierComponent
from dossiers.testing import create_eform_procedure
from registry.models import Lookup, Resident
from units.models import AdministrativeUnit

QR = "001090012345|012345678|Nguyễn Văn An|17051990|Nam|Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội|10082021"
MOTHER = "001192000777"


class CounterDeclarationTestCase(ScenarioTestCase):
    eform: ProcedureVersion
    commune: AdministrativeUnit

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.eform = create_eform_procedure()
        cls.commune = create_commune()
        for number, name, born, sex in (
            ("001090012345", "Nguyễn Văn An", date(1990, 5, 17), "male"),
            (MOTHER, "Trần Thị Bình", date(1992, 3, 4), "female"),
        ):
            Resident.objects.create(
                id_number=number,
                full_name=name,
                date_of_birth=born,
                sex=sex,
                household="HK1",
                relation="head" if sex == "male" else "spouse",
                permanent_address=f"Số 1 đường Thử, {cls.commune.name}",
                permanent_unit=cls.commune,
            )

    def setUp(self) -> None:
        super().setUp()
        self.client.force_login(self.office.desk)

    def base(self) -> dict[str, Any]:
        return {
            "desk": self.office.unit.code,
            "code": self.eform.procedure.code,
            "procedure": self.eform.pk,
            "competent_unit": self.office.unit.pk,
        }

    def post(self, data: dict[str, Any]) -> Any:
        return self.client.post(reverse("backoffice:intake"), data)

    def read(self) -> Any:
        return self.post({**self.base(), "cccd_qr": QR, "read_card": "1"})

    def typed(self, **changes: str) -> dict[str, str]:
        """What the officer types with the applicant: the child, the relationship, the
        mother's ID number."""
        values = {
            "tk-relationship": "father",
            "tk-phone": "0912345678",
            "tk-child.full_name": "Nguyễn Minh Khôi",
            "tk-child.date_of_birth": "2025-08-01",
            "tk-child.sex": "male",
            "tk-child.ethnicity": "01",
            "tk-child.nationality": "VN",
            "tk-child.place_of_birth": "Bệnh viện Phụ sản Hà Nội",
            "tk-mother.id_number": MOTHER,
            "tk-has_father": "false",
            "tk-copies": "1",
        }
        values.update(changes)
        return values

    def after(self, page: Any, *extra: str, **typed: str) -> Any:
        """Post the form again from ``page`` (what it carries, and what the officer typed)."""
        form = page.context["form"]
        data = {**self.base(), **{k: v for k, v in form.data.items() if v is not None}}
        for key in ("read_card", "cccd_qr", "lookup_relatives"):
            data.pop(key, None)
        data["declaration_token"] = page.context["declaration_token"]
        data.update(self.typed(**typed))
        data.update(dict.fromkeys(extra, "1"))
        return self.post(data)

    def lodged(self) -> Dossier:
        looked_up = self.after(self.read(), "lookup_relatives")
        response = self.after(looked_up)
        dossier = Dossier.objects.get()
        self.assertRedirects(response, reverse("backoffice:dossier", args=[dossier.code]))
        return dossier

    def test_the_intake_page_shows_the_declaration_form(self) -> None:
        url = reverse("backoffice:intake") + f"?thu-tuc={self.eform.procedure.code}"
        page = self.client.get(url)
        self.assertContains(page, 'name="tk-child.place_of_birth"')

    def test_the_declaration_component_asks_for_no_upload(self) -> None:
        url = reverse("backoffice:intake") + f"?thu-tuc={self.eform.procedure.code}"
        page = self.client.get(url)
        form_item = self.eform.components.get(position=1)
        self.assertNotContains(page, f'name="c{form_item.pk}"')

    def test_reading_the_card_fills_the_requester_from_the_registry(self) -> None:
        page = self.read()
        self.assertContains(page, "Lấy từ Cơ sở dữ liệu quốc gia về dân cư")
        requester = page.context["declaration"][0].inputs[0]
        self.assertEqual(
            {i.path: i.locked for i in requester.children},
            dict.fromkeys(
                [f"requester.{k}" for k in ("full_name", "date_of_birth", "sex", "id_number")]
                + ["requester.residence"],
                True,
            ),
        )

    def test_the_registry_is_asked_once_for_the_applicant(self) -> None:
        self.read()
        self.assertEqual(Lookup.objects.filter(id_number="001090012345").count(), 1)

    def test_a_relative_is_looked_up_by_the_number_typed_with_the_desks_unit(self) -> None:
        self.after(self.read(), "lookup_relatives")
        entry = Lookup.objects.get(id_number=MOTHER)
        self.assertEqual((entry.actor, entry.unit), (self.office.desk, self.office.unit))
        self.assertIn("Mẹ", entry.purpose)

    def test_the_relatives_record_fills_their_group(self) -> None:
        page = self.after(self.read(), "lookup_relatives")
        self.assertContains(page, "Trần Thị Bình")

    def test_a_number_typed_is_looked_up_before_lodging(self) -> None:
        page = self.after(self.read())  # "Lập hồ sơ" pressed straight away
        self.assertFalse(Dossier.objects.exists())
        self.assertTrue(Lookup.objects.filter(id_number=MOTHER).exists())
        self.assertContains(page, "kiểm tra thông tin rồi bấm")

    def test_the_dossier_keeps_the_declaration_with_the_registrys_values(self) -> None:
        declared = self.lodged().declaration
        self.assertEqual(
            (declared["requester"]["full_name"], declared["mother"]["full_name"]),
            ("Nguyễn Văn An", "Trần Thị Bình"),
        )
        self.assertEqual(declared["child"]["place_of_birth"], "Bệnh viện Phụ sản Hà Nội")

    def test_the_values_from_the_registry_are_recorded_as_such(self) -> None:
        sources = self.lodged().declaration_sources
        self.assertEqual(
            (sources["requester.full_name"], sources["mother.date_of_birth"]),
            ("registry", "registry"),
        )
        self.assertNotIn("child.full_name", sources)

    def test_the_declaration_component_is_satisfied_by_the_eform(self) -> None:
        dossier = self.lodged()
        item = dossier.components.get(component__position=1)
        self.assertEqual((item.state, item.source), (DossierComponent.State.PROVIDED, "eform"))

    def test_a_value_the_registry_gave_cannot_be_changed_in_the_browser(self) -> None:
        looked_up = self.after(self.read(), "lookup_relatives")
        self.after(looked_up, **{"tk-mother.full_name": "Người Khác"})
        self.assertEqual(Dossier.objects.get().declaration["mother"]["full_name"], "Trần Thị Bình")

    def test_a_declaration_the_schema_refuses_is_shown_at_its_field(self) -> None:
        looked_up = self.after(self.read(), "lookup_relatives")
        page = self.after(looked_up, **{"tk-child.date_of_birth": "2099-01-01"})
        self.assertFalse(Dossier.objects.exists())
        self.assertIn("tk-child-date_of_birth", [i.id for i in page.context["declaration_errors"]])
        self.assertContains(page, 'value="2099-01-01"')

    def test_changing_a_relatives_number_looks_the_new_one_up(self) -> None:
        looked_up = self.after(self.read(), "lookup_relatives")
        self.after(looked_up, "lookup_relatives", **{"tk-mother.id_number": "001192000778"})
        self.assertTrue(Lookup.objects.filter(id_number="001192000778").exists())

    def test_the_lookups_made_are_linked_to_the_dossier(self) -> None:
        dossier = self.lodged()
        self.assertEqual(
            set(Lookup.objects.values_list("id_number", "dossier_id")),
            {("001090012345", dossier.pk), (MOTHER, dossier.pk)},
        )

    def test_a_number_nobody_has_is_said_and_typed_by_hand(self) -> None:
        page = self.after(
            self.read(), "lookup_relatives", **{"tk-mother.id_number": "001192000778"}
        )
        self.assertContains(page, "không có người mang số định danh đã nhập")

    def test_asking_again_retries_a_number_the_registry_knew_nothing_of(self) -> None:
        page = self.after(
            self.read(), "lookup_relatives", **{"tk-mother.id_number": "001192000778"}
        )
        self.after(page, "lookup_relatives", **{"tk-mother.id_number": "001192000778"})
        self.assertEqual(Lookup.objects.filter(id_number="001192000778").count(), 2)

    def test_the_officers_own_phone_is_never_prefilled(self) -> None:
        self.office.desk.phone = "0999999999"
        self.office.desk.save()
        page = self.read()
        self.assertNotContains(page, "0999999999")

    def test_the_applicants_account_gives_the_phone(self) -> None:
        create_citizen(personal_id="001090012345", phone="0911222333")
        page = self.read()
        self.assertContains(page, 'value="0911222333"')
