from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """12000 -> "12.000 đ" (Vietnamese thousands separator)."""
    if amount is None:
        return ""
    return f"{amount:,} đ".replace(",", ".")
