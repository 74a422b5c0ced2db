"""The browser-test helpers themselves: axe-core reports what is broken, JavaScript is off when
asked, log_in signs citizens and officers in, and a missing Chromium skips (fails under CI)."""

from __future__ import annotations

import asyncio

import pytest
from django.urls import reverse

from core.testing import create_citizen, create_officer, create_unit
from core.testing_browser import (
    accessibility_violations,
    assert_accessible,
    describe_violations,
    expect,
    require_chromium,
)

BROKEN = '<img src="/static/motcua/none.png"><input type="text" id="unlabelled">'


def plant(page, html):
    # Through the DOM: the page's Content-Security-Policy forbids inline script, not this.
    page.evaluate(
        "(html) => document.querySelector('main').insertAdjacentHTML('beforeend', html)", html
    )


@pytest.mark.browser
def test_axe_finds_planted_violations(page):
    page.goto(reverse("accounts:login"))
    plant(page, BROKEN)
    found = {violation["id"] for violation in accessibility_violations(page)}
    assert found == {"image-alt", "label"}


@pytest.mark.browser
def test_the_failure_lists_rule_impact_selector_and_help(page):
    page.goto(reverse("accounts:login"))
    plant(page, BROKEN)
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page)
    message = str(failure.value)
    assert "2 accessibility rule(s) broken" in message
    assert "- label (critical): Form elements must have labels" in message
    assert "at #unlabelled" in message
    assert "- image-alt (critical): Images must have alternative text" in message


@pytest.mark.browser
def test_an_excluded_part_is_not_checked(page):
    page.goto(reverse("accounts:login"))
    plant(page, f'<div id="widget">{BROKEN}</div>')
    assert_accessible(page, exclude=("#widget",))


@pytest.mark.browser
def test_axe_refuses_a_page_without_javascript(page_without_js):
    # Its promise would wait forever on timers that do not fire with scripts off.
    page_without_js.goto(reverse("accounts:login"))
    with pytest.raises(RuntimeError, match="axe-core needs JavaScript"):
        assert_accessible(page_without_js)


@pytest.mark.browser
def test_the_page_runs_our_scripts(page):
    page.goto(reverse("portal:home"))
    expect(page.locator("body")).to_have_class(
        "govuk-template__body js-enabled govuk-frontend-supported"
    )


@pytest.mark.browser
def test_the_page_without_js_runs_none(page_without_js):
    page_without_js.goto(reverse("portal:home"))
    expect(page_without_js.locator("body")).to_have_class("govuk-template__body")


@pytest.mark.browser
def test_a_response_can_be_waited_for(page):
    # Context managers of the stand-ins run in the Playwright thread too.
    with page.expect_response(lambda response: response.url.endswith("/tra-cuu/")) as caught:
        page.goto(reverse("portal:lookup"))
    assert caught.value.status == 200


@pytest.mark.browser
def test_the_database_is_usable_between_page_actions(page):
    # Playwright's loop lives in its own thread: the ORM (and asyncio.run) work here.
    page.goto(reverse("portal:home"))
    citizen = create_citizen()
    page.goto(reverse("accounts:login"))
    citizen.refresh_from_db()
    asyncio.run(asyncio.sleep(0))  # what signing a PDF does


@pytest.mark.browser
def test_log_in_signs_a_citizen_in(page, log_in):
    citizen = create_citizen(full_name="Nguyễn Thị Lan")
    log_in(page, citizen)
    page.goto(reverse("portal:my_dossiers"))
    expect(page.get_by_role("button", name="Đăng xuất (Nguyễn Thị Lan)")).to_be_visible()


@pytest.mark.browser
def test_log_in_signs_an_officer_in_past_the_second_factor(page, log_in):
    officer = create_officer(create_unit(), full_name="Trần Văn Cán")
    log_in(page, officer)
    page.goto(reverse("backoffice:inbox"))
    assert page.url.endswith(reverse("backoffice:inbox"))
    expect(page.get_by_role("button", name="Đăng xuất (Trần Văn Cán)")).to_be_visible()


def test_the_report_reads_as_a_list():
    violation = {
        "id": "label",
        "impact": "critical",
        "help": "Form elements must have labels",
        "helpUrl": "https://example.invalid/label",
        "nodes": [{"target": ["#a"], "failureSummary": "Fix any of the following:\n  No label"}],
    }
    assert describe_violations("http://x/", [violation]).splitlines() == [
        "http://x/: 1 accessibility rule(s) broken (axe-core):",
        "- label (critical): Form elements must have labels",
        "  https://example.invalid/label",
        "  at #a",
        "      Fix any of the following:",
        "      No label",
    ]


def test_a_missing_chromium_skips(tmp_path):
    with pytest.raises(pytest.skip.Exception):
        require_chromium(tmp_path / "chromium", ci=False)


def test_a_missing_chromium_fails_under_ci(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        require_chromium(tmp_path / "chromium", ci=True)


def test_an_installed_chromium_passes(tmp_path):
    (tmp_path / "chromium").touch()
    require_chromium(tmp_path / "chromium", ci=True)
