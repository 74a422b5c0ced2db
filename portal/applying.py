"""Applying online for a procedure with an e-form (tờ khai điện tử), the GOV.UK way: a start
page (or the offer to resume a draft), a task list, the unit, one page per section of the
declaration, the attachments, the contact, check your answers, and the confirmation.

Every POST is kept in the citizen's draft (``portal.application``). A page refuses a wrong
value at its field with the engine's message and keeps nothing of it; what is missing is said
only at the end. Works without JavaScript: every choice is a plain form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import User
from catalog.models import Channel, ChannelOption, Component, ProcedureVersion
from core.text import fold
from dossiers import actors, drafts
from dossiers.errors import DeclarationInvalid, DossierError
from dossiers.models import Dossier, Draft
from dossiers.prefill import lookup_relatives
from eforms.display import declaration_rows
from eforms.forms import EForm, address_lists
from eforms.schema import FieldType, Section
from eforms.validate import validate
from portal.application import (
    CONTACT,
    EFORM,
    FILES,
    UNIT,
    Application,
    in_province,
    province_of,
    restart,
    today,
)
from portal.application_forms import BehalfForm, ContactForm, FilesForm, UnitChoiceForm
from portal.forms import CONSENT_STATEMENT, accepted_extensions, check_upload, receiving_points
from portal.submitting import (
    FROM_DATA_SOURCE,
    consent_statement,
    lodged_for,
    submit_once,
    verified,
)
from registry.models import Lookup
from registry.proof import check_record
from units.models import AdministrativeUnit, GovernmentUnit

FROM_CHECK = "kiem-tra"  # ?tu=kiem-tra: a "Thay đổi" link of the check page, which it returns to
MAX_UNITS_SHOWN = 200


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    return user


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise Http404("Không tìm thấy hồ sơ nháp.") from None


def _url(name: str, app: Application, *args: str) -> str:
    return reverse(name, args=[app.version.procedure.code, app.draft.key, *args])


def _tasks_url(app: Application) -> str:
    return _url("portal:application", app)


def _done_url(app: Application) -> str:
    return _url("portal:application_done", app)


def _next(request: HttpRequest, app: Application) -> HttpResponse:
    """After a task: back to the check page when it sent the person, else the task list."""
    if request.GET.get("tu") == FROM_CHECK:
        return HttpResponseRedirect(_url("portal:application_check", app))
    return HttpResponseRedirect(_tasks_url(app))


def _here(request: HttpRequest) -> HttpResponse:
    """The same page again (keeping where it returns to, not the errors asked for)."""
    back = f"?tu={FROM_CHECK}" if request.GET.get("tu") == FROM_CHECK else ""
    return HttpResponseRedirect(f"{request.path}{back}")


def _open(request: HttpRequest, code: str, key: UUID) -> Application:
    return Application.of(_user(request), key, code)


# Start, resume, start again ------------------------------------------------------------------


def start(request: HttpRequest, user: User, version: ProcedureVersion) -> HttpResponse:
    """The apply page of a procedure with an e-form (``portal.views.apply`` sends it here)."""
    if request.method == "POST":
        if request.POST.get("action") == "restart":
            draft = drafts.draft_for(user, _uuid(request.POST.get("draft", "")))
            if draft.procedure_version_id != version.pk or draft.submitted_id is not None:
                raise Http404("Không tìm thấy hồ sơ nháp.")
            app = restart(user, draft, version)
            messages.info(request, _("Đã bỏ bản nháp cũ. Bạn đang điền một hồ sơ mới."))
        elif not user.personal_id:
            return redirect("portal:apply", code=version.procedure.code)
        else:
            pending = Application.pending(user, version)
            app = Application(pending) if pending else Application.start(user, version)
        return HttpResponseRedirect(_tasks_url(app))
    if "nhap" in request.GET:
        draft = drafts.draft_for(user, _uuid(request.GET["nhap"]))
        if draft.submitted is not None:
            return redirect("portal:dossier", code=draft.submitted.code)
        return HttpResponseRedirect(
            reverse("portal:application", args=[version.procedure.code, draft.key])
        )
    context = {
        "version": version,
        "pending": Application.pending(user, version),
        "schema": version.declaration,
        "time_limit": _time_limit(version),
        "assisting": user.is_digital_team,
        "lodging_for": _lodging_for(user, version) if user.is_digital_team else [],
    }
    return render(request, "portal/application/start.html", context)


def _lodging_for(user: User, version: ProcedureVersion) -> list[Application]:
    """The drafts a helper is filling for citizens, to resume."""
    found = (
        Draft.objects.filter(
            owner=user,
            procedure_version=version,
            submitted__isnull=True,
            **{f"data__{EFORM}__has_key": "behalf"},
        )
        .select_related("procedure_version__procedure", "owner")
        .order_by("-updated_at")
    )
    return [Application(d) for d in found[:20]]


def start_assisted(request: HttpRequest, user: User, version: ProcedureVersion) -> HttpResponse:
    """A member of the community digital team lodges for a citizen ("nộp thay"): who the
    citizen is and how they agreed, then the e-form with the citizen as the applicant
    (``portal.views.apply_assisted`` sends here, for a member only)."""
    if not user.is_digital_team:
        raise PermissionDenied  # only a forged request reaches here
    if request.method == "POST":
        form = BehalfForm(request.POST, helper=user)
        if form.is_valid():
            behalf = form.behalf()
            pending = Application.pending(user, version, behalf.id_number)
            if pending is not None:
                messages.info(
                    request,
                    _("Bạn đang có một bản nháp nộp thay cho người dân này: hãy điền tiếp."),
                )
                app = Application(pending)
            else:
                app = Application.start(user, version, behalf)
            return HttpResponseRedirect(_tasks_url(app))
    else:
        form = BehalfForm(helper=user)
    return render(
        request,
        "portal/application/behalf.html",
        {"version": version, "form": form},
        status=400 if form.errors else 200,
    )


def _time_limit(version: ProcedureVersion) -> str:
    option = ChannelOption.objects.filter(version=version, channel=Channel.ONLINE).first()
    return str(option.time_limit if option else version.time_limit)


@require_GET
def communes(request: HttpRequest) -> JsonResponse:
    """The communes of a province, for the address inputs' script (public data)."""
    raw = request.GET.get("tinh", "")
    found = address_lists({"province": raw}).communes if raw.isdigit() else []
    return JsonResponse({"communes": found})


