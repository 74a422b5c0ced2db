"""Issuing electronic documents: render (from a versioned template), sign, store once.

- ``issue_slip``: a slip's PDF, signed by the issuing unit; made on first request and kept, so
  every download is the same file with the same code and SHA-256.
- ``issue_result``: the result of a dossier, signed by the leader and then by the unit's seal,
  stored as an electronic result and put in the applicant's data store.
- ``certify_copy``: a paper document scanned at the counter, signed by the receiving unit as a
  certified electronic copy and put in the applicant's data store.

Every PDF carries a QR to its public verification page (``verify_url``).
"""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template import engines
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from documents import signing
from documents.models import DocumentTemplate, IssuedDocument, StoredDocument, new_document_code
from dossiers.models import Dossier, DossierComponent, Slip
from units.models import GovernmentUnit
from workdays.calendar import to_local


def verify_url(code: str) -> str:
    """The public page of an issued document, printed as a QR on it."""
    path = reverse("documents:public", args=[code])
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + path


@dataclass(frozen=True)
class Rendered:
    html: str
    template: str


class TemplateFailed(ValueError):
    pass


def render_template(key: str, context: dict[str, Any]) -> Rendered:
    """Render the newest version of template ``key`` (admin-edited), else the shipped file.

    ``context`` holds plain data (dicts, strings, dates), never model instances."""
    row = DocumentTemplate.objects.filter(key=key).order_by("-version").first()
    with translation.override("vi"):
        if row is None:
            return Rendered(render_to_string(f"documents/{key}.html", context), f"{key} v0")
        try:
            html = engines["django"].from_string(row.body).render(context)
        except Exception as exc:
            raise TemplateFailed(
                f"Mẫu văn bản {key} phiên bản {row.version} lỗi: {exc}. "
                "Quản trị viên cần sửa mẫu (thêm phiên bản mới)."
            ) from exc
        return Rendered(html, f"{key} v{row.version}")


def has_template(key: str) -> bool:
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    if DocumentTemplate.objects.filter(key=key).exists():
        return True
    try:
        get_template(f"documents/{key}.html")
    except TemplateDoesNotExist:
        return False
    return True


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported on use: about 0.7 s, only where PDFs are made

    return bytes(HTML(string=html).write_pdf())


def _save(document: IssuedDocument, content: bytes, name: str) -> IssuedDocument:
    document.sha256 = hashlib.sha256(content).hexdigest()
    document.size = len(content)
    document.level = signing.level()
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def _signer_entry(holder: signing.Holder) -> dict[str, str]:
    return {"kind": holder.kind, "name": holder.name, "unit": holder.unit_name}


# Slips ------------------------------------------------------------------------------------


def issue_slip(slip: Slip) -> IssuedDocument:
    """The slip's signed PDF, made and stored on first request."""
    existing = IssuedDocument.objects.filter(slip=slip).first()
    if existing is not None:
        return existing
    from documents.slips import slip_context

    code = new_document_code()
    key = f"slips/{slip.kind}"
    rendered = render_template(key, slip_context(slip, code))
    seal = signing.Holder.unit(slip.unit.code, slip.unit.name)
    signed = signing.sign_pdf(
        html_to_pdf(rendered.html),
        seal,
        field_name="ChuKyDonVi",
        reason=str(Slip.Kind(slip.kind).label),
        location=settings.MOTCUA_PLACE_NAME,
        box=signing.SEAL_BOX,
    )
    document = IssuedDocument(
        code=code,
        kind=IssuedDocument.Kind.SLIP,
        title=str(Slip.Kind(slip.kind).label),
        dossier=slip.dossier,
        slip=slip,
        issuer=slip.unit,
        issued_at=slip.issued_at,
        signers=[_signer_entry(seal)],
        template=rendered.template,
    )
    try:
        with transaction.atomic():
            return _save(document, signed, f"{slip.kind}-{slip.dossier.code}.pdf")
    except IntegrityError:  # another request issued it first: theirs is the slip
        return IssuedDocument.objects.get(slip=slip)


# Results ----------------------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def store_for_applicant(
    dossier: Dossier,
    document: IssuedDocument,
    *,
    document_type: str,
    valid_months: int | None,
    valid_until: date | None = None,
) -> StoredDocument:
    issued = to_local(document.issued_at).date()
    if valid_until is None and valid_months:
        valid_until = _add_months(issued, valid_months)
    return StoredDocument.objects.create(
        owner_id_number=dossier.applicant_id_number,
        document_type=document_type,
        title=document.title,
        document=document,
        added_at=document.issued_at,
        valid_until=valid_until,
    )


def _expires(document_type: str) -> bool:
    """Whether documents of this type have a limited validity (the result that issues them)."""
    from catalog.models import ProcedureVersion

    return bool(document_type) and (
        ProcedureVersion.objects.filter(
            result_code=document_type, result_valid_months__isnull=False
        ).exists()
    )


