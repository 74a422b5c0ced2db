"""Import and export of the procedure catalog as JSON (format ``motcua.catalog/1``).

A province loads its published list of procedures this way. Import reads the whole file first
and checks every record; any error stops it with messages that name the record and the field,
and nothing is written. A valid file is written in one transaction. Importing a file again
changes nothing; a version that already exists with other content is refused (publish a new
version instead: dossiers pin the version they were received under).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _

from catalog import links
from catalog.models import (
    PROCEDURE_CODE_RE,
    REGISTER_CODE_RE,
    ApplicantType,
    Channel,
    ChannelOption,
    Component,
    Fee,
    FeeKind,
    Level,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    Sector,
)
from core.text import clean, nfc
from eforms import schema as eforms_schema
from units.models import GovernmentUnit
from workdays.calendar import CalendarError, LimitUnit, TimeLimit

FORMAT = "motcua.catalog/1"
DEFAULT_FILE_TYPES = ("pdf", "jpg", "png")
FILE_TYPES = ("pdf", "jpg", "jpeg", "png", "tif", "tiff", "doc", "docx", "xls", "xlsx", "xml")
CHANNEL_NAMES = {"in_person": Channel.IN_PERSON, "online": Channel.ONLINE, "post": Channel.POST}
CHANNEL_KEYS = {value: key for key, value in CHANNEL_NAMES.items()}
MAX_TEXT = 20_000
# The format nests six levels (file, procedures, procedure, channels, channel, fees); anything
# much deeper is not a catalog, and json's C decoder would hit the recursion limit near 1,000.
MAX_DEPTH = 32
# 2**63 has 19 digits: a longer number fits no column, and Python refuses to parse numbers over
# 4,300 digits with a ValueError, so longer ones are kept as text and refused by field.
MAX_NUMBER_DIGITS = 20
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
# Strings in a JSON file, skipped whole so that brackets inside text are not counted as nesting.
_NESTING_RE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')

Record = dict[str, Any]


class CatalogImportError(Exception):
    """The file was refused; ``errors`` name the record and field, ``code`` says why."""

    def __init__(self, errors: list[str], code: str = "catalog.invalid_record") -> None:
        # A message may quote the file's own text: keep it printable whatever the file held.
        errors = [error.encode("utf-8", "backslashreplace").decode("utf-8") for error in errors]
        super().__init__("\n".join(errors))
        self.errors = errors
        self.code = code


class _Unparsed:
    """A JSON number no column can hold (1e999, NaN, 5,000 digits), kept as its text."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text if len(self.text) <= 30 else f"{self.text[:30]}…"


def _parse_int(text: str) -> int | _Unparsed:
    return int(text) if len(text.lstrip("-")) <= MAX_NUMBER_DIGITS else _Unparsed(text)


def _parse_float(text: str) -> float | _Unparsed:
    value = float(text)
    return value if math.isfinite(value) else _Unparsed(text)


def _printable(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters, with control characters and surrogates escaped."""
    cut = text[:limit] + ("…" if len(text) > limit else "")
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in cut)


def _show(value: object) -> str:
    """A short, printable rendering of any value read from a file, for an error message."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int):
        return str(value) if abs(value) < 10**MAX_NUMBER_DIGITS else _("một số quá lớn")
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, _Unparsed):
        return repr(value)
    if isinstance(value, str):
        return f'"{_printable(value)}"'
    if isinstance(value, list):
        return _("một danh sách […]")
    if isinstance(value, dict):
        return _("một đối tượng {…}")
    return type(value).__name__


