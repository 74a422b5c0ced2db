"""Every change of a dossier's state. Each function locks the dossier, checks the rule, changes
it and writes exactly one event, in one transaction; side effects (notifications) are queued
to run after commit. A refused attempt at an unlawful act (a second supplement request, a
document outside the legal list, a document the state already holds) is itself recorded as an
event for inspectors, then refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import IntegrityError, transaction

from accounts.models import Role, User
from accounts.roles import holds
from catalog.models import (
    Channel,
    ChannelOption,
    Component,
    ProcedureVersion,
    StepAction,
    UnitRule,
    Workflow,
    WorkflowStep,
)
from catalog.transfer import DEFAULT_FILE_TYPES
from core import clock
from documents.checks import UploadRefused, check_upload
from documents.files import discard_unreferenced
from documents.models import StoredDocument
from documents.store import applicant_store
from dossiers import access
from dossiers.codes import next_code
from dossiers.events import SYSTEM, Actor, append_event
from dossiers.models import (
    Consultation,
    DeadlineState,
    Dossier,
    DossierComponent,
    DossierEvent,
    EventType,
    Outcome,
    Slip,
    Status,
)
from dossiers.notify import notify_applicant
from dossiers.workflow import CLOSED, Action, IllegalTransition, next_status
from units.models import GovernmentUnit
from workdays.calendar import TimeLimit, WorkCalendar, to_local

ComponentState = DossierComponent.State


class DossierError(ValueError):
    """A request the rules refuse; the message is for the person who made it."""


class RuleViolation(DossierError):
    """An unlawful act the system refuses and records for inspectors."""


# Helpers ---------------------------------------------------------------------------------


def _lock(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def _now() -> datetime:
    return clock.now()


def _step_unit(dossier: Dossier, step: WorkflowStep) -> GovernmentUnit:
    if step.unit_rule == UnitRule.RECEIVING:
        return dossier.receiving_unit
    if step.unit_rule == UnitRule.FIXED and step.unit is not None:
        return step.unit
    return dossier.competent_unit


def _steps(dossier: Dossier) -> list[WorkflowStep]:
    return list(dossier.workflow.steps.select_related("unit").order_by("position"))


def _enter_step(dossier: Dossier, step: WorkflowStep, calendar: WorkCalendar) -> None:
    dossier.current_step = step
    dossier.current_unit = _step_unit(dossier, step)
    dossier.current_role = step.role
    dossier.assignee = None
    # Counted like the overall limit: from the working moment the step is entered.
    entered = calendar.reception_time(_now()).date()
    step_due = calendar.close_of_working_day(entered, step.working_days)
    dossier.step_due_at = min(step_due, dossier.due_at) if dossier.due_at else step_due


def _close_consultations(dossier: Dossier) -> list[int]:
    """Withdraw open requests for opinions: nobody should answer for a closed dossier."""
    open_ones = dossier.consultations.filter(answered_at__isnull=True, cancelled_at__isnull=True)
    ids = list(open_ones.values_list("pk", flat=True))
    open_ones.update(cancelled_at=_now())
    return ids


def _leave_steps(dossier: Dossier) -> None:
    dossier.current_step = None
    dossier.current_unit = None
    dossier.current_role = ""
    dossier.assignee = None
    dossier.step_due_at = None


def _step_actor(user: User, dossier: Dossier, step_action: StepAction) -> Actor:
    """The actor for a step action: holds the step's role in its unit, the step allows the
    action, and when the dossier is assigned, it is the assignee (or a leader there)."""
    step, unit = dossier.current_step, dossier.current_unit
    if step is None or unit is None:
        raise DossierError("Hồ sơ không ở bước xử lý nào.")
    # Permission first: someone who may not act learns nothing about the step's rules.
    if (refused := access.step_refusal(user, dossier)) is not None:
        raise PermissionDenied(refused)
    if step_action not in step.actions:
        raise DossierError(f"Bước “{step.name}” không cho phép thao tác này.")
    return Actor(user, dossier.current_role, unit)


def _desk_actor(user: User, dossier: Dossier) -> Actor:
    if not access.at_desk(user, dossier):
        raise PermissionDenied("Chỉ cán bộ một cửa của đơn vị tiếp nhận được làm việc này.")
    return Actor(user, Role.FRONT_DESK, dossier.receiving_unit)


def _permit(user: User, dossier: Dossier, action: Action) -> None:
    """Refuse, before any rule is checked (and a violation recorded), whoever may not do
    ``action`` here: the back office asks ``access.can_act_on`` the same question."""
    if (refused := access.refusal(user, dossier, action)) is not None:
        raise PermissionDenied(refused)


def _transition(dossier: Dossier, action: Action) -> tuple[str, Status]:
    before = dossier.status
    return before, next_status(before, action)


def _slip(
    dossier: Dossier, kind: Slip.Kind, actor: Actor, event: DossierEvent, **content: Any
) -> Slip:
    assert actor.unit is not None  # noqa: S101 - slips are issued by a unit, never the system
    version = dossier.procedure_version
    base = {
        "dossier_code": dossier.code,
        "procedure_code": version.procedure.code,
        "procedure_name": version.name,
        "applicant_name": dossier.applicant_name,
        "applicant_id_number": dossier.applicant_id_number,
        "applicant_phone": dossier.applicant_phone,
        "applicant_address": dossier.applicant_address,
        "unit_code": actor.unit.code if actor.unit else "",
        "unit_name": actor.unit.name if actor.unit else "",
        "issued_by": actor.name,
        "issued_at": to_local(event.at).isoformat(),
    }
    slip = Slip.objects.create(
        dossier=dossier,
        kind=kind,
        issued_at=event.at,
        issued_by=actor.user,
        unit=actor.unit,
        event=event,
        content={**base, **content},
    )
    # Signed and stored by the worker as soon as the slip exists (a download before that
    # makes it on the spot, once). The slip row, due from now, is the outbox: this enqueue is
    # the fast path, and the worker's sweep issues the slip if it is lost after the commit.
    transaction.on_commit(partial(_enqueue_slip, slip.pk))
    return slip


def _enqueue_slip(slip_id: int) -> None:
    from dossiers.tasks import issue_slip

    issue_slip.enqueue(slip_id)


def _component_list(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {"name": c.component.name, "state": c.state, "source": c.source}
        for c in dossier.components.select_related("component")
    ]


def _time_limit(version: ProcedureVersion, channel: int) -> TimeLimit:
    option = ChannelOption.objects.filter(version=version, channel=channel).first()
    return option.time_limit if option else version.time_limit


def _refuse_and_record(
    dossier: Dossier, actor: Actor, message: str, attempted: str, **parameters: Any
) -> RuleViolation:
    """Record the unlawful attempt (committed even though the act is refused)."""
    append_event(
        dossier,
        EventType.RULE_REFUSED,
        actor,
        reason=message,
        parameters={"attempted": attempted, **parameters},
    )
    return RuleViolation(message)


# Intake ----------------------------------------------------------------------------------


def submit_dossier(
    *,
    version: ProcedureVersion,
    channel: int,
    created_by: User,
    receiving_unit: GovernmentUnit,
    competent_unit: GovernmentUnit,
    applicant_name: str,
    applicant_id_number: str,
    applicant: User | None = None,
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_address: str = "",
    form_data: Mapping[str, Any] | None = None,
    files: Mapping[int, File[Any]] | None = None,
    from_data: Mapping[int, str] | None = None,
    assisted_by: User | None = None,
    consent_method: str = "",
    submission_key: UUID | None = None,
) -> Dossier:
    """Create a dossier in SUBMITTED, with its code. Retrying with the same submission key
    returns the dossier already created instead of a second one."""
    if submission_key is not None:
        existing = _submitted_with(submission_key, created_by)
        if existing is not None:
            return existing
    files, from_data = dict(files or {}), dict(from_data or {})
    _check_submission(version, channel, receiving_unit, competent_unit, assisted_by, consent_method)
    workflow = Workflow.current_for(version)
    if workflow is None:
        raise DossierError("Thủ tục này chưa có quy trình điện tử được công bố.")
    components = list(version.components.all())
    known = {c.pk for c in components}
    if not set(files) | set(from_data) <= known:
        raise DossierError("Chỉ được nộp giấy tờ thuộc thành phần hồ sơ của thủ tục.")
    files = _checked(files, {c.pk: c for c in components})
    _check_total(files.values())
    reusable = {c.pk for c in components if c.reusable_from_data}
    if not set(from_data) <= reusable:
        raise DossierError("Chỉ giấy tờ có thể khai thác từ dữ liệu mới được ghi nhận là sẵn có.")
    # The store comes first: what the state issued the applicant is reused (and flagged),
    # even where another data source could also have been cited.
    reused = _reusable_from_store(applicant_id_number, components, set(files))
    from_data = {pk: source for pk, source in from_data.items() if pk not in reused}
    if channel == Channel.ONLINE:
        missing = [
            c.name
            for c in components
            if c.required and c.pk not in files | from_data.keys() | reused.keys()
        ]
        if missing:
            raise DossierError("Còn thiếu giấy tờ bắt buộc: " + "; ".join(missing))
    now = _now()
    stored: list[str] = []
    try:
        with transaction.atomic():
            dossier = _create_dossier(
                stored,
                version=version,
                workflow=workflow,
                channel=channel,
                now=now,
                components=components,
                files=files,
                from_data=from_data,
                reused=reused,
                created_by=created_by,
                receiving_unit=receiving_unit,
                competent_unit=competent_unit,
                applicant=applicant,
                applicant_name=applicant_name,
                applicant_id_number=applicant_id_number,
                applicant_phone=applicant_phone,
                applicant_email=applicant_email,
                applicant_address=applicant_address,
                form_data=dict(form_data or {}),
                assisted_by=assisted_by,
                consent_method=consent_method,
                submission_key=submission_key,
            )
    except IntegrityError:
        _discard(stored)
        # Two retries of one submission raced: the other one created it.
        existing = _submitted_with(submission_key, created_by) if submission_key else None
        if existing is None:
            raise
        return existing
    except BaseException:
        _discard(stored)
        raise
    return dossier


def _submitted_with(key: UUID, created_by: User) -> Dossier | None:
    """The dossier this person already submitted with this key (a key from someone else's
    submission gives nothing: keys come from browsers)."""
    existing = Dossier.objects.filter(submission_key=key).first()
    if existing is not None and existing.created_by_id != created_by.pk:
        raise PermissionDenied("Mã nộp hồ sơ này thuộc một lần nộp khác.")
    return existing


def _checked(
    files: Mapping[int, File[Any]], components: Mapping[int, Component]
) -> dict[int, File[Any]]:
    """Every upload as it may be kept (documents.checks), or a DossierError naming the item."""
    kept: dict[int, File[Any]] = {}
    for component_id, upload in files.items():
        component = components[component_id]
        accepted = component.accepted_file_types or DEFAULT_FILE_TYPES
        try:
            kept[component_id] = check_upload(
                upload, accepted=accepted, max_bytes=component.max_bytes
            ).as_file()
        except UploadRefused as refused:
            raise DossierError(f"{component.name}: {refused}") from None
    return kept


def _check_total(files: Iterable[File[Any]], already: int = 0) -> None:
    """The whole dossier stays under the per-dossier limit (MOTCUA_MAX_DOSSIER_BYTES)."""
    total = already + sum(f.size or 0 for f in files)
    limit = settings.MOTCUA_MAX_DOSSIER_BYTES
    if total > limit:
        raise DossierError(
            f"Tổng dung lượng các tệp của hồ sơ ({total / 1048576:.1f} MB) vượt mức cho phép "
            f"{limit // 1048576} MB: hãy nén hoặc quét với độ phân giải thấp hơn."
        )


def _stored_bytes(dossier: Dossier, *, besides: Iterable[int] = ()) -> int:
    """What the dossier's files weigh now, leaving out the components about to be replaced."""
    total = 0
    for item in dossier.components.exclude(component_id__in=list(besides)).exclude(file=""):
        if item.reused_document:
            continue  # a document of the store, not part of this submission
        try:
            total += item.file.size
        except OSError:
            continue
    return total


