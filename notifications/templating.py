"""Message templates' text: ``{name}`` placeholders, ``{{`` and ``}}`` for literal braces.

Only plain names are allowed (no ``{0}``, ``{a.b}``, ``{a[0]}``, ``{a!r}`` or ``{a:>10}``): an
administrator writes the text, and a placeholder must never reach into an object. A template
is checked when saved (``check``): each placeholder must be one its kind offers.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _


class TemplateProblem(ValueError):
    """The text cannot be a template; the message says why, in words an administrator reads."""


def placeholders(text: str) -> list[str]:
    """The placeholders of ``text`` in order (repeats kept out); raises TemplateProblem."""
    found: list[str] = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise TemplateProblem(
            _("Dấu ngoặc nhọn không khớp: viết {tên} cho một trường, {{ và }} cho dấu ngoặc.")
        ) from exc
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise TemplateProblem(
                _("Trường “{%(name)s}” không hợp lệ: chỉ dùng tên trường, ví dụ {code}.")
                % {
                    "name": name
                    + (f"!{conversion}" if conversion else "")
                    + (f":{spec}" if spec else "")
                }
            )
        if name not in found:
            found.append(name)
    return found


def check(text: str, allowed: Iterable[str]) -> list[str]:
    """The placeholders of ``text`` if all are ``allowed``; else TemplateProblem naming them."""
    names = placeholders(text)
    allowed = set(allowed)
    unknown = [name for name in names if name not in allowed]
    if unknown:
        raise TemplateProblem(
            _(
                "Trường không có cho loại thông báo này: %(unknown)s. "
                "Các trường dùng được: %(allowed)s."
            )
            % {
                "unknown": ", ".join(f"{{{name}}}" for name in unknown),
                "allowed": ", ".join(f"{{{name}}}" for name in sorted(allowed)),
            }
        )
    return names


def render(text: str, values: Mapping[str, object]) -> str:
    """``text`` with its placeholders filled (a missing value is left empty), in NFC."""
    filled = {
        name: "" if values.get(name) is None else str(values[name]) for name in placeholders(text)
    }
    return unicodedata.normalize("NFC", text.format_map(filled))
