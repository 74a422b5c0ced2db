"""E-form schemas: what a declaration (tờ khai) or a result asks for, as data.

A schema is a JSON document kept with the procedure version it belongs to (published versions
are frozen, so a dossier filled under one keeps its schema). ``parse`` reads it into the typed
tree below, or raises ``SchemaError`` listing every problem, each naming its field: that is the
check made when a version is published. The format is described in docs/eforms.md; the data a
schema accepts can also be exported as JSON Schema 2020-12 (``eforms.jsonschema``).

Paths name fields from the root with dots; the items of a repeating group are ``*`` in a
schema path (``children.*.full_name``) and their index in a data path (``children.0.full_name``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from django.utils import translation

from eforms import codelists

FORMAT = 1
_KEY_RE = re.compile(r"\A[a-z][a-z0-9_]{0,59}\Z")


class FieldType(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    INTEGER = "integer"
    MONEY = "money"  # whole đồng
    DATE = "date"
    DATETIME = "datetime"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    PERSONAL_ID = "personal_id"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    PERSON = "person"  # a group with the standard fields of a person (PERSON_FIELDS)
    GROUP = "group"
    REPEAT = "repeat"  # a repeating group: children, household members
    FILE = "file"  # an upload, bound to a component of the catalog's legal list


GROUPS = frozenset({FieldType.PERSON, FieldType.GROUP, FieldType.REPEAT})
DATES = frozenset({FieldType.DATE, FieldType.DATETIME})
NUMBERS = frozenset({FieldType.INTEGER, FieldType.MONEY})
TEXTS = frozenset({FieldType.TEXT, FieldType.LONG_TEXT})
CHOICES = frozenset({FieldType.CHOICE, FieldType.MULTI_CHOICE, FieldType.YES_NO})

# Where a value can come from before the person types anything. Resolved by
# ``dossiers.prefill`` (which may ask the registry and the data store); declared here so that a
# schema naming an unknown source is refused when published.
PREFILL_SOURCES = frozenset(
    {
        "applicant.person",  # the applicant's identity and permanent residence (a person group)
        "applicant.full_name",
        "applicant.date_of_birth",
        "applicant.sex",
        "applicant.id_number",
        "applicant.ethnicity",
        "applicant.nationality",
        "applicant.permanent_residence",
        "applicant.temporary_residence",
        "applicant.marital_status",
        "applicant.residence_history",  # text, one period a line
        "applicant.household_head",  # whether the applicant heads their household
        "account.phone",
        "account.email",
        "relative",  # a person group: looked up by the ID number typed in it, purpose logged
    }
)
# The types of field each source can fill (a store source fills whatever its document holds).
PREFILL_TYPES: dict[str, frozenset[FieldType]] = {
    "applicant.person": frozenset({FieldType.PERSON, FieldType.GROUP}),
    "applicant.full_name": frozenset({FieldType.TEXT}),
    "applicant.date_of_birth": frozenset({FieldType.DATE}),
    "applicant.sex": frozenset({FieldType.CHOICE}),
    "applicant.id_number": frozenset({FieldType.PERSONAL_ID}),
    "applicant.ethnicity": frozenset({FieldType.CHOICE}),
    "applicant.nationality": frozenset({FieldType.CHOICE}),
    "applicant.permanent_residence": frozenset({FieldType.ADDRESS}),
    "applicant.temporary_residence": frozenset({FieldType.ADDRESS}),
    "applicant.marital_status": frozenset({FieldType.CHOICE}),
    "applicant.residence_history": frozenset({FieldType.LONG_TEXT, FieldType.TEXT}),
    "applicant.household_head": frozenset({FieldType.YES_NO}),
    "account.phone": frozenset({FieldType.PHONE}),
    "account.email": frozenset({FieldType.EMAIL}),
    "relative": frozenset({FieldType.PERSON, FieldType.GROUP}),
}
# A choice filled from the registry draws from the list the registry's codes belong to.
PREFILL_CODELISTS = {
    "applicant.sex": "sex",
    "applicant.ethnicity": "ethnicity",
    "applicant.nationality": "nationality",
    "applicant.marital_status": "marital_status",
}
_STORE_SOURCE_RE = re.compile(r"\Astore:[a-z0-9][a-z0-9-]{0,59}\.[a-z][a-z0-9_.]{0,120}\Z")


@dataclass(frozen=True)
class Text:
    vi: str
    en: str = ""

    def __str__(self) -> str:
        return self.en if self.en and translation.get_language() == "en" else self.vi


@dataclass(frozen=True)
class Ref:
    """A reference to another field as the schema writes it: a sibling's key (or a path from
    a sibling), else a path from the root; ``Schema.refs`` has what it resolves to."""

    path: str

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.path.split("."))


@dataclass(frozen=True)
class Condition:
    ref: Ref
    equals: Any = None
    in_: tuple[Any, ...] = ()
    filled: bool | None = None
    not_equals: Any = None


@dataclass(frozen=True)
class Bound:
    """``today`` or another field, for the date checks."""

    today: bool = False
    ref: Ref | None = None


@dataclass(frozen=True)
class Checks:
    minimum: int | None = None
    maximum: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str = ""
    pattern_message: Text | None = None
    before: Bound | None = None
    not_before: Bound | None = None
    after: Bound | None = None
    not_after: Bound | None = None
    # choices and yes/no: the only values accepted (e.g. a marital status that allows
    # marriage, a commitment that must be given), with the message when another is chosen
    allowed: tuple[Any, ...] = ()
    allowed_message: Text | None = None


@dataclass(frozen=True)
class Field:
    key: str
    type: FieldType
    label: Text
    path: str
    help: Text | None = None
    required: bool = False
    show_if: Condition | None = None
    required_if: Condition | None = None
    checks: Checks = field(default_factory=Checks)
    prefill: str = ""
    locked: bool = False  # a prefilled value the law takes from the state's data: not editable
    codelist: str = ""
    fields: tuple[Field, ...] = ()
    min_items: int = 0
    max_items: int = 20
    component: int | None = None  # FILE: the position of the component in the legal list
    default: Any = None

    @property
    def is_group(self) -> bool:
        return self.type in GROUPS

    def child(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)


@dataclass(frozen=True)
class Section:
    key: str
    title: Text
    fields: tuple[Field, ...]
    help: Text | None = None


@dataclass(frozen=True)
class Schema:
    title: Text
    sections: tuple[Section, ...]
    form: str = ""  # the official form it follows, e.g. "Tờ khai đăng ký khai sinh (TT 04/2020)"
    satisfies: tuple[int, ...] = ()  # positions of the components the e-form itself is
    # A result form: the position of the component the result certifies (a copy, a signed
    # paper); the result is that file followed by the certification page (dossiers.results).
    certifies: int | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # (field path, reference as written) -> the schema path it names; filled by ``parse``.
    refs: Mapping[tuple[str, str], str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for section in self.sections for f in section.fields)

    def walk(self) -> Iterator[Field]:
        """Every field, groups before their children."""

        def down(fields: Sequence[Field]) -> Iterator[Field]:
            for f in fields:
                yield f
                yield from down(f.fields)

        yield from down(self.fields)

    def field(self, path: str) -> Field | None:
        """The field at schema path ``path`` (``*`` for repeat items)."""
        return next((f for f in self.walk() if f.path == path), None)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def file_fields(self) -> list[Field]:
        return [f for f in self.walk() if f.type == FieldType.FILE]


# The standard fields of a person group (Circular 04/2020 forms, CT01): key -> definition.
PERSON_FIELDS: tuple[dict[str, Any], ...] = (
    {
        "key": "full_name",
        "type": "text",
        "label": {"vi": "Họ, chữ đệm, tên", "en": "Full name"},
        "required": True,
        "checks": {"max_length": 100},
    },
    {
        "key": "date_of_birth",
        "type": "date",
        "label": {"vi": "Ngày, tháng, năm sinh", "en": "Date of birth"},
        "required": True,
        "checks": {"not_after": "today"},
    },
    {
        "key": "sex",
        "type": "choice",
        "codelist": "sex",
        "label": {"vi": "Giới tính", "en": "Sex"},
        "required": True,
    },
    {
        "key": "ethnicity",
        "type": "choice",
        "codelist": "ethnicity",
        "label": {"vi": "Dân tộc", "en": "Ethnicity"},
        "required": True,
        "default": "01",
    },
    {
        "key": "nationality",
        "type": "choice",
        "codelist": "nationality",
        "label": {"vi": "Quốc tịch", "en": "Nationality"},
        "required": True,
        "default": "VN",
    },
    {
        "key": "id_number",
        "type": "personal_id",
        "label": {"vi": "Số định danh cá nhân", "en": "Personal identification number"},
        "required": True,
    },
    {
        "key": "residence",
        "type": "address",
        "label": {"vi": "Nơi cư trú", "en": "Place of residence"},
        "required": True,
    },
)
PERSON_KEYS = tuple(f["key"] for f in PERSON_FIELDS)


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class SchemaError(ValueError):
    """A schema that cannot be published; ``problems`` name each field at fault."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


