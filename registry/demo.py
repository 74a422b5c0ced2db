"""Synthetic residents of Hà Nội's new communes for the embedded registry (demo, training).

Deterministic (a fixed seed): plausible Vietnamese names, valid 12-digit ID numbers (birth
province, sex and century digit, year), households with head, spouse and children, and
residence histories that cross the 2025 reorganization — an address in a former ward until
30/06/2025, then in its successor commune, mapped through the units data. Nothing here is a
real person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from registry.idnumbers import new_id_number
from registry.models import MaritalStatus, Relation, ResidenceRecord, Resident, Sex
from units.models import AdministrativeUnit, LegacyWard

HANOI = 1
REORGANIZED = date(2025, 7, 1)
FAMILY = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Đoàn", "Lương", "Mai", "Tạ", "Chu", "Kiều",
]  # fmt: skip
MIDDLE: dict[str, list[str]] = {
    Sex.MALE: ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Mạnh", "Tuấn"],
    Sex.FEMALE: ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Hồng", "Kim", "Bích", "Mai"],
}
GIVEN: dict[str, list[str]] = {
    Sex.MALE: [
        "An", "Bình", "Cường", "Dũng", "Duy", "Giang", "Hải", "Hiếu", "Hùng", "Khánh", "Long",
        "Nam", "Phong", "Quân", "Sơn", "Thắng", "Trung", "Tùng", "Việt", "Vinh",
    ],
    Sex.FEMALE: [
        "Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Loan", "Mai", "My",
        "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Trang",
    ],
}  # fmt: skip
STREETS = ["phố", "ngõ", "ngách", "đường"]
STREET_NAMES = [
    "Tràng Tiền", "Hàng Bài", "Lê Thái Tổ", "Kim Mã", "Giảng Võ", "Láng", "Trường Chinh",
    "Giải Phóng", "Minh Khai", "Nguyễn Trãi", "Cầu Giấy", "Xuân Thủy", "Hoàng Quốc Việt",
    "Lạc Long Quân", "Âu Cơ", "Nguyễn Văn Cừ", "Ngọc Lâm", "Tam Trinh", "Lĩnh Nam", "Tân Mai",
]  # fmt: skip
# The demo accounts are residents too, with the data their accounts show.
KNOWN: list[tuple[str, str, date, str, str]] = [
    ("001090012345", "Nguyễn Văn An", date(1990, 5, 17), Sex.MALE, MaritalStatus.SINGLE),
    ("001195006789", "Trần Thị Bình", date(1995, 1, 2), Sex.FEMALE, MaritalStatus.SINGLE),
]


def id_number(rng: random.Random, born: date, sex: str, province: int, taken: set[str]) -> str:
    """A new number (``registry.idnumbers``, the one generator), noted in ``taken``."""
    number = new_id_number(born, sex, f"{province:03d}", rng=rng, taken=taken.__contains__)
    taken.add(number)
    return number


@dataclass
class _Place:
    unit: AdministrativeUnit
    legacy: LegacyWard | None


def _places() -> list[_Place]:
    units = {u.pk: u for u in AdministrativeUnit.objects.filter(province__code=HANOI)}
    places: list[_Place] = []
    for legacy in LegacyWard.objects.filter(successors__province__code=HANOI).distinct():
        for successor in legacy.successors.all()[:1]:
            places.append(_Place(units[successor.pk], legacy))
    covered = {p.unit.pk for p in places}
    places += [_Place(unit, None) for pk, unit in units.items() if pk not in covered]
    return places


def _address(rng: random.Random) -> str:
    return f"Số {rng.randint(1, 199)} {rng.choice(STREETS)} {rng.choice(STREET_NAMES)}"


def _birthday(rng: random.Random, start: int, end: int) -> date:
    first = date(start, 1, 1)
    return first + timedelta(days=rng.randrange((date(end, 12, 31) - first).days))


def _name(rng: random.Random, family: str, sex: str) -> str:
    return f"{family} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


def load_residents(count: int = 3000, seed: int = 2026) -> int:
    """Fill the embedded registry once (nothing happens when it holds residents already)."""
    if Resident.objects.exists():
        return 0
    places = _places()
    if not places:
        return 0
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    taken: set[str] = set()
    residents: list[Resident] = []
    histories: list[tuple[int, list[ResidenceRecord]]] = []
    household_number = 0
    with transaction.atomic():
        for known_id, name, born, sex, status in KNOWN:
            taken.add(known_id)
            place = next(p for p in places if p.unit.name == "Phường Hoàn Kiếm")
            household_number += 1
            resident = Resident(
                id_number=known_id, full_name=name, date_of_birth=born, sex=sex,
                marital_status=status, household=f"HN{household_number:07d}",
                relation=Relation.HEAD,
                permanent_address=f"{_address(rng)}, {place.unit.name}, Hà Nội",
                permanent_unit=place.unit,
            )  # fmt: skip
            residents.append(resident)
            histories.append((len(residents) - 1, _history(rng, resident, place, born)))
        while len(residents) < count:
            household_number += 1
            place = rng.choice(places)
            street = _address(rng)
            family = rng.choice(FAMILY)
            members = _household(rng, family)
            for relation, sex, born, status in members:
                resident = Resident(
                    id_number=id_number(rng, born, sex, 1 if rng.random() < 0.8 else rng.choice(
                        [2, 22, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40]
                    ), taken),
                    full_name=_name(rng, family if relation != Relation.SPOUSE else rng.choice(
                        FAMILY
                    ), sex),
                    date_of_birth=born, sex=sex, marital_status=status,
                    household=f"HN{household_number:07d}", relation=relation,
                    permanent_address=f"{street}, {place.unit.name}, Hà Nội",
                    permanent_unit=place.unit,
                )  # fmt: skip
                residents.append(resident)
                histories.append((len(residents) - 1, _history(rng, resident, place, born)))
        created = Resident.objects.bulk_create(residents, batch_size=500)
        records = []
        for index, periods in histories:
            for period in periods:
                period.resident = created[index]
                records.append(period)
        ResidenceRecord.objects.bulk_create(records, batch_size=1000)
    return len(created)


def _household(rng: random.Random, family: str) -> list[tuple[str, str, date, str]]:
    head_sex = Sex.MALE if rng.random() < 0.7 else Sex.FEMALE
    head_born = _birthday(rng, 1945, 1998)
    shape = rng.random()
    if shape < 0.15:  # alone
        status = rng.choice([MaritalStatus.SINGLE, MaritalStatus.DIVORCED, MaritalStatus.WIDOWED])
        return [(Relation.HEAD, head_sex, head_born, status)]
    spouse_sex = Sex.FEMALE if head_sex == Sex.MALE else Sex.MALE
    spouse_born = head_born + timedelta(days=rng.randint(-1500, 1500))
    members: list[tuple[str, str, date, str]] = [
        (Relation.HEAD, head_sex, head_born, MaritalStatus.MARRIED),
        (Relation.SPOUSE, spouse_sex, spouse_born, MaritalStatus.MARRIED),
    ]
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
        first = max(head_born.year, spouse_born.year) + 20
        if first > 2024:
            break
        born = _birthday(rng, first, min(first + 20, 2024))
        sex = rng.choice([Sex.MALE, Sex.FEMALE])
        members.append((Relation.CHILD, sex, born, MaritalStatus.SINGLE))
    return members


def _history(
    rng: random.Random, resident: Resident, place: _Place, born: date
) -> list[ResidenceRecord]:
    """Registered in the former ward since birth or a move, then in its successor commune."""
    if place.legacy is None or born >= REORGANIZED:
        return [
            ResidenceRecord(
                kind=ResidenceRecord.Kind.PERMANENT, address=resident.permanent_address,
                unit=place.unit, from_date=max(born, date(2010, 1, 1)),
            )
        ]  # fmt: skip
    since = max(born, _birthday(rng, 1990, 2020))
    street = resident.permanent_address.split(",")[0]
    legacy = place.legacy
    return [
        ResidenceRecord(
            kind=ResidenceRecord.Kind.PERMANENT,
            address=f"{street}, {legacy.name}, {legacy.district_name}, {legacy.province_name}",
            legacy_ward=legacy, from_date=since, to_date=REORGANIZED - timedelta(days=1),
        ),
        ResidenceRecord(
            kind=ResidenceRecord.Kind.PERMANENT, address=resident.permanent_address,
            unit=place.unit, from_date=REORGANIZED,
        ),
    ]  # fmt: skip
