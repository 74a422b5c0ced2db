"""Lodging a dossier (online, at the counter, or by a digital helper)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

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
    Workflow,
)
from documents.models import StoredDocument
from dossiers.actions.common import ComponentState, DossierError, _now
from dossiers.actions.uploads import (
    FROM_STORE,
    _attach_copy,
    _certified_copy,
    _check_total,
    _checked,
    _discard,
    _original_name,
    _reusable_from_store,
    _save_file,
)
from dossiers.codes import next_code
from dossiers.events import Actor, append_event
from dossiers.models import (
    Dossier,
    DossierComponent,
    EventType,
    Status,
)
from units.models import GovernmentUnit
from workdays.calendar import TimeLimit, to_local

if TYPE_CHECKING:
    from dossiers.results import Prepared


def _time_limit(version: ProcedureVersion, channel: int) -> TimeLimit:
    option = ChannelOption.objects.filter(version=version, channel=channel).first()
    return option.time_limit if option else version.time_limit


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
        copies = _certified_scans(channel, components, files, receiving_unit, now, stored)
        with transaction.atomic():
            dossier = _create_dossier(
                stored,
                copies,
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


def _certified_scans(
    channel: int,
    components: list[Component],
    files: dict[int, File[Any]],
    unit: GovernmentUnit,
    at: datetime,
    stored: list[str],
) -> dict[int, Prepared]:
    """Scans (PDF, or images made PDF) handed in at the counter, signed as certified copies
    before the dossier's transaction: signing must not hold the unit's code sequence (on
    SQLite, the database) locked. The dossier has no code yet; the copies are linked to it
    when recorded."""
    if channel == Channel.ONLINE:
        return {}
    copies: dict[int, Prepared] = {}
    for component in components:
        upload = files.get(component.pk)
        if upload is None or not _original_name(upload.name).endswith(".pdf"):
            continue
        upload.seek(0)
        copies[component.pk] = _certified_copy(component, upload.read(), unit, at, "", stored)
    return copies


def _create_dossier(
    stored: list[str],
    copies: dict[int, Prepared],
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
        for component in components:
            item = DossierComponent(dossier=dossier, component=component)
            if component.pk in copies:  # a scan made at the desk, certified already
                _attach_copy(item, copies[component.pk], files[component.pk].name)
                continue
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
