"""Schemas for tests: a small birth-like declaration touching every feature the faces render
(a locked person from the registry, a relative looked up by ID number, a condition, a date
check across groups, a repeating group, an address, a money field)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def label(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


def field(key: str, kind: str = "text", **attributes: Any) -> dict[str, Any]:
    """One field as a schema writes it, labelled after its key unless a label is given."""
    return {"key": key, "type": kind, "label": label(f"Trường {key}", f"Field {key}"), **attributes}


def form(*fields: dict[str, Any], **attributes: Any) -> dict[str, Any]:
    """A schema of one section holding ``fields``."""
    return {
        "format": 1,
        "title": label("Biểu mẫu thử", "Test form"),
        "sections": [{"key": "main", "title": label("Phần chính", "Main"), "fields": list(fields)}],
        **attributes,
    }


def sample_declaration(satisfies: tuple[int, ...] = (1,)) -> dict[str, Any]:
    return {
        "format": 1,
        "title": label("Tờ khai thử", "Test declaration"),
        "form": "Mẫu thử",
        "satisfies": list(satisfies),
        "sections": [
            {
                "key": "about_you",
                "title": label("Người yêu cầu", "Requester"),
                "fields": [
                    {
                        "key": "requester",
                        "type": "person",
                        "prefill": "applicant.person",
                        "locked": True,
                        "required": True,
                        "omit": ["ethnicity", "nationality"],
                        "label": label("Người yêu cầu", "Requester"),
                    },
                    {
                        "key": "relationship",
                        "type": "choice",
                        "codelist": "relationship",
                        "required": True,
                        "label": label("Quan hệ với người được khai sinh", "Relationship"),
                    },
                    {
                        "key": "phone",
                        "type": "phone",
                        "prefill": "account.phone",
                        "required": True,
                        "label": label("Số điện thoại", "Phone"),
                    },
                ],
            },
            {
                "key": "the_child",
                "title": label("Người được khai sinh", "The child"),
                "fields": [
                    {
                        "key": "child",
                        "type": "person",
                        "required": True,
                        "omit": ["id_number", "residence"],
                        "label": label("Người được khai sinh", "The child"),
                        "fields": [
                            {
                                "key": "place_of_birth",
                                "type": "text",
                                "required": True,
                                "label": label("Nơi sinh", "Place of birth"),
                            },
                        ],
                    },
                ],
            },
            {
                "key": "parents",
                "title": label("Cha, mẹ", "Parents"),
                "fields": [
                    {
                        "key": "mother",
                        "type": "person",
                        "prefill": "relative",
                        "locked": True,
                        "required": True,
                        "omit": ["ethnicity", "nationality"],
                        "label": label("Mẹ", "Mother"),
                        "fields": [
                            {
                                "key": "date_of_birth",
                                "type": "date",
                                "required": True,
                                "label": label("Ngày, tháng, năm sinh", "Date of birth"),
                                "checks": {"before": "child.date_of_birth"},
                            }
                        ],
                    },
                    {
                        "key": "has_father",
                        "type": "yes_no",
                        "label": label("Khai thông tin người cha", "Declare the father"),
                    },
                    {
                        "key": "father",
                        "type": "person",
                        "prefill": "relative",
                        "locked": True,
                        "required": True,
                        "omit": ["ethnicity", "nationality"],
                        "show_if": {"field": "has_father", "equals": True},
                        "label": label("Cha", "Father"),
                        "fields": [
                            {
                                "key": "date_of_birth",
                                "type": "date",
                                "required": True,
                                "label": label("Ngày, tháng, năm sinh", "Date of birth"),
                                "checks": {"before": "child.date_of_birth"},
                            }
                        ],
                    },
                ],
            },
            {
                "key": "other",
                "title": label("Thông tin khác", "Other information"),
                "fields": [
                    {
                        "key": "siblings",
                        "type": "repeat",
                        "max_items": 5,
                        "label": label("Anh chị em ruột", "Siblings"),
                        "fields": [
                            {
                                "key": "full_name",
                                "type": "text",
                                "required": True,
                                "label": label("Họ và tên", "Full name"),
                            },
                            {
                                "key": "date_of_birth",
                                "type": "date",
                                "label": label("Ngày sinh", "Date of birth"),
                                "checks": {"not_after": "today"},
                            },
                        ],
                    },
                    {
                        "key": "copies",
                        "type": "integer",
                        "required": True,
                        "default": 1,
                        "checks": {"minimum": 1, "maximum": 10},
                        "label": label("Số bản sao yêu cầu", "Copies requested"),
                    },
                    {
                        "key": "mailing_address",
                        "type": "address",
                        "label": label("Địa chỉ nhận kết quả", "Address for the result"),
                    },
                ],
            },
        ],
    }


# JSON Schema 2020-12 keywords (core, applicator, validation, format, meta-data vocabularies)
# the export may use; annotations of our own start with "x-".
_JSON_SCHEMA_KEYWORDS = frozenset(
    {
        "$schema", "$id", "$defs", "$ref", "$comment", "title", "description", "default",
        "examples", "deprecated", "readOnly", "writeOnly", "type", "enum", "const",
        "properties", "required", "additionalProperties", "items", "prefixItems", "minItems",
        "maxItems", "uniqueItems", "minimum", "maximum", "minLength", "maxLength", "pattern",
        "format", "anyOf", "oneOf", "allOf", "not",
    }
)  # fmt: skip
_JSON_TYPES = frozenset({"null", "boolean", "object", "array", "number", "string", "integer"})


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _compiles(value: Any) -> bool:
    import re

    try:
        re.compile(value)
    except (re.error, TypeError):
        return False
    return True


def _distinct(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and len({repr(v) for v in value}) == len(value)


# keyword -> what its value must be
_JSON_SCHEMA_VALUES: dict[str, Callable[[Any], bool]] = {
    "type": lambda v: v in _JSON_TYPES,
    "title": lambda v: isinstance(v, str),
    "description": lambda v: isinstance(v, str),
    "format": lambda v: isinstance(v, str),
    "pattern": _compiles,
    "minLength": _count,
    "maxLength": _count,
    "minItems": _count,
    "maxItems": _count,
    "minimum": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "maximum": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "enum": _distinct,
    "uniqueItems": lambda v: isinstance(v, bool),
    "$schema": lambda v: v == "https://json-schema.org/draft/2020-12/schema",
}


def json_schema_problems(document: Any, where: str = "#", *, root: bool = True) -> list[str]:
    """What is not well-formed in a JSON Schema 2020-12 document (no meta-schema validator
    is installed): unknown keywords, keywords with values of the wrong kind, required names
    that are not properties, patterns that do not compile, a dialect below the root."""
    if not isinstance(document, dict):
        return [f"{where}: not an object"]
    found: list[str] = []
    for keyword, value in document.items():
        at = f"{where}/{keyword}"
        if keyword.startswith("x-"):
            continue
        if keyword not in _JSON_SCHEMA_KEYWORDS or (keyword == "$schema" and not root):
            found.append(f"{at}: not a keyword here")
        elif not _JSON_SCHEMA_VALUES.get(keyword, lambda v: True)(value):
            found.append(f"{at}: wrong value {value!r}")
        found += _json_subschemas(document, keyword, value, at)
    return found


def _json_subschemas(document: dict[str, Any], keyword: str, value: Any, at: str) -> list[str]:
    if keyword == "required":
        # Where the object lists its properties, each required name is one of them (a branch
        # of anyOf may require names of the object it sits in).
        names = value if isinstance(value, list) else []
        known = document.get("properties")
        if not _distinct(names) or not all(isinstance(n, str) for n in names):
            return [f"{at}: not a list of distinct names"]
        if isinstance(known, dict) and not set(names) <= set(known):
            return [f"{at}: names that are not properties"]
        return []
    if keyword == "properties":
        if not isinstance(value, dict):
            return [f"{at}: not an object"]
        return [p for name, sub in value.items() for p in json_schema_problems(
            sub, f"{at}/{name}", root=False
        )]  # fmt: skip
    if keyword in ("items", "additionalProperties", "not") and not isinstance(value, bool):
        return json_schema_problems(value, at, root=False)
    if keyword in ("anyOf", "oneOf", "allOf"):
        if not isinstance(value, list) or not value:
            return [f"{at}: not a non-empty list"]
        return [p for i, sub in enumerate(value) for p in json_schema_problems(
            sub, f"{at}/{i}", root=False
        )]  # fmt: skip
    return []