# The task list -------------------------------------------------------------------------------


@never_cache
@login_required
def tasks(request: HttpRequest, code: str, key: UUID) -> HttpResponse:
    app = _open(request, code, key)
    if app.draft.submitted is not None:
        return HttpResponseRedirect(_done_url(app))
    task_list = app.tasks()
    return render(
        request,
        "portal/application/tasks.html",
        {
            "app": app,
            "version": app.version,
            "tasks": task_list,
            "done_count": sum(1 for t in task_list if t.status == "done"),
            "registry_failed": app.state.get("registry_failed", False),
        },
    )


# One section of the declaration --------------------------------------------------------------


def _eform(app: Application, section: Section, request: HttpRequest) -> EForm:
    kept = app.kept_files
    hints = {}
    for c in app.components:
        extensions = accepted_extensions(c)
        hints[c.position] = (
            _("Định dạng: %(types)s; tối đa %(size)s MB.")
            % {"types": ", ".join(t.upper() for t in extensions), "size": c.max_bytes // 2**20},
            ",".join(f".{t}" for t in extensions),
        )
    bound = request.method == "POST"
    return EForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        schema=app.schema,
        sections=[section],
        values=app.data,
        sources=app.source_labels,
        locked=app.locked,
        rows=app.rows,
        kept_files={c.position: str(kept[c.pk]) for c in app.components if c.pk in kept},
        file_hints=hints,
        communes_url=reverse("portal:communes"),
    )


@never_cache
@login_required
def section(request: HttpRequest, code: str, key: UUID, section_key: str) -> HttpResponse:
    app = _open(request, code, key)
    if app.draft.submitted is not None:
        return HttpResponseRedirect(_done_url(app))
    found = app.schema.section(section_key)
    if found is None:
        raise Http404("Không có phần này trong tờ khai.")
    form = _eform(app, found, request)
    if request.method == "POST":
        return _section_post(request, app, found, form)
    if request.GET.get("loi"):
        # Sent back from the check page or a refused submission: say what is still missing.
        refused = app.state.get("refused") or {}
        errors = {**app.full_check.under(form.keys)}
        for path, found_messages in refused.items():
            if path.split(".", 1)[0] in form.keys and path not in errors:
                errors[path] = found_messages
        form.apply_errors(errors)
    return _render_section(request, app, found, form)


