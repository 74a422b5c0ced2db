"""Online intake over HTTP, the way a citizen's browser lodges a dossier.

Every procedure of the demo catalog has an e-form, so the online path is the GOV.UK-style
application (``portal.applying``): the start page, the task list, the unit, one page per
section of the declaration, the contact, check your answers, and the confirmation. The client
drives all of them as a browser would: it GETs each page, reads its form (the values the page
filled in from the population registry and the draft), completes what is empty, and POSTs it,
following the redirects. A dossier is acknowledged when the confirmation page names its code;
``verify`` then checks that every acknowledged code is in the database with its components and
its submission event.

Each client thread signs in as a citizen of its own (a resident of the embedded registry with an
account), so that no two threads share a draft.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urlsplit

from bench.report import Run, percentile

PROCEDURE = "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân: the demo's own example
CODE_RE = re.compile(r"\b\d{3}\.\d{2}\.\d{2}\.H26-\d{6}-\d{4}\b")
SKIP_FORMS = ("/tai-khoan/dang-xuat/", "/i18n/setlang/")


class _Forms(HTMLParser):
    """The forms of a page (their fields as rendered) and the links into the application."""

    def __init__(self, link_prefix: str) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.links: list[str] = []
        self._form: dict[str, Any] | None = None
        self._select: list[Any] | None = None
        self._text: list[Any] | None = None
        self.prefix = link_prefix

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action"), "method": a.get("method"), "fields": []}
            self.forms.append(self._form)
        elif tag == "a" and (a.get("href") or "").startswith(self.prefix):
            self.links.append(str(a["href"]))
        elif self._form is None:
            return
        elif tag in ("input", "button"):
            self._form["fields"].append(
                [tag, a.get("type"), a.get("name"), a.get("value"), "checked" in a]
            )
        elif tag == "textarea":
            self._text = [tag, None, a.get("name"), "", False]
            self._form["fields"].append(self._text)
        elif tag == "select":
            self._select = [tag, None, a.get("name"), [], False]
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._select[3].append((a.get("value") or "", "selected" in a))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._text = None
        elif tag == "form":
            self._form = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text[3] += data


def page_form(
    html: str, link_prefix: str = "/nop-ho-so/"
) -> tuple[dict[str, Any] | None, list[str]]:
    """The page's own POST form (not the sign-out or language ones) and its application links."""
    parser = _Forms(link_prefix)
    parser.feed(html)
    forms = [f for f in parser.forms if f["method"] == "post" and f["action"] not in SKIP_FORMS]
    return (forms[0] if forms else None), parser.links


def _filler(name: str) -> str:
    """A value for a field the page left empty (a person would type one)."""
    if name.endswith("-day"):
        return "12"
    if name.endswith("-month"):
        return "3"
    if name.endswith("-year"):
        return "1995"
    if "id_number" in name:
        return ""  # a relative's number is optional; typing one would look them up
    if name.endswith("full_name"):
        return "Lê Thị Hạnh"
    if name == "copies":
        return "1"
    return "Nội dung khai để thử tải"


def form_values(form: dict[str, Any]) -> dict[str, str]:
    """What a person posts: the values shown, the first choice where none is made, and
    something typed where a text field is empty; the first submit button."""
    data: dict[str, str] = {}
    radios: dict[str, str] = {}
    button: tuple[str, str] | None = None
    for tag, kind, name, value, checked in form["fields"]:
        if not name:
            continue
        if tag == "button" or kind == "submit":
            button = button or (name, value or "")
        elif kind == "radio":
            if checked or name not in radios:
                radios[name] = value or ""
        elif kind == "checkbox":
            if checked:
                data[name] = value or "on"
        elif kind == "file":
            continue
        elif tag == "select":
            chosen = [v for v, s in value if s] or [v for v, _s in value if v]
            data[name] = chosen[0] if chosen else ""
        elif kind == "hidden":
            data[name] = value or ""
        else:
            data[name] = value or _filler(name)
    data.update(radios)
    if button is not None:
        data[button[0]] = button[1]
    return data


