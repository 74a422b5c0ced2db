"""The configuration of messages: their templates as versioned data, each unit's sender
identity, and the record of what was sent (read only).

- **Templates** (province-wide): saving an edit never changes a stored version, it writes the
  next one (each message names the version it was made from, and the newest is the one used);
  every placeholder of the subject and body must be one its kind offers, and the change page
  previews the version filled with the kind's sample values (with its SMS count).
- **Sender identities** (per unit, for the unit's administrators): the SMS brandname carriers
  register (at most 11 ASCII letters, digits and spaces), the e-mail From, SMS without
  diacritics, quiet hours.
- **Messages**: nobody adds or edits one; the address is shown masked, with its receipts.
"""

from __future__ import annotations

import re
from email.utils import parseaddr
from typing import Any, TypeVar

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.scoping import ProvinceWideAdmin, administered_units
from notifications import sms_text, templating
from notifications.channels import mask_address
from notifications.kinds import KINDS, kind_choices
from notifications.models import DeliveryReceipt, MessageTemplate, Notification, SenderProfile
from units.models import GovernmentUnit

M = TypeVar("M", bound=models.Model)

# What carriers register as an SMS brandname (the sender shown on the phone).
BRANDNAME = re.compile(r"[A-Za-z0-9 ]{1,11}")
# Tries of writing the next version when another administrator wrote it first.
VERSION_TRIES = 3


def kind_label(kind: str) -> str:
    found = KINDS.get(kind)
    return str(found.label) if found else kind


class KindFilter(admin.SimpleListFilter):
    """The kinds by their names (the column holds their keys)."""

    title = _("loại thông báo")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return kind_choices()

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(kind=value) if value else queryset


# Templates ---------------------------------------------------------------------------------


class MessageTemplateForm(forms.ModelForm[MessageTemplate]):
    kind = forms.ChoiceField(label=_("loại thông báo"), choices=kind_choices)

    class Meta:
        model = MessageTemplate
        fields = ["kind", "channel", "language", "subject", "body", "zns_template_id"]

    def clean_kind(self) -> str:
        kind = str(self.cleaned_data["kind"])
        if kind not in KINDS:  # the choices already refuse it; said in our words
            raise forms.ValidationError(_("Không có loại thông báo này."), code="kind")
        return kind

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # On an edit the kind is fixed (read only): the version is of the same template.
        kind = KINDS.get(cleaned.get("kind") or self.instance.kind)
        if kind is None:
            return cleaned
        for field in ("subject", "body"):
            text = cleaned.get(field)
            if text is None:
                continue
            try:
                templating.check(text, kind.placeholders)
            except templating.TemplateProblem as problem:
                self.add_error(field, forms.ValidationError(str(problem), code="placeholder"))
        return cleaned


def preview(template: MessageTemplate) -> SafeString:
    """The template filled with its kind's sample values, as the recipient reads it, with the
    SMS it costs for an SMS template (with and without diacritics: the unit chooses)."""
    kind = KINDS.get(template.kind)
    if kind is None:
        return format_html("{}", "—")
    try:
        subject = templating.render(template.subject, kind.placeholders)
        body = templating.render(template.body, kind.placeholders)
    except templating.TemplateProblem as problem:
        return format_html("{}", str(problem))
    # The text is in the template's language whatever the administrator reads (WCAG 3.1.2).
    shown = format_html(
        '<div lang="{}"><p><strong>{}</strong></p>{}</div>',
        template.language,
        subject,
        mark_safe(linebreaks(body, autoescape=True)),  # noqa: S308 - escaped by linebreaks
    )
    if template.channel != Notification.Channel.SMS:
        return shown
    with_marks = sms_text.count(body)
    plain = sms_text.count(sms_text.plain_vietnamese(body))
    return format_html(
        "{}<p>{}</p>",
        shown,
        _("Có dấu: %(marked)s; không dấu: %(plain)s.")
        % {"marked": _segments(with_marks), "plain": _segments(plain)},
    )


def _segments(count: sms_text.Count) -> str:
    return ngettext(
        "%(segments)d tin SMS (%(encoding)s, %(units)d ký tự)",
        "%(segments)d tin SMS (%(encoding)s, %(units)d ký tự)",
        count.segments,
    ) % {"segments": count.segments, "encoding": count.encoding, "units": count.units}