def _text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text on either database, if it cannot."""
    if "\x00" in value:
        return _("có ký tự NUL (\\u0000), không lưu được")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return _("có ký tự %(char)s không mã hóa được UTF-8 (nửa cặp surrogate)") % {
            "char": ascii(exc.object[exc.start])[1:-1]
        }
    return None


def _column(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    column = model._meta.get_field(name)
    assert isinstance(column, models.Field)  # noqa: S101 - a typo in this module, not input
    return column


def _integer_range(column: models.Field[Any, Any]) -> tuple[int, int]:
    # The bounds of the column type as PostgreSQL enforces them, taken from Django's base
    # table rather than connection.ops: SQLite reports 64 bits for every integer type and
    # would store 2**40 in a small-integer column that PostgreSQL refuses.
    return BaseDatabaseOperations.integer_field_ranges[column.get_internal_type()]


@dataclass
class ImportReport:
    sectors_created: int = 0
    sectors_updated: int = 0
    versions_created: list[str] = field(default_factory=list)
    versions_unchanged: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"Lĩnh vực: {self.sectors_created} mới, {self.sectors_updated} cập nhật. "
            f"Phiên bản thủ tục: {len(self.versions_created)} mới, "
            f"{len(self.versions_unchanged)} không đổi."
        )


# Reading and checking --------------------------------------------------------------------


class _Reader:
    """Reads the fields of one JSON object, collecting an error per bad field.

    Every value is checked against the column it will be stored in (integer range, length,
    storable text, slug pattern) so that the write that follows cannot fail half-way.
    """

    def __init__(self, data: object, where: str, errors: list[str]) -> None:
        self.where = where
        self.errors = errors
        self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            self.error("", "phải là một đối tượng JSON {…}")

    def error(self, key: str, message: str) -> None:
        self.errors.append(f"{self.where}{': ' + _printable(key) if key else ''} — {message}")

    def reject_unknown(self, allowed: Iterable[str]) -> None:
        for key in sorted(set(self.data) - set(allowed), key=str):
            self.error(str(key), "trường không có trong định dạng (viết sai tên trường?)")

    def raw(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def text(
        self,
        key: str,
        *,
        required: bool = True,
        max_length: int = 500,
        column: models.Field[Any, Any] | None = None,
    ) -> str:
        if column is not None:
            max_length = column.max_length or MAX_TEXT
        value = self.data.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.error(key, "phải là chuỗi ký tự")
            return ""
        if problem := _text_problem(value):
            self.error(key, problem)
            return ""
        # Short fields are one line; long ones keep their line breaks. Both are stored in NFC.
        value = clean(value) if max_length <= 500 else nfc(value).strip().replace("\r\n", "\n")
        if not value:
            if required:
                self.error(key, "bắt buộc, không được để trống")
            return ""
        if len(value) > max_length:
            self.error(key, f"dài {len(value)} ký tự, tối đa {max_length}")
            return ""
        if isinstance(column, models.SlugField):
            try:
                validate_slug(value)
            except ValidationError:
                self.error(
                    key,
                    _("mã %(value)s chỉ được gồm chữ a-z, A-Z, số 0-9, gạch ngang, gạch dưới")
                    % {"value": _show(value)},
                )
        return value

    def integer(
        self,
        key: str,
        column: models.Field[Any, Any],
        *,
        default: int | None = None,
        minimum: int | None = None,
    ) -> int:
        value = self.data.get(key, default)
        if value is None:
            self.error(key, "bắt buộc, phải là số nguyên")
            return 0
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(key, f"phải là số nguyên, không phải {_show(value)}")
            return 0
        low, high = _integer_range(column)
        low = max(low, minimum) if minimum is not None else low
        if value < low:
            self.error(key, f"phải từ {low} trở lên")
            return 0
        if value > high:
            self.error(
                key,
                _("%(value)s vượt quá giới hạn của trường (tối đa %(high)s)")
                % {"value": _show(value), "high": high},
            )
            return 0
        return value

    def boolean(self, key: str, *, default: bool | None = None) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.error(key, "phải là true hoặc false")
            return False
        return value

    def choice(self, key: str, choices: Iterable[str], *, default: str | None = None) -> str:
        options = list(choices)
        value = self.data.get(key, default)
        if not isinstance(value, str) or value not in options:
            shown = _show(value) if value is not None else "trống"
            self.error(key, f"giá trị {shown} không hợp lệ; chọn một trong: {', '.join(options)}")
            return options[0]
        return value

    def text_list(self, key: str, *, choices: Iterable[str] | None = None) -> list[str]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(key, 'phải là danh sách chuỗi ký tự ["…", …]')
            return []
        items = []
        for i, item in enumerate(value):
            if problem := _text_problem(item):
                self.error(f"{key}[{i}]", problem)
            elif len(item) > MAX_TEXT:
                self.error(f"{key}[{i}]", f"dài {len(item)} ký tự, tối đa {MAX_TEXT}")
            elif cleaned := clean(item):
                items.append(cleaned)
        if choices is not None:
            options = list(choices)
            for item in items:
                if item not in options:
                    self.error(
                        key, f"giá trị {_show(item)} không hợp lệ; chọn trong: {', '.join(options)}"
                    )
        return items

    def day(self, key: str, *, required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error(key, "bắt buộc, dạng YYYY-MM-DD")
            return None
        try:
            # ASCII digits only: fromisoformat also takes "20250701" and other forms.
            if not isinstance(value, str) or not DATE_RE.fullmatch(value):
                raise ValueError(value)
            return date.fromisoformat(value).isoformat()
        except ValueError:
            self.error(key, f"ngày {_show(value)} không hợp lệ (YYYY-MM-DD)")
            return None

    def objects(self, key: str, *, max_items: int | None = None) -> list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.error(key, "phải là danh sách [ {…}, … ]")
            return []
        if max_items is not None and len(value) > max_items:
            self.error(
                key,
                _("có %(count)s mục, tối đa %(max)s") % {"count": len(value), "max": max_items},
            )
            return []
        return value


def _time_limit(
    reader: _Reader,
    key: str,
    column: models.Field[Any, Any],
    *,
    required: bool,
    with_note: bool = True,
) -> Record | None:
    raw = reader.raw(key)
    if raw is None and not required:
        return None
    sub = _Reader(raw, f"{reader.where}: {key}", reader.errors)
    sub.reject_unknown(["value", "unit", "note"] if with_note else ["value", "unit"])
    unit = sub.choice("unit", LimitUnit.values)
    value = sub.integer("value", column, default=0)
    try:
        TimeLimit(value, LimitUnit(unit))
    except CalendarError:
        sub.error("value", "trong ngày (same_day) ghi 0; các đơn vị khác từ 1 trở lên")
    limit: Record = {"value": value, "unit": unit}
    if with_note:
        limit["note"] = sub.text("note", required=False, max_length=MAX_TEXT)
    return limit


_PROCEDURE_KEYS = [
    "code", "version", "status", "effective_from", "effective_to", "name", "level",
    "procedure_type", "sector", "applicant_types", "bodies", "performing_units",
    "performing_unit_kinds", "receiving_address", "steps", "time_limit", "channels",
    "components", "conditions", "legal_basis", "result", "publishing_decision",
    "online_level", "full_online_eligible", "boundary_free", "to_verify",
    "declaration_schema", "result_schema", "population_update", "result_holders",
]  # fmt: skip


def _read_procedure(raw: object, position: int, errors: list[str]) -> Record:
    code = raw.get("code") if isinstance(raw, dict) else None
    label = f"procedures[{position}]" + (
        f" ({_printable(code, 20)})" if isinstance(code, str) else ""
    )
    r = _Reader(raw, label, errors)
    r.reject_unknown(_PROCEDURE_KEYS)
    record: Record = {"code": r.text("code", column=_column(Procedure, "code"))}
    if record["code"] and not PROCEDURE_CODE_RE.match(record["code"]):
        r.error("code", f"mã {_show(record['code'])} không đúng dạng N.NNNNNN (ví dụ 1.001193)")
    record["version"] = r.integer(
        "version", _column(ProcedureVersion, "version"), default=1, minimum=1
    )
    record["status"] = r.choice("status", ProcedureVersion.Status.values, default="published")
    record["effective_from"] = r.day("effective_from")
    record["effective_to"] = r.day("effective_to", required=False)
    if (
        record["effective_from"]
        and record["effective_to"]
        and record["effective_to"] < record["effective_from"]
    ):
        r.error("effective_to", "phải sau hoặc bằng effective_from")
    record["name"] = r.text("name", column=_column(ProcedureVersion, "name"))
    record["level"] = r.choice("level", Level.values)
    record["procedure_type"] = r.text(
        "procedure_type", required=False, column=_column(ProcedureVersion, "procedure_type")
    )
    record["sector"] = r.text("sector", column=_column(Sector, "code"))
    record["applicant_types"] = r.text_list("applicant_types", choices=ApplicantType.values)
    if not record["applicant_types"]:
        r.error("applicant_types", "cần ít nhất một đối tượng thực hiện")

    bodies = _Reader(r.raw("bodies"), f"{label}: bodies", errors)
    bodies.reject_unknown(["deciding", "authorized", "performing", "coordinating"])
    record["bodies"] = {
        name: bodies.text(name, required=required, column=_column(ProcedureVersion, f"{name}_body"))
        for name, required in [
            ("deciding", True),
            ("authorized", False),
            ("performing", True),
            ("coordinating", False),
        ]
    }
    # Sets, as the database keeps them: a repeated code would make the record differ from its
    # own export and the same file could not be imported twice.
    record["performing_units"] = sorted(set(r.text_list("performing_units")))
    record["performing_unit_kinds"] = sorted(
        set(r.text_list("performing_unit_kinds", choices=GovernmentUnit.Kind.values))
    )
    record["receiving_address"] = r.text(
        "receiving_address", required=False, column=_column(ProcedureVersion, "receiving_address")
    )
    record["steps"] = r.text("steps", column=_column(ProcedureVersion, "steps"))
    record["time_limit"] = _time_limit(
        r, "time_limit", _column(ProcedureVersion, "time_limit_value"), required=True
    )
    record["channels"] = [
        _read_channel(item, f"{label}: channels[{i}]", errors)
        for i, item in enumerate(r.objects("channels"))
    ]
    seen = [c["channel"] for c in record["channels"]]
    if len(seen) != len(set(seen)):
        r.error("channels", "mỗi kênh chỉ được khai một lần")
    if not record["channels"]:
        r.error("channels", "cần ít nhất một cách thức thực hiện")
    # A component's position is its place in the list, stored in a small-integer column.
    _low, most_components = _integer_range(_column(Component, "position"))
    record["components"] = [
        _read_component(item, f"{label}: components[{i}]", errors)
        for i, item in enumerate(r.objects("components", max_items=most_components))
    ]
    record["conditions"] = r.text(
        "conditions", required=False, column=_column(ProcedureVersion, "conditions")
    )
    record["legal_basis"] = r.text_list("legal_basis")
    if not record["legal_basis"]:
        r.error("legal_basis", "cần ít nhất một văn bản căn cứ pháp lý")
    result = _Reader(r.raw("result"), f"{label}: result", errors)
    result.reject_unknown(["name", "code", "is_paper", "valid_months", "register_code"])
    record["result"] = {
        "name": result.text("name", column=_column(ProcedureVersion, "result_name")),
        "code": result.text(
            "code", required=False, column=_column(ProcedureVersion, "result_code")
        ),
        "is_paper": result.boolean("is_paper", default=False),
        "valid_months": result.integer(
            "valid_months", _column(ProcedureVersion, "result_valid_months"), default=0
        ),
        # Files written before registers were numbered have none: the procedure code serves.
        "register_code": result.text(
            "register_code", required=False, column=_column(ProcedureVersion, "register_code")
        ),
    }
    register = record["result"]["register_code"]
    if register and not REGISTER_CODE_RE.match(register):
        result.error(
            "register_code",
            f"mã sổ {_show(register)} chỉ gồm chữ in hoa A-Z, chữ số và dấu gạch ngang (ví dụ KS)",
        )
    record["publishing_decision"] = r.text(
        "publishing_decision",
        required=False,
        column=_column(ProcedureVersion, "publishing_decision"),
    )
    record["online_level"] = r.choice("online_level", OnlineLevel.values)
    record["full_online_eligible"] = r.boolean("full_online_eligible")
    record["boundary_free"] = r.boolean("boundary_free", default=False)
    record["to_verify"] = sorted(r.text_list("to_verify"))
    _read_eforms(r, record)
    return record


def _read_eforms(r: _Reader, record: Record) -> None:
    """The version's e-forms and what its result changes, each problem naming its field."""
    for name in ("declaration_schema", "result_schema"):
        raw_schema = r.raw(name, {})
        problems = eforms_schema.problems(raw_schema) if raw_schema else []
        for problem in problems:
            r.error(name, str(problem))
        record[name] = raw_schema if isinstance(raw_schema, dict) else {}
    record["population_update"] = r.raw("population_update", {}) or {}
    record["result_holders"] = r.raw("result_holders", []) or []
    schemas_read = all(
        not record[name] or not eforms_schema.problems(record[name])
        for name in ("declaration_schema", "result_schema")
    )
    if schemas_read:  # the links name fields of the schemas: checked once those are right
        declaration = _schema_or_none(record["declaration_schema"])
        result_form = _schema_or_none(record["result_schema"])
        found = links.problems(
            record["population_update"], record["result_holders"], declaration, result_form
        )
        for name, messages in found.items():
            for message in messages:
                r.error(name, message)


