from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
    path("tai-khoan/", include("accounts.urls")),
    path("thu-tuc/", include("catalog.urls")),
    path("can-bo/", include("backoffice.urls")),
    path("", include("documents.urls")),
    path("", include("portal.urls")),
]