@admin.register(MessageTemplate)
class MessageTemplateAdmin(ProvinceWideAdmin[MessageTemplate]):
    form = MessageTemplateForm
    list_display = [
        "kind_name",
        "channel",
        "language",
        "version",
        "in_use",
        "subject",
        "created_at",
        "created_by",
    ]
    list_filter = [KindFilter, "channel", "language"]
    list_select_related = ["created_by"]
    search_fields = ["subject", "body"]
    ordering = ["kind", "channel", "language", "-version"]
    add_fields = ["kind", "channel", "language", "subject", "body", "zns_template_id"]
    change_fields = [
        "kind_name",
        "channel",
        "language",
        "version",
        "subject",
        "body",
        "zns_template_id",
        "template_preview",
        "created_at",
        "created_by",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[MessageTemplate]:
        newest = (
            MessageTemplate.objects.filter(
                kind=OuterRef("kind"), channel=OuterRef("channel"), language=OuterRef("language")
            )
            .order_by("-version")
            .values("version")[:1]
        )
        return super().get_queryset(request).annotate(newest_version=Subquery(newest))

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.change_fields if obj is not None else self.add_fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        # A version belongs to its template: an edit keeps the kind, channel and language
        # ("kind" read only drops the form's field; the page shows the kind by its name).
        return [
            "kind",
            "kind_name",
            "channel",
            "language",
            "version",
            "template_preview",
            "created_at",
            "created_by",
        ]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # messages name the version they were made from

    @admin.display(description=_("loại thông báo"), ordering="kind")
    def kind_name(self, obj: MessageTemplate) -> str:
        return kind_label(obj.kind)

    @admin.display(description=_("đang dùng"), boolean=True)
    def in_use(self, obj: MessageTemplate) -> bool:
        return obj.version == getattr(obj, "newest_version", obj.version)

    @admin.display(description=_("Xem trước"))
    def template_preview(self, obj: MessageTemplate) -> SafeString:
        return preview(obj)

    def save_model(
        self, request: HttpRequest, obj: MessageTemplate, form: Any, change: bool
    ) -> None:
        """Write the next version (never an update): what was sent from a version stays
        what the version says."""
        if change and not form.has_changed():
            return  # nothing new: no version
        for attempt in range(1, VERSION_TRIES + 1):
            try:
                with transaction.atomic():
                    newest = (
                        MessageTemplate.objects.select_for_update()
                        .filter(kind=obj.kind, channel=obj.channel, language=obj.language)
                        .order_by("-version")
                        .values_list("version", flat=True)
                        .first()
                    )
                    obj.pk = None
                    obj._state.adding = True
                    obj.version = (newest or 0) + 1
                    obj.created_by = request.user  # type: ignore[assignment]
                    obj.save(force_insert=True)
                return
            except IntegrityError:
                # Another administrator wrote this version meanwhile (or the first version
                # was installed on first use): take the next number.
                if attempt == VERSION_TRIES:
                    raise

    def response_change(self, request: HttpRequest, obj: MessageTemplate) -> HttpResponse:
        response = super().response_change(request, obj)
        if "_continue" in request.POST:
            # Go on editing the version just written, not the one the page was opened on.
            return HttpResponseRedirect(
                reverse("admin:notifications_messagetemplate_change", args=[obj.pk])
            )
        return response


# Sender identities and messages, by the unit's id ------------------------------------------


class ByUnitIdAdmin(admin.ModelAdmin[M]):
    """Rows of the units the user administers, read through ``unit_id``: the notifications
    app stores the unit's id, not a foreign key, so ``UnitScopedAdmin``'s path join cannot
    be used. Superusers see every row (and the messages of no unit: login codes)."""

    def _units(self, request: HttpRequest) -> QuerySet[GovernmentUnit] | None:
        user = request.user
        if isinstance(user, User) and user.is_active and user.is_superuser:
            return None
        if not isinstance(user, User) or not user.is_active:
            return GovernmentUnit.objects.none()
        return administered_units(user)

    def get_queryset(self, request: HttpRequest) -> QuerySet[M]:
        queryset = super().get_queryset(request)
        units = self._units(request)
        return queryset if units is None else queryset.filter(unit_id__in=units.values("pk"))

    def _in_scope(self, request: HttpRequest, obj: Any = None) -> bool:
        user = request.user
        if not isinstance(user, User) or not user.can_configure:
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._in_scope(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._in_scope(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._in_scope(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._in_scope(request, obj)


class UnitChoiceField(forms.ModelChoiceField[GovernmentUnit]):
    def label_from_instance(self, obj: GovernmentUnit) -> str:
        return f"{obj.name} ({obj.code})"


class SenderProfileForm(forms.ModelForm[SenderProfile]):
    unit = UnitChoiceField(queryset=GovernmentUnit.objects.none(), label=_("đơn vị"))

    class Meta:
        model = SenderProfile
        fields = [
            "sms_brandname",
            "email_from",
            "sms_without_diacritics",
            "quiet_after",
            "quiet_until",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("unit", self.instance.unit_id)
        # The unit first: it is what the profile is of.
        self.order_fields(["unit"])

    def clean_unit(self) -> GovernmentUnit:
        unit: GovernmentUnit = self.cleaned_data["unit"]
        taken = SenderProfile.objects.filter(unit_id=unit.pk).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Đơn vị này đã có danh tính gửi; sửa danh tính đó thay vì thêm mới."),
                code="unit_taken",
            )
        self.instance.unit_id = unit.pk
        return unit

    def clean_sms_brandname(self) -> str:
        name = " ".join(str(self.cleaned_data["sms_brandname"]).split())
        if name and not BRANDNAME.fullmatch(name):
            raise forms.ValidationError(
                _(
                    "Tên thương hiệu SMS gồm tối đa 11 ký tự: chữ cái không dấu, chữ số và dấu "
                    "cách (quy định của nhà mạng)."
                ),
                code="brandname",
            )
        return name

    def clean_email_from(self) -> str:
        text = str(self.cleaned_data["email_from"]).strip()
        if not text:
            return text
        _name, address = parseaddr(text)
        try:
            validate_email(address)
        except forms.ValidationError:
            raise forms.ValidationError(
                _(
                    "Địa chỉ gửi thư viết như: Trung tâm Phục vụ hành chính công "
                    "<khong-tra-loi@example.gov.vn> hoặc chỉ địa chỉ thư."
                ),
                code="email_from",
            ) from None
        return text


@admin.register(SenderProfile)
class SenderProfileAdmin(ByUnitIdAdmin[SenderProfile]):
    form = SenderProfileForm
    list_display = [
        "unit_name",
        "sms_brandname",
        "email_from",
        "sms_without_diacritics",
        "quiet_after",
        "quiet_until",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SenderProfile]:
        name = GovernmentUnit.objects.filter(pk=OuterRef("unit_id")).values("name")[:1]
        return super().get_queryset(request).annotate(unit_name_shown=Subquery(name))

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        units = self._units(request)
        choices = (GovernmentUnit.objects.all() if units is None else units).order_by("name")

        class ScopedSenderProfileForm(form):  # type: ignore[misc,valid-type]
            # Per form instance: the class-level field is shared by every request.
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self.fields["unit"].queryset = choices

        return ScopedSenderProfileForm

    @admin.display(description=_("đơn vị"))
    def unit_name(self, obj: SenderProfile) -> str:
        return getattr(obj, "unit_name_shown", None) or str(obj.unit_id)


class DeliveryReceiptInline(admin.TabularInline[DeliveryReceipt, Notification]):
    model = DeliveryReceipt
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "received_at",
        "channel",
        "provider_id",
        "outcome",
        "detail",
        "applied",
    )
    ordering = ["received_at"]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True  # the receipts of a message the parent admin already scoped

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _described(message: Notification | None) -> str:
    """A message named without its address (its ``str`` shows it whole)."""
    if message is None:
        return "—"
    address = mask_address(message.address) if message.address else "—"
    return f"#{message.pk} {message.get_channel_display()} → {address}"


@admin.register(Notification)
class NotificationAdmin(ByUnitIdAdmin[Notification]):
    """What was sent, for the unit's administrators; the back office's page of sent messages
    is the operators' view (with resending)."""

    change_form_template = "admin/notifications/notification/change_form.html"
    list_display = [
        "created_at",
        "channel",
        "masked_address",
        "kind_name",
        "dossier_code",
        "template_version",
        "status",
        "failure_code",
        "attempts",
    ]
    list_filter = ["status", "channel", KindFilter]
    # Exact: from the indexes of codes and addresses, not a scan of every message.
    search_fields = ["dossier_code__exact", "address__exact"]
    # The table grows by every message sent: no count of all of it on each page.
    show_full_result_count = False
    list_per_page = 50
    fields = readonly_fields = (
        "created_at",
        "channel",
        "kind_name",
        "masked_address",
        "recipient",
        "unit_name",
        "dossier_code",
        "subject",
        "body",
        "template",
        "template_version",
        "status",
        "failure_code",
        "last_error",
        "attempts",
        "segments",
        "provider_id",
        "urgent",
        "next_attempt_at",
        "sent_at",
        "delivered_at",
        "read_at",
        "body_purged_at",
        "resend_of_shown",
        "fallback_of_shown",
    )
    inlines = [DeliveryReceiptInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notification]:
        return super().get_queryset(request).select_related("resend_of", "fallback_of")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        # The page's subtitle and breadcrumb would be the message's ``str``, address whole.
        shown = {"subtitle": _described(obj), "described": _described(obj)}
        return super().change_view(request, object_id, form_url, {**shown, **(extra_context or {})})

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        raise PermissionDenied  # nobody edits a message: it has no history, and names it whole

    @admin.display(description=_("địa chỉ nhận"), ordering="address")
    def masked_address(self, obj: Notification) -> str:
        return mask_address(obj.address) if obj.address else "—"

    @admin.display(description=_("loại thông báo"), ordering="kind")
    def kind_name(self, obj: Notification) -> str:
        return kind_label(obj.kind) if obj.kind else "—"

    @admin.display(description=_("đơn vị"))
    def unit_name(self, obj: Notification) -> str:
        if obj.unit_id is None:
            return "—"
        unit = GovernmentUnit.objects.filter(pk=obj.unit_id).only("name").first()
        return unit.name if unit is not None else str(obj.unit_id)

    @admin.display(description=_("gửi lại từ"))
    def resend_of_shown(self, obj: Notification) -> str:
        return _described(obj.resend_of)

    @admin.display(description=_("thay cho tin"))
    def fallback_of_shown(self, obj: Notification) -> str:
        return _described(obj.fallback_of)
