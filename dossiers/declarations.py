"""A dossier's declaration (tờ khai điện tử): checked against its procedure version's schema
by every face through ``submit_dossier`` (and ``correct_declaration``), so that a declaration
the schema refuses is never stored, whichever way it came in."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.utils import translation

from catalog.models import ProcedureVersion
from documents.models import IssuedDocument, new_document_code
from dossiers.errors import DeclarationInvalid, DossierError
from dossiers.prefill import source_label
from eforms.display import Row, declaration_rows
from eforms.schema import Schema
from eforms.validate import validate
from units.models import GovernmentUnit
from workdays.calendar import to_local

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


def data_digest(data: Mapping[str, Any]) -> str:
    """The SHA-256 of a declaration's canonical JSON (printed on its PDF and the receipt)."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _plain(row: Row, sources: Mapping[str, str]) -> dict[str, Any]:
    source = row.prefill or sources.get(row.path, "")
    return {
        "label": row.label,
        "value": row.value,
        "source": source_label(source) if source else "",
        "rows": [_plain(r, sources) for r in row.rows],
        "items": [[_plain(r, sources) for r in item] for item in row.items],
    }


def declaration_context(
    version: ProcedureVersion,
    data: Mapping[str, Any],
    sources: Mapping[str, str],
    *,
    applicant_name: str,
    applicant_id_number: str,
    online: bool,
    unit: GovernmentUnit,
    code: str,
    at: datetime,
) -> dict[str, Any]:
    """Plain data for the declaration's template (the form's own order and labels)."""
    from documents.issue import document_frame

    schema = version.declaration
    assert schema is not None  # noqa: S101 - only a version with an e-form has a declaration
    with translation.override("vi"):
        sections = [
            {"title": s.title, "rows": [_plain(r, sources) for r in s.rows]}
            for s in declaration_rows(schema, data)
        ]
        how = (
            "Khai trực tuyến, đăng nhập bằng tài khoản định danh"
            if online
            else "Khai tại bộ phận một cửa, có công chức tiếp nhận"
        )
    return {
        "form": {"title": schema.title.vi, "name": schema.form},
        "procedure": {"code": version.procedure.code, "name": version.name},
        "applicant": {"name": applicant_name, "id_number": applicant_id_number, "how": how},
        "unit": {"code": unit.code, "name": unit.name},
        "sections": sections,
        "data_sha256": data_digest(data),
        **document_frame(code, to_local(at)),
    }


def prepare_declaration(
    version: ProcedureVersion,
    data: Mapping[str, Any],
    sources: Mapping[str, str],
    *,
    applicant_name: str,
    applicant_id_number: str,
    online: bool,
    unit: GovernmentUnit,
    at: datetime,
) -> IssuedDocument:
    """The declaration rendered as its official form and sealed by the receiving unit: slow
    (render, sign), so done before the dossier's transaction; the returned document is stored
    but its row is not written (``record_for_dossier`` does, in that transaction)."""
    from documents import signing
    from documents.issue import (
        has_template,
        html_to_pdf,
        render_template,
        signer_entry,
        store_document,
    )

    code = new_document_code()
    key = f"declarations/{version.procedure.code}"
    context = declaration_context(
        version,
        data,
        sources,
        applicant_name=applicant_name,
        applicant_id_number=applicant_id_number,
        online=online,
        unit=unit,
        code=code,
        at=at,
    )
    rendered = render_template(key if has_template(key) else "declarations/default", context)
    seal = signing.Holder.unit(unit.code, unit.name)
    reason = f"Tiếp nhận tờ khai điện tử: {version.name}"[:200]
    pdf = signing.seal_pdf(html_to_pdf(rendered.html), unit.code, unit.name, reason)
    return store_document(
        IssuedDocument(
            code=code,
            kind=IssuedDocument.Kind.DECLARATION,
            title=(version.declaration.title.vi if version.declaration else version.name)[:500],
            issuer=unit,
            issued_at=at,
            signers=[signer_entry(seal)],
            template=rendered.template,
        ),
        pdf,
        f"to-khai-{version.procedure.code}.pdf",
    )