def _schema_or_none(raw: Any) -> eforms_schema.Schema | None:
    try:
        return eforms_schema.parse(raw) if raw else None
    except eforms_schema.SchemaError:
        return None


def _read_channel(raw: object, where: str, errors: list[str]) -> Record:
    r = _Reader(raw, where, errors)
    r.reject_unknown(["channel", "time_limit", "description", "fees"])
    fees = []
    for i, item in enumerate(r.objects("fees")):
        f = _Reader(item, f"{where}: fees[{i}]", errors)
        f.reject_unknown(["kind", "amount", "description"])
        fees.append(
            {
                "kind": f.choice("kind", FeeKind.values),
                "amount": f.integer("amount", _column(Fee, "amount")),
                "description": f.text(
                    "description", required=False, column=_column(Fee, "description")
                ),
            }
        )
    return {
        "channel": r.choice("channel", list(CHANNEL_NAMES)),
        "time_limit": _time_limit(
            r,
            "time_limit",
            _column(ChannelOption, "time_limit_value"),
            required=False,
            with_note=False,
        ),
        "description": r.text(
            "description", required=False, column=_column(ChannelOption, "description")
        ),
        "fees": fees,
    }


def _read_component(raw: object, where: str, errors: list[str]) -> Record:
    r = _Reader(raw, where, errors)
    r.reject_unknown(
        [
            "name", "template_name", "originals", "copies", "required", "reusable_from_data",
            "data_source", "document_type", "accepted_file_types", "max_size_mb", "notes",
        ]
    )  # fmt: skip

    def column(name: str) -> models.Field[Any, Any]:
        return _column(Component, name)

    record: Record = {
        "name": r.text("name", column=column("name")),
        "template_name": r.text("template_name", required=False, column=column("template_name")),
        "originals": r.integer("originals", column("originals"), default=0),
        "copies": r.integer("copies", column("copies"), default=0),
        "required": r.boolean("required", default=True),
        "reusable_from_data": r.boolean("reusable_from_data", default=False),
        "data_source": r.text("data_source", required=False, column=column("data_source")),
        "document_type": r.text("document_type", required=False, column=column("document_type")),
        "max_size_mb": r.integer("max_size_mb", column("max_size_mb"), default=0),
        "accepted_file_types": r.text_list("accepted_file_types", choices=FILE_TYPES)
        or list(DEFAULT_FILE_TYPES),
        "notes": r.text("notes", required=False, column=column("notes")),
    }
    if record["originals"] + record["copies"] == 0:
        r.error("originals", "cần ít nhất một bản chính hoặc một bản sao")
    return record


