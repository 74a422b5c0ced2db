"""Checking a declaration against its schema.

``validate(schema, data, today=…)`` returns the cleaned data (the JSON the dossier keeps: text
in NFC, dates as ISO strings, numbers as integers, addresses with their units' names) and the
errors, each at its data path (``mother.id_number``, ``children.1.date_of_birth``) with a stable
code and a message for people in the active language. Nothing is stored here: the caller keeps
the data only when there is no error.

Hidden fields (a ``show_if`` that does not hold) are dropped from the data and never in error.
``partial=True`` (a draft) reports every wrong value but no missing one. ``locked`` gives the
values the law takes from the state's data (``Field.locked``): they replace whatever was posted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from core.text import clean
from eforms import codelists
from eforms.schema import DATES, Field, FieldType, Schema, resolved_ref
from identity.idnumber import IdNumberError, Sex, parse_personal_id

_PHONE_RE = re.compile(r"\A(0|\+84)[0-9]{9,10}\Z")
_ISO_DATE_RE = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_VN_DATE_RE = re.compile(r"\A([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\Z")
_ISO_DATETIME_RE = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?\Z")
_VN_DATETIME_RE = re.compile(
    r"\A([0-9]{1,2}):([0-9]{2}) ([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\Z"
    r"|\A([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}) ([0-9]{1,2}):([0-9]{2})\Z"
)
# Rows of a repeating group read at most (blank rows included): bounds the work a post costs.
MAX_ROWS = 200
_MISSING: Any = object()
DEFAULT_MAX_LENGTH = {FieldType.TEXT: 200, FieldType.LONG_TEXT: 4000}
MAX_AMOUNT = 10**15  # above any fee; keeps integers within both engines' bigint


@dataclass(frozen=True)
class FieldError:
    path: str
    code: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class Checked:
    data: dict[str, Any]
    errors: dict[str, list[FieldError]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def under(self, keys: Iterable[str]) -> dict[str, list[FieldError]]:
        """The errors of the fields under the top-level ``keys`` (one section's page)."""
        wanted = set(keys)
        return {p: e for p, e in self.errors.items() if p.split(".", 1)[0] in wanted}


class _Invalid(Exception):
    def __init__(self, code: str, message: str) -> None:
        self.code, self.message = code, message


def _is_empty(value: Any) -> bool:
    """Nothing given: a blank text, or a list or group of blanks (the empty inputs of a form:
    an address left as it was, a blank row of a repeating group)."""
    if value is None or value is _MISSING:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return all(_is_empty(v) for v in value)
    if isinstance(value, Mapping):
        return all(_is_empty(v) for v in value.values())
    return False


def _text(value: Any, f: Field) -> str:
    if not isinstance(value, str):
        raise _Invalid("eform.text", _("Giá trị phải là chữ."))
    if "\x00" in value or any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise _Invalid("eform.text", _("Nội dung có ký tự không hợp lệ."))
    text = (
        unicodedata.normalize("NFC", value).strip()
        if f.type == FieldType.LONG_TEXT
        else clean(value)
    )
    longest = f.checks.max_length or DEFAULT_MAX_LENGTH[f.type]
    if len(text) > longest:
        raise _Invalid(
            "eform.too_long",
            _("Nhập tối đa %(count)s ký tự (đang có %(length)s).")
            % {"count": longest, "length": len(text)},
        )
    if f.checks.min_length and len(text) < f.checks.min_length:
        raise _Invalid(
            "eform.too_short", _("Nhập ít nhất %(count)s ký tự.") % {"count": f.checks.min_length}
        )
    if f.checks.pattern and not re.fullmatch(f.checks.pattern, text):
        message = str(f.checks.pattern_message) if f.checks.pattern_message else ""
        raise _Invalid("eform.pattern", message or _("Giá trị không đúng dạng yêu cầu."))
    return text


def _integer(value: Any, f: Field) -> int:
    if isinstance(value, bool):
        raise _Invalid("eform.integer", _("Nhập một số nguyên."))
    if isinstance(value, str):
        digits = unicodedata.normalize("NFKC", value).strip()
        if f.type == FieldType.MONEY:  # 1.500.000 or 1 500 000 đồng
            digits = re.sub(r"[\s.,]|đồng|đ|VND", "", digits, flags=re.IGNORECASE)
        if not re.fullmatch(r"-?[0-9]{1,16}", digits):
            raise _Invalid(
                "eform.integer",
                _("Nhập số tiền bằng chữ số, ví dụ 150000.")
                if f.type == FieldType.MONEY
                else _("Nhập một số nguyên, ví dụ 2."),
            )
        value = int(digits)
    if not isinstance(value, int):
        raise _Invalid("eform.integer", _("Nhập một số nguyên."))
    low = f.checks.minimum if f.checks.minimum is not None else 0
    high = f.checks.maximum if f.checks.maximum is not None else MAX_AMOUNT
    if value < low:
        raise _Invalid("eform.min", _("Giá trị nhỏ nhất là %(value)s.") % {"value": low})
    if value > high:
        raise _Invalid("eform.max", _("Giá trị lớn nhất là %(value)s.") % {"value": high})
    return value


def _date(value: Any, f: Field) -> str:
    if isinstance(value, date):  # given by code (the counter, an import), not typed
        if f.type == FieldType.DATE:
            return (value.date() if isinstance(value, datetime) else value).isoformat()
        moment = value if isinstance(value, datetime) else datetime.combine(value, time.min)
        return moment.replace(second=0, microsecond=0, tzinfo=None).isoformat(timespec="minutes")
    if isinstance(value, str):
        try:
            parsed = _parse_date(unicodedata.normalize("NFKC", value).strip(), f.type)
        except ValueError:
            parsed = None
        if parsed is not None:
            return parsed
    if f.type == FieldType.DATE:
        raise _Invalid("eform.date", _("Ngày không có thật hoặc không đúng dạng ngày/tháng/năm."))
    raise _Invalid("eform.datetime", _("Thời điểm không đúng dạng ngày/tháng/năm giờ:phút."))


def _parse_date(text: str, kind: FieldType) -> str | None:
    """ISO (2025-07-01, 2025-07-01T08:30) or as written in Vietnam (01/07/2025,
    08:30 01/07/2025); None when it is neither. Raises ValueError for a day that does not
    exist (31/02)."""
    if kind == FieldType.DATE:
        if _ISO_DATE_RE.match(text):
            return date.fromisoformat(text).isoformat()
        if match := _VN_DATE_RE.match(text):
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day).isoformat()
        return None
    if _ISO_DATETIME_RE.match(text):
        moment = datetime.fromisoformat(text.replace(" ", "T"))
    elif match := _VN_DATETIME_RE.match(text):
        parts = [int(p) for p in match.groups() if p is not None]
        if match.group(1) is not None:
            hour, minute, day, month, year = parts
        else:
            day, month, year, hour, minute = parts
        moment = datetime(year, month, day, hour, minute)  # noqa: DTZ001 - a local time as declared
    else:
        return None
    return moment.replace(second=0, microsecond=0).isoformat(timespec="minutes")