def _discard(names: list[str]) -> None:
    """Remove files stored by a transaction that did not commit (unless shared)."""
    discard_unreferenced(names)


def _save_file(item: DossierComponent, upload: File[Any], stored: list[str]) -> None:
    item.original_name = (upload.name or "tep").rsplit("/", 1)[-1][:255]
    item.file.save(upload.name or "tep", upload, save=False)
    stored.append(item.file.name or "")


FROM_STORE = "kho dữ liệu"
SCAN_TYPES = ["pdf", "jpeg", "png", "tiff"]
DIGITIZED_AT_DESK = "số hóa tại bộ phận một cửa"


def _reusable_from_store(
    id_number: str, components: list[Component], given: set[int]
) -> dict[int, StoredDocument]:
    """Components the applicant's data store satisfies and that they did not provide anew."""
    wanted = {c.pk: c.document_type for c in components if c.document_type and c.pk not in given}
    if not wanted:
        return {}
    store = applicant_store(id_number, to_local(_now()).date())
    return {pk: store[kind] for pk, kind in wanted.items() if kind in store}


@contextmanager
def _issuing() -> Iterator[None]:
    """Signing or template failures become a clear refusal; the transaction rolls back."""
    from documents.issue import TemplateFailed
    from documents.signing import SignatureError

    try:
        yield
    except (SignatureError, TemplateFailed) as exc:
        raise DossierError(f"Không lập được văn bản có chữ ký số: {exc}") from exc