def read_catalog(data: object) -> tuple[list[Record], list[Record]]:
    """Check a parsed catalog document; return (sectors, procedures) in canonical form."""
    errors: list[str] = []
    top = _Reader(data, "tệp", errors)
    top.reject_unknown(["format", "sectors", "procedures"])
    if top.raw("format") != FORMAT:
        top.error("format", f"phải là {FORMAT!r}")
    sectors = []
    for i, item in enumerate(top.objects("sectors")):
        s = _Reader(item, f"sectors[{i}]", errors)
        s.reject_unknown(["code", "name"])
        sectors.append(
            {
                "code": s.text("code", column=_column(Sector, "code")),
                "name": s.text("name", column=_column(Sector, "name")),
            }
        )
    procedures = [
        _read_procedure(item, i, errors) for i, item in enumerate(top.objects("procedures"))
    ]
    if not errors:
        _check_references(sectors, procedures, errors)
    if errors:
        raise CatalogImportError(errors, code="catalog.invalid_record")
    return sectors, procedures


def _check_references(sectors: list[Record], procedures: list[Record], errors: list[str]) -> None:
    sector_codes = {s["code"] for s in sectors} | set(Sector.objects.values_list("code", flat=True))
    wanted_units = {code for p in procedures for code in p["performing_units"]}
    known_units = set(
        GovernmentUnit.objects.filter(code__in=wanted_units).values_list("code", flat=True)
    )
    seen: dict[tuple[str, int], int] = {}
    for i, p in enumerate(procedures):
        label = f"procedures[{i}] ({p['code']})"
        if p["sector"] not in sector_codes:
            errors.append(
                f"{label}: sector — lĩnh vực {p['sector']!r} chưa có trong tệp hay hệ thống"
            )
        for code in sorted(set(p["performing_units"]) - known_units):
            errors.append(f"{label}: performing_units — không có đơn vị mã {code}")
        key = (p["code"], p["version"])
        if key in seen:
            errors.append(
                f"{label}: version — phiên bản {p['version']} đã khai ở procedures[{seen[key]}]"
            )
        seen[key] = i
    _check_existing_versions(procedures, errors)


