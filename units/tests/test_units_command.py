from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from units.models import AdministrativeUnit


def run(*args: str) -> str:
    out = StringIO()
    call_command("units", *args, stdout=out)
    return out.getvalue()


class UnitsCommandTestCase(TestCase):
    """`units sync` loads the map; `units legacy NAME` shows what an old ward became."""

    sync_output: str

    @classmethod
    def setUpTestData(cls) -> None:
        cls.sync_output = run("sync")

    def test_sync_loads_provinces_and_communes(self) -> None:
        self.assertEqual(AdministrativeUnit.objects.count(), 34 + 3321)

    def test_sync_prints_its_report(self) -> None:
        self.assertTrue(self.sync_output.startswith("3355 đơn vị mới, 0 cập nhật, "))

    def test_legacy_lists_the_new_wards_of_an_old_one(self) -> None:
        output = run("legacy", "trang tien")
        self.assertIn("Phường Tràng Tiền", output)
        self.assertIn("Phường Hoàn Kiếm, Thành phố Hà Nội", output)
        self.assertIn("Phường Cửa Nam, Thành phố Hà Nội", output)

    def test_legacy_prints_one_line_per_old_ward(self) -> None:
        lines = run("legacy", "trang tien").splitlines()
        self.assertEqual(len(lines), 1)
        self.assertTrue(
            lines[0].startswith("Phường Tràng Tiền, Quận Hoàn Kiếm, Thành phố Hà Nội → ")
        )

    def test_legacy_accepts_the_accented_name(self) -> None:
        self.assertEqual(run("legacy", "Tràng Tiền"), run("legacy", "trang tien"))

    def test_legacy_refuses_an_unknown_name_in_vietnamese(self) -> None:
        with self.assertRaisesMessage(
            CommandError, "Không tìm thấy xã, phường cũ nào tên 'không có nơi này'."
        ):
            run("legacy", "không có nơi này")

    def test_sync_writes_nothing_when_up_to_date(self) -> None:
        before = AdministrativeUnit.objects.count()
        output = run("sync")
        self.assertEqual(
            output.strip(), "0 đơn vị mới, 0 cập nhật, 0 xã/phường cũ mới, 0 liên kết mới"
        )
        self.assertEqual(AdministrativeUnit.objects.count(), before)