def _certify(item: DossierComponent, unit: GovernmentUnit, at: datetime, stored: list[str]) -> None:
    """Sign the digitized copy with the receiving unit's certificate (certified copy, R27)."""
    from dossiers.results import certify_copy  # pyHanko loads on use

    raw = item.file.name
    assert raw  # noqa: S101 - called right after the file was saved
    with item.file.open("rb") as scan, _issuing():
        document = certify_copy(item, scan.read(), unit=unit, at=at)
    stored.append(document.file.name or "")
    item.file.name = document.file.name
    item.state, item.source = ComponentState.PROVIDED, DIGITIZED_AT_DESK
    item.certified_copy = document.code
    item.save(update_fields=["file", "state", "source", "certified_copy"])
    # The unsigned scan is kept nowhere once its certified copy is.
    transaction.on_commit(partial(discard_unreferenced, [raw]))


def _create_dossier(
    stored: list[str],
    *,
    version: ProcedureVersion,
    workflow: Workflow,
    channel: int,
    now: datetime,
    components: list[Component],
    files: dict[int, File[Any]],
    from_data: dict[int, str],
    reused: dict[int, StoredDocument],
    created_by: User,
    receiving_unit: GovernmentUnit,
    competent_unit: GovernmentUnit,
    assisted_by: User | None,
    submission_key: UUID | None,
    **applicant_fields: Any,
) -> Dossier:
    with transaction.atomic():
        dossier = Dossier.objects.create(
            code=next_code(receiving_unit, to_local(now).date()),
            procedure_version=version,
            workflow=workflow,
            channel=channel,
            status=Status.SUBMITTED,
            created_by=created_by,
            assisted_by=assisted_by,
            consent_given_at=now if assisted_by else None,
            receiving_unit=receiving_unit,
            competent_unit=competent_unit,
            submitted_at=now,
            submission_key=submission_key,
            **applicant_fields,
        )
        at_counter = channel != Channel.ONLINE
        for component in components:
            item = DossierComponent(dossier=dossier, component=component)
            if component.pk in files:
                item.state, item.source = ComponentState.PROVIDED, "upload"
                _save_file(item, files[component.pk], stored)
            elif component.pk in from_data:
                item.state, item.source = ComponentState.FROM_DATA, from_data[component.pk]
            elif component.pk in reused:
                entry = reused[component.pk]
                item.state, item.source = ComponentState.FROM_DATA, FROM_STORE
                item.reused_document = entry.document.code
                item.file.name = entry.document.file.name  # the same stored file, not a copy
                item.original_name = f"{entry.document.code}.pdf"
            else:
                item.state = ComponentState.MISSING
            item.save()
            scanned = at_counter and component.pk in files and item.original_name.endswith(".pdf")
            if scanned:  # a scan (PDF or image) made at the desk: certified at once
                _certify(item, receiving_unit, now, stored)
        # An officer lodging at their own desk acts as the desk; anyone else as themselves.
        at_desk = channel != Channel.ONLINE and holds(created_by, Role.FRONT_DESK, receiving_unit)
        actor = Actor(created_by, Role.FRONT_DESK, receiving_unit) if at_desk else Actor(created_by)
        append_event(
            dossier,
            EventType.SUBMITTED,
            actor,
            to_status=Status.SUBMITTED,
            parameters={
                "channel": channel,
                "receiving_unit": receiving_unit.code,
                "competent_unit": competent_unit.code,
                "assisted_by": assisted_by.pk if assisted_by else None,
                "from_data": {str(k): v for k, v in from_data.items()},
                "reused": {str(k): v.document.code for k, v in reused.items()},
            },
        )
    return dossier


def _check_submission(
    version: ProcedureVersion,
    channel: int,
    receiving_unit: GovernmentUnit,
    competent_unit: GovernmentUnit,
    assisted_by: User | None,
    consent_method: str,
) -> None:
    if not ProcedureVersion.objects.in_force().filter(pk=version.pk).exists():
        raise DossierError("Phiên bản thủ tục này không còn hiệu lực.")
    if not version.channels.filter(channel=channel).exists():
        raise DossierError(f"Thủ tục không nhận hồ sơ qua kênh “{Channel(channel).label}”.")
    if not receiving_unit.receives_dossiers or not receiving_unit.is_active:
        raise DossierError(f"{receiving_unit.name} không phải điểm tiếp nhận hồ sơ.")
    if not ProcedureVersion.objects.filter(pk=version.pk).performed_by(competent_unit).exists():
        raise DossierError(f"{competent_unit.name} không có thẩm quyền giải quyết thủ tục này.")
    if receiving_unit != competent_unit and not version.boundary_free:
        raise DossierError(
            "Thủ tục này phụ thuộc địa giới hành chính: hồ sơ phải nộp tại đơn vị có thẩm quyền."
        )
    if assisted_by is not None and (not assisted_by.is_digital_team or not consent_method.strip()):
        raise DossierError(
            "Nộp thay chỉ dành cho thành viên tổ công nghệ số "
            "và phải ghi nhận sự đồng ý của người dân."
        )


# Reception -------------------------------------------------------------------------------


