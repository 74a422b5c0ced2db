"""How a body's documents are headed and signed (Decree 30/2020/NĐ-CP, Phụ lục I).

- ``header``: the letterhead lines in capitals: the managing body above (``superior``), then
  the body's own name (``name_lines``).
- ``signature_block``: the lines above the signature (thẩm quyền ký): "TM." when a deputy or
  the head signs on behalf of a collectively led body (a People's Committee), "KT." when a
  deputy signs for the head, then the signer's own position.

Pure functions of the unit's fields (no query beyond its ``area`` and ``parent``), so each
per-procedure template gets the same forms.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist

from core.text import clean, fold, upper
from units.models import GovernmentUnit

# People's Committees head their documents with their own name only (no managing body above
# it), split as "ỦY BAN NHÂN DÂN" over the place.
_COMMITTEES = {GovernmentUnit.Kind.PEOPLES_COMMITTEE, GovernmentUnit.Kind.COMMUNE_COMMITTEE}


def designation(body: GovernmentUnit) -> str:
    """The body's name without its place: "Ủy ban nhân dân" for "Ủy ban nhân dân Phường Hoàn
    Kiếm", as "TM." names it. The whole name when it does not end with the place's name."""
    name = clean(body.name)
    try:
        place = clean(body.area.name)
    except ObjectDoesNotExist:  # no area (a unit being made)
        place = ""
    if place and len(name) > len(place) and fold(name).endswith(" " + fold(place)):
        return name[: len(name) - len(place)].strip()
    return name


def superior(body: GovernmentUnit) -> str:
    """The managing body's name printed above the body's own in its letterhead, in capitals
    ("CÔNG AN THÀNH PHỐ HÀ NỘI" over the commune police); "" for a People's Committee, which
    names no body above it, and for a unit without a parent."""
    parent = body.parent
    if body.kind in _COMMITTEES or parent is None:
        return ""
    return upper(parent.name)


def name_lines(body: GovernmentUnit) -> list[str]:
    """The body's own name in its letterhead, in capitals: a People's Committee over its place
    (["ỦY BAN NHÂN DÂN", "PHƯỜNG HOÀN KIẾM"]), any other body on one line."""
    if body.kind in _COMMITTEES:
        short = designation(body)
        place = clean(body.name)[len(short) :].strip()
        if place:
            return [upper(short), upper(place)]
    return [upper(body.name)]


def header(body: GovernmentUnit) -> list[str]:
    """The letterhead lines, top first: the ``superior`` line if any, then ``name_lines``."""
    above = superior(body)
    return ([above] if above else []) + name_lines(body)


def signature_block(body: GovernmentUnit, title: str, is_head: bool) -> list[str]:
    """The lines above the signature of someone with ``title`` signing for ``body``.

    A collectively led body: ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"] by the head, ["TM. ỦY BAN
    NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] by a deputy. A body led by its head:
    ["TRƯỞNG CÔNG AN"] by the head, ["KT. TRƯỞNG CÔNG AN", "PHÓ TRƯỞNG CÔNG AN"] by a deputy.
    The head signs under their own title (the body's ``head_title`` when they have none); a
    deputy without a title gets no line of their own, and no "KT." without a head's title.
    """
    lines = [f"TM. {upper(designation(body))}"] if body.collective_leadership else []
    title, head_title = clean(title), clean(body.head_title)
    if is_head:
        own = title or head_title
        return lines + ([upper(own)] if own else [])
    if head_title:
        lines.append(f"KT. {upper(head_title)}")
    if title:
        lines.append(upper(title))
    return lines


def body_context(body: GovernmentUnit) -> dict[str, object]:
    """The body as a document's template prints it (plain data, no model):

    - ``code``, ``name``: "Ủy ban nhân dân Phường Hoàn Kiếm";
    - ``upper_name``: "ỦY BAN NHÂN DÂN PHƯỜNG HOÀN KIẾM";
    - ``designation``: "Ủy ban nhân dân" (the name without its place, as "TM." names it);
    - ``parent_name``: the parent unit's name as stored, "" when none;
    - ``superior``: the line above the body's name in the letterhead (``superior``), or "";
    - ``name_lines``: the body's own name in the letterhead (``name_lines``), printed bold;
    - ``header``: every letterhead line, top first (``superior`` then ``name_lines``).
    """
    parent = body.parent
    return {
        "code": body.code,
        "name": body.name,
        "upper_name": upper(body.name),
        "designation": designation(body),
        "parent_name": parent.name if parent is not None else "",
        "superior": superior(body),
        "name_lines": name_lines(body),
        "header": header(body),
    }
