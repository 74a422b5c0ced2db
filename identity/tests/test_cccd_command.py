from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO

from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase

QR_TEXT = "001090000019|012345678|Nguyễn Văn An|01011990|Nam|Số 1 Tràng Tiền, Hà Nội|15082021"


def run(*args: str) -> str:
    out = StringIO()
    call_command("cccd", *args, stdout=out)
    return out.getvalue()


class CccdParseCommandTestCase(SimpleTestCase):
    def test_it_prints_the_record_as_json(self) -> None:
        self.assertEqual(
            json.loads(run("parse", QR_TEXT)),
            {
                "id_number": "001090000019",
                "old_id_number": "012345678",
                "full_name": "Nguyễn Văn An",
                "date_of_birth": "1990-01-01",
                "sex": "male",
                "address": "Số 1 Tràng Tiền, Hà Nội",
                "issue_date": "2021-08-15",
            },
        )

    def test_it_keeps_vietnamese_readable(self) -> None:
        self.assertIn('"full_name": "Nguyễn Văn An"', run("parse", QR_TEXT))

    def test_it_prints_null_without_an_old_id(self) -> None:
        output = run("parse", "001090000019|Nguyễn Văn An|01011990|Nam|Hà Nội|15082021")
        self.assertIsNone(json.loads(output)["old_id_number"])

    def test_it_refuses_bad_text_with_exit_code_2(self) -> None:
        with self.assertRaises(CommandError) as caught:
            run("parse", QR_TEXT.replace("|Nam|", "|Nữ|"))
        self.assertEqual(caught.exception.returncode, 2)
        self.assertIn("giới tính khai là Nữ", str(caught.exception))


class CccdCheckCommandTestCase(SimpleTestCase):
    def test_it_prints_province_sex_and_century(self) -> None:
        output = run("check", "079303001234", "--dob", "2003-05-01", "--sex", "female")
        self.assertIn("Nơi đăng ký khai sinh: 079 TP Hồ Chí Minh", output)
        self.assertIn("Giới tính: Nữ", output)
        self.assertIn("Thế kỷ sinh: 2000–2099", output)

    def test_it_checks_a_number_alone(self) -> None:
        self.assertIn("001090000019: hợp lệ", run("check", "001090000019"))

    def test_it_refuses_a_sex_mismatch_with_exit_code_2(self) -> None:
        with self.assertRaises(CommandError) as caught:
            run("check", "001090000019", "--sex", "female")
        self.assertEqual(caught.exception.returncode, 2)

    def test_it_refuses_a_birth_year_mismatch(self) -> None:
        with self.assertRaisesMessage(CommandError, "không khớp với năm sinh 1991"):
            run("check", "001090000019", "--dob", "1991-01-01")

    def test_it_refuses_an_unreadable_date_of_birth(self) -> None:
        with self.assertRaises(CommandError) as caught:
            run("check", "001090000019", "--dob", "01/01/1990")
        self.assertEqual(caught.exception.returncode, 2)
        self.assertIn("Ngày sinh không hợp lệ", str(caught.exception))


class CccdCommandProcessTestCase(SimpleTestCase):
    """Through a real process once: the exit code is what a shell script sees."""

    def manage(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 — our own interpreter and manage.py
            [sys.executable, "manage.py", "cccd", *args],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )

    def test_parse_exits_0_with_json_on_stdout(self) -> None:
        result = self.manage("parse", QR_TEXT)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["full_name"], "Nguyễn Văn An")

    def test_parse_exits_2_with_the_message_on_stderr(self) -> None:
        result = self.manage("parse", "001090000019|Nguyễn Văn An|01011990|Nam|Hà Nội")
        self.assertEqual(result.returncode, 2)
        self.assertIn("có 5 trường", result.stderr)
        self.assertEqual(result.stdout, "")