def _desk_item(dossier: Dossier, user: User, component_id: int) -> tuple[Actor, DossierComponent]:
    actor = _desk_actor(user, dossier)
    if dossier.status != Status.SUBMITTED:
        raise DossierError("Chỉ số hóa thành phần khi hồ sơ đang chờ tiếp nhận.")
    if dossier.channel == Channel.ONLINE:
        raise DossierError("Hồ sơ trực tuyến đã là bản điện tử, không cần số hóa.")
    item = dossier.components.select_related("component").filter(component_id=component_id).first()
    if item is None:
        raise DossierError("Chỉ được số hóa giấy tờ thuộc thành phần hồ sơ của thủ tục.")
    if item.state == ComponentState.FROM_DATA:
        raise DossierError(f"{item.component.name}: đã có từ dữ liệu sẵn có, không cần bản giấy.")
    return actor, item


def digitize_component(
    dossier: Dossier, *, user: User, component_id: int, upload: File[Any]
) -> DossierComponent:
    """The front desk scans a paper component: the scan becomes a certified electronic copy
    signed by the receiving unit, and lands in the applicant's data store (R27)."""
    component = dossier.procedure_version.components.filter(pk=component_id).first()
    if component is None:
        raise DossierError("Chỉ được số hóa giấy tờ thuộc thành phần hồ sơ của thủ tục.")
    try:  # a scan or a photo: what can be signed as a certified copy
        scan = check_upload(upload, accepted=SCAN_TYPES, max_bytes=component.max_bytes).as_file()
    except UploadRefused as refused:
        raise DossierError(f"{component.name}: {refused}") from None
    _check_total([scan], _stored_bytes(dossier, besides=[component_id]))
    stored: list[str] = []
    try:
        with transaction.atomic():
            dossier = _lock(dossier)
            actor, item = _desk_item(dossier, user, component_id)
            now = _now()
            _save_file(item, scan, stored)
            item.note = ""
            item.save()
            _certify(item, dossier.receiving_unit, now, stored)
            append_event(
                dossier,
                EventType.DIGITIZED,
                actor,
                parameters={"component": component_id, "document": item.certified_copy},
            )
    except BaseException:
        _discard(stored)
        raise
    return item


def mark_not_digitizable(
    dossier: Dossier, *, user: User, component_id: int, reason: str
) -> DossierComponent:
    """Record that a paper component cannot be digitized (and why): the paper is kept."""
    if not reason.strip():
        raise DossierError("Cần ghi rõ lý do không số hóa được.")
    with transaction.atomic():
        dossier = _lock(dossier)
        actor, item = _desk_item(dossier, user, component_id)
        item.state, item.note = ComponentState.NOT_DIGITIZABLE, reason.strip()[:500]
        item.save(update_fields=["state", "note"])
        append_event(
            dossier,
            EventType.NOT_DIGITIZABLE,
            actor,
            reason=reason.strip(),
            parameters={"component": component_id},
        )
    return item


def accept_dossier(dossier: Dossier, *, user: User) -> Dossier:
    """Receive a complete dossier: the clock starts, the receipt slip gives the due date."""
    with transaction.atomic():
        dossier = _lock(dossier)
        actor = _desk_actor(user, dossier)
        before, after = _transition(dossier, Action.ACCEPT)
        incomplete = dossier.components.filter(
            component__required=True, state__in=[ComponentState.MISSING, ComponentState.REQUESTED]
        ).select_related("component")
        if incomplete:
            names = "; ".join(c.component.name for c in incomplete)
            raise DossierError(f"Hồ sơ chưa đủ thành phần bắt buộc: {names}.")
        calendar = WorkCalendar.load()
        received = calendar.reception_time(_now())
        dossier.received_at = received
        dossier.due_at = dossier.original_due_at = calendar.due(
            received, _time_limit(dossier.procedure_version, dossier.channel)
        )
        dossier.status = after
        _enter_step(dossier, _steps(dossier)[0], calendar)
        dossier.save()
        event = append_event(
            dossier,
            EventType.RECEIVED,
            actor,
            from_status=before,
            to_status=after,
            parameters={"due_at": dossier.due_at.isoformat(), "received_at": received.isoformat()},
        )
        _slip(
            dossier,
            Slip.Kind.RECEIPT,
            actor,
            event,
            received_at=to_local(received).isoformat(),
            due_at=to_local(dossier.due_at).isoformat(),
            components=_component_list(dossier),
        )
        notify_applicant(dossier, event)
    return dossier


def request_supplement(
    dossier: Dossier, *, user: User, component_ids: Iterable[int], reason: str
) -> Dossier:
    """Ask once, in writing, for everything missing — only items of the legal list, never
    what the state already holds. A second request on the same dossier is refused."""
    wanted = sorted(set(component_ids))
    violation: RuleViolation | None
    with transaction.atomic():
        dossier = _lock(dossier)
        _permit(user, dossier, Action.REQUEST_SUPPLEMENT)
        if dossier.status in access.AT_RECEPTION:
            actor = _desk_actor(user, dossier)
        else:
            actor = _step_actor_any(user, dossier)
        if dossier.supplement_count >= 1:
            # Before the transition: asking again while the first request is still awaited
            # is the same violation as asking again once it was answered.
            violation = _refuse_and_record(
                dossier,
                actor,
                "Hồ sơ đã được yêu cầu bổ sung một lần; không được yêu cầu bổ sung lần thứ hai.",
                "second_supplement_request",
                components=wanted,
            )
        else:
            violation = _ask_for_supplement(dossier, actor, wanted, reason)
    # Raised once the transaction has committed: the refused attempt stays on record.
    if violation is not None:
        raise violation
    return dossier


