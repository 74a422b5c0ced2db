from __future__ import annotations

from pathlib import PurePath

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from catalog.forms import CatalogFilterForm
from catalog.models import Channel, ChannelOption, Component, Procedure, ProcedureVersion
from catalog.search import closest_versions, search_versions
from core.text import words
from units.models import GovernmentUnit

PAGE_SIZE = 25


def procedure_list(request: HttpRequest) -> HttpResponse:
    form = CatalogFilterForm(request.GET or None)
    versions = ProcedureVersion.objects.in_force().select_related("procedure", "sector")
    query = ""
    if form.is_valid():
        data = form.cleaned_data
        if data["sector"]:
            versions = versions.filter(sector=data["sector"])
        if data["level"]:
            versions = versions.filter(level=data["level"])
        if data["online"]:
            versions = versions.filter(online_level=data["online"])
        if data["unit"]:
            versions = versions.handled_at(data["unit"])
        query = data["q"]
    results: QuerySet[ProcedureVersion] = (
        search_versions(versions, query) if query else versions.order_by("sector__name", "name")
    )
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("trang"))
    params = request.GET.copy()
    params.pop("trang", None)
    # A search that found nothing: the procedures closest to its words, under the same filters.
    suggestions = closest_versions(versions, query) if query and not page.object_list else []
    return render(
        request,
        "catalog/procedure_list.html",
        {
            "form": form,
            "page": page,
            "query": params.urlencode(),
            "searched": query,
            "suggestions": suggestions,
            # The virtual assistant (issue 19) is not built: its link goes here when it is.
            "assistant_url": None,
        },
    )


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = get_object_or_404(Procedure, code=code)
    versions = ProcedureVersion.objects.filter(procedure=procedure).select_related("sector")
    requested = request.GET.get("phien-ban")
    # ASCII only: int() refuses some characters that str.isdigit() accepts ("²").
    if requested and requested.isascii() and requested.isdigit() and len(requested) < 10:
        versions = versions.filter(version=int(requested), status=ProcedureVersion.Status.PUBLISHED)
    else:
        versions = versions.in_force()
    version = versions.prefetch_related(
        Prefetch("channels", queryset=ChannelOption.objects.prefetch_related("fees")),
        "components",
    ).first()
    if version is None:
        raise Http404("No version of this procedure is in force.")
    # Where to apply: the receiving points of the bodies that decide it.
    performers = version.performers()
    units = GovernmentUnit.objects.filter(
        Q(pk__in=performers.filter(receives_dossiers=True).values("pk"))
        | Q(pk__in=performers.filter(receives_dossiers=False).values("receiving_unit")),
        is_active=True,
        receives_dossiers=True,
    ).order_by("name")
    online = any(c.channel == Channel.ONLINE for c in version.channels.all())
    # The components the online form stands for: their template is that form.
    declaration = version.declaration if online else None
    eform_positions = set(declaration.satisfies) if declaration is not None else set()
    return render(
        request,
        "catalog/procedure_detail.html",
        {
            "version": version,
            "procedure": procedure,
            "units": units,
            "online": online,
            "eform_positions": eform_positions,
        },
    )


# Types a template form is published in; anything else is sent as a plain download.
TEMPLATE_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def template_filename(component: Component) -> str:
    """A safe name to save a template under: the template's name in unaccented words, with
    the stored file's extension (``mau-to-khai-dang-ky-khai-sinh.docx``)."""
    suffix = PurePath(component.template.name or "").suffix.lower()
    stem = "-".join(words(component.template_name or component.name))[:80].strip("-")
    return f"{stem or 'mau'}{suffix if suffix.isascii() and suffix[1:].isalnum() else ''}"


def template_file(request: HttpRequest, code: str, component_id: int) -> FileResponse:
    """The template form of a component of a published version of the procedure."""
    component = get_object_or_404(
        Component.objects.select_related("version"),
        pk=component_id,
        version__procedure__code=code,
        version__status=ProcedureVersion.Status.PUBLISHED,
    )
    if not component.template:
        raise Http404("This component has no template file.")
    filename = template_filename(component)
    suffix = PurePath(filename).suffix
    # Anything not on the list is a plain download: never a type a browser would render.
    content_type = TEMPLATE_TYPES.get(suffix, "application/octet-stream")
    try:
        stream = component.template.open("rb")
    except OSError:
        raise Http404("The template file is missing from storage.") from None
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=filename,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
