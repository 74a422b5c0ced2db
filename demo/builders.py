"""The demo province. Unit codes and contact details are illustrative, not official."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from accounts.models import Membership, Role, User
from catalog.models import Channel, ProcedureVersion
from catalog.testing import sample_declaration_for, sample_result_for
from catalog.transfer import ImportReport, load_catalog_file
from catalog.workflows import create_default_workflow
from core import clock
from documents.testing import pdf_bytes
from dossiers import actions
from dossiers.actors import person
from dossiers.declarations import satisfied_components
from dossiers.models import Dossier, Slip
from dossiers.prefill import person_values, prefill
from registry.connector import lookup as registry_lookup
from registry.delivery import sweep as deliver_registry_updates
from registry.demo import load_residents
from units.models import AdministrativeUnit, FeeAccount, GovernmentUnit
from units.sync import SyncReport, sync_administrative_units
from workdays.calendar import TZ, WorkCalendar

DEMO_PASSWORD = "motcua-demo-2026"  # noqa: S105 - public on purpose; `demo` refuses production
HANOI_CODE = 1
CATALOG_FILE = Path(__file__).resolve().parent.parent / "catalog/data/hanoi_commune_procedures.json"
Kind = GovernmentUnit.Kind


@dataclass
class DemoSummary:
    units: SyncReport
    government_units_created: int = 0
    catalog: ImportReport | None = None
    workflows_created: int = 0
    dossiers_created: int = 0
    slips_issued: int = 0
    residents_created: int = 0
    accounts: list[tuple[str, str, str]] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"Đơn vị hành chính: {self.units}.\n"
            f"Cơ quan, đơn vị mới: {self.government_units_created}.\n"
            f"Danh mục: {self.catalog}\n"
            f"Quy trình điện tử mới công bố: {self.workflows_created}.\n"
            f"Hồ sơ minh họa mới: {self.dossiers_created}.\n"
            f"Phiếu mới lập, ký số và lưu: {self.slips_issued}.\n"
            f"Cư dân mẫu trong dữ liệu dân cư nhúng: {self.residents_created}."
        )


def commune_unit_code(index: int, level4: str = "000") -> str:
    """Illustrative QCVN 102 code of the index-th commune (1-based) of the demo province."""
    return f"{level4}.{10 + index // 100:02d}.{index % 100:02d}.H26"


def load_demo() -> DemoSummary:
    summary = DemoSummary(units=sync_administrative_units())
    with transaction.atomic():
        summary.government_units_created = _government_units()
        summary.accounts = _accounts()
    summary.catalog = load_catalog_file(CATALOG_FILE)
    summary.workflows_created = _workflows()
    # The registry first: the dossiers' declarations are prefilled from it.
    summary.residents_created = load_residents()
    summary.dossiers_created = _dossiers()
    summary.slips_issued = _issue_slips()
    return summary


def _paper_scan(dossier: Dossier) -> ContentFile[bytes]:
    """A stand-in for the scan of the signed, stamped paper result (the law wants paper)."""
    from documents.issue import html_to_pdf

    html = (
        '<html lang="vi"><body style="font-family: serif; margin: 30mm">'
        f"<h1>{dossier.procedure_version.result_name}</h1>"
        f"<p>Bản giấy của kết quả hồ sơ {dossier.code} — bản quét minh họa (demo).</p>"
        "</body></html>"
    )
    return ContentFile(html_to_pdf(html), name="ban-quet-ket-qua.pdf")


def _issue_slips() -> int:
    """Render, sign and store every demo slip now, so that each is a file ready to check."""
    from dossiers.slips import issue_slip

    pending = Slip.objects.filter(document_link__isnull=True).select_related("dossier", "unit")
    issued = 0
    for slip in pending:
        issue_slip(slip)
        issued += 1
    return issued


def _workflows() -> int:
    """The default two-step workflow for every procedure version in force that has none."""
    created = 0
    for version in ProcedureVersion.objects.in_force().filter(workflows__isnull=True):
        create_default_workflow(version)
        created += 1
    return created


def _unit(code: str, **fields: object) -> tuple[GovernmentUnit, bool]:
    unit = GovernmentUnit.objects.filter(code=code).first()
    if unit is not None:
        return unit, False
    unit = GovernmentUnit(code=code, **fields)
    unit.save()
    return unit, True


def _government_units() -> int:
    hanoi = AdministrativeUnit.objects.get(level=AdministrativeUnit.Level.PROVINCE, code=HANOI_CODE)
    created = 0
    city, new = _unit(
        "000.00.00.H26",
        name="Ủy ban nhân dân Thành phố Hà Nội",
        short_name="UBND TP Hà Nội",
        kind=Kind.PEOPLES_COMMITTEE,
        area=hanoi,
        address="79 Đinh Tiên Hoàng, Hoàn Kiếm, Hà Nội",
    )
    created += new
    centre, new = _unit(
        "000.00.01.H26",
        name="Trung tâm Phục vụ hành chính công Thành phố Hà Nội",
        short_name="Trung tâm PVHCC Hà Nội",
        kind=Kind.PROVINCIAL_CENTER,
        parent=city,
        area=hanoi,
        receives_dossiers=True,
        address="Số 1 đường minh họa, Hà Nội (địa chỉ minh họa)",
        hotline="1900 0000",
        office_hours="Thứ Hai – Thứ Sáu: 8:00–12:00, 13:00–17:00",
    )
    created += new
    if new:
        FeeAccount.objects.create(
            unit=centre,
            bank_name="Kho bạc Nhà nước khu vực I (minh họa)",
            account_number="3511.0.1000000",
            account_name="Trung tâm PVHCC TP Hà Nội — tài khoản thu phí, lệ phí",
        )
    for number, place in ((1, "Ba Đình"), (2, "Hoàn Kiếm"), (3, "Hà Đông")):
        _branch, new = _unit(
            f"{number:03d}.00.01.H26",
            name=f"Chi nhánh số {number} Trung tâm Phục vụ hành chính công Hà Nội ({place})",
            kind=Kind.BRANCH,
            parent=centre,
            area=hanoi,
            receives_dossiers=True,
            address=f"Khu vực {place}, Hà Nội (địa chỉ minh họa)",
            hotline="1900 0000",
            office_hours="Thứ Hai – Thứ Sáu: 8:00–12:00, 13:00–17:00",
        )
        created += new
    for code, name in (("000.00.02.H26", "Sở Tư pháp Thành phố Hà Nội"),):
        _dept, new = _unit(code, name=name, kind=Kind.DEPARTMENT, parent=city, area=hanoi)
        created += new
    police, new = _unit(
        "000.00.03.H26",
        name="Công an Thành phố Hà Nội",
        kind=Kind.DEPARTMENT,
        parent=city,
        area=hanoi,
    )
    created += new
    existing = set(GovernmentUnit.objects.values_list("code", flat=True))
    communes = AdministrativeUnit.objects.filter(province=hanoi).order_by("code")
    for index, commune in enumerate(communes, start=1):
        code = commune_unit_code(index)
        centre_unit = None
        if code not in existing:
            centre_unit = GovernmentUnit(
                code=code,
                name=f"Trung tâm Phục vụ hành chính công {commune.name}",
                kind=Kind.COMMUNE_CENTER,
                parent=city,
                area=commune,
                receives_dossiers=True,
                address=f"Trụ sở UBND {commune.name}, Hà Nội",
                office_hours="Thứ Hai – Thứ Sáu: 8:00–12:00, 13:00–17:00",
            )
            centre_unit.save()
            FeeAccount.objects.create(
                unit=centre_unit,
                bank_name="Kho bạc Nhà nước khu vực I (minh họa)",
                account_number=f"3511.0.2{index:06d}",
                account_name=f"UBND {commune.name} — tài khoản thu phí, lệ phí",
            )
            created += 1
        # The commune's People's Committee decides civil status and certification; its
        # centre receives the dossiers (Decree 118/2025/NĐ-CP).
        committee_code = commune_unit_code(index, "002")
        police_code = commune_unit_code(index, "001")
        if centre_unit is None and not {committee_code, police_code} <= existing:
            centre_unit = GovernmentUnit.objects.get(code=code)
        if committee_code not in existing:
            GovernmentUnit(
                code=committee_code,
                name=f"Ủy ban nhân dân {commune.name}",
                short_name=f"UBND {commune.name}",
                kind=Kind.COMMUNE_COMMITTEE,
                parent=city,
                area=commune,
                receiving_unit=centre_unit,
                collective_leadership=True,
                head_title="Chủ tịch",
                address=f"Trụ sở UBND {commune.name}, Hà Nội",
            ).save()
            created += 1
        if police_code not in existing:
            GovernmentUnit(
                code=police_code,
                name=f"Công an {commune.name}",
                kind=Kind.COMMUNE_POLICE,
                parent=police,
                area=commune,
                receiving_unit=centre_unit,
                head_title="Trưởng Công an",
                address=f"{commune.name}, Hà Nội",
            ).save()
            created += 1
    _police_received_at_centres(hanoi)
    return created


def _police_received_at_centres(hanoi: AdministrativeUnit) -> None:
    """Commune police units made before the centres received for them: their centre now does,
    and their head's title is set (what an older demo database lacks)."""
    stale = GovernmentUnit.objects.filter(
        kind=Kind.COMMUNE_POLICE, area__province=hanoi, receives_dossiers=False
    ).filter(Q(receiving_unit__isnull=True) | Q(head_title=""))
    centres = {
        unit.area_id: unit
        for unit in GovernmentUnit.objects.filter(kind=Kind.COMMUNE_CENTER, area__province=hanoi)
    }
    for unit in stale:
        unit.receiving_unit = unit.receiving_unit or centres.get(unit.area_id)
        unit.head_title = unit.head_title or "Trưởng Công an"
        unit.save(update_fields=["receiving_unit", "head_title"])