def _ask_for_supplement(
    dossier: Dossier, actor: Actor, wanted: list[int], reason: str
) -> RuleViolation | None:
    """The first request on a locked dossier: made, or refused and recorded (returned)."""
    before, after = _transition(dossier, Action.REQUEST_SUPPLEMENT)
    if not reason.strip():
        raise DossierError("Cần ghi rõ lý do yêu cầu bổ sung.")
    if not wanted:
        raise DossierError("Chọn ít nhất một thành phần cần bổ sung.")
    legal = {c.component_id: c for c in dossier.components.select_related("component")}
    outside = [pk for pk in wanted if pk not in legal]
    in_store = applicant_store(
        dossier.applicant_id_number, to_local(_now()).date(), exclude_dossier=dossier.pk
    )
    held = [
        legal[pk].component.name
        for pk in wanted
        if pk in legal
        and (
            legal[pk].state == ComponentState.FROM_DATA
            or legal[pk].component.document_type in in_store
        )
    ]
    missing = sorted(
        pk
        for pk, item in legal.items()
        if item.component.required and item.state == ComponentState.MISSING
    )
    if dossier.status == Status.SUBMITTED and not set(missing) <= set(wanted):
        return _refuse_and_record(
            dossier,
            actor,
            "Yêu cầu bổ sung phải nêu đầy đủ, một lần, mọi giấy tờ bắt buộc còn thiếu.",
            "incomplete_list",
            components=wanted,
            missing=missing,
        )
    if outside:
        return _refuse_and_record(
            dossier,
            actor,
            "Chỉ được yêu cầu giấy tờ thuộc thành phần hồ sơ theo quy định của thủ tục.",
            "document_outside_legal_list",
            components=outside,
        )
    if held:
        return _refuse_and_record(
            dossier,
            actor,
            "Không được yêu cầu giấy tờ đã có trong cơ sở dữ liệu: " + "; ".join(held) + ".",
            "document_already_held",
            components=wanted,
        )
    dossier.components.filter(component_id__in=wanted).update(state=ComponentState.REQUESTED)
    dossier.supplement_count += 1
    dossier.status = after
    if after == Status.SUPPLEMENT_IN_PROCESS:
        dossier.paused_at = _now()
    dossier.save()
    names = [legal[pk].component.name for pk in wanted]
    event = append_event(
        dossier,
        EventType.SUPPLEMENT_REQUESTED,
        actor,
        from_status=before,
        to_status=after,
        reason=reason,
        parameters={"components": wanted, "component_names": names},
    )
    _slip(dossier, Slip.Kind.SUPPLEMENT, actor, event, reason=reason, requested=names)
    notify_applicant(dossier, event)
    return None


def _step_actor_any(user: User, dossier: Dossier) -> Actor:
    """The officer holding the current step (a supplement can be asked at any step): the
    step's role at its unit, and the assignee when there is one (or a leader there)."""
    unit, refused = dossier.current_unit, access.step_refusal(user, dossier)
    if unit is None or refused is not None:
        raise PermissionDenied(refused)
    return Actor(user, dossier.current_role, unit)


def provide_supplement(
    dossier: Dossier, *, user: User, files: Mapping[int, File[Any]], note: str = ""
) -> Dossier:
    """The applicant (online) or the desk (at the counter) hands in what was requested; the
    clock resumes, the due date moves by the working days it was paused."""
    stored: list[str] = []
    try:
        return _provide_supplement(dossier, user, files, note, stored)
    except BaseException:
        _discard(stored)
        raise


def _provide_supplement(
    dossier: Dossier, user: User, files: Mapping[int, File[Any]], note: str, stored: list[str]
) -> Dossier:
    with transaction.atomic():
        dossier = _lock(dossier)
        if access.is_applicant(user, dossier):
            actor = Actor(user)
        else:
            actor = _desk_actor(user, dossier)
        before, after = _transition(dossier, Action.PROVIDE_SUPPLEMENT)
        requested = {
            c.component_id: c
            for c in dossier.components.filter(state=ComponentState.REQUESTED).select_related(
                "component"
            )
        }
        if set(files) != set(requested):
            raise DossierError("Cần nộp đủ và đúng các giấy tờ đã được yêu cầu bổ sung.")
        files = _checked(files, {pk: item.component for pk, item in requested.items()})
        _check_total(files.values(), _stored_bytes(dossier, besides=files))
        for component_id, upload in files.items():
            item = requested[component_id]
            item.state, item.source = ComponentState.PROVIDED, "supplement"
            _save_file(item, upload, stored)
            item.save()
        parameters: dict[str, Any] = {"components": sorted(files)}
        parameters.update(_resume_clock(dossier))
        dossier.status = after
        dossier.save()
        append_event(
            dossier,
            EventType.SUPPLEMENT_PROVIDED,
            actor,
            from_status=before,
            to_status=after,
            reason=note,
            parameters=parameters,
        )
    return dossier


def refuse_dossier(dossier: Dossier, *, user: User, reason: str) -> Dossier:
    if not reason.strip():
        raise DossierError("Cần ghi rõ lý do từ chối tiếp nhận.")
    with transaction.atomic():
        dossier = _lock(dossier)
        actor = _desk_actor(user, dossier)
        before, after = _transition(dossier, Action.REFUSE)
        dossier.status = after
        dossier.closed_at = _now()
        dossier.save()
        event = append_event(
            dossier, EventType.REFUSED, actor, from_status=before, to_status=after, reason=reason
        )
        _slip(dossier, Slip.Kind.REFUSAL, actor, event, reason=reason)
        notify_applicant(dossier, event)
    return dossier


def _paused_time(dossier: Dossier, calendar: WorkCalendar) -> timedelta:
    """Office time the clock has been stopped so far (nothing when it runs)."""
    if dossier.paused_at is None:
        return timedelta()
    return calendar.working_time_between(dossier.paused_at, _now())


def _resume_clock(dossier: Dossier) -> dict[str, Any]:
    """Restart a paused clock: the due dates move on by the office time it was stopped."""
    if dossier.paused_at is None:
        return {}
    calendar = WorkCalendar.load()
    paused = _paused_time(dossier, calendar)
    dossier.paused_working_days += round(paused / calendar.office_hours.day_length)
    if dossier.due_at:
        dossier.due_at = calendar.add_working_time(dossier.due_at, paused)
    if dossier.step_due_at:
        dossier.step_due_at = calendar.add_working_time(dossier.step_due_at, paused)
    dossier.paused_at = None
    return {
        "paused_working_hours": round(paused.total_seconds() / 3600, 2),
        "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
    }


def _effective_due(dossier: Dossier) -> datetime | None:
    """The due date as it stands now, counting a pause still running."""
    if dossier.due_at is None or dossier.paused_at is None:
        return dossier.due_at
    calendar = WorkCalendar.load()
    return calendar.add_working_time(dossier.due_at, _paused_time(dossier, calendar))


# Processing ------------------------------------------------------------------------------


def _move(dossier: Dossier, offset: int) -> WorkflowStep | None:
    steps = _steps(dossier)
    index = next(i for i, s in enumerate(steps) if s.pk == dossier.current_step_id) + offset
    return steps[index] if 0 <= index < len(steps) else None


def forward(dossier: Dossier, *, user: User, note: str = "") -> Dossier:
    return _advance(dossier, user=user, step_action=StepAction.FORWARD, note=note)


def approve(
    dossier: Dossier,
    *,
    user: User,
    note: str = "",
    result: str = "",
    result_file: File[Any] | None = None,
) -> Dossier:
    return _advance(
        dossier,
        user=user,
        step_action=StepAction.APPROVE,
        note=note,
        result=result,
        result_file=result_file,
    )


