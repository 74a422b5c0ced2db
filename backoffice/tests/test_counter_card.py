"""The counter flow with the chip ID card: scan → identity and residence filled → registry
lookup logged → the proof-of-residence component satisfied by data → asking for it refused."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from backoffice.tests.scenario import ScenarioTestCase
from dossiers import actions
from dossiers.actors import person
from dossiers.models import Dossier, DossierComponent
from dossiers.testing import attachment
from registry.models import Lookup, Resident

QR = "001090012345|012345678|Nguyễn Văn An|17051990|Nam|Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội|10082021"


class CounterCardTestCase(ScenarioTestCase):
    def setUp(self) -> None:
        super().setUp()
        Resident.objects.create(
            id_number="001090012345",
            full_name="Nguyễn Văn An",
            date_of_birth=date(1990, 5, 17),
            sex="male",
            household="HK1",
            relation="head",
            permanent_address="Số 1 phố Tràng Tiền, Phường Hoàn Kiếm, Hà Nội",
        )
        self.form_component, self.residence = list(self.version.components.all())
        self.client.force_login(self.office.desk)

    def base(self) -> dict[str, object]:
        return {
            "desk": self.office.unit.code,
            "code": self.version.procedure.code,
            "procedure": self.version.pk,
            "competent_unit": self.office.unit.pk,
        }

    def read(self, qr: str = QR):
        return self.client.post(
            reverse("backoffice:intake"), {**self.base(), "cccd_qr": qr, "read_card": "1"}
        )

    def lodge(self, page) -> Dossier:
        form = page.context["form"]
        data = {**self.base(), **{k: v for k, v in form.data.items() if v is not None}}
        data[f"c{self.form_component.pk}"] = attachment()
        data.pop("read_card", None)
        data.pop("cccd_qr", None)
        self.client.post(reverse("backoffice:intake"), data)
        return Dossier.objects.get()

    def test_scanning_the_card_fills_identity_and_residence_from_the_registry(self) -> None:
        page = self.read()
        form = page.context["form"]
        self.assertEqual(form.data["applicant_name"], "Nguyễn Văn An")
        self.assertEqual(form.data["applicant_id_number"], "001090012345")
        self.assertEqual(
            form.data["applicant_address"], "Số 1 phố Tràng Tiền, Phường Hoàn Kiếm, Hà Nội"
        )
        self.assertContains(page, "Đã đối chiếu với Cơ sở dữ liệu quốc gia về dân cư")

    def test_the_lookup_is_logged_with_the_officer_unit_and_purpose(self) -> None:
        self.read()
        entry = Lookup.objects.get()
        self.assertEqual((entry.actor, entry.unit), (self.office.desk, self.office.unit))
        self.assertIn("Tiếp nhận hồ sơ tại quầy", entry.purpose)

    def test_the_residence_component_is_satisfied_by_data(self) -> None:
        dossier = self.lodge(self.read())
        item = dossier.components.get(component=self.residence)
        self.assertEqual(item.state, DossierComponent.State.FROM_DATA)
        self.assertIn("Cơ sở dữ liệu quốc gia về dân cư", item.source)
        self.assertEqual(Lookup.objects.get().dossier_id, dossier.pk)

    def test_a_supplement_request_for_it_is_refused(self) -> None:
        dossier = actions.accept_dossier(self.lodge(self.read()), actor=person(self.office.desk))
        with self.assertRaises(actions.RuleViolation):
            actions.request_supplement(
                dossier,
                actor=person(self.office.specialist),
                component_ids=[self.residence.pk],
                reason="Nộp giấy xác nhận cư trú CT07",
            )

    def test_the_officer_sees_when_it_was_verified(self) -> None:
        dossier = self.lodge(self.read())
        page = self.client.get(reverse("backoffice:dossier", args=[dossier.code]))
        self.assertContains(page, "đã đối chiếu")

    def test_an_unreadable_qr_is_a_clear_message_and_nothing_is_looked_up(self) -> None:
        page = self.read("không phải mã căn cước")
        self.assertContains(page, "Mã QR không đọc được")
        self.assertFalse(Lookup.objects.exists())

    def test_a_forged_token_proves_nothing(self) -> None:
        page = self.read()
        form = page.context["form"]
        data = {**self.base(), **form.data}
        data.update(registry_token="gia-mao", **{f"c{self.form_component.pk}": attachment()})
        data.pop("read_card", None)
        data.pop("cccd_qr", None)
        self.client.post(reverse("backoffice:intake"), data)
        item = Dossier.objects.get().components.get(component=self.residence)
        self.assertEqual(item.state, DossierComponent.State.MISSING)

    def test_a_photo_of_the_card_is_read_too(self) -> None:
        import io

        import segno
        from django.core.files.uploadedfile import SimpleUploadedFile

        image = io.BytesIO()
        segno.make(QR, error="m").save(image, kind="png", scale=6, border=4)
        page = self.client.post(
            reverse("backoffice:intake"),
            {
                **self.base(),
                "cccd_photo": SimpleUploadedFile("the.png", image.getvalue(), "image/png"),
                "read_card": "1",
            },
        )
        self.assertEqual(page.context["form"].data["applicant_id_number"], "001090012345")
