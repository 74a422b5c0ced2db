"""A dossier's declaration (tờ khai điện tử): checked against its procedure version's schema
by every face through ``submit_dossier`` (and ``correct_declaration``), so that a declaration
the schema refuses is never stored, whichever way it came in."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from catalog.models import ProcedureVersion
from dossiers.errors import DeclarationInvalid, DossierError
from eforms.schema import Schema
from eforms.validate import validate

# The component a declaration stands for is satisfied by the e-form itself.
FROM_EFORM = "eform"


def schema_digest(raw: Mapping[str, Any]) -> str:
    """The SHA-256 of a schema's canonical JSON: which schema a declaration was filled under."""
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest() if raw else ""


def checked_declaration(
    version: ProcedureVersion,
    data: Mapping[str, Any] | None,
    *,
    today: date,
    locked: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The declaration as kept, or DeclarationInvalid naming every field at fault."""
    schema = version.declaration
    if schema is None:
        if data:
            raise DossierError("declaration.unexpected")
        return {}
    if data is None:
        raise DossierError("declaration.missing")
    checked = validate(schema, data, today=today, locked=locked)
    if not checked.ok:
        raise DeclarationInvalid(checked.errors)
    return checked.data


def satisfied_components(schema: Schema | None) -> set[int]:
    """Positions of the components the e-form itself is (the declaration form)."""
    return set(schema.satisfies) if schema is not None else set()