def sign(
    dossier: Dossier,
    *,
    user: User,
    note: str = "",
    result: str = "",
    result_file: File[Any] | None = None,
) -> Dossier:
    """At the last step: the leader signs the result, the unit's seal follows (documents)."""
    return _advance(
        dossier,
        user=user,
        step_action=StepAction.SIGN,
        note=note,
        result=result,
        result_file=result_file,
    )


_ADVANCE = {
    StepAction.FORWARD: (Action.FORWARD, EventType.FORWARDED),
    StepAction.APPROVE: (Action.APPROVE, EventType.APPROVED),
    StepAction.SIGN: (Action.SIGN, EventType.SIGNED),
}


def _result_pdf(result_file: File[Any] | None) -> bytes | None:
    """An uploaded result, checked and cleaned like every upload; it must be a PDF."""
    if result_file is None:
        return None
    try:
        checked = check_upload(result_file, accepted=["pdf"])
    except UploadRefused as refused:
        raise DossierError(f"Tệp kết quả: {refused}") from None
    return checked.content


def _advance(
    dossier: Dossier,
    *,
    user: User,
    step_action: StepAction,
    note: str,
    result: str = "",
    result_file: File[Any] | None = None,
) -> Dossier:
    """Move to the next step; approving or signing the last step gives the result, issued
    as an electronic document signed by the leader and the unit (R30)."""
    action, event_type = _ADVANCE[step_action]
    upload = _result_pdf(result_file)
    stored: list[str] = []
    try:
        with transaction.atomic():
            dossier = _lock(dossier)
            actor = _step_actor(user, dossier, step_action)
            before, after = _transition(dossier, action)
            step_id = dossier.current_step_id
            following = _move(dossier, +1)
            parameters: dict[str, Any] = _leaving_step(dossier)
            if following is not None:
                _enter_step(dossier, following, WorkCalendar.load())
                parameters["to_step"] = following.name
                parameters["to_unit"] = dossier.current_unit.code  # type: ignore[union-attr]
            elif step_action == StepAction.FORWARD:
                raise DossierError("Đây là bước cuối: cần phê duyệt hoặc ký kết quả.")
            else:
                after = Status.DONE
                dossier.outcome = Outcome.GRANTED
                dossier.result_summary = result
                dossier.decided_at = decided_at = _now()
                parameters.update(_finishing(dossier), outcome=Outcome.GRANTED)
                assert actor.unit is not None  # noqa: S101 - a step actor always acts for a unit
                from dossiers.results import issue_result  # pyHanko and WeasyPrint load on use

                with _issuing():
                    document = issue_result(
                        dossier, leader=user, unit=actor.unit, at=decided_at, upload=upload
                    )
                stored.append(document.file.name or "")
                parameters.update(result_document=document.code, result_sha256=document.sha256)
                _leave_steps(dossier)
            dossier.status = after
            dossier.save()
            event = append_event(
                dossier,
                event_type,
                actor,
                from_status=before,
                to_status=after,
                reason=note,
                parameters=parameters,
                step_id=step_id,
            )
            if after == Status.DONE:
                notify_applicant(dossier, event)
    except BaseException:
        _discard(stored)  # a result signed and stored, then rolled back
        raise
    return dossier


def send_back(dossier: Dossier, *, user: User, reason: str) -> Dossier:
    if not reason.strip():
        raise DossierError("Cần ghi rõ lý do trả lại.")
    with transaction.atomic():
        dossier = _lock(dossier)
        actor = _step_actor(user, dossier, StepAction.RETURN)
        before, after = _transition(dossier, Action.RETURN)
        step_id = dossier.current_step_id
        previous = _move(dossier, -1)
        if previous is None:
            raise DossierError("Đây là bước đầu tiên, không có bước trước.")
        leaving = _leaving_step(dossier)
        _enter_step(dossier, previous, WorkCalendar.load())
        dossier.save()
        append_event(
            dossier,
            EventType.SENT_BACK,
            actor,
            from_status=before,
            to_status=after,
            reason=reason,
            parameters={**leaving, "to_step": previous.name},
            step_id=step_id,
        )
    return dossier


def assign(dossier: Dossier, *, user: User, assignee: User) -> Dossier:
    """A leader of the unit holding the dossier gives it to a named officer of the step."""
    with transaction.atomic():
        dossier = _lock(dossier)
        _permit(user, dossier, Action.ASSIGN)
        unit = dossier.current_unit
        assert unit is not None  # noqa: S101 - only a leader of the current unit gets here
        before, after = _transition(dossier, Action.ASSIGN)
        if not holds(assignee, dossier.current_role, unit):
            raise DossierError(f"{assignee} không giữ vai trò của bước này tại đơn vị.")
        dossier.assignee = assignee
        dossier.save()
        append_event(
            dossier,
            EventType.ASSIGNED,
            Actor(user, Role.LEADER, unit),
            from_status=before,
            to_status=after,
            parameters={"assignee": assignee.pk, "assignee_name": assignee.full_name},
        )
    return dossier


def consult(
    dossier: Dossier, *, user: User, to_unit: GovernmentUnit, question: str, working_days: int = 2
) -> Consultation:
    if not question.strip():
        raise DossierError("Cần ghi nội dung xin ý kiến.")
    with transaction.atomic():
        dossier = _lock(dossier)
        actor = _step_actor(user, dossier, StepAction.CONSULT)
        if to_unit == dossier.current_unit:
            raise DossierError("Chọn một đơn vị khác để xin ý kiến.")
        before, after = _transition(dossier, Action.CONSULT)
        now = _now()
        due = WorkCalendar.load().close_of_working_day(to_local(now).date(), max(working_days, 0))
        assert dossier.current_step is not None and actor.unit is not None  # noqa: S101
        consultation = Consultation.objects.create(
            dossier=dossier,
            step=dossier.current_step,
            from_unit=actor.unit,
            to_unit=to_unit,
            question=question,
            requested_by=user,
            requested_at=now,
            due_at=due,
        )
        dossier.status = after
        dossier.save()
        append_event(
            dossier,
            EventType.CONSULTATION_REQUESTED,
            actor,
            from_status=before,
            to_status=after,
            reason=question,
            parameters={
                "to_unit": to_unit.code,
                "consultation": consultation.pk,
                "due_at": due.isoformat(),
            },
        )
    return consultation


