from __future__ import annotations

from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("van-ban/", views.find_document, name="find"),
    path("van-ban/<str:code>/", views.public_document, name="public"),
    path("api/v1/van-ban/<str:code>", views.document_api, name="api-document"),
    path("api/v1/kiem-tra-chu-ky", views.verify_api, name="api-verify"),
]
