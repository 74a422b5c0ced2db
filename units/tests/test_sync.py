from __future__ import annotations

from django.test import TestCase

from units.models import AdministrativeUnit, LegacyWard, LegacyWardSuccessor
from units.sync import SyncReport, sync_administrative_units

Level = AdministrativeUnit.Level
HANOI = 1


def row_counts() -> tuple[int, int, int]:
    return (
        AdministrativeUnit.objects.count(),
        LegacyWard.objects.count(),
        LegacyWardSuccessor.objects.count(),
    )


class SyncAdministrativeUnitsTestCase(TestCase):
    """Loads the two-tier map of 1 July 2025 and the old wards from vietnam-provinces."""

    report: SyncReport

    @classmethod
    def setUpTestData(cls) -> None:
        cls.report = sync_administrative_units()

    def test_it_loads_34_provinces(self) -> None:
        self.assertEqual(AdministrativeUnit.objects.filter(level=Level.PROVINCE).count(), 34)

    def test_it_loads_3321_communes(self) -> None:
        self.assertEqual(AdministrativeUnit.objects.filter(level=Level.COMMUNE).count(), 3321)

    def test_it_reports_what_it_created(self) -> None:
        self.assertEqual(self.report.created, 34 + 3321)
        self.assertEqual(self.report.updated, 0)
        self.assertEqual(self.report.legacy_created, LegacyWard.objects.count())
        self.assertEqual(self.report.links_created, LegacyWardSuccessor.objects.count())

    def test_it_puts_126_communes_in_ha_noi(self) -> None:
        hanoi = AdministrativeUnit.objects.get(level=Level.PROVINCE, code=HANOI)
        self.assertEqual(hanoi.name, "Thành phố Hà Nội")
        self.assertEqual(hanoi.communes.count(), 126)

    def test_it_stores_folded_names(self) -> None:
        commune = AdministrativeUnit.objects.get(province__code=HANOI, name="Phường Hoàn Kiếm")
        self.assertEqual(commune.folded_name, "phuong hoan kiem")

    def test_it_loads_the_old_wards(self) -> None:
        old = LegacyWard.objects.get(name="Phường Tràng Tiền")
        self.assertEqual(old.district_name, "Quận Hoàn Kiếm")
        self.assertEqual(old.province_name, "Thành phố Hà Nội")

    def test_it_maps_trang_tien_to_the_two_wards_it_became(self) -> None:
        old = LegacyWard.objects.get(name="Phường Tràng Tiền")
        self.assertEqual(
            set(old.successors.values_list("name", "province__code")),
            {("Phường Hoàn Kiếm", HANOI), ("Phường Cửa Nam", HANOI)},
        )

    def test_a_second_run_creates_nothing(self) -> None:
        before = row_counts()
        report = sync_administrative_units()
        self.assertEqual(
            (report.created, report.updated, report.legacy_created, report.links_created),
            (0, 0, 0, 0),
        )
        self.assertEqual(row_counts(), before)

    def test_it_puts_back_a_changed_name(self) -> None:
        commune = AdministrativeUnit.objects.get(province__code=HANOI, name="Phường Cửa Nam")
        AdministrativeUnit.objects.filter(pk=commune.pk).update(name="Phường Sai Tên")
        report = sync_administrative_units()
        commune.refresh_from_db()
        self.assertEqual((report.created, report.updated), (0, 1))
        self.assertEqual(commune.name, "Phường Cửa Nam")