def _render_section(
    request: HttpRequest, app: Application, section: Section, form: EForm, status: int = 200
) -> HttpResponse:
    index = [s.key for s in app.schema.sections].index(section.key)
    return render(
        request,
        "portal/application/section.html",
        {
            "app": app,
            "version": app.version,
            "section": section,
            "form": form,
            "number": index + 1,
            "count": len(app.schema.sections),
            "from_check": request.GET.get("tu") == FROM_CHECK,
        },
        status=status,
    )


def _section_post(
    request: HttpRequest, app: Application, section: Section, form: EForm
) -> HttpResponse:
    stay = form.stay()
    relatives = {
        f.key for f in section.fields if f.prefill == "relative" and f.type != FieldType.REPEAT
    }
    if stay is not None and stay[0] == "unlock" and stay[1] in relatives:
        app.unlock(stay[1])
        app.save()
        return _here(request)
    file_errors = _keep_uploads(app, form)
    merged = {k: v for k, v in app.data.items() if k not in form.keys}
    merged.update(form.to_data())
    checked = validate(app.schema, merged, today=today(), partial=True, locked=app.locked)
    errors: dict[str, list[Any]] = {**checked.under(form.keys)}
    if stay is not None and stay[0] == "communes":
        # Showing the communes of a province chosen is not an answer yet.
        errors = {p: e for p, e in errors.items() if p != stay[1]}
    errors.update(file_errors)
    if errors or form.has_errors:
        form.apply_errors(errors)
        return _render_section(request, app, section, form)
    app.keep_section(section, checked)
    app.state.pop("refused", None)
    for path, count in form.row_counts().items():
        if stay == ("add", path):
            app.rows[path] = count
        else:
            app.rows.pop(path, None)
    asked = stay[1] if stay is not None and stay[0] == "lookup" else None
    looked = _look_up(request, app, section, asked)
    app.save()
    if stay is not None and stay[0] == "communes" and not looked:
        return _render_section(request, app, section, form)
    if stay is not None or looked:
        return _here(request)
    return _next(request, app)


def _keep_uploads(app: Application, form: EForm) -> dict[str, list[str]]:
    """The files of the page, kept in the draft as soon as each passes its checks, whatever
    else on the page is wrong; the errors of those that do not."""
    errors: dict[str, list[str]] = {}
    good: dict[Component, File[Any]] = {}
    paths = form.file_paths()
    for position, upload in form.uploads().items():
        component = app.component_at(position)
        if component is None:
            continue
        try:
            good[component] = check_upload(upload, component)
        except ValidationError as error:
            errors[paths[position]] = list(error.messages)
    if good:
        drafts.save_draft(
            owner=app.draft.owner,
            version=app.version,
            key=app.draft.key,
            data=app.draft.data,
            uploads=good,
        )
        kept = app.kept_files
        form.kept_files = {c.position: str(kept[c.pk]) for c in app.components if c.pk in kept}
    return errors


def _look_up(request: HttpRequest, app: Application, section: Section, asked: str | None) -> bool:
    """Look up each relative of the section whose ID number is new (or whose lookup was asked
    for): one logged lookup each. Whether one was made."""
    looked = False
    for f in section.fields:
        if f.prefill != "relative" or f.type not in (FieldType.PERSON, FieldType.GROUP):
            continue
        path = f.key
        if any(p.startswith(f"{path}.") for p in app.locked):
            continue  # already taken from the registry
        group = app.data.get(path)
        number = group.get("id_number") if isinstance(group, dict) else None
        if not number:
            if asked == path:
                messages.warning(
                    request,
                    _("Nhập số định danh cá nhân của %(label)s rồi bấm “Tìm”.")
                    % {"label": str(f.label).lower()},
                )
                looked = True
            continue
        if app.looked_up.get(path) == number and asked != path:
            continue
        found = lookup_relatives(
            app.schema, {path: group}, user=_user(request), purpose=app.purpose
        )
        looked = True
        label = str(f.label).lower()
        if found.registry_failed:
            messages.warning(
                request,
                _(
                    "Chưa tra cứu được Cơ sở dữ liệu quốc gia về dân cư lúc này: hãy tự khai "
                    "thông tin của %(label)s, cán bộ sẽ đối chiếu khi tiếp nhận."
                )
                % {"label": label},
            )
            app.lookups.extend(found.lookups)
            continue
        app.looked_up[path] = str(number)
        if found.sources:
            app.absorb(found)
            messages.success(
                request,
                _("Đã điền thông tin của %(label)s từ Cơ sở dữ liệu quốc gia về dân cư.")
                % {"label": label},
            )
        else:
            app.lookups.extend(found.lookups)
            messages.info(
                request,
                _(
                    "Không tìm thấy số định danh %(number)s trong Cơ sở dữ liệu quốc gia về dân "
                    "cư. Hãy kiểm tra lại số, hoặc tự khai thông tin của %(label)s."
                )
                % {"number": number, "label": label},
            )
    return looked