_OFFICERS = [
    # username, full name, unit code, roles, position (chức vụ), head of the unit
    ("quantri.hanoi", "Phạm Quang Huy", "000.00.00.H26", [Role.UNIT_ADMIN], "", False),
    ("thanhtra.hanoi", "Đỗ Thị Thanh", "000.00.00.H26", [Role.INSPECTOR], "", False),
    ("tiepnhan.trungtam", "Lê Minh Châu", "001.00.01.H26", [Role.FRONT_DESK], "", False),
    ("quantri.hoankiem", "Vũ Đức Mạnh", "hoan-kiem", [Role.UNIT_ADMIN], "", False),
    ("tiepnhan.hoankiem", "Nguyễn Thị Lan", "hoan-kiem", [Role.FRONT_DESK], "", False),
    # The committee decides: its civil status officer examines, its chair or deputy signs.
    ("chuyenvien.hoankiem", "Trần Văn Nam", "hoan-kiem-committee", [Role.SPECIALIST],
     "Công chức Tư pháp - Hộ tịch", False),
    ("lanhdao.hoankiem", "Hoàng Minh Tuấn", "hoan-kiem-committee", [Role.LEADER],
     "Phó Chủ tịch", False),
    ("chutich.hoankiem", "Đặng Thu Hà", "hoan-kiem-committee", [Role.LEADER], "Chủ tịch", True),
    ("congan.hoankiem", "Bùi Văn Dũng", "hoan-kiem-police", [Role.FRONT_DESK, Role.SPECIALIST],
     "Cán bộ Công an phường", False),
    ("truongcongan.hoankiem", "Lý Quốc Bảo", "hoan-kiem-police", [Role.LEADER],
     "Trưởng Công an phường", True),
]  # fmt: skip
_CITIZENS = [
    ("001090012345", "Nguyễn Văn An", "an.nguyen@example.vn", "0912000001"),
    ("001195006789", "Trần Thị Bình", "binh.tran@example.vn", "0912000002"),
]


