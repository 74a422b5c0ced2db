"""Browser tests: Debian's Chromium driven by Playwright against Django's live server, with
axe-core for accessibility.

A pytest plugin (loaded by the root conftest.py). Fixtures: ``browser`` (one Chromium for the
whole run), ``page`` (a fresh browser context per test, JavaScript on), ``page_without_js``
(JavaScript off) and ``log_in`` (``log_in(page, user)`` signs that page's browser in as the
user). Functions: ``assert_accessible(page)``, ``accessibility_violations(page)``, ``expect``
(Playwright's, for our pages) and ``in_browser_thread``. Each context has the live server as
its base URL, so ``page.goto(reverse("portal:home"))`` works. How to write one:
docs/testing.md.

Nothing is downloaded at run time: the browser is Debian's ``chromium`` package
(scripts/system-packages.sh), never one of Playwright's, and axe-core is the ``axe.min.js``
that the ``axe-playwright-python`` dev dependency ships (MPL-2.0; we read its file and use
none of its Python).

Without Chromium the tests that need it are skipped, except under CI (``CI=true``), where they
fail: a CI run that skipped every browser test would prove nothing.

Why a thread of its own: Playwright's sync API keeps its asyncio loop marked as running in
the thread that uses it, also between calls. In that thread Django refuses ORM calls and
``asyncio.run`` (the PDF signing behind the dossier builders) refuses to start. So Playwright
lives in one thread ("playwright") for the whole run, and the fixtures hand the test stand-ins
that carry each call over to it and wait for the answer. The test's own thread never sees a
loop: it builds data, signs slips and reads the database between two page actions as any test
does. A callback given to Playwright (``page.on("dialog", ...)``) runs in that thread, with the
real Playwright objects: it must not touch the database.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from importlib.resources import files
from pathlib import Path
from typing import Any, cast

import pytest
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    ViewportSize,
    sync_playwright,
)
from playwright.sync_api import expect as playwright_expect

CHROMIUM = Path(os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium"))

# The rules MotCua promises: WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

# Playwright waits this long at most for an element or a page (its default is 30 s): a page of
# the live server that takes longer is broken, and a failing test should say so quickly.
TIMEOUT_MS = 10_000

# The narrowest screen MotCua promises to work on (WCAG 2.1 1.4.10 Reflow: 320 CSS pixels), and
# the desktop width the tests browse at.
NARROW: ViewportSize = {"width": 320, "height": 900}
WIDE: ViewportSize = {"width": 1280, "height": 900}


class _Thread:
    """The one thread that talks to Playwright; None until the first browser test starts it."""

    executor: ThreadPoolExecutor | None = None
    # The pages of ``page_without_js``, by id: axe-core cannot run in them (see _run_axe).
    without_js: set[int] = set()


@functools.cache
def axe_source() -> str:
    """The text of axe-core's ``axe.min.js`` (570 kB, read once), from the installed package."""
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses the browser is marked ``browser`` (the marker is declared in
    pyproject.toml) even if its module forgot to say so: ``-m "not browser"`` leaves out every
    one of them."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


# The Playwright thread ---------------------------------------------------------------------


def _is_playwright(value: object) -> bool:
    return type(value).__module__.startswith("playwright.") or (
        callable(value)
        and type(getattr(value, "__self__", None)).__module__.startswith("playwright.")
    )


def _unwrap(value: Any) -> Any:
    if isinstance(value, InBrowserThread):
        return value._target
    if isinstance(value, list | tuple):
        return type(value)(_unwrap(item) for item in value)
    if isinstance(value, dict):
        return {key: _unwrap(item) for key, item in value.items()}
    return value


def _wrap(value: Any) -> Any:
    if _is_playwright(value):
        return InBrowserThread(value)
    if isinstance(value, list):
        return [_wrap(item) for item in value]
    return value


