from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from payments.vietqr import InvalidPayload, TransferQR, encode
from payments.words import amount_in_words


class Command(BaseCommand):
    help = "Phí, lệ phí: mã VietQR chuyển khoản; số tiền bằng chữ."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=ArgumentParser)
        qr = sub.add_parser("vietqr", help="In nội dung mã VietQR (EMVCo) cho một khoản chuyển.")
        qr.add_argument("--bin", required=True, help="mã BIN 6 số của ngân hàng nhận")
        qr.add_argument("--account", required=True, help="số tài khoản nhận")
        qr.add_argument("--amount", type=int, help="số tiền (đồng); bỏ trống: mã tĩnh")
        qr.add_argument("--purpose", default="", help="nội dung chuyển khoản")
        words = sub.add_parser("amount-in-words", help="In số tiền bằng chữ.")
        words.add_argument("amount", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "amount-in-words":
            try:
                self.stdout.write(amount_in_words(options["amount"]))
            except ValueError as exc:
                raise CommandError(
                    "Số tiền không được âm. — The amount cannot be negative."
                ) from exc
            return
        transfer = TransferQR(
            bank_bin=options["bin"],
            account=options["account"],
            amount=options["amount"],
            purpose=options["purpose"],
            dynamic=options["amount"] is not None,
        )
        try:
            self.stdout.write(encode(transfer))
        except InvalidPayload as exc:
            raise CommandError(f"Không tạo được mã VietQR: {exc}") from exc
