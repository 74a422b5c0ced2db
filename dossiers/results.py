"""A dossier's results and certified copies as issued documents (moved here from
``documents.issue``, which renders, signs and stores them and knows nothing of dossiers).

- ``prepare_result``: the result of a dossier, issued in the name of its deciding body,
  numbered in the body's register, signed by the leader in their position and then by the
  body's seal, stored as an electronic result and put in the applicant's data store.
- ``prepare_certified_copy``: a paper document scanned at the counter, signed by the receiving
  unit as a certified electronic copy and put in the applicant's data store.
- ``prepare_paper_result``: the scan of a result the law requires on paper.

A rendered result's template is ``result_template``'s choice; a certification (the result form
``certifies`` a component: the copy to certify, the paper signed) is that component's file
followed by the certification page, signed as one file (``certified_document``).

Each does the slow part — render, sign, store the file — before the deciding action locks the
dossier, from the dossier as it read it, and returns a ``Prepared`` document; the action
records it (``Prepared.record``) in its short locked transaction, or discards the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils import translation

from accounts.models import User
from accounts.roles import Position, position
from catalog.models import Component, ProcedureVersion
from documents import signing
from documents.issue import (
    bind_pdfs,
    document_frame,
    has_template,
    html_to_pdf,
    page_count,
    render_template,
    signer_entry,
    store_document,
)
from documents.models import IssuedDocument, StoredDocument, new_document_code
from dossiers import population
from dossiers.errors import DossierError
from dossiers.issued import record_for_dossier
from dossiers.models import Dossier, DossierComponent, RegisterEntry
from dossiers.registers import reserve_number
from eforms.display import declaration_rows, text_tree
from registry.records import PopulationUpdate
from units.models import GovernmentUnit
from units.signatures import body_context, signature_block
from workdays.calendar import add_months, to_local


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
        valid_until = add_months(issued, valid_months)
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
    return bool(document_type) and (
        ProcedureVersion.objects.filter(
            result_code=document_type, result_valid_months__isnull=False
        ).exists()
    )


def result_template(version: ProcedureVersion) -> str:
    """The template a rendered result is made from: ``results/<procedure code>``
    (``results/1.001193``), else ``results/<result document type>`` — one paper issued by
    several procedures (``results/giay-chung-nhan-ket-hon``) — else ``results/default``. An
    administrator's ``DocumentTemplate`` of a key counts as that key's template."""
    keys = [f"results/{version.procedure.code}"]
    if version.result_code:
        keys.append(f"results/{version.result_code}")
    return next((key for key in keys if has_template(key)), "results/default")


@dataclass(frozen=True)
class Certified:
    """What a certification is bound to: the file of the component its result form
    ``certifies``, as PDF (an image upload is made a page), and its number of pages."""

    pdf: bytes
    pages: int
    name: str  # the component's name in the legal list

    def context(self) -> dict[str, Any]:
        return {"name": self.name, "pages": self.pages}


def certified_document(dossier: Dossier) -> Certified | None:
    """The file a certification result binds (None: the result certifies no component).
    Refused when the dossier has no file for that component: there is nothing to certify."""
    form = dossier.procedure_version.result_form
    if form is None or form.certifies is None:
        return None
    item = (
        DossierComponent.objects.filter(dossier=dossier, component__position=form.certifies)
        .select_related("component")
        .first()
    )
    if item is None or not item.file:
        raise DossierError("result.nothing_to_certify", position=form.certifies)
    with item.file.open("rb") as handle:
        data = handle.read()
    if not data.startswith(b"%PDF"):
        from documents.checks import image_to_pdf  # uploads are kept as PDF; older ones not

        data = image_to_pdf(data)
    return Certified(data, page_count(data), item.component.name)


def result_context(
    dossier: Dossier,
    code: str,
    *,
    signer: User,
    body: GovernmentUnit,
    at: datetime,
    position: Position,
    register: RegisterEntry,
    certified: Certified | None = None,
) -> dict[str, Any]:
    """What a result's template is given (the template: ``result_template``; the shipped ones
    and their keys: docs/eforms.md, "Result templates"). Plain data only: a template (editable
    by administrators) never reaches a model.

    - ``dossier``: code, applicant_name, applicant_id_number, applicant_address,
      result_summary;
    - ``version``: name, procedure_code, result_name, result_code, result_valid_months,
      legal_basis, register_code;
    - ``body``: the deciding body (``units.signatures.body_context``: code, name, upper_name,
      designation, parent_name, superior, name_lines, header);
    - ``signer``: name, title (empty for an officer without a recorded position);
    - ``signature_block``: the lines above the signature (Decree 30/2020), top first;
    - ``register``: number, year, book (the register's code), reference ("12/2026/KS");
    - ``unit`` (code, name: the body) and ``leader`` (the signer's name), as templates written
      before ``body`` and ``signer`` read them;
    - ``d`` and ``r``: the declaration and the result data in words, keyed as declared
      (``d.child.full_name``, ``d.child.sex`` "Nam", ``r.register_book``), with ``declaration``
      and ``result_data`` as stored (codes, ISO dates);
    - ``declared``: the declaration as labelled rows per section (``eforms.display.
      declaration_rows``: title, rows of label, value, rows, items), for a generic template;
    - ``validity``: months, until (the issue date plus the version's ``result_valid_months``,
      as the data store keeps it), or None for a result valid without limit;
    - ``certified``: name, pages — the component a certification is bound to (its file comes
      before the page rendered from this template), or None;
    - the frame of every document: issued, place, code, verify, verify_qr.

    ``{% load document_words %}`` gives ``date_words``: a date (or ISO string) in words.
    """
    version = dossier.procedure_version
    name = signer.get_full_name() or signer.get_username()
    issued = to_local(at)
    with translation.override("vi"):
        declared = text_tree(version.declaration, dossier.declaration or {})
        decided = text_tree(version.result_form, dossier.result_data or {})
        sections = (
            declaration_rows(version.declaration, dossier.declaration or {})
            if version.declaration is not None
            else []
        )
    months = version.result_valid_months
    return {
        "d": declared,
        "r": decided,
        "declaration": dict(dossier.declaration or {}),
        "result_data": dict(dossier.result_data or {}),
        "declared": sections,
        "validity": (
            {"months": months, "until": add_months(issued.date(), months)} if months else None
        ),
        "certified": certified.context() if certified is not None else None,
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
            "result_code": version.result_code,
            "result_valid_months": months,
            "legal_basis": list(version.legal_basis),
            "register_code": version.register,
        },
        "body": body_context(body),
        "signer": {"name": name, "title": position.title},
        "signature_block": signature_block(body, position.title, position.is_head),
        "register": {
            "number": register.number,
            "year": register.year,
            "book": register.register_code,
            "reference": register.reference,
        },
        "unit": {"code": body.code, "name": body.name},
        "leader": name,
        **document_frame(code, issued),
    }


def signer_position(leader: User, body: GovernmentUnit, unit: GovernmentUnit) -> Position:
    """The leader's position in the deciding body, else in the unit whose step they hold."""
    found = position(leader, body)
    if found == Position() and unit.pk != body.pk:
        found = position(leader, unit)
    return found


@dataclass(frozen=True)
class Prepared:
    """An issued document whose file is signed and stored but whose row is not written yet:
    the dossier's transaction records it, or the file is discarded when that transaction does
    not commit. ``document`` is unsaved and has no dossier (nor component) yet."""

    document: IssuedDocument
    document_type: str
    valid_months: int | None = None
    valid_until: date | None = None
    # A result: the registry update it makes (queued when recorded), and who decided it; its
    # entries go to the data stores of the people it is about (``dossiers.population``).
    update: PopulationUpdate | None = None
    decided_by: User | None = None
    is_result: bool = False

    @property
    def name(self) -> str:
        """The stored file's name."""
        return self.document.file.name or ""

    def record(self, dossier: Dossier, component: DossierComponent | None = None) -> IssuedDocument:
        """Write the document's row and its entries in data stores; a result's registry
        update goes to the registry's outbox, in the same (the deciding) transaction."""
        document = record_for_dossier(self.document, dossier=dossier, component=component)
        if self.is_result:
            population.store_result(
                dossier,
                document,
                document_type=self.document_type,
                valid_months=self.valid_months,
                valid_until=self.valid_until,
            )
            population.queue(
                dossier, self.update, actor=self.decided_by, document_code=document.code
            )
            return document
        store_for_applicant(
            dossier,
            document,
            document_type=self.document_type,
            valid_months=self.valid_months,
            valid_until=self.valid_until,
        )
        return document


def prepare_result(
    dossier: Dossier,
    *,
    leader: User,
    unit: GovernmentUnit,
    at: datetime,
    upload: bytes | None = None,
) -> Prepared:
    """The result (uploaded, or rendered from the procedure's template), issued in the name of
    the deciding body — the dossier's competent unit — signed by the leader in their position,
    then sealed with that body's seal, and stored; it goes to the applicant's data store when
    recorded. ``unit`` is where the leader holds the step (their position is looked up in the
    body first, then there).

    Its register number is reserved first, in a transaction of its own (kept when the
    decision is made again). ``dossier`` is as the deciding action read it, its result summary
    set; ``at`` is the decision's time, which the action records as the dossier's
    ``decided_at``. A certification (``certified_document``) is the certified file followed by
    the rendered certification page, the whole signed.
    """
    version = dossier.procedure_version
    body = dossier.competent_unit
    held = signer_position(leader, body, unit)
    certified = certified_document(dossier) if upload is None else None
    register = reserve_number(dossier, body=body, register_code=version.register, at=at)
    # Built first: a result that cannot update the registry is refused before it is signed.
    update = population.build_update(
        dossier, register_number=register.reference, decided=to_local(at).date()
    )
    code = new_document_code()
    template = "upload"
    if upload is None:
        context = result_context(
            dossier, code, signer=leader, body=body, at=at, position=held, register=register,
            certified=certified,
        )  # fmt: skip
        rendered = render_template(result_template(version), context)
        pdf, template = html_to_pdf(rendered.html), rendered.template
        if certified is not None:
            pdf = bind_pdfs(certified.pdf, pdf)
    else:
        pdf = upload
    person = signing.Holder.person(
        leader.get_username(), leader.get_full_name() or leader.get_username(), body.name
    )
    seal = signing.Holder.unit(body.code, body.name)
    place = settings.MOTCUA_PLACE_NAME
    reason = f"Kết quả giải quyết hồ sơ {dossier.code} — số {register.reference}"
    pdf = signing.sign_pdf(
        pdf, person, field_name="ChuKyLanhDao", reason=reason, location=place,
        box=signing.PERSON_BOX,
    )  # fmt: skip
    pdf = signing.seal_pdf(pdf, body.code, body.name, reason)
    document = store_document(
        IssuedDocument(
            code=code,
            kind=IssuedDocument.Kind.RESULT,
            title=version.result_name,
            issuer=body,
            issued_at=at,
            signers=[signer_entry(person, held.title), signer_entry(seal)],
            template=template,
        ),
        pdf,
        f"ket-qua-{dossier.code}.pdf",
    )
    return Prepared(
        document,
        version.result_code,
        version.result_valid_months,
        update=update,
        decided_by=leader,
        is_result=True,
    )


def prepare_certified_copy(
    component: Component, pdf: bytes, *, unit: GovernmentUnit, at: datetime, dossier_code: str
) -> Prepared:
    """A paper component digitized at the counter, signed by the receiving unit. At intake
    the copy is signed before the dossier has its code (``dossier_code`` is empty then)."""
    seal = signing.Holder.unit(unit.code, unit.name)
    reason = "Chứng thực bản điện tử từ bản giấy"
    if dossier_code:
        reason += f" — hồ sơ {dossier_code}"
    signed = signing.seal_pdf(pdf, unit.code, unit.name, reason)
    document = store_document(
        IssuedDocument(
            code=new_document_code(),
            kind=IssuedDocument.Kind.CERTIFIED_COPY,
            title=component.name,
            issuer=unit,
            issued_at=at,
            signers=[signer_entry(seal)],
        ),
        signed,
        f"ban-sao-{dossier_code or 'tiep-nhan'}-{component.position}.pdf",
    )
    # A scan of a paper whose validity is limited does not say when the paper was issued:
    # it is kept (and shown) but reused for this day only.
    kind = component.document_type
    until = to_local(at).date() if _expires(kind) else None
    return Prepared(document, kind, valid_until=until)


def prepare_paper_result(
    dossier: Dossier, scan: bytes, *, unit: GovernmentUnit, at: datetime
) -> Prepared:
    """The scan of a result the law requires on paper, signed by the unit that returns it."""
    version = dossier.procedure_version
    seal = signing.Holder.unit(unit.code, unit.name)
    reason = f"Bản điện tử của kết quả bản giấy — hồ sơ {dossier.code}"
    signed = signing.seal_pdf(scan, unit.code, unit.name, reason)
    document = store_document(
        IssuedDocument(
            code=new_document_code(),
            kind=IssuedDocument.Kind.CERTIFIED_COPY,
            title=f"Bản quét kết quả bản giấy: {version.result_name}"[:500],
            issuer=unit,
            issued_at=at,
            signers=[signer_entry(seal)],
        ),
        signed,
        f"ban-giay-{dossier.code}.pdf",
    )
    return Prepared(document, version.result_code, version.result_valid_months)
