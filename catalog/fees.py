"""What a dossier costs: the fee (phí) and charge (lệ phí) of a procedure version on a channel,
for what was declared.

Most procedures cost what the catalog says for the channel (``ChannelOption.fees``, each
``Fee.amount`` in đồng; an exemption is a fee of 0). Where the law sets the amount by what is
declared, the declaration (the e-form's data, ``dossiers.Dossier.declaration``) fixes it:

- 2.000815, certifying copies from the original: 2,000 đ a page for the first and second pages,
  1,000 đ a page from the third, at most 200,000 đ a copy; the pages are those of the original
  (Circular 226/2016/TT-BTC, art. 4; DOMAIN §7.1 [C]);
- 2.000884, certifying a signature: 10,000 đ a case, one case being one or more signatures on
  one paper (same circular);
- 2.000635, copies of a civil-status extract: the catalog's amount for each copy requested
  (the catalog states it per copy: "8.000 đồng/bản sao trích lục").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from catalog.models import ChannelOption, ProcedureVersion

CERTIFIED_COPY = "2.000815"
SIGNATURE = "2.000884"
EXTRACT_COPIES = "2.000635"

# Circular 226/2016/TT-BTC, art. 4 (in đồng)
COPY_PAGE_FIRST_TWO = 2_000
COPY_PAGE_FROM_THIRD = 1_000
COPY_MAXIMUM = 200_000
SIGNATURE_CASE = 10_000


class FeeError(ValueError):
    """The fee cannot be worked out: the channel is not offered (``fees.channel``), or the
    declaration lacks what fixes the amount (``fees.declaration``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _count(declaration: Mapping[str, Any] | None, key: str, *, least: int) -> int:
    value = (declaration or {}).get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        raise FeeError(
            "fees.declaration",
            _("Tờ khai không có “%(key)s” (số nguyên từ %(least)s) để tính phí.")
            % {"key": key, "least": least},
        )
    return value


def certified_copy_fee(pages: int, copies: int) -> int:
    """The fee for certifying ``copies`` copies of an original of ``pages`` pages."""
    first = min(pages, 2) * COPY_PAGE_FIRST_TWO
    rest = max(pages - 2, 0) * COPY_PAGE_FROM_THIRD
    return min(first + rest, COPY_MAXIMUM) * copies


def _catalog(option: ChannelOption, declaration: Mapping[str, Any] | None = None) -> int:
    return sum(fee.amount for fee in option.fees.all())


def _certified_copy(option: ChannelOption, declaration: Mapping[str, Any] | None) -> int:
    pages = _count(declaration, "pages", least=1)
    return certified_copy_fee(pages, _count(declaration, "copies", least=1))


def _signature(option: ChannelOption, declaration: Mapping[str, Any] | None) -> int:
    return SIGNATURE_CASE


def _extract_copies(option: ChannelOption, declaration: Mapping[str, Any] | None) -> int:
    return _catalog(option) * _count(declaration, "copies", least=1)


_BY_DECLARATION: dict[str, Callable[[ChannelOption, Mapping[str, Any] | None], int]] = {
    CERTIFIED_COPY: _certified_copy,
    SIGNATURE: _signature,
    EXTRACT_COPIES: _extract_copies,
}


def fee_for(version: ProcedureVersion, channel: int, declaration: Mapping[str, Any] | None) -> int:
    """The amount in đồng an applicant pays for a dossier of ``version`` lodged on
    ``channel`` (``catalog.models.Channel``) with this declaration. FeeError when the
    version does not offer the channel or the declaration lacks what fixes the amount."""
    option = version.channels.filter(channel=channel).prefetch_related("fees").first()
    if option is None:
        raise FeeError(
            "fees.channel",
            _("Thủ tục %(code)s không thực hiện qua kênh %(channel)s.")
            % {"code": version.procedure.code, "channel": channel},
        )
    rule = _BY_DECLARATION.get(version.procedure.code, _catalog)
    return rule(option, declaration)
