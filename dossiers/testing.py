"""Builders for dossier tests: a commune with its centre, officers for every role, a
procedure with a published two-step workflow, and a submitted dossier."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.core.files.base import ContentFile

from accounts.models import Role, User
from catalog.models import Channel, ChannelOption, Component, ProcedureVersion
from catalog.workflows import create_default_workflow
from core import clock
from core.testing import create_citizen, create_officer, create_unit, create_version
from documents.testing import pdf_bytes
from dossiers.actions import submit_dossier
from dossiers.actors import person
from dossiers.models import Dossier, DossierEvent
from units.models import GovernmentUnit


@dataclass
class Office:
    """A unit with one officer per role."""

    unit: GovernmentUnit
    desk: User
    specialist: User
    leader: User

    @classmethod
    def create(cls, **unit_fields: Any) -> Office:
        unit = create_unit(**unit_fields)
        return cls(
            unit=unit,
            desk=create_officer(unit, roles=(Role.FRONT_DESK,)),
            specialist=create_officer(unit, roles=(Role.SPECIALIST,)),
            leader=create_officer(unit, roles=(Role.LEADER,)),
        )


def create_procedure(days: int = 3, **overrides: Any) -> ProcedureVersion:
    """A procedure for commune centres, with two required components, online and in person."""
    version = create_version(
        time_limit_value=days,
        time_limit_unit="working_days" if days else "same_day",
        **overrides,
    )
    version.unit_kinds = [GovernmentUnit.Kind.COMMUNE_CENTER]
    version.save()
    ChannelOption.objects.get_or_create(version=version, channel=Channel.ONLINE)
    Component.objects.create(
        version=version,
        position=2,
        name="Giấy tờ chứng minh chỗ ở hợp pháp",
        originals=1,
        reusable_from_data=True,
        data_source="population_registry",
    )
    create_default_workflow(version)
    return version


def attachment(name: str = "to-khai.pdf") -> ContentFile[bytes]:
    return ContentFile(pdf_bytes(), name=name)


def create_dossier(
    version: ProcedureVersion, office: Office, applicant: User | None = None, **overrides: Any
) -> Dossier:
    """An online dossier with every component uploaded, lodged at ``office`` (by the applicant,
    or by ``created_by``)."""
    applicant = applicant or create_citizen()
    fields: dict[str, Any] = {
        "version": version,
        "channel": Channel.ONLINE,
        "actor": overrides.pop("actor", None) or person(overrides.pop("created_by", applicant)),
        "applicant": applicant,
        "applicant_name": applicant.full_name,
        "applicant_id_number": applicant.personal_id or "",
        "applicant_phone": "0912345678",
        "receiving_unit": office.unit,
        "competent_unit": office.unit,
        "files": {c.pk: attachment() for c in version.components.all()},
    }
    fields.update(overrides)
    return submit_dossier(**fields)


def issue_every_slip(version: ProcedureVersion, office: Office) -> list[Dossier]:
    """One dossier per kind of slip, each issued by the action that issues it: a receipt, a
    supplement request, a refusal, an apology and a stop notice."""
    from dossiers import actions

    received = actions.accept_dossier(create_dossier(version, office), actor=person(office.desk))
    component = received.components.values_list("component_id", flat=True).first()
    assert component is not None  # noqa: S101 - the procedure has its components
    actions.request_supplement(
        received, actor=person(office.specialist), component_ids=[component], reason="Ảnh mờ"
    )
    refused = create_dossier(version, office)
    actions.refuse_dossier(refused, actor=person(office.desk), reason="Không đúng thẩm quyền")
    late = actions.accept_dossier(create_dossier(version, office), actor=person(office.desk))
    actions.issue_apology(
        late, actor=person(office.leader), extra_working_days=2, reason="Chờ xác minh"
    )
    stopped = actions.accept_dossier(create_dossier(version, office), actor=person(office.desk))
    assert stopped.applicant is not None  # noqa: S101 - create_dossier names the applicant
    actions.request_withdrawal(stopped, actor=person(stopped.applicant), reason="Không cần nữa")
    actions.stop_dossier(stopped, actor=person(office.desk), reason="Công dân rút hồ sơ")
    return [received, refused, late, stopped]


def write_old_event(dossier: Dossier, type: str, parameters: dict[str, Any]) -> DossierEvent:
    """An event as written before the fact columns and actor kinds: schema 1, its facts left
    empty, its hash over the payload of then (spelt out here, not asked of the model), chained
    onto the dossier's head. What migration 0008 finds in a database."""
    dossier.refresh_from_db(fields=["event_count", "last_event_hash"])
    event = DossierEvent(
        dossier=dossier,
        seq=dossier.event_count + 1,
        type=type,
        at=clock.now(),
        actor_name="Hệ thống",
        step_id=dossier.current_step_id,
        parameters=parameters,
        prev_hash=dossier.last_event_hash,
    )
    payload = {
        "dossier": dossier.pk,
        "seq": event.seq,
        "type": type,
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": None,
        "actor_name": event.actor_name,
        "actor_role": "",
        "actor_unit": None,
        "step": event.step_id,
        "from": "",
        "to": "",
        "reason": "",
        "parameters": parameters,
        "prev": event.prev_hash,
    }
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    event.hash = hashlib.sha256(canonical.encode()).hexdigest()
    event.save()
    Dossier.objects.filter(pk=dossier.pk).update(event_count=event.seq, last_event_hash=event.hash)
    return event


def run_event_backfill() -> None:
    """Migration 0008's backfill of the fact columns, run on the database as it is."""
    from importlib import import_module

    from django.apps import apps

    import_module("dossiers.migrations.0008_backfill_event_facts").backfill_facts(apps, None)
