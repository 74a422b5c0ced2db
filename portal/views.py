from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from catalog.models import ProcedureVersion, Sector


def home(request: HttpRequest) -> HttpResponse:
    in_force = ProcedureVersion.objects.in_force()
    sectors = (
        Sector.objects.filter(versions__in=in_force)
        .annotate(procedure_count=Count("versions"))
        .order_by("name")
    )
    return render(request, "portal/home.html", {"sectors": sectors})