def parse(raw: Any) -> Schema:
    """The schema in ``raw`` (parsed JSON), checked; SchemaError lists every problem."""
    reader = _Reader()
    schema = reader.schema(raw)
    if reader.problems:
        raise SchemaError(reader.problems)
    assert schema is not None  # noqa: S101 - no problems means a schema was read
    resolver = _Resolver(schema, reader)
    resolver.check()
    if reader.problems:
        raise SchemaError(reader.problems)
    return replace(schema, refs=resolver.resolved)


def problems(raw: Any) -> list[Problem]:
    try:
        parse(raw)
    except SchemaError as error:
        return error.problems
    return []


# Messages of the publish check: for catalog administrators, in Vietnamese (the path is English
# keys). Plain strings: they are raised and stored, and shown as they are.
_M = {
    "not_object": "phải là một đối tượng JSON",
    "format": f"định dạng biểu mẫu phải là {FORMAT}",
    "key": "khóa trường phải gồm chữ thường không dấu, chữ số, dấu gạch dưới, bắt đầu bằng chữ",
    "duplicate": "khóa trường bị trùng",
    "type": "loại trường không có trong danh sách cho phép: {value}",
    "label": "thiếu nhãn tiếng Việt (vi) hoặc tiếng Anh (en)",
    "codelist": "danh mục “{value}” không có",
    "codelist_missing": "trường lựa chọn phải nêu danh mục (codelist)",
    "group_empty": "nhóm trường phải có ít nhất một trường",
    "prefill": "nguồn điền sẵn “{value}” không có",
    "component": "trường tệp phải nêu thứ tự thành phần hồ sơ (component) là số nguyên dương",
    "sections": "biểu mẫu phải có ít nhất một phần (sections)",
    "ref": "tham chiếu tới trường “{value}” không có",
    "ref_repeat": "không được tham chiếu vào một mục của nhóm lặp từ ngoài nhóm: “{value}”",
    "ref_self": (
        "điều kiện không được tham chiếu tới chính trường này, nhóm chứa nó hoặc trường trong nó"
    ),
    "ref_type": "trường “{value}” không phải ngày tháng nên không so sánh ngày được",
    "ref_group": "điều kiện không dựa trên một nhóm trường: “{value}”",
    "cycle": "các điều kiện hiển thị tạo thành vòng lặp: {value}",
    "checks": "kiểm tra “{value}” không dùng được cho loại trường này",
    "allowed": "“allowed” là danh sách giá trị có trong danh mục của trường",
    "default": "giá trị mặc định “{value}” không có trong danh mục của trường",
    "boolean": "“{value}” phải là true hoặc false",
    "prefill_type": "nguồn điền sẵn “{value}” không điền được loại trường này",
    "prefill_codelist": "nguồn điền sẵn “{value}” cần danh mục “{codelist}”",
    "prefill_repeat": "không điền sẵn được trường trong nhóm lặp",
    "ref_file": "điều kiện không dựa trên một trường tệp: “{value}”",
    "check_value": "giá trị của kiểm tra “{value}” không đúng",
    "pattern": "biểu thức chính quy không hợp lệ: {value}",
    "condition": "điều kiện phải có “field” và một trong “equals”, “in”, “filled”, “not_equals”",
    "unknown": "thuộc tính không có trong định dạng: {value}",
    "items": "số mục tối thiểu/tối đa của nhóm lặp không đúng",
    "omit": "trường “{value}” không phải trường chuẩn của một người",
    "satisfies": "“satisfies” là danh sách thứ tự thành phần hồ sơ (số nguyên dương)",
    "certifies": "“certifies” là thứ tự một thành phần hồ sơ (số nguyên dương)",
    "locked": "chỉ khóa được trường có nguồn điền sẵn",
}

