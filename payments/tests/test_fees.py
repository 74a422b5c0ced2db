from __future__ import annotations

import pytest

from payments.fees import CERTIFIED_COPY, Basis, FeeRule, Quantities, Tier, owed, total

BIRTH = FeeRule(kind="le_phi", description="Đăng ký khai sinh", basis=Basis.CASE, amount=8000)


@pytest.mark.parametrize(
    ("pages", "copies", "amount"),
    [
        (1, 1, 2000),
        (2, 1, 4000),
        (3, 1, 5000),
        (10, 1, 12000),
        (10, 3, 36000),
        (196, 1, 198000),
        (198, 1, 200000),
        (300, 1, 200000),
        (300, 2, 400000),
        (0, 1, 0),
    ],
)
def test_certified_copies_by_tier_and_cap(pages: int, copies: int, amount: int) -> None:
    assert owed(CERTIFIED_COPY, Quantities(copies=copies, pages=pages)).amount == amount


def test_a_per_case_charge() -> None:
    assert owed(BIRTH).amount == 8000


def test_a_per_copy_fee() -> None:
    extract = FeeRule(kind="phi", description="Bản sao trích lục", basis=Basis.COPY, amount=8000)
    assert owed(extract, Quantities(copies=3)).amount == 24000


def test_the_online_rate_is_lower_where_the_catalog_says() -> None:
    online_half = FeeRule(
        kind="le_phi", description="Đăng ký", basis=Basis.CASE, amount=15000, online_percent=50
    )
    assert (owed(online_half).amount, owed(online_half, online=True).amount) == (15000, 7500)


def test_the_online_rate_rounds_half_up_to_the_dong() -> None:
    odd = FeeRule(kind="phi", description="Lẻ", basis=Basis.CASE, amount=15001, online_percent=50)
    assert owed(odd, online=True).amount == 7501


def test_an_exempt_payer_owes_nothing_and_the_line_says_why() -> None:
    exempt = FeeRule(
        kind="le_phi",
        description="Đăng ký khai sinh",
        basis=Basis.CASE,
        amount=8000,
        exempt_groups=frozenset({"poor_household"}),
    )
    line = owed(exempt, groups=["poor_household"])
    assert (line.amount, line.exemption) == (0, "poor_household")


def test_a_group_the_rule_does_not_exempt_pays() -> None:
    assert owed(BIRTH, groups=["poor_household"]).amount == 8000


def test_the_total_adds_the_lines() -> None:
    lines = [owed(BIRTH), owed(CERTIFIED_COPY, Quantities(copies=2, pages=3))]
    assert total(lines) == 18000


def test_amounts_are_integers() -> None:
    with pytest.raises(ValueError):
        FeeRule(kind="phi", description="x", basis=Basis.CASE, amount=1.5)  # type: ignore[arg-type]


def test_per_page_tiers_start_at_page_one() -> None:
    with pytest.raises(ValueError):
        FeeRule(kind="phi", description="x", basis=Basis.PAGE, tiers=(Tier(2, 1000),))
