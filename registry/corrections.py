"""Data corrections (R13): an officer who finds the registry's data wrong files a request to
the registry owner (the police), who records the outcome. Requests are tracked to resolution;
the registry itself is changed by its owner, never by MotCua."""

from __future__ import annotations

from typing import Protocol

from django.db import transaction
from django.db.models import Q, QuerySet

from accounts.models import User
from accounts.roles import WORKING_ROLES, holds, memberships
from core import clock
from core.text import nfc
from registry.models import CorrectionRequest
from units.models import GovernmentUnit

FIELDS = dict(CorrectionRequest._meta.get_field("field").choices or [])
OWNER_KINDS = {GovernmentUnit.Kind.COMMUNE_POLICE}


class HandledDossier(Protocol):
    """What a correction needs of the dossier it is filed from (a ``dossiers.Dossier``): the
    registry sits below the dossiers and does not import them."""

    pk: int
    current_unit_id: int | None
    receiving_unit_id: int
    competent_unit_id: int


class CorrectionError(ValueError):
    """A refused request; ``code`` is stable, the message is for the officer."""

    def __init__(self, message: str, code: str = "correction.invalid") -> None:
        super().__init__(message)
        self.code = code


def _unit_ids(user: User) -> set[int]:
    return {unit_id for unit_id, _role, _path in memberships(user)}


def may_file(officer: User, unit: GovernmentUnit, dossier: HandledDossier | None = None) -> bool:
    """An officer working in ``unit`` (not only reading: inspectors and administrators file
    nothing), and, from a dossier, a unit that handles it."""
    if not any(holds(officer, role, unit) for role in WORKING_ROLES):
        return False
    handling = (
        {dossier.current_unit_id, dossier.receiving_unit_id, dossier.competent_unit_id}
        if dossier is not None
        else {unit.pk}
    )
    return unit.pk in handling


def file_correction(
    *,
    officer: User,
    unit: GovernmentUnit,
    id_number: str,
    field: str,
    proposed_value: str,
    reason: str,
    current_value: str = "",
    dossier: HandledDossier | None = None,
) -> CorrectionRequest:
    if not may_file(officer, unit, dossier):
        raise CorrectionError(
            "Chỉ cán bộ đang giải quyết hồ sơ tại đơn vị của mình được đề nghị điều chỉnh dữ liệu.",
            "correction.not_acting",
        )
    if field not in FIELDS:
        raise CorrectionError(
            "Chọn thông tin cần điều chỉnh trong danh sách.", "correction.unknown_field"
        )
    if not proposed_value.strip() or not reason.strip():
        raise CorrectionError(
            "Cần ghi giá trị đề nghị và căn cứ, lý do điều chỉnh.", "correction.missing_reason"
        )
    return CorrectionRequest.objects.create(
        id_number=id_number,
        field=field,
        current_value=nfc(current_value.strip())[:300],
        proposed_value=nfc(proposed_value.strip())[:300],
        reason=nfc(reason.strip()),
        dossier_id=dossier.pk if dossier is not None else None,
        filed_by=officer,
        unit=unit,
        filed_at=clock.now(),
    )


def _owner_areas(user: User) -> QuerySet[GovernmentUnit, int]:
    owners = GovernmentUnit.objects.filter(pk__in=_unit_ids(user), kind__in=OWNER_KINDS)
    return owners.values_list("area", flat=True)


def may_resolve(user: User, request: CorrectionRequest | None = None) -> bool:
    """Officers of the registry owner (commune police) of the filing unit's area."""
    areas = _owner_areas(user)
    if request is None:
        return areas.exists()
    return GovernmentUnit.objects.filter(pk=request.unit_id, area__in=areas).exists()


def resolve_correction(
    request: CorrectionRequest, *, officer: User, corrected: bool, resolution: str
) -> CorrectionRequest:
    if not may_resolve(officer, request):
        raise CorrectionError(
            "Chỉ cơ quan quản lý dữ liệu dân cư (công an) xử lý đề nghị này.",
            "correction.not_owner",
        )
    if not resolution.strip():
        raise CorrectionError("Cần ghi kết quả xử lý.", "correction.missing_resolution")
    with transaction.atomic():
        request = CorrectionRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != CorrectionRequest.Status.OPEN:
            raise CorrectionError("Đề nghị này đã được xử lý.", "correction.already_resolved")
        request.status = (
            CorrectionRequest.Status.CORRECTED if corrected else CorrectionRequest.Status.REJECTED
        )
        request.resolution = nfc(resolution.strip())
        request.resolved_at = clock.now()
        request.resolved_by = officer
        request.save()
    return request


def visible_to(user: User) -> QuerySet[CorrectionRequest]:
    """Requests an officer follows: those of their units, and all of them for the owner."""
    requests = CorrectionRequest.objects.select_related("unit", "filed_by")
    return requests.filter(Q(unit_id__in=_unit_ids(user)) | Q(unit__area__in=_owner_areas(user)))
