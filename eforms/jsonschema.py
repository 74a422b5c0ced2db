"""The data an e-form accepts, as a JSON Schema 2020-12 document: for other systems (the
national portal, the citizen app) that send or read declarations, published with the catalog.
Checks JSON Schema cannot say (ID numbers against the date of birth, dates against other
fields, units in the catalog of administrative units) are made by ``eforms.validate``."""

from __future__ import annotations

from typing import Any

from eforms import codelists
from eforms.schema import Field, FieldType, Schema

DIALECT = "https://json-schema.org/draft/2020-12/schema"

_ADDRESS = {
    "type": "object",
    "properties": {
        "province": {"type": "integer", "description": "Mã tỉnh (từ 01/7/2025)"},
        "commune": {"type": "integer", "description": "Mã xã, phường, đặc khu"},
        "legacy_ward": {"type": "integer", "description": "Mã xã, phường trước 01/7/2025"},
        "street": {"type": "string", "maxLength": 200},
        "text": {"type": "string"},
        "legacy_text": {"type": "string"},
    },
    "anyOf": [{"required": ["commune"]}, {"required": ["legacy_ward"]}],
}


_PATTERNS = {
    FieldType.DATETIME: r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$",
    FieldType.PERSONAL_ID: r"^[0-9]{12}$",
    FieldType.PHONE: r"^(0|\+84)[0-9]{9,10}$",
}
_FORMATS = {FieldType.DATE: "date", FieldType.EMAIL: "email"}


def _text(f: Field) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "string",
        "maxLength": f.checks.max_length or (200 if f.type == FieldType.TEXT else 4000),
    }
    if f.checks.min_length:
        out["minLength"] = f.checks.min_length
    if f.checks.pattern:
        out["pattern"] = f.checks.pattern
    return out


def _number(f: Field) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "integer",
        "minimum": f.checks.minimum if f.checks.minimum is not None else 0,
    }
    if f.checks.maximum is not None:
        out["maximum"] = f.checks.maximum
    return out


def _repeat(f: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "array", "items": _object(f.fields), "maxItems": f.max_items}
    if f.min_items:
        out["minItems"] = f.min_items
    return out


def _codes(f: Field) -> list[str]:
    """The codes a choice accepts: its list, narrowed by ``checks.allowed``."""
    return sorted(f.checks.allowed or codelists.codes(f.codelist))


def _shape(f: Field) -> dict[str, Any]:
    if f.type in (FieldType.TEXT, FieldType.LONG_TEXT):
        return _text(f)
    if f.type in (FieldType.INTEGER, FieldType.MONEY):
        return _number(f)
    if f.type in _PATTERNS:
        return {"type": "string", "pattern": _PATTERNS[f.type]}
    if f.type in _FORMATS:
        return {"type": "string", "format": _FORMATS[f.type]}
    if f.type == FieldType.CHOICE:
        return {"enum": _codes(f)}
    if f.type == FieldType.MULTI_CHOICE:
        return {"type": "array", "items": {"enum": _codes(f)}, "uniqueItems": True}
    if f.type == FieldType.YES_NO:
        if f.checks.allowed:  # a commitment that must be given
            return {"type": "boolean", "enum": list(f.checks.allowed)}
        return {"type": "boolean"}
    if f.type == FieldType.ADDRESS:
        return dict(_ADDRESS)
    if f.type in (FieldType.GROUP, FieldType.PERSON):
        return _object(f.fields)
    if f.type == FieldType.REPEAT:
        return _repeat(f)
    return {"type": "null", "description": f"Tệp nộp ở thành phần hồ sơ số {f.component}"}


def _field(f: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"title": f.label.vi}
    if f.label.en:
        out["x-title-en"] = f.label.en
    out.update(_shape(f))
    return out


def _object(fields: tuple[Field, ...]) -> dict[str, Any]:
    properties = {f.key: _field(f) for f in fields if f.type != FieldType.FILE}
    required = [
        f.key for f in fields if f.required and f.show_if is None and f.type != FieldType.FILE
    ]
    out: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        out["required"] = required
    return out


def to_json_schema(schema: Schema, *, identifier: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"$schema": DIALECT}
    if identifier:
        out["$id"] = identifier
    out["title"] = schema.title.vi
    out.update(_object(schema.fields))
    return out
