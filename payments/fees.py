"""What is owed: a fee or charge (phí, lệ phí) computed from its rule and the dossier's
quantities, in whole đồng (integers only: no float ever touches money).

A rule charges per case, per copy or per page. Per-page rules have tiers (certified copies:
2,000 đ a page for pages 1–2, 1,000 đ a page from page 3) and may be capped per copy (at most
200,000 đ a copy). The catalog may set a lower rate online, as a percentage of the rate at the
desk (rounded half up to the đồng). A person in a group the law exempts owes nothing under the
rule, and the line says which exemption applied.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Basis(StrEnum):
    CASE = "case"  # một trường hợp / một lần
    COPY = "copy"  # một bản
    PAGE = "page"  # một trang (of each copy)


@dataclass(frozen=True)
class Tier:
    """From page ``from_page`` on (1 for the first), ``amount`` đồng a page."""

    from_page: int
    amount: int


@dataclass(frozen=True)
class FeeRule:
    kind: str  # catalog.FeeKind: "phi" or "le_phi"
    description: str
    basis: Basis
    # Per case or per copy: the amount; per page: the tiers (the first starting at page 1).
    amount: int = 0
    tiers: Sequence[Tier] = ()
    # At most this much a copy (per-page rules; None: no cap).
    cap_per_copy: int | None = None
    # Online, this percentage of the desk's rate (100: the same).
    online_percent: int = 100
    # Groups the law exempts (e.g. "poor_household"): a payer in one owes nothing here.
    exempt_groups: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.basis == Basis.PAGE:
            if not self.tiers or self.tiers[0].from_page != 1:
                raise ValueError("a per-page rule has tiers, the first from page 1")
            pages = [tier.from_page for tier in self.tiers]
            if pages != sorted(set(pages)):
                raise ValueError("tiers start at increasing pages")
        for value in (self.amount, *(tier.amount for tier in self.tiers), self.cap_per_copy or 0):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError("amounts are whole, non-negative đồng")
        if not 0 <= self.online_percent <= 100:
            raise ValueError("the online rate is 0 to 100 percent of the desk's")


@dataclass(frozen=True)
class Quantities:
    """What the rule is applied to: copies, and pages of each copy's document."""

    copies: int = 1
    pages: int = 0


@dataclass(frozen=True)
class Line:
    kind: str
    description: str
    amount: int
    exemption: str = ""


def _per_copy_by_page(rule: FeeRule, pages: int) -> int:
    total = 0
    for index, tier in enumerate(rule.tiers):
        last = rule.tiers[index + 1].from_page - 1 if index + 1 < len(rule.tiers) else pages
        counted = max(0, min(pages, last) - tier.from_page + 1)
        total += counted * tier.amount
    if rule.cap_per_copy is not None:
        total = min(total, rule.cap_per_copy)
    return total


def _online(amount: int, percent: int) -> int:
    """``percent`` of ``amount``, rounded half up to the đồng, in integers."""
    return (amount * percent + 50) // 100


def owed(
    rule: FeeRule,
    quantities: Quantities = Quantities(),
    *,
    online: bool = False,
    groups: Iterable[str] = (),
) -> Line:
    """The line ``rule`` charges for ``quantities`` (online or at the desk, for a payer in
    ``groups``)."""
    if quantities.copies < 0 or quantities.pages < 0:
        raise ValueError("copies and pages cannot be negative")
    exempt = sorted(rule.exempt_groups & set(groups))
    if exempt:
        return Line(rule.kind, rule.description, 0, exemption=exempt[0])
    if rule.basis == Basis.CASE:
        amount = rule.amount
    elif rule.basis == Basis.COPY:
        amount = rule.amount * quantities.copies
    else:
        amount = _per_copy_by_page(rule, quantities.pages) * quantities.copies
    if online:
        amount = _online(amount, rule.online_percent)
    return Line(rule.kind, rule.description, amount)


def total(lines: Iterable[Line]) -> int:
    return sum(line.amount for line in lines)


# Certified copy from the original (chứng thực bản sao từ bản chính), the fee every commune
# collects: 2,000 đ a page for the first two pages, 1,000 đ a page from the third, at most
# 200,000 đ a copy.
CERTIFIED_COPY = FeeRule(
    kind="phi",
    description="Chứng thực bản sao từ bản chính",
    basis=Basis.PAGE,
    tiers=(Tier(1, 2000), Tier(3, 1000)),
    cap_per_copy=200_000,
)
