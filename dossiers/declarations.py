"""A dossier's declaration (tờ khai điện tử): checked against its procedure version's schema
by every face through ``submit_dossier`` (and ``correct_declaration``), so that a declaration
the schema refuses is never stored, whichever way it came in."""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from catalog.models import ProcedureVersion
from documents.models import IssuedDocument, new_document_code
from dossiers.errors import DeclarationInvalid, DossierError
from dossiers.prefill import source_label
from eforms.display import Row, declaration_rows, value_text
from eforms.schema import Field, FieldType, Schema
from eforms.validate import field_name, validate
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
    correction: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Plain data for the declaration's template (the form's own order and labels).
    ``correction`` (reason, by, replaces: the code of the declaration it replaces) is given for
    a declaration issued again after an obvious error was corrected."""
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
        "correction": dict(correction) if correction else None,
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
    correction: Mapping[str, str] | None = None,
) -> IssuedDocument:
    """The declaration rendered as its official form and sealed by the receiving unit: slow
    (render, sign), so done before the dossier's transaction; the returned document is stored
    but its row is not written (``record_for_dossier`` does, in that transaction). A corrected
    declaration is issued again with its ``correction`` (see ``declaration_context``)."""
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
        correction=correction,
    )
    rendered = render_template(key if has_template(key) else "declarations/default", context)
    seal = signing.Holder.unit(unit.code, unit.name)
    what = "Đính chính tờ khai điện tử" if correction else "Tiếp nhận tờ khai điện tử"
    reason = f"{what}: {version.name}"[:200]
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


# Reading and changing a declaration value by value (corrections, and the faces that show
# them). A data path names a value from the root, items of a repeating group by their index
# (``siblings.0.full_name``); its schema path has ``*`` there (``siblings.*.full_name``).


def schema_path(data_path: str) -> str:
    return ".".join("*" if part.isdigit() else part for part in data_path.split("."))


def leaf_field(schema: Schema, data_path: str) -> Field | None:
    """The field holding one value at ``data_path`` (not a group, nor a file), or None."""
    found = schema.field(schema_path(data_path))
    if found is None or found.is_group or found.type == FieldType.FILE:
        return None
    return found


def locked_by_law(schema: Schema, data_path: str) -> bool:
    """Whether the schema locks the value at ``data_path``, itself or by its group: the law
    takes it from the state's data (``Field.locked``)."""
    parts = schema_path(data_path).split(".")
    for cut in range(len(parts), 0, -1):
        found = schema.field(".".join(parts[:cut]))
        if found is not None and found.locked:
            return True
    return False


def flatten(schema: Schema, data: Mapping[str, Any]) -> dict[str, Any]:
    """Every value declared, by data path, in the schema's order (an address, a
    multi-choice: one value each)."""
    out: dict[str, Any] = {}

    def down(fields: tuple[Field, ...], node: Any, prefix: str) -> None:
        if not isinstance(node, Mapping):
            return
        for f in fields:
            if f.key not in node or f.type == FieldType.FILE:
                continue
            path, value = f"{prefix}{f.key}", node[f.key]
            if f.type == FieldType.REPEAT:
                for index, item in enumerate(value if isinstance(value, list) else []):
                    down(f.fields, item, f"{path}.{index}.")
            elif f.is_group:
                down(f.fields, value, f"{path}.")
            else:
                out[path] = value

    down(schema.fields, data, "")
    return out


def with_changes(data: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` with each path set to its new value (None or "" clears it); a new
    item of a repeating group is added at the index just past its last."""
    result: dict[str, Any] = copy.deepcopy(dict(data))
    for path, value in changes.items():
        node: Any = result
        parts = path.split(".")
        for part, following in itertools.pairwise(parts):
            child: Any = {} if not following.isdigit() else []
            if isinstance(node, list):
                index = int(part)
                if index == len(node):
                    node.append(child)
                elif index > len(node):
                    raise DossierError("declaration.unknown_field", field=path)
                node = node[index]
            else:
                node = node.setdefault(part, child)
            if not isinstance(node, dict | list):
                raise DossierError("declaration.unknown_field", field=path)
        last = parts[-1]
        if isinstance(node, list):
            raise DossierError("declaration.unknown_field", field=path)
        if value is None or value == "":
            node.pop(last, None)
        else:
            node[last] = value
    return result


def field_label(schema: Schema, data_path: str) -> str:
    """A value's field named for people, with its groups and item number ("Ngày, tháng, năm
    sinh của mẹ"; "Họ và tên của anh chị em ruột (mục 2)"), in the active language."""
    found = leaf_field(schema, data_path) or schema.field(schema_path(data_path))
    if found is None:
        return data_path
    items = [int(part) + 1 for part in data_path.split(".") if part.isdigit()]
    text = capfirst(field_name(found, schema))
    if items:
        text += " " + _("(mục %(number)s)") % {"number": ".".join(str(i) for i in items)}
    return str(text)


def value_words(schema: Schema, data_path: str, value: Any) -> str:
    """A value as people read it (codes as their labels, dates dd/mm/yyyy), or "—"."""
    found = leaf_field(schema, data_path)
    if value is None or found is None:
        return "—" if value is None else str(value)
    try:
        return value_text(found, value) or "—"
    except (TypeError, ValueError):  # a value kept under an older reading of the field
        return str(value)


def correction_lines(version: ProcedureVersion, parameters: Mapping[str, Any]) -> list[str]:
    """What a DECLARATION_CORRECTED event changed, a line per value ("Họ, chữ đệm, tên của
    người được khai sinh: Nguyễn Văn A → Nguyễn Văn An"), in the active language."""
    schema = version.declaration
    lines = []
    for change in parameters.get("changes") or []:
        path = str(change.get("path", ""))
        if schema is None:
            label = change.get("label", path)
            lines.append(f"{label}: {change.get('before')} → {change.get('after')}")
            continue
        before = value_words(schema, path, change.get("before"))
        after = value_words(schema, path, change.get("after"))
        lines.append(f"{field_label(schema, path)}: {before} → {after}")
    return lines
