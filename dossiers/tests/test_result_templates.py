"""The results of the demo catalog are the real papers (Circulars 04/2020 and 01/2022/TT-BTP,
Decree 23/2015, Circular 66/2023/TT-BCA): each dossier is decided through the actions, and the
signed PDF's text carries the facts its form prints. A certification is the applicant's
document followed by its lời chứng, signed as one file."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any
from unittest import skipUnless

from django.core.files.base import ContentFile
from django.test import TestCase
from pypdf import PdfReader

from accounts.models import User
from catalog.models import Channel, ProcedureVersion
from catalog.testing import sample_declaration_for, sample_person, sample_result_for
from catalog.tests.test_import import demo_document
from catalog.transfer import load_catalog
from catalog.workflows import create_default_workflow
from core import clock
from core.testing import create_citizen
from documents.issue import html_to_pdf
from documents.models import DocumentTemplate, IssuedDocument
from documents.poppler import PDFSIG, pdfsig_validations
from documents.signing import seal_pdf, verify_pdf
from documents.testing import pdf_bytes, read_stored
from documents.words import date_words
from dossiers import actions
from dossiers.actors import person
from dossiers.declarations import satisfied_components
from dossiers.errors import DossierError
from dossiers.issued import documents_of
from dossiers.models import Dossier, RegisterEntry
from dossiers.testing import Commune
from units.models import GovernmentUnit
from workdays.calendar import add_months, to_local

HAS_PDFSIG = Path(PDFSIG).exists()
MOTHER = ("Trần Thị Mai", date(1995, 3, 8), "female")
ORIGINAL_PAGES = 2


def text_of(pdf: bytes) -> str:
    """The PDF's text, its whitespace runs made single spaces."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in pages))


def original(pages: int = ORIGINAL_PAGES) -> bytes:
    """The applicant's own document: ``pages`` pages, each saying which it is."""
    body = "".join(
        f'<p style="page-break-after: always">BAN CHINH TRANG {n}</p>' for n in range(1, pages + 1)
    )
    return html_to_pdf(f"<html><body>{body}</body></html>")