def _hoan_kiem_code(level4: str) -> str:
    hanoi_communes = AdministrativeUnit.objects.filter(province__code=HANOI_CODE).order_by("code")
    index = list(hanoi_communes.values_list("name", flat=True)).index("Phường Hoàn Kiếm") + 1
    return commune_unit_code(index, level4)


def _accounts() -> list[tuple[str, str, str]]:
    aliases = {
        "hoan-kiem": _hoan_kiem_code("000"),
        "hoan-kiem-police": _hoan_kiem_code("001"),
        "hoan-kiem-committee": _hoan_kiem_code("002"),
    }
    listed: list[tuple[str, str, str]] = []
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        User.objects.create_superuser(
            "admin",
            email="admin@example.vn",
            password=DEMO_PASSWORD,
            full_name="Quản trị hệ thống",
            kind=User.Kind.OFFICER,
        )
    listed.append(("admin", "Quản trị hệ thống", "Quản trị toàn hệ thống (superuser)"))
    for username, full_name, unit_code, roles, title, is_head in _OFFICERS:
        unit = GovernmentUnit.objects.get(code=aliases.get(unit_code, unit_code))
        user = User.objects.filter(username=username).first() or User.objects.create_officer(
            username, full_name, DEMO_PASSWORD, email=f"{username}@example.vn"
        )
        for role in roles:
            # A database made before positions were recorded gets the role (in its new unit)
            # and the position; its older roles are left as they were.
            member, new = Membership.objects.get_or_create(
                user=user, unit=unit, role=role, defaults={"title": title, "is_head": is_head}
            )
            if not new and title and not member.title:
                member.title, member.is_head = title, is_head
                member.save(update_fields=["title", "is_head"])
        labels = ", ".join(str(Role(role).label) for role in roles)
        where = f"{title}, {unit.name}" if title else unit.name
        listed.append((username, full_name, f"{labels} — {where}"))
    for personal_id, full_name, email, phone in _CITIZENS:
        if not User.objects.filter(username=personal_id).exists():
            User.objects.create_citizen(
                personal_id, full_name, DEMO_PASSWORD, email=email, phone=phone
            )
        listed.append((personal_id, full_name, "Công dân (đăng nhập bằng số định danh)"))
    return listed


