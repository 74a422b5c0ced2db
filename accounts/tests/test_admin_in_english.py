"""The configuration admin in English reads in English: every list and add page of every
registered model, opened by a superuser with the language set to English, shows no Vietnamese
text of ours (a string not wrapped in gettext, or translated once at import time, would).

What stays Vietnamese on purpose: the language's own name, the help texts whose examples are
Vietnamese titles glossed in English, and the names of permissions (rows Django writes at
migration time, in the site's language: data, not interface)."""

from __future__ import annotations

import html as html_lib
import json
import re
from datetime import date

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.test import TestCase
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from core.testing import create_officer, create_unit
from dossiers.testing import create_procedure
from workdays.models import DayOverride, DaySwap

# Letters English does not use: what Vietnamese text carries (đ, ư, ơ, ă, â… with their tones).
VIETNAMESE = re.compile(r"[À-ỹĐđƠơƯư]")
ON_PURPOSE = {
    "Tiếng Việt",
    "As the signature block prints it, for example: Phó Chủ tịch (Vice Chair), Trưởng Công an "
    "phường (Ward Chief of Police).",
    "For example: Chủ tịch (Chair), Trưởng Công an (Chief of Police). Printed in the signature "
    "block.",
}
PERMISSION_NAME = re.compile(r"^.+ \| .+ \| Can (add|change|delete|view) .+$")


def texts(html: str) -> set[str]:
    """The text a person reads or hears: text nodes and the attributes read aloud or shown."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    # What is marked as Vietnamese (a message template's preview, the language's own name) is
    # text in that language, not interface (WCAG 3.1.2, language of parts).
    html = re.sub(r'<(\w+)\b[^>]*\slang="vi"[^>]*>.*?</\1>', "", html, flags=re.S)
    found = {t.strip() for t in re.findall(r">([^<]+)<", html)}
    found |= set(re.findall(r'(?:placeholder|title|aria-label|alt)="([^"]+)"', html))
    return {" ".join(t.split()) for t in found if t.strip()}


class AdminInEnglishTestCase(TestCase):
    def setUp(self) -> None:
        boss = User.objects.create_superuser(
            "sieuquantri", password="x", full_name="Siêu Quản Trị", kind=User.Kind.OFFICER
        )
        self.client.force_login(boss)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        # A row in the main lists: their columns show only when there is something to list.
        create_procedure()
        create_officer(create_unit())
        DaySwap.objects.create(
            worked_date=date(2027, 2, 13), off_date=date(2027, 2, 12), name="Hoán đổi dịp Tết"
        )
        DayOverride.objects.create(date=date(2027, 3, 6), kind=DayOverride.Kind.WORK, name="Làm bù")

    def admin_pages(self) -> list[str]:
        urls = [reverse("admin:index")]
        for model in admin.site._registry:
            name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
            if (first := model._default_manager.order_by("pk").first()) is not None:
                urls.append(reverse(f"{name}_change", args=[first.pk]))
            for view in ("changelist", "add"):
                try:
                    urls.append(
                        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")
                    )
                except NoReverseMatch:
                    continue
        return urls

    def data_values(self) -> list[str]:
        """Every text the database holds (names, titles, codes): shown as entered, not
        interface, so a page text that contains one is data."""
        values: set[str] = set()
        for model in apps.get_models():
            fields = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField | models.JSONField)
            ]
            for row in model._default_manager.values_list(*fields):
                for value in row:
                    text = (
                        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                    )
                    values |= {part.strip() for part in text.split("\n") if len(part.strip()) > 2}
        return sorted(values, key=len, reverse=True)

    def is_data(self, text: str, data: list[str]) -> bool:
        text = html_lib.unescape(text)
        for value in data:
            text = text.replace(value, "")
        return not VIETNAMESE.search(text)

    def test_no_page_shows_vietnamese_of_ours(self) -> None:
        data = self.data_values()
        for url in self.admin_pages():
            with self.subTest(url=url):
                response = self.client.get(url)
                if response.status_code != 200:  # an add page the model refuses (read-only)
                    continue
                html = response.content.decode()
                self.assertIn('lang="en"', html)
                left = {
                    text
                    for text in texts(html)
                    if VIETNAMESE.search(text)
                    and text.strip("()") not in ON_PURPOSE
                    and not PERMISSION_NAME.match(text)
                    and not self.is_data(text, data)
                }
                self.assertEqual(left, set(), f"Vietnamese left on {url} in English")
