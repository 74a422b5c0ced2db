"""The framework's limit: a bare Django project (settings and URLs in one module) with the
default middleware of ``startproject`` and DEBUG off, served the same way as MotCua.

``/`` answers a small JSON document without touching the database; ``/db/`` reads one dossier
by its code (one indexed query on the same PostgreSQL database) for the same answer.
"""

from __future__ import annotations

import os

import dj_database_url
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import path

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "bench-bare-django-not-secret-0123456789abcdef")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.bare"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "sqlite:///:memory:"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "600")),
    )
}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def status(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"code": request.GET.get("ma", ""), "status": "in_progress"})


def status_from_db(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code, status FROM dossiers_dossier WHERE id = %s",
            [int(request.GET.get("id", "1") or 1)],
        )
        row = cursor.fetchone()
    return JsonResponse({"code": row[0] if row else "", "status": row[1] if row else ""})


urlpatterns = [path("", status), path("db/", status_from_db)]
