"""The citizen's message centre ("Thông báo của tôi") and how they want to be told ("Cách
nhận thông báo").

The list reads the person's in-app messages through ``notifications.inbox`` (their own only)
and links a message to its dossier's page when the dossier is theirs by the same rule as that
page (``dossiers.access.is_applicant``): one query for the messages, one for the dossiers they
name, one for the unread count, however many are listed. Marking read is a POST form per
message and one for all, each sending the person back where they were (no JavaScript needed).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.login import safe_next
from accounts.models import User
from dossiers.access import is_applicant
from dossiers.models import Dossier
from notifications import inbox
from notifications.models import ContactPreference, MessageTemplate

PAGE_SIZE = 20


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def own_dossiers(user: User, codes: Collection[str]) -> set[str]:
    """Those of ``codes`` whose dossier page the user may open (one query, none when empty)."""
    if not codes:
        return set()
    candidates = (
        Dossier.objects.filter(code__in=codes)
        .filter(Q(applicant=user) | Q(assisted_by=user) | Q(created_by=user))
        .only("code", "applicant_id", "assisted_by_id", "created_by_id")
        .order_by()
    )
    return {dossier.code for dossier in candidates if is_applicant(user, dossier)}


def _links(user: User) -> Callable[[set[str]], dict[str, str]]:
    """Dossier code → its portal page, for the dossiers that are the person's."""

    def links(codes: set[str]) -> dict[str, str]:
        return {code: reverse("portal:dossier", args=[code]) for code in own_dossiers(user, codes)}

    return links


@never_cache
@login_required
def message_centre(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = inbox.centre_context(
        request,
        user,
        size=PAGE_SIZE,
        links=_links(user),
        read_view="portal:inbox_read",
        read_all_view="portal:inbox_read_all",
    )
    return render(request, "portal/inbox.html", context)


def _back(request: HttpRequest) -> HttpResponse:
    return redirect(safe_next(request, request.POST.get("next")) or reverse("portal:inbox"))


@never_cache
@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the person's messages read; another person's id changes nothing."""
    inbox.mark_and_tell(request, _user(request), [pk])
    return _back(request)


@never_cache
@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    inbox.mark_and_tell(request, _user(request), inbox.ALL)
    return _back(request)


# How the person wants to be told -------------------------------------------------------------


class ContactPreferenceForm(forms.Form):
    """The channels a person accepts, whether they want messages that are not essential, and
    the language of their messages (notifications.models.ContactPreference)."""

    sms = forms.BooleanField(label=gettext_lazy("Tin nhắn SMS"), required=False)
    email = forms.BooleanField(label=gettext_lazy("Thư điện tử (e-mail)"), required=False)
    zalo = forms.BooleanField(label=gettext_lazy("Tin nhắn Zalo"), required=False)
    non_essential = forms.BooleanField(
        label=gettext_lazy("Nhận cả thông báo không bắt buộc"),
        help_text=gettext_lazy(
            "Ví dụ: đã nhận phí, lệ phí; đã ghi nhận yêu cầu rút hồ sơ; phản ánh, kiến nghị."
        ),
        required=False,
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Ngôn ngữ của thông báo"),
        choices=MessageTemplate.Language.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Chọn ngôn ngữ của thông báo."),
            "invalid_choice": gettext_lazy("Chọn tiếng Việt hoặc tiếng Anh."),
        },
    )

    FIELDS = ("sms", "email", "zalo", "non_essential", "language")

    @classmethod
    def initial_for(cls, preference: ContactPreference) -> dict[str, Any]:
        return {name: getattr(preference, name) for name in cls.FIELDS}


def _preference(user: User) -> ContactPreference:
    """The person's choices, or the defaults when they have never saved any."""
    found = ContactPreference.objects.filter(user=user).first()
    return found if found is not None else ContactPreference(user=user)


@never_cache
@login_required
def contact_preferences(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        form = ContactPreferenceForm(request.POST)
        if form.is_valid():
            ContactPreference.objects.update_or_create(
                user=user, defaults={name: form.cleaned_data[name] for name in form.FIELDS}
            )
            messages.success(request, _("Đã lưu cách nhận thông báo của bạn."))
            return redirect("portal:contact_preferences")
    else:
        form = ContactPreferenceForm(initial=ContactPreferenceForm.initial_for(_preference(user)))
    # The model says what always goes (its help text), in one place for the admin and here.
    always_sent = ContactPreference._meta.get_field("non_essential").help_text
    return render(
        request, "portal/contact_preferences.html", {"form": form, "always_sent": always_sent}
    )
