"""An e-form (``eforms.schema``) as the inputs of an HTML form, and a POST read back into the
data shape ``eforms.validate`` checks. Used by the back office for the counter's declaration,
the correction of a declaration and the result data of the step that decides.

Face-neutral on purpose: it knows the schema, the code lists and the units, not the dossiers
(the sources of prefilled values come in as words), so it can be folded into the portal's
``eforms/forms.py`` later: ``inputs`` is the bound form, ``read`` its ``data`` side, and the
template ``backoffice/_eform.html`` the widget rendering.

Each value's input is named ``<prefix>-<data path>`` (``tk-mother.id_number``; an address
adds ``.province``, ``.commune``, ``.street``; an item of a repeating group its index,
``tk-siblings.0.full_name``), so the errors of ``validate``, keyed by data path, land at their
input. Every field of a section is shown (no JavaScript): a field whose condition does not
hold says when it applies and is dropped by the validator.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from eforms import codelists
from eforms.addresses import clean_address
from eforms.display import value_text
from eforms.schema import Field, FieldType, Schema
from units.models import AdministrativeUnit

_INPUT_TYPES = {
    FieldType.PHONE: "tel",
    FieldType.EMAIL: "email",
    FieldType.DATE: "date",
    FieldType.DATETIME: "datetime-local",
}
_NUMERIC = frozenset({FieldType.INTEGER, FieldType.MONEY, FieldType.PERSONAL_ID})
_INDEX_RE = re.compile(r"\A([0-9]{1,3})\.")


@dataclass
class Input:
    """One field of the form, as a template draws it."""

    path: str  # the data path
    name: str  # the POST name
    id: str  # the HTML id (the error summary links to it)
    label: str
    kind: str  # text, textarea, select, checkboxes, radios, address, group, repeat
    help: str = ""
    required: bool = False
    input_type: str = "text"
    numeric: bool = False
    value: Any = ""  # str; list[str] for checkboxes; dict[str, str] for an address
    choices: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    source: str = ""  # where a prefilled value came from, in words
    locked: bool = False  # the state's data gives it: shown, not editable
    text: str = ""  # the value in words (for a locked value)
    condition: str = ""  # when the field applies
    children: list[Input] = field(default_factory=list)
    items: list[list[Input]] = field(default_factory=list)

    @property
    def hidden_values(self) -> list[tuple[str, str]]:
        """A locked value's (name, value) pairs, posted back unchanged so that nothing is
        lost if the signed state that vouches for it cannot be read any more."""
        if isinstance(self.value, Mapping):
            return [(f"{self.name}.{k}", str(v)) for k, v in self.value.items() if v != ""]
        if isinstance(self.value, list):
            return [(self.name, str(v)) for v in self.value]
        return [(self.name, str(self.value))] if self.value != "" else []


@dataclass
class SectionInputs:
    key: str
    title: str
    help: str
    inputs: list[Input]


def _shown(value: Any) -> Any:
    """A kept (or posted) value as its input shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, Mapping):
        return {k: "" if v is None else str(v) for k, v in value.items()}
    return str(value)


def _words(f: Field, value: Any) -> str:
    if f.type == FieldType.ADDRESS and isinstance(value, Mapping) and not value.get("text"):
        cleaned, problem = clean_address(value)  # an address given, not yet kept: its names
        if problem is None:
            value = cleaned
    try:
        return value_text(f, value)
    except (TypeError, ValueError):  # a value as posted, not yet cleaned
        return str(value)