class Browser:
    """One keep-alive connection with its cookies (a session made on the server side)."""

    def __init__(self, port: int, cookie: str, forwarded_for: str) -> None:
        self.port = port
        self.cookies: dict[str, str] = dict([cookie.split("=", 1)])
        self.forwarded_for = forwarded_for
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.latencies: list[tuple[str, float]] = []
        # Under overload: the time (ms) of every 503 answer, each followed by the same request
        # again after Retry-After (capped at ``retry_cap`` s), as a person presses again. A 503
        # comes from admission control, before the application: nothing was done, so resending
        # a POST is safe. None: a 503 is returned to the caller like any other status.
        self.shed: list[float] | None = None
        self.retry_cap = 2.0

    def request(
        self, method: str, path: str, body: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        while True:
            status, location, text, retry_after = self._send(method, path, body)
            if status != 503 or self.shed is None:
                return status, location, text
            time.sleep(min(self.retry_cap, max(0.1, retry_after)))

    def _send(
        self, method: str, path: str, body: dict[str, str] | None
    ) -> tuple[int, str, str, float]:
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "X-Forwarded-For": self.forwarded_for,
        }
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            raise
        elapsed = time.perf_counter() - started
        if response.status == 503 and self.shed is not None:
            self.shed.append(elapsed * 1000)
            try:
                retry_after = float(response.getheader("Retry-After") or 1)
            except ValueError:
                retry_after = 1.0
            return response.status, "", text, retry_after
        self.latencies.append((f"{method} {path}", elapsed))
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        location = response.getheader("Location") or ""
        return (
            response.status,
            urlsplit(location).path
            + (f"?{urlsplit(location).query}" if urlsplit(location).query else ""),
            text,
            0.0,
        )

    def fill(self, path: str) -> tuple[int, str, str]:
        """GET a page and POST its form as a person would."""
        status, _loc, html = self.request("GET", path)
        if status != 200:
            raise IntakeFailed(f"GET {path}: {status}")
        form, _links = page_form(html)
        if form is None:
            raise IntakeFailed(f"No form on {path}")
        return self.request("POST", path, form_values(form))


class IntakeFailed(RuntimeError):
    pass


@dataclass
class Lodged:
    code: str
    seconds: float  # the whole journey, every page
    submit_seconds: float  # the final POST (check your answers → submitted)
    requests: int


def lodge(browser: Browser, procedure: str = PROCEDURE) -> Lodged:
    """Apply for ``procedure`` from its start page to the confirmation."""
    started = time.perf_counter()
    first = len(browser.latencies)
    start = f"/nop-ho-so/{procedure}/"
    status, location, _html = browser.fill(start)
    if status != 302 or not location:
        raise IntakeFailed(f"POST {start}: {status}")
    tasks = location
    status, _loc, html = browser.request("GET", tasks)
    _form, links = page_form(html, tasks)
    pages = [link for link in dict.fromkeys(links) if link != tasks]
    check = next((p for p in pages if p.rstrip("/").endswith("kiem-tra")), None)
    for page in pages:
        if page == check:
            continue
        status, _loc, html = browser.fill(page)
        if status != 302:
            raise IntakeFailed(f"POST {page}: {status}")
    if check is None:
        raise IntakeFailed("No check-your-answers page")
    status, _loc, html = browser.request("GET", check)
    form, _links = page_form(html)
    if form is None:
        raise IntakeFailed("No form on the check page")
    submit_started = time.perf_counter()
    status, location, _html = browser.request("POST", check, form_values(form))
    submit_seconds = time.perf_counter() - submit_started
    if status != 302 or "da-nop" not in location:
        raise IntakeFailed(f"Submit refused: {status} → {location}")
    status, _loc, html = browser.request("GET", location)
    found = CODE_RE.search(html)
    if status != 200 or found is None:
        raise IntakeFailed(f"No code on the confirmation page ({status})")
    return Lodged(
        found.group(0),
        time.perf_counter() - started,
        submit_seconds,
        len(browser.latencies) - first,
    )


@dataclass
class IntakeResult:
    run: Run
    codes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    shed_ms: list[float] = field(default_factory=list)  # the 503s met (``retry_busy``)


