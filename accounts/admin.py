from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import LoginEvent, Membership, Role, TOTPDevice, User
from accounts.scoping import ScopedInlineMixin, UnitScopedAdmin, administered_units
from units.models import GovernmentUnit


class MembershipInline(ScopedInlineMixin, admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0
    fields = ["unit", "role", "title", "is_head", "is_active"]
    autocomplete_fields = ["unit"]

    def get_queryset(self, request: HttpRequest) -> Any:
        queryset = super().get_queryset(request).select_related("unit")
        if isinstance(request.user, User) and not request.user.is_superuser:
            queryset = queryset.filter(unit__in=administered_units(request.user))
        return queryset

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "unit" and isinstance(request.user, User):
            kwargs["queryset"] = administered_units(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OfficerCreationForm(UserCreationForm[User]):
    """New officer account with its first role, so that it is born inside the admin's scope."""

    unit = forms.ModelChoiceField(queryset=GovernmentUnit.objects.none(), label=_("Đơn vị"))
    role = forms.ChoiceField(choices=Role.choices, label=_("Vai trò"))

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "email", "phone")


@admin.action(description=_("Đặt lại xác thực hai lớp (thiết lập lại ở lần đăng nhập sau)"))
def reset_totp(modeladmin: Any, request: HttpRequest, queryset: Any) -> None:
    """For an officer who lost their phone: the next sign-in asks them to enrol again."""
    count, _by_model = TOTPDevice.objects.filter(user__in=queryset).delete()
    modeladmin.message_user(
        request,
        ngettext(
            "Đã đặt lại xác thực hai lớp cho %(count)d tài khoản.",
            "Đã đặt lại xác thực hai lớp cho %(count)d tài khoản.",
            count,
        )
        % {"count": count},
    )


@admin.register(User)
class UserAdmin(UnitScopedAdmin[User], DjangoUserAdmin[User]):
    unit_field = "memberships__unit"
    add_form = OfficerCreationForm
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "full_name",
                    "email",
                    "phone",
                    "unit",
                    "role",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Thông tin cá nhân"),
            {"fields": ("full_name", "kind", "personal_id", "tax_code", "email", "phone")},
        ),
        (_("Trạng thái"), {"fields": ("is_active", "is_superuser", "last_login")}),
    )
    list_display = ["username", "full_name", "kind", "email", "is_active"]
    list_filter = ["kind", "is_active", "memberships__role"]
    search_fields = ["username", "full_name", "personal_id", "email", "phone"]
    inlines = [MembershipInline]
    actions = [reset_totp]

    def get_queryset(self, request: HttpRequest) -> Any:
        queryset = super().get_queryset(request)
        if isinstance(request.user, User) and not request.user.is_superuser:
            queryset = queryset.filter(is_superuser=False)
        return queryset

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if isinstance(request.user, User) and request.user.is_superuser:
            return ["last_login"]
        return ["kind", "is_superuser", "last_login"]

    def get_inlines(self, request: HttpRequest, obj: User | None) -> Any:
        # On the add page the first role comes from the form's own unit and role fields.
        return self.inlines if obj is not None else []

    def get_form(
        self, request: HttpRequest, obj: User | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, **{"change": change, **kwargs})
        if obj is not None or not isinstance(request.user, User):
            return form
        units = administered_units(request.user)

        class ScopedOfficerCreationForm(form):  # type: ignore[misc,valid-type]
            # Per form instance: the class-level field is shared by every request.
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self.fields["unit"].queryset = units

        return ScopedOfficerCreationForm

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not change:
            obj.kind = User.Kind.OFFICER
        super().save_model(request, obj, form, change)
        if not change:
            Membership.objects.create(
                user=obj, unit=form.cleaned_data["unit"], role=form.cleaned_data["role"]
            )


@admin.register(Membership)
class MembershipAdmin(UnitScopedAdmin[Membership]):
    list_display = ["user", "unit", "role", "title", "is_head", "is_active", "created_at"]
    list_filter = ["role", "is_head", "is_active"]
    search_fields = ["user__username", "user__full_name", "unit__name", "unit__code"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user", "unit"]


@admin.register(LoginEvent)
class LoginEventAdmin(admin.ModelAdmin[LoginEvent]):
    """The sign-in record, for superusers; nobody edits it."""

    list_display = ["created_at", "identifier", "user", "method", "outcome", "client_ip"]
    list_filter = ["outcome", "method"]
    search_fields = ["identifier", "client_ip", "user__full_name"]
    list_select_related = ["user"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return isinstance(request.user, User) and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