def _allowed(value: Any, f: Field) -> None:
    """The choices the field accepts (``checks.allowed``), when it narrows its list."""
    chosen = value if isinstance(value, list) else [value]
    if f.checks.allowed and any(v not in f.checks.allowed for v in chosen):
        message = str(f.checks.allowed_message) if f.checks.allowed_message else ""
        raise _Invalid(
            "eform.not_allowed",
            message or _("Giá trị đã chọn không được chấp nhận ở thủ tục này."),
        )


def _choice(value: Any, f: Field) -> str:
    if not isinstance(value, str) or value not in codelists.codes(f.codelist):
        raise _Invalid("eform.choice", _("Chọn một giá trị trong danh sách."))
    _allowed(value, f)
    return value


def _multi_choice(value: Any, f: Field) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise _Invalid("eform.choice", _("Chọn các giá trị trong danh sách."))
    items = [v for v in items if not _is_empty(v)]
    known = codelists.codes(f.codelist)
    if any(not isinstance(v, str) or v not in known for v in items):
        raise _Invalid("eform.choice", _("Chọn các giá trị trong danh sách."))
    chosen = list(dict.fromkeys(items))
    _allowed(chosen, f)
    return chosen


def _yes_no(value: Any, f: Field) -> bool:
    if isinstance(value, bool):
        answer = value
    elif value in ("true", "on", "1", "yes", "co"):
        answer = True
    elif value in ("false", "0", "no", "khong"):
        answer = False
    else:
        raise _Invalid("eform.yes_no", _("Chọn có hoặc không."))
    _allowed(answer, f)
    return answer


def _personal_id(value: Any, f: Field) -> str:
    number = unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else value
    try:
        parse_personal_id(number if isinstance(number, str) else "")
    except IdNumberError as exc:
        raise _Invalid("eform.personal_id", str(exc.message)) from None
    return str(number)


