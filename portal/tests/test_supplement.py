from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossiers.actions import request_supplement
from dossiers.actors import person
from dossiers.models import DossierComponent, EventType, Status
from dossiers.testing import create_dossier, create_supplement_requested_dossier
from portal.tests.base import PortalTestCase, pdf

State = DossierComponent.State


class SupplementTestCase(PortalTestCase):
    def setUp(self):
        self.dossier = create_dossier(self.version, self.office, applicant=self.citizen)
        self.client.force_login(self.citizen)

    def page(self):
        return reverse("portal:dossier", args=[self.dossier.code])

    def url(self):
        return reverse("portal:supplement", args=[self.dossier.code])

    def ask_in_process(self):
        self.dossier = create_supplement_requested_dossier(
            self.version, self.office, reason="Tờ khai thiếu chữ ký", applicant=self.citizen
        )

    def test_it_sends_a_requested_document_and_processing_resumes(self):
        self.ask_in_process()
        page = self.client.get(self.page())
        self.assertContains(page, "Cơ quan yêu cầu bạn bổ sung các giấy tờ dưới đây.")
        self.assertContains(page, "Tờ khai thiếu chữ ký")
        self.assertContains(page, 'name="tp_1"')
        self.assertNotContains(page, 'name="tp_2"')
        response = self.client.post(
            self.url(), {"tp_1": pdf("to-khai-ky.pdf"), "note": "Đã ký bổ sung"}
        )
        self.assertRedirects(response, self.page(), fetch_redirect_response=False)
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.status, Status.IN_PROGRESS)
        self.assertIsNone(self.dossier.paused_at)
        item = self.dossier.components.get(component=self.form_component)
        self.assertEqual((item.state, item.source), (State.PROVIDED, "supplement"))
        self.assertEqual(item.original_name, "to-khai-ky.pdf")
        event = self.dossier.events.last()
        self.assertEqual(
            (event.type, event.reason), (EventType.SUPPLEMENT_PROVIDED, "Đã ký bổ sung")
        )
        self.assertEqual(event.actor, self.citizen)
        self.assertContains(self.client.get(self.page()), "Đã gửi giấy tờ bổ sung.")

    def test_it_sends_a_document_asked_for_at_reception(self):
        request_supplement(
            self.dossier,
            actor=person(self.office.desk),
            component_ids=[self.form_component.pk],
            reason="Mờ",
        )
        self.client.post(self.url(), {"tp_1": pdf()})
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.status, Status.SUBMITTED)

    def test_it_requires_every_requested_document(self):
        self.ask_in_process()
        response = self.client.post(self.url(), {"note": "Quên tệp"})
        self.assertContains(response, f"Chưa tải lên giấy tờ bắt buộc: {self.form_component.name}.")
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.status, Status.SUPPLEMENT_IN_PROCESS)

    def test_it_refuses_a_file_of_the_wrong_type(self):
        self.ask_in_process()
        upload = SimpleUploadedFile("to-khai.pdf", b"GIF89a not a document")
        response = self.client.post(self.url(), {"tp_1": upload})
        self.assertContains(response, "Không nhận ra định dạng")
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.status, Status.SUPPLEMENT_IN_PROCESS)

    def test_it_refuses_documents_nobody_asked_for(self):
        response = self.client.post(self.url(), {"tp_1": pdf()}, follow=True)
        self.assertContains(response, "không còn ở trạng thái cho phép thao tác này")
        self.assertEqual(self.dossier.events.count(), 1)

    def test_it_refuses_documents_from_another_citizen(self):
        self.ask_in_process()
        self.client.force_login(self.other)
        self.assertEqual(self.client.post(self.url(), {"tp_1": pdf()}).status_code, 404)
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.status, Status.SUPPLEMENT_IN_PROCESS)

    def test_it_only_accepts_post(self):
        self.assertEqual(self.client.get(self.url()).status_code, 405)