class _Builder:
    def __init__(
        self,
        schema: Schema,
        prefix: str,
        errors: Mapping[str, Iterable[Any]],
        sources: Mapping[str, str],
        locked: Iterable[str],
        defaults: bool,
        id_prefix: str,
    ) -> None:
        self.schema, self.prefix, self.errors = schema, prefix, errors
        self.id_prefix = id_prefix
        self.sources, self.locked, self.defaults = sources, set(locked), defaults

    def inputs(self, fields: Iterable[Field], node: Any, prefix: str) -> list[Input]:
        values = node if isinstance(node, Mapping) else {}
        return [
            self.one(f, values.get(f.key), f"{prefix}{f.key}")
            for f in fields
            if f.type != FieldType.FILE
        ]

    def one(self, f: Field, value: Any, path: str) -> Input:
        if value is None and self.defaults and f.default is not None:
            value = f.default
        item = Input(
            path=path,
            name=f"{self.prefix}-{path}",
            id=f"{self.id_prefix}-{path}".replace(".", "-"),
            label=str(f.label),
            kind="text",
            help=str(f.help) if f.help else "",
            required=f.required,
            errors=[str(e) for e in self.errors.get(path, ())],
            source=self.sources.get(path, ""),
            locked=path in self.locked,
            condition=self.condition(f),
        )
        if f.type in (FieldType.PERSON, FieldType.GROUP):
            item.kind = "group"
            item.children = self.inputs(f.fields, value, f"{path}.")
            return item
        if f.type == FieldType.REPEAT:
            item.kind = "repeat"
            kept = value if isinstance(value, list) else []
            # Room for one more than declared (no JavaScript adds rows), within the limits.
            rows = min(max(len(kept) + 1, f.min_items, 1), f.max_items)
            item.items = [
                self.inputs(f.fields, kept[i] if i < len(kept) else {}, f"{path}.{i}.")
                for i in range(max(rows, len(kept)))
            ]
            return item
        item.value = _shown(value)
        if item.locked:
            item.text = _words(f, value)
        if f.type == FieldType.LONG_TEXT:
            item.kind = "textarea"
        elif f.type == FieldType.CHOICE:
            item.kind, item.choices = "select", codelists.choices(f.codelist)
        elif f.type == FieldType.MULTI_CHOICE:
            item.kind, item.choices = "checkboxes", codelists.choices(f.codelist)
            item.value = item.value if isinstance(item.value, list) else []
        elif f.type == FieldType.YES_NO:
            item.kind, item.choices = "radios", [("true", _("Có")), ("false", _("Không"))]
        elif f.type == FieldType.ADDRESS:
            item.kind, item.choices = "address", provinces()
            shown = item.value if isinstance(item.value, Mapping) else {}
            item.value = {k: shown.get(k, "") for k in ("province", "commune", "street")}
            item.text = _words(f, value) if value else ""
        else:
            item.input_type = _INPUT_TYPES.get(f.type, "text")
            item.numeric = f.type in _NUMERIC
        return item

    def condition(self, f: Field) -> str:
        rule = f.show_if
        if rule is None:
            return ""
        target = self.schema.field(self.schema.refs.get((f.path, rule.ref.path), ""))
        name = str(target.label) if target else rule.ref.path
        if rule.filled is not None:
            return (
                _("Khai khi đã khai “%(field)s”.")
                if rule.filled
                else _("Khai khi không khai “%(field)s”.")
            ) % {"field": name}
        wanted = rule.in_ or ((rule.equals,) if rule.equals is not None else ())
        if target is not None and wanted:
            words = ", ".join(_words(target, v) for v in wanted)
            return _("Khai khi “%(field)s” là: %(value)s.") % {"field": name, "value": words}
        return _("Khai khi “%(field)s” phù hợp.") % {"field": name}


def inputs(
    schema: Schema,
    values: Mapping[str, Any] | None,
    *,
    prefix: str,
    errors: Mapping[str, Iterable[Any]] | None = None,
    sources: Mapping[str, str] | None = None,
    locked: Iterable[str] = (),
    defaults: bool = False,
    id_prefix: str = "",
) -> list[SectionInputs]:
    """The form's sections with their inputs, filled from ``values`` (kept or as posted).
    ``errors``: by data path (``Checked.errors``, ``DeclarationInvalid.errors``); ``sources``:
    data path -> where its value came from, in words; ``locked``: the data paths whose value
    the state's data gives (shown, not editable); ``defaults``: offer each field's default;
    ``id_prefix``: for the HTML ids, when one page has the same form twice."""
    builder = _Builder(
        schema, prefix, errors or {}, sources or {}, locked, defaults, id_prefix or prefix
    )
    return [
        SectionInputs(
            section.key,
            str(section.title),
            str(section.help) if section.help else "",
            builder.inputs(section.fields, values or {}, ""),
        )
        for section in schema.sections
    ]


