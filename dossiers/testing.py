"""Builders for dossier tests: a commune with its centre, officers for every role, a
procedure with a published two-step workflow, and dossiers in the common states.

Every state is reached through the real actions (submit, accept, forward, sign, …), never by
setting status fields, so a builder breaks when the path it walks breaks. ``ActionTestCase``
holds what the one-file-per-action tests share: an office, a procedure, and assertions on the
one event an action writes or the nothing a refusal writes."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine
from django.core.files.base import ContentFile
from django.test import TestCase

from accounts.models import Role, User
from catalog.models import Channel, ChannelOption, Component, ProcedureVersion
from catalog.workflows import create_default_workflow
from core import clock
from core.testing import (
    create_citizen,
    create_commune,
    create_officer,
    create_unit,
    create_version,
)
from documents.testing import pdf_bytes
from dossiers.actions import (
    RuleViolation,
    accept_dossier,
    forward,
    mark_deadline,
    request_supplement,
    return_result,
    sign,
    submit_dossier,
)
from dossiers.actors import person
from dossiers.models import DeadlineState, Dossier, DossierEvent, EventType
from eforms.testing import label, sample_declaration
from units.models import AdministrativeUnit, GovernmentUnit


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

    def holder(self, role: str) -> User:
        """The office's officer in ``role`` (the one who acts at a step of that role)."""
        if role == Role.FRONT_DESK:
            return self.desk
        return self.specialist if role == Role.SPECIALIST else self.leader


@dataclass
class Commune:
    """A commune as the law has it: its centre receives (a desk), its People's Committee
    decides civil status (a specialist, a deputy chair, the chair) and its police decides
    residence (a specialist, the head); the centre receives for both."""

    centre: GovernmentUnit
    committee: GovernmentUnit
    police: GovernmentUnit
    desk: User
    specialist: User
    deputy: User
    chair: User
    police_specialist: User
    police_head: User

    @classmethod
    def create(cls, name: str = "") -> Commune:
        number = next(_communes)
        area = create_commune(name=name or f"Phường Thử {number}")
        city = create_unit(
            kind=GovernmentUnit.Kind.PEOPLES_COMMITTEE,
            name="Ủy ban nhân dân Thành phố Thử",
            area=area.province,
            receives_dossiers=False,
        )
        police_city = create_unit(
            kind=GovernmentUnit.Kind.DEPARTMENT,
            name="Công an Thành phố Thử",
            parent=city,
            receives_dossiers=False,
        )
        centre = create_unit(
            name=f"Trung tâm Phục vụ hành chính công {area.name}", parent=city, area=area
        )
        committee = create_unit(
            kind=GovernmentUnit.Kind.COMMUNE_COMMITTEE,
            name=f"Ủy ban nhân dân {area.name}",
            parent=city,
            area=area,
            receives_dossiers=False,
            receiving_unit=centre,
            collective_leadership=True,
            head_title="Chủ tịch",
        )
        police = create_unit(
            kind=GovernmentUnit.Kind.COMMUNE_POLICE,
            name=f"Công an {area.name}",
            parent=police_city,
            area=area,
            receives_dossiers=False,
            receiving_unit=centre,
            head_title="Trưởng Công an",
        )

        def officer(unit: GovernmentUnit, role: str, title: str = "", head: bool = False) -> User:
            user = create_officer(unit, roles=(role,))
            user.memberships.update(title=title, is_head=head)
            return user

        return cls(
            centre=centre,
            committee=committee,
            police=police,
            desk=officer(centre, Role.FRONT_DESK),
            specialist=officer(committee, Role.SPECIALIST, "Công chức Tư pháp - Hộ tịch"),
            deputy=officer(committee, Role.LEADER, "Phó Chủ tịch"),
            chair=officer(committee, Role.LEADER, "Chủ tịch", head=True),
            police_specialist=officer(police, Role.SPECIALIST),
            police_head=officer(police, Role.LEADER, "Trưởng Công an", head=True),
        )

    def lodge(
        self, version: ProcedureVersion, competent: GovernmentUnit | None = None, **overrides: Any
    ) -> Dossier:
        """An online dossier lodged at the centre for ``competent`` (the committee)."""
        office = Office(self.centre, self.desk, self.specialist, self.deputy)
        fields: dict[str, Any] = {
            "receiving_unit": self.centre,
            "competent_unit": competent or self.committee,
        }
        fields.update(overrides)
        return create_dossier(version, office, **fields)

    def at_last_step(
        self, version: ProcedureVersion, competent: GovernmentUnit | None = None
    ) -> Dossier:
        """Lodged, accepted at the centre, examined by the deciding body's specialist."""
        competent = competent or self.committee
        specialist = self.specialist if competent == self.committee else self.police_specialist
        dossier = accept_dossier(self.lodge(version, competent), actor=person(self.desk))
        return forward(dossier, actor=person(specialist))