def _check_existing_versions(procedures: list[Record], errors: list[str]) -> None:
    codes = {p["code"] for p in procedures}
    existing = {
        (v.procedure.code, v.version): v
        for v in _export_queryset(ProcedureVersion.objects.filter(procedure__code__in=codes))
    }
    ranges: dict[str, list[tuple[str, str, str]]] = {}
    for (code, number), version in existing.items():
        if version.status == ProcedureVersion.Status.PUBLISHED:
            ranges.setdefault(code, []).append(_range(export_version(version), f"v{number}"))
    for i, p in enumerate(procedures):
        label = f"procedures[{i}] ({p['code']})"
        current = existing.get((p["code"], p["version"]))
        if current is not None:
            if export_version(current) != p:
                errors.append(
                    f"{label}: version — phiên bản {p['version']} đã có với nội dung khác; "
                    "hãy công bố phiên bản mới (hồ sơ đã nhận giữ phiên bản cũ)"
                )
            continue
        if p["status"] != ProcedureVersion.Status.PUBLISHED:
            continue
        start, end, _name = mine = _range(p, f"v{p['version']}")
        for other_start, other_end, other in ranges.get(p["code"], []):
            if start <= other_end and other_start <= end:
                errors.append(
                    f"{label}: effective_from — thời gian hiệu lực trùng với phiên bản {other} "
                    f"({other_start} – {other_end if other_end != '9999-12-31' else '…'})"
                )
        ranges.setdefault(p["code"], []).append(mine)


