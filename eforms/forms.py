"""An e-form as a Django form, for any face (the portal, the counter, a kiosk).

``EForm(data, files, schema=…, sections=…, values=…, sources=…, locked=…)`` has one Django
field per input, named by its data path (``child__date_of_birth``, ``siblings__0__full_name``).
It does not judge what is typed: ``to_data()`` gives the nested dict that ``eforms.validate``
checks (one set of rules and messages for every face), and ``apply_errors(checked.errors)``
puts each message back at its field. ``sections`` is what the templates in
``eforms/templates/eforms/`` render (``{% include "eforms/form.html" %}``): a tree of
``Node``, one per field, with its value, hint, source and errors.

Values the law takes from the state's data (``locked``: data path → value) are shown read-only
with where they came from, and whatever is posted for them is ignored: ``to_data`` gives the
locked value. Repeating groups work without JavaScript: the form posts how many rows it showed,
and the "add a row" button (``STAY`` = ``add:<path>``) shows one more. Other buttons named
``STAY`` (``lookup:<path>``, ``unlock:<path>``, ``communes:<path>``) ask the face to do
something and show the page again (``stay()``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eforms import codelists
from eforms.addresses import clean_address
from eforms.display import value_text
from eforms.schema import Condition, Field, FieldType, Schema, Section, resolved_ref
from units.models import AdministrativeUnit, LegacyWard

SEP = "__"  # between the parts of a data path in a field name
STAY = "eform-stay"  # the name of the buttons that keep the person on the page
STAY_ACTIONS = frozenset({"add", "lookup", "unlock", "communes"})
RADIOS_AT_MOST = 6  # more options than this: a select
DATE_PARTS = ("day", "month", "year")
DATETIME_PARTS = (*DATE_PARTS, "time")
ADDRESS_PARTS = ("province", "commune", "legacy_ward", "street")
_TIME_RE = re.compile(r"\A([01]?[0-9]|2[0-3])[:hH.]([0-5][0-9])\Z")


def field_name(path: str) -> str:
    """The form field of a data path: ``siblings.0.full_name`` → ``siblings__0__full_name``."""
    return path.replace(".", SEP)


# Widgets: they only read what was posted; the engine judges it. -----------------------------


class _Value(forms.Widget):
    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name, "")


class _Parts(forms.Widget):
    """Several inputs for one value (a date's day, month and year; an address's parts), posted
    as ``<name>-<part>``."""

    def __init__(self, parts: Sequence[str]) -> None:
        super().__init__()
        self.parts = tuple(parts)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, str]:
        return {part: str(data.get(f"{name}-{part}", "")) for part in self.parts}

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return all(f"{name}-{part}" not in data for part in self.parts)


class _List(forms.Widget):
    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        if hasattr(data, "getlist"):
            return [str(v) for v in data.getlist(name)]
        value = data.get(name, [])
        return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # an unticked set of boxes posts nothing, and means "none"


class RawField(forms.Field):
    """Carries what was posted, as it was, to ``eforms.validate``."""

    def __init__(self, widget: forms.Widget) -> None:
        super().__init__(required=False, widget=widget)

    def clean(self, value: Any) -> Any:
        return value


# What the templates render. ------------------------------------------------------------------


@dataclass
class Option:
    value: str
    label: str
    checked: bool = False
    conditional: list[Node] = dataclasses.field(
        default_factory=list
    )  # shown when this option is chosen


@dataclass
class Item:
    index: int
    nodes: list[Node]


@dataclass
class Node:
    """One field as a page shows it. ``kind`` names its template (``eforms/fields/<kind>.html``)."""

    field: Field
    path: str  # the data path
    kind: str
    label: str
    hint: str = ""
    name: str = ""  # the HTML name of its input(s)
    id: str = ""  # the HTML id its label and the error summary point at
    value: Any = ""  # as the inputs show it: text, {part: text}, [codes]
    shown: str = ""  # a locked value, in words
    source: str = ""  # where a prefilled value came from, for people
    errors: list[str] = dataclasses.field(default_factory=list)
    children: list[Node] = dataclasses.field(default_factory=list)
    items: list[Item] = dataclasses.field(default_factory=list)
    options: list[Option] = dataclasses.field(default_factory=list)
    width: str = ""
    inputmode: str = ""
    input_type: str = "text"
    autocomplete: str = ""
    accept: str = ""
    kept: str = ""  # the name of a file uploaded earlier
    rows_name: str = ""
    rows: int = 0
    can_add: bool = False
    lookup: bool = False  # a relative's group: its ID number can be looked up
    locked: bool = False
    lists: AddressLists | None = None  # an address: the provinces and communes offered

    @property
    def described_by(self) -> str:
        ids = [f"{self.id}-hint"] if self.hint or self.source else []
        if self.errors:
            ids.append(f"{self.id}-error")
        return " ".join(ids)

    @property
    def template(self) -> str:
        return f"eforms/fields/{self.kind}.html"


@dataclass
class SectionView:
    key: str
    title: str
    help: str
    nodes: list[Node]


@dataclass(frozen=True)
class ErrorLink:
    anchor: str
    message: str


def _shown(f: Field, value: Any) -> str:
    """A value in words (an address kept without its text is named from its codes)."""
    if f.type == FieldType.ADDRESS and isinstance(value, Mapping) and not value.get("text"):
        cleaned, problem = clean_address(value)
        if problem is None:
            return str(cleaned["text"])
    try:
        return value_text(f, value)
    except (TypeError, ValueError):
        return str(value)


def _to_inputs(f: Field, value: Any) -> Any:
    """A kept value (``eforms.validate``'s cleaned data) as its inputs show it."""
    if value is None:
        return "" if f.type not in (FieldType.MULTI_CHOICE,) else []
    if f.type == FieldType.DATE and isinstance(value, str):
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            return {"day": "", "month": "", "year": ""}
        return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}
    if f.type == FieldType.DATETIME and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return dict.fromkeys(DATETIME_PARTS, "")
        return {
            "day": str(moment.day),
            "month": str(moment.month),
            "year": str(moment.year),
            "time": moment.strftime("%H:%M"),
        }
    if f.type == FieldType.YES_NO:
        return "true" if value is True else "false" if value is False else str(value)
    if f.type == FieldType.ADDRESS and isinstance(value, Mapping):
        return {part: str(value.get(part) or "") for part in ADDRESS_PARTS}
    if f.type == FieldType.MULTI_CHOICE:
        return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
    return str(value)


