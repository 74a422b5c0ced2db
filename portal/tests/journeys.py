"""What the acceptance journeys of issue 11 share: a commune as the law has it (its centre
receives, its People's Committee decides civil status, its police residence), one procedure of
the demo catalog (catalog/data/hanoi_commune_procedures.json) with its default workflow, the
people the embedded registry knows, and a citizen and officers who only use the pages.

Every step goes through HTTP: the citizen fills the e-form page by page as a browser without
JavaScript would (each page read, its form posted with what the person types), the officers
post the back office's actions, the result is fetched where the citizen fetches it, and the
registry update is sent the way the worker sends it (``registry.delivery.sweep``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from typing import Any

from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import User
from catalog.models import ProcedureVersion
from catalog.transfer import load_catalog
from catalog.workflows import create_default_workflow
from core.testing import create_citizen
from demo.builders import CATALOG_FILE
from documents.models import IssuedDocument
from documents.testing import pdf_text
from dossiers.models import Dossier, Draft
from dossiers.testing import Commune
from portal.tests.base import PortalTestCase
from registry.delivery import sweep
from registry.models import Resident
from registry.testing import create_resident
from units.models import AdministrativeUnit


def catalog_version(code: str) -> ProcedureVersion:
    """Procedure ``code`` of the demo catalog, imported alone, with the default workflow the
    demo publishes for it."""
    document = json.loads(CATALOG_FILE.read_text(encoding="utf-8"))
    document["procedures"] = [p for p in document["procedures"] if p["code"] == code]
    load_catalog(document)
    version = ProcedureVersion.objects.get(procedure__code=code)
    create_default_workflow(version)
    return version


@dataclass
class PageForm:
    """The form of a page as a browser sees it: the values it would post untouched, its file
    inputs and its buttons."""

    values: dict[str, list[str]] = field(default_factory=dict)
    files: list[dict[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)


class _FormReader(HTMLParser):
    """The page's own POST form (the one without an ``action``: not the sign-out or the
    language forms of the header)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.form: PageForm | None = None
        self._inside = False
        self._select: str | None = None
        self._textarea: str | None = None
        self._first_option: tuple[str, str] | None = None
        self._selected = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "").lower() == "post" and "action" not in a and self.form is None:
                self.form, self._inside = PageForm(), True
        elif self._inside and self.form is not None:
            self._control(self.form, tag, a)

    def _control(self, form: PageForm, tag: str, a: dict[str, str]) -> None:
        name = a.get("name", "")
        if tag == "option" and self._select:
            option = (self._select, a.get("value", ""))
            self._first_option = self._first_option or option
            if "selected" in a:
                form.values.setdefault(self._select, []).append(option[1])
                self._selected = True
        elif not name:
            return
        elif tag == "input":
            self._input(form, name, a)
        elif tag == "button":
            form.buttons.append((name, a.get("value", "")))
        elif tag == "select":
            self._select, self._first_option, self._selected = name, None, False
        elif tag == "textarea":
            self._textarea = name
            form.values.setdefault(name, []).append("")

    @staticmethod
    def _input(form: PageForm, name: str, a: dict[str, str]) -> None:
        kind = a.get("type", "text").lower()
        if kind == "file":
            form.files.append(a)
        elif kind in ("radio", "checkbox"):
            if "checked" in a:
                form.values.setdefault(name, []).append(a.get("value", "on"))
        elif kind == "submit":
            form.buttons.append((name, a.get("value", "")))
        else:
            form.values.setdefault(name, []).append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "select" and self._select and self.form is not None:
            if not self._selected and self._first_option is not None:
                self.form.values.setdefault(self._select, []).append(self._first_option[1])
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.form is not None:
            self.form.values[self._textarea][-1] += data


def read_form(html: str) -> PageForm:
    reader = _FormReader()
    reader.feed(html)
    if reader.form is None:
        raise AssertionError("the page has no form to post")
    return reader.form