def run_intake(
    port: int,
    cookies: Iterable[str],
    *,
    seconds: float,
    rate: float | None = None,
    stop: threading.Event | None = None,
    retry_busy: bool = False,
) -> IntakeResult:
    """Lodge dossiers for ``seconds``, one thread per citizen cookie: as fast as they go, or
    at ``rate`` dossiers per second in all (paced, for the lookup-under-intake scenario).
    With ``retry_busy`` a 503 is timed and the request sent again (``Browser.shed``)."""
    cookies = list(cookies)
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    lodged: list[Lodged] = []
    failures: list[str] = []
    interval = len(cookies) / rate if rate else 0.0
    pages: list[tuple[str, float]] = []
    shed: list[float] = []

    def worker(index: int, cookie: str) -> None:
        rng = random.Random(index)  # noqa: S311 - pacing, not secrets
        browser = Browser(port, cookie, f"10.200.{index // 250}.{index % 250 + 1}")
        if retry_busy:
            browser.shed = []
        next_at = time.monotonic() + rng.uniform(0, interval)
        while time.monotonic() < deadline and not (stop and stop.is_set()):
            if interval:
                pause = next_at - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
                next_at += interval
                if time.monotonic() >= deadline:
                    break
            try:
                done = lodge(browser)
            except (IntakeFailed, OSError, http.client.HTTPException) as exc:
                with lock:
                    failures.append(str(exc))
                time.sleep(0.2)
                continue
            with lock:
                lodged.append(done)
        with lock:
            pages.extend(browser.latencies)
            shed.extend(browser.shed or [])

    started = time.monotonic()
    threads = [
        threading.Thread(target=worker, args=(i, c), daemon=True) for i, c in enumerate(cookies)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    elapsed = time.monotonic() - started
    submits = [d.submit_seconds * 1000 for d in lodged]
    journeys = [d.seconds * 1000 for d in lodged]
    run = Run(
        rate=len(lodged) / elapsed if elapsed else 0.0,
        p50=percentile(submits, 50),
        p95=percentile(submits, 95),
        p99=percentile(submits, 99),
        count=len(lodged),
        errors=len(failures),
        seconds=elapsed,
        extra={
            "journey_p50_ms": percentile(journeys, 50),
            "journey_p99_ms": percentile(journeys, 99),
            "requests_per_dossier": (
                sum(d.requests for d in lodged) / len(lodged) if lodged else None
            ),
            "first_failures": failures[:5],
            "pages_p50_ms": page_medians(pages),
        },
    )
    return IntakeResult(run, [d.code for d in lodged], failures, shed)


_KEY_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def page_medians(latencies: list[tuple[str, float]]) -> dict[str, float]:
    """The median time (ms) of each page of the journey, the draft's key left out."""
    by_page: dict[str, list[float]] = {}
    for page, seconds in latencies:
        by_page.setdefault(_KEY_RE.sub("<key>", page.split("?", 1)[0]), []).append(seconds * 1000)
    return {page: round(percentile(v, 50) or 0.0, 1) for page, v in sorted(by_page.items())}


def citizens(count: int) -> list[Any]:
    """``count`` citizen accounts of adult residents of the embedded registry (made once)."""
    from accounts.models import User
    from registry.models import Resident

    users: list[Any] = []
    residents = Resident.objects.filter(
        date_of_birth__year__lte=2000, date_of_death__isnull=True
    ).order_by("id_number")
    for resident in residents[: count * 3]:
        if len(users) == count:
            break
        user = User.objects.filter(personal_id=resident.id_number).first()
        if user is None:
            user = User.objects.create_citizen(
                resident.id_number,
                resident.full_name,
                uuid.uuid4().hex,
                email=f"bench.{resident.id_number}@example.vn",
                phone=f"09{resident.id_number[-8:]}",
            )
        users.append(user)
    return users


def verify(codes: list[str]) -> dict[str, int]:
    """Every acknowledged dossier in the database, with its components and submission event."""
    from dossiers.models import Dossier

    found = Dossier.objects.filter(code__in=codes)
    present = found.count()
    with_event = found.filter(events__seq=1, events__type="submitted").count()
    without_components = found.filter(components__isnull=True).count()
    return {
        "acknowledged": len(codes),
        "present": present,
        "missing": len(set(codes)) - present,
        "with_submission_event": with_event,
        "without_components": without_components,
    }