_FIELD_KEYS = {
    "key",
    "type",
    "label",
    "help",
    "required",
    "show_if",
    "required_if",
    "checks",
    "prefill",
    "locked",
    "codelist",
    "fields",
    "min_items",
    "max_items",
    "component",
    "default",
    "omit",
    "optional",
}
_CHECKS_BY_TYPE = {
    "minimum": NUMBERS,
    "maximum": NUMBERS,
    "min_length": TEXTS,
    "max_length": TEXTS,
    "pattern": TEXTS,
    "pattern_message": TEXTS,
    "allowed": CHOICES,
    "allowed_message": CHOICES,
    "before": DATES,
    "not_before": DATES,
    "after": DATES,
    "not_after": DATES,
}


_REFUSED: Any = object()


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # (field path, the raw reference, where it is used) resolved once the tree is read
        self.pending: list[tuple[str, str, str]] = []

    def problem(self, path: str, code: str, value: object = "", **more: object) -> None:
        self.problems.append(Problem(path, _M[code].format(value=value, **more)))

    def schema(self, raw: Any) -> Schema | None:
        if not isinstance(raw, Mapping):
            self.problem("", "not_object")
            return None
        if raw.get("format", FORMAT) != FORMAT:
            self.problem("format", "format")
        for name in set(raw) - {"format", "title", "form", "satisfies", "certifies", "sections"}:
            self.problem("", "unknown", name)
        certifies = raw.get("certifies")
        if certifies is not None and (
            not isinstance(certifies, int) or isinstance(certifies, bool) or certifies < 1
        ):
            self.problem("certifies", "certifies")
            certifies = None
        title = self.text("title", raw.get("title"))
        satisfies = raw.get("satisfies", [])
        if not isinstance(satisfies, list) or not all(
            isinstance(p, int) and not isinstance(p, bool) and p > 0 for p in satisfies
        ):
            self.problem("satisfies", "satisfies")
            satisfies = []
        sections_raw = raw.get("sections")
        if not isinstance(sections_raw, list) or not sections_raw:
            self.problem("sections", "sections")
            sections_raw = []
        seen: set[str] = set()
        sections: list[Section] = []
        section_keys: set[str] = set()
        for index, section_raw in enumerate(sections_raw):
            where = f"sections.{index}"
            if not isinstance(section_raw, Mapping):
                self.problem(where, "not_object")
                continue
            key = section_raw.get("key")
            if not isinstance(key, str) or not _KEY_RE.match(key):
                self.problem(where, "key")
                key = f"section_{index}"
            elif key in section_keys:
                self.problem(key, "duplicate")
            section_keys.add(key)
            fields = self.fields(section_raw.get("fields"), parent="", seen=seen, where=key)
            help_raw = section_raw.get("help")
            sections.append(
                Section(
                    key=key,
                    title=self.text(f"{key}.title", section_raw.get("title")),
                    fields=fields,
                    help=self.text(f"{key}.help", help_raw) if help_raw is not None else None,
                )
            )
        return Schema(
            title=title,
            sections=tuple(sections),
            form=str(raw.get("form") or ""),
            satisfies=tuple(satisfies),
            certifies=certifies,
            raw=raw,
        )

    def text(self, path: str, raw: Any) -> Text:
        if isinstance(raw, Mapping) and isinstance(raw.get("vi"), str) and raw["vi"].strip():
            en = raw.get("en")
            if isinstance(en, str) and en.strip():
                return Text(raw["vi"], en)
        self.problem(path, "label")
        return Text(str(raw))

    def fields(self, raw: Any, *, parent: str, seen: set[str], where: str) -> tuple[Field, ...]:
        if not isinstance(raw, list) or not raw:
            self.problem(where, "group_empty")
            return ()
        read = []
        for index, item in enumerate(raw):
            read_field = self.field(item, parent=parent, seen=seen, where=f"{where}.{index}")
            if read_field is not None:
                read.append(read_field)
        return tuple(read)

    def field(self, raw: Any, *, parent: str, seen: set[str], where: str) -> Field | None:
        if not isinstance(raw, Mapping):
            self.problem(where, "not_object")
            return None
        key = raw.get("key")
        if not isinstance(key, str) or not _KEY_RE.match(key):
            self.problem(where, "key")
            return None
        path = f"{parent}.{key}" if parent else key
        if path in seen:
            self.problem(path, "duplicate")
        seen.add(path)
        for name in set(raw) - _FIELD_KEYS:
            self.problem(path, "unknown", name)
        try:
            kind = FieldType(str(raw.get("type")))
        except ValueError:
            self.problem(path, "type", raw.get("type"))
            return None
        if kind == FieldType.PERSON:
            raw = self.person(raw, path)
        children: tuple[Field, ...] = ()
        if kind in GROUPS:
            child_parent = f"{path}.*" if kind == FieldType.REPEAT else path
            children = self.fields(raw.get("fields"), parent=child_parent, seen=seen, where=path)
        codelist, prefill, component = self.attributes(raw, kind, path)
        default = self.flags(raw, kind, path, codelist)
        min_items, max_items = raw.get("min_items", 0), raw.get("max_items", 20)
        if not (
            isinstance(min_items, int)
            and isinstance(max_items, int)
            and 0 <= min_items <= max_items
        ):
            self.problem(path, "items")
            min_items, max_items = 0, 20
        help_raw = raw.get("help")
        return Field(
            key=key,
            type=kind,
            label=self.text(f"{path}.label", raw.get("label")),
            path=path,
            help=self.text(f"{path}.help", help_raw) if help_raw is not None else None,
            required=raw.get("required", False) is True,
            show_if=self.condition(path, raw.get("show_if"), "show_if"),
            required_if=self.condition(path, raw.get("required_if"), "required_if"),
            checks=self.checks(path, kind, raw.get("checks"), codelist),
            prefill=prefill,
            locked=raw.get("locked", False) is True,
            codelist=codelist,
            fields=children,
            min_items=min_items,
            max_items=max_items,
            component=component if kind == FieldType.FILE else None,
            default=default,
        )

    def flags(self, raw: Mapping[str, Any], kind: FieldType, path: str, codelist: str) -> Any:
        """The booleans, where a prefill may be, and the default (returned), checked."""
        for flag in ("required", "locked"):
            if not isinstance(raw.get(flag, False), bool):
                self.problem(path, "boolean", flag)
        if raw.get("prefill") and ".*" in f".{path}":
            self.problem(path, "prefill_repeat")
        default = raw.get("default")
        if (
            default is not None
            and kind == FieldType.CHOICE
            and codelist in codelists.KEYS
            and default not in codelists.codes(codelist)
        ):
            self.problem(path, "default", default)
        return default

    def attributes(
        self, raw: Mapping[str, Any], kind: FieldType, path: str
    ) -> tuple[str, str, Any]:
        """The code list, prefill source and component of a field, checked."""
        codelist = raw.get("codelist", "")
        if kind in (FieldType.CHOICE, FieldType.MULTI_CHOICE):
            if not codelist:
                self.problem(path, "codelist_missing")
            elif codelist not in codelists.KEYS:
                self.problem(path, "codelist", codelist)
        prefill = raw.get("prefill", "")
        if not isinstance(prefill, str):
            self.problem(path, "prefill", prefill)
            prefill = ""
        elif prefill and prefill not in PREFILL_SOURCES and not _STORE_SOURCE_RE.match(prefill):
            self.problem(path, "prefill", prefill)
        elif prefill in PREFILL_TYPES:
            if kind not in PREFILL_TYPES[prefill]:
                self.problem(path, "prefill_type", prefill)
            elif prefill in PREFILL_CODELISTS and codelist != PREFILL_CODELISTS[prefill]:
                self.problem(path, "prefill_codelist", prefill, codelist=PREFILL_CODELISTS[prefill])
        if raw.get("locked") and not prefill:
            self.problem(path, "locked")
        component = raw.get("component")
        if kind == FieldType.FILE and not (
            isinstance(component, int) and not isinstance(component, bool) and component > 0
        ):
            self.problem(path, "component")
        return codelist, prefill, component

    def names(self, raw: Mapping[str, Any], name: str, path: str) -> set[str]:
        value = raw.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(path, "omit", value)
            return set()
        return set(value)

    def person(self, raw: Mapping[str, Any], path: str) -> dict[str, Any]:
        """A person group: the standard fields, less those omitted, with those given in
        ``fields`` replacing the standard field of their key in its place, or added after."""
        omit = self.names(raw, "omit", path)
        optional = self.names(raw, "optional", path)
        for name in sorted((omit | optional) - set(PERSON_KEYS)):
            self.problem(path, "omit", name)
        given = raw.get("fields", [])
        extra = [f for f in given if isinstance(f, Mapping)] if isinstance(given, list) else []
        by_key = {f.get("key"): f for f in extra}
        merged: list[Mapping[str, Any]] = []
        for definition in PERSON_FIELDS:
            if definition["key"] in omit:
                continue
            item = dict(by_key.pop(definition["key"], definition))
            if item["key"] in optional:
                item["required"] = False
            merged.append(item)
        merged += [f for f in extra if f.get("key") in by_key]
        return {**raw, "fields": merged}

    def condition(self, path: str, raw: Any, name: str) -> Condition | None:
        if raw is None:
            return None
        operators = {"equals", "in", "filled", "not_equals"}
        if (
            not isinstance(raw, Mapping)
            or not isinstance(raw.get("field"), str)
            or len(operators & set(raw)) != 1
            or set(raw) - operators - {"field"}
        ):
            self.problem(path, "condition")
            return None
        in_ = raw.get("in", ())
        if not isinstance(in_, list | tuple):
            self.problem(path, "condition")
            return None
        self.pending.append((path, raw["field"], name))
        return Condition(
            ref=Ref(raw["field"]),
            equals=raw.get("equals"),
            in_=tuple(in_),
            filled=raw.get("filled"),
            not_equals=raw.get("not_equals"),
        )

    def allowed(self, kind: FieldType, codelist: str, value: Any) -> bool:
        if not isinstance(value, list) or not value:
            return False
        if kind == FieldType.YES_NO:
            return all(isinstance(v, bool) for v in value)
        known = codelists.codes(codelist) if codelist in codelists.KEYS else frozenset()
        return all(isinstance(v, str) and v in known for v in value)

    def check(self, path: str, kind: FieldType, codelist: str, name: str, value: Any) -> Any:
        """One check's value as read, or _REFUSED (the problem is recorded)."""
        if name in ("minimum", "maximum", "min_length", "max_length"):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                self.problem(path, "check_value", name)
                return _REFUSED
            return value
        if name == "pattern":
            try:
                re.compile(value)
            except (re.error, TypeError) as exc:
                self.problem(path, "pattern", exc)
                return _REFUSED
            return value
        if name in ("pattern_message", "allowed_message"):
            return self.text(f"{path}.checks.{name}", value)
        if name == "allowed":
            if not self.allowed(kind, codelist, value):
                self.problem(path, "allowed")
                return _REFUSED
            return tuple(value)
        if not isinstance(value, str) or not value:
            self.problem(path, "check_value", name)
            return _REFUSED
        if value == "today":
            return Bound(today=True)
        self.pending.append((path, value, f"checks.{name}"))
        return Bound(ref=Ref(value))

    def checks(self, path: str, kind: FieldType, raw: Any, codelist: str = "") -> Checks:
        if raw is None:
            return Checks()
        if not isinstance(raw, Mapping):
            self.problem(f"{path}.checks", "not_object")
            return Checks()
        values: dict[str, Any] = {}
        for name, value in raw.items():
            allowed = _CHECKS_BY_TYPE.get(name)
            if allowed is None or kind not in allowed:
                self.problem(path, "checks", name)
                continue
            read = self.check(path, kind, codelist, name, value)
            if read is not _REFUSED:
                values[name] = read
        return Checks(**values)