def answer_consultation(consultation: Consultation, *, user: User, answer: str) -> Consultation:
    if not answer.strip():
        raise DossierError("Cần ghi ý kiến trả lời.")
    with transaction.atomic():
        dossier = _lock(consultation.dossier)
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if consultation.answered_at is not None:
            raise DossierError("Yêu cầu xin ý kiến này đã được trả lời.")
        unit = consultation.to_unit
        role = next((r for r in (Role.LEADER, Role.SPECIALIST) if holds(user, r, unit)), None)
        if role is None:
            raise PermissionDenied("Chỉ chuyên viên hoặc lãnh đạo của đơn vị được hỏi ý kiến.")
        before, after = _transition(dossier, Action.ANSWER_CONSULTATION)
        consultation.answer, consultation.answered_by = answer, user
        consultation.answered_at = _now()
        consultation.save()
        dossier.status = after
        dossier.save()
        append_event(
            dossier,
            EventType.CONSULTATION_ANSWERED,
            Actor(user, role, unit),
            from_status=before,
            to_status=after,
            reason=answer,
            parameters={"consultation": consultation.pk},
        )
    return consultation


def reject(dossier: Dossier, *, user: User, reason: str) -> Dossier:
    """The competent body declines to grant: the written reason is the result."""
    if not reason.strip():
        raise DossierError("Cần ghi rõ lý do từ chối giải quyết.")
    with transaction.atomic():
        dossier = _lock(dossier)
        actor = _step_actor(user, dossier, StepAction.REJECT)
        before, after = _transition(dossier, Action.REJECT)
        step_id = dossier.current_step_id
        dossier.status = after
        dossier.outcome = Outcome.REJECTED
        dossier.result_summary = reason
        dossier.decided_at = _now()
        parameters = {**_leaving_step(dossier), **_finishing(dossier), "outcome": Outcome.REJECTED}
        _leave_steps(dossier)
        dossier.save()
        event = append_event(
            dossier,
            EventType.REJECTED,
            actor,
            from_status=before,
            to_status=after,
            reason=reason,
            parameters=parameters,
            step_id=step_id,
        )
        notify_applicant(dossier, event)
    return dossier


def return_result(
    dossier: Dossier, *, user: User, note: str = "", paper_scan: File[Any] | None = None
) -> Dossier:
    """Hand the result over. Where the law requires a paper result, the scan of the signed and
    stamped paper is stored too, signed by the unit (and lands in the applicant's store)."""
    scan = None
    if paper_scan is not None:
        try:
            scan = check_upload(paper_scan, accepted=["pdf", "jpeg", "png", "tiff"]).content
        except UploadRefused as refused:
            raise DossierError(f"Bản quét kết quả bản giấy: {refused}") from None
    stored: list[str] = []
    try:
        with transaction.atomic():
            dossier = _lock(dossier)
            actor = _desk_actor(user, dossier)
            before, after = _transition(dossier, Action.RETURN_RESULT)
            parameters: dict[str, Any] = {}
            paper = dossier.outcome == Outcome.GRANTED and dossier.procedure_version.result_is_paper
            if paper and scan is None:
                raise DossierError(
                    "Kết quả của thủ tục này phải có bản giấy: tải lên bản quét bản giấy đã ký, "
                    "đóng dấu trước khi trả."
                )
            if paper and scan is not None:
                from dossiers.results import certify_paper_result  # pyHanko loads on use

                assert actor.unit is not None  # noqa: S101 - the desk acts for its unit
                with _issuing():
                    document = certify_paper_result(dossier, scan, unit=actor.unit, at=_now())
                stored.append(document.file.name or "")
                parameters["paper_scan"] = document.code
            dossier.status = after
            dossier.closed_at = _now()
            dossier.save()
            append_event(
                dossier,
                EventType.RESULT_RETURNED,
                actor,
                from_status=before,
                to_status=after,
                reason=note,
                parameters=parameters,
            )
    except BaseException:
        _discard(stored)
        raise
    return dossier


# Withdrawal and stop ---------------------------------------------------------------------


def request_withdrawal(dossier: Dossier, *, user: User, reason: str = "") -> Dossier:
    with transaction.atomic():
        dossier = _lock(dossier)
        _permit(user, dossier, Action.REQUEST_WITHDRAWAL)
        before, after = _transition(dossier, Action.REQUEST_WITHDRAWAL)
        dossier.status = after
        resumed = _resume_clock(dossier)
        if cancelled := _close_consultations(dossier):
            resumed["consultations_cancelled"] = cancelled
        dossier.save()
        event = append_event(
            dossier,
            EventType.WITHDRAWAL_REQUESTED,
            Actor(user),
            from_status=before,
            to_status=after,
            reason=reason,
            parameters=resumed,
        )
        notify_applicant(dossier, event)
    return dossier


def stop_dossier(dossier: Dossier, *, user: User, reason: str) -> Dossier:
    """Stop processing: on the applicant's withdrawal, or when a requested supplement never
    came. The stop notice is issued to the applicant."""
    if not reason.strip():
        raise DossierError("Cần ghi rõ lý do dừng xử lý.")
    with transaction.atomic():
        dossier = _lock(dossier)
        _permit(user, dossier, Action.STOP)
        if access.at_desk(user, dossier):
            actor = Actor(user, Role.FRONT_DESK, dossier.receiving_unit)
        else:
            actor = Actor(user, Role.LEADER, dossier.competent_unit)
        before, after = _transition(dossier, Action.STOP)
        dossier.status = after
        dossier.closed_at = _now()
        dossier.paused_at = None
        cancelled = _close_consultations(dossier)
        _leave_steps(dossier)
        dossier.save()
        event = append_event(
            dossier,
            EventType.STOPPED,
            actor,
            from_status=before,
            to_status=after,
            reason=reason,
            parameters={"consultations_cancelled": cancelled} if cancelled else {},
        )
        _slip(dossier, Slip.Kind.STOP, actor, event, reason=reason)
        notify_applicant(dossier, event)
    return dossier


# Deadlines -------------------------------------------------------------------------------


def _holder(dossier: Dossier) -> dict[str, Any]:
    """Who held the dossier: the step, unit and officer the delay is attributed to."""
    step = dossier.current_step
    return {
        "step": step.name if step else "",
        "step_id": step.pk if step else None,
        "unit": dossier.current_unit.code if dossier.current_unit else "",
        "officer": dossier.assignee_id,
        "officer_name": dossier.assignee.full_name if dossier.assignee else "",
    }


