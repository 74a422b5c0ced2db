"""SMS segments counted as carriers count them, Vietnamese with and without diacritics."""

from __future__ import annotations

import pytest

from notifications.sms_text import GSM7, UCS2, Count, count, encoding_of, parts, plain_vietnamese

RECEIVED = (
    "UBND phường Hoàn Kiếm đã tiếp nhận hồ sơ 000.00.01.H26-261204-0001 của bạn, hẹn trả kết quả "
    "ngày 11/12/2026. Tra cứu: https://dichvucong.hanoi.gov.vn/tra-cuu/?ma=000.00.01.H26-261204-0001"
)


@pytest.mark.parametrize(
    ("length", "segments"),
    [(0, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)],
)
def test_gsm7_fits_160_then_153_a_segment(length: int, segments: int) -> None:
    assert count("a" * length) == Count(GSM7, length, segments)


@pytest.mark.parametrize(
    ("length", "segments"), [(70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)]
)
def test_ucs2_fits_70_then_67_a_segment(length: int, segments: int) -> None:
    assert count("ộ" * length) == Count(UCS2, length, segments)


def test_one_letter_with_its_diacritics_makes_the_whole_message_ucs2() -> None:
    assert encoding_of("Ho so da duoc tiep nhan") == GSM7
    assert encoding_of("Ho so da duoc tiep nhận") == UCS2
    assert count("a" * 69 + "ậ") == Count(UCS2, 70, 1)


def test_the_letters_of_the_default_alphabet_stay_gsm7() -> None:
    assert count("à é è ù ì ò Ø ñ ü ß @ £ ¥ §") == Count(GSM7, 27, 1)


def test_an_extension_character_takes_two_septets() -> None:
    assert count("€" * 80) == Count(GSM7, 160, 1)
    assert count("a" * 159 + "[") == Count(GSM7, 161, 2)


def test_an_escape_and_its_character_are_never_split_between_segments() -> None:
    # 306 septets would be two segments of 153, but the € at 153–154 cannot be cut in two.
    text = "a" * 152 + "€" + "a" * 152
    assert count(text) == Count(GSM7, 306, 3)
    assert count("a" * 152 + "€" + "a" * 151) == Count(GSM7, 305, 2)


def test_a_character_beyond_the_bmp_takes_two_units_kept_together() -> None:
    assert count("ồ" * 68 + "🙂") == Count(UCS2, 70, 1)
    assert count("ồ" * 66 + "🙂" + "ồ" * 66) == Count(UCS2, 134, 3)


def test_vietnamese_without_diacritics_is_gsm7_and_costs_fewer_segments() -> None:
    plain = plain_vietnamese(RECEIVED)
    assert plain.startswith("UBND phuong Hoan Kiem da tiep nhan ho so 000.00.01.H26-261204-0001")
    assert "hen tra ket qua ngay 11/12/2026" in plain
    assert (count(RECEIVED).encoding, count(RECEIVED).segments) == (UCS2, 3)  # 187 units
    assert (count(plain).encoding, count(plain).segments) == (GSM7, 2)


def test_the_d_with_a_stroke_and_every_tone_lose_their_marks() -> None:
    assert plain_vietnamese("Đặng Đức Ưng ỷ ỹ ạ ễ ờ ữ") == "Dang Duc Ung y y a e o u"
    assert plain_vietnamese("Nguye\u0302\u0303n") == "Nguyen"  # decomposed input too


def test_parts_join_back_to_the_message_and_fit_their_segments() -> None:
    for text in (RECEIVED, plain_vietnamese(RECEIVED), "ồ " * 200, "a" * 500):
        cut = parts(text)
        limit = 153 if count(text).encoding == GSM7 else 67
        assert "".join(cut) == text
        assert all(count(part).units <= limit for part in cut)


def test_a_link_or_a_code_is_never_cut_in_two() -> None:
    code = "000.00.01.H26-261204-0001"
    link = f"https://dichvucong.hanoi.gov.vn/tra-cuu/?ma={code}"
    # Packed as carriers pack it, the first segment would end inside the link.
    text = "x" * 120 + " " + link + " cam on."
    assert link not in text[:153] and link in text
    cut = parts(text)
    assert any(link in part for part in cut)
    assert cut[0] == "x" * 120 + " "


def test_a_message_that_fits_one_sms_is_one_part() -> None:
    assert parts("Ma dang nhap: 493021") == ["Ma dang nhap: 493021"]
