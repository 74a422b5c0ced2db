"""Whether a day swap agrees with the calendar: the day worked must otherwise be a day off, and
the day given off otherwise a working day. Kept apart from the model because it asks the
calendar, which reads the model (the model's own ``clean`` checks what the dates alone tell)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from workdays.calendar import WorkCalendar
from workdays.dates import describe_day
from workdays.models import DaySwap


def calendar_errors(swap: DaySwap) -> dict[str, list[ValidationError]]:
    """The calendar's objections to ``swap``, by field; the other swaps count, not itself."""
    worked, off = swap.worked_date, swap.off_date
    if worked is None or off is None:
        return {}
    calendar = WorkCalendar.load(exclude_swap=swap.pk)
    errors: dict[str, list[ValidationError]] = {}
    if calendar.is_working_day(worked):
        errors["worked_date"] = [
            ValidationError(
                _("%(day)s đã là ngày làm việc: không cần làm bù."),
                code="already_working",
                params={"day": describe_day(worked)},
            )
        ]
    if not calendar.is_working_day(off):
        errors["off_date"] = [
            ValidationError(
                _("%(day)s đã là ngày nghỉ: chọn một ngày làm việc để nghỉ thay."),
                code="already_off",
                params={"day": describe_day(off)},
            )
        ]
    return errors


def validate_swap(swap: DaySwap) -> None:
    """Every check of a swap before it is saved: the model's, then the calendar's."""
    swap.full_clean()
    if errors := calendar_errors(swap):
        raise ValidationError(errors)
