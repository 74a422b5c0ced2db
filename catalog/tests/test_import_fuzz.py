"""Whatever a catalog file holds, the import loads it or refuses it with its own error.

The fuzz starts from a valid export, puts an arbitrary JSON value (or none) at a random place
and imports it, once as a parsed document and once as the bytes of a file: anything other than
a report or a CatalogImportError is a defect, and a refusal must leave the database unchanged.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from catalog.models import ChannelOption, Component, Fee, Procedure, ProcedureVersion, Sector
from catalog.transfer import CatalogImportError, export_catalog, load_catalog, parse_catalog
from core.testing import create_sector, create_unit, create_version

Path = tuple[str | int, ...]
MODELS = (Sector, Procedure, ProcedureVersion, ChannelOption, Fee, Component)


class Raw:
    """A JSON token json.dumps cannot write (or writes otherwise), with its parsed meaning."""

    def __init__(self, token: str, value: object) -> None:
        self.token = token
        self.value = value

    def __repr__(self) -> str:
        # Never the value: repr of a 5,000-digit int raises, and a deep list overflows.
        return f"Raw({self.token[:12]}…)" if len(self.token) > 12 else f"Raw({self.token})"


def deep(depth: int) -> list[Any]:
    # Built in a loop, and kept whole inside a Raw: recursing into it would itself overflow.
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


RAW = [
    Raw("1e999", float("inf")),
    Raw("-1e999", float("-inf")),
    Raw("NaN", float("nan")),
    Raw("9" * 5000, 10**5000),
    Raw("[" * 40 + "]" * 40, deep(40)),
    Raw("[" * 5000 + "]" * 5000, deep(5000)),
]


texts = st.one_of(
    st.text(max_size=12),
    st.text(st.characters(categories=["Cs", "Cc", "Nd", "Zs", "Mn", "Lo"]), max_size=12),
    st.sampled_from(
        [
            *["", " ", "\x00", "\ud800", "a\udfffb", "١.٠٠١١٩٣", "1.001193", "true", "ho-tich"],
            *["x" * 501, "same_day", "working_days", "published", "draft", "commune", "online"],
            *["2025-07-01", "٢٠٢٥-٠٧-٠١", "20250701", "9999-12-31", "motcua.catalog/1"],
        ]
    ),
)
integers = st.one_of(
    st.integers(),
    st.sampled_from([0, 1, -1, 2**15 - 1, 2**15, 2**31 - 1, 2**31, 2**40, 2**63 - 1, 2**63]),
    st.sampled_from([10**30, -(10**30)]),
)
leaves = st.one_of(
    st.none(),
    st.booleans(),
    integers,
    st.floats(allow_nan=True, allow_infinity=True),
    texts,
    st.sampled_from(RAW),
)
values = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(texts, children, max_size=3)
    ),
    max_leaves=6,
)
DELETE = object()


def paths(value: object, prefix: Path = ()) -> list[Path]:
    found: list[Path] = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def mutate(document: dict[str, Any], path: Path, value: object) -> dict[str, Any]:
    mutated = copy.deepcopy(document)
    target: Any = mutated
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return mutated


def as_document(value: object) -> object:
    if isinstance(value, Raw):
        return value.value
    if isinstance(value, list):
        return [as_document(item) for item in value]
    if isinstance(value, dict):
        return {key: as_document(item) for key, item in value.items()}
    return value


def as_file(document: dict[str, Any]) -> bytes:
    tokens: list[str] = []

    def encode(value: object) -> object:
        # Raw tokens and numbers json.dumps would refuse are written in by placeholder.
        if isinstance(value, Raw) or (isinstance(value, int) and abs(value) > 10**4000):
            tokens.append(value.token if isinstance(value, Raw) else "9" * 5000)
            return f"@@RAW{len(tokens) - 1}@@"
        if isinstance(value, list):
            return [encode(item) for item in value]
        if isinstance(value, dict):
            return {key: encode(item) for key, item in value.items()}
        return value

    text = json.dumps(encode(document), check_circular=False)
    for index, token in enumerate(tokens):
        text = text.replace(f'"@@RAW{index}@@"', token)
    return text.encode("utf-8")  # ASCII: json.dumps escapes every non-ASCII character


class _Rollback(Exception):
    pass


class CatalogImportFuzzTestCase(TestCase):
    document: dict[str, Any]
    places: list[Path]

    @classmethod
    def setUpTestData(cls) -> None:
        unit = create_unit()
        sector = create_sector(code="ho-tich", name="Hộ tịch")
        first = create_version(sector=sector, procedure_type="TTHC liên thông", conditions="Có")
        first.performing_units.set([unit])
        first.unit_kinds = ["commune_center", "commune_police"]
        first.result_code = "giay-khai-sinh"
        first.result_valid_months = 12
        first.save()
        option = first.channels.get()
        Fee.objects.create(channel_option=option, kind="le_phi", amount=8000, description="Lệ phí")
        ChannelOption.objects.create(
            version=first, channel=2, time_limit_value=2, time_limit_unit="working_days"
        )
        Component.objects.create(
            version=first,
            position=2,
            name="Bản sao giấy tờ",
            copies=2,
            max_size_mb=5,
            document_type="can-cuoc",
            accepted_file_types=["pdf"],
        )
        create_version(sector=sector, time_limit_value=0, time_limit_unit="same_day")
        cls.document = json.loads(json.dumps(export_catalog()))
        cls.places = paths(cls.document)
        # The export is the fuzz's seed; the rows it came from go, so imports write afresh.
        ProcedureVersion.objects.all().delete()
        Procedure.objects.all().delete()
        Sector.objects.all().delete()

    def counts(self) -> dict[str, int]:
        return {model.__name__: model.objects.count() for model in MODELS}

    def import_or_refuse(self, load: Any) -> None:
        before = self.counts()
        try:
            with transaction.atomic():
                try:
                    load()
                except CatalogImportError as exc:
                    self.assertTrue(exc.errors)
                    self.assertTrue(exc.code.startswith("catalog."))
                    for error in exc.errors:
                        error.encode("utf-8")
                    self.assertEqual(self.counts(), before)
                raise _Rollback
        except _Rollback:
            pass

    def test_the_seed_document_imports(self) -> None:
        report = load_catalog(copy.deepcopy(self.document))
        self.assertEqual(len(report.versions_created), 2)

    @settings(
        max_examples=200,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def test_any_mutation_imports_or_is_refused_cleanly(self, data: st.DataObject) -> None:
        path = data.draw(st.sampled_from(self.places), label="path")
        value = data.draw(st.one_of(values, st.just(DELETE)), label="value")
        mutated = mutate(self.document, path, value)
        self.import_or_refuse(lambda: load_catalog(as_document(mutated)))
        self.import_or_refuse(lambda: load_catalog(parse_catalog(as_file(mutated))))
