"""Builders for tests: objects with sensible defaults, any field overridable.

Tests create what they need inline with these; no fixture files.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import StateApps
from django.test import TestCase

from accounts.models import Membership, Role, User
from catalog.models import (
    ChannelOption,
    Component,
    Level,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    Sector,
)
from units.models import AdministrativeUnit, GovernmentUnit

_sequence = itertools.count(1)
PASSWORD = "test-password-1234"  # noqa: S105


def create_province(**overrides: Any) -> AdministrativeUnit:
    fields: dict[str, Any] = {
        "level": AdministrativeUnit.Level.PROVINCE,
        "code": 900 + next(_sequence),
        "name": "Thành phố Thử Nghiệm",
        "division_type": "thành phố trung ương",
        "codename": "thu_nghiem",
    }
    fields.update(overrides)
    return AdministrativeUnit.objects.create(**fields)


def create_commune(
    province: AdministrativeUnit | None = None, **overrides: Any
) -> AdministrativeUnit:
    number = next(_sequence)
    fields: dict[str, Any] = {
        "level": AdministrativeUnit.Level.COMMUNE,
        "code": 90000 + number,
        "name": f"Phường Thử {number}",
        "division_type": "phường",
        "codename": f"phuong_thu_{number}",
        "province": province or create_province(),
    }
    fields.update(overrides)
    return AdministrativeUnit.objects.create(**fields)


def create_unit(parent: GovernmentUnit | None = None, **overrides: Any) -> GovernmentUnit:
    number = next(_sequence)
    fields: dict[str, Any] = {
        "code": f"{number % 1000:03d}.{number // 1000 % 100:02d}.99.H26",
        "name": f"Đơn vị thử {number}",
        "kind": GovernmentUnit.Kind.COMMUNE_CENTER,
        "parent": parent,
        "receives_dossiers": True,
    }
    fields.update(overrides)
    if "area" not in fields:
        fields["area"] = parent.area if parent else create_province()
    unit = GovernmentUnit(**fields)
    unit.save()
    return unit


def create_officer(
    unit: GovernmentUnit | None = None,
    roles: tuple[str, ...] = (Role.FRONT_DESK,),
    **overrides: Any,
) -> User:
    number = next(_sequence)
    fields: dict[str, Any] = {"username": f"canbo{number}", "full_name": f"Cán Bộ {number}"}
    fields.update(overrides)
    user = User.objects.create_officer(password=PASSWORD, **fields)
    if unit is not None:
        for role in roles:
            Membership.objects.create(user=user, unit=unit, role=role)
    return user


def create_citizen(**overrides: Any) -> User:
    number = next(_sequence)
    fields: dict[str, Any] = {
        "personal_id": f"001090{number:06d}",
        "full_name": f"Công Dân {number}",
    }
    fields.update(overrides)
    return User.objects.create_citizen(password=PASSWORD, **fields)


def create_sector(**overrides: Any) -> Sector:
    number = next(_sequence)
    fields: dict[str, Any] = {"code": f"linh-vuc-{number}", "name": f"Lĩnh vực {number}"}
    fields.update(overrides)
    return Sector.objects.create(**fields)


def create_version(procedure: Procedure | None = None, **overrides: Any) -> ProcedureVersion:
    """A published procedure version in force since 2025-07-01, with one channel and component."""
    number = next(_sequence)
    fields: dict[str, Any] = {
        "procedure": procedure or Procedure.objects.create(code=f"9.{number:06d}"),
        "version": 1,
        "status": ProcedureVersion.Status.PUBLISHED,
        "effective_from": date(2025, 7, 1),
        "name": f"Thủ tục thử {number}",
        "level": Level.COMMUNE,
        "deciding_body": "Ủy ban nhân dân cấp xã",
        "performing_body": "Ủy ban nhân dân cấp xã",
        "steps": "Bước 1: nộp hồ sơ.",
        "time_limit_value": 3,
        "time_limit_unit": "working_days",
        "result_name": "Kết quả thử",
        "online_level": OnlineLevel.FULL,
        "full_online_eligible": True,
        "applicant_types": ["citizen"],
        "legal_basis": ["Luật thử nghiệm"],
    }
    fields.update(overrides)
    if "sector" not in fields:
        fields["sector"] = create_sector()
    version = ProcedureVersion(**fields)
    version.save()
    ChannelOption.objects.create(version=version, channel=1)
    Component.objects.create(version=version, position=1, name="Tờ khai", originals=1)
    return version


class UnitTreeTestCase(TestCase):
    """A small tree of units and the administrator of its centre.

    city ─┬─ centre ── branch        (admin administers centre and branch)
          └─ commune
    """

    city: GovernmentUnit
    centre: GovernmentUnit
    branch: GovernmentUnit
    commune: GovernmentUnit
    admin: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = create_unit()
        cls.centre = create_unit(parent=cls.city)
        cls.branch = create_unit(parent=cls.centre)
        cls.commune = create_unit(parent=cls.city)
        cls.admin = create_officer(cls.centre, roles=(Role.UNIT_ADMIN,))


def migrate(targets: list[tuple[str, str]]) -> StateApps:
    """Bring the test database to ``targets`` (forwards or backwards) and return the models as
    they are there: for tests of data migrations, in a ``TransactionTestCase`` (a schema change
    cannot run inside the transaction of a ``TestCase``)."""
    return MigrationExecutor(connection).migrate(targets).apps  # the state of what is applied


def latest_migrations() -> list[tuple[str, str]]:
    """Every app's last migration: where a migration test leaves the database."""
    leaves: list[tuple[str, str]] = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return leaves
