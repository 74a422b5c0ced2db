from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path

from core.health import healthz


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico whatever the page links: send them to the static one."""
    return HttpResponseRedirect(static("motcua/favicon.ico"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
    path("tai-khoan/", include("accounts.urls")),
    path("thu-tuc/", include("catalog.urls")),
    path("can-bo/", include("backoffice.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("", include("documents.urls")),
    path("", include("portal.urls")),
]