# The unit ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Picker:
    """A province-then-commune choice of unit that works without JavaScript: the province
    (when there is more than one), a search by name, the units found as radios."""

    name: str
    provinces: list[AdministrativeUnit]
    province: int | None
    query: str
    units: list[GovernmentUnit]
    chosen: GovernmentUnit | None
    more: int


def _picker(
    request: HttpRequest, name: str, units: QuerySet[GovernmentUnit], chosen: Any
) -> Picker:
    units = units.select_related("area__province")
    province_ids = {province_of(u).pk for u in units}
    provinces = list(AdministrativeUnit.objects.filter(pk__in=province_ids).order_by("folded_name"))
    raw = request.GET.get("tinh", "")
    province: int | None = int(raw) if raw.isdigit() else None
    if province is None and chosen is not None:
        province = province_of(chosen).code
    if province is None and len(provinces) == 1:
        province = provinces[0].code
    query = request.GET.get("tim", "")[:100].strip()
    shown: list[GovernmentUnit] = []
    if province is not None:
        wanted = fold(query)
        shown = [
            u
            for u in in_province(units, province).order_by("name")
            if not wanted or wanted in fold(u.name) or wanted in u.area.folded_name
        ]
    if chosen is not None and chosen not in shown:
        shown.insert(0, chosen)
    return Picker(
        name=name,
        provinces=provinces,
        province=province,
        query=query,
        units=shown[:MAX_UNITS_SHOWN],
        chosen=chosen,
        more=max(len(shown) - MAX_UNITS_SHOWN, 0),
    )


@never_cache
@login_required
def unit(request: HttpRequest, code: str, key: UUID) -> HttpResponse:
    app = _open(request, code, key)
    if app.draft.submitted is not None:
        return HttpResponseRedirect(_done_url(app))
    free = app.version.boundary_free
    # Where the dossier is lodged: the competent unit itself, or, for a procedure not bound by
    # administrative boundaries, any reception point (the competent unit chosen apart).
    pickable = receiving_points() if free else app.candidates
    chosen = app.receiving_unit() if free else app.competent_unit()
    error = ""
    if request.method == "POST":
        form = UnitChoiceForm(request.POST)
        picked = pickable.filter(code=request.POST.get("unit", "")).first()
        competent = app.competent_unit()
        if free:
            competent = app.candidates.filter(code=request.POST.get("competent", "")).first()
        if form.is_valid() and picked is not None and competent is not None:
            if free:
                app.set_values(competent_unit=competent.code, receiving_unit=picked.code)
            else:
                app.set_values(competent_unit=picked.code)
            app.visit(UNIT)
            app.save()
            return _next(request, app)
        if picked is None:
            error = _("Chọn nơi nộp hồ sơ.")
        else:
            error = _("Chọn cơ quan giải quyết hồ sơ.")
    preselected = bool(chosen) and UNIT not in app.visited
    return render(
        request,
        "portal/application/unit.html",
        {
            "app": app,
            "version": app.version,
            "picker": _picker(request, "unit", pickable, chosen),
            "free": free,
            "competent_units": list(app.candidates) if free else [],
            "competent": app.competent_unit(),
            "preselected": preselected,
            "error": error,
            "from_check": request.GET.get("tu") == FROM_CHECK,
        },
        status=400 if error else 200,
    )


