from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import User
from catalog.models import Channel, Component, ProcedureVersion, Sector, Workflow
from core.ratelimit import client_ip, hit, over_limit, refund
from documents.models import IssuedDocument, StoredDocument
from documents.signing import verify_pdf
from dossiers import actors, drafts, lodging
from dossiers.access import (
    HIDDEN_FROM_APPLICANT,
    REASONS_FOR_APPLICANT,
    can_act_on,
    dossiers_for_applicant,
    find_for_lookup,
    get_dossier_for_applicant,
)
from dossiers.actions import DossierError, provide_supplement, request_withdrawal
from dossiers.declarations import correction_lines
from dossiers.issued import documents_of
from dossiers.models import (
    Dossier,
    DossierComponent,
    DossierEvent,
    Draft,
    DraftFile,
    EventType,
    Slip,
)
from dossiers.prefill import source_label
from dossiers.queries import listed, with_dossier_code
from dossiers.slips import slip_download
from dossiers.workflow import NATIONAL_NAMES, Action, IllegalTransition, national_code
from dossiers.workflow import allowed_actions as allowed_for_status
from eforms.display import SectionRows, declaration_rows
from portal import applying
from portal import timeline as citizen_timeline
from portal.forms import (
    ApplyForm,
    LookupForm,
    SupplementForm,
    WithdrawalForm,
)
from portal.submitting import (
    FROM_DATA_SOURCE,
    Behalf,
    consent_statement,
    lodged_for,
    submit_once,
    verified,
)
from registry.connector import lookup as registry_lookup
from registry.models import Lookup
from registry.proof import check_record
from registry.records import RegistryError

PAGE_SIZE = 20


def home(request: HttpRequest) -> HttpResponse:
    in_force = ProcedureVersion.objects.in_force()
    sectors = (
        Sector.objects.filter(versions__in=in_force)
        .annotate(procedure_count=Count("versions"))
        .order_by("name")
    )
    return render(request, "portal/home.html", {"sectors": sectors})


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


# Online submission ------------------------------------------------------------------------


def _version_in_force(code: str) -> ProcedureVersion:
    version = (
        ProcedureVersion.objects.in_force()
        .filter(procedure__code=code)
        .select_related("procedure", "sector")
        .first()
    )
    if version is None:
        raise Http404("Không có thủ tục đang có hiệu lực với mã này.")
    return version


def _online_unavailable(version: ProcedureVersion) -> str:
    """Why this procedure cannot be applied for online now (empty when it can)."""
    if not version.channels.filter(channel=Channel.ONLINE).exists():
        return _("Thủ tục này không nhận hồ sơ trực tuyến. Mời bạn nộp tại bộ phận một cửa.")
    if Workflow.current_for(version) is None:
        return _("Thủ tục này chưa có quy trình giải quyết điện tử nên chưa nhận hồ sơ trực tuyến.")
    return ""


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise Http404("Không tìm thấy hồ sơ nháp.") from None


def _posted_key(request: HttpRequest) -> UUID | None:
    try:
        return UUID(request.POST.get("submission_key", ""))
    except ValueError:
        return None  # the form reports the missing key


@login_required
def apply(request: HttpRequest, code: str) -> HttpResponse:
    version = _version_in_force(code)
    unavailable = _online_unavailable(version)
    if unavailable:
        return render(
            request, "portal/apply_unavailable.html", {"version": version, "reason": unavailable}
        )
    user = _user(request)
    if version.declaration is not None:
        return applying.start(request, user, version)
    if request.method == "POST":
        return _apply_post(request, user, version)
    draft = None
    if "nhap" in request.GET:
        draft = drafts.draft_for(user, _uuid(request.GET["nhap"]))
        if draft.procedure_version.procedure_id != version.procedure_id:
            raise Http404("Hồ sơ nháp này thuộc thủ tục khác.")
        if draft.submitted is not None:
            return _already_submitted(request, draft.submitted)
    kept = drafts.draft_components(draft, version)
    initial: dict[str, Any] = {
        "applicant_phone": user.phone,
        "applicant_email": user.email,
        **_from_registry(user, version, draft),
        **(draft.data if draft else {}),
        "submission_key": draft.key if draft else uuid4(),
    }
    form = ApplyForm(initial=initial, user=user, version=version, draft_components=kept)
    return _render_apply(request, form, version, kept, draft)


