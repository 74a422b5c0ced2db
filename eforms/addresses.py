"""Addresses in an e-form: a commune of the map in force since 1 July 2025 (and its province),
plus the house number and street; an address written under the old three-tier map names its
legacy ward, mapped to the commune it became (``units.LegacyWard``).

The cleaned value keeps the units' codes and their names at the time of declaration
(``text``), so a document rendered later says what was declared even if a unit is renamed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from core.text import clean
from units.models import AdministrativeUnit, LegacyWard

MAX_STREET = 200


def _code(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


def clean_address(value: Mapping[str, Any]) -> tuple[dict[str, Any], tuple[str, str] | None]:
    """The address as kept, or the (code, message) of what is wrong with it."""
    street_raw = value.get("street", "")
    street = clean(street_raw) if isinstance(street_raw, str) else ""
    if "\x00" in street or len(street) > MAX_STREET:
        return {}, (
            "eform.address_street",
            _("Số nhà, đường phố tối đa %(count)s ký tự.") % {"count": MAX_STREET},
        )
    legacy = None
    legacy_code = _code(value.get("legacy_ward"))
    if value.get("legacy_ward") not in (None, "") and legacy_code is None:
        return {}, ("eform.address_legacy", _("Xã, phường cũ không có trong danh mục."))
    if legacy_code is not None:
        legacy = LegacyWard.objects.filter(code=legacy_code).first()
        if legacy is None:
            return {}, ("eform.address_legacy", _("Xã, phường cũ không có trong danh mục."))
    commune_code = _code(value.get("commune"))
    commune = None
    if commune_code is not None:
        commune = (
            AdministrativeUnit.objects.filter(
                level=AdministrativeUnit.Level.COMMUNE, code=commune_code
            )
            .select_related("province")
            .first()
        )
    elif legacy is not None:
        successors = list(legacy.successors.select_related("province"))
        if len(successors) == 1:
            commune = successors[0]
        else:
            names = ", ".join(s.name for s in successors)
            return {}, (
                "eform.address_split",
                _(
                    "%(old)s nay thuộc nhiều xã, phường (%(names)s): chọn xã, phường nơi "
                    "địa chỉ thuộc về."
                )
                % {"old": legacy.name, "names": names},
            )
    if commune is None or commune.province is None:
        return {}, ("eform.address_commune", _("Chọn xã, phường, đặc khu trong danh mục."))
    province_code = _code(value.get("province"))
    if province_code is not None and province_code != commune.province.code:
        return {}, (
            "eform.address_province",
            _("%(commune)s không thuộc tỉnh, thành phố đã chọn.") % {"commune": commune.name},
        )
    if legacy is not None and not legacy.successors.filter(pk=commune.pk).exists():
        return {}, (
            "eform.address_legacy",
            _("%(old)s không nằm trong %(commune)s.")
            % {"old": legacy.name, "commune": commune.name},
        )
    cleaned: dict[str, Any] = {
        "province": commune.province.code,
        "commune": commune.code,
        "street": street,
        "text": ", ".join(part for part in (street, commune.name, commune.province.name) if part),
    }
    if legacy is not None:
        cleaned["legacy_ward"] = legacy.code
        cleaned["legacy_text"] = str(legacy)
    return cleaned, None


def address_text(value: Any) -> str:
    """What an address value says, for people."""
    if isinstance(value, Mapping):
        return str(value.get("text") or value.get("street") or "")
    return str(value or "")
