from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from payments.gateways.vnpay import (
    BAD_SIGNATURE,
    WRONG_AMOUNT,
    BadNotice,
    answer,
    payment_url,
    read_notice,
    sign,
    signed_query,
    verified,
)

SECRET = "local-vnpay-secret"


def ipn(**overrides: str) -> dict[str, str]:
    params = {
        "vnp_TmnCode": "MOTCUA01",
        "vnp_Amount": "5000000",
        "vnp_TxnRef": "PAY-000123",
        "vnp_ResponseCode": "00",
        "vnp_TransactionStatus": "00",
        "vnp_TransactionNo": "14012345",
        "vnp_OrderInfo": "Le phi ho so H01 0001",
    }
    params.update(overrides)
    params["vnp_SecureHash"] = sign(params, SECRET)
    return params


def test_the_signed_query_is_sorted_and_form_encoded() -> None:
    assert signed_query({"vnp_b": "x y", "vnp_a": "1", "other": "z"}) == "vnp_a=1&vnp_b=x+y"


def test_the_signature_leaves_itself_out() -> None:
    params = ipn()
    assert verified(params, SECRET)


def test_a_payment_url_carries_its_signature() -> None:
    url = payment_url("http://127.0.0.1:9/pay", {"vnp_Amount": "100", "vnp_TxnRef": "P1"}, SECRET)
    params = dict(parse_qsl(urlsplit(url).query))
    assert verified(params, SECRET)


def test_a_notice_is_read_in_dong() -> None:
    notice = read_notice(ipn(), SECRET)
    assert (notice.reference, notice.amount, notice.succeeded) == ("PAY-000123", 50000, True)


def test_a_changed_amount_breaks_the_signature() -> None:
    params = ipn()
    params["vnp_Amount"] = "100"
    with pytest.raises(BadNotice) as raised:
        read_notice(params, SECRET)
    assert raised.value.code == BAD_SIGNATURE


def test_another_secret_is_refused() -> None:
    assert not verified(ipn(), "not-the-secret")


def test_a_cancelled_payment_is_not_a_success() -> None:
    notice = read_notice(ipn(vnp_ResponseCode="24", vnp_TransactionStatus="02"), SECRET)
    assert (notice.succeeded, notice.cancelled) == (False, True)


def test_an_amount_that_is_not_whole_dong_is_refused() -> None:
    with pytest.raises(BadNotice) as raised:
        read_notice(ipn(vnp_Amount="5000050"), SECRET)
    assert raised.value.code == WRONG_AMOUNT


def test_the_answer_speaks_the_gateways_codes() -> None:
    assert answer("00") == {"RspCode": "00", "Message": "Confirm Success"}
