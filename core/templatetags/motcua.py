from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """12000 -> "12.000 đ" (Vietnamese thousands separator)."""
    if amount is None:
        return ""
    return f"{amount:,} đ".replace(",", ".")


@register.filter
def with_id(field: BoundField, html_id: str) -> SafeString:
    """The field's widget with ``html_id`` as its id: a form shown several times on one page
    (the same reason form under two actions) gets an id per copy, and its label's ``for``
    then names an element that exists."""
    return field.as_widget(attrs={"id": html_id})
