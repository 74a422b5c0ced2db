"""A citizen's journey in Chromium, every page checked with axe-core and for reflow at 320 px
(core.testing_browser.check_page): search the catalog, open the procedure, sign in through the
real login pages with the one-time code sent to the phone (read from the notifications outbox),
submit the application online, find it in "Hồ sơ của tôi", look it up publicly, and verify the
receipt slip on the document verification page.

The e-form is filled by the builder (``Applying.application``: each section validated as the
pages validate it); filling it page by page is the other browser tests' subject. The desk's
acceptance, which issues the slip, is an action of the back office, done here through
``dossiers.actions``.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.tests.flow import sent_code
from core.testing import PASSWORD
from core.testing_browser import check_page, expect
from dossiers.actions import accept_dossier
from dossiers.actors import person
from dossiers.models import Dossier
from portal.tests.eform_pages import BIRTH, Applying, url

pytestmark = pytest.mark.browser
SUBMIT_TIMEOUT_MS = 30_000


@pytest.fixture
def applying(db: None) -> Applying:
    return Applying()


def test_a_citizen_applies_online_and_follows_the_dossier(page, live_server, applying):
    version = applying.version(BIRTH)
    app = applying.application(version)
    citizen = applying.citizen

    # The catalog: search, then the procedure.
    page.goto(live_server.url + reverse("catalog:list") + "?q=" + "khai sinh")
    link = page.get_by_role("link", name=version.name)
    expect(link).to_be_visible()
    check_page(page, "catalog-search")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(version.name)
    check_page(page, "procedure")

    # Sign in: ID number and password, then the code sent to the phone.
    page.goto(
        live_server.url + reverse("accounts:login") + "?next=" + url("application_check", app)
    )
    check_page(page, "login")
    page.locator("input[name=username]").fill(str(citizen.personal_id))
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("input[name=code]")).to_be_visible()
    check_page(page, "login-code")
    page.locator("input[name=code]").fill(sent_code(citizen))
    page.get_by_role("button", name="Xác nhận").click()

    # Check your answers, then submit.
    submit = page.get_by_role("button", name="Nộp hồ sơ")
    expect(submit).to_be_visible()
    check_page(page, "check-answers")
    submit.click(timeout=SUBMIT_TIMEOUT_MS)
    expect(page).to_have_url(
        re.compile(re.escape(url("application_done", app)) + "$"), timeout=SUBMIT_TIMEOUT_MS
    )
    check_page(page, "submitted")
    dossier = Dossier.objects.get(applicant=citizen)

    # The desk accepts it (back office): the receipt slip is issued.
    accept_dossier(dossier, actor=person(applying.office.desk))

    # Hồ sơ của tôi, and the dossier's page in plain words.
    page.goto(live_server.url + reverse("portal:my_dossiers"))
    mine = page.get_by_role("link", name=re.compile(re.escape(dossier.code)))
    expect(mine.first).to_be_visible()
    check_page(page, "my-dossiers")
    mine.first.click()
    expect(page.get_by_text("Hồ sơ đã được tiếp nhận")).to_be_visible()
    check_page(page, "dossier")
    slip_href = page.locator("a[href*='/phieu/'], a[href*='slip']").first.get_attribute("href")
    assert slip_href, "the dossier page links no slip"
    slip = page.request.get(live_server.url + slip_href)
    assert slip.headers["content-type"] == "application/pdf"
    slip_pdf = slip.body()

    # The public lookup, with the last four digits of the phone.
    page.goto(live_server.url + reverse("portal:lookup"))
    check_page(page, "lookup")
    page.locator("input[name=code]").fill(dossier.code)
    page.locator("input[name=suffix]").fill(citizen.phone[-4:])
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_text("Hồ sơ đã được tiếp nhận")).to_be_visible()
    check_page(page, "lookup-answer")

    # The slip's signature checked on the verification page.
    page.goto(live_server.url + reverse("portal:verify"))
    check_page(page, "verify")
    page.get_by_label("Tệp PDF").set_input_files(
        {"name": "phieu.pdf", "mimeType": "application/pdf", "buffer": slip_pdf}
    )
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.get_by_role("heading", name="Chữ ký số hợp lệ")).to_be_visible()
    check_page(page, "verify-answer")
