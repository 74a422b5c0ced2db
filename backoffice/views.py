"""The officer's face: inboxes, counter intake, the dossier page and its actions.

Views only parse input and call ``dossiers.actions``; every rule is checked there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from accounts.models import Membership, Role, User
from accounts.roles import holds, memberships
from backoffice import eform
from backoffice import forms as bf
from backoffice.counter import CounterDeclaration, ask_relatives, from_card, pending_relatives
from catalog.models import Channel, ProcedureVersion
from core import clock
from documents.models import IssuedDocument
from documents.pdf import signed_download
from dossiers import actions, lodging
from dossiers.access import (
    acting_unit,
    available_actions,
    get_dossier_for_officer,
    refusal,
)
from dossiers.actors import Actor, person
from dossiers.declarations import (
    correction_lines,
    flatten,
    locked_by_law,
    satisfied_components,
    schema_digest,
)
from dossiers.errors import DeclarationInvalid, DossierError, ResultDataInvalid
from dossiers.issued import documents_of
from dossiers.models import (
    Consultation,
    DeadlineState,
    Dossier,
    DossierComponent,
    EventType,
    Slip,
    Status,
)
from dossiers.prefill import REGISTRY, STORE, Prefilled, relatives, source_label
from dossiers.queries import (
    COUNT_CAP,
    Cursor,
    capped_count,
    late,
    open_consultations,
    processing_queue,
    reception_queue,
    return_queue,
    violations,
    with_dossier_code,
)
from dossiers.slips import control_slip_pdf, slip_download
from dossiers.workflow import NATIONAL_NAMES, Action, national_code
from eforms.display import declaration_rows
from eforms.validate import validate
from registry import corrections
from registry.corrections import CorrectionError
from registry.counter import CardError, CardReading, proof_from_token, read_card
from registry.models import CorrectionRequest, Lookup
from registry.proof import check_record
from units.models import GovernmentUnit
from workdays.calendar import to_local

PAGE_SIZE = 30

View = Callable[..., HttpResponseBase]


def officer_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not isinstance(user, User) or not (user.is_officer and memberships(user)):
            raise PermissionDenied(_("Trang này dành cho cán bộ có vai trò tại một đơn vị."))
        return view(request, *args, **kwargs)

    return wrapper


def _refused(request: HttpRequest, message: str, code: str, *, status: int) -> HttpResponse:
    """A clear refusal page for a request that cannot be right, with its stable code."""
    return render(
        request, "backoffice/refused.html", {"message": message, "code": code}, status=status
    )


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - officer_required guarantees it
    return request.user


# Inbox -----------------------------------------------------------------------------------

# In the order officers work a dossier: received, processed, handed back. Labels are lazy:
# translated per request, in the officer's language.
TABS = {
    "tiep-nhan": (_lazy("Chờ tiếp nhận"), reception_queue),
    "xu-ly": (_lazy("Đang xử lý"), processing_queue),
    "tra-ket-qua": (_lazy("Trả kết quả, rút hồ sơ"), return_queue),
}
DEFAULT_TAB = "xu-ly"


class CappedPaginator(Paginator[Dossier]):
    """Pages of a queue counted up to ``COUNT_CAP`` rows (``queries.capped_count``): past it
    the officer narrows the queue (by code, name or deadline) rather than paging further."""

    def __init__(
        self, queryset: QuerySet[Dossier], per_page: int, *, count: int | None = None
    ) -> None:
        super().__init__(queryset, per_page)
        self.queryset = queryset
        self._known = count

    @property
    def count(self) -> int:
        if self._known is None:
            self._known = capped_count(self.queryset)
        return min(self._known, COUNT_CAP)

    @property
    def capped(self) -> bool:
        return self.count < (self._known or 0)


def _shown_count(count: int) -> str:
    """A tab's count as shown: exact up to the cap, "hơn 1.000" beyond it."""
    if count > COUNT_CAP:
        return _("hơn %(count)s") % {"count": number_format(COUNT_CAP, force_grouping=True)}
    return number_format(count, force_grouping=True)


@officer_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    counts = {key: capped_count(fetch(user)) for key, (_label, fetch) in TABS.items()}
    tab = request.GET.get("o", "")
    if tab not in TABS:  # none asked for: the first tab with work, in the order of the work
        tab = next((key for key, count in counts.items() if count), DEFAULT_TAB)
    queryset = TABS[tab][1](user)
    deadline = request.GET.get("han", "")
    filtered = False
    if deadline in DeadlineState.values:
        queryset = late(queryset, DeadlineState(deadline))
        filtered = True
    query = request.GET.get("q", "").strip()
    if query:
        queryset = queryset.filter(Q(code__icontains=query) | Q(applicant_name__icontains=query))
        filtered = True
    # Unfiltered, the tab's count is the page's: it is not counted twice.
    paginator = CappedPaginator(queryset, PAGE_SIZE, count=None if filtered else counts[tab])
    page = paginator.get_page(request.GET.get("trang"))
    return render(
        request,
        "backoffice/inbox.html",
        {
            "tabs": [(key, label, _shown_count(counts[key])) for key, (label, _f) in TABS.items()],
            "tab": tab,
            "page": page,
            "deadline": deadline,
            "query": query,
            "consultations": open_consultations(user)[:50],
            "can_receive": any(r == Role.FRONT_DESK for _u, r, _p in memberships(user)),
        },
    )


# Counter intake --------------------------------------------------------------------------


