from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-nhap/ma-xac-thuc/", views.code_view, name="code"),
    path("dang-nhap/xac-thuc-hai-lop/", views.totp_view, name="totp"),
    path("dang-nhap/thiet-lap-xac-thuc-hai-lop/", views.enrol_view, name="enrol"),
    path("dang-nhap/dinh-danh-dien-tu/", views.oidc_start, name="oidc_start"),
    path("dang-nhap/dinh-danh-dien-tu/ve/", views.oidc_callback, name="oidc_callback"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
]
