"""Filling an e-form with what the state already holds, before anyone types (R3, R25).

The schema names each field's source (``eforms.schema.PREFILL_SOURCES``); this module answers
them: the applicant's record in the population registry (one logged lookup, with its
purpose), a relative's record looked up by the ID number typed in the form (logged too), an
earlier result's data in the applicant's data store, the account's phone and e-mail. Each
value filled says where it came from (``Prefilled.sources``), and the fields the schema locks
keep the registry's value whatever is posted (``Prefilled.locked``, given to the validator).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from documents.store import applicant_store
from eforms.schema import Field, FieldType, Schema
from registry.connector import logged_lookup
from registry.models import Lookup
from registry.records import PersonRecord, RegistryError
from units.models import AdministrativeUnit, GovernmentUnit

REGISTRY = "registry"
ACCOUNT = "account"
STORE = "store"

SOURCE_LABELS = {
    REGISTRY: _("Lấy từ Cơ sở dữ liệu quốc gia về dân cư"),
    ACCOUNT: _("Theo thông tin tài khoản"),
    STORE: _("Lấy từ kho dữ liệu điện tử của người dân"),
}


def source_label(source: str) -> str:
    """What people are told about where a value came from (``store:<code>`` names the
    document it was taken from)."""
    kind, _sep, detail = source.partition(":")
    label = str(SOURCE_LABELS.get(kind, source))
    return f"{label} ({detail})" if detail else label


@dataclass
class Prefilled:
    data: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # data path -> source
    locked: dict[str, Any] = field(default_factory=dict)  # data path -> value the law gives
    lookups: list[int] = field(default_factory=list)  # registry.Lookup ids written
    registry_failed: bool = False

    def put(self, path: str, value: Any, source: str, *, locked: bool) -> None:
        if value in (None, "", [], {}):
            return
        node = self.data
        parts = path.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
        self.sources[path] = source
        # An address the registry gives without its commune cannot pass the form's check: it
        # is offered, not locked, so that the person can choose the commune.
        incomplete = isinstance(value, Mapping) and "street" in value and not value.get("commune")
        if locked and not incomplete:
            self.locked[path] = value

    def merge(self, other: Prefilled) -> None:
        for path, source in other.sources.items():
            value = _get(other.data, path)
            self.put(path, value, source, locked=path in other.locked)
        self.lookups += other.lookups


def _get(tree: Mapping[str, Any], path: str) -> Any:
    node: Any = tree
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def address_value(address: str, unit_code: int | None) -> dict[str, Any]:
    """A registry address as an e-form address: the commune by its code, the rest as street
    (the commune's and province's names at the end of the text are not repeated)."""
    value: dict[str, Any] = {"street": address}
    if unit_code is None:
        return value
    commune = (
        AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE, code=unit_code)
        .select_related("province")
        .first()
    )
    if commune is None or commune.province is None:
        return value
    street = address
    for name in (commune.province.name, commune.name):
        head, sep, tail = street.rpartition(",")
        if sep and tail.strip().casefold() in (name.casefold(), _short(name).casefold()):
            street = head
    return {
        "province": commune.province.code,
        "commune": commune.code,
        "street": street.strip(" ,"),
    }


def _short(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def person_values(record: PersonRecord) -> dict[str, Any]:
    """A registry record as the values of a person group (eforms.schema.PERSON_FIELDS), and
    its marital status for a group that asks for it (``marital_status``: each party of a
    marriage, looked up, never a paper)."""
    return {
        "full_name": record.full_name,
        "date_of_birth": record.date_of_birth.isoformat(),
        "sex": record.sex,
        "id_number": record.id_number,
        "residence": address_value(record.permanent_address, record.permanent_unit_code),
        "marital_status": record.marital_status,
    }


def _history_text(record: PersonRecord) -> str:
    lines = []
    for period in record.residence_history:
        until = period.to_date or str(_("nay"))
        where = period.address + (f" ({period.legacy_ward})" if period.legacy_ward else "")
        lines.append(f"{period.from_date} – {until}: {where}")
    return "\n".join(lines)


def _applicant_value(source: str, record: PersonRecord) -> Any:
    simple = {
        "applicant.full_name": record.full_name,
        "applicant.date_of_birth": record.date_of_birth.isoformat(),
        "applicant.sex": record.sex,
        "applicant.id_number": record.id_number,
        "applicant.marital_status": record.marital_status,
        "applicant.temporary_residence": (
            {"street": record.temporary_address} if record.temporary_address else None
        ),
        "applicant.residence_history": _history_text(record),
        "applicant.household_head": not any(r.relation == "head" for r in record.household),
    }
    if source == "applicant.permanent_residence":
        return address_value(record.permanent_address, record.permanent_unit_code)
    return simple.get(source)


def _fill_group(
    out: Prefilled, f: Field, path: str, values: Mapping[str, Any], source: str
) -> None:
    for child in f.fields:
        if child.key in values and child.type != FieldType.FILE:
            out.put(f"{path}.{child.key}", values[child.key], source, locked=f.locked)


def _lookup(
    id_number: str, *, actor: User, purpose: str, unit: GovernmentUnit | None
) -> tuple[PersonRecord | None, Lookup | None, bool]:
    try:
        record, entry = logged_lookup(id_number, purpose=purpose[:300], actor=actor, unit=unit)
    except RegistryError:
        return None, None, True
    return record, entry, False


def _top_level(schema: Schema) -> Iterable[tuple[Field, str]]:
    """Fields outside repeating groups, with their data paths."""

    def down(fields: Iterable[Field], prefix: str) -> Iterable[tuple[Field, str]]:
        for f in fields:
            yield f, f"{prefix}{f.key}"
            if f.type in (FieldType.GROUP, FieldType.PERSON) and not f.prefill:
                yield from down(f.fields, f"{prefix}{f.key}.")

    return down(schema.fields, "")


def prefill(
    schema: Schema,
    *,
    user: User,
    applicant_id_number: str,
    purpose: str,
    today: date,
    unit: GovernmentUnit | None = None,
    record: PersonRecord | None = None,
    account: User | Literal["asker"] | None = "asker",
    ask_registry: bool = True,
) -> Prefilled:
    """What the state holds for the applicant, placed in the form. ``user`` is who asks
    (logged); ``record``: a registry answer the caller already has (the card read at the
    counter), so the registry is not asked twice; ``ask_registry=False``: the caller asked
    already and had no record (not found, or the registry did not answer); ``account``: whose
    account gives ``account.phone`` and ``account.email`` — the one asking by default, at the
    counter the applicant's own account (None when they have none: the officer's are never
    used)."""
    holder = user if isinstance(account, str) else account
    out = Prefilled()
    wanted = [(f, path) for f, path in _top_level(schema) if f.prefill]
    if not wanted:
        return out
    needs_registry = any(f.prefill.startswith("applicant.") for f, _path in wanted)
    if needs_registry and record is None and applicant_id_number and ask_registry:
        record, entry, failed = _lookup(applicant_id_number, actor=user, purpose=purpose, unit=unit)
        out.registry_failed = failed
        if entry is not None:
            out.lookups.append(entry.pk)
    store = (
        applicant_store(applicant_id_number, today)
        if any(f.prefill.startswith("store:") for f, _path in wanted)
        else {}
    )
    for f, path in wanted:
        if f.prefill == "applicant.person" and record is not None:
            _fill_group(out, f, path, person_values(record), REGISTRY)
        elif f.prefill.startswith("applicant.") and record is not None:
            out.put(path, _applicant_value(f.prefill, record), REGISTRY, locked=f.locked)
        elif f.prefill == "account.phone" and holder is not None:
            out.put(path, holder.phone, ACCOUNT, locked=False)
        elif f.prefill == "account.email" and holder is not None:
            out.put(path, holder.email, ACCOUNT, locked=False)
        elif f.prefill.startswith("store:"):
            kind, _dot, key = f.prefill[len("store:") :].partition(".")
            entry_doc = store.get(kind)
            if entry_doc is not None:
                value = _get(entry_doc.data or {}, key)
                source = f"{STORE}:{entry_doc.document.code}"
                if f.type in (FieldType.GROUP, FieldType.PERSON) and isinstance(value, Mapping):
                    _fill_group(out, f, path, value, source)
                else:
                    out.put(path, value, source, locked=f.locked)
    return out


def relatives(schema: Schema) -> list[tuple[Field, str]]:
    """The person groups filled by looking up the ID number typed in them."""
    return [(f, path) for f, path in _top_level(schema) if f.prefill == "relative"]


def lookup_relatives(
    schema: Schema,
    data: Mapping[str, Any],
    *,
    user: User,
    purpose: str,
    unit: GovernmentUnit | None = None,
    already: Mapping[str, str] | None = None,
) -> Prefilled:
    """For each relative group whose ID number is typed, that person's registry record (one
    logged lookup each, with the purpose). A group ``already`` says the registry filled
    (``<path>.full_name`` from it) is not asked again: the faces keep which number each group
    was asked for, and drop what an earlier number gave when it changes."""
    out = Prefilled()
    for f, path in relatives(schema):
        number = _get(data, f"{path}.id_number")
        if not isinstance(number, str) or len(number) != 12 or not number.isdigit():
            continue
        if (already or {}).get(f"{path}.full_name") == REGISTRY:
            continue
        record, entry, failed = _lookup(
            number, actor=user, purpose=f"{purpose} — {f.label}", unit=unit
        )
        out.registry_failed |= failed
        if entry is not None:
            out.lookups.append(entry.pk)
        if record is not None:
            _fill_group(out, f, path, person_values(record), REGISTRY)
    return out