class _Resolver:
    """Second pass: every reference names a field that exists and may be referred to, and
    the conditions do not go round in circles."""

    def __init__(self, schema: Schema, reader: _Reader) -> None:
        self.schema, self.reader = schema, reader
        self.by_path = {f.path: f for f in schema.walk()}

    def resolve(self, path: str, ref: str) -> str | None:
        """The schema path ``ref`` names from the field at ``path``: a sibling (in the same
        group, or the same item of a repeating group) first, else from the root."""
        parent = path.rsplit(".", 1)[0] if "." in path else ""
        while True:
            candidate = f"{parent}.{ref}" if parent else ref
            if candidate in self.by_path:
                return candidate
            if not parent:
                return None
            parent = parent.rsplit(".", 1)[0] if "." in parent else ""

    def check(self) -> None:
        edges: dict[str, set[str]] = {}
        resolved: dict[tuple[str, str], str] = {}
        for path, ref, use in self.reader.pending:
            target = self.resolve(path, ref)
            if target is None:
                self.reader.problem(path, "ref", ref)
                continue
            resolved[(path, ref)] = target
            # A field inside a repeating group is one value per item: it can be named only
            # from within the same item (its repeat's items are then the same).
            target_repeat = target.rsplit(".*.", 1)[0] + ".*." if ".*." in target else ""
            if target_repeat and not path.startswith(target_repeat):
                self.reader.problem(path, "ref_repeat", ref)
                continue
            field = self.by_path[target]
            if target == path or path.startswith(target + ".") or target.startswith(path + "."):
                self.reader.problem(path, "ref_self")
                continue
            if use.startswith("checks."):
                if field.type not in DATES:
                    self.reader.problem(path, "ref_type", ref)
                continue
            if field.is_group:
                self.reader.problem(path, "ref_group", ref)
                continue
            if field.type == FieldType.FILE:
                self.reader.problem(path, "ref_file", ref)
                continue
            if use == "show_if":
                # Only what is shown can go round: a required_if reads the other field's
                # visibility, never its own.
                edges.setdefault(path, set()).add(target)
        self.resolved = resolved
        self._cycles(edges)

    def _cycles(self, edges: dict[str, set[str]]) -> None:
        # A field's visibility also depends on its enclosing groups' conditions.
        def depends(path: str) -> set[str]:
            found = set(edges.get(path, ()))
            parts = path.split(".")
            for cut in range(1, len(parts)):
                found |= edges.get(".".join(parts[:cut]), set())
            return found

        state: dict[str, int] = {}
        stack: list[str] = []

        def visit(node: str) -> bool:
            state[node] = 1
            stack.append(node)
            for target in sorted(depends(node)):
                if state.get(target) == 1:
                    loop = [*stack[stack.index(target) :], target]
                    self.reader.problem(target, "cycle", " → ".join(loop))
                    return True
                if state.get(target) is None and visit(target):
                    return True
            stack.pop()
            state[node] = 2
            return False

        for node in sorted(edges):
            if state.get(node) is None and visit(node):
                return


def resolved_ref(schema: Schema, field: Field, ref: Ref) -> str:
    """The schema path a field's reference names (resolved when the schema was parsed)."""
    return schema.refs[(field.path, ref.path)]