def in_browser_thread[T](function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Run ``function(*args, **kwargs)`` in the Playwright thread and return its result; stand-ins
    among the arguments are replaced by the real Playwright objects. For what the stand-ins do
    not cover, e.g. a sequence of calls that must not be interleaved with anything."""
    if _Thread.executor is None:
        raise RuntimeError("The browser is not started: use the page fixture.")
    return _Thread.executor.submit(function, *_unwrap(args), **_unwrap(kwargs)).result()


class InBrowserThread:
    """A stand-in for a Playwright object (page, locator, context…) that runs every attribute
    read and every call in the Playwright thread; what comes back is wrapped again."""

    __slots__ = ("_target",)

    def __init__(self, target: object) -> None:
        object.__setattr__(self, "_target", target)

    def __getattr__(self, name: str) -> Any:
        return _wrap(in_browser_thread(getattr, self._target, name))

    def __setattr__(self, name: str, value: object) -> None:
        in_browser_thread(setattr, self._target, name, value)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _wrap(in_browser_thread(self._target, *args, **kwargs))

    # `with page.expect_navigation():`, `with page.expect_response(...) as response:`
    def __enter__(self) -> Any:
        return _wrap(in_browser_thread(type(self._target).__enter__, self._target))

    def __exit__(self, *exc_info: object) -> Any:
        return in_browser_thread(type(self._target).__exit__, self._target, *exc_info)

    def __repr__(self) -> str:
        return f"<in the Playwright thread: {self._target!r}>"

    def __eq__(self, other: object) -> bool:
        return bool(self._target == _unwrap(other))

    def __hash__(self) -> int:
        return hash(self._target)


def expect(actual: Any, message: str | None = None) -> Any:
    """Playwright's ``expect`` (auto-waiting assertions) for the stand-ins the fixtures give:
    ``expect(page.get_by_role("heading")).to_have_text("…")``."""
    return _wrap(in_browser_thread(playwright_expect, actual, message))


# Fixtures ----------------------------------------------------------------------------------


def require_chromium(path: Path, *, ci: bool) -> None:
    """Skip the test when Chromium is not at ``path``; under CI fail it instead."""
    if not path.exists():
        missing = f"Chromium is not installed at {path} (scripts/system-packages.sh)"
        if ci:
            pytest.fail(f"{missing}; CI must run the browser tests", pytrace=False)
        pytest.skip(missing)


def _launch() -> tuple[Playwright, Browser]:
    playwright = sync_playwright().start()
    try:
        return playwright, playwright.chromium.launch(executable_path=str(CHROMIUM))
    except BaseException:
        playwright.stop()
        raise


def _close(playwright: Playwright, chromium: Browser) -> None:
    chromium.close()
    playwright.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run, in the Playwright thread."""
    require_chromium(CHROMIUM, ci=os.environ.get("CI") == "true")
    _Thread.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="playwright")
    try:
        playwright, chromium = in_browser_thread(_launch)
        try:
            yield cast(Browser, InBrowserThread(chromium))
        finally:
            in_browser_thread(_close, playwright, chromium)
    finally:
        _Thread.executor.shutdown()
        _Thread.executor = None


