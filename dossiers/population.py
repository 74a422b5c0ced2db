"""What a decided dossier changes beyond itself, as the catalog says (``catalog/links.py``):

- the population registry's data (a birth, a death, a marriage, a residence): the update is
  built from the declaration and the result data before the deciding transaction, and queued
  in it (``registry.updates.queue_update``: an outbox row, sent after commit and retried);
- the data stores of the people the result is about: each gets the result with its data (the
  declaration and what the officer filled in), so their next declaration is filled from it;
  a new-born gets theirs once the registry has given them an ID number (``update_applied``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from typing import Any, get_type_hints

from django.db import IntegrityError, transaction

from accounts.models import User
from core import clock
from documents.models import IssuedDocument, StoredDocument
from dossiers.errors import DossierError
from dossiers.models import Dossier
from registry.models import RegistryUpdate
from registry.records import UPDATE_TYPES, PopulationUpdate, RegistryRefused, update_from_json
from registry.updates import queue_update
from workdays.calendar import add_months, to_local

logger = logging.getLogger(__name__)

NEWBORN = "registry.assigned"


def _dig(tree: Any, path: str) -> Any:
    node = tree
    for part in path.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, Mapping) and part in node:
            node = node[part]
        else:
            return None
    return node


def value_of(dossier: Dossier, source: str, *, register_number: str, decided: date) -> Any:
    """The value a catalog source names (catalog/links.py) for this dossier."""
    if source.startswith("="):
        return source[1:]
    if source == "applicant.id_number":
        return dossier.applicant_id_number
    if source == "body.code":
        return dossier.competent_unit.code
    if source == "register.number":
        return register_number
    if source == "decided.date":
        return decided.isoformat()
    form, _dot, path = source.partition(".")
    if form == "declaration":
        return _dig(dossier.declaration, path)
    if form == "result":
        return _dig(dossier.result_data, path)
    return None


def build_update(
    dossier: Dossier, *, register_number: str, decided: date
) -> PopulationUpdate | None:
    """The registry update the dossier's result makes, or None when its procedure makes none.
    A declaration that cannot make one (a field left empty) refuses the decision, with the
    registry's reason: a decided change must never silently miss the registry."""
    link = dossier.procedure_version.population_update
    if not link:
        return None
    values = {
        name: value_of(dossier, str(source), register_number=register_number, decided=decided)
        for name, source in link["fields"].items()
    }
    values = {name: value for name, value in values.items() if value not in (None, "")}
    # A date-time declared (the time of death) where the registry keeps a day.
    dates = _date_fields(link["kind"])
    values = {
        name: value[:10] if name in dates and isinstance(value, str) else value
        for name, value in values.items()
    }
    if link["kind"] == "birth":
        values.setdefault("registered_on", decided.isoformat())
    try:
        return update_from_json(link["kind"], values)
    except RegistryRefused as refused:
        raise DossierError("result.population_update", detail=str(refused)) from None


def _date_fields(kind: str) -> set[str]:
    cls = UPDATE_TYPES.get(kind)
    if cls is None:
        return set()
    hints = get_type_hints(cls)
    return {name for name, hint in hints.items() if date in getattr(hint, "__args__", (hint,))}


def queue(
    dossier: Dossier, update: PopulationUpdate | None, *, actor: User | None, document_code: str
) -> None:
    """In the deciding transaction: the update goes to the registry's outbox."""
    if update is None:
        return
    queue_update(
        update,
        reference=f"{dossier.code}/{document_code}"[:100],
        actor=actor,
        dossier_id=dossier.pk,
        unit=dossier.competent_unit,
    )


def store_data(dossier: Dossier) -> dict[str, Any]:
    """What a result's entry in a data store keeps as data."""
    return {"declaration": dossier.declaration, "result": dossier.result_data}


def holders(dossier: Dossier) -> list[str]:
    """The ID numbers of the people the result is about that are known now (the applicant
    when the catalog names nobody; a new-born's comes later from the registry)."""
    sources = dossier.procedure_version.result_holders or ["applicant.id_number"]
    found: list[str] = []
    for source in sources:
        if source == NEWBORN:
            continue
        value = value_of(dossier, str(source), register_number="", decided=clock.today())
        if isinstance(value, str) and len(value) == 12 and value.isdigit() and value not in found:
            found.append(value)
    return found


def store_result(
    dossier: Dossier,
    document: IssuedDocument,
    *,
    document_type: str,
    valid_months: int | None,
    valid_until: date | None = None,
) -> list[StoredDocument]:
    """The result in the data store of each person it is about, with its data."""
    issued = to_local(document.issued_at).date()
    if valid_until is None and valid_months:
        valid_until = add_months(issued, valid_months)
    return [
        StoredDocument.objects.create(
            owner_id_number=number,
            document_type=document_type,
            title=document.title,
            document=document,
            added_at=document.issued_at,
            valid_until=valid_until,
            data=store_data(dossier),
        )
        for number in holders(dossier)
    ]


def store_for_newborn(update: RegistryUpdate) -> StoredDocument | None:
    """Once the registry has given a new-born their ID number, their birth certificate goes to
    their own data store (once: the entry is unique per owner and document)."""
    if update.kind != "birth" or not update.assigned_id_number or update.dossier_id is None:
        return None
    dossier = (
        Dossier.objects.filter(pk=update.dossier_id).select_related("procedure_version").first()
    )
    if dossier is None or NEWBORN not in (dossier.procedure_version.result_holders or []):
        return None
    document = (
        IssuedDocument.objects.filter(
            dossier_link__dossier=dossier, kind=IssuedDocument.Kind.RESULT
        )
        .order_by("-issued_at")
        .first()
    )
    if document is None:
        return None
    version = dossier.procedure_version
    valid_until = (
        add_months(to_local(document.issued_at).date(), version.result_valid_months)
        if version.result_valid_months
        else None
    )
    try:
        with transaction.atomic():
            return StoredDocument.objects.create(
                owner_id_number=update.assigned_id_number,
                document_type=version.result_code,
                title=document.title,
                document=document,
                added_at=document.issued_at,
                valid_until=valid_until,
                data=store_data(dossier),
            )
    except IntegrityError:  # already there: the signal came twice
        return None


def on_update_applied(sender: object, *, update: RegistryUpdate, **kwargs: object) -> None:
    store_for_newborn(update)
