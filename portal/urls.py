from __future__ import annotations

from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("nop-ho-so/<str:code>/", views.apply, name="apply"),
    path("ho-so-cua-toi/", views.my_dossiers, name="my_dossiers"),
    path("ho-so-cua-toi/<str:code>/", views.dossier_detail, name="dossier"),
    path("ho-so-cua-toi/<str:code>/bo-sung/", views.supplement, name="supplement"),
    path("ho-so-cua-toi/<str:code>/phieu/<int:slip_id>/", views.slip_pdf, name="slip"),
    path("ho-so-cua-toi/<str:code>/rut-ho-so/", views.withdraw, name="withdraw"),
    path(
        "ho-so-cua-toi/<str:code>/van-ban/<str:document_code>/",
        views.document_pdf,
        name="document",
    ),
    path("kho-du-lieu/", views.data_store, name="data_store"),
    path("kho-du-lieu/tra-cuu/", views.data_lookups, name="data_lookups"),
    path("kho-du-lieu/<str:document_code>/", views.stored_pdf, name="stored_document"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("kiem-tra-van-ban/", views.verify_document, name="verify"),
]
