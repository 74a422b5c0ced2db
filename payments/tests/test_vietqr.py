from __future__ import annotations

import pytest

from payments.vietqr import InvalidPayload, TransferQR, clean_purpose, crc16, decode, encode, fields

QR = TransferQR(bank_bin="970415", account="113366668888", amount=105000, purpose="MC H01 0001")


def test_the_crc_is_ccitt_false() -> None:
    assert crc16(b"123456789") == 0x29B1


def test_a_payload_decodes_back_to_its_fields() -> None:
    assert decode(encode(QR)) == QR


def test_the_payload_carries_the_napas_fields() -> None:
    top = fields(encode(QR)[:-8])
    assert (top["00"], top["01"], top["53"], top["54"], top["58"]) == (
        "01",
        "12",
        "704",
        "105000",
        "VN",
    )
    assert fields(top["38"])["00"] == "A000000727"
    assert fields(top["38"])["02"] == "QRIBFTTA"


def test_the_payload_ends_with_its_crc() -> None:
    payload = encode(QR)
    assert payload[-8:-4] == "6304"
    assert int(payload[-4:], 16) == crc16(payload[:-4].encode())


def test_a_changed_payload_fails_its_crc() -> None:
    payload = encode(QR).replace("105000", "905000")
    with pytest.raises(InvalidPayload, match="CRC"):
        decode(payload)


def test_a_static_qr_has_no_amount() -> None:
    static = TransferQR(bank_bin="970415", account="0011", amount=None, purpose="", dynamic=False)
    assert decode(encode(static)) == static


def test_the_purpose_goes_without_diacritics() -> None:
    assert clean_purpose("Lệ phí hồ sơ Đăng ký") == "Le phi ho so Dang ky"


def test_the_purpose_is_cut_to_what_banks_carry() -> None:
    assert len(clean_purpose("x" * 40)) == 25


@pytest.mark.parametrize(
    "qr",
    [
        TransferQR(bank_bin="97041", account="1", amount=1, purpose=""),
        TransferQR(bank_bin="970415", account="", amount=1, purpose=""),
        TransferQR(bank_bin="970415", account="1", amount=0, purpose=""),
    ],
)
def test_a_bad_transfer_is_refused(qr: TransferQR) -> None:
    with pytest.raises(InvalidPayload):
        encode(qr)


def test_a_payload_of_another_scheme_is_refused() -> None:
    body = "000201010212" + "3812" + "0008ABCDEFGH" + "5303704" + "5802VN" + "6304"
    payload = body + f"{crc16(body.encode()):04X}"
    with pytest.raises(InvalidPayload, match="NAPAS"):
        decode(payload)