_communes = itertools.count(1)


def create_procedure(
    days: int = 3, kinds: tuple[str, ...] = (GovernmentUnit.Kind.COMMUNE_CENTER,), **overrides: Any
) -> ProcedureVersion:
    """A procedure for units of ``kinds`` (commune centres unless told: a unit that receives
    and decides), with two required components, online and in person."""
    version = create_version(
        time_limit_value=days,
        time_limit_unit="working_days" if days else "same_day",
        **overrides,
    )
    version.unit_kinds = list(kinds)
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


_counter_applicants = itertools.count(1)


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


def create_counter_dossier(version: ProcedureVersion, office: Office, **overrides: Any) -> Dossier:
    """Lodged in person at the office's desk for an applicant without an account, no paper
    digitized yet (``files`` empty): the desk scans each or records why it cannot."""
    number = next(_counter_applicants)
    fields: dict[str, Any] = {
        "version": version,
        "channel": Channel.IN_PERSON,
        "actor": person(office.desk),
        "applicant": None,
        "applicant_name": f"Người Dân {number}",
        "applicant_id_number": f"001090{500000 + number:06d}",
        "applicant_phone": "0912345678",
        "receiving_unit": office.unit,
        "competent_unit": office.unit,
        "files": {},
    }
    fields.update(overrides)
    return submit_dossier(**fields)


def create_received_dossier(version: ProcedureVersion, office: Office, **overrides: Any) -> Dossier:
    """Submitted online and accepted by the desk: in progress at the first step, its clock
    running from now (``overrides`` go to ``create_dossier``)."""
    return accept_dossier(create_dossier(version, office, **overrides), actor=person(office.desk))


def create_dossier_at_last_step(
    version: ProcedureVersion, office: Office, **overrides: Any
) -> Dossier:
    """Received, then forwarded step by step (each by the office's officer of the step's role)
    to the workflow's last step. The steps are the office's own (the default workflow)."""
    dossier = create_received_dossier(version, office, **overrides)
    last = dossier.workflow.steps.order_by("-position").values_list("pk", flat=True)[0]
    while dossier.current_step_id != last:
        assert dossier.current_unit == office.unit, "a step of another unit"  # noqa: S101
        officer = office.holder(dossier.current_role)
        dossier = forward(dossier, actor=person(officer))
    return dossier


def create_decided_dossier(
    version: ProcedureVersion, office: Office, result: str = "Đồng ý cấp.", **overrides: Any
) -> Dossier:
    """Granted: signed at the last step by its leader, so DONE with the result issued and
    signed (leader and unit), waiting at the desk to be handed over."""
    dossier = create_dossier_at_last_step(version, office, **overrides)
    officer = office.holder(dossier.current_role)
    return sign(dossier, actor=person(officer), result=result)


def create_returned_dossier(version: ProcedureVersion, office: Office, **overrides: Any) -> Dossier:
    """Decided and handed over by the desk (with the scan of the paper result when the
    procedure's result is on paper): RETURNED, closed."""
    dossier = create_decided_dossier(version, office, **overrides)
    scan = attachment("ket-qua-giay.pdf") if version.result_is_paper else None
    return return_result(dossier, actor=person(office.desk), paper_scan=scan)