def flat_inputs(sections: Iterable[SectionInputs]) -> list[Input]:
    """Every value's input (not groups), for an error summary."""
    out: list[Input] = []

    def down(items: Iterable[Input]) -> None:
        for item in items:
            if item.kind == "group":
                down(item.children)
            elif item.kind == "repeat":
                if item.errors:
                    out.append(item)
                for row in item.items:
                    down(row)
            else:
                out.append(item)

    for section in sections:
        down(section.inputs)
    return out


# Reading a POST back. ---------------------------------------------------------------------


def read(schema: Schema, post: QueryDict, *, prefix: str) -> dict[str, Any]:
    """The values posted for ``schema``, in the shape ``eforms.validate`` checks: a group as a
    mapping, a repeating group as its rows in order (a blank row is an empty mapping, which
    the validator drops), an address as its parts. Nothing is checked here."""
    return _read_fields(schema.fields, post, f"{prefix}-")


def _read_fields(fields: Iterable[Field], post: QueryDict, prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        name = f"{prefix}{f.key}"
        value = _read_one(f, post, name)
        if value is not None:
            out[f.key] = value
    return out


def _read_one(f: Field, post: QueryDict, name: str) -> Any:
    if f.type == FieldType.FILE:
        return None
    if f.type in (FieldType.PERSON, FieldType.GROUP):
        return _read_fields(f.fields, post, f"{name}.") or None
    if f.type == FieldType.REPEAT:
        indices = sorted(
            {
                int(match.group(1))
                for key in post
                if key.startswith(f"{name}.") and (match := _INDEX_RE.match(key[len(name) + 1 :]))
            }
        )
        rows = [_read_fields(f.fields, post, f"{name}.{i}.") for i in indices[: f.max_items + 1]]
        return rows or None
    if f.type == FieldType.MULTI_CHOICE:
        chosen = post.getlist(name)
        return chosen if name in post else None
    if f.type == FieldType.ADDRESS:
        parts = {part: post.get(f"{name}.{part}", "") for part in ("province", "commune", "street")}
        if not any(str(v).strip() for v in parts.values()):
            return None
        parts["commune"] = commune_code(parts["province"], parts["commune"])
        return parts
    return post.get(name)


def commune_code(province: str, commune: str) -> str:
    """The commune as a code: a code typed or picked from the list stays; a name is looked up
    (in the province chosen, when one is), and stays as typed when it names none or several."""
    text = commune.strip()
    if not text or text.isdigit():
        return text
    name = text.split(",")[0].split(" — ")[0].strip()
    found = AdministrativeUnit.objects.filter(
        level=AdministrativeUnit.Level.COMMUNE, name__iexact=name
    )
    if province.strip().isdigit():
        found = found.filter(province__code=int(province))
    codes = list(found.values_list("code", flat=True)[:2])
    return str(codes[0]) if len(codes) == 1 else text


def provinces() -> list[tuple[str, str]]:
    return [
        (str(code), name)
        for code, name in AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE)
        .order_by("name")
        .values_list("code", "name")
    ]


def commune_options() -> list[tuple[str, str]]:
    """Every commune (code, "name — province"), for the one list the address inputs share."""
    rows = (
        AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE)
        .select_related("province")
        .order_by("province__name", "name")
    )
    return [(str(c.code), f"{c.name} — {c.province.name if c.province else ''}") for c in rows]


def has_address(sections: Iterable[SectionInputs]) -> bool:
    """Whether some address is to be typed (the page then carries the list of communes)."""
    return any(i.kind == "address" and not i.locked for i in flat_inputs(sections))


# Values the state gives, put over what was posted. ---------------------------------------


def put(data: dict[str, Any], path: str, value: Any) -> None:
    """Set the value at data ``path`` (creating its groups and rows)."""
    node: Any = data
    parts = path.split(".")
    for part, following in itertools.pairwise(parts):
        child: Any = [] if following.isdigit() else {}
        if isinstance(node, list):
            index = int(part)
            while len(node) <= index:
                node.append({})
            if not isinstance(node[index], dict | list):
                node[index] = child
            node = node[index]
        else:
            if not isinstance(node.get(part), dict | list):
                node[part] = child
            node = node[part]
    if isinstance(node, list):
        return
    node[parts[-1]] = value


def with_values(data: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` with each path of ``values`` set (a copy)."""
    out: dict[str, Any] = copy.deepcopy(dict(data))
    for path, value in values.items():
        put(out, path, value)
    return out
