from __future__ import annotations

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.models import Channel, ChannelOption
from core.testing import create_officer, create_unit, create_version
from documents.testing import image_bytes
from dossiers.models import Dossier, DossierComponent, Status
from portal.tests.base import PortalTestCase, jpeg, pdf
from units.models import GovernmentUnit

State = DossierComponent.State


class ApplyTestCase(PortalTestCase):
    def setUp(self):
        self.client.force_login(self.citizen)

    def test_it_requires_login(self):
        self.client.logout()
        response = self.client.get(self.apply_url())
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={self.apply_url()}")

    def test_it_shows_the_form_prefilled_from_the_account(self):
        response = self.client.get(self.apply_url())
        self.assertContains(response, "Nguyễn Thị Lan")
        self.assertContains(response, str(self.citizen.personal_id))
        self.assertContains(response, 'value="0987654321"')
        self.assertContains(response, self.form_component.name)
        # The only unit that performs the procedure is chosen already.
        self.assertContains(response, f'value="{self.office.unit.code}" selected')
        # Name and ID number come from the account: there is no input for them.
        self.assertNotContains(response, 'name="applicant_name"')
        self.assertNotContains(response, 'name="applicant_id_number"')
        self.assertNotContains(response, "Nộp thay người dân")

    def test_it_submits_a_dossier(self):
        response = self.client.post(self.apply_url(), self.application(note="Cấp gấp"))
        dossier = Dossier.objects.get()
        url = reverse("portal:dossier", args=[dossier.code])
        self.assertRedirects(response, url, fetch_redirect_response=False)
        self.assertEqual(dossier.status, Status.SUBMITTED)
        self.assertEqual(dossier.channel, Channel.ONLINE)
        self.assertEqual(dossier.applicant, self.citizen)
        self.assertEqual(dossier.created_by, self.citizen)
        self.assertEqual(dossier.applicant_name, "Nguyễn Thị Lan")
        self.assertEqual(dossier.applicant_id_number, self.citizen.personal_id)
        self.assertEqual(dossier.applicant_address, "Số 1 Phố Thử, Phường Thử")
        self.assertEqual(dossier.form_data, {"note": "Cấp gấp"})
        self.assertIsNone(dossier.assisted_by)
        uploaded = dossier.components.get(component=self.form_component)
        self.assertEqual(uploaded.state, State.PROVIDED)
        self.assertTrue(uploaded.file.name.endswith(".pdf"))
        with uploaded.file.open("rb") as handle:
            self.assertTrue(handle.read().startswith(b"%PDF"))
        # The residence proof is in the population registry: declared, not uploaded.
        held = dossier.components.get(component=self.residence_component)
        self.assertEqual((held.state, held.source), (State.FROM_DATA, "population_registry"))
        page = self.client.get(url)
        self.assertContains(page, f"Đã nộp hồ sơ. Mã hồ sơ của bạn là {dossier.code}")

    def test_it_takes_a_copy_of_a_document_the_state_holds_when_given(self):
        self.client.post(self.apply_url(), self.application(tp_2=pdf("cu-tru.pdf")))
        item = Dossier.objects.get().components.get(component=self.residence_component)
        self.assertEqual(item.state, State.PROVIDED)

    def test_it_returns_the_same_dossier_to_a_retried_post(self):
        key = str(uuid.uuid4())
        first = self.client.post(self.apply_url(), self.application(submission_key=key))
        second = self.client.post(self.apply_url(), self.application(submission_key=key))
        self.assertEqual(Dossier.objects.count(), 1)
        self.assertEqual(first["Location"], second["Location"])
        self.assertEqual(second.status_code, 302)

    def test_it_refuses_a_missing_required_document(self):
        response = self.client.post(self.apply_url(), self.application(tp_1=None))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f"Chưa tải lên giấy tờ bắt buộc: {self.form_component.name}.")
        self.assertContains(response, "govuk-error-summary")
        self.assertFalse(Dossier.objects.exists())

    def test_it_refuses_a_file_of_the_wrong_type(self):
        self.form_component.accepted_file_types = ["pdf", "jpg"]
        self.form_component.save()
        upload = SimpleUploadedFile("to-khai.pdf", image_bytes("PNG"))
        response = self.client.post(self.apply_url(), self.application(tp_1=upload))
        self.assertContains(response, "Tệp “to-khai.pdf”: Tệp có nội dung PNG")
        self.assertFalse(Dossier.objects.exists())

    def test_it_accepts_jpeg_for_jpg(self):
        self.form_component.accepted_file_types = ["jpg"]
        self.form_component.save()
        self.client.post(self.apply_url(), self.application(tp_1=jpeg("anh.JPEG")))
        self.assertTrue(Dossier.objects.exists())

    def test_it_refuses_a_file_over_10_mb(self):
        upload = pdf(size=10 * 1024 * 1024 + 1)
        response = self.client.post(self.apply_url(), self.application(tp_1=upload))
        self.assertContains(response, "tối đa 10 MB")
        self.assertFalse(Dossier.objects.exists())

    def test_it_checks_the_phone_number(self):
        response = self.client.post(self.apply_url(), self.application(applicant_phone="12ab"))
        self.assertContains(response, "Số điện thoại gồm 10 hoặc 11 chữ số")
        self.assertFalse(Dossier.objects.exists())

    def test_it_refuses_a_phone_number_in_other_digits(self):
        phone = "٠٩١٢٣٤٥٦٧٨"  # Arabic-Indic digits: \d and str.isdigit() accept them
        response = self.client.post(self.apply_url(), self.application(applicant_phone=phone))
        self.assertContains(response, "Số điện thoại gồm 10 hoặc 11 chữ số")
        self.assertFalse(Dossier.objects.exists())

    def test_it_reads_a_full_width_phone_number_as_ascii(self):
        self.client.post(self.apply_url(), self.application(applicant_phone="０９１２３４５６７８"))
        self.assertEqual(Dossier.objects.get().applicant_phone, "0912345678")

    def test_it_refuses_an_account_without_personal_id(self):
        self.client.force_login(create_officer(None))
        response = self.client.post(self.apply_url(), self.application())
        self.assertContains(response, "Tài khoản của bạn chưa có số định danh cá nhân")
        self.assertFalse(Dossier.objects.exists())

    def test_it_lodges_at_the_competent_unit_when_not_boundary_free(self):
        elsewhere = create_unit(name="Trung tâm Phục vụ hành chính công Phường Khác")
        response = self.client.get(self.apply_url())
        self.assertNotContains(response, 'name="receiving_unit"')
        self.client.post(
            self.apply_url(),
            self.application(competent_unit=elsewhere.code, receiving_unit=self.office.unit.code),
        )
        dossier = Dossier.objects.get()
        self.assertEqual(dossier.competent_unit, elsewhere)
        self.assertEqual(dossier.receiving_unit, elsewhere)

    def test_it_offers_only_units_that_perform_the_procedure(self):
        police = create_unit(kind=GovernmentUnit.Kind.COMMUNE_POLICE, name="Công an Phường Thử")
        response = self.client.get(self.apply_url())
        self.assertNotContains(response, police.name)
        response = self.client.post(self.apply_url(), self.application(competent_unit=police.code))
        self.assertContains(response, "Cơ quan đã chọn không giải quyết thủ tục này.")
        self.assertFalse(Dossier.objects.exists())

    def test_it_takes_any_receiving_point_when_boundary_free(self):
        self.version.boundary_free = True
        self.version.save()
        branch = create_unit(kind=GovernmentUnit.Kind.BRANCH, name="Chi nhánh Trung tâm Số 2")
        response = self.client.get(self.apply_url())
        self.assertContains(response, 'name="receiving_unit"')
        self.assertContains(response, branch.name)
        self.client.post(self.apply_url(), self.application(receiving_unit=branch.code))
        dossier = Dossier.objects.get()
        self.assertEqual(dossier.receiving_unit, branch)
        self.assertEqual(dossier.competent_unit, self.office.unit)

    def test_it_needs_a_receiving_point_when_boundary_free(self):
        self.version.boundary_free = True
        self.version.save()
        response = self.client.post(self.apply_url(), self.application())
        self.assertContains(response, "Chọn nơi tiếp nhận hồ sơ.")
        self.assertFalse(Dossier.objects.exists())

    def test_it_refuses_a_procedure_without_the_online_channel(self):
        ChannelOption.objects.filter(version=self.version, channel=Channel.ONLINE).delete()
        response = self.client.get(self.apply_url())
        self.assertContains(response, "Thủ tục này không nhận hồ sơ trực tuyến.")
        self.assertNotContains(response, "Nộp hồ sơ</button>")
        self.client.post(self.apply_url(), self.application())
        self.assertFalse(Dossier.objects.exists())

    def test_it_refuses_a_procedure_without_a_workflow(self):
        other = create_version()
        ChannelOption.objects.create(version=other, channel=Channel.ONLINE)
        url = reverse("portal:apply", args=[other.procedure.code])
        self.assertContains(self.client.get(url), "chưa có quy trình giải quyết điện tử")

    def test_it_does_not_find_an_unknown_procedure(self):
        url = reverse("portal:apply", args=["9.999999"])
        self.assertEqual(self.client.get(url).status_code, 404)
