"""Public verification of issued documents: no login, no personal data beyond the document's
own title, issuer and date. The QR printed on every issued PDF opens ``public_document``."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from core.ratelimit import client_ip, over_limit
from documents.issue import signer_label
from documents.models import IssuedDocument
from documents.signing import SEAL_FIELD, VerificationReport, verify_pdf

LIMIT, WINDOW = 30, 600  # per client: enough for a desk, too few to enumerate codes
MAX_BYTES = 20 * 1024 * 1024


def _report(document: IssuedDocument) -> VerificationReport:
    """The stored file's check; cached by content, which never changes.

    The stored file must still be the one issued: another file in its place is not valid,
    however good its own signatures."""
    key = f"verify:2:{document.sha256}"  # 2: verdicts cached before the coverage rule expire
    report = cache.get(key)
    if report is None:
        try:
            with document.file.open("rb") as stored:
                report = verify_pdf(stored.read())
        except OSError:
            return VerificationReport(document.sha256, [], _("Không tìm thấy tệp đã lưu."))
        if report.sha256 != document.sha256:
            report = replace(report, differs_from_issued=True)
        cache.set(key, report, 3600)
    return report  # type: ignore[no-any-return]


def _described(document: IssuedDocument, report: VerificationReport) -> VerificationReport:
    """The report with each signature named as the document records its signer: the seal's
    field gets the recorded seal, every other field the next person recorded. What the
    certificate itself says stays in ``signer``."""
    seals = [entry for entry in document.signers if entry.get("kind") == "unit"]
    people = [entry for entry in document.signers if entry.get("kind") != "unit"]
    checks = []
    for check in report.signatures:
        pool = seals if check.field == SEAL_FIELD else people
        checks.append(replace(check, described=signer_label(pool.pop(0))) if pool else check)
    return replace(report, signatures=checks)


def _signed_by(entry: dict[str, str]) -> dict[str, str]:
    return {
        "kind": entry.get("kind", ""),
        "name": entry.get("name", ""),
        "title": entry.get("title", ""),
        "body": entry.get("unit", ""),
        "label": signer_label(entry),
    }


def _summary(document: IssuedDocument, report: VerificationReport) -> dict[str, Any]:
    return {
        "code": document.code,
        "kind": document.kind,
        "title": document.title,
        "issuer": document.issuer.name,
        "issued_at": document.issued_at.isoformat(),
        "dossier_code": document.reference,  # the name clients of the API know
        "sha256": document.sha256,
        "signature_level": document.level,
        "signers": [s["name"] for s in document.signers],
        # Who signed, in their position and for which body (the names alone above).
        "signed_by": [_signed_by(s) for s in document.signers],
        "verification": report.as_dict(),
    }


def _limited(request: HttpRequest) -> bool:
    return over_limit("documents", client_ip(request), limit=LIMIT, window_seconds=WINDOW)


def _too_many() -> JsonResponse:
    response = JsonResponse({"error": "Quá nhiều yêu cầu, vui lòng thử lại sau."}, status=429)
    response["Retry-After"] = str(WINDOW)
    return response


def _find(code: str) -> IssuedDocument | None:
    return IssuedDocument.objects.select_related("issuer").filter(code=code.strip().upper()).first()


def _not_found(request: HttpRequest, code: str) -> HttpResponse:
    """The site's own page for a code that names no document: say so, offer to type it again."""
    return render(request, "documents/not_found.html", {"code": code}, status=404)


@never_cache
@require_GET
def find_document(request: HttpRequest) -> HttpResponse:
    """The form of the not-found page: a code typed in goes to that document's page."""
    code = request.GET.get("ma", "").strip()
    if code:
        try:
            return redirect("documents:public", code=code.upper())
        except NoReverseMatch:  # a "/" in what was typed: no document has such a code
            return _not_found(request, code)
    return render(request, "documents/not_found.html", {"code": ""})


@never_cache
@require_GET
def public_document(request: HttpRequest, code: str) -> HttpResponse:
    if _limited(request):
        return render(request, "documents/limited.html", status=429)
    document = _find(code)
    if document is None:
        return _not_found(request, code)
    report = _described(document, _report(document))
    return render(request, "documents/public.html", {"document": document, "report": report})


@never_cache
@require_GET
def document_api(request: HttpRequest, code: str) -> JsonResponse:
    if _limited(request):
        return _too_many()
    document = _find(code)
    if document is None:
        # JSON for a client of the API, whatever DEBUG says (not an HTML not-found page).
        return JsonResponse({"error": "Không tìm thấy văn bản có mã này."}, status=404)
    return JsonResponse(_summary(document, _report(document)))


@csrf_exempt  # a stateless API: no cookie, no session, nothing changed
@never_cache
@require_POST
def verify_api(request: HttpRequest) -> JsonResponse:
    """POST a PDF (multipart field ``file``, or the raw body as application/pdf)."""
    if _limited(request):
        return _too_many()
    multipart = request.content_type == "multipart/form-data"
    upload = request.FILES.get("file") if multipart else None
    if upload is not None:
        if (upload.size or 0) > MAX_BYTES:
            return JsonResponse({"error": "Tệp lớn hơn 20 MB."}, status=413)
        data = upload.read()
    elif multipart:
        data = b""
    else:
        try:
            data = request.body
        except RequestDataTooBig:
            return JsonResponse(
                {"error": "Tệp lớn: hãy gửi trong trường “file” (multipart)."}, status=413
            )
    if not data:
        return JsonResponse(
            {"error": "Gửi tệp PDF trong trường “file” hoặc trong thân yêu cầu."}, status=400
        )
    report = verify_pdf(data)
    known = IssuedDocument.objects.filter(sha256=report.sha256).values_list("code", flat=True)
    return JsonResponse({**report.as_dict(), "issued_here": list(known)})