def _phone(value: Any, f: Field) -> str:
    text = value if isinstance(value, str) else ""
    phone = re.sub(r"[\s.\-()]", "", unicodedata.normalize("NFKC", text))
    if not _PHONE_RE.match(phone):
        raise _Invalid(
            "eform.phone",
            _("Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng 0 (ví dụ 0912345678)."),
        )
    return phone


def _email(value: Any, f: Field) -> str:
    text = value.strip() if isinstance(value, str) else ""
    try:
        validate_email(text)
    except ValidationError:
        raise _Invalid(
            "eform.email", _("Địa chỉ thư điện tử không đúng, ví dụ ten@example.vn.")
        ) from None
    return text.lower() if len(text) <= 254 else text


def _address(value: Any, f: Field) -> dict[str, Any]:
    from eforms.addresses import clean_address  # the units tables

    if not isinstance(value, Mapping):
        raise _Invalid("eform.address", _("Địa chỉ không đúng dạng."))
    cleaned, problem = clean_address(value)
    if problem is not None:
        raise _Invalid(*problem)
    return cleaned


_CLEANERS: dict[FieldType, Callable[[Any, Field], Any]] = {
    FieldType.TEXT: _text,
    FieldType.LONG_TEXT: _text,
    FieldType.INTEGER: _integer,
    FieldType.MONEY: _integer,
    FieldType.DATE: _date,
    FieldType.DATETIME: _date,
    FieldType.CHOICE: _choice,
    FieldType.MULTI_CHOICE: _multi_choice,
    FieldType.YES_NO: _yes_no,
    FieldType.PERSONAL_ID: _personal_id,
    FieldType.PHONE: _phone,
    FieldType.EMAIL: _email,
    FieldType.ADDRESS: _address,
}


def _concrete(schema_path: str, indices: tuple[int, ...]) -> str:
    """A schema path with its ``*`` replaced by the indices of the item being checked."""
    parts, out, taken = schema_path.split("."), [], 0
    for part in parts:
        if part == "*":
            if taken >= len(indices):
                return ""
            out.append(str(indices[taken]))
            taken += 1
        else:
            out.append(part)
    return ".".join(out)


def _get(tree: Mapping[str, Any], path: str) -> Any:
    node: Any = tree
    for part in path.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, Mapping) and part in node:
            node = node[part]
        else:
            return _MISSING
    return node


def field_name(f: Field, schema: Schema) -> str:
    """A field's label and the groups it belongs to, for a message naming another field:
    "ngày, tháng, năm sinh của người được khai sinh"."""
    names, parts = [], f.path.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        group = schema.field(".".join(parts[:cut]))
        if group is not None:
            names.append(str(group.label).lower())
    return " ".join([str(f.label).lower(), *(_("của %(group)s") % {"group": n} for n in names)])


