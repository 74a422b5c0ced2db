from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Vietnamese unless the person chose another language with the switch (a cookie).

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is not used: a public
    service of Vietnam speaks Vietnamese first, and English is there for those who ask for it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class PrivatePagesMiddleware:
    """Pages with personal data or officers' work are never kept by a browser or a proxy.

    Back-office and administration pages always; any page seen by a logged-in person too (their
    dossiers, their data store). Public pages (catalog, verification) stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixes = tuple(settings.MOTCUA_PRIVATE_PREFIXES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        logged_in = bool(user is not None and user.is_authenticated)
        if logged_in or request.path.startswith(self.prefixes):
            response.headers["Cache-Control"] = "no-store, private"
            patch_vary_headers(response, ("Cookie",))
        return response
