"""Document templates as versioned data: a province administrator adds a version, never
edits one; the newest version of a key is what new documents are rendered from."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.template import TemplateSyntaxError, engines
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ProvinceWideAdmin
from documents.models import DocumentTemplate
from dossiers.models import Slip

KINDS = "|".join(Slip.Kind.values)
KEY = re.compile(rf"^(slips/({KINDS})|results/default|results/[0-9A-Za-z.\-]{{1,40}})$")


class DocumentTemplateForm(forms.ModelForm[DocumentTemplate]):
    class Meta:
        model = DocumentTemplate
        fields = ["key", "body", "note"]

    def clean_key(self) -> str:
        key = str(self.cleaned_data["key"]).strip()
        if not KEY.match(key):
            raise forms.ValidationError(
                _("Mẫu phải là slips/<loại phiếu>, results/default hoặc results/<mã thủ tục>.")
            )
        return key

    def clean_body(self) -> str:
        body = str(self.cleaned_data["body"])
        try:
            engines["django"].from_string(body)
        except TemplateSyntaxError as exc:
            raise forms.ValidationError(
                _("Mẫu có lỗi cú pháp: %(error)s") % {"error": exc}
            ) from None
        return body


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(ProvinceWideAdmin[DocumentTemplate]):
    form = DocumentTemplateForm
    list_display = ["key", "version", "note", "created_at", "created_by"]
    list_filter = ["key"]
    readonly_fields = ["version", "created_at", "created_by"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # issued documents name the version they came from

    def save_model(
        self, request: HttpRequest, obj: DocumentTemplate, form: Any, change: bool
    ) -> None:
        with transaction.atomic():
            last = (
                DocumentTemplate.objects.select_for_update()
                .filter(key=obj.key)
                .aggregate(Max("version"))["version__max"]
            )
            obj.version = (last or 0) + 1
            obj.created_by = request.user  # type: ignore[assignment]
            obj.save()
