"""What each administrator may configure.

A unit administrator manages their unit and the units under it (and the people and accounts
of those units); a province administrator — a unit administrator of a top-level unit — also
manages what is province-wide (the procedure catalog, the calendar). Superusers manage all.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.http import HttpRequest

from accounts.models import Membership, Role, User
from units.models import GovernmentUnit

M = TypeVar("M", bound=models.Model)


def _user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_active else None


def administered_paths(user: User) -> list[str]:
    """The tree paths of the units this user administers (each covers its subtree)."""
    return list(
        Membership.objects.filter(user=user, role=Role.UNIT_ADMIN, is_active=True)
        .values_list("unit__path", flat=True)
        .distinct()
    )


def administered_units(user: User) -> models.QuerySet[GovernmentUnit]:
    if user.is_superuser:
        return GovernmentUnit.objects.all()
    return GovernmentUnit.objects.filter(path_filter("", administered_paths(user)))


def path_filter(prefix: str, paths: list[str]) -> Q:
    """Rows whose unit (reached by ``prefix``) lies under one of ``paths``; none if empty."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


def is_province_admin(user: User) -> bool:
    return (
        user.is_superuser
        or Membership.objects.filter(
            user=user, role=Role.UNIT_ADMIN, is_active=True, unit__parent__isnull=True
        ).exists()
    )


class UnitScopedAdmin(admin.ModelAdmin[M]):
    """A ModelAdmin that shows and accepts only rows of the units the user administers.

    ``unit_field`` is the lookup from the model to its GovernmentUnit ("" for the unit itself).
    """

    unit_field = "unit"

    def _prefix(self) -> str:
        return f"{self.unit_field}__" if self.unit_field else ""

    def _paths(self, request: HttpRequest) -> list[str]:
        cached = getattr(request, "_motcua_admin_paths", None)
        if cached is None:
            user = _user(request)
            cached = administered_paths(user) if user else []
            request._motcua_admin_paths = cached  # type: ignore[attr-defined]
        return cached

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[M]:
        queryset = super().get_queryset(request)
        user = _user(request)
        if user is not None and user.is_superuser:
            return queryset
        return queryset.filter(path_filter(self._prefix(), self._paths(request))).distinct()

    def _in_scope(self, request: HttpRequest, obj: M | None) -> bool:
        user = _user(request)
        if user is None:
            return False
        if user.is_superuser:
            return True
        if not self._paths(request):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._in_scope(request, None)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._in_scope(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._in_scope(request, None)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        user = _user(request)
        if db_field.related_model is GovernmentUnit and user and not user.is_superuser:
            kwargs["queryset"] = GovernmentUnit.objects.filter(
                path_filter("", self._paths(request))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedInlineMixin:
    """Inline rows of an object the parent admin already scoped: any administrator may edit.

    Django's default inline permissions ask for model permissions, which unit administrators
    do not hold (their rights come from their roles, not from permission rows).
    """

    def _administers(self, request: HttpRequest) -> bool:
        user = _user(request)
        return user is not None and user.can_configure

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._administers(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._administers(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._administers(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._administers(request)


class ProvinceWideAdmin(admin.ModelAdmin[M]):
    """A ModelAdmin for province-wide configuration: superusers and province administrators."""

    def _allowed(self, request: HttpRequest) -> bool:
        user = _user(request)
        return user is not None and is_province_admin(user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)