def _working_morning(working_days_ago: int) -> datetime:
    """09:00 on the working day that many working days before today."""
    day = WorkCalendar.load().add_working_days(clock.today(), -working_days_ago)
    return datetime.combine(day, time(9, 0), TZ)


def _dossiers() -> int:
    """Dossiers of Phường Hoàn Kiếm in every status, so that the back office is alive: lodged
    at the commune centre, decided by the commune committee (one residence dossier by the
    commune police). A database whose demo dossiers the centre decided (before the committee
    existed) keeps them and gets these as well."""
    centre = GovernmentUnit.objects.get(code=_hoan_kiem_code("000"))
    committee = GovernmentUnit.objects.get(code=_hoan_kiem_code("002"))
    if Dossier.objects.filter(competent_unit=committee).exists():
        return 0
    police = GovernmentUnit.objects.get(code=_hoan_kiem_code("001"))
    desk, specialist, leader, chair, police_officer, police_head = (
        User.objects.get(username=name)
        for name in (
            "tiepnhan.hoankiem",
            "chuyenvien.hoankiem",
            "lanhdao.hoankiem",
            "chutich.hoankiem",
            "congan.hoankiem",
            "truongcongan.hoankiem",
        )
    )
    an, binh = (User.objects.get(username=pid) for pid, *_rest in _CITIZENS)
    marital = ProcedureVersion.objects.in_force().get(procedure__code="1.004873")

    def declaration(
        applicant: User, version: ProcedureVersion, **people: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """The e-form as the applicant would send it: what the registry holds, prefilled
        (one logged lookup), and the rest declared."""
        schema = version.declaration
        assert schema is not None  # noqa: S101 - the demo catalog has it
        filled = prefill(
            schema,
            user=applicant,
            applicant_id_number=applicant.personal_id or "",
            purpose=version.name,
            today=clock.today(),
        )
        own = next((f.key for f in schema.fields if f.prefill == "applicant.person"), "")
        data = sample_declaration_for(
            version.procedure.code,
            applicant=filled.data.get(own) or {},
            commune=centre.area,
            today=clock.today(),
            **people,
        )
        for key, value in filled.data.items():
            data[key] = {**data.get(key, {}), **value} if isinstance(value, dict) else value
        return data, filled.sources

    def submit(
        applicant: User,
        channel: int = Channel.ONLINE,
        version: ProcedureVersion = marital,
        competent: GovernmentUnit = committee,
        **people: dict[str, Any],
    ) -> Dossier:
        data, sources = declaration(applicant, version, **people)
        return actions.submit_dossier(
            version=version,
            channel=channel,
            actor=person(applicant if channel == Channel.ONLINE else desk),
            receiving_unit=centre,
            competent_unit=competent,
            applicant=applicant,
            applicant_name=applicant.full_name,
            applicant_id_number=applicant.personal_id or "",
            applicant_phone=applicant.phone,
            applicant_email=applicant.email,
            applicant_address="Phường Hoàn Kiếm, Hà Nội",
            files={
                c.pk: ContentFile(pdf_bytes(), name=f"thanh-phan-{c.position}.pdf")
                for c in version.components.all()
                if c.required
                and not c.reusable_from_data
                and c.position not in satisfied_components(version.declaration)
            },
            # What the population registry proves is attached as data, not asked for.
            from_data={
                c.pk: c.data_source for c in version.components.all() if c.reusable_from_data
            },
            declaration=data,
            declaration_sources=sources,
        )

    def received(applicant: User) -> Dossier:
        return actions.accept_dossier(submit(applicant), actor=person(desk))

    def outcome(version: ProcedureVersion) -> dict[str, Any]:
        """What the officer preparing the result fills in (register entry, validity…)."""
        return sample_result_for(version.procedure.code, commune=centre.area, today=clock.today())

    def looked_up(citizen: User, by: User, purpose: str) -> dict[str, Any]:
        """A relative's record as the form gets it: one logged registry lookup."""
        record = registry_lookup(citizen.personal_id or "", purpose=purpose, actor=by)
        assert record is not None  # noqa: S101 - the demo citizens are demo residents
        return person_values(record)

    def decided(dossier: Dossier, signer: User) -> Dossier:
        at_leader = actions.forward(
            actions.accept_dossier(dossier, actor=person(desk)), actor=person(specialist)
        )
        version = dossier.procedure_version
        return actions.approve(
            at_leader, actor=person(signer), result=version.result_name,
            result_data=outcome(version),
        )  # fmt: skip

    first_component = marital.components.order_by("position")[0].pk
    submit(an)  # 1 Mới đăng ký
    actions.request_supplement(
        submit(binh, Channel.IN_PERSON),
        actor=person(desk),
        component_ids=[first_component],
        reason="Tờ khai chưa ký",
    )
    actions.refuse_dossier(
        submit(an), actor=person(desk), reason="Không thuộc thẩm quyền của phường"
    )
    received(binh)  # at the specialist
    actions.forward(received(an), actor=person(specialist), note="Đủ điều kiện")  # at the leader
    actions.consult(
        received(binh),
        actor=person(specialist),
        to_unit=police,
        question="Đề nghị xác nhận nơi cư trú",
    )
    actions.request_supplement(
        received(an),
        actor=person(specialist),
        component_ids=[first_component],
        reason="Bản chụp bị mờ",
    )
    actions.request_withdrawal(received(binh), actor=person(binh), reason="Không còn nhu cầu")
    withdrawn = actions.request_withdrawal(
        received(an), actor=person(an), reason="Nộp nhầm thủ tục"
    )
    actions.stop_dossier(
        withdrawn, actor=person(desk), reason="Theo yêu cầu rút hồ sơ của công dân"
    )
    # Signed by a deputy chair ("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"), then by the chair.
    decided(submit(binh), leader)
    returned = decided(submit(an), chair)
    actions.return_result(returned, actor=person(desk), paper_scan=_paper_scan(returned))
    # Temporary residence: received at the centre, decided and signed by the commune police.
    residence = ProcedureVersion.objects.in_force().get(procedure__code="1.004194")
    lodged = submit(an, version=residence, competent=police)
    at_police = actions.forward(
        actions.accept_dossier(lodged, actor=person(desk)), actor=person(police_officer)
    )
    actions.approve(
        at_police, actor=person(police_head), result="Đăng ký tạm trú",
        result_data=outcome(residence),
    )  # fmt: skip
    # Late ones: received eight working days ago with a three-day limit; one apologised in time.
    with clock.at(_working_morning(8)):
        late = received(an)
        apologised = received(binh)
    with clock.at(_working_morning(6)):
        actions.issue_apology(
            apologised, actor=person(leader), extra_working_days=10, reason="Chờ kết quả xác minh"
        )
    # An and Bình marry (neither is asked for a marital-status paper: the registry says), then
    # register their son's birth; the registry learns both, and the child gets an ID number.
    marriage = ProcedureVersion.objects.in_force().get(procedure__code="1.000894")
    other = looked_up(binh, an, "Đăng ký kết hôn: bên kết hôn còn lại")
    decided(submit(an, version=marriage, other_party=other), chair)
    birth = ProcedureVersion.objects.in_force().get(procedure__code="1.001193")
    purpose = "Đăng ký khai sinh: thông tin cha, mẹ"
    mother, father = looked_up(binh, an, purpose), looked_up(an, an, purpose)
    decided(submit(an, version=birth, mother=mother, father=father), leader)
    deliver_registry_updates()  # now, so that the first run shows the registry updated
    actions.scan_deadlines()
    del late
    return Dossier.objects.filter(Q(competent_unit=committee) | Q(competent_unit=police)).count()
