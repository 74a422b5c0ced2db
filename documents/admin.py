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
from django.template import engines
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ProvinceWideAdmin
from documents.models import DocumentTemplate
from dossiers.models import Slip

KINDS = "|".join([*Slip.Kind.values, "control"])
KEY = re.compile(rf"^(slips/({KINDS})|results/default|results/[0-9A-Za-z.\-]{{1,40}})$")


TAGS = re.compile(r"{%-?\s*(\w+)\s*([^%\s]*)")
FORBIDDEN_TAGS = {"debug", "load", "ssi"}


def sample_context() -> dict[str, Any]:
    """What templates see, with sample values: slips get ``c``, results the other keys. Built
    by the functions that build the real contexts, from unsaved sample objects, so that what
    they add is in the preview too."""
    from datetime import datetime

    from accounts.models import User
    from accounts.roles import Position
    from catalog.models import Component, Procedure, ProcedureVersion
    from dossiers.models import Dossier, DossierComponent, DossierEvent, EventType, RegisterEntry
    from dossiers.results import result_context
    from dossiers.slips import (
        component_entry,
        control_event,
        declaration_entry,
        slip_content,
        template_context,
    )
    from units.models import AdministrativeUnit, GovernmentUnit
    from workdays.calendar import TZ

    now = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)
    version = ProcedureVersion(
        procedure=Procedure(code="1.004873"),
        name="Cấp Giấy xác nhận tình trạng hôn nhân",
        result_name="Giấy xác nhận tình trạng hôn nhân",
        legal_basis=["Luật Hộ tịch số 60/2014/QH13"],
    )
    dossier = Dossier(
        code="000.10.04.H26-260601-0001",
        procedure_version=version,
        applicant_name="Nguyễn Văn An",
        applicant_id_number="001090012345",
        applicant_phone="0912000001",
        applicant_address="Phường Hoàn Kiếm, Hà Nội",
        result_summary="Kết quả mẫu",
        declaration={"mau": "Tờ khai mẫu"},
    )
    unit = GovernmentUnit(
        code="000.10.04.H26", name="Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm"
    )
    component = DossierComponent(
        component=Component(name="Tờ khai"),
        state=DossierComponent.State.PROVIDED,
        source="upload",
    )
    event = DossierEvent(type=EventType.RECEIVED, at=now, actor_name="Nguyễn Thị Lan")
    # One sample of what every kind of slip adds to the header, the control slip's included.
    content = slip_content(
        dossier,
        unit,
        "Nguyễn Thị Lan",
        now,
        received_at=now.isoformat(),
        due_at=now.isoformat(),
        old_due_at=now.isoformat(),
        new_due_at=now.isoformat(),
        components=[component_entry(component)],
        requested=["Tờ khai"],
        reason="Lý do mẫu",
        apology=False,
        events=[control_event(event)],
        **declaration_entry(dossier),
    )
    code = "VB-AAAA-BBBB-CCCC"
    leader = User(full_name="Lãnh đạo mẫu")
    city = GovernmentUnit(code="000.00.00.H26", name="Ủy ban nhân dân Thành phố Hà Nội")
    body = GovernmentUnit(
        code="002.10.04.H26",
        name="Ủy ban nhân dân Phường Hoàn Kiếm",
        kind=GovernmentUnit.Kind.COMMUNE_COMMITTEE,
        parent=city,
        area=AdministrativeUnit(name="Phường Hoàn Kiếm"),
        collective_leadership=True,
        head_title="Chủ tịch",
    )
    register = RegisterEntry(body=body, register_code="XNHN", year=2026, number=1)
    return {
        **result_context(
            dossier,
            code,
            signer=leader,
            body=body,
            at=now,
            position=Position("Phó Chủ tịch"),
            register=register,
        ),
        **template_context(content, "Tiêu đề", code),
    }


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
        for tag, argument in TAGS.findall(body):
            if tag in FORBIDDEN_TAGS or (
                tag in ("include", "extends") and not argument.strip("\"'").startswith("documents/")
            ):
                raise forms.ValidationError(
                    _("Mẫu không được dùng thẻ %(tag)s %(argument)s.")
                    % {"tag": tag, "argument": argument}
                )
        try:
            template = engines["django"].from_string(body)
            template.render(sample_context())  # fails now rather than when a document is issued
        except Exception as exc:
            raise forms.ValidationError(_("Mẫu có lỗi: %(error)s") % {"error": exc}) from None
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