def _from_inputs(f: Field, value: Any) -> Any:
    """What was posted, in the shape ``eforms.validate`` reads."""
    if f.type == FieldType.DATE and isinstance(value, Mapping):
        day, month, year = (str(value.get(p, "")).strip() for p in DATE_PARTS)
        return f"{day}/{month}/{year}" if day or month or year else ""
    if f.type == FieldType.DATETIME and isinstance(value, Mapping):
        day, month, year, time = (str(value.get(p, "")).strip() for p in DATETIME_PARTS)
        if not (day or month or year or time):
            return ""
        clock = _TIME_RE.match(time)
        if day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4 and clock:
            return (
                f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
                f"T{int(clock.group(1)):02d}:{clock.group(2)}"
            )
        return f"{day}/{month}/{year} {time}"  # refused by the engine with its message
    if f.type == FieldType.ADDRESS and isinstance(value, Mapping):
        parts = {p: str(value.get(p, "")).strip() for p in ADDRESS_PARTS}
        if not any(parts.values()):
            return ""
        return {p: v for p, v in parts.items() if v or p in ("province", "commune")}
    return value


def _stay(data: Any, name: str) -> tuple[str, str] | None:
    raw = str(data.get(name, "")) if data is not None else ""
    action, _sep, path = raw.partition(":")
    if action not in STAY_ACTIONS or not path:
        return None
    return action, path