@officer_required
def intake(request: HttpRequest) -> HttpResponse:
    """Lodge a dossier at the counter for the applicant present, at one of the user's desks."""
    user = _user(request)
    desks = GovernmentUnit.objects.filter(
        pk__in=[u for u, r, _p in memberships(user) if r == Role.FRONT_DESK], receives_dossiers=True
    ).order_by("name")
    desk = (
        desks.filter(code=request.GET.get("don-vi") or request.POST.get("desk")).first()
        or desks.first()
    )
    if desk is None:
        raise PermissionDenied(_("Bạn không phải cán bộ tiếp nhận của điểm tiếp nhận nào."))
    # A dossier handed in at the desk, or one that arrived by the public postal service.
    counter_channels = {
        str(Channel.IN_PERSON.value): Channel.IN_PERSON,
        str(Channel.POST.value): Channel.POST,
    }
    channel = counter_channels.get(
        request.GET.get("kenh") or request.POST.get("kenh") or "", Channel.IN_PERSON
    )
    versions = ProcedureVersion.objects.in_force().filter(channels__channel=channel)
    # Those of the desk and of the bodies it receives for (the commune committee, the police).
    here = versions.handled_at(desk).values("pk")
    versions = (
        versions.filter(Q(pk__in=here) | Q(boundary_free=True))
        .select_related("procedure")
        .order_by("name")
        .distinct()
    )
    version = versions.filter(
        procedure__code=request.GET.get("thu-tuc") or request.POST.get("code")
    ).first()
    if version is None:
        return render(
            request,
            "backoffice/intake_choose.html",
            {"versions": versions, "desk": desk, "desks": desks, "channel": channel},
        )
    units = lodging.competent_units(version, desk=desk)
    # The body the desk lodges for when there is one choice (or the desk itself among them).
    chosen = units.first() if units.count() == 1 else units.filter(pk=desk.pk).first()
    components = list(version.components.all())
    form = bf.IntakeForm(
        request.POST or None,
        request.FILES or None,
        versions=versions,
        units=units,
        initial={"procedure": version, "competent_unit": chosen},
    )
    # The declaration form itself is the e-form below: no upload is asked for it.
    eform_items = satisfied_components(version.declaration)
    components = [c for c in components if c.position not in eform_items]
    declaration = (
        _DeskDeclaration(request, user, desk, version) if version.declaration is not None else None
    )
    reading, card_error = None, ""
    if request.method == "POST" and "read_card" in request.POST:
        reading, card_error = _read_card(request, user, desk, version)
        if reading is not None:  # the form again, filled from the card and the registry
            filled = request.POST.copy()
            for key, value in {**reading.initial(), "registry_token": reading.token}.items():
                filled[key] = value
            form = bf.IntakeForm(
                filled, versions=versions, units=units,
                initial={"procedure": version, "competent_unit": chosen},
            )  # fmt: skip
            if declaration is not None:
                declaration.from_card(reading)
    elif request.method == "POST" and declaration is not None:
        declaration.look_up_relatives(asked="lookup_relatives" in request.POST)
    for component in components:
        form.fields[f"c{component.pk}"] = forms.FileField(label=component.name, required=False)
        form.fields[f"c{component.pk}"].widget.attrs["class"] = "govuk-file-upload"
    if (
        request.method == "POST"
        and "read_card" not in request.POST
        and (declaration is None or declaration.ready)
        and form.is_valid()
    ):
        lodged = _lodge(request, form, user, desk, channel, components, declaration)
        if lodged is not None:
            return lodged
    return render(
        request,
        "backoffice/intake.html",
        {
            "form": form,
            "version": version,
            "desk": desk,
            "main_fields": [
                form[name]
                for name in bf.IntakeForm.declared_fields
                if name not in ("procedure", "submission_key", "registry_token")
            ],
            "component_fields": [form[f"c{c.pk}"] for c in components],
            "channel": channel,
            "card_form": bf.CardForm(),
            "card_error": card_error,
            "reading": reading,
            "proven_names": [c.name for c in components if reading and c.pk in reading.proven],
            **(declaration.context() if declaration is not None else {}),
        },
    )


def _lodge(
    request: HttpRequest,
    form: bf.IntakeForm,
    user: User,
    desk: GovernmentUnit,
    channel: int,
    components: list[Any],
    declaration: _DeskDeclaration | None,
) -> HttpResponse | None:
    """Lodge the dossier the counter's form describes (None: refused, the form says why)."""
    data = form.cleaned_data
    files = {c.pk: data[f"c{c.pk}"] for c in components if data.get(f"c{c.pk}")}
    proof = proof_from_token(
        data["registry_token"],
        officer=user,
        id_number=data["applicant_id_number"],
        components=components,
    )
    from_data = {pk: text for pk, text in (proof[1] if proof else {}).items() if pk not in files}
    try:
        dossier = actions.submit_dossier(
            version=data["procedure"],
            channel=channel,
            actor=person(user),
            receiving_unit=desk,
            competent_unit=data["competent_unit"],
            applicant_name=data["applicant_name"],
            applicant_id_number=data["applicant_id_number"],
            applicant=User.objects.filter(personal_id=data["applicant_id_number"]).first(),
            applicant_phone=data["applicant_phone"],
            applicant_email=data["applicant_email"],
            applicant_address=data["applicant_address"],
            files=files,
            from_data=from_data,
            form_data={"registry_check": check_record(*proof)} if proof else {},
            submission_key=data["submission_key"],
            declaration=declaration.data if declaration else None,
            declaration_sources=declaration.state.sources if declaration else None,
        )
    except DeclarationInvalid as exc:
        if declaration is not None:  # the errors shown at their fields
            declaration.errors = exc.errors
        form.add_error(None, str(exc))
        return None
    except DossierError as exc:
        form.add_error(None, str(exc))
        return None
    # The registry lookups made for this dossier say so (the card's, the relatives').
    looked_up = [proof[0].pk] if proof is not None else []
    if declaration is not None:
        looked_up += declaration.state.lookups
    Lookup.objects.filter(pk__in=looked_up, actor=user, dossier_id=None).update(
        dossier_id=dossier.pk
    )
    messages.success(
        request,
        _("Đã lập hồ sơ %(code)s. Kiểm tra và quyết định tiếp nhận.") % {"code": dossier.code},
    )
    return redirect("backoffice:dossier", code=dossier.code)