class _Validator:
    def __init__(
        self,
        schema: Schema,
        today: date,
        partial: bool,
        locked: Mapping[str, Any],
    ) -> None:
        self.schema, self.today, self.partial, self.locked = schema, today, partial, locked
        self.errors: dict[str, list[FieldError]] = {}
        self.visible_cache: dict[str, bool] = {}

    def error(self, path: str, code: str, message: str) -> None:
        self.errors.setdefault(path, []).append(FieldError(path, code, message))

    # First pass: types. ---------------------------------------------------------------
    def clean_fields(
        self, fields: Iterable[Field], raw: Any, prefix: str, indices: tuple[int, ...]
    ) -> dict[str, Any]:
        source = raw if isinstance(raw, Mapping) else {}
        out: dict[str, Any] = {}
        for f in fields:
            path = f"{prefix}{f.key}"
            value = self.locked.get(path, source.get(f.key, _MISSING))
            if f.type == FieldType.FILE:
                continue
            cleaned = self.clean_one(f, value, path, indices)
            if cleaned is not _MISSING:
                out[f.key] = cleaned
        return out

    def clean_one(self, f: Field, value: Any, path: str, indices: tuple[int, ...]) -> Any:
        if f.type in (FieldType.GROUP, FieldType.PERSON):
            group = self.clean_fields(f.fields, value, f"{path}.", indices)
            return group or _MISSING
        if f.type == FieldType.REPEAT:
            posted = value if isinstance(value, list) else []
            if value is not _MISSING and value is not None and not isinstance(value, list):
                self.error(path, "eform.items", _("Danh sách không đúng dạng."))
            # Rows left wholly blank (the empty rows of a form) are not items; the others are
            # numbered as they are kept, in the data and in the errors alike.
            rows = [row for row in posted[:MAX_ROWS] if not _is_empty(row)]
            if any(not isinstance(row, Mapping) for row in rows):
                self.error(path, "eform.items", _("Danh sách không đúng dạng."))
                rows = [row for row in rows if isinstance(row, Mapping)]
            if len(rows) > f.max_items:
                self.error(
                    path,
                    "eform.items_max",
                    _("Khai tối đa %(count)s mục.") % {"count": f.max_items},
                )
            kept = [
                self.clean_fields(f.fields, row, f"{path}.{i}.", (*indices, i))
                for i, row in enumerate(rows)
            ]
            return kept if kept else _MISSING
        if _is_empty(value):
            return _MISSING
        try:
            return _CLEANERS[f.type](value, f)
        except _Invalid as invalid:
            self.error(path, invalid.code, invalid.message)
            return _MISSING

    # Second pass: what is shown, what is required, checks across fields. ---------------
    def visible(self, f: Field, indices: tuple[int, ...], data: Mapping[str, Any]) -> bool:
        key = _concrete(f.path, indices)
        if key in self.visible_cache:
            return self.visible_cache[key]
        shown = True
        parent_path = f.path.rsplit(".", 1)[0] if "." in f.path else ""
        if parent_path.endswith(".*"):
            parent_path = parent_path[:-2]
        parent = self.schema.field(parent_path) if parent_path else None
        if parent is not None and not self.visible(parent, indices, data):
            shown = False
        elif f.show_if is not None:
            shown = self.holds(f, f.show_if, indices, data)
        self.visible_cache[key] = shown
        return shown

    def holds(self, f: Field, condition: Any, indices: tuple[int, ...], data: Any) -> bool:
        target_path = resolved_ref(self.schema, f, condition.ref)
        target = self.schema.field(target_path)
        value = _MISSING
        if target is not None and self.visible(target, indices, data):
            value = _get(data, _concrete(target_path, indices))
        if condition.filled is not None:
            return (not _is_empty(value)) == bool(condition.filled)
        if _is_empty(value):
            return False
        if condition.in_:
            if isinstance(value, list):
                return any(v in condition.in_ for v in value)
            return value in condition.in_
        if condition.not_equals is not None:
            return bool(value != condition.not_equals)
        if isinstance(value, list):
            return condition.equals in value
        return bool(value == condition.equals)

    def check_fields(
        self, fields: Iterable[Field], node: Any, prefix: str, indices: tuple[int, ...], root: Any
    ) -> None:
        if not isinstance(node, dict):
            return
        for f in fields:
            path = f"{prefix}{f.key}"
            if not self.visible(f, indices, root):
                node.pop(f.key, None)
                for error_path in [p for p in self.errors if p == path or p.startswith(path + ".")]:
                    del self.errors[error_path]
                continue
            if f.type == FieldType.FILE:
                continue
            value = node.get(f.key, _MISSING)
            required = f.required or (
                f.required_if is not None and self.holds(f, f.required_if, indices, root)
            )
            if value is _MISSING:
                if f.type not in (FieldType.GROUP, FieldType.PERSON):
                    if required and not self.partial and path not in self.errors:
                        self.error(path, "eform.required", self.required_message(f))
                    continue
                if not required:
                    continue
                value = node[f.key] = {}  # each required field of the group says it is missing
            self.check_value(f, node, value, path, indices, root)

    def check_value(
        self, f: Field, node: Any, value: Any, path: str, indices: tuple[int, ...], root: Any
    ) -> None:
        if f.type in (FieldType.GROUP, FieldType.PERSON):
            self.check_fields(f.fields, value, f"{path}.", indices, root)
            self.check_identity(f.fields, value, path)
            if not value:
                node.pop(f.key, None)
        elif f.type == FieldType.REPEAT:
            if len(value) < f.min_items and not self.partial:
                self.error(
                    path,
                    "eform.items_min",
                    _("Khai ít nhất %(count)s mục.") % {"count": f.min_items},
                )
            for i, item in enumerate(value):
                self.check_fields(f.fields, item, f"{path}.{i}.", (*indices, i), root)
                self.check_identity(f.fields, item, f"{path}.{i}")
        elif f.type in DATES:
            self.check_dates(f, value, path, indices, root)

    def required_message(self, f: Field) -> str:
        if f.type in (FieldType.CHOICE, FieldType.MULTI_CHOICE, FieldType.YES_NO):
            return _("Chọn %(label)s.") % {"label": str(f.label).lower()}
        if f.type == FieldType.REPEAT:
            return _("Khai %(label)s.") % {"label": str(f.label).lower()}
        return _("Nhập %(label)s.") % {"label": str(f.label).lower()}

    def check_identity(self, fields: Iterable[Field], person: Any, path: str) -> None:
        """In a person (a person group, or a group or repeat item with the same fields), the
        ID number agrees with the date of birth and sex given next to it."""
        kinds = {f.key: f for f in fields}
        number_field = kinds.get("id_number")
        if not isinstance(person, Mapping) or number_field is None:
            return
        if number_field.type != FieldType.PERSONAL_ID:
            return
        number = person.get("id_number")
        if not number or f"{path}.id_number" in self.errors:
            return
        born_field, sex_field = kinds.get("date_of_birth"), kinds.get("sex")
        born = (
            person.get("date_of_birth")
            if born_field and born_field.type == FieldType.DATE
            else None
        )
        sex = person.get("sex") if sex_field and sex_field.codelist == "sex" else None
        try:
            parse_personal_id(
                number,
                date_of_birth=date.fromisoformat(born) if isinstance(born, str) else None,
                sex=Sex(sex) if sex in ("male", "female") else None,
            )
        except IdNumberError as exc:
            self.error(f"{path}.id_number", "eform.personal_id", str(exc.message))

    def check_dates(
        self, f: Field, value: str, path: str, indices: tuple[int, ...], root: Any
    ) -> None:
        mine = _moment(value, f.type)
        checks: tuple[tuple[str, Callable[[Any, Any], bool], str], ...] = (
            ("before", lambda a, b: a < b, _("%(label)s phải trước %(other)s.")),
            ("not_before", lambda a, b: a >= b, _("%(label)s không được trước %(other)s.")),
            ("after", lambda a, b: a > b, _("%(label)s phải sau %(other)s.")),
            ("not_after", lambda a, b: a <= b, _("%(label)s không được sau %(other)s.")),
        )
        for name, passes, message in checks:
            bound = getattr(f.checks, name)
            if bound is None:
                continue
            if bound.today:
                other: date = self.today
                other_name = _("ngày hôm nay")
            else:
                target_path = resolved_ref(self.schema, f, bound.ref)
                target = self.schema.field(target_path)
                # A hidden field says nothing, whatever was posted for it.
                if target is None or not self.visible(target, indices, root):
                    continue
                raw = _get(root, _concrete(target_path, indices))
                if not isinstance(raw, str):
                    continue
                other = _moment(raw, target.type)
                other_name = f"{field_name(target, self.schema)} ({_shown_date(raw)})"
            if not passes(*_comparable(mine, other, name)):
                self.error(
                    path,
                    f"eform.date_{name}",
                    message % {"label": str(f.label), "other": other_name},
                )