class JourneyTestCase(PortalTestCase):
    """One procedure of the demo catalog, lodged at a commune centre; ``code`` names it."""

    code: str
    commune: Commune
    area: AdministrativeUnit
    citizen: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.commune = Commune.create("Phường Hoàn Kiếm")
        cls.area = cls.commune.centre.area
        cls.version = catalog_version(cls.code)

    @classmethod
    def resident(cls, full_name: str, born: date, sex: str, **fields: Any) -> Resident:
        """A living resident of the commune (head of a household of their own unless told)."""
        return create_resident(
            **{
                "full_name": full_name,
                "date_of_birth": born,
                "sex": sex,
                "permanent_unit": cls.area,
                "permanent_address": f"Số 12 phố Hàng Bài, {cls.area.name}",
                **fields,
            }
        )

    @classmethod
    def citizen_of(cls, resident: Resident) -> User:
        """The resident's account on the portal (signed in with their ID number)."""
        return create_citizen(
            personal_id=resident.id_number, full_name=resident.full_name, phone="0912000001"
        )

    # The citizen's pages ---------------------------------------------------------------------

    def page_url(self, name: str, draft: Draft, *args: str) -> str:
        return reverse(f"portal:{name}", args=[self.version.procedure.code, draft.key, *args])

    def start(self) -> Draft:
        """The start page's button: a new draft, prefilled from the registry."""
        self.client.force_login(self.citizen)
        url = reverse("portal:apply", args=[self.version.procedure.code])
        response = self.client.post(url, {"action": "start"})
        self.assertEqual(response.status_code, 302)
        return Draft.objects.get(owner=self.citizen, submitted__isnull=True)

    def open(self, url: str) -> PageForm:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return read_form(response.content.decode())

    def fill(self, url: str, typed: dict[str, Any], *, press: str = "") -> Any:
        """Open the page and post its form with what the person types (``press``: the value
        of the button pressed, ``lookup:mother``; else the page's main button)."""
        form = self.open(url)
        data: dict[str, Any] = {k: v if len(v) > 1 else v[0] for k, v in form.values.items()}
        data.update(typed)
        if press:
            name = next((n for n, v in form.buttons if v == press), None)
            self.assertIsNotNone(name, f"no button {press} on {url}: {form.buttons}")
            data[str(name)] = press
        return self.client.post(url, data)

    def fill_section(
        self, draft: Draft, key: str, typed: dict[str, Any], *, press: str = ""
    ) -> Any:
        response = self.fill(self.page_url("application_section", draft, key), typed, press=press)
        self.assertEqual(response.status_code, 302, self.page_problems(response))
        return response

    def page_problems(self, response: Any) -> str:
        """What a page refused (its error summary), for a failure message."""
        text = response.content.decode()
        start = text.find("govuk-error-summary")
        return text[start : start + 2000] if start >= 0 else text[:2000]

    def messages_of(self, response: Any) -> list[str]:
        return [str(m) for m in get_messages(response.wsgi_request)]

    def choose_unit(self, draft: Draft, unit_code: str) -> None:
        response = self.fill(self.page_url("application_unit", draft), {"unit": unit_code})
        self.assertEqual(response.status_code, 302, self.page_problems(response))

    def give_contact(self, draft: Draft) -> None:
        response = self.fill(
            self.page_url("application_contact", draft),
            {
                "applicant_phone": "0912000001",
                "applicant_address": f"Số 12 phố Hàng Bài, {self.area.name}",
            },
        )
        self.assertEqual(response.status_code, 302, self.page_problems(response))

    def submit(self, draft: Draft) -> Dossier:
        """Check your answers (nothing missing), submit, and the confirmation page."""
        check = self.client.get(self.page_url("application_check", draft))
        self.assertNotContains(check, "Còn thông tin cần khai trước khi nộp")
        response = self.client.post(self.page_url("application_check", draft))
        self.assertEqual(response.status_code, 302, self.messages_of(response))
        self.assertRedirects(
            response, self.page_url("application_done", draft), fetch_redirect_response=False
        )
        draft.refresh_from_db()
        dossier = draft.submitted
        assert dossier is not None
        self.assertContains(self.client.get(response["Location"]), dossier.code)
        return dossier

    # The back office -------------------------------------------------------------------------

    def act(self, officer: User, dossier: Dossier, action: str, **data: Any) -> Dossier:
        """An officer posts an action from the dossier page; it must be done."""
        self.client.force_login(officer)
        url = reverse("backoffice:action", kwargs={"code": dossier.code, "action": action})
        response = self.client.post(url, {"reason": "", **data})
        self.assertEqual(response.status_code, 302, self.page_problems(response))
        shown = self.messages_of(response)
        self.assertTrue(shown and shown[-1].startswith("Đã"), shown)
        return Dossier.objects.get(pk=dossier.pk)

    def decide(
        self, dossier: Dossier, specialist: User, leader: User, result: dict[str, Any]
    ) -> Dossier:
        """Received at the centre's desk, examined by the body's specialist, signed by its
        leader with the result data (``result``: the inputs of the result form, unprefixed)."""
        dossier = self.act(self.commune.desk, dossier, "accept")
        dossier = self.act(specialist, dossier, "forward", reason="Đủ điều kiện")
        self.client.force_login(leader)
        page = self.client.get(reverse("backoffice:dossier", args=[dossier.code]))
        for name in result:
            self.assertContains(page, f'name="kq-{name}"')
        typed = {f"kq-{name}": value for name, value in result.items()}
        return self.act(leader, dossier, "sign", result="", **typed)

    # What comes out ---------------------------------------------------------------------------

    def result_text(self, dossier: Dossier) -> str:
        """The signed result, fetched as its applicant fetches it, as text (its lines joined:
        a name the layout wraps is still found whole)."""
        document = IssuedDocument.objects.get(
            dossier_link__dossier=dossier, kind=IssuedDocument.Kind.RESULT
        )
        self.client.force_login(self.citizen)
        response: Any = self.client.get(
            reverse("portal:document", args=[dossier.code, document.code])
        )
        self.assertEqual(response["Content-Type"], "application/pdf")
        return " ".join(pdf_text(b"".join(response.streaming_content)).split())

    def deliver(self) -> int:
        """What the worker does: send the registry updates that are due."""
        return sweep()