_LOOKED_UP = _lazy(
    "Đã tra cứu người thân theo số định danh; kiểm tra thông tin rồi bấm “Lập hồ sơ”."
)
_NOBODY_FOUND = _lazy(
    "Cơ sở dữ liệu quốc gia về dân cư không có người mang số định danh đã nhập: điền theo giấy "
    "tờ người dân xuất trình."
)
_FAILED_LOOKUP = _lazy(
    "Chưa tra cứu được Cơ sở dữ liệu quốc gia về dân cư: điền theo giấy tờ người dân xuất trình."
)


class _DeskDeclaration:
    """The procedure's declaration filled at the counter with the applicant present: prefilled
    from the record the card's lookup returned, relatives looked up by the ID number typed
    (each lookup logged with the desk's unit), the values the registry gave kept whatever is
    posted (``CounterDeclaration``, signed), checked by ``submit_dossier`` as online."""

    PREFIX = "tk"

    def __init__(
        self, request: HttpRequest, user: User, desk: GovernmentUnit, version: ProcedureVersion
    ) -> None:
        assert version.declaration is not None  # noqa: S101 - made for versions with one
        self.schema, self.user, self.desk = version.declaration, user, desk
        self.purpose = f"Tiếp nhận hồ sơ tại quầy: {version.name}"[:250]
        post = request.POST if request.method == "POST" else None
        self.fresh = post is None
        self.state = CounterDeclaration.load(
            post.get("declaration_token", "") if post else "",
            officer=user,
            id_number=(post.get("applicant_id_number") or "").strip() if post else "",
        )
        self.values = eform.read(self.schema, post, prefix=self.PREFIX) if post else {}
        self.errors: dict[str, list[Any]] = {}
        self.message = ""
        self.ready = True  # nothing was looked up on this post: it may be lodged

    def _take(self, found: Prefilled) -> None:
        given = {path: _value_at(found.data, path) for path in found.sources}
        self.values = eform.with_values(self.values, given)
        self.ready = False

    def from_card(self, reading: CardReading) -> None:
        self.state, found = from_card(
            self.schema,
            officer=self.user,
            desk=self.desk,
            id_number=reading.card.id_number,
            record=reading.person,
            purpose=self.purpose,
            today=to_local(clock.now()).date(),
        )
        self._take(found)

    def look_up_relatives(self, *, asked: bool) -> None:
        """Look up the relatives whose ID number was typed (or changed) since: when asked to,
        and before lodging (the officer then checks what the registry gave)."""
        if not asked and not pending_relatives(self.schema, self.values, self.state):
            return
        found = ask_relatives(
            self.schema,
            self.values,
            self.state,
            officer=self.user,
            desk=self.desk,
            purpose=self.purpose,
            again=asked,
        )
        self._take(found)
        if found.registry_failed:
            self.message = str(_FAILED_LOOKUP)
        else:
            self.message = str(_LOOKED_UP if found.sources else _NOBODY_FOUND)

    @property
    def data(self) -> dict[str, Any]:
        """What is declared: the values posted, with those the registry gave over them."""
        return eform.with_values(self.values, self.state.locked)

    def context(self) -> dict[str, Any]:
        # A relative's ID number stays editable: changing it looks the new number up.
        keys = {f"{path}.id_number" for _f, path in relatives(self.schema)}
        sections = eform.inputs(
            self.schema,
            self.data,
            prefix=self.PREFIX,
            errors=self.errors,
            sources={p: source_label(s) for p, s in self.state.sources.items()},
            locked=[p for p in self.state.locked if p not in keys],
            defaults=self.fresh,
        )
        return {
            "declaration": sections,
            "declaration_schema": self.schema,
            "declaration_token": self.state.token,
            "declaration_message": self.message,
            "declaration_errors": [i for i in eform.flat_inputs(sections) if i.errors],
            "has_relatives": bool(relatives(self.schema)),
            "communes": eform.commune_options() if eform.has_address(sections) else [],
            "prefix": self.PREFIX,
        }


def _value_at(data: Any, path: str) -> Any:
    node = data
    for part in path.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return node


def _read_card(
    request: HttpRequest, user: User, desk: GovernmentUnit, version: ProcedureVersion
) -> tuple[CardReading | None, str]:
    card = bf.CardForm(request.POST, request.FILES)
    if not card.is_valid():
        return None, _form_errors(card)
    try:
        return (
            read_card(
                officer=user,
                desk=desk,
                version=version,
                qr_text=card.cleaned_data["cccd_qr"] or "",
                photo=card.cleaned_data["cccd_photo"],
            ),
            "",
        )
    except CardError as exc:
        return None, str(exc)


def _checked_at(dossier: Dossier) -> datetime | None:
    check = dossier.form_data.get("registry_check") if isinstance(dossier.form_data, dict) else None
    if not isinstance(check, dict) or not check.get("at"):
        return None
    return datetime.fromisoformat(str(check["at"]))


# Dossier page ----------------------------------------------------------------------------


def _components(dossier: Dossier) -> list[DossierComponent]:
    """The dossier's components with their items, read once per request (the page lists them,
    the supplement form offers them)."""
    cached: list[DossierComponent] | None = getattr(dossier, "_page_components", None)
    if cached is None:
        cached = list(dossier.components.select_related("component"))
        dossier._page_components = cached  # type: ignore[attr-defined]
    return cached


def _supplement_choices(dossier: Dossier) -> list[tuple[str, str]]:
    return [
        (str(c.component_id), f"{c.component.name} ({c.get_state_display()})")
        for c in _components(dossier)
    ]


def _step_officers(dossier: Dossier) -> Any:
    if dossier.current_unit is None:
        return User.objects.none()
    holders = Membership.objects.filter(
        unit=dossier.current_unit, role=dossier.current_role, is_active=True
    ).values("user")
    return User.objects.filter(pk__in=holders, is_active=True).order_by("full_name")


