"""Form and model validators for identity numbers (moved here from ``core.validators``: core
sits below identity and must not import it). Migrations name them by this path."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from identity.idnumber import IdNumberError, parse_personal_id


def validate_personal_id_number(value: str) -> None:
    """The 12-digit personal identification number (số định danh cá nhân).

    Length, province of birth registration and the sex/century digit; see identity.idnumber.
    """
    try:
        parse_personal_id(value)
    except IdNumberError as exc:
        raise ValidationError(exc.message, code=exc.code) from None