def create_supplement_requested_dossier(
    version: ProcedureVersion,
    office: Office,
    *,
    at_reception: bool = False,
    component_ids: list[int] | None = None,
    reason: str = "Bản chụp bị mờ",
    **overrides: Any,
) -> Dossier:
    """Asked, once, for the first component (or ``component_ids``): by the specialist while
    in progress (SUPPLEMENT_IN_PROCESS, the clock paused), or by the desk before reception
    (SUPPLEMENT_AT_RECEPTION, the clock not started)."""
    if at_reception:
        dossier = create_dossier(version, office, **overrides)
        officer = office.desk
    else:
        dossier = create_received_dossier(version, office, **overrides)
        officer = office.holder(dossier.current_role)
    wanted = component_ids or [version.components.order_by("position")[0].pk]
    return request_supplement(dossier, actor=person(officer), component_ids=wanted, reason=reason)


def create_overdue_dossier(
    version: ProcedureVersion,
    office: Office,
    *,
    received_at: datetime | None = None,
    **overrides: Any,
) -> Dossier:
    """Received at ``received_at`` (30 days ago by default, well past any short time limit),
    left untouched at its first step, and marked overdue by the deadline scan's action a
    minute after its due date (time-machine moves the clock for both)."""
    received_at = received_at or clock.now() - timedelta(days=30)
    with time_machine.travel(received_at, tick=False):
        dossier = create_received_dossier(version, office, **overrides)
    assert dossier.due_at is not None  # noqa: S101 - a received dossier has its due date
    with time_machine.travel(dossier.due_at + timedelta(minutes=1), tick=False):
        mark_deadline(dossier, DeadlineState.OVERDUE)
    return Dossier.objects.get(pk=dossier.pk)


def sample_result_schema() -> dict[str, Any]:
    """A result schema like a civil-status register entry: number and book required, the
    page a positive number, an optional validity that cannot end before today."""
    return {
        "format": 1,
        "title": label("Dữ liệu kết quả thử", "Test result data"),
        "sections": [
            {
                "key": "register",
                "title": label("Sổ đăng ký", "Register"),
                "fields": [
                    {
                        "key": "number",
                        "type": "text",
                        "required": True,
                        "checks": {"pattern": "[0-9]{1,6}"},
                        "label": label("Số đăng ký", "Register number"),
                    },
                    {
                        "key": "book",
                        "type": "text",
                        "required": True,
                        "label": label("Quyển số", "Book"),
                    },
                    {
                        "key": "page",
                        "type": "integer",
                        "checks": {"minimum": 1},
                        "label": label("Trang", "Page"),
                    },
                    {
                        "key": "valid_until",
                        "type": "date",
                        "checks": {"not_before": "today"},
                        "label": label("Có giá trị đến", "Valid until"),
                    },
                ],
            }
        ],
    }


def create_eform_procedure(
    days: int = 3, *, result_schema: dict[str, Any] | None = None, **overrides: Any
) -> ProcedureVersion:
    """``create_procedure`` with the sample declaration (``eforms.testing``), which is the
    first component (the Tờ khai) itself; and a result schema when given."""
    return create_procedure(
        days,
        declaration_schema=sample_declaration(satisfies=(1,)),
        result_schema=result_schema or {},
        **overrides,
    )


def address(commune: AdministrativeUnit | None = None, street: str = "Số 1 đường Thử") -> Any:
    """An e-form address in ``commune`` (a new one by default)."""
    commune = commune or create_commune()
    assert commune.province is not None  # noqa: S101 - a commune has its province
    return {"province": commune.province.code, "commune": commune.code, "street": street}


def declaration_data(
    applicant_id_number: str = "001090000001",
    *,
    commune: AdministrativeUnit | None = None,
    **changes: Any,
) -> dict[str, Any]:
    """A declaration the sample schema accepts, the requester being the applicant (the
    builders' ID numbers are of men born in 1990) and the mother born in 1992; ``changes``
    replace top-level values (``child={...}``, ``has_father=True, father={...}``)."""
    home = address(commune)
    data: dict[str, Any] = {
        "requester": {
            "full_name": "Nguyễn Văn An",
            "date_of_birth": "1990-05-17",
            "sex": "male",
            "id_number": applicant_id_number,
            "residence": home,
        },
        "relationship": "father",
        "phone": "0912345678",
        "child": {
            "full_name": "Nguyễn Minh Khôi",
            "date_of_birth": "2025-08-01",
            "sex": "male",
            "ethnicity": "01",
            "nationality": "VN",
            "place_of_birth": "Bệnh viện Phụ sản Hà Nội",
        },
        "mother": {
            "full_name": "Trần Thị Bình",
            "date_of_birth": "1992-03-04",
            "sex": "female",
            "id_number": "001192000777",
            "residence": home,
        },
        "has_father": False,
        "copies": 1,
    }
    data.update(changes)
    return data


