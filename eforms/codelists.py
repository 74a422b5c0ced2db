"""The named code lists an e-form's choice fields draw from.

Each list is (code, Vietnamese label) pairs; the label's English translation comes from the
locale files (``gettext``) or, for countries, from pycountry's own translations. A schema names
a list by key (``"codelist": "ethnicity"``); a list unknown here is refused when the schema is
published.
"""

from __future__ import annotations

import gettext as gettext_module
from collections.abc import Callable
from functools import cache

import pycountry
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Danh mục các dân tộc Việt Nam (Quyết định 121-TCTK/PPCĐ ngày 02/3/1979 of the General
# Statistics Office): the 54 groups with their two-digit codes, in the list's own order.
# Recalled from the published list, not re-checked against the official text (DOMAIN [U]).
ETHNIC_GROUPS: tuple[tuple[str, str], ...] = (
    ("01", "Kinh"), ("02", "Tày"), ("03", "Thái"), ("04", "Hoa"), ("05", "Khơ-me"),
    ("06", "Mường"), ("07", "Nùng"), ("08", "Mông"), ("09", "Dao"), ("10", "Gia-rai"),
    ("11", "Ngái"), ("12", "Ê-đê"), ("13", "Ba-na"), ("14", "Xơ-đăng"), ("15", "Sán Chay"),
    ("16", "Cơ-ho"), ("17", "Chăm"), ("18", "Sán Dìu"), ("19", "Hrê"), ("20", "Mnông"),
    ("21", "Ra-glai"), ("22", "Xtiêng"), ("23", "Bru-Vân Kiều"), ("24", "Thổ"), ("25", "Giáy"),
    ("26", "Cơ-tu"), ("27", "Gié-Triêng"), ("28", "Mạ"), ("29", "Khơ-mú"), ("30", "Co"),
    ("31", "Tà-ôi"), ("32", "Chơ-ro"), ("33", "Kháng"), ("34", "Xinh-mun"), ("35", "Hà Nhì"),
    ("36", "Chu-ru"), ("37", "Lào"), ("38", "La Chí"), ("39", "La Ha"), ("40", "Phù Lá"),
    ("41", "La Hủ"), ("42", "Lự"), ("43", "Lô Lô"), ("44", "Chứt"), ("45", "Mảng"),
    ("46", "Pà Thẻn"), ("47", "Cờ Lao"), ("48", "Cống"), ("49", "Bố Y"), ("50", "Si La"),
    ("51", "Pu Péo"), ("52", "Brâu"), ("53", "Ơ Đu"), ("54", "Rơ-măm"),
)  # fmt: skip

_STATIC: dict[str, tuple[tuple[str, str | Promise], ...]] = {
    "sex": (("male", _("Nam")), ("female", _("Nữ"))),
    "marital_status": (
        ("single", _("Chưa kết hôn")),
        ("married", _("Đang có vợ/chồng")),
        ("divorced", _("Đã ly hôn")),
        ("widowed", _("Vợ/chồng đã chết")),
    ),
    "relationship": (
        ("self", _("Bản thân")),
        ("father", _("Cha")),
        ("mother", _("Mẹ")),
        ("spouse", _("Vợ/chồng")),
        ("child", _("Con")),
        ("grandparent", _("Ông/bà")),
        ("grandchild", _("Cháu")),
        ("sibling", _("Anh/chị/em")),
        ("guardian", _("Người giám hộ")),
        ("relative", _("Họ hàng khác")),
        ("authorized", _("Người được ủy quyền")),
        ("other", _("Khác")),
    ),
    "household_relation": (
        ("head", _("Chủ hộ")),
        ("spouse", _("Vợ/chồng")),
        ("child", _("Con")),
        ("parent", _("Cha/mẹ")),
        ("grandchild", _("Cháu")),
        ("sibling", _("Anh/chị/em")),
        ("other", _("Khác")),
    ),
    "residence_kind": (("permanent", _("Thường trú")), ("temporary", _("Tạm trú"))),
    "place_of_birth_kind": (
        ("hospital", _("Cơ sở y tế")),
        ("home", _("Tại nhà")),
        ("other", _("Nơi khác")),
    ),
    "birth_order": (
        ("single", _("Sinh một")),
        ("twins", _("Sinh đôi")),
        ("triplets", _("Sinh ba trở lên")),
    ),
    "lawful_residence_proof": (
        ("owned", _("Chỗ ở hợp pháp thuộc sở hữu của người đăng ký")),
        ("rented", _("Thuê, mượn, ở nhờ (có văn bản đồng ý của chủ sở hữu)")),
        ("relative", _("Về ở với người thân (được chủ hộ, chủ sở hữu đồng ý)")),
        ("other", _("Trường hợp khác")),
    ),
    "copy_kind": (
        ("extract", _("Bản sao trích lục")),
        ("register", _("Bản sao từ sổ gốc")),
    ),
    # The civil-status events a register records (Luật Hộ tịch 2014, Điều 3).
    "civil_status_event": (
        ("birth", _("Khai sinh")),
        ("marriage", _("Kết hôn")),
        ("death", _("Khai tử")),
        ("parentage", _("Nhận cha, mẹ, con")),
        ("guardianship", _("Giám hộ")),
        ("change", _("Thay đổi, cải chính, bổ sung thông tin hộ tịch")),
        ("marital_status", _("Xác nhận tình trạng hôn nhân")),
    ),
    "civil_status_change": (
        ("change", _("Thay đổi thông tin hộ tịch")),
        ("correction", _("Cải chính thông tin hộ tịch")),
        ("supplement", _("Bổ sung thông tin hộ tịch")),
    ),
    "recognition_kind": (
        ("father", _("Nhận cha")),
        ("mother", _("Nhận mẹ")),
        ("child", _("Nhận con")),
    ),
    "guardianship_kind": (
        ("appointed", _("Giám hộ cử")),
        ("statutory", _("Giám hộ đương nhiên")),
    ),
}


def _country_vi() -> Callable[[str], str]:
    try:
        vi = gettext_module.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["vi"])
    except OSError:  # a build of pycountry without its locale files
        return lambda name: name
    return vi.gettext


@cache
def _countries() -> tuple[tuple[str, str, str], ...]:
    """(alpha-2 code, Vietnamese name, English name), Việt Nam first then by Vietnamese name."""
    vi = _country_vi()
    rows = [
        (c.alpha_2, vi(c.name), getattr(c, "common_name", None) or c.name)
        for c in pycountry.countries
    ]
    rows.sort(key=lambda row: (row[0] != "VN", row[1]))
    return tuple(rows)


KEYS = frozenset({*_STATIC, "ethnicity", "nationality"})


def choices(key: str) -> list[tuple[str, str]]:
    """The list's (code, label) pairs, labels in the active language."""
    if key == "ethnicity":
        return list(ETHNIC_GROUPS)
    if key == "nationality":
        english = translation.get_language() == "en"
        return [(code, en if english else vi) for code, vi, en in _countries()]
    return [(code, str(label)) for code, label in _STATIC[key]]


def codes(key: str) -> frozenset[str]:
    return frozenset(code for code, _label in choices(key))


def label(key: str, code: str) -> str:
    """The label of ``code`` in list ``key`` (the code itself when it is not in the list)."""
    return dict(choices(key)).get(code, code)