def _late_holder(dossier: Dossier) -> dict[str, Any]:
    """Who the delay belongs to: the first step that overran its own share of the time
    (recorded when it was left), else whoever holds the dossier now."""
    overran = (
        dossier.events.filter(parameters__step_overdue=True).order_by("seq").values("parameters")
    ).first()
    if overran is not None:
        held: dict[str, Any] = overran["parameters"]["held_by"]
        return held
    return _holder(dossier)


def _leaving_step(dossier: Dossier) -> dict[str, Any]:
    """Parameters recording that the step being left overran its due date."""
    if dossier.step_due_at is not None and _now() > dossier.step_due_at:
        return {"step_overdue": True, "held_by": _holder(dossier)}
    return {}


def _finishing(dossier: Dossier) -> dict[str, Any]:
    """Parameters recording that the dossier ends after its due date (the scan may not have
    seen it yet); it is then marked overdue in the same transaction."""
    due = _effective_due(dossier)
    if due is None or _now() <= due:
        return {}
    already = dossier.deadline_state == DeadlineState.OVERDUE
    dossier.deadline_state = DeadlineState.OVERDUE
    if already:
        return {"finished_late": True}
    return {
        "finished_late": True,
        "without_apology": dossier.apology_at is None,
        "attributed_to": _late_holder(dossier),
    }


def issue_apology(dossier: Dossier, *, user: User, extra_working_days: int, reason: str) -> Dossier:
    """Before the due date passes, apologise in writing and set a new date — once."""
    violation: RuleViolation | None = None
    if not reason.strip():
        raise DossierError("Cần ghi rõ lý do chậm trễ.")
    if extra_working_days < 1:
        raise DossierError("Ngày hẹn mới phải sau ngày hẹn cũ ít nhất một ngày làm việc.")
    with transaction.atomic():
        dossier = _lock(dossier)
        # Permission before the once-only and before-the-date rules, which are recorded.
        _permit(user, dossier, Action.APOLOGIZE)
        unit = dossier.current_unit
        assert unit is not None  # noqa: S101 - only the step's holder or leader gets here
        actor = Actor(
            user,
            Role.LEADER if holds(user, Role.LEADER, unit) else dossier.current_role,
            unit,
        )
        before, after = _transition(dossier, Action.APOLOGIZE)
        if dossier.due_at is None:
            raise DossierError("Hồ sơ chưa có ngày hẹn trả.")
        if dossier.apology_at is not None:
            violation = _refuse_and_record(
                dossier, actor, "Mỗi hồ sơ chỉ được xin lỗi và hẹn lại một lần.", "second_apology"
            )
        elif _now() >= (_effective_due(dossier) or dossier.due_at):
            violation = _refuse_and_record(
                dossier,
                actor,
                "Đã quá hạn: văn bản xin lỗi phải gửi trước ngày hẹn trả kết quả.",
                "late_apology",
            )
        else:
            # A running pause is added when the supplement arrives; the new date moves the
            # stored due date only by the days granted here.
            old_due = dossier.due_at
            dossier.due_at = WorkCalendar.load().extend(old_due, extra_working_days)
            dossier.apology_at = _now()
            dossier.deadline_state = DeadlineState.ON_TIME
            dossier.save()
            event = append_event(
                dossier,
                EventType.APOLOGY_ISSUED,
                actor,
                from_status=before,
                to_status=after,
                reason=reason,
                parameters={
                    "old_due_at": old_due.isoformat(),
                    "new_due_at": dossier.due_at.isoformat(),
                    "attributed_to": _holder(dossier),
                },
            )
            _slip(
                dossier,
                Slip.Kind.APOLOGY,
                actor,
                event,
                reason=reason,
                received_at=to_local(dossier.received_at).isoformat()
                if dossier.received_at
                else "",
                old_due_at=to_local(old_due).isoformat(),
                new_due_at=to_local(dossier.due_at).isoformat(),
            )
            notify_applicant(dossier, event)
    if violation is not None:
        raise violation
    return dossier


def mark_deadline(dossier: Dossier, state: DeadlineState) -> bool:
    """Record that an open dossier became due soon or overdue (the deadline scan calls this).
    Returns False when there is nothing to record (already marked, closed, or paused)."""
    action = Action.MARK_OVERDUE if state == DeadlineState.OVERDUE else Action.MARK_DUE_SOON
    with transaction.atomic():
        dossier = _lock(dossier)
        if dossier.deadline_state == state or dossier.status in CLOSED:
            return False
        try:
            before, after = _transition(dossier, action)
        except IllegalTransition:
            return False
        dossier.deadline_state = state
        dossier.save(update_fields=["deadline_state", "updated_at"])
        parameters: dict[str, Any] = {
            "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
            "attributed_to": _late_holder(dossier)
            if state == DeadlineState.OVERDUE
            else _holder(dossier),
        }
        if state == DeadlineState.OVERDUE:
            parameters["without_apology"] = dossier.apology_at is None
        append_event(
            dossier,
            EventType.OVERDUE if state == DeadlineState.OVERDUE else EventType.DUE_SOON,
            SYSTEM,
            from_status=before,
            to_status=after,
            parameters=parameters,
        )
    return True


def scan_deadlines(now: datetime | None = None) -> dict[str, int]:
    """Mark open dossiers due within one working day, and those past their due date."""
    now = now or _now()
    calendar = WorkCalendar.load()
    soon_limit = calendar.close_of_working_day(to_local(now).date(), 1)
    open_dossiers = Dossier.objects.filter(
        status__in=[Status.IN_PROGRESS, Status.CONSULTING, Status.WITHDRAWAL_REQUESTED],
        due_at__isnull=False,
    )
    counts = {"overdue": 0, "due_soon": 0}
    for dossier in (
        open_dossiers.filter(due_at__lt=now)
        .exclude(deadline_state=DeadlineState.OVERDUE)
        .only("pk")
    ):
        counts["overdue"] += mark_deadline(dossier, DeadlineState.OVERDUE)
    for dossier in open_dossiers.filter(
        due_at__gte=now, due_at__lte=soon_limit, deadline_state=DeadlineState.ON_TIME
    ).only("pk"):
        counts["due_soon"] += mark_deadline(dossier, DeadlineState.DUE_SOON)
    return counts
