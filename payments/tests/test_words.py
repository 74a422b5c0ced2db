from __future__ import annotations

import pytest

from payments.words import amount_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (25, "Hai mươi lăm đồng"),
        (24, "Hai mươi bốn đồng"),
        (100, "Một trăm đồng"),
        (105, "Một trăm linh năm đồng"),
        (110, "Một trăm mười đồng"),
        (111, "Một trăm mười một đồng"),
        (2_000, "Hai nghìn đồng"),
        (50_000, "Năm mươi nghìn đồng"),
        (105_000, "Một trăm linh năm nghìn đồng"),
        (200_000, "Hai trăm nghìn đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (1_000_000, "Một triệu đồng"),
        (1_000_001, "Một triệu không trăm linh một đồng"),
        (1_250_500, "Một triệu hai trăm năm mươi nghìn năm trăm đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        (2_000_035_000, "Hai tỷ không trăm ba mươi lăm nghìn đồng"),
        (
            12_345_678_910,
            "Mười hai tỷ ba trăm bốn mươi lăm triệu "
            + "sáu trăm bảy mươi tám nghìn chín trăm mười đồng",
        ),
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
        (1_001_000_000_000, "Một nghìn không trăm linh một tỷ đồng"),
    ],
)
def test_amount_in_words(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


def test_a_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        amount_in_words(-1)


def test_a_fractional_amount_is_refused() -> None:
    with pytest.raises(TypeError):
        amount_in_words(1.5)  # type: ignore[arg-type]