def _range(record: Record, name: str) -> tuple[str, str, str]:
    return (record["effective_from"], record["effective_to"] or "9999-12-31", name)


# Writing ---------------------------------------------------------------------------------


def load_catalog(data: object) -> ImportReport:
    """Check ``data`` (a parsed JSON document) and write it; all or nothing."""
    sectors, procedures = read_catalog(data)
    report = ImportReport()
    with transaction.atomic():
        for s in sectors:
            _sector, created = Sector.objects.get_or_create(code=s["code"], defaults=s)
            if created:
                report.sectors_created += 1
            elif _sector.name != s["name"]:
                _sector.name = s["name"]
                _sector.save(update_fields=["name"])
                report.sectors_updated += 1
        existing = set(
            ProcedureVersion.objects.filter(
                procedure__code__in={p["code"] for p in procedures}
            ).values_list("procedure__code", "version")
        )
        for p in procedures:
            key = f"{p['code']} v{p['version']}"
            if (p["code"], p["version"]) in existing:
                report.versions_unchanged.append(key)
            else:
                create_version_from_record(p)
                report.versions_created.append(key)
    return report


def load_catalog_file(path: str | Path) -> ImportReport:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CatalogImportError(
            [f"Không đọc được tệp {path}: {exc}"], code="catalog.unreadable_file"
        ) from None
    return load_catalog(parse_catalog(raw, name=str(path)))


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - text.rfind("\n", 0, index)