def _moment(value: str, kind: FieldType) -> date:
    return date.fromisoformat(value) if kind == FieldType.DATE else datetime.fromisoformat(value)


def _comparable(mine: date, other: date, check: str) -> tuple[date, date]:
    """Two values a check can compare. A moment against a day takes the day's start for
    "before"/"not before" and its end for "after"/"not after" (died at 23:00 on the day of
    birth is not before it); a day against a moment takes the moment's day."""
    mine_is_moment, other_is_moment = isinstance(mine, datetime), isinstance(other, datetime)
    if mine_is_moment == other_is_moment:
        return mine, other
    if other_is_moment:
        assert isinstance(other, datetime)  # noqa: S101 - narrowed above
        return mine, other.date()
    end = check in ("after", "not_after")
    return mine, datetime.combine(other, datetime.max.time() if end else datetime.min.time())


def _shown_date(value: str) -> str:
    day = date.fromisoformat(value[:10])
    return day.strftime("%d/%m/%Y") + (f" {value[11:16]}" if len(value) > 10 else "")


def validate(
    schema: Schema,
    data: Any,
    *,
    today: date,
    partial: bool = False,
    locked: Mapping[str, Any] | None = None,
) -> Checked:
    """Clean and check ``data`` (parsed JSON, or a form's values in the same shape)."""
    validator = _Validator(schema, today, partial, locked or {})
    cleaned = validator.clean_fields(schema.fields, data, "", ())
    validator.check_fields(schema.fields, cleaned, "", (), cleaned)
    return Checked(cleaned, validator.errors)
