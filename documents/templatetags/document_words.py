"""``{% load document_words %}``: ``{{ declaration.child.date_of_birth|date_words }}`` prints a
date (a date, or an ISO date string as the declaration keeps it) in Vietnamese words; an empty
or unreadable value prints nothing."""

from __future__ import annotations

from datetime import date

from django import template

from documents.words import date_words as _date_words

register = template.Library()


@register.filter
def date_words(value: object) -> str:
    if isinstance(value, date):
        return _date_words(value)
    try:
        return _date_words(date.fromisoformat(str(value)[:10]))
    except ValueError:
        return ""