def parse_catalog(raw: bytes, *, name: str | None = None) -> object:
    """The JSON document in ``raw``, or a CatalogImportError saying why it cannot be read."""
    name = name or _("được gửi")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogImportError(
            [
                _("Tệp %(name)s không phải văn bản UTF-8 (byte thứ %(index)s)")
                % {"name": name, "index": exc.start}
            ],
            code="catalog.not_utf8",
        ) from None
    depth = 0
    for token in _NESTING_RE.finditer(text):
        if token.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, column = _position(text, token.start())
                raise CatalogImportError(
                    [
                        _(
                            "Tệp %(name)s lồng quá %(depth)s tầng [ ] hay { } ở dòng %(line)s, "
                            "cột %(column)s: không phải một danh mục"
                        )
                        % {"name": name, "depth": MAX_DEPTH, "line": line, "column": column}
                    ],
                    code="catalog.too_deep",
                )
        elif token.group() in "]}":
            depth -= 1
    try:
        return json.loads(
            text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_Unparsed
        )
    except json.JSONDecodeError as exc:
        raise CatalogImportError(
            [f"Tệp {name} không phải JSON hợp lệ: dòng {exc.lineno}, cột {exc.colno}: {exc.msg}"],
            code="catalog.not_json",
        ) from None
    except RecursionError:
        # The scan above should have stopped this; kept so that no nesting is a traceback.
        raise CatalogImportError(
            [
                _("Tệp %(name)s lồng quá %(depth)s tầng [ ] hay { }: không phải một danh mục")
                % {"name": name, "depth": MAX_DEPTH}
            ],
            code="catalog.too_deep",
        ) from None


def create_version_from_record(p: Record) -> ProcedureVersion:
    procedure, _created = Procedure.objects.get_or_create(code=p["code"])
    limit = p["time_limit"]
    version = ProcedureVersion(
        procedure=procedure,
        version=p["version"],
        status=p["status"],
        effective_from=date.fromisoformat(p["effective_from"]),
        effective_to=date.fromisoformat(p["effective_to"]) if p["effective_to"] else None,
        name=p["name"],
        level=p["level"],
        procedure_type=p["procedure_type"],
        sector=Sector.objects.get(code=p["sector"]),
        applicant_types=p["applicant_types"],
        deciding_body=p["bodies"]["deciding"],
        authorized_body=p["bodies"]["authorized"],
        performing_body=p["bodies"]["performing"],
        coordinating_body=p["bodies"]["coordinating"],
        receiving_address=p["receiving_address"],
        steps=p["steps"],
        time_limit_value=limit["value"],
        time_limit_unit=limit["unit"],
        time_limit_note=limit["note"],
        conditions=p["conditions"],
        legal_basis=p["legal_basis"],
        result_name=p["result"]["name"],
        result_code=p["result"]["code"],
        result_is_paper=p["result"]["is_paper"],
        result_valid_months=p["result"]["valid_months"] or None,
        register_code=p["result"]["register_code"],
        publishing_decision=p["publishing_decision"],
        online_level=p["online_level"],
        full_online_eligible=p["full_online_eligible"],
        boundary_free=p["boundary_free"],
        to_verify=p["to_verify"],
        declaration_schema=p.get("declaration_schema") or {},
        result_schema=p.get("result_schema") or {},
        population_update=p.get("population_update") or {},
        result_holders=p.get("result_holders") or [],
    )
    version.unit_kinds = p["performing_unit_kinds"]
    version.save()
    if p["performing_units"]:
        version.performing_units.set(GovernmentUnit.objects.filter(code__in=p["performing_units"]))
    for c in p["channels"]:
        option = ChannelOption.objects.create(
            version=version,
            channel=CHANNEL_NAMES[c["channel"]],
            time_limit_value=c["time_limit"]["value"] if c["time_limit"] else None,
            time_limit_unit=c["time_limit"]["unit"] if c["time_limit"] else "",
            description=c["description"],
        )
        Fee.objects.bulk_create(Fee(channel_option=option, **fee) for fee in c["fees"])
    Component.objects.bulk_create(
        Component(version=version, position=position, **component)
        for position, component in enumerate(p["components"], start=1)
    )
    return version