def _page(browser: Browser, live_server: Any, *, javascript: bool) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=javascript,
        locale="vi-VN",
        viewport=WIDE,
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    if not javascript:
        _Thread.without_js.add(id(_unwrap(page)))
    try:
        yield page
    finally:
        _Thread.without_js.discard(id(_unwrap(page)))
        context.close()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A page in a fresh browser context, JavaScript on, its base URL the live server."""
    yield from _page(browser, live_server, javascript=True)


@pytest.fixture
def page_without_js(browser: Browser, live_server: Any) -> Iterator[Page]:
    """Like ``page``, with JavaScript turned off: the core journeys must work so."""
    yield from _page(browser, live_server, javascript=False)


def sign_in(context: BrowserContext, user: AbstractBaseUser, server_url: str) -> None:
    """Give ``context`` the session of ``user``: the test client's ``force_login`` makes it and
    its cookie is copied into the browser. Under the test runner such a session counts as past
    an officer's second factor too (accounts.backends.TestClientBackend); the sign-in pages
    themselves are tested through the pages."""
    client = Client()
    # The stubs want the project's user model, which core may not import (a lower layer).
    client.force_login(cast(Any, user))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": server_url,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )


@pytest.fixture
def log_in(live_server: Any) -> Callable[[Page, AbstractBaseUser], None]:
    """``log_in(page, user)``: the page's browser is signed in as ``user`` (citizen or officer)
    from its next request on."""

    def log_in(page: Page, user: AbstractBaseUser) -> None:
        sign_in(page.context, user, live_server.url)

    return log_in


# Accessibility -----------------------------------------------------------------------------


def _run_axe(page: Page, exclude: list[str]) -> list[dict[str, Any]]:
    if id(page) in _Thread.without_js:
        # axe-core is a script: it is injected all the same, but its promise waits on timers
        # that never fire while the page's scripts are off, and the evaluation would hang.
        raise RuntimeError(
            "axe-core needs JavaScript: check accessibility on the `page` fixture; "
            "`page_without_js` is for journeys without JavaScript."
        )
    page.evaluate(axe_source())
    options = {"runOnly": {"type": "tag", "values": list(WCAG_TAGS)}, "resultTypes": ["violations"]}
    results: dict[str, Any] = page.evaluate(
        "([exclude, options]) => axe.run(exclude.length ? {exclude} : document, options)",
        [[[selector] for selector in exclude], options],
    )
    violations: list[dict[str, Any]] = results["violations"]
    return violations


def accessibility_violations(page: Page, *, exclude: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """What axe-core finds wrong with the page as it is now, against the WCAG 2.1 A and AA
    rules: axe's violation objects (``id``, ``impact``, ``help``, ``helpUrl``, ``nodes``).

    ``exclude`` lists CSS selectors of parts to leave out (a widget we do not own). axe is
    injected through the browser's debugging protocol, so the page's Content-Security-Policy
    stays on; it needs JavaScript, so a ``page_without_js`` is refused.
    """
    return in_browser_thread(_run_axe, page, list(exclude))


def _violation_lines(violation: dict[str, Any]) -> list[str]:
    lines = [
        f"- {violation['id']} ({violation.get('impact') or 'no impact given'}): "
        f"{violation['help']}",
        f"  {violation['helpUrl']}",
    ]
    for node in violation["nodes"]:
        # A target is a list of selectors, one per frame or shadow root on the way.
        lines.append("  at " + " >> ".join(str(part) for part in node["target"]))
        summary = node.get("failureSummary") or ""
        lines.extend(f"      {line.strip()}" for line in summary.splitlines() if line.strip())
    return lines


def describe_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{url}: {len(violations)} accessibility rule(s) broken (axe-core):"]
    for violation in violations:
        lines.extend(_violation_lines(violation))
    return "\n".join(lines)


def assert_accessible(page: Page, *, exclude: tuple[str, ...] = ()) -> None:
    """Fail listing each WCAG 2.1 A/AA rule axe-core finds broken on the page: rule, impact,
    what it asks, where (CSS selector of each element) and what is wrong there."""
    violations = accessibility_violations(page, exclude=exclude)
    if violations:
        pytest.fail(describe_violations(page.url, violations), pytrace=False)


# Pages of a journey: accessible, reflowing at 320 px, kept as screenshots ------------------


def screenshots_dir() -> Path:
    """Where ``check_page`` keeps its screenshots: ``MOTCUA_SCREENSHOTS`` or ``var/screenshots``
    (ignored by git; CI keeps the folder as the run's artefact)."""
    configured = os.environ.get("MOTCUA_SCREENSHOTS")
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "screenshots"


class _Shots:
    """How many pages each test has checked so far, to number its screenshots in order."""

    taken: dict[str, int] = {}


def _current_test() -> tuple[str, str]:
    """(module, test) of the running test, from what pytest says of it: a folder per module,
    a file prefix per test."""
    current = os.environ.get("PYTEST_CURRENT_TEST", "unknown::unknown").split(" ")[0]
    path, _sep, name = current.partition("::")
    module = Path(path).with_suffix("").as_posix().replace("/", ".")
    return module, "".join(c if c.isalnum() or c in "-_" else "_" for c in name)


def _overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than its viewport (0 when it reflows)."""
    width: int = page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )
    return max(width, 0)


def _widest(page: Page) -> str:
    """The elements that stick out of a narrow viewport, for the failure message."""
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .filter(e => e.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)
            .slice(0, 5)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                      (e.className && typeof e.className === 'string'
                          ? '.' + e.className.trim().split(/\\s+/).join('.') : ''))"""
    )
    return ", ".join(found) or "(no single element)"


def _check_page(page: Page, name: str, exclude: list[str]) -> list[str]:
    module, test = _current_test()
    key = f"{module}::{test}"
    number = _Shots.taken.get(key, 0) + 1
    _Shots.taken[key] = number
    folder = screenshots_dir() / module
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{test}-{number:02d}-{name}"
    problems: list[str] = []
    violations = _run_axe(page, exclude)
    if violations:
        problems.append(describe_violations(page.url, violations))
    page.screenshot(path=str(folder / f"{stem}-1280.png"), full_page=True)
    try:
        page.set_viewport_size(NARROW)
        page.screenshot(path=str(folder / f"{stem}-320.png"), full_page=True)
        if extra := _overflow(page):
            problems.append(
                f"{page.url}: at {NARROW['width']} px the page is {extra} px too wide, so it "
                f"scrolls sideways (a table must reflow or scroll in its own container): "
                f"{_widest(page)}"
            )
    finally:
        page.set_viewport_size(WIDE)
    return problems


def check_page(page: Page, name: str, *, exclude: tuple[str, ...] = ()) -> None:
    """Check a page a journey has reached, as a person would meet it: axe-core finds no WCAG
    2.1 A/AA violation (as ``assert_accessible``), and at 320 px wide the page does not scroll
    sideways. Screenshots at 1280 px and 320 px go to ``screenshots_dir()/<module>/`` as
    ``<test>-<NN>-<name>-<width>.png``, numbered in the order the test checks its pages. Fails
    listing every problem found on the page. Wait for what the page must show before calling it.
    """
    problems = in_browser_thread(_check_page, page, name, list(exclude))
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
