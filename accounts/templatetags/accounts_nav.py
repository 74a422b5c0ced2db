"""Where a signed-in person's own pages are, for the pages that send them back there."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.login import landing

register = template.Library()


@register.simple_tag(takes_context=True)
def landing_url(context: dict[str, Any]) -> str:
    """The signed-in person's landing page (accounts.login.landing); the home page otherwise."""
    return landing(context.get("user"))