class ResultTemplatesTestCase(TestCase):
    commune: Commune
    citizen: User

    @classmethod
    def setUpTestData(cls) -> None:
        load_catalog(demo_document())
        for version in ProcedureVersion.objects.all():
            create_default_workflow(version)
        cls.commune = Commune.create(name="Phường Hoàn Kiếm")
        cls.citizen = create_citizen(personal_id="001090012345", full_name="Nguyễn Văn An")

    def version(self, code: str) -> ProcedureVersion:
        return ProcedureVersion.objects.get(procedure__code=code)

    def competent(self, version: ProcedureVersion) -> GovernmentUnit:
        police = GovernmentUnit.Kind.COMMUNE_POLICE
        return self.commune.police if police in version.unit_kinds else self.commune.committee

    def applicant(self) -> dict[str, Any]:
        return sample_person(
            "Nguyễn Văn An", date(1990, 5, 17), "male",
            commune=self.commune.committee.area or 0, id_number="001090012345",
        )  # fmt: skip

    def declaration(self, code: str, **people: Any) -> dict[str, Any]:
        return sample_declaration_for(
            code, applicant=self.applicant(), today=clock.today(), **people
        )

    def decide(
        self,
        code: str,
        *,
        declaration: dict[str, Any] | None = None,
        files: dict[int, bytes] | None = None,
        signer: str = "",
    ) -> Dossier:
        """A dossier of ``code`` lodged with the sample declaration (the positions in
        ``files`` get those bytes, every other component to upload a blank page), examined
        and signed by the deciding body's leader."""
        version = self.version(code)
        competent = self.competent(version)
        given, declared = files or {}, satisfied_components(version.declaration)
        uploads = {
            c.pk: ContentFile(given.get(c.position) or pdf_bytes(), name=f"tp-{c.position}.pdf")
            for c in version.components.all()
            if not c.reusable_from_data and c.position not in declared
        }
        online = version.channels.filter(channel=Channel.ONLINE).exists()
        lodged = self.commune.lodge(
            version, competent, applicant=self.citizen,
            declaration=declaration or self.declaration(code), declaration_sources={},
            files=uploads,
            # A signature is certified in person: the desk lodges it (Decree 23/2015).
            channel=Channel.ONLINE if online else Channel.IN_PERSON,
            actor=person(self.citizen if online else self.commune.desk),
            from_data={
                c.pk: c.data_source for c in version.components.all() if c.reusable_from_data
            },
        )  # fmt: skip
        received = actions.accept_dossier(lodged, actor=person(self.commune.desk))
        police = competent == self.commune.police
        specialist = self.commune.police_specialist if police else self.commune.specialist
        at_last = actions.forward(received, actor=person(specialist))
        leader = getattr(self.commune, signer or ("police_head" if police else "deputy"))
        area = self.commune.committee.area
        assert area is not None
        return actions.sign(
            at_last, actor=person(leader), result=version.result_name,
            result_data=sample_result_for(code, commune=area, today=clock.today()),
        )  # fmt: skip

    def result_pdf(self, dossier: Dossier) -> bytes:
        return read_stored(documents_of(dossier).get(kind=IssuedDocument.Kind.RESULT))

    def reference(self, dossier: Dossier) -> str:
        return RegisterEntry.objects.get(dossier=dossier).reference

    # Birth certificate ---------------------------------------------------------------------

    def test_the_birth_certificate_names_the_child_the_parents_and_the_register_entry(
        self,
    ) -> None:
        mother = sample_person(*MOTHER, commune=self.commune.committee.area or 0)
        declared = self.declaration("1.001193", mother=mother, father=self.applicant())
        dossier = self.decide("1.001193", declaration=declared)
        text = text_of(self.result_pdf(dossier))
        born = date.fromisoformat(dossier.declaration["child"]["date_of_birth"])
        for fact in (
            "GIẤY KHAI SINH",
            "Nguyễn Thị Hoa",
            born.strftime("%d/%m/%Y"),
            "Trần Thị Mai",
            "Nguyễn Văn An",
            self.reference(dossier),
            "Bệnh viện Phụ sản Hà Nội",
        ):
            with self.subTest(fact=fact):
                self.assertIn(fact, text)

    def test_the_birth_certificate_writes_the_date_of_birth_in_words(self) -> None:
        dossier = self.decide("1.001193")
        born = date.fromisoformat(dossier.declaration["child"]["date_of_birth"])
        self.assertIn(date_words(born), text_of(self.result_pdf(dossier)))

    def test_the_birth_certificate_is_in_the_book_and_page_of_the_register(self) -> None:
        dossier = self.decide("1.001193")
        text = text_of(self.result_pdf(dossier))
        self.assertIn(f"quyển số {dossier.result_data['register_book']}, trang số 15", text)

    def test_a_re_registered_birth_says_it_is_a_re_registration(self) -> None:
        dossier = self.decide("1.004884")
        text = text_of(self.result_pdf(dossier))
        self.assertIn("GIẤY KHAI SINH", text)
        self.assertIn("Đăng ký lại khai sinh", text)
        self.assertIn("001090012345", text)  # the person re-registered has their ID number

    # Marriage, death -----------------------------------------------------------------------

    def test_the_marriage_certificate_puts_both_parties_side_by_side(self) -> None:
        dossier = self.decide("1.000894")
        text = text_of(self.result_pdf(dossier))
        for fact in (
            "GIẤY CHỨNG NHẬN KẾT HÔN",
            "Thông tin người chồng Thông tin người vợ",
            "Họ, chữ đệm, tên Nguyễn Văn An Lê Thị Hạnh",
            self.reference(dossier),
        ):
            with self.subTest(fact=fact):
                self.assertIn(fact, text)

    def test_a_re_registered_marriage_shares_the_certificate_and_says_where_it_was_first(
        self,
    ) -> None:
        text = text_of(self.result_pdf(self.decide("1.004746")))
        self.assertIn("GIẤY CHỨNG NHẬN KẾT HÔN", text)
        self.assertIn("Đăng ký lại kết hôn; đã đăng ký kết hôn tại", text)

    def test_the_death_extract_names_the_deceased_and_the_death(self) -> None:
        dossier = self.decide("1.000656")
        text = text_of(self.result_pdf(dossier))
        for fact in ("TRÍCH LỤC KHAI TỬ", "Nguyễn Văn Cụ", "Bệnh viện Bạch Mai", "123/GBT"):
            with self.subTest(fact=fact):
                self.assertIn(fact, text)
        self.assertIn(self.reference(dossier), text)

    # Marital status ------------------------------------------------------------------------

    def test_the_marital_status_confirmation_prints_its_last_day(self) -> None:
        dossier = self.decide("1.004873")
        document = documents_of(dossier).get(kind=IssuedDocument.Kind.RESULT)
        until = add_months(to_local(document.issued_at).date(), 6)
        text = text_of(read_stored(document))
        self.assertIn("GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN", text)
        self.assertIn(
            f"Giấy này có giá trị 06 tháng kể từ ngày cấp, đến hết ngày {until:%d/%m/%Y}", text
        )

    def test_the_marital_status_confirmation_names_the_status_and_the_purpose(self) -> None:
        text = text_of(self.result_pdf(self.decide("1.004873")))
        for fact in ("Chưa kết hôn", "Để đăng ký kết hôn", "Lê Thị Hạnh", "12 Hàng Bài"):
            with self.subTest(fact=fact):
                self.assertIn(fact, text)

    # Certifications ------------------------------------------------------------------------

    def test_a_certified_copy_is_the_copy_followed_by_its_certification_page(self) -> None:
        pdf = self.result_pdf(self.decide("2.000815", files={2: original()}))
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
        self.assertEqual(len(pages), ORIGINAL_PAGES + 1)
        self.assertIn("BAN CHINH TRANG 1", pages[0])
        self.assertIn("BAN CHINH TRANG 2", pages[1])
        self.assertIn("LỜI CHỨNG CHỨNG THỰC BẢN SAO", pages[2])

    def test_the_lời_chứng_names_the_document_its_pages_and_the_register_number(self) -> None:
        dossier = self.decide("2.000815", files={2: original()})
        text = text_of(self.result_pdf(dossier))
        self.assertIn("Chứng thực bản sao đúng với bản chính.", text)
        self.assertIn("Giấy khai sinh", text)
        self.assertIn(f"Bản sao gồm {ORIGINAL_PAGES} trang", text)
        self.assertIn(f"Số chứng thực: {self.reference(dossier)}", text)

    def test_the_whole_certified_copy_is_signed_by_the_officer_and_sealed(self) -> None:
        report = verify_pdf(self.result_pdf(self.decide("2.000815", files={2: original()})))
        self.assertTrue(report.valid)
        self.assertEqual([s.field for s in report.signatures], ["ChuKyLanhDao", "ChuKyDonVi"])

    @skipUnless(HAS_PDFSIG, "poppler-utils is not installed (scripts/system-packages.sh)")
    def test_pdfsig_finds_the_bound_certified_copy_valid(self) -> None:
        pdf = self.result_pdf(self.decide("2.000815", files={2: original()}))
        self.assertEqual(pdfsig_validations(pdf), ["Signature is Valid."] * 2)

    @skipUnless(HAS_PDFSIG, "poppler-utils is not installed (scripts/system-packages.sh)")
    def test_a_signed_original_leaves_no_broken_signature_in_the_copy(self) -> None:
        signed = seal_pdf(original(), "000.00.00.X01", "Sở Thử", "Bản chính đã ký số")
        pdf = self.result_pdf(self.decide("2.000815", files={2: signed}))
        self.assertEqual(pdfsig_validations(pdf), ["Signature is Valid."] * 2)

    def test_a_signature_certification_binds_the_paper_signed(self) -> None:
        dossier = self.decide("2.000884", files={1: original(3)})
        pdf = self.result_pdf(dossier)
        text = text_of(pdf)
        self.assertEqual(len(PdfReader(io.BytesIO(pdf)).pages), 4)
        self.assertIn("BAN CHINH TRANG 3", text)
        self.assertIn("đã ký vào giấy tờ, văn bản này trước mặt tôi", text)
        self.assertIn("Giấy ủy quyền, gồm 3 trang", text)
        self.assertIn(f"Số chứng thực: {self.reference(dossier)}", text)

    def test_a_certification_without_the_document_is_refused_before_it_is_numbered(
        self,
    ) -> None:
        version = self.version("2.000815")
        lodged = self.commune.lodge(
            version, self.commune.committee, applicant=self.citizen,
            declaration=self.declaration("2.000815"), declaration_sources={},
            files={c.pk: ContentFile(pdf_bytes(), name="a.pdf") for c in version.components.all()},
        )  # fmt: skip
        at_last = actions.forward(
            actions.accept_dossier(lodged, actor=person(self.commune.desk)),
            actor=person(self.commune.specialist),
        )
        at_last.components.filter(component__position=2).update(file="")
        area = self.commune.committee.area
        assert area is not None
        with self.assertRaises(DossierError) as refused:
            actions.sign(
                at_last, actor=person(self.commune.deputy),
                result_data=sample_result_for("2.000815", commune=area),
            )  # fmt: skip
        self.assertEqual(refused.exception.code, "result.nothing_to_certify")
        self.assertFalse(RegisterEntry.objects.filter(dossier=at_last).exists())

    # Residence -----------------------------------------------------------------------------

    def test_the_temporary_residence_notice_gives_the_address_and_the_period(self) -> None:
        dossier = self.decide("1.004194")
        text = text_of(self.result_pdf(dossier))
        until = date.fromisoformat(dossier.result_data["valid_until"])
        self.assertIn("Về kết quả đăng ký tạm trú", text)
        self.assertIn("5 Tràng Tiền", text)
        self.assertIn(f"đến ngày {until:%d/%m/%Y}", text)
        self.assertIn("Nguyễn Văn An", text)

    def test_the_permanent_residence_notice_gives_the_address_registered(self) -> None:
        text = text_of(self.result_pdf(self.decide("1.004222")))
        self.assertIn("Về kết quả đăng ký thường trú", text)
        self.assertIn("Nơi thường trú đã đăng ký: 5 Tràng Tiền", text)

    def test_the_extension_and_split_notices_have_their_own_titles(self) -> None:
        for code, title in (("1.002755", "gia hạn tạm trú"), ("1.010038", "tách hộ")):
            with self.subTest(code=code):
                text = text_of(self.result_pdf(self.decide(code)))
                self.assertIn(f"Về kết quả {title}", text)

    # The fallback and administrators' templates --------------------------------------------

    def test_the_generic_result_carries_the_declared_rows(self) -> None:
        text = text_of(self.result_pdf(self.decide("2.000635")))  # no template of its own
        self.assertIn("với nội dung đã khai", text)
        self.assertIn("Ủy ban nhân dân phường Hàng Trống", text)

    def test_an_administrators_template_still_overrides_the_file(self) -> None:
        DocumentTemplate.objects.create(
            key="results/1.001193", version=1,
            body="<html><body><p>MAU SUA {{ d.child.full_name }} {{ register.reference }}</p>"
            "</body></html>",
        )  # fmt: skip
        dossier = self.decide("1.001193")
        text = text_of(self.result_pdf(dossier))
        self.assertIn(f"MAU SUA Nguyễn Thị Hoa {self.reference(dossier)}", text)
        self.assertNotIn("GIẤY KHAI SINH", text)