class EForm(forms.Form):
    """The inputs of some sections of an e-form (all of them when ``sections`` is None).

    ``values``: the declaration so far (cleaned, as kept), shown when the form is not bound;
    ``sources``: data path → what people are told about where its value came from;
    ``locked``: data path → the value the law takes from the state's data;
    ``rows``: repeating group's data path → how many rows to show (unbound);
    ``kept_files``: component position → the name of the file uploaded for it earlier;
    ``file_hints``: component position → (hint, ``accept`` list) for its file input;
    ``communes_url``: where a script may fetch the communes of a province (``?tinh=<code>``,
    answering ``{"communes": [[code, name], …]}``) instead of the button that shows them.
    """

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        schema: Schema,
        sections: Sequence[Section] | None = None,
        values: Mapping[str, Any] | None = None,
        sources: Mapping[str, str] | None = None,
        locked: Mapping[str, Any] | None = None,
        rows: Mapping[str, int] | None = None,
        kept_files: Mapping[int, str] | None = None,
        file_hints: Mapping[int, tuple[str, str]] | None = None,
        communes_url: str = "",
        prefix: str | None = None,
    ) -> None:
        super().__init__(data, files, prefix=prefix)
        self.schema = schema
        self.form_sections = tuple(sections if sections is not None else schema.sections)
        self.values = dict(values or {})
        self.sources = dict(sources or {})
        self.locked = dict(locked or {})
        self.rows_hint = dict(rows or {})
        self.kept_files = dict(kept_files or {})
        self.file_hints = dict(file_hints or {})
        self.communes_url = communes_url
        self.eform_errors: dict[str, list[str]] = {}
        self.non_field: list[str] = []
        self._stay = _stay(data, self.add_prefix(STAY)) if self.is_bound else None
        self._leaves: dict[str, Field] = {}  # data path -> field, for every input made
        self._row_counts: dict[str, int] = {}
        for section in self.form_sections:
            self._make(section.fields, "", self.values)

    # Building the Django fields. --------------------------------------------------------------

    @property
    def keys(self) -> list[str]:
        """The top-level keys of the declaration this form fills."""
        return [f.key for s in self.form_sections for f in s.fields]

    @property
    def stay_name(self) -> str:
        """The name of the buttons that keep the person on the page (``stay``)."""
        return self.add_prefix(STAY)

    def is_locked(self, path: str) -> bool:
        return path in self.locked

    def _group_locked(self, f: Field, path: str) -> bool:
        """Every input of the group takes the state's data (a person from the registry)."""
        leaves = list(_leaf_paths(f, path))
        return bool(leaves) and all(p in self.locked for p in leaves)

    def _make(self, fields: Iterable[Field], prefix: str, values: Any) -> None:
        node = values if isinstance(values, Mapping) else {}
        for f in fields:
            path = f"{prefix}{f.key}"
            if f.type in (FieldType.GROUP, FieldType.PERSON):
                self._make(f.fields, f"{path}.", node.get(f.key))
            elif f.type == FieldType.REPEAT:
                items = node.get(f.key)
                items = items if isinstance(items, list) else []
                count = self._count_rows(f, path, len(items))
                self._row_counts[path] = count
                for index in range(count):
                    item = items[index] if index < len(items) else {}
                    self._make(f.fields, f"{path}.{index}.", item)
            elif path not in self.locked:
                self._leaves[path] = f
                self.fields[field_name(path)] = self._input(f)

    def _count_rows(self, f: Field, path: str, kept: int) -> int:
        if self.is_bound:
            raw = str(self.data.get(self.add_prefix(f"{field_name(path)}-rows"), ""))
            count = int(raw) if raw.isdigit() else max(kept, 1)
            if self._stay == ("add", path):
                count += 1
        else:
            count = max(kept, self.rows_hint.get(path, 0), f.min_items, 1)
        return max(1, min(count, f.max_items))

    @staticmethod
    def _input(f: Field) -> forms.Field:
        if f.type == FieldType.FILE:
            return forms.FileField(
                required=False,
                error_messages={
                    "empty": gettext_lazy("Tệp tải lên không có nội dung."),
                    "invalid": gettext_lazy("Không đọc được tệp tải lên."),
                },
            )
        if f.type == FieldType.DATE:
            return RawField(_Parts(DATE_PARTS))
        if f.type == FieldType.DATETIME:
            return RawField(_Parts(DATETIME_PARTS))
        if f.type == FieldType.ADDRESS:
            return RawField(_Parts(ADDRESS_PARTS))
        if f.type == FieldType.MULTI_CHOICE:
            return RawField(_List())
        return RawField(_Value())

    # What was posted, for the engine. ---------------------------------------------------------

    def stay(self) -> tuple[str, str] | None:
        """The button that asks to stay on the page, as (action, data path), if one was
        pressed: ``add`` a row, ``lookup`` or ``unlock`` a relative, show the ``communes`` of
        the province chosen."""
        return self._stay

    def row_counts(self) -> dict[str, int]:
        """Repeating group's data path → the rows this form has (one more after "add")."""
        return dict(self._row_counts)

    def to_data(self) -> dict[str, Any]:
        """The values of this form's top-level keys as posted (locked ones as the state holds
        them), nested, for ``eforms.validate``. Files are not in it (``uploads``)."""
        if not self.is_bound:
            return {key: self.values[key] for key in self.keys if key in self.values}
        out: dict[str, Any] = {}
        for section in self.form_sections:
            out.update(self._collect(section.fields, ""))
        return out

    def _collect(self, fields: Iterable[Field], prefix: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields:
            path = f"{prefix}{f.key}"
            if f.type == FieldType.FILE:
                continue
            if f.type in (FieldType.GROUP, FieldType.PERSON):
                out[f.key] = self._collect(f.fields, f"{path}.")
            elif f.type == FieldType.REPEAT:
                out[f.key] = [
                    self._collect(f.fields, f"{path}.{i}.")
                    for i in range(self._row_counts.get(path, 0))
                ]
            elif path in self.locked:
                out[f.key] = self.locked[path]
            else:
                out[f.key] = _from_inputs(f, self[field_name(path)].data)
        return out

    def uploads(self) -> dict[int, UploadedFile[Any]]:
        """The files posted that Django could read, by the position of the component each one
        is (an empty or unreadable one is an error at its field)."""
        found: dict[int, UploadedFile[Any]] = {}
        if not self.is_bound:
            return found
        self.is_valid()  # runs the fields' own checks, once (an empty file is an error)
        for path, f in self._leaves.items():
            if f.type != FieldType.FILE or f.component is None:
                continue
            upload = self.cleaned_data.get(field_name(path))
            if isinstance(upload, UploadedFile):
                found[f.component] = upload
        return found

    def file_paths(self) -> dict[int, str]:
        """Component position → the data path of the file input for it."""
        return {
            f.component: path
            for path, f in self._leaves.items()
            if f.type == FieldType.FILE and f.component is not None
        }

    # Errors. --------------------------------------------------------------------------------

    def apply_errors(self, errors: Mapping[str, Sequence[Any]]) -> None:
        """Put each message at its data path (``Checked.errors``, ``DeclarationInvalid.errors``):
        on its Django field when it has one and the form is bound (so ``is_valid()`` is then
        false), else on the group or value shown there; a path this form shows nothing for
        gives an error for the whole form."""
        shown = self._shown_paths()
        for path, found in errors.items():
            messages = [str(e) for e in found]
            target = path
            while target and target not in shown:
                target = target.rpartition(".")[0]
            if not target:
                for message in messages:
                    self.add_non_field_error(message)
            elif self.is_bound and field_name(target) in self.fields:
                for message in messages:
                    self.add_error(field_name(target), message)
            else:
                self.eform_errors.setdefault(target, []).extend(messages)

    def add_non_field_error(self, message: str) -> None:
        if self.is_bound:
            self.add_error(None, message)
        else:
            self.non_field.append(message)

    @property
    def has_errors(self) -> bool:
        return bool(self.eform_errors or self.non_field or (self.is_bound and self.errors))

    def _shown_paths(self) -> set[str]:
        paths: set[str] = set()

        def down(nodes: Iterable[Node]) -> None:
            for node in nodes:
                paths.add(node.path)
                down(node.children)
                for item in node.items:
                    down(item.nodes)
                for option in node.options:
                    down(option.conditional)

        for section in self._views(with_errors=False):
            down(section.nodes)
        return paths

    def error_links(self) -> list[ErrorLink]:
        """The error summary: each message with the input it is about."""
        links = [ErrorLink("", m) for m in self.non_field]
        if self.is_bound:
            links += [ErrorLink("", str(m)) for m in self.non_field_errors()]

        def down(nodes: Iterable[Node]) -> None:
            for node in nodes:
                links.extend(ErrorLink(node.id, m) for m in node.errors)
                down(node.children)
                for item in node.items:
                    down(item.nodes)
                for option in node.options:
                    down(option.conditional)

        for section in self.sections:
            down(section.nodes)
        return links

    # The page. --------------------------------------------------------------------------------

    @property
    def sections(self) -> list[SectionView]:
        return self._views(with_errors=True)

    def _views(self, *, with_errors: bool) -> list[SectionView]:
        self._with_errors = with_errors
        return [
            SectionView(
                key=s.key,
                title=str(s.title),
                help=str(s.help) if s.help else "",
                nodes=self._nodes(s.fields, "", self.values, required=True),
            )
            for s in self.form_sections
        ]

    def _nodes(
        self, fields: Sequence[Field], prefix: str, values: Any, *, required: bool
    ) -> list[Node]:
        node_values = values if isinstance(values, Mapping) else {}
        built: dict[str, Node] = {}
        for f in fields:
            built[f.key] = self._node(f, f"{prefix}{f.key}", node_values.get(f.key), required)
        # A field shown only for one answer to a sibling question is revealed under it.
        nested: set[str] = set()
        for f in fields:
            controller = self._controller(f, fields)
            if controller is None:
                continue
            control, code = controller
            for option in built[control].options:
                if option.value == code:
                    option.conditional.append(built[f.key])
                    nested.add(f.key)
        return [built[f.key] for f in fields if f.key not in nested]

    def _controller(self, f: Field, siblings: Sequence[Field]) -> tuple[str, str] | None:
        """The sibling question (and its answer) that shows ``f``, when it can be a reveal."""
        condition: Condition | None = f.show_if
        if condition is None:
            return None
        values = condition.in_ if condition.in_ else (condition.equals,)
        if condition.filled is not None or condition.not_equals is not None or len(values) != 1:
            return None
        target = resolved_ref(self.schema, f, condition.ref)
        parent = f.path.rpartition(".")[0]
        if target.rpartition(".")[0] != parent:
            return None
        control = next((s for s in siblings if s.path == target), None)
        if control is None or control.key == f.key:
            return None
        code = values[0]
        if control.type == FieldType.YES_NO and isinstance(code, bool):
            return control.key, "true" if code else "false"
        if control.type == FieldType.CHOICE and _as_radios(control) and isinstance(code, str):
            return control.key, code
        if control.type == FieldType.MULTI_CHOICE and isinstance(code, str):
            return control.key, code
        return None

    def _base(self, f: Field, path: str) -> Node:
        name = self.add_prefix(field_name(path))
        node = Node(
            field=f,
            path=path,
            kind=f.type.value,
            label=str(f.label),
            hint=str(f.help) if f.help else "",
            name=name,
            id=f"id_{name}",
            source=self.sources.get(path, ""),
        )
        if self._with_errors:
            node.errors = list(self.eform_errors.get(path, []))
            if self.is_bound and field_name(path) in self.fields:
                node.errors += [str(e) for e in self.errors.get(field_name(path), [])]
        return node

    def _node(self, f: Field, path: str, value: Any, required: bool) -> Node:
        node = self._base(f, path)
        if f.type in (FieldType.GROUP, FieldType.PERSON):
            node.locked = self._group_locked(f, path)
            node.kind = "locked_group" if node.locked else "group"
            node.lookup = f.prefill == "relative" and not node.locked and "." not in path
            children = self._nodes(f.fields, f"{path}.", value, required=required and f.required)
            if node.lookup:  # the ID number first: the rest may come from the registry
                children.sort(key=lambda child: child.field.key != "id_number")
            node.children = children
            if node.locked:
                node.source = node.source or next(
                    (self.sources[p] for p in _leaf_paths(f, path) if p in self.sources), ""
                )
            return node
        if f.type == FieldType.REPEAT:
            items = value if isinstance(value, list) else []
            node.rows = self._row_counts.get(path, 0)
            node.rows_name = f"{node.name}-rows"
            node.can_add = node.rows < f.max_items
            node.items = [
                Item(
                    i,
                    self._nodes(
                        f.fields,
                        f"{path}.{i}.",
                        items[i] if i < len(items) else {},
                        required=False,
                    ),
                )
                for i in range(node.rows)
            ]
            return node
        if path in self.locked:
            node.kind, node.locked = "locked", True
            node.shown = _shown(f, self.locked[path])
            return node
        self._leaf(node, f, path, value, required)
        return node

    def _leaf(self, node: Node, f: Field, path: str, value: Any, required: bool) -> None:
        if self.is_bound:
            node.value = self[field_name(path)].data
        else:
            # A default is offered only where the field will be asked anyway: not in an
            # optional group (it would make the group look begun) nor a new row.
            if value is None and required and f.default is not None:
                value = f.default
            node.value = _to_inputs(f, value)
        if f.type in (FieldType.DATE, FieldType.DATETIME, FieldType.ADDRESS):
            first = {"address": "province"}.get(f.type.value, "day")
            node.id = f"{node.id}-{first}"
        if f.type == FieldType.DATE and not node.hint:
            node.hint = _("Ví dụ: 27 3 2020")
        elif f.type == FieldType.DATETIME and not node.hint:
            node.hint = _("Ví dụ: 27 3 2020, giờ 14:30")
        kind = f.type
        if kind == FieldType.CHOICE:
            choices = codelists.choices(f.codelist)
            node.kind = "radios" if _as_radios(f) else "select"
            node.options = [Option(code, label, code == node.value) for code, label in choices]
        elif kind == FieldType.MULTI_CHOICE:
            picked = node.value if isinstance(node.value, list) else []
            node.kind = "checkboxes"
            node.options = [
                Option(code, label, code in picked) for code, label in codelists.choices(f.codelist)
            ]
        elif kind == FieldType.YES_NO:
            node.kind = "radios"
            node.options = [
                Option("true", _("Có"), node.value == "true"),
                Option("false", _("Không"), node.value == "false"),
            ]
        elif kind == FieldType.ADDRESS:
            node.lists = address_lists(node.value)
        elif kind == FieldType.FILE:
            node.kept = self.kept_files.get(f.component or 0, "")
            hint, node.accept = self.file_hints.get(f.component or 0, ("", ""))
            node.hint = " ".join(part for part in (node.hint, hint) if part)
        elif kind not in (FieldType.DATE, FieldType.DATETIME):
            _text_attributes(node, kind)


def _text_attributes(node: Node, kind: FieldType) -> None:
    if kind == FieldType.LONG_TEXT:
        node.kind = "textarea"
        return
    node.kind = "input"
    if kind in (FieldType.INTEGER, FieldType.MONEY, FieldType.PERSONAL_ID):
        node.inputmode = "numeric"
        node.width = {
            FieldType.INTEGER: "govuk-input--width-5",
            FieldType.MONEY: "govuk-input--width-10",
            FieldType.PERSONAL_ID: "govuk-input--width-20",
        }[kind]
    elif kind == FieldType.PHONE:
        node.input_type, node.width, node.autocomplete = "tel", "govuk-input--width-20", "tel"
    elif kind == FieldType.EMAIL:
        node.input_type, node.autocomplete = "email", "email"


def _as_radios(f: Field) -> bool:
    return len(codelists.choices(f.codelist)) <= RADIOS_AT_MOST


def _leaf_paths(f: Field, path: str) -> Iterable[str]:
    for child in f.fields:
        child_path = f"{path}.{child.key}"
        if child.type in (FieldType.GROUP, FieldType.PERSON):
            yield from _leaf_paths(child, child_path)
        elif child.type not in (FieldType.REPEAT, FieldType.FILE):
            yield child_path


# The lists an address input offers. ----------------------------------------------------------


@dataclass(frozen=True)
class AddressLists:
    provinces: list[tuple[str, str]]
    communes: list[tuple[str, str]]
    legacy_wards: list[tuple[str, str]]


def address_lists(value: Any) -> AddressLists:
    """The provinces, the communes of the province chosen, and the wards of before 1 July 2025
    that became the commune chosen (an old address may name one)."""
    chosen = value if isinstance(value, Mapping) else {}
    provinces = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE)
    province = str(chosen.get("province") or "")
    commune = str(chosen.get("commune") or "")
    communes: list[tuple[str, str]] = []
    if province.isdigit():
        communes = [
            (str(code), name)
            for code, name in AdministrativeUnit.objects.filter(
                level=AdministrativeUnit.Level.COMMUNE, province__code=int(province)
            )
            .order_by("folded_name")
            .values_list("code", "name")
        ]
    legacy: list[tuple[str, str]] = []
    if commune.isdigit():
        legacy = [
            (str(ward.code), f"{ward.name}, {ward.district_name}")
            for ward in LegacyWard.objects.filter(
                successors__level=AdministrativeUnit.Level.COMMUNE, successors__code=int(commune)
            ).order_by("folded_name")
        ]
    return AddressLists(
        provinces=[
            (str(code), name)
            for code, name in provinces.order_by("folded_name").values_list("code", "name")
        ],
        communes=communes,
        legacy_wards=legacy,
    )
