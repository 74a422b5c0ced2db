"""Sign-in pages: password, the one-time code, the officer's TOTP (and its enrolment), and
single sign-on. Views parse input; the rules are in accounts.login, codes, totp, lockout, oidc.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from accounts import codes, lockout, oidc, totp
from accounts.forms import CodeForm, LoginForm
from accounts.identifiers import normalise_login
from accounts.login import (
    PENDING_KEY,
    Pending,
    Step,
    begin,
    complete_login,
    destination,
    drop_pending,
    move_to,
    needs_totp,
    pending,
    safe_next,
)
from accounts.models import LoginCode, LoginEvent, User
from accounts.totp import has_confirmed_device

logger = logging.getLogger("motcua.accounts")

_STEP_URLS = {Step.CODE: "accounts:code", Step.TOTP: "accounts:totp", Step.ENROL: "accounts:enrol"}
_OIDC_SESSION_KEY = "motcua_oidc"


def _render_login(
    request: HttpRequest, form: Form, next_url: str, *, error: str = "", status: int = 200
) -> HttpResponse:
    response = render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "next": next_url,
            "next_query": urlencode({"next": next_url}) if next_url else "",
            "error": error,
            "sso": oidc.enabled(),
        },
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(settings.MOTCUA_LOGIN_LOCK_SECONDS)
    return response


def _locked(request: HttpRequest, next_url: str) -> HttpResponse:
    drop_pending(request)
    minutes = settings.MOTCUA_LOGIN_LOCK_SECONDS // 60
    error = _(
        "Đăng nhập tạm thời bị khóa vì nhập sai quá nhiều lần. Vui lòng thử lại sau "
        "%(minutes)s phút."
    ) % {"minutes": minutes}
    return _render_login(request, LoginForm(request), next_url, error=error, status=429)


def _restart(request: HttpRequest) -> HttpResponse:
    """Back to the first step, still on the way to the page the person asked for."""
    raw = request.session.get(PENDING_KEY)
    asked = raw.get("next") if isinstance(raw, dict) else None
    next_url = safe_next(request, asked if isinstance(asked, str) else None)
    drop_pending(request)
    messages.info(request, _("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại."))
    login_url = reverse("accounts:login")
    return redirect(f"{login_url}?{urlencode({'next': next_url})}" if next_url else login_url)


def _go_on(
    request: HttpRequest, user: User, *, method: str, identifier: str, next_url: str
) -> HttpResponse:
    """After the first factor: to the second step, or in."""
    step = begin(request, user, method=method, identifier=identifier, next_url=next_url)
    if step is None:
        return redirect(destination(user, next_url))
    if step == Step.CODE:
        try:
            codes.issue(user)
        except codes.CodeUnavailable as exc:
            drop_pending(request)
            return _render_login(request, LoginForm(request), next_url, error=str(exc))
    return redirect(_STEP_URLS[step])


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if isinstance(request.user, User) and request.user.is_authenticated:
        return redirect(destination(request.user, next_url))
    if request.method != "POST":
        return _render_login(request, LoginForm(request), next_url)
    # Once, before anything else looks at it: the lockout, authentication and the log all
    # see this one spelling (accounts.identifiers).
    identifier = normalise_login(str(request.POST.get("username", "")))
    target = lockout.target(identifier)
    if lockout.is_locked(request, identifier, target):
        return _locked(request, next_url)
    data = request.POST.copy()
    data["username"] = identifier
    form = LoginForm(request, data=data)
    if form.is_valid():
        user = form.get_user()
        assert isinstance(user, User)  # noqa: S101 - AUTH_USER_MODEL
        return _go_on(
            request,
            user,
            method=LoginEvent.Method.PASSWORD,
            identifier=identifier,
            next_url=next_url,
        )
    if form.has_error("__all__", "invalid_login"):
        if lockout.record_failure(request, identifier, LoginEvent.Method.PASSWORD, target):
            return _locked(request, next_url)
    return _render_login(request, form, next_url)


def _wrong_code(
    request: HttpRequest, state: Pending, user: User, method: str, form: CodeForm
) -> HttpResponse | None:
    """Count a wrong code; the lockout page if that was one too many."""
    if lockout.record_failure(request, state.identifier, method, user):
        return _locked(request, state.next)
    form.add_error("code", _("Mã không đúng hoặc đã hết hạn."))
    return None


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def code_view(request: HttpRequest) -> HttpResponse:
    """An applicant types the code sent to their phone or e-mail."""
    found = pending(request, Step.CODE)
    if found is None:
        return _restart(request)
    state, user = found
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and "resend" in request.POST:
        # A new code is one more chance to guess: not while the account is locked.
        if lockout.is_locked(request, state.identifier, user):
            return _locked(request, state.next)
        try:
            codes.issue(user)
            messages.success(request, _("Đã gửi mã mới. Mã cũ không còn dùng được."))
        except codes.CodeUnavailable as exc:
            messages.error(request, str(exc))
        return redirect("accounts:code")
    if request.method == "POST":
        if lockout.is_locked(request, state.identifier, user):
            return _locked(request, state.next)
        if form.is_valid():
            if codes.check(user, form.cleaned_data["code"]):
                complete_login(
                    request, user, method=LoginEvent.Method.CODE, identifier=state.identifier
                )
                return redirect(destination(user, state.next))
            locked = _wrong_code(request, state, user, LoginEvent.Method.CODE, form)
            if locked:
                return locked
    latest = LoginCode.objects.filter(user=user).order_by("-created_at").first()
    return render(
        request,
        "accounts/code.html",
        {
            "form": form,
            "destination": codes.masked(latest.destination) if latest else "",
            "minutes": settings.MOTCUA_LOGIN_CODE_SECONDS // 60,
        },
    )


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def totp_view(request: HttpRequest) -> HttpResponse:
    """An officer types the code of their authenticator app."""
    found = pending(request, Step.TOTP)
    if found is None:
        return _restart(request)
    state, user = found
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if lockout.is_locked(request, state.identifier, user):
            return _locked(request, state.next)
        if form.is_valid():
            if totp.verify(user, form.cleaned_data["code"]):
                complete_login(
                    request, user, method=LoginEvent.Method.TOTP, identifier=state.identifier
                )
                return redirect(destination(user, state.next))
            locked = _wrong_code(request, state, user, LoginEvent.Method.TOTP, form)
            if locked:
                return locked
    return render(request, "accounts/totp.html", {"form": form})


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def enrol_view(request: HttpRequest) -> HttpResponse:
    """First sign-in of an officer: set up the authenticator app and prove it works."""
    found = pending(request, Step.ENROL)
    if found is None:
        return _restart(request)
    state, user = found
    device = totp.device_to_enrol(user)
    if device.confirmed_at is not None:  # confirmed in another tab meanwhile
        move_to(request, Step.TOTP)
        return redirect("accounts:totp")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if lockout.is_locked(request, state.identifier, user):
            return _locked(request, state.next)
        if form.is_valid():
            if totp.verify(user, form.cleaned_data["code"], enrolling=True):
                complete_login(
                    request, user, method=LoginEvent.Method.TOTP, identifier=state.identifier
                )
                messages.success(request, _("Đã thiết lập xác thực hai lớp cho tài khoản."))
                return redirect(destination(user, state.next))
            locked = _wrong_code(request, state, user, LoginEvent.Method.TOTP, form)
            if locked:
                return locked
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "qr": totp.qr_data_uri(device),
            "secret": totp.grouped(device.secret),
            "account": user.username,
        },
    )


# Single sign-on ---------------------------------------------------------------------------


def _redirect_uri() -> str:
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + reverse("accounts:oidc_callback")


def _sso_error(request: HttpRequest, error: oidc.OIDCError) -> HttpResponse:
    logger.warning("Single sign-on refused: %s", error.detail)
    if error.status >= 500 and request.session.modified:
        # SessionMiddleware does not save after a 5xx; the used state must still go.
        request.session.save()
    return render(request, "accounts/sso_error.html", {"error": error.message}, status=error.status)


@never_cache
def oidc_start(request: HttpRequest) -> HttpResponse:
    if not oidc.enabled():
        raise Http404
    next_url = safe_next(request, request.GET.get("next"))
    try:
        url, saved = oidc.authorization_request(_redirect_uri())
    except oidc.OIDCError as exc:
        return _sso_error(request, exc)
    request.session[_OIDC_SESSION_KEY] = {**saved, "next": next_url}
    return redirect(url)


def _sso_user(identity: oidc.Identity) -> User:
    """The account with this personal ID number; a new applicant account if there is none."""
    user = User.objects.filter(personal_id=identity.personal_id).first()
    if user is None:
        try:
            with transaction.atomic():
                user = User.objects.create_citizen(identity.personal_id, identity.full_name)
        except IntegrityError:
            raise oidc.OIDCError(
                _(
                    "Không tạo được tài khoản cho số định danh này. Vui lòng liên hệ Bộ phận "
                    "Một cửa."
                ),
                f"user name {identity.personal_id} is taken by another account",
                status=409,
            ) from None
    if not user.is_active:
        raise oidc.OIDCError(
            _("Tài khoản này đã bị khóa."), f"inactive account {user.pk}", status=403
        )
    if needs_totp(user) and not has_confirmed_device(user):
        # Setting up the second factor needs the account's own password, not just an identity
        # asserted from outside.
        raise oidc.OIDCError(
            _(
                "Tài khoản cán bộ chưa thiết lập xác thực hai lớp. Lần đầu, vui lòng đăng nhập "
                "bằng tên đăng nhập và mật khẩu để thiết lập."
            ),
            f"officer {user.pk} without a confirmed TOTP device came through single sign-on",
            status=403,
        )
    return user


@never_cache
def oidc_callback(request: HttpRequest) -> HttpResponse:
    if not oidc.enabled():
        raise Http404
    saved = request.session.pop(_OIDC_SESSION_KEY, None)  # one use, whatever happens
    params = {key: str(request.GET.get(key, "")) for key in request.GET}
    try:
        identity = oidc.finish(params, saved, _redirect_uri())
        user = _sso_user(identity)
    except oidc.OIDCError as exc:
        return _sso_error(request, exc)
    assert isinstance(saved, dict)  # noqa: S101 - oidc.finish checked it
    return _go_on(
        request,
        user,
        method=LoginEvent.Method.SSO,
        # Already strict ASCII digits (oidc.finish validated it), so this changes nothing
        # today; it keeps the one rule of accounts.identifiers on this path too.
        identifier=normalise_login(identity.personal_id),
        next_url=safe_next(request, saved.get("next")),
    )