# Export ----------------------------------------------------------------------------------


def _export_queryset(queryset: Any) -> Any:
    return queryset.select_related("procedure", "sector").prefetch_related(
        "performing_units", "channels__fees", "components"
    )


def export_version(v: ProcedureVersion) -> Record:
    """The canonical JSON record of one version; ``read_catalog`` of it gives it back."""
    return {
        "code": v.procedure.code,
        "version": v.version,
        "status": v.status,
        "effective_from": v.effective_from.isoformat(),
        "effective_to": v.effective_to.isoformat() if v.effective_to else None,
        "name": v.name,
        "level": v.level,
        "procedure_type": v.procedure_type,
        "sector": v.sector.code,
        "applicant_types": list(v.applicant_types),
        "bodies": {
            "deciding": v.deciding_body,
            "authorized": v.authorized_body,
            "performing": v.performing_body,
            "coordinating": v.coordinating_body,
        },
        "performing_units": sorted(u.code for u in v.performing_units.all()),
        "performing_unit_kinds": v.unit_kinds,
        "receiving_address": v.receiving_address,
        "steps": v.steps,
        "time_limit": {
            "value": v.time_limit_value,
            "unit": v.time_limit_unit,
            "note": v.time_limit_note,
        },
        "channels": [
            {
                "channel": CHANNEL_KEYS[Channel(c.channel)],
                "time_limit": (
                    {"value": c.time_limit_value or 0, "unit": c.time_limit_unit}
                    if c.time_limit_unit
                    else None
                ),
                "description": c.description,
                "fees": [
                    {"kind": f.kind, "amount": f.amount, "description": f.description}
                    for f in sorted(c.fees.all(), key=lambda fee: fee.pk)
                ],
            }
            for c in v.channels.all()
        ],
        "components": [
            {
                "name": c.name,
                "template_name": c.template_name,
                "originals": c.originals,
                "copies": c.copies,
                "required": c.required,
                "reusable_from_data": c.reusable_from_data,
                "data_source": c.data_source,
                "document_type": c.document_type,
                "max_size_mb": c.max_size_mb or 0,
                "accepted_file_types": list(c.accepted_file_types),
                "notes": c.notes,
            }
            for c in v.components.all()
        ],
        "conditions": v.conditions,
        "legal_basis": list(v.legal_basis),
        "result": {
            "name": v.result_name,
            "code": v.result_code,
            "is_paper": v.result_is_paper,
            "valid_months": v.result_valid_months or 0,
            "register_code": v.register_code,
        },
        "publishing_decision": v.publishing_decision,
        "online_level": v.online_level,
        "full_online_eligible": v.full_online_eligible,
        "boundary_free": v.boundary_free,
        "to_verify": sorted(v.to_verify),
        "declaration_schema": v.declaration_schema,
        "result_schema": v.result_schema,
        "population_update": v.population_update,
        "result_holders": v.result_holders,
    }


def export_catalog(queryset: Any = None) -> dict[str, Any]:
    versions = list(_export_queryset(queryset or ProcedureVersion.objects.all()))
    sector_ids = {v.sector_id for v in versions}
    return {
        "format": FORMAT,
        "sectors": [
            {"code": s.code, "name": s.name}
            for s in Sector.objects.filter(pk__in=sector_ids).order_by("code")
        ],
        "procedures": [
            export_version(v) for v in sorted(versions, key=lambda v: (v.procedure.code, v.version))
        ],
    }
