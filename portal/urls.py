from __future__ import annotations

from django.urls import path

from portal import applying, inbox, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("nop-ho-so/<str:code>/", views.apply, name="apply"),
    path("nop-ho-so/<str:code>/nop-thay/", views.apply_assisted, name="apply_assisted"),
    path("nop-ho-so/<str:code>/<uuid:key>/", applying.tasks, name="application"),
    path("nop-ho-so/<str:code>/<uuid:key>/noi-nop/", applying.unit, name="application_unit"),
    path(
        "nop-ho-so/<str:code>/<uuid:key>/to-khai/<slug:section_key>/",
        applying.section,
        name="application_section",
    ),
    path("nop-ho-so/<str:code>/<uuid:key>/giay-to/", applying.files, name="application_files"),
    path("nop-ho-so/<str:code>/<uuid:key>/lien-he/", applying.contact, name="application_contact"),
    path("nop-ho-so/<str:code>/<uuid:key>/kiem-tra/", applying.check, name="application_check"),
    path("nop-ho-so/<str:code>/<uuid:key>/da-nop/", applying.done, name="application_done"),
    path("dia-gioi/xa/", applying.communes, name="communes"),
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
    # Message centre (notifications)
    path("thong-bao-cua-toi/", inbox.message_centre, name="inbox"),
    path("thong-bao-cua-toi/<int:pk>/da-doc/", inbox.mark_read, name="inbox_read"),
    path("thong-bao-cua-toi/da-doc-tat-ca/", inbox.mark_all_read, name="inbox_read_all"),
    path("thong-bao-cua-toi/cach-nhan/", inbox.contact_preferences, name="contact_preferences"),
]