@login_required
def apply_assisted(request: HttpRequest, code: str) -> HttpResponse:
    """Lodging a dossier with an e-form for a citizen ("nộp thay"): for the community digital
    team only (the older form asks the same on its own page)."""
    version = _version_in_force(code)
    user = _user(request)
    if not user.is_digital_team:
        raise PermissionDenied
    unavailable = _online_unavailable(version)
    if unavailable:
        return render(
            request, "portal/apply_unavailable.html", {"version": version, "reason": unavailable}
        )
    if version.declaration is None:
        return redirect("portal:apply", code=version.procedure.code)
    return applying.start_assisted(request, user, version)


def _from_registry(user: User, version: ProcedureVersion, draft: Draft | None) -> dict[str, Any]:
    """The e-form filled from the population registry for the citizen applying for themselves
    (the lookup is logged; a registry that cannot answer leaves the form empty)."""
    if draft is not None or user.is_digital_team or not user.personal_id:
        return {}
    try:
        person = registry_lookup(
            user.personal_id,
            purpose=f"Điền sẵn tờ khai trực tuyến: {version.name}"[:300],
            actor=user,
        )
    except RegistryError:
        return {}
    return {"applicant_address": person.permanent_address} if person else {}


def _apply_post(request: HttpRequest, user: User, version: ProcedureVersion) -> HttpResponse:
    key = _posted_key(request)
    draft = drafts.posted_draft(user, key) if key else None
    if draft is not None and draft.procedure_version.procedure_id != version.procedure_id:
        raise PermissionDenied  # only an edited form mixes one procedure's draft with another
    if draft is not None and draft.submitted is not None:
        return _already_submitted(request, draft.submitted)
    drafting = request.POST.get("action") == "draft"
    kept = drafts.draft_components(draft, version)
    form = ApplyForm(
        request.POST,
        request.FILES,
        user=user,
        version=version,
        draft_components=kept,
        drafting=drafting,
    )
    if form.is_valid():
        if drafting:
            draft = drafts.save_draft(
                owner=user,
                version=version,
                key=form.cleaned_data["submission_key"],
                data=form.draft_data(),
                uploads=form.uploads(),
            )
            messages.success(
                request,
                _("Đã lưu nháp. Bạn có thể quay lại hoàn thiện và nộp từ trang “Hồ sơ của tôi”."),
            )
            url = reverse("portal:apply", args=[version.procedure.code])
            return HttpResponseRedirect(f"{url}?nhap={draft.key}")
        try:
            dossier = _submit(form, user, version, draft, kept)
        except DossierError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Đã nộp hồ sơ. Mã hồ sơ của bạn là %(code)s — hãy ghi lại để tra cứu.")
                % {"code": dossier.code},
            )
            return redirect("portal:dossier", code=dossier.code)
    draft, kept = _keep_uploads(user, version, form, draft, kept)
    return _render_apply(request, form, version, kept, draft)


def _keep_uploads(
    user: User,
    version: ProcedureVersion,
    form: ApplyForm,
    draft: Draft | None,
    kept: dict[int, DraftFile],
) -> tuple[Draft | None, dict[int, DraftFile]]:
    """The files of a POST that could not be submitted, kept in the draft (made for them if
    need be) so that the person does not upload them again: each one that passed its checks,
    whatever else was wrong."""
    uploads = form.uploads()
    key = form.cleaned_data.get("submission_key")
    if not uploads or key is None:
        return draft, kept
    data = draft.data if draft is not None else form.draft_data()
    draft = drafts.save_draft(owner=user, version=version, key=key, data=data, uploads=uploads)
    return draft, drafts.draft_components(draft, version)


