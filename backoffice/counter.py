"""The declaration filled at the counter, between its posts: what the registry gave (locked
values and their sources) after the card was read and relatives were looked up, carried as a
signed token so that the registry is asked once per person and the values it gave cannot be
changed in the browser."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core import signing

from accounts.models import User
from dossiers.prefill import REGISTRY, Prefilled, lookup_relatives, prefill, relatives
from eforms.schema import Schema
from registry.records import PersonRecord
from units.models import GovernmentUnit

SALT = "backoffice.counter.declaration"
VALID_FOR = timedelta(hours=2)


@dataclass
class CounterDeclaration:
    """``locked``: data path -> the value the registry gave (kept whatever is posted);
    ``sources``: data path -> where a value came from; ``asked``: relative group path -> the
    ID number looked up for it (found or not), so it is not asked again; ``lookups``: the
    registry's log entries of those lookups, linked to the dossier once it is lodged."""

    officer: int
    id_number: str
    locked: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    asked: dict[str, str] = field(default_factory=dict)
    lookups: list[int] = field(default_factory=list)

    @property
    def token(self) -> str:
        return signing.dumps(asdict(self), salt=SALT, compress=True)

    @classmethod
    def load(cls, token: str, *, officer: User, id_number: str) -> CounterDeclaration:
        """The state the token carries if it is this officer's, for this applicant and
        recent; else an empty one (nothing then counts as given by the registry)."""
        empty = cls(officer=officer.pk, id_number=id_number)
        try:
            data = signing.loads(token, salt=SALT, max_age=VALID_FOR)
            state = cls(**data)
        except (signing.BadSignature, TypeError, ValueError):
            return empty
        if state.officer != officer.pk or state.id_number != id_number:
            return empty
        return state

    def take(self, found: Prefilled) -> None:
        for path, source in found.sources.items():
            self.sources[path] = source
        self.locked.update(found.locked)
        self.lookups += found.lookups

    def filled(self, group: str) -> bool:
        """Whether the registry gave values under ``group``."""
        return any(p.startswith(f"{group}.") for p in self.sources)

    def forget(self, group: str) -> None:
        """Drop what the registry gave under ``group`` (its ID number was changed)."""
        for mapping in (self.locked, self.sources):
            for path in [p for p in mapping if p == group or p.startswith(f"{group}.")]:
                del mapping[path]


def from_card(
    schema: Schema,
    *,
    officer: User,
    desk: GovernmentUnit,
    id_number: str,
    record: PersonRecord | None,
    purpose: str,
    today: date,
) -> tuple[CounterDeclaration, Prefilled]:
    """The declaration prefilled from the record the card's lookup returned (the registry is
    not asked again), the data store and the applicant's own account (never the officer's)."""
    account = User.objects.filter(personal_id=id_number, is_active=True).first()
    found = prefill(
        schema,
        user=officer,
        # No record: the registry, just asked, knows no one with this number; the data
        # store is then not searched either (the one way prefill would not ask again).
        applicant_id_number=id_number if record is not None else "",
        purpose=purpose,
        today=today,
        unit=desk,
        record=record,
        account=account,
    )
    state = CounterDeclaration(officer=officer.pk, id_number=id_number)
    state.take(found)
    return state, found


def _number(data: Mapping[str, Any], group: str) -> str:
    node: Any = data
    for part in f"{group}.id_number".split("."):
        node = node.get(part) if isinstance(node, Mapping) else None
    return node.strip() if isinstance(node, str) else ""


def pending_relatives(schema: Schema, data: Mapping[str, Any], state: CounterDeclaration) -> bool:
    """Whether a relative's ID number is typed that has not been looked up."""
    return any(
        len(number := _number(data, path)) == 12 and state.asked.get(path) != number
        for _f, path in relatives(schema)
    )


def ask_relatives(
    schema: Schema,
    data: Mapping[str, Any],
    state: CounterDeclaration,
    *,
    officer: User,
    desk: GovernmentUnit,
    purpose: str,
    again: bool = False,
) -> Prefilled:
    """Look up each relative whose ID number was typed or changed (one logged lookup each,
    with the desk's unit and the purpose); what an earlier number gave is dropped. ``again``:
    also those the registry gave nothing for (it did not answer, or knew no one)."""
    pending: list[str] = []
    for _f, path in relatives(schema):
        number = _number(data, path)
        if state.asked.get(path) not in (None, number):
            state.forget(path)
            del state.asked[path]
        unanswered = again and not state.filled(path)
        if len(number) == 12 and (state.asked.get(path) != number or unanswered):
            pending.append(path)
    # Those already asked are skipped by lookup_relatives as filled from the registry.
    done = {f"{path}.full_name": REGISTRY for _f, path in relatives(schema) if path not in pending}
    found = lookup_relatives(schema, data, user=officer, purpose=purpose, unit=desk, already=done)
    for path in pending:
        state.asked[path] = _number(data, path)
    state.take(found)
    return found
