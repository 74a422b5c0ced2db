"""Keep the administrative-unit tables equal to the installed ``vietnam-provinces`` data.

Idempotent: a second run with the same package version writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from vietnam_provinces import Province, Ward, legacy

from core.text import clean, fold
from units.models import AdministrativeUnit, LegacyWard, LegacyWardSuccessor

Level = AdministrativeUnit.Level


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    legacy_created: int = 0
    links_created: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} đơn vị mới, {self.updated} cập nhật, "
            f"{self.legacy_created} xã/phường cũ mới, {self.links_created} liên kết mới"
        )


def _upsert(
    existing: dict[int, AdministrativeUnit],
    rows: list[AdministrativeUnit],
    report: SyncReport,
) -> None:
    fields = ["name", "division_type", "codename", "folded_name", "province"]
    new, changed = [], []
    for row in rows:
        row.folded_name = fold(row.name)
        current = existing.get(row.code)
        if current is None:
            new.append(row)
        elif any(getattr(current, f) != getattr(row, f) for f in fields):
            for f in fields:
                setattr(current, f, getattr(row, f))
            changed.append(current)
    AdministrativeUnit.objects.bulk_create(new, batch_size=500)
    AdministrativeUnit.objects.bulk_update(changed, fields, batch_size=500)
    report.created += len(new)
    report.updated += len(changed)


@transaction.atomic
def sync_administrative_units() -> SyncReport:
    report = SyncReport()
    provinces = {u.code: u for u in AdministrativeUnit.objects.filter(level=Level.PROVINCE)}
    _upsert(
        provinces,
        [
            AdministrativeUnit(
                level=Level.PROVINCE,
                code=int(p.code),
                name=clean(p.name),
                division_type=p.division_type.value,
                codename=p.codename,
            )
            for p in Province.iter_all()
        ],
        report,
    )
    provinces = {u.code: u for u in AdministrativeUnit.objects.filter(level=Level.PROVINCE)}

    communes = {u.code: u for u in AdministrativeUnit.objects.filter(level=Level.COMMUNE)}
    wards = list(Ward.iter_all())
    _upsert(
        communes,
        [
            AdministrativeUnit(
                level=Level.COMMUNE,
                code=int(w.code),
                name=clean(w.name),
                division_type=w.division_type.value,
                codename=w.codename,
                province=provinces[int(w.province_code)],
            )
            for w in wards
        ],
        report,
    )
    _sync_legacy(wards, report)
    return report


def _sync_legacy(wards: list[Ward], report: SyncReport) -> None:
    districts = {int(d.code): d for d in legacy.District.iter_all()}
    old_provinces = {int(p.code): p for p in legacy.Province.iter_all()}
    known = set(LegacyWard.objects.values_list("code", flat=True))
    new_rows = []
    for old in legacy.Ward.iter_all():
        if int(old.code) in known:
            continue
        district = districts.get(int(old.district_code))
        province = old_provinces.get(int(district.province_code)) if district else None
        new_rows.append(
            LegacyWard(
                code=int(old.code),
                name=clean(old.name),
                district_name=clean(district.name) if district else "",
                province_name=clean(province.name) if province else "",
                folded_name=fold(old.name),
            )
        )
    LegacyWard.objects.bulk_create(new_rows, batch_size=1000)
    report.legacy_created = len(new_rows)

    legacy_ids = dict(LegacyWard.objects.values_list("code", "id"))
    unit_ids = dict(
        AdministrativeUnit.objects.filter(level=Level.COMMUNE).values_list("code", "id")
    )
    links = set(LegacyWardSuccessor.objects.values_list("legacy_ward_id", "unit_id"))
    new_links = []
    for ward in wards:
        unit_id = unit_ids[int(ward.code)]
        for source in ward.get_legacy_sources():
            legacy_id = legacy_ids.get(int(source.code))
            if legacy_id is not None and (legacy_id, unit_id) not in links:
                links.add((legacy_id, unit_id))
                new_links.append(LegacyWardSuccessor(legacy_ward_id=legacy_id, unit_id=unit_id))
    LegacyWardSuccessor.objects.bulk_create(new_links, batch_size=1000)
    report.links_created = len(new_links)
