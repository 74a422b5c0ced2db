"""Lodging a dossier (online, at the counter, or by a digital helper)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Subquery

from accounts.models import Role, User
from accounts.roles import holds
from catalog.models import (
    Channel,
    ChannelOption,
    Component,
    ProcedureVersion,
    Workflow,
)
from documents.files import staging
from documents.models import IssuedDocument, StoredDocument
from dossiers import access, events
from dossiers.actions.common import ComponentState, _now
from dossiers.actions.uploads import (
    DIGITIZED_AT_DESK,
    FROM_STORE,
    _certified_copy,
    _check_total,
    _checked,
    _original_name,
    _reusable_from_store,
    _save_file,
)
from dossiers.actors import Actor, ActorKind
from dossiers.codes import next_code_and_id
from dossiers.declarations import (
    FROM_EFORM,
    checked_declaration,
    prepare_declaration,
    satisfied_components,
    schema_digest,
)
from dossiers.errors import DossierError, NotPermitted
from dossiers.issued import record_for_dossier
from dossiers.lodging import lodging_refusal
from dossiers.models import (
    Dossier,
    DossierComponent,
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
    actor: Actor,
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
    declaration: Mapping[str, Any] | None = None,
    declaration_sources: Mapping[str, str] | None = None,
) -> Dossier:
    """Create a dossier in SUBMITTED, with its code. Retrying with the same submission key
    returns the dossier already created instead of a second one. ``actor`` is the person
    lodging it (the applicant, the desk, a digital helper) or the system relaying it.

    ``declaration`` is the e-form's data when the version has one (checked against its
    schema: ``DeclarationInvalid`` names each field at fault, and nothing is stored);
    ``declaration_sources`` says where prefilled values came from (data path -> source)."""
    if (refused := access.submit_refusal(actor)) is not None:
        raise refused
    created_by = actor.user
    if submission_key is not None:
        existing = _submitted_with(submission_key, created_by)
        if existing is not None:
            return existing
    files, from_data = dict(files or {}), dict(from_data or {})
    workflow_id = _check_submission(
        version, channel, receiving_unit, competent_unit, assisted_by, consent_method
    )
    components = list(version.components.all())
    known = {c.pk for c in components}
    if not set(files) | set(from_data) <= known:
        raise DossierError("intake.component_unknown")
    declared = checked_declaration(version, declaration, today=to_local(_now()).date())
    eform_items = {
        c.pk for c in components if c.position in satisfied_components(version.declaration)
    }
    if set(files) & eform_items:
        raise DossierError("intake.component_unknown")
    files = _checked(files, {c.pk: c for c in components})
    _check_total(files.values())
    reusable = {c.pk for c in components if c.reusable_from_data}
    if not set(from_data) <= reusable:
        raise DossierError("intake.not_reusable")
    # The store comes first: what the state issued the applicant is reused (and flagged),
    # even where another data source could also have been cited.
    reused = _reusable_from_store(applicant_id_number, components, set(files))
    from_data = {pk: source for pk, source in from_data.items() if pk not in reused}
    if channel == Channel.ONLINE:
        missing = [
            c.name
            for c in components
            if c.required and c.pk not in files | from_data.keys() | reused.keys() | eform_items
        ]
        if missing:
            raise DossierError("intake.missing_required", names="; ".join(missing))
    now = _now()
    try:
        # Files stored here (uploads, certified scans) go again unless the dossier commits.
        with staging():
            copies = _certified_scans(channel, components, files, receiving_unit, now)
            sources = _sources(declaration_sources, declared)
            rendered = (
                prepare_declaration(
                    version,
                    declared,
                    sources,
                    applicant_name=applicant_name,
                    applicant_id_number=applicant_id_number,
                    online=channel == Channel.ONLINE,
                    unit=receiving_unit,
                    at=now,
                )
                if declared and eform_items
                else None
            )
            items = _items(
                copies,
                version=version,
                components=components,
                files=files,
                from_data=from_data,
                reused=reused,
                eform_items=eform_items,
                declaration_document=rendered,
            )
            with transaction.atomic():
                dossier = _create_dossier(
                    items,
                    workflow_id=workflow_id,
                    version=version,
                    channel=channel,
                    now=now,
                    from_data=from_data,
                    reused=reused,
                    digitized=len(copies),
                    actor=actor,
                    receiving_unit=receiving_unit,
                    competent_unit=competent_unit,
                    applicant=applicant,
                    applicant_name=applicant_name,
                    applicant_id_number=applicant_id_number,
                    applicant_phone=applicant_phone,
                    applicant_email=applicant_email,
                    applicant_address=applicant_address,
                    form_data=dict(form_data or {}),
                    declaration=declared,
                    declaration_sources=sources,
                    declaration_schema_sha256=schema_digest(version.declaration_schema),
                    assisted_by=assisted_by,
                    consent_method=consent_method,
                    submission_key=submission_key,
                )
    except IntegrityError:
        # Two retries of one submission raced: the other one created it.
        existing = _submitted_with(submission_key, created_by) if submission_key else None
        if existing is None:
            raise
        return existing
    return dossier


def _sources(sources: Mapping[str, str] | None, declared: Mapping[str, Any]) -> dict[str, str]:
    """The sources of the values that were kept (a prefilled value the person then removed, or
    a field hidden since, has none)."""
    kept: dict[str, str] = {}
    for path, source in (sources or {}).items():
        node: Any = declared
        for part in str(path).split("."):
            if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            elif isinstance(node, Mapping) and part in node:
                node = node[part]
            else:
                break
        else:
            kept[str(path)] = str(source)[:100]
    return kept


def _submitted_with(key: UUID, created_by: User | None) -> Dossier | None:
    """The dossier this person (or system: no user) already submitted with this key (a key
    from someone else's submission gives nothing: keys come from browsers)."""
    existing = Dossier.objects.filter(submission_key=key).first()
    if existing is not None and existing.created_by_id != (created_by.pk if created_by else None):
        raise NotPermitted("intake.key_of_another")
    return existing


def _certified_scans(
    channel: int,
    components: list[Component],
    files: dict[int, File[Any]],
    unit: GovernmentUnit,
    at: datetime,
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
        copies[component.pk] = _certified_copy(component, upload.read(), unit, at, "")
    return copies


@dataclass
class _Item:
    """A component of the dossier as lodged, made before the transaction (its file stored,
    removed again unless the dossier commits); ``document``: the issued document it is (a
    certified scan, the sealed declaration), recorded once the row exists."""

    row: DossierComponent
    document: Prepared | IssuedDocument | None = None


def _items(
    copies: dict[int, Prepared],
    *,
    version: ProcedureVersion,
    components: list[Component],
    files: dict[int, File[Any]],
    from_data: dict[int, str],
    reused: dict[int, StoredDocument],
    eform_items: set[int],
    declaration_document: IssuedDocument | None,
) -> list[_Item]:
    """One item per component of the version, uploads stored: storing is slow (the files are
    written out), so it happens before the unit's code sequence is locked."""
    items: list[_Item] = []
    for component in components:
        row = DossierComponent(component=component)
        item = _Item(row)
        items.append(item)
        if component.pk in copies:  # a scan made at the desk, certified already
            copy = copies[component.pk]
            row.original_name = _original_name(files[component.pk].name)
            row.file.name = copy.name
            row.state, row.source = ComponentState.PROVIDED, DIGITIZED_AT_DESK
            row.certified_copy = copy.document.code
            item.document = copy
        elif component.pk in eform_items:  # the declaration form: the e-form's own data
            row.state, row.source = ComponentState.PROVIDED, FROM_EFORM
            if declaration_document is not None:  # its official form, sealed
                row.file.name = declaration_document.file.name
                row.original_name = f"to-khai-{version.procedure.code}.pdf"
                row.certified_copy = declaration_document.code
                item.document = declaration_document
                declaration_document = None  # one document, for the first such component
        elif component.pk in files:
            row.state, row.source = ComponentState.PROVIDED, "upload"
            _save_file(row, files[component.pk])
        elif component.pk in from_data:
            row.state, row.source = ComponentState.FROM_DATA, from_data[component.pk]
        elif component.pk in reused:
            entry = reused[component.pk]
            row.state, row.source = ComponentState.FROM_DATA, FROM_STORE
            row.reused_document = entry.document.code
            row.file.name = entry.document.file.name  # the same stored file, not a copy
            row.original_name = f"{entry.document.code}.pdf"
        else:
            row.state = ComponentState.MISSING
    return items


def _create_dossier(
    items: list[_Item],
    *,
    workflow_id: int,
    version: ProcedureVersion,
    channel: int,
    now: datetime,
    from_data: dict[int, str],
    reused: dict[int, StoredDocument],
    digitized: int,
    actor: Actor,
    receiving_unit: GovernmentUnit,
    competent_unit: GovernmentUnit,
    assisted_by: User | None,
    submission_key: UUID | None,
    **applicant_fields: Any,
) -> Dossier:
    """In the submission's transaction: the code (locking the unit's sequence for the day), the
    dossier written with its first event, its components in one statement, then the rows of
    the documents some of them are (certified scans, the declaration)."""
    code, drawn_id = next_code_and_id(receiving_unit, to_local(now).date())
    dossier = Dossier(
        id=drawn_id,
        code=code,
        procedure_version=version,
        workflow_id=workflow_id,
        channel=channel,
        status=Status.SUBMITTED,
        created_by=actor.user,
        assisted_by=assisted_by,
        consent_given_at=now if assisted_by else None,
        receiving_unit=receiving_unit,
        competent_unit=competent_unit,
        submitted_at=now,
        submission_key=submission_key,
        **applicant_fields,
    )
    events.submitted(  # writes the dossier's row with its chain head
        dossier,
        _lodged_by(actor, channel, receiving_unit, assisted_by),
        channel=channel,
        receiving_unit=receiving_unit,
        competent_unit=competent_unit,
        assisted_by=assisted_by,
        from_data=from_data,
        reused={k: v.document.code for k, v in reused.items()},
        digitized=digitized,
    )
    for item in items:
        item.row.dossier = dossier
    DossierComponent.objects.bulk_create([item.row for item in items])
    for item in items:
        if isinstance(item.document, IssuedDocument):
            record_for_dossier(item.document, dossier=dossier, component=item.row)
        elif item.document is not None:
            item.document.record(dossier, component=item.row)
    return dossier


def _check_submission(
    version: ProcedureVersion,
    channel: int,
    receiving_unit: GovernmentUnit,
    competent_unit: GovernmentUnit,
    assisted_by: User | None,
    consent_method: str,
) -> int:
    """Refuse what may not be lodged; the id of the workflow the dossier starts on. What the
    catalog says is read in one query, before the submission's transaction."""
    versions = ProcedureVersion.objects.filter(pk=OuterRef("pk"))
    facts = (
        ProcedureVersion.objects.filter(pk=version.pk)
        .annotate(
            in_force=Exists(ProcedureVersion.objects.in_force().filter(pk=OuterRef("pk"))),
            offered=Exists(ChannelOption.objects.filter(version=OuterRef("pk"), channel=channel)),
            performed=Exists(versions.performed_by(competent_unit)),
            workflow=Subquery(
                Workflow.objects.filter(
                    procedure_version=OuterRef("pk"), status=Workflow.Status.PUBLISHED
                )
                .order_by("-number")
                .values("pk")[:1]
            ),
        )
        .values("in_force", "offered", "performed", "workflow")
        .first()
    )
    if facts is None or not facts["in_force"]:
        raise DossierError("intake.version_not_in_force")
    if not facts["offered"]:
        raise DossierError("intake.channel_not_offered", channel=Channel(channel).label)
    refused = lodging_refusal(
        version, receiving_unit, competent_unit, performed=bool(facts["performed"])
    )
    if refused is not None:
        raise refused
    if assisted_by is not None and (not assisted_by.is_digital_team or not consent_method.strip()):
        raise DossierError("intake.helper_without_consent")
    if facts["workflow"] is None:
        raise DossierError("intake.no_workflow")
    workflow_id: int = facts["workflow"]
    return workflow_id


def _lodged_by(
    actor: Actor, channel: int, receiving_unit: GovernmentUnit, assisted_by: User | None
) -> Actor:
    """Who the submission event names: an officer lodging at their own desk acts as the desk,
    a digital helper lodging for someone as a helper, anyone else as who they are."""
    user = actor.user
    if user is None:
        return actor
    if channel != Channel.ONLINE and holds(user, Role.FRONT_DESK, receiving_unit):
        return actor.as_officer(Role.FRONT_DESK, receiving_unit)
    if assisted_by is not None and assisted_by.pk == user.pk:
        return actor.as_kind(ActorKind.HELPER)
    return actor
