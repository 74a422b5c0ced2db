"""Signing PDFs (PAdES, with pyHanko) and checking their signatures.

Signers are loaded once per process and file; validation trusts the roots of
``documents.pki.trust_roots`` and reports, for each signature, whether it is intact (the
signed bytes are unchanged), trusted (the certificate chains to a trusted root) and whether it
covers the whole file.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from documents import pki


class SignatureError(ValueError):
    pass


@lru_cache(maxsize=256)
def _load_pkcs12(path: str, modified: float, password: bytes) -> signers.SimpleSigner:
    signer = signers.SimpleSigner.load_pkcs12(path, passphrase=password)  # type: ignore[no-untyped-call]
    if not isinstance(signer, signers.SimpleSigner):
        raise SignatureError(f"Không đọc được chứng thư số {path}.")
    return signer


def unit_signer(unit_code: str, unit_name: str) -> signers.SimpleSigner:
    path = pki.unit_pkcs12(unit_code, unit_name)
    return _load_pkcs12(str(path), path.stat().st_mtime, pki.PASSWORD)


def sign_pdf(
    data: bytes, signer: signers.Signer, *, field_name: str, reason: str, location: str
) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
    )
    output = io.BytesIO()
    signers.PdfSigner(metadata, signer=signer).sign_pdf(writer, output=output)
    return output.getvalue()


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str
    signed_at: str
    intact: bool
    trusted: bool
    whole_file: bool

    @property
    def valid(self) -> bool:
        return self.intact and self.trusted


@dataclass(frozen=True)
class VerificationReport:
    sha256: str
    signatures: list[SignatureCheck]
    error: str = ""

    @property
    def valid(self) -> bool:
        return not self.error and bool(self.signatures) and all(s.valid for s in self.signatures)


def _context() -> ValidationContext:
    roots = [
        asn1_x509.Certificate.load(root.public_bytes(serialization.Encoding.DER))
        for root in pki.trust_roots()
    ]
    return ValidationContext(trust_roots=roots, allow_fetching=False)


def verify_pdf(data: bytes) -> VerificationReport:
    digest = hashlib.sha256(data).hexdigest()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:
        return VerificationReport(digest, [], f"Không đọc được tệp PDF: {exc}")
    if not embedded:
        return VerificationReport(digest, [], "Tệp không có chữ ký số.")
    checks: list[SignatureCheck] = []
    for signature in embedded:
        try:
            status = validate_pdf_signature(signature, _context())
        except Exception as exc:
            return VerificationReport(digest, checks, f"Chữ ký {signature.field_name} hỏng: {exc}")
        checks.append(
            SignatureCheck(
                field=signature.field_name,
                signer=status.signing_cert.subject.human_friendly,
                signed_at=str(status.signer_reported_dt or ""),
                intact=bool(status.intact and status.valid),
                trusted=bool(status.trusted),
                whole_file=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
            )
        )
    return VerificationReport(digest, checks)


def describe(report: VerificationReport) -> str:
    lines = [f"SHA-256: {report.sha256}"]
    if report.error:
        lines.append(f"KHÔNG HỢP LỆ: {report.error}")
    for check in report.signatures:
        state = "HỢP LỆ" if check.valid else "KHÔNG HỢP LỆ"
        lines.append(
            f"{check.field}: {state} — người ký: {check.signer}; thời điểm: {check.signed_at}; "
            f"toàn vẹn: {'có' if check.intact else 'KHÔNG'}; tin cậy: "
            f"{'có' if check.trusted else 'KHÔNG'}; phủ toàn bộ tệp: "
            f"{'có' if check.whole_file else 'không'}"
        )
    lines.append("Kết luận: " + ("hợp lệ" if report.valid else "KHÔNG hợp lệ"))
    return "\n".join(lines)