# Attachments and contact ---------------------------------------------------------------------


@dataclass(frozen=True)
class FileRow:
    component: Component
    field: Any
    kept_name: str


@never_cache
@login_required
def files(request: HttpRequest, code: str, key: UUID) -> HttpResponse:
    app = _open(request, code, key)
    if app.draft.submitted is not None:
        return HttpResponseRedirect(_done_url(app))
    components = app.to_upload()
    if request.method == "POST":
        form = FilesForm(request.POST, request.FILES, components=components)
        form.is_valid()
        good = form.uploads()
        if good:
            drafts.save_draft(
                owner=app.draft.owner,
                version=app.version,
                key=app.draft.key,
                data=app.draft.data,
                uploads=good,
            )
        app.visit(FILES)
        app.save()
        if not form.errors:
            return _next(request, app)
    else:
        form = FilesForm(components=components)
    kept = app.kept_files
    rows = [
        FileRow(c, field, str(kept[c.pk]) if c.pk in kept else "")
        for c, field in form.file_fields()
    ]
    return render(
        request,
        "portal/application/files.html",
        {
            "app": app,
            "version": app.version,
            "form": form,
            "rows": rows,
            "not_asked": app.not_asked(),
            "from_check": request.GET.get("tu") == FROM_CHECK,
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def contact(request: HttpRequest, code: str, key: UUID) -> HttpResponse:
    app = _open(request, code, key)
    if app.draft.submitted is not None:
        return HttpResponseRedirect(_done_url(app))
    names = ("applicant_phone", "applicant_email", "applicant_address", "note")
    assisted = app.behalf is not None
    if request.method == "POST":
        form = ContactForm(request.POST, assisted=assisted)
        if form.is_valid():
            app.set_values(**{n: str(form.cleaned_data[n] or "").strip() for n in names})
            if assisted:
                app.set_behalf_contact(app.value("applicant_phone"), app.value("applicant_address"))
            app.visit(CONTACT)
            app.save()
            return _next(request, app)
    else:
        form = ContactForm(initial={n: app.value(n) for n in names}, assisted=assisted)
    return render(
        request,
        "portal/application/contact.html",
        {
            "app": app,
            "version": app.version,
            "form": form,
            "from_check": request.GET.get("tu") == FROM_CHECK,
        },
        status=400 if form.errors else 200,
    )


# Check your answers, submit, confirmation ----------------------------------------------------


@dataclass(frozen=True)
class Problem:
    message: str
    url: str


def _problems(app: Application) -> list[Problem]:
    """What still stops the submission, each with the page that fixes it."""
    problems = []
    if app.receiving_unit() is None or app.competent_unit() is None:
        problems.append(Problem(_("Chọn nơi nộp hồ sơ."), _url("portal:application_unit", app)))
    for path, found in app.full_check.errors.items():
        section = app.section_of(path)
        if section is None:
            continue
        url = _url("portal:application_section", app, section.key) + "?loi=1"
        problems.extend(Problem(str(e), url) for e in found)
    for component in app.missing_files():
        problems.append(
            Problem(
                _("Chưa tải lên giấy tờ bắt buộc: %(name)s.") % {"name": component.name},
                _url("portal:application_files", app),
            )
        )
    # Lodged for a citizen, the address is theirs to give or not (as on the behalf page).
    address_needed = app.behalf is None
    if not app.value("applicant_phone") or (address_needed and not app.value("applicant_address")):
        problems.append(
            Problem(
                _("Nhập số điện thoại và địa chỉ liên hệ."), _url("portal:application_contact", app)
            )
        )
    return problems


@never_cache
@login_required
def check(request: HttpRequest, code: str, key: UUID) -> HttpResponse:
    app = _open(request, code, key)
    if app.draft.submitted is not None:
        return HttpResponseRedirect(_done_url(app))
    if request.method == "POST":
        response = _submit_post(request, app)
        if response is not None:
            return response
    kept = app.kept_files
    sections = {s.key: s for s in app.schema.sections}
    rows = declaration_rows(app.schema, app.data, app.source_labels)
    return render(
        request,
        "portal/application/check.html",
        {
            "app": app,
            "version": app.version,
            "sections": [(sections[r.key], r) for r in rows],
            "problems": _problems(app),
            "competent": app.competent_unit(),
            "receiving": app.receiving_unit(),
            "uploaded": [(c, kept[c.pk]) for c in app.components if c.pk in kept],
            "not_asked": app.not_asked(),
            "from_check": FROM_CHECK,
            "behalf": app.behalf,
            "consent_statement": CONSENT_STATEMENT,
        },
    )


def _submit_post(request: HttpRequest, app: Application) -> HttpResponse | None:
    problems = [p for p in _problems(app) if "?loi=1" not in p.url]
    if problems:
        messages.error(request, problems[0].message)
        return HttpResponseRedirect(problems[0].url)
    try:
        _submit(app, _user(request))
    except DeclarationInvalid as refused:
        app.state["refused"] = {p: [str(e) for e in found] for p, found in refused.errors.items()}
        app.save()
        messages.error(request, str(refused))
        section = app.section_of(next(iter(refused.errors)))
        if section is None:
            return None
        url = _url("portal:application_section", app, section.key)
        return HttpResponseRedirect(f"{url}?loi=1")
    except DossierError as error:
        messages.error(request, str(error))
        return None
    return HttpResponseRedirect(_done_url(app))


def _submit(app: Application, user: User) -> Dossier:
    version = app.version
    competent, receiving = app.competent_unit(), app.receiving_unit()
    assert competent is not None and receiving is not None  # noqa: S101 - _problems checked
    kept = app.kept_files
    satisfied = set(app.schema.satisfies)
    from_data = {
        c.pk: c.data_source or FROM_DATA_SOURCE
        for c in app.components
        if c.reusable_from_data and c.pk not in kept and c.position not in satisfied
    }
    note = app.value("note")
    form_data: dict[str, Any] = {"note": note} if note else {}
    behalf = app.behalf
    person: dict[str, Any]
    if behalf is not None:
        form_data["consent_statement"] = consent_statement()
        person = lodged_for(user, behalf)
    else:
        person = {
            "applicant": user,
            "applicant_name": user.full_name,
            "applicant_id_number": user.personal_id or "",
            "applicant_phone": app.value("applicant_phone"),
            "applicant_address": app.value("applicant_address"),
        }
    # Lodged for a citizen, the desk verifies what the registry holds (as the older form does).
    asks = behalf is None and user.personal_id and from_data
    checked = verified(user, version, app.components) if asks else None
    if checked is not None:
        entry, proven = checked
        from_data.update({pk: text for pk, text in proven.items() if pk in from_data})
        form_data["registry_check"] = check_record(entry, proven)
    uploads = {pk: item for pk, item in kept.items() if pk not in _satisfied_ids(app)}
    with drafts.opened_files(uploads) as opened:
        arguments = {
            "version": version,
            "channel": Channel.ONLINE,
            "actor": actors.person(user),
            "receiving_unit": receiving,
            "competent_unit": competent,
            "applicant_email": app.value("applicant_email"),
            **person,
            "form_data": form_data,
            "files": opened,
            "from_data": from_data,
            "submission_key": app.draft.key,
            "declaration": app.data,
            "declaration_sources": app.sources,
        }
        try:
            dossier = submit_once(user, app.draft, arguments)
        except IntegrityError:
            # A concurrent retry with the same key won the insert; asked again, it returns it.
            dossier = submit_once(user, app.draft, arguments)
    # The lookups made to fill the form served this dossier (Decree 13/2023: the person sees
    # which dossier each lookup of their data was for).
    linked = [*app.lookups, *([checked[0].pk] if checked else [])]
    Lookup.objects.filter(pk__in=linked, dossier_id=None).update(dossier_id=dossier.pk)
    return dossier


def _satisfied_ids(app: Application) -> set[int]:
    return {c.pk for c in app.components if c.position in app.schema.satisfies}


@never_cache
@login_required
def done(request: HttpRequest, code: str, key: UUID) -> HttpResponse:
    app = _open(request, code, key)
    dossier = app.draft.submitted
    if dossier is None:
        return HttpResponseRedirect(_url("portal:application_check", app))
    return render(
        request,
        "portal/application/done.html",
        {
            "app": app,
            "version": app.version,
            "dossier": dossier,
            "time_limit": _time_limit(app.version),
        },
    )
