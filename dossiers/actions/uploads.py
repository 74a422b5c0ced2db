"""Files handed in with a dossier: checked, weighed, stored, certified, or reused from the
applicant's data store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import File

from catalog.models import (
    Component,
)
from catalog.transfer import DEFAULT_FILE_TYPES
from documents.checks import UploadRefused, check_upload
from documents.files import staged
from documents.models import StoredDocument
from documents.store import applicant_store
from dossiers.actions.common import ComponentState, _issuing, _now
from dossiers.errors import DossierError
from dossiers.models import (
    Dossier,
    DossierComponent,
)
from units.models import GovernmentUnit
from workdays.calendar import to_local

if TYPE_CHECKING:
    from dossiers.results import Prepared


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
            raise DossierError(
                "file.refused", component=component.name, detail=str(refused)
            ) from None
    return kept


def _check_total(files: Iterable[File[Any]], already: int = 0) -> None:
    """The whole dossier stays under the per-dossier limit (MOTCUA_MAX_DOSSIER_BYTES)."""
    total = already + sum(f.size or 0 for f in files)
    limit = settings.MOTCUA_MAX_DOSSIER_BYTES
    if total > limit:
        raise DossierError("file.too_much", total=total / 1048576, limit=limit // 1048576)


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


def _original_name(name: str | None) -> str:
    return (name or "tep").rsplit("/", 1)[-1][:255]


def _save_file(item: DossierComponent, upload: File[Any]) -> None:
    """Store the upload for the component (removed again if the enclosing staging fails)."""
    item.original_name = _original_name(upload.name)
    item.file.save(upload.name or "tep", upload, save=False)
    staged(item.file.name)


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


def _certified_copy(
    component: Component,
    scan: bytes,
    unit: GovernmentUnit,
    at: datetime,
    dossier_code: str,
) -> Prepared:
    """Sign a scan with the receiving unit's certificate (certified copy, R27) and store it:
    slow, so done before the dossier (or, at intake, the unit's code sequence) is locked."""
    from dossiers.results import prepare_certified_copy  # pyHanko loads on use

    with _issuing():
        prepared = prepare_certified_copy(
            component, scan, unit=unit, at=at, dossier_code=dossier_code
        )
    return prepared


def _attach_copy(item: DossierComponent, prepared: Prepared, scan_name: str | None) -> None:
    """In the locked transaction: the component is its certified copy (the unsigned scan is
    stored nowhere), and the copy is recorded."""
    item.original_name = _original_name(scan_name)
    item.file.name = prepared.name
    item.state, item.source = ComponentState.PROVIDED, DIGITIZED_AT_DESK
    item.certified_copy = prepared.document.code
    item.save()
    prepared.record(item.dossier, component=item)
