from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import SimpleTestCase

from payments.vietqr import decode


def run(*args: str) -> str:
    out = StringIO()
    call_command("payments", *args, stdout=out)
    return out.getvalue().strip()


class PaymentsCommandTestCase(SimpleTestCase):
    def test_vietqr_prints_a_payload_that_decodes(self) -> None:
        payload = run(
            "vietqr",
            "--bin",
            "970415",
            "--account",
            "113366668888",
            "--amount",
            "50000",
            "--purpose",
            "MC H01 7",
        )
        qr = decode(payload)
        self.assertEqual(
            (qr.bank_bin, qr.account, qr.amount, qr.purpose),
            ("970415", "113366668888", 50000, "MC H01 7"),
        )

    def test_vietqr_refuses_a_bad_bin(self) -> None:
        with self.assertRaises(CommandError):
            run("vietqr", "--bin", "12", "--account", "1", "--amount", "1")

    def test_amount_in_words(self) -> None:
        self.assertEqual(run("amount-in-words", "105000"), "Một trăm linh năm nghìn đồng")

    def test_a_negative_amount_is_refused(self) -> None:
        with self.assertRaises(CommandError):
            run("amount-in-words", "--", "-5")
