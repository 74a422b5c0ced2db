"""An officer's journey through the back office in Chromium: signing in with the password and
the authenticator's code (the real sign-in pages), lodging a dossier at the counter from the
chip card's QR, accepting it; the specialist forwards it, the leader signs the result and the
desk hands it over. Every page visited passes axe-core and reflows at 320 px (check_page)."""

from __future__ import annotations

from datetime import date

import pyotp
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import TOTPDevice
from core.testing import PASSWORD
from core.testing_browser import check_page, expect
from documents.testing import pdf_bytes
from dossiers.models import Dossier, Status
from dossiers.testing import Office, create_procedure
from registry.models import Resident

pytestmark = pytest.mark.browser

QR = "001090012345|012345678|Nguyễn Văn An|17051990|Nam|Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội|10082021"


@pytest.fixture
def office():
    office = Office.create(name="Trung tâm Phục vụ hành chính công Phường Thử")
    Resident.objects.create(
        id_number="001090012345",
        full_name="Nguyễn Văn An",
        date_of_birth=date(1990, 5, 17),
        sex="male",
        household="HK1",
        relation="head",
        permanent_address="Số 1 phố Tràng Tiền, Phường Hoàn Kiếm, Hà Nội",
    )
    return office


def sign_in_with_totp(page, officer) -> None:
    device = TOTPDevice.objects.create(
        user=officer, secret=pyotp.random_base32(), confirmed_at=timezone.now()
    )
    page.goto(reverse("accounts:login"))
    check_page(page, "dang-nhap")
    page.get_by_label("Tên đăng nhập hoặc số định danh cá nhân").fill(officer.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.get_by_label("Mã xác thực")).to_be_visible()
    check_page(page, "xac-thuc-hai-lop")
    page.get_by_label("Mã xác thực").fill(pyotp.TOTP(device.secret).now())
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state()


def act(page, dossier: Dossier, button: str, name: str) -> None:
    page.goto(reverse("backoffice:dossier", args=[dossier.code]))
    expect(page.get_by_role("button", name=button, exact=True)).to_be_visible()
    check_page(page, name)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()


def test_counter_intake_to_the_result_handed_over(page, log_in, office, tmp_path):
    version = create_procedure(days=3)
    sign_in_with_totp(page, office.desk)
    # An officer lands on their inbox.
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ cần xử lý")
    assert page.url.endswith(reverse("backoffice:inbox")), page.url
    check_page(page, "hop-ho-so")

    page.get_by_role("link", name="Tiếp nhận hồ sơ tại quầy").click()
    expect(page.get_by_label("Thủ tục")).to_be_visible()
    check_page(page, "chon-thu-tuc")
    page.get_by_label("Thủ tục").select_option(version.procedure.code)
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Mã QR trên thẻ căn cước").fill(QR)
    page.get_by_role("button", name="Đọc thẻ và tra cứu dữ liệu dân cư").click()
    expect(page.get_by_label("Họ và tên người nộp")).to_have_value("Nguyễn Văn An")
    check_page(page, "doc-the")
    scan = tmp_path / "to-khai.pdf"
    scan.write_bytes(pdf_bytes())
    page.get_by_label("Tờ khai", exact=True).set_input_files(str(scan))
    page.get_by_role("button", name="Lập hồ sơ").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    dossier = Dossier.objects.get()
    assert dossier.applicant_name == "Nguyễn Văn An"

    act(page, dossier, "Tiếp nhận hồ sơ", "tiep-nhan")
    page.context.clear_cookies()
    log_in(page, office.specialist)
    act(page, dossier, "Chuyển bước tiếp theo", "chuyen-buoc")
    page.context.clear_cookies()
    log_in(page, office.leader)
    act(page, dossier, "Ký số và ban hành kết quả", "ky-ket-qua")
    page.context.clear_cookies()
    log_in(page, office.desk)
    act(page, dossier, "Trả kết quả cho người dân", "tra-ket-qua")
    check_page(page, "da-tra-ket-qua")
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
