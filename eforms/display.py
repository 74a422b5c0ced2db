"""A declaration as people read it: labelled rows per section, values in words (codes turned
into their labels, dates as dd/mm/yyyy, money with thousands separators). Used by the
check-your-answers page, the declaration PDF and the dossier page of the back office."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from eforms import codelists
from eforms.addresses import address_text
from eforms.schema import Field, FieldType, Schema, Section


@dataclass(frozen=True)
class Row:
    path: str  # the data path (``children.0.full_name``)
    label: str
    value: str = ""
    prefill: str = ""  # where the value came from, when it was filled for the person
    rows: tuple[Row, ...] = ()  # a group's fields
    items: tuple[tuple[Row, ...], ...] = ()  # a repeating group's items

    @property
    def is_group(self) -> bool:
        return bool(self.rows or self.items)


@dataclass(frozen=True)
class SectionRows:
    key: str
    title: str
    rows: tuple[Row, ...]


def value_text(f: Field, value: Any) -> str:
    if value is None or value == "" or value == []:
        return ""
    if f.type == FieldType.CHOICE:
        return codelists.label(f.codelist, str(value))
    if f.type == FieldType.MULTI_CHOICE:
        return ", ".join(codelists.label(f.codelist, str(v)) for v in value)
    if f.type == FieldType.YES_NO:
        return _("Có") if value else _("Không")
    if f.type == FieldType.DATE:
        return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    if f.type == FieldType.DATETIME:
        return datetime.fromisoformat(str(value)).strftime("%H:%M %d/%m/%Y")
    if f.type == FieldType.MONEY:
        return f"{int(value):,} đồng".replace(",", ".")
    if f.type == FieldType.ADDRESS:
        return address_text(value)
    return str(value)


def _rows(
    fields: tuple[Field, ...], data: Any, prefix: str, filled: Mapping[str, str]
) -> tuple[Row, ...]:
    node = data if isinstance(data, Mapping) else {}
    out: list[Row] = []
    for f in fields:
        if f.type == FieldType.FILE or f.key not in node:
            continue
        path = f"{prefix}{f.key}"
        value = node[f.key]
        if f.type in (FieldType.GROUP, FieldType.PERSON):
            rows = _rows(f.fields, value, f"{path}.", filled)
            if rows:
                out.append(Row(path, str(f.label), prefill=filled.get(path, ""), rows=rows))
        elif f.type == FieldType.REPEAT:
            items = tuple(
                _rows(f.fields, item, f"{path}.{i}.", filled) for i, item in enumerate(value)
            )
            out.append(Row(path, str(f.label), items=items))
        else:
            out.append(Row(path, str(f.label), value_text(f, value), filled.get(path, "")))
    return tuple(out)


def section_rows(
    schema: Schema, data: Mapping[str, Any], section: Section, filled: Mapping[str, str] = {}
) -> SectionRows:
    return SectionRows(section.key, str(section.title), _rows(section.fields, data, "", filled))


def declaration_rows(
    schema: Schema, data: Mapping[str, Any], filled: Mapping[str, str] = {}
) -> list[SectionRows]:
    """Every section that has something declared. ``filled`` maps data paths to the source
    that filled them (``Declaration.filled``), shown as such."""
    found = [section_rows(schema, data, s, filled) for s in schema.sections]
    return [s for s in found if s.rows]


def text_tree(schema: Schema | None, data: Mapping[str, Any]) -> dict[str, Any]:
    """The data with every value in words, keyed as the data is (for document templates:
    ``d.child.sex`` is "Nam", ``d.child.date_of_birth`` "20/11/2026", an address its text);
    repeating groups are lists of such dicts."""
    if schema is None:
        return {}

    def down(fields: tuple[Field, ...], node: Any) -> dict[str, Any]:
        source = node if isinstance(node, Mapping) else {}
        out: dict[str, Any] = {}
        for f in fields:
            if f.key not in source or f.type == FieldType.FILE:
                continue
            value = source[f.key]
            if f.type in (FieldType.GROUP, FieldType.PERSON):
                out[f.key] = down(f.fields, value)
            elif f.type == FieldType.REPEAT:
                out[f.key] = [down(f.fields, item) for item in value or []]
            else:
                out[f.key] = value_text(f, value)
        return out

    return down(schema.fields, data)