def _result_context(
    dossier: Dossier, code: str, leader: User, unit: GovernmentUnit, at: datetime
) -> dict[str, Any]:
    """Plain data only: a template (editable by administrators) never reaches a model."""
    from documents.slips import qr_svg

    version = dossier.procedure_version
    return {
        "dossier": {
            "code": dossier.code,
            "applicant_name": dossier.applicant_name,
            "applicant_id_number": dossier.applicant_id_number,
            "applicant_address": dossier.applicant_address,
            "result_summary": dossier.result_summary,
        },
        "version": {
            "name": version.name,
            "procedure_code": version.procedure.code,
            "result_name": version.result_name,
            "legal_basis": list(version.legal_basis),
        },
        "code": code,
        "unit": {"code": unit.code, "name": unit.name},
        "leader": leader.get_full_name() or leader.get_username(),
        "issued": to_local(at),
        "place": settings.MOTCUA_PLACE_NAME,
        "verify": verify_url(code),
        "verify_qr": qr_svg(verify_url(code)),
    }


def issue_result(
    dossier: Dossier,
    *,
    leader: User,
    unit: GovernmentUnit,
    at: datetime,
    upload: bytes | None = None,
) -> IssuedDocument:
    """Sign the result (uploaded, or rendered from the procedure's template) by the leader,
    then by the unit's seal; store it and put it in the applicant's data store.

    Runs inside the deciding action's transaction: if signing fails, nothing is decided.
    """
    version = dossier.procedure_version
    code = new_document_code()
    template = "upload"
    if upload is None:
        key = f"results/{version.procedure.code}"
        rendered = render_template(
            key if has_template(key) else "results/default",
            _result_context(dossier, code, leader, unit, at),
        )
        pdf, template = html_to_pdf(rendered.html), rendered.template
    else:
        pdf = upload
    person = signing.Holder.person(
        leader.get_username(), leader.get_full_name() or leader.get_username(), unit.name
    )
    seal = signing.Holder.unit(unit.code, unit.name)
    place = settings.MOTCUA_PLACE_NAME
    reason = f"Kết quả giải quyết hồ sơ {dossier.code}"
    pdf = signing.sign_pdf(
        pdf, person, field_name="ChuKyLanhDao", reason=reason, location=place,
        box=signing.PERSON_BOX,
    )  # fmt: skip
    pdf = signing.sign_pdf(
        pdf, seal, field_name="ChuKyDonVi", reason=reason, location=place, box=signing.SEAL_BOX
    )
    document = _save(
        IssuedDocument(
            code=code,
            kind=IssuedDocument.Kind.RESULT,
            title=version.result_name,
            dossier=dossier,
            issuer=unit,
            issued_at=at,
            signers=[_signer_entry(person), _signer_entry(seal)],
            template=template,
        ),
        pdf,
        f"ket-qua-{dossier.code}.pdf",
    )
    store_for_applicant(
        dossier,
        document,
        document_type=version.result_code,
        valid_months=version.result_valid_months,
    )
    return document


# Certified copies -------------------------------------------------------------------------


def certify_copy(
    item: DossierComponent, pdf: bytes, *, unit: GovernmentUnit, at: datetime
) -> IssuedDocument:
    """A paper component digitized at the counter, signed by the receiving unit."""
    dossier = item.dossier
    seal = signing.Holder.unit(unit.code, unit.name)
    signed = signing.sign_pdf(
        pdf,
        seal,
        field_name="ChuKyDonVi",
        reason=f"Chứng thực bản điện tử từ bản giấy — hồ sơ {dossier.code}",
        location=settings.MOTCUA_PLACE_NAME,
        box=signing.SEAL_BOX,
    )
    document = _save(
        IssuedDocument(
            code=new_document_code(),
            kind=IssuedDocument.Kind.CERTIFIED_COPY,
            title=item.component.name,
            dossier=dossier,
            component=item,
            issuer=unit,
            issued_at=at,
            signers=[_signer_entry(seal)],
        ),
        signed,
        f"ban-sao-{dossier.code}-{item.component.position}.pdf",
    )
    # A scan of a paper whose validity is limited does not say when the paper was issued:
    # it is kept (and shown) but reused for this day only.
    kind = item.component.document_type
    store_for_applicant(
        dossier,
        document,
        document_type=kind,
        valid_months=None,
        valid_until=to_local(at).date() if _expires(kind) else None,
    )
    return document


def certify_paper_result(
    dossier: Dossier, scan: bytes, *, unit: GovernmentUnit, at: datetime
) -> IssuedDocument:
    """The scan of a result the law requires on paper, signed by the unit that returns it."""
    version = dossier.procedure_version
    seal = signing.Holder.unit(unit.code, unit.name)
    signed = signing.sign_pdf(
        scan,
        seal,
        field_name="ChuKyDonVi",
        reason=f"Bản điện tử của kết quả bản giấy — hồ sơ {dossier.code}",
        location=settings.MOTCUA_PLACE_NAME,
        box=signing.SEAL_BOX,
    )
    document = _save(
        IssuedDocument(
            code=new_document_code(),
            kind=IssuedDocument.Kind.CERTIFIED_COPY,
            title=f"Bản quét kết quả bản giấy: {version.result_name}"[:500],
            dossier=dossier,
            issuer=unit,
            issued_at=at,
            signers=[_signer_entry(seal)],
        ),
        signed,
        f"ban-giay-{dossier.code}.pdf",
    )
    store_for_applicant(
        dossier,
        document,
        document_type=version.result_code,
        valid_months=version.result_valid_months,
    )
    return document