@officer_required
def dossier_page(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    return _dossier_page(request, user, get_dossier_for_officer(user, code))


def _dossier_page(
    request: HttpRequest,
    user: User,
    dossier: Dossier,
    *,
    result_values: dict[str, Any] | None = None,
    result_errors: dict[str, list[Any]] | None = None,
    refused: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The dossier page; with the form of the action refused (``refused``) and the result
    data posted when approving or signing failed on it, shown again at their fields."""
    possible = available_actions(user, dossier)
    results = _result_inputs(dossier, possible, result_values, result_errors)
    consultations = list(
        dossier.consultations.select_related("to_unit", "from_unit", "requested_by", "answered_by")
    )
    answerable = [
        c
        for c in consultations
        if c.answered_at is None
        and (holds(user, Role.SPECIALIST, c.to_unit) or holds(user, Role.LEADER, c.to_unit))
    ]
    return render(
        request,
        "backoffice/dossier.html",
        {
            "dossier": dossier,
            "national": NATIONAL_NAMES[national_code(dossier.status)],
            "national_code": national_code(dossier.status),
            "components": _components(dossier),
            "events": _events(dossier),
            "registry_checked_at": _checked_at(dossier),
            "slips": dossier.slips.all(),
            "documents": documents_of(dossier).exclude(kind=IssuedDocument.Kind.SLIP),
            "digitizing": Action.ACCEPT in possible and dossier.channel != Channel.ONLINE,
            "consultations": consultations,
            "actions": possible,
            **_declaration_context(dossier),
            "result_inputs": results,
            "result_communes": (
                eform.commune_options()
                if any(eform.has_address(r) for r in results.values())
                else []
            ),
            "result_refused": result_errors is not None,
            **_panels(dossier, possible, results, answerable, refused),
            "may_correct": acting_unit(user, dossier) is not None,
            "Action": {a.name: a.value for a in Action},
            "forms": {
                "correction": bf.CorrectionForm(),
                "digitize": bf.DigitizeForm(),
                "not_digitizable": bf.NotDigitizableForm(),
            },
        },
        status=status,
    )


@dataclass
class Panel:
    """One action offered on the dossier page: its form (ids of its own), what the button
    says, what it does (said before it is done), and whether it is the step's main action
    (shown open, a primary button) or a secondary one (in a details panel)."""

    action: str
    key: str
    label: str
    form: forms.Form
    hint: str = ""
    warning: bool = False
    eform: Any = None
    primary: bool = False
    open: bool = False


# The step's main action, the first of these offered: what the officer is there to do.
_MAIN = (
    Action.ACCEPT,
    Action.PROVIDE_SUPPLEMENT,
    Action.ANSWER_CONSULTATION,
    Action.FORWARD,
    Action.SIGN,
    Action.APPROVE,
    Action.RETURN_RESULT,
)
# Refusing, rejecting and stopping stay secondary, behind their panels (warning buttons).
_WARNING = {Action.REFUSE, Action.REJECT, Action.STOP}


def _labels(dossier: Dossier, *, deciding: bool) -> dict[str, tuple[str, str]]:
    """What each action's button says, and what it does. Approving and signing differ as
    the workflow defines them: approving a step moves the dossier on; at the last step the
    result is issued, and signing is how the leader issues it (their signature, the unit's
    seal) — where the step offers signing, approving is not offered beside it."""
    if deciding:
        approve = (
            _("Phê duyệt và ban hành kết quả"),
            _(
                "Quyết định giải quyết hồ sơ: văn bản kết quả được ban hành, ký số của lãnh đạo "
                "và đơn vị; hồ sơ chờ trả cho người dân."
            ),
        )
        sign = (
            _("Ký số và ban hành kết quả"),
            _(
                "Lãnh đạo ký số văn bản kết quả, đơn vị đóng dấu số theo; hồ sơ được giải quyết "
                "xong và chờ trả cho người dân."
            ),
        )
    else:
        approve = (
            _("Phê duyệt, chuyển bước tiếp theo"),
            _("Đồng ý với kết quả xử lý của bước này; hồ sơ chuyển sang bước sau của quy trình."),
        )
        sign = (
            _("Ký, chuyển bước tiếp theo"),
            _("Ký xác nhận kết quả xử lý của bước này; hồ sơ chuyển sang bước sau của quy trình."),
        )
    paper = _("Thủ tục này có kết quả bản giấy: cần bản quét bản giấy đã ký, đóng dấu.")
    return {
        Action.ACCEPT: (
            _("Tiếp nhận hồ sơ"),
            _(
                "Lập giấy tiếp nhận và hẹn trả kết quả; thời hạn giải quyết bắt đầu tính từ "
                "lúc này."
            ),
        ),
        Action.REQUEST_SUPPLEMENT: (
            _("Yêu cầu bổ sung (một lần)"),
            _("Nêu đầy đủ, một lần, các giấy tờ cần bổ sung và lý do."),
        ),
        Action.PROVIDE_SUPPLEMENT: (_("Nhận hồ sơ bổ sung tại quầy"), ""),
        Action.REFUSE: (
            _("Từ chối tiếp nhận"),
            _("Người nộp nhận phiếu từ chối với lý do ghi dưới đây."),
        ),
        Action.FORWARD: (
            _("Chuyển bước tiếp theo"),
            _("Hoàn thành bước này; hồ sơ chuyển sang bước sau của quy trình."),
        ),
        Action.APPROVE: approve,
        Action.SIGN: sign,
        Action.RETURN: (_("Trả lại bước trước"), ""),
        Action.ASSIGN: (_("Phân công cán bộ"), ""),
        Action.CONSULT: (_("Xin ý kiến đơn vị khác"), ""),
        Action.ANSWER_CONSULTATION: (_("Trả lời xin ý kiến"), ""),
        Action.REJECT: (
            _("Từ chối giải quyết"),
            _("Lý do từ chối là kết quả trả cho người dân."),
        ),
        Action.APOLOGIZE: (_("Xin lỗi và hẹn lại ngày trả"), ""),
        Action.RETURN_RESULT: (
            _("Trả kết quả cho người dân"),
            paper if actions.paper_scan_required(dossier) else "",
        ),
        Action.STOP: (_("Dừng xử lý"), ""),
    }


def _panels(
    dossier: Dossier,
    possible: set[str],
    results: dict[str, Any],
    answerable: list[Consultation],
    refused: tuple[str, forms.Form] | None,
) -> dict[str, Any]:
    """The actions of the page, in the order officers meet them, the main one first."""
    deciding = _deciding(dossier)
    labels = _labels(dossier, deciding=deciding)
    offered = [a for a in labels if a in possible and a != Action.ANSWER_CONSULTATION]
    if Action.SIGN in offered and deciding:
        offered = [a for a in offered if a != Action.APPROVE]
    if Action.PROVIDE_SUPPLEMENT in offered and not _requested(dossier):
        offered.remove(Action.PROVIDE_SUPPLEMENT)
    items: list[tuple[str, str, dict[str, Any] | None]] = [
        (a, _panel_key(a), None) for a in offered
    ]
    items += [
        (
            Action.ANSWER_CONSULTATION,
            _panel_key(Action.ANSWER_CONSULTATION, consultation=c.pk),
            {"consultation": c.pk},
        )
        for c in answerable
    ]
    panels = []
    for action, key, initial in items:
        label, hint = labels[action]
        if refused is not None and refused[0] == action and refused[1].auto_id == f"{key}-%s":
            form = refused[1]
        else:
            form = _form_for(dossier, action, auto_id=f"{key}-%s", initial=initial)
        panels.append(
            Panel(
                action=action,
                key=key,
                label=str(label),
                hint=str(hint),
                form=form,
                warning=action in _WARNING,
                eform=results.get(action),
                open=form.is_bound,
            )
        )
    main = next((p for a in _MAIN for p in panels if p.action == a), None)
    if main is not None:
        main.primary = True
        panels.remove(main)
    failed = refused[1] if refused is not None else None
    return {
        "main_action": main,
        "more_actions": panels,
        "refused_form": failed if failed is not None and failed.errors else None,
    }


def _events(dossier: Dossier) -> list[tuple[Any, list[str]]]:
    """The dossier's events, each with what it changed in the declaration (corrections)."""
    version = dossier.procedure_version
    return [
        (
            event,
            correction_lines(version, event.parameters)
            if event.type == EventType.DECLARATION_CORRECTED
            else [],
        )
        for event in dossier.history().select_related("step").order_by("seq")
    ]


def _declaration_context(dossier: Dossier) -> dict[str, Any]:
    """The declaration as declared, by section, with what came from the state's data marked
    and the schema it was filled under."""
    version = dossier.procedure_version
    schema = version.declaration
    if schema is None or not dossier.declaration:
        return {"declaration": None}
    sources = {p: source_label(s) for p, s in (dossier.declaration_sources or {}).items()}
    return {
        "declaration": declaration_rows(schema, dossier.declaration, sources),
        "declaration_schema": schema,
        "declaration_digest": dossier.declaration_schema_sha256,
        "declaration_current": (
            dossier.declaration_schema_sha256 == schema_digest(version.declaration_schema)
        ),
    }


def _deciding(dossier: Dossier) -> bool:
    """Whether the dossier is at the last step of its workflow (approving or signing there
    decides it, with the result data)."""
    step = dossier.current_step
    return step is not None and not step.workflow.steps.filter(position__gt=step.position).exists()


def _result_inputs(
    dossier: Dossier,
    possible: set[str],
    values: dict[str, Any] | None,
    errors: dict[str, list[Any]] | None,
) -> dict[str, list[eform.SectionInputs]]:
    """The result schema's inputs of the approving and the signing form, when this act
    decides the dossier (each form its own HTML ids)."""
    form = dossier.procedure_version.result_form
    if form is None or not _deciding(dossier):
        return {}
    return {
        action: eform.inputs(
            form,
            dossier.result_data if values is None else values,
            prefix=RESULT_PREFIX,
            errors=errors,
            defaults=values is None and not dossier.result_data,
            id_prefix=f"{action}-{RESULT_PREFIX}",
        )
        for action in (Action.APPROVE, Action.SIGN)
        if action in possible
    }


RESULT_PREFIX = "kq"


@officer_required
@require_POST
def digitize(request: HttpRequest, code: str, component_id: int) -> HttpResponse:
    """Scan a paper component at the counter, or record why it cannot be digitized."""
    dossier = get_dossier_for_officer(_user(request), code)
    # Those who only read the dossier are forbidden; a colleague is told by the action.
    if acting_unit(_user(request), dossier) is None:
        raise PermissionDenied(_("Chỉ cán bộ một cửa của đơn vị tiếp nhận được số hóa hồ sơ."))
    cannot = request.POST.get("mode") == "not_digitizable"
    form: forms.Form = (
        bf.NotDigitizableForm(request.POST)
        if cannot
        else bf.DigitizeForm(request.POST, request.FILES)
    )
    try:
        if not form.is_valid():
            raise DossierError("form.invalid", detail=_form_errors(form))
        if cannot:
            actions.mark_not_digitizable(
                dossier,
                actor=person(_user(request)),
                component_id=component_id,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Đã ghi nhận giấy tờ không số hóa được."))
        else:
            actions.digitize_component(
                dossier,
                actor=person(_user(request)),
                component_id=component_id,
                upload=form.cleaned_data["scan"],
            )
            messages.success(request, _("Đã số hóa và ký số bản sao điện tử."))
    except DossierError as exc:
        messages.error(request, str(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))
    return redirect("backoffice:dossier", code=dossier.code)


@officer_required
def correct_declaration(request: HttpRequest, code: str) -> HttpResponse:
    """Correct an obvious error of the declaration, value by value, with the reason; the
    values the state's data gave and the schema locks are shown, not editable (they are
    corrected at their source: a data correction request to the registry)."""
    user = _user(request)
    dossier = get_dossier_for_officer(user, code)
    if acting_unit(user, dossier) is None:  # those who only read the dossier
        raise PermissionDenied(_("Chỉ cán bộ đang giải quyết hồ sơ được sửa tờ khai."))
    back = redirect("backoffice:dossier", code=dossier.code)
    if (refused := refusal(user, dossier, Action.CORRECT_DECLARATION)) is not None:
        messages.error(request, str(refused))
        return back
    schema = dossier.procedure_version.declaration
    if schema is None or not dossier.declaration:
        messages.error(request, str(DossierError("declaration.unexpected")))
        return back
    given = _state_given(schema, dossier)
    reason_form = bf.CorrectDeclarationForm(request.POST or None)
    values: dict[str, Any] = dossier.declaration
    errors: dict[str, list[Any]] = {}
    if request.method == "POST":
        values = eform.with_values(eform.read(schema, request.POST, prefix="tk"), given)
        checked = validate(schema, values, today=to_local(clock.now()).date())
        errors = checked.errors
        if checked.ok and reason_form.is_valid():
            old, new = flatten(schema, dossier.declaration), flatten(schema, checked.data)
            changes = {
                path: new.get(path)
                for path in dict.fromkeys([*old, *new])
                if path not in given and new.get(path) != old.get(path)
            }
            try:
                actions.correct_declaration(
                    dossier,
                    actor=person(user),
                    changes=changes,
                    reason=reason_form.cleaned_data["reason"],
                )
            except DeclarationInvalid as exc:
                errors = exc.errors
            except DossierError as exc:
                reason_form.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã sửa tờ khai; người nộp được thông báo."))
                return back
    sections = eform.inputs(
        schema,
        values,
        prefix="tk",
        errors=errors,
        sources={p: source_label(s) for p, s in (dossier.declaration_sources or {}).items()},
        locked=given,
    )
    return render(
        request,
        "backoffice/correct_declaration.html",
        {
            "dossier": dossier,
            "declaration": sections,
            "declaration_schema": schema,
            "declaration_errors": [i for i in eform.flat_inputs(sections) if i.errors],
            "reason_form": reason_form,
            "communes": eform.commune_options() if eform.has_address(sections) else [],
            "prefix": "tk",
        },
        status=400 if request.method == "POST" else 200,
    )


def _state_given(schema: Any, dossier: Dossier) -> dict[str, Any]:
    """The declared values the state's data gave (registry, data store) where the schema
    locks them: they are not corrected on the dossier."""
    sources = dossier.declaration_sources or {}
    return {
        path: value
        for path, value in flatten(schema, dossier.declaration).items()
        if str(sources.get(path, "")).partition(":")[0] in (REGISTRY, STORE)
        and locked_by_law(schema, path)
    }


@officer_required
def issued_pdf(request: HttpRequest, code: str, document_code: str) -> FileResponse:
    dossier = get_dossier_for_officer(_user(request), code)
    document = get_object_or_404(documents_of(dossier), code=document_code)
    return FileResponse(
        document.file.open("rb"), content_type="application/pdf", filename=f"{document.code}.pdf"
    )


@officer_required
@require_POST
def file_correction(request: HttpRequest, code: str) -> HttpResponse:
    """Ask the registry owner to correct the applicant's data found wrong (R13)."""
    user = _user(request)
    dossier = get_dossier_for_officer(user, code)
    # Filed in the unit where the officer works on the dossier; those who only read it
    # (inspectors, administrators) file nothing.
    unit = acting_unit(user, dossier)
    if unit is None:
        raise PermissionDenied(
            _("Chỉ cán bộ đang giải quyết hồ sơ được đề nghị điều chỉnh dữ liệu.")
        )
    form = bf.CorrectionForm(request.POST)
    try:
        if not form.is_valid():
            raise CorrectionError(_form_errors(form))
        corrections.file_correction(
            officer=user,
            unit=unit,
            id_number=dossier.applicant_id_number,
            dossier=dossier,
            **form.cleaned_data,
        )
        messages.success(request, _("Đã gửi đề nghị điều chỉnh dữ liệu dân cư."))
    except CorrectionError as exc:
        messages.error(request, str(exc))
    return redirect("backoffice:dossier", code=dossier.code)


@officer_required
def correction_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        which = bf.CorrectionChoiceForm(request.POST)
        if not which.is_valid():
            return _refused(
                request,
                _("Số đề nghị điều chỉnh không hợp lệ."),
                "correction.bad_request_id",
                status=400,
            )
        item = get_object_or_404(corrections.visible_to(user), pk=which.cleaned_data["request"])
        form = bf.ResolveCorrectionForm(request.POST)
        try:
            if not form.is_valid():
                raise CorrectionError(_form_errors(form))
            corrections.resolve_correction(
                item,
                officer=user,
                corrected=form.cleaned_data["corrected"],
                resolution=form.cleaned_data["resolution"],
            )
            messages.success(request, _("Đã ghi nhận kết quả xử lý."))
        except CorrectionError as exc:
            messages.error(request, str(exc))
        return redirect("backoffice:corrections")
    status = request.GET.get("tinh-trang") or CorrectionRequest.Status.OPEN
    requests = with_dossier_code(corrections.visible_to(user).filter(status=status))
    page = Paginator(requests, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "backoffice/corrections.html",
        {
            "page": page,
            "status": status,
            "statuses": CorrectionRequest.Status.choices,
            "fields": corrections.FIELDS,
            "resolver": corrections.may_resolve(user),
            "resolve_form": bf.ResolveCorrectionForm(),
        },
    )


@officer_required
def control_slip(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    dossier = get_dossier_for_officer(user, code)
    officer = user.get_full_name() or user.get_username()
    return signed_download(
        request, lambda: control_slip_pdf(dossier, officer), f"phieu-kiem-soat-{dossier.code}.pdf"
    )


@officer_required
def slip_pdf(request: HttpRequest, code: str, slip_id: int) -> HttpResponse:
    dossier = get_dossier_for_officer(_user(request), code)
    slip = get_object_or_404(Slip, pk=slip_id, dossier=dossier)
    return slip_download(request, slip, f"{slip.kind}-{dossier.code}.pdf")


@officer_required
def dossier_file(request: HttpRequest, code: str, component_id: int) -> FileResponse:
    dossier = get_dossier_for_officer(_user(request), code)
    item = get_object_or_404(DossierComponent, dossier=dossier, component_id=component_id)
    if not item.file:
        raise Http404
    name = item.original_name or str(item.file.name).rsplit("/", 1)[-1]
    return FileResponse(item.file.open("rb"), as_attachment=False, filename=name)


def _requested(dossier: Dossier) -> list[Any]:
    items = dossier.components.filter(state=DossierComponent.State.REQUESTED)
    return [item.component for item in items.select_related("component")]


def _form_for(
    dossier: Dossier,
    action: str,
    post: Any = None,
    files: Any = None,
    *,
    auto_id: str = "id_%s",
    initial: dict[str, Any] | None = None,
) -> forms.Form:
    """The form of ``action`` on this dossier; ``auto_id`` gives each form shown on the page
    its own HTML ids (the posted names stay the fields' names)."""
    kw: dict[str, Any] = {"auto_id": auto_id, "initial": initial}
    builders: dict[str, Callable[[], forms.Form]] = {
        Action.ACCEPT: lambda: bf.NoteForm(post, **kw),
        Action.RETURN_RESULT: lambda: bf.ReturnResultForm(
            post, files, paper_required=actions.paper_scan_required(dossier), **kw
        ),
        Action.REQUEST_SUPPLEMENT: lambda: bf.SupplementForm(
            post, choices=_supplement_choices(dossier), **kw
        ),
        Action.FORWARD: lambda: bf.ResultForm(post, **kw),
        Action.APPROVE: lambda: bf.FinishForm(post, files, **kw),
        Action.SIGN: lambda: bf.FinishForm(post, files, **kw),
        Action.ASSIGN: lambda: bf.AssignForm(post, officers=_step_officers(dossier), **kw),
        Action.CONSULT: lambda: bf.ConsultForm(post, **kw),
        Action.ANSWER_CONSULTATION: lambda: bf.AnswerForm(post, **kw),
        Action.APOLOGIZE: lambda: bf.ApologyForm(post, **kw),
        Action.PROVIDE_SUPPLEMENT: lambda: bf.CounterSupplementForm(
            post, files, components=_requested(dossier), **kw
        ),
    }
    return _described(builders.get(action, lambda: bf.ReasonForm(post, **kw))())


def _described(form: forms.Form) -> forms.Form:
    """Each input described by its hint and, once refused, its error (GOV.UK pattern)."""
    for name, field in form.fields.items():
        bound = form[name]
        ids = []
        if field.help_text:
            ids.append(f"{bound.auto_id}-hint")
        if form.is_bound and form.errors.get(name):
            ids.append(f"{bound.auto_id}-error")
        if ids:
            field.widget.attrs["aria-describedby"] = " ".join(ids)
    return form


_DONE = {
    Action.ACCEPT: _lazy("Đã tiếp nhận hồ sơ. Giấy tiếp nhận và hẹn trả kết quả đã được lập."),
    Action.REQUEST_SUPPLEMENT: _lazy("Đã gửi yêu cầu bổ sung hồ sơ (một lần, đầy đủ)."),
    Action.PROVIDE_SUPPLEMENT: _lazy("Đã nhận hồ sơ bổ sung."),
    Action.REFUSE: _lazy("Đã từ chối tiếp nhận hồ sơ."),
    Action.FORWARD: _lazy("Đã chuyển bước tiếp theo."),
    Action.RETURN: _lazy("Đã trả lại bước trước."),
    Action.APPROVE: _lazy("Đã phê duyệt."),
    Action.SIGN: _lazy("Đã ký kết quả."),
    Action.REJECT: _lazy("Đã từ chối giải quyết; lý do là kết quả trả cho người dân."),
    Action.ASSIGN: _lazy("Đã phân công."),
    Action.CONSULT: _lazy("Đã gửi xin ý kiến."),
    Action.ANSWER_CONSULTATION: _lazy("Đã trả lời xin ý kiến."),
    Action.APOLOGIZE: _lazy("Đã lập văn bản xin lỗi và hẹn lại ngày trả kết quả."),
    Action.RETURN_RESULT: _lazy("Đã trả kết quả."),
    Action.STOP: _lazy("Đã dừng xử lý hồ sơ."),
}


Perform = Callable[[Dossier, Actor, dict[str, Any]], object]

# What an officer may post from the dossier page, and the action each one calls. Marking a
# dossier due soon or overdue (the deadline scan's) and asking to withdraw it (the
# applicant's, on the portal) are not here, so their names are not found.
_CALLS: dict[str, Perform] = {
    Action.ACCEPT: lambda dossier, actor, data: actions.accept_dossier(dossier, actor=actor),
    Action.REQUEST_SUPPLEMENT: lambda dossier, actor, data: actions.request_supplement(
        dossier,
        actor=actor,
        component_ids=[int(c) for c in data["components"]],
        reason=data["reason"],
    ),
    Action.PROVIDE_SUPPLEMENT: lambda dossier, actor, data: actions.provide_supplement(
        dossier, actor=actor, files={int(k[1:]): v for k, v in data.items()}
    ),
    Action.REFUSE: lambda dossier, actor, data: actions.refuse_dossier(
        dossier, actor=actor, reason=data["reason"]
    ),
    Action.FORWARD: lambda dossier, actor, data: actions.forward(
        dossier, actor=actor, note=data["reason"]
    ),
    Action.RETURN: lambda dossier, actor, data: actions.send_back(
        dossier, actor=actor, reason=data["reason"]
    ),
    Action.APPROVE: lambda dossier, actor, data: actions.approve(
        dossier,
        actor=actor,
        note=data["reason"],
        result=data["result"],
        result_file=data["result_file"],
        result_data=data.get("result_data"),
    ),
    Action.SIGN: lambda dossier, actor, data: actions.sign(
        dossier,
        actor=actor,
        note=data["reason"],
        result=data["result"],
        result_file=data["result_file"],
        result_data=data.get("result_data"),
    ),
    Action.REJECT: lambda dossier, actor, data: actions.reject(
        dossier, actor=actor, reason=data["reason"]
    ),
    Action.ASSIGN: lambda dossier, actor, data: actions.assign(
        dossier, actor=actor, assignee=data["assignee"]
    ),
    Action.CONSULT: lambda dossier, actor, data: actions.consult(
        dossier,
        actor=actor,
        to_unit=data["to_unit"],
        question=data["question"],
        working_days=data["working_days"],
    ),
    Action.ANSWER_CONSULTATION: lambda dossier, actor, data: actions.answer_consultation(
        get_object_or_404(Consultation, pk=data["consultation"], dossier=dossier),
        actor=actor,
        answer=data["answer"],
    ),
    Action.APOLOGIZE: lambda dossier, actor, data: actions.issue_apology(
        dossier,
        actor=actor,
        extra_working_days=data["extra_working_days"],
        reason=data["reason"],
    ),
    Action.RETURN_RESULT: lambda dossier, actor, data: actions.return_result(
        dossier, actor=actor, note=data["reason"], paper_scan=data["paper_scan"]
    ),
    Action.STOP: lambda dossier, actor, data: actions.stop_dossier(
        dossier, actor=actor, reason=data["reason"]
    ),
}
OFFICER_ACTIONS = frozenset(_CALLS)

# The refusals that are about one field of the action's form: shown at that field.
_FIELD_ERRORS: dict[str, dict[str, str]] = {
    Action.RETURN_RESULT: {
        "result.paper_required": "paper_scan",
        "file.paper_scan_refused": "paper_scan",
    },
}


def _panel_key(action: str, request: HttpRequest | None = None, consultation: int = 0) -> str:
    """The prefix of a form's HTML ids on the dossier page: the action, and for an answer the
    consultation it answers (several may be open)."""
    if action == Action.ANSWER_CONSULTATION:
        number = consultation or (request.POST.get("consultation", "") if request else "")
        return f"{action}-{str(number)[:12]}"
    return str(action)


def _form_errors(form: forms.Form) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(e) for e in errors)
        parts.append(f"{label}: {text}" if label else text)
    return "; ".join(parts)


@officer_required
@require_POST
def dossier_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    user = _user(request)
    dossier = get_dossier_for_officer(user, code)
    if action not in OFFICER_ACTIONS:
        return _refused(
            request,
            _("Không có thao tác “%(action)s” trên hồ sơ.") % {"action": action[:50]},
            "backoffice.unknown_action",
            status=404,
        )
    # Permission before the form and the action's rules: someone who may not act leaves
    # no trace on the dossier, not even a refused attempt. Those who only read it
    # (inspectors, administrators) are forbidden; a colleague working on it in another
    # role or step is told why, on the dossier page.
    if (refused := refusal(user, dossier, action)) is not None:
        if acting_unit(user, dossier) is None:
            raise PermissionDenied(refused)
        messages.error(request, str(refused))
        return redirect(reverse("backoffice:dossier", kwargs={"code": dossier.code}))
    form = _form_for(
        dossier, action, request.POST, request.FILES, auto_id=f"{_panel_key(action, request)}-%s"
    )
    result_form = dossier.procedure_version.result_form
    posted_result = (
        eform.read(result_form, request.POST, prefix=RESULT_PREFIX)
        if result_form is not None
        and action in (Action.APPROVE, Action.SIGN)
        and _deciding(dossier)
        else None
    )
    if not form.is_valid():  # shown again, each error at its field, nothing typed lost
        return _dossier_page(
            request, user, dossier, refused=(action, form), result_values=posted_result, status=400
        )
    try:
        _CALLS[action](dossier, person(user), {**form.cleaned_data, "result_data": posted_result})
        messages.success(request, str(_DONE[Action(action)]))
    except ResultDataInvalid as exc:  # shown again at its fields, nothing typed lost
        messages.error(request, str(exc))
        return _dossier_page(
            request,
            user,
            dossier,
            refused=(action, form),
            result_values=posted_result,
            result_errors=exc.errors,
            status=400,
        )
    except DossierError as exc:  # rules, illegal moves and refusals (dossiers.errors)
        if exc.code not in _FIELD_ERRORS.get(action, {}):
            messages.error(request, str(exc))
            return redirect(reverse("backoffice:dossier", kwargs={"code": dossier.code}))
        form.add_error(_FIELD_ERRORS[action][exc.code], str(exc))
        _described(form)
        return _dossier_page(request, user, dossier, refused=(action, form), status=400)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))
    return redirect(reverse("backoffice:dossier", kwargs={"code": dossier.code}))


@officer_required
def late_dossiers(request: HttpRequest) -> HttpResponse:
    """For inspectors and leaders: what was late in the dossiers they can see (the overdue
    mark, a late decision, a step left after its own due date), with who held them; and the
    refused unlawful attempts. Newest first, a page at a time by keyset (``?truoc=``)."""
    after = Cursor.parse(request.GET.get("truoc", "")[:80])
    page = violations(_user(request), after=after, size=PAGE_SIZE)
    return render(
        request,
        "backoffice/violations.html",
        {"page": page, "first": after is None, "Status": Status},
    )