# Where the sample declaration's prefilled values came from, as a face records them: the
# requester from the applicant's registry record, the mother looked up by her ID number.
DECLARATION_SOURCES: dict[str, str] = {
    **{f"requester.{key}": "registry" for key in ("full_name", "date_of_birth", "sex")},
    "requester.id_number": "registry",
    "requester.residence": "registry",
    "phone": "account",
    **{f"mother.{key}": "registry" for key in ("full_name", "date_of_birth", "sex")},
    "mother.id_number": "registry",
    "mother.residence": "registry",
}


def create_dossier_with_declaration(
    version: ProcedureVersion,
    office: Office,
    applicant: User | None = None,
    *,
    declaration: dict[str, Any] | None = None,
    declaration_sources: dict[str, str] | None = None,
    **overrides: Any,
) -> Dossier:
    """An online dossier of a procedure with a declaration schema (``create_eform_procedure``):
    the declaration filled (``declaration_data`` by default, with ``DECLARATION_SOURCES``),
    every other component uploaded."""
    applicant = applicant or create_citizen()
    schema = version.declaration
    assert schema is not None, "the procedure has no declaration schema"  # noqa: S101
    files = {
        c.pk: attachment() for c in version.components.all() if c.position not in schema.satisfies
    }
    return create_dossier(
        version,
        office,
        applicant,
        declaration=declaration or declaration_data(applicant.personal_id or ""),
        declaration_sources=(
            DECLARATION_SOURCES if declaration_sources is None else declaration_sources
        ),
        **{"files": files, **overrides},
    )


def reload(dossier: Dossier) -> Dossier:
    return Dossier.objects.get(pk=dossier.pk)


def applicant_of(dossier: Dossier) -> User:
    """The applicant's account (the builders' online dossiers always have one)."""
    assert dossier.applicant is not None, "lodged for someone without an account"  # noqa: S101
    return dossier.applicant


class ActionTestCase(TestCase):
    """What the tests of one dossier action share: an office with one officer per role, a
    three-working-day procedure on the default two-step workflow, and assertions on events."""

    office: Office
    version: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.version = create_procedure(days=3)

    def new_event(self, dossier: Dossier, after: int) -> DossierEvent:
        """The single event written after sequence number ``after`` (fails on none or more)."""
        events = list(DossierEvent.objects.filter(dossier_id=dossier.pk, seq__gt=after))
        self.assertEqual(len(events), 1, [e.type for e in events])
        return events[0]

    def assertEvent(
        self, event: DossierEvent, type: EventType, from_status: str, to_status: str
    ) -> None:
        self.assertEqual(
            (event.type, event.from_status, event.to_status), (type, from_status, to_status)
        )

    @contextmanager
    def assertWritesNothing(self, dossier: Dossier, error: type[BaseException]) -> Iterator[Any]:
        """The block raises ``error`` and leaves the dossier as it was: same status, no event.
        Gives the ``assertRaises`` context, whose ``exception`` is the refusal."""
        before = reload(dossier)
        with self.assertRaises(error) as raised:
            yield raised
        after = reload(dossier)
        self.assertEqual((after.status, after.event_count), (before.status, before.event_count))

    @contextmanager
    def assertRefusedAndRecorded(self, dossier: Dossier, attempted: str) -> Iterator[None]:
        """The block raises RuleViolation, changes nothing else, and records the attempt as
        one RULE_REFUSED event naming ``attempted``."""
        before = reload(dossier)
        with self.assertRaises(RuleViolation):
            yield
        event = self.new_event(dossier, before.event_count)
        self.assertEqual(
            (event.type, event.parameters["attempted"]), (EventType.RULE_REFUSED, attempted)
        )
        self.assertEqual(reload(dossier).status, before.status)