def _already_submitted(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    messages.info(request, _("Hồ sơ này đã được nộp, mã hồ sơ %(code)s.") % {"code": dossier.code})
    return redirect("portal:dossier", code=dossier.code)


def _submit(
    form: ApplyForm,
    user: User,
    version: ProcedureVersion,
    draft: Draft | None,
    kept: dict[int, DraftFile],
) -> Dossier:
    data = form.cleaned_data
    competent = data["competent_unit"]
    # Bound to administrative boundaries: lodged at the competent body's receiving point.
    receiving = lodging.receiving_unit_for(version, competent, data.get("receiving_unit"))
    uploads = {component.pk: upload for component, upload in form.uploads().items()}
    from_data = {
        c.pk: c.data_source or FROM_DATA_SOURCE
        for c in form.components
        if c.reusable_from_data and c.pk not in uploads and c.pk not in kept
    }
    form_data: dict[str, Any] = {"note": data["note"]} if data["note"] else {}
    person: dict[str, Any]
    if form.assisted:
        form_data["consent_statement"] = consent_statement()
        person = lodged_for(
            user,
            Behalf(
                name=data["behalf_name"],
                id_number=data["behalf_id_number"],
                phone=data["behalf_phone"],
                address=data["behalf_address"],
                consent_method=data["consent_method"],
            ),
        )
    else:
        person = {
            "applicant": user,
            "applicant_name": user.full_name,
            "applicant_id_number": user.personal_id or "",
            "applicant_phone": data["applicant_phone"],
            "applicant_email": data["applicant_email"],
            "applicant_address": data["applicant_address"],
        }
    checked = None
    if not form.assisted and user.personal_id and from_data:
        checked = verified(user, version, form.components)
        if checked is not None:
            entry, proven = checked
            from_data.update({pk: text for pk, text in proven.items() if pk in from_data})
            form_data["registry_check"] = check_record(entry, proven)
    from_draft = {pk: item for pk, item in kept.items() if pk not in uploads}
    with drafts.opened_files(from_draft) as draft_files:
        files: dict[int, File[Any]] = {**draft_files, **uploads}
        arguments = {
            "version": version,
            "channel": Channel.ONLINE,
            "actor": actors.person(user),
            "receiving_unit": receiving,
            "competent_unit": competent,
            "form_data": form_data,
            "files": files,
            "from_data": from_data,
            "submission_key": data["submission_key"],
            **person,
        }
        try:
            dossier = submit_once(user, draft, arguments)
        except IntegrityError:
            # A concurrent retry with the same key won the insert (submit_dossier looks for
            # the key before its transaction); asked again, it returns that dossier.
            dossier = submit_once(user, draft, arguments)
    if checked is not None:
        Lookup.objects.filter(pk=checked[0].pk, dossier_id=None).update(dossier_id=dossier.pk)
    return dossier


@dataclass(frozen=True)
class ComponentRow:
    component: Component
    field: Any
    kept_name: str


def _render_apply(
    request: HttpRequest,
    form: ApplyForm,
    version: ProcedureVersion,
    kept: dict[int, DraftFile],
    draft: Draft | None,
) -> HttpResponse:
    rows = [
        ComponentRow(
            component,
            field,
            str(kept[component.pk]) if component.pk in kept else "",
        )
        for component, field in form.file_fields()
    ]
    return render(
        request,
        "portal/apply.html",
        {"version": version, "form": form, "rows": rows, "draft": draft},
    )


# The applicant's dossiers ---------------------------------------------------------------


@never_cache
@login_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    dossiers = listed(
        dossiers_for_applicant(user)
        .select_related("procedure_version__procedure")
        .order_by("-submitted_at", "-pk")
    )
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    pending = Draft.objects.filter(owner=user, submitted__isnull=True).select_related(
        "procedure_version__procedure"
    )
    return render(request, "portal/my_dossiers.html", {"page": page, "drafts": pending})


@dataclass(frozen=True)
class TimelineEntry:
    label: str
    at: datetime
    actor_name: str
    reason: str
    changes: tuple[str, ...] = ()  # what a correction of the declaration changed


def _timeline(dossier: Dossier) -> list[TimelineEntry]:
    events = dossier.history().exclude(type__in=HIDDEN_FROM_APPLICANT).order_by("seq")
    version = dossier.procedure_version
    return [
        TimelineEntry(
            citizen_timeline.wording(e, dossier),
            e.at,
            citizen_timeline.shown_actor(e, dossier),
            e.reason if e.type in REASONS_FOR_APPLICANT else "",
            tuple(correction_lines(version, e.parameters))
            if e.type == EventType.DECLARATION_CORRECTED
            else (),
        )
        for e in events.only(
            "type", "at", "actor_kind", "actor_name", "reason", "parameters", "channel"
        )
    ]


def _supplement_reason(dossier: Dossier) -> str:
    event: DossierEvent | None = (
        dossier.history().filter(type=EventType.SUPPLEMENT_REQUESTED).order_by("-seq").first()
    )
    return event.reason if event else ""


def _requested(dossier: Dossier) -> list[Component]:
    items = dossier.components.filter(state=DossierComponent.State.REQUESTED)
    return [item.component for item in items.select_related("component")]


def _render_dossier(
    request: HttpRequest,
    dossier: Dossier,
    *,
    supplement_form: SupplementForm | None = None,
    withdrawal_form: WithdrawalForm | None = None,
) -> HttpResponse:
    actions = allowed_for_status(dossier.status)
    requested = _requested(dossier) if Action.PROVIDE_SUPPLEMENT in actions else []
    if requested and supplement_form is None:
        supplement_form = SupplementForm(components=requested)
    # The form is offered only to whom the action will accept it from (the same rule).
    can_withdraw = Action.REQUEST_WITHDRAWAL in actions and can_act_on(
        _user(request), dossier, Action.REQUEST_WITHDRAWAL
    )
    if can_withdraw and withdrawal_form is None:
        withdrawal_form = WithdrawalForm()
    context = {
        "dossier": dossier,
        "version": dossier.procedure_version,
        "national_name": NATIONAL_NAMES[national_code(dossier.status)],
        "components": dossier.components.select_related("component"),
        "timeline": _timeline(dossier),
        "slips": dossier.slips.order_by("issued_at"),
        "documents": documents_of(dossier).exclude(kind=IssuedDocument.Kind.SLIP),
        "supplement_form": supplement_form if requested else None,
        "supplement_reason": _supplement_reason(dossier) if requested else "",
        "withdrawal_form": withdrawal_form if can_withdraw else None,
        "declaration": _declaration_rows(dossier),
    }
    return render(request, "portal/dossier.html", context)


def _declaration_rows(dossier: Dossier) -> list[SectionRows]:
    """The declaration as the applicant filled it, prefilled values marked (read under the
    schema the dossier was filled under: its version's, which is frozen)."""
    schema = dossier.procedure_version.declaration
    if schema is None or not dossier.declaration:
        return []
    filled = {path: source_label(source) for path, source in dossier.declaration_sources.items()}
    return declaration_rows(schema, dossier.declaration, filled)


def _applicant_dossier(request: HttpRequest, code: str) -> tuple[User, Dossier]:
    user = _user(request)
    return user, get_dossier_for_applicant(user, code)


@never_cache
@login_required
def document_pdf(request: HttpRequest, code: str, document_code: str) -> FileResponse:
    """A result or certified copy of one of the applicant's dossiers."""
    dossier = get_dossier_for_applicant(_user(request), code)
    document = get_object_or_404(documents_of(dossier), code=document_code)
    return _pdf_file(document)


def _pdf_file(document: IssuedDocument) -> FileResponse:
    return FileResponse(
        document.file.open("rb"), content_type="application/pdf", filename=f"{document.code}.pdf"
    )


@never_cache
@login_required
def data_store(request: HttpRequest) -> HttpResponse:
    """The applicant's data store (kho dữ liệu): results and certified copies issued to them,
    reused in their next dossiers."""
    user = _user(request)
    entries = (
        StoredDocument.objects.filter(owner_id_number=user.personal_id or "-")
        .select_related("document__issuer")
        .order_by("-added_at")
    )
    return render(request, "portal/data_store.html", {"entries": entries})


@never_cache
@login_required
def data_lookups(request: HttpRequest) -> HttpResponse:
    """Who looked up my data in the population registry, when and why (Decree 13/2023)."""
    user = _user(request)
    entries = (
        Lookup.objects.filter(id_number=user.personal_id or "-")
        .select_related("unit")
        .order_by("-at")
    )
    entries = with_dossier_code(entries)
    page = Paginator(entries, 50).get_page(request.GET.get("trang"))
    return render(request, "portal/data_lookups.html", {"page": page})


@never_cache
@login_required
def stored_pdf(request: HttpRequest, document_code: str) -> FileResponse:
    user = _user(request)
    entry = get_object_or_404(
        StoredDocument.objects.select_related("document"),
        owner_id_number=user.personal_id or "-",
        document__code=document_code,
    )
    return _pdf_file(entry.document)


@never_cache
@login_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _render_dossier(request, get_dossier_for_applicant(_user(request), code))


def _action_refused(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    messages.error(
        request,
        _("Hồ sơ %(code)s không còn ở trạng thái cho phép thao tác này.") % {"code": dossier.code},
    )
    return redirect("portal:dossier", code=dossier.code)


@never_cache
@login_required
@require_POST
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    user, dossier = _applicant_dossier(request, code)
    requested = (
        _requested(dossier)
        if Action.PROVIDE_SUPPLEMENT in allowed_for_status(dossier.status)
        else []
    )
    if not requested:
        return _action_refused(request, dossier)
    form = SupplementForm(request.POST, request.FILES, components=requested)
    if form.is_valid():
        try:
            provide_supplement(
                dossier,
                actor=actors.person(user),
                files=form.files_by_component(),
                note=form.cleaned_data["note"],
            )
        except IllegalTransition:
            return _action_refused(request, dossier)
        except DossierError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã gửi giấy tờ bổ sung. Hồ sơ tiếp tục được xử lý."))
            return redirect("portal:dossier", code=dossier.code)
    return _render_dossier(request, dossier, supplement_form=form)


@never_cache
@login_required
@require_POST
def withdraw(request: HttpRequest, code: str) -> HttpResponse:
    user, dossier = _applicant_dossier(request, code)
    if Action.REQUEST_WITHDRAWAL not in allowed_for_status(dossier.status):
        return _action_refused(request, dossier)
    if not can_act_on(user, dossier, Action.REQUEST_WITHDRAWAL):
        raise PermissionDenied  # a helper who lodged it for an applicant with an account
    form = WithdrawalForm(request.POST)
    if form.is_valid():
        try:
            request_withdrawal(
                dossier, actor=actors.person(user), reason=form.cleaned_data["reason"].strip()
            )
        except IllegalTransition:
            return _action_refused(request, dossier)
        except DossierError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Đã gửi yêu cầu rút hồ sơ. Bộ phận một cửa sẽ dừng xử lý và báo lại cho bạn."),
            )
            return redirect("portal:dossier", code=dossier.code)
    return _render_dossier(request, dossier, withdrawal_form=form)


# Public lookup -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicStatus:
    """All that the public lookup shows: nothing that names or reaches the applicant."""

    code: str
    procedure_name: str
    status_label: str
    received_at: datetime | None
    due_at: datetime | None
    timeline: list[tuple[str, datetime]]


def _public_status(code: str, suffix: str) -> PublicStatus | None:
    """The dossier with this code whose applicant's ID number or phone ends in ``suffix``.
    An unknown code and wrong digits both give None: the caller cannot tell them apart."""
    dossier = find_for_lookup(code, suffix)
    if dossier is None:
        return None
    events = dossier.history().exclude(type__in=HIDDEN_FROM_APPLICANT).order_by("seq")
    return PublicStatus(
        code=dossier.code,
        procedure_name=dossier.procedure_version.name,
        status_label=dossier.get_status_display(),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        timeline=[
            (citizen_timeline.wording(e, dossier, public=True), e.at)
            for e in events.only("type", "at", "actor_kind", "parameters", "channel")
        ],
    )


@never_cache
@login_required
def slip_pdf(request: HttpRequest, code: str, slip_id: int) -> HttpResponse:
    dossier = get_dossier_for_applicant(_user(request), code)
    slip = get_object_or_404(Slip, pk=slip_id, dossier=dossier)
    return slip_download(request, slip, f"{slip.kind}-{dossier.code}.pdf")


VERIFY_MAX_BYTES = 20 * 1024 * 1024


@never_cache
def verify_document(request: HttpRequest) -> HttpResponse:
    """Anyone checks the signatures of a PDF we issued; nothing is stored."""
    report, error = None, ""
    if request.method == "POST":
        if over_limit("verify", client_ip(request), limit=LOOKUP_LIMIT, window_seconds=600):
            return _limited(request)
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Chọn tệp PDF cần kiểm tra.")
        elif (upload.size or 0) > VERIFY_MAX_BYTES:
            error = _("Tệp lớn hơn 20 MB.")
        else:
            report = verify_pdf(upload.read())
    return render(request, "portal/verify.html", {"report": report, "error": error})


# Attempts per address in ten minutes (every lookup and document check counts).
LOOKUP_LIMIT = 20
# Wrong guesses on one dossier code in a day, from anyone, before the code is guarded; once it
# is, each address may guess that code wrong once more in the day (CAPPED_MISSES_PER_CLIENT).
CODE_MISS_LIMIT = 10
CAPPED_MISSES_PER_CLIENT = 1
CODE_WINDOW_SECONDS = 86400
_CODE_MISSES = "lookup-code"
_CODE_CLIENT_MISSES = "lookup-code-client"


def _limited(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "portal/lookup.html",
        {"form": LookupForm(), "result": None, "not_found": False, "limited": True},
        status=429,
    )
    response["Retry-After"] = "600"
    return response


def _code_guarded(request: HttpRequest) -> HttpResponse:
    """The one answer to every guess on a guarded code that is not the right one, whether its
    digits were compared or not: the page says nothing about them."""
    response = render(
        request,
        "portal/lookup.html",
        {"form": LookupForm(), "result": None, "not_found": False, "code_guarded": True},
        status=429,
    )
    response["Retry-After"] = str(CODE_WINDOW_SECONDS)
    return response


def _guarded_lookup(
    request: HttpRequest, code: str, suffix: str
) -> tuple[PublicStatus | None, HttpResponse | None]:
    """The status for ``code`` and ``suffix``, or the refusal to send instead of a miss.

    Codes are sequential, so anyone can aim at a dossier. A fixed cap on wrong guesses per code
    that refused everyone let ten wrong guesses lock the rightful applicant out for a day. No
    rule that sees only the guess can both bound the guesses on a code and always answer its
    applicant (the right digits are by definition what gets an answer), so the bound is split:

    - up to CODE_MISS_LIMIT wrong guesses a day, from anyone, are answered "not found";
    - then the code is guarded: the right digits are still answered, from any address, as often
      as asked; a wrong guess is refused, and an address that has guessed the code wrong since
      it was guarded is refused before its digits are compared, so a refusal, right digits or
      not, looks the same and says nothing about them (the answer itself is the only oracle,
      as it is for any lookup).

    A distributed attacker thus gets CODE_MISS_LIMIT guesses on a code per day plus one per
    address it holds (IPv6 counted by /64): of 10,000 values two answer (ID number and phone),
    so finding them in a day takes about 3,300 addresses on average, where the old cap gave
    ten guesses but handed anyone a lockout. What the rightful applicant can lose is a second try
    on a guarded code from an address that already guessed it wrong (a typo, or a shared
    address an attacker used); they can look again the next day or sign in.

    Both counters are charged before the digits are compared (so parallel requests cannot slip
    under them) and refunded when the digits are right: only wrong guesses use them up.
    """
    client_key = f"{code}|{client_ip(request)}"
    guarded = hit(_CODE_MISSES, code, window_seconds=CODE_WINDOW_SECONDS) > CODE_MISS_LIMIT
    if guarded:
        used = hit(_CODE_CLIENT_MISSES, client_key, window_seconds=CODE_WINDOW_SECONDS)
        if used > CAPPED_MISSES_PER_CLIENT:
            return None, _code_guarded(request)
    result = _public_status(code, suffix)
    if result is not None:
        refund(_CODE_MISSES, code)
        if guarded:
            refund(_CODE_CLIENT_MISSES, client_key)
        return result, None
    return None, _code_guarded(request) if guarded else None


@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    result: PublicStatus | None = None
    not_found = False
    if request.method == "POST":
        form = LookupForm(request.POST)
        if over_limit("lookup", client_ip(request), limit=LOOKUP_LIMIT, window_seconds=600):
            return _limited(request)
        if form.is_valid():
            code = form.cleaned_data["code"]
            result, refusal = _guarded_lookup(request, code, form.cleaned_data["suffix"])
            if refusal is not None:
                return refusal
            if result is None:
                not_found = True
                # The code is echoed as typed; the digits are not.
                form = LookupForm(initial={"code": code})
    else:
        # The QR code printed on a slip opens this page with the code filled in.
        form = LookupForm(initial={"code": request.GET.get("ma", "")[:40]})
    return render(
        request, "portal/lookup.html", {"form": form, "result": result, "not_found": not_found}
    )
