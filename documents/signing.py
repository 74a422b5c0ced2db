"""Signing PDFs (PAdES, with pyHanko) and checking their signatures.

Who signs is a ``Holder``: a unit (its seal) or a person (a leader). Where the key lives is
configuration (``MOTCUA_SIGNER``): PKCS#12 files, a PKCS#11 token or HSM, or a remote signing
service (CSC API). Each signer is
loaded once per process and reused.

Levels: B-B always; B-T when a timestamp authority is configured (``MOTCUA_TSA_URL``); B-LT when,
in addition, ``MOTCUA_SIGN_LTV`` asks for the revocation data to be embedded. A visible stamp in
Vietnamese (signer, unit, time) is drawn when the stamp font is present.

Validation trusts the roots of ``documents.pki.trust_roots`` and reports, for each signature,
whether it is intact, trusted, still covers the file, and carries a valid timestamp; it uses
the revocation data embedded in the file and fetches nothing. A signature still covers the file
when it covers every byte, or when pyHanko's difference analysis accepts each later revision
(validation data, document timestamps, further signatures and form filling its DocMDP allows);
anything else — a page's content replaced in an incremental update — is "modified after
signing", and the signature does not count.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.font.api import FontEngineFactory
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import PdfSignatureStatus, validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext

from documents import pki

log = logging.getLogger(__name__)

# Stamp boxes on the last page (points, A4 is 595 × 842): the seal right, a person left.
SEAL_BOX = (315, 28, 565, 92)
# The signature field of a unit's seal (a leader signs in ChuKyLanhDao).
SEAL_FIELD = "ChuKyDonVi"
PERSON_BOX = (30, 28, 280, 92)


class SignatureError(ValueError):
    """Signing refused or failed; ``code`` names the reason for programs and logs."""

    def __init__(self, message: str, code: str = "signing.failed") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Holder:
    """Who signs: a unit's seal (``unit``) or a person (``person``), by a stable key."""

    kind: str
    key: str
    name: str
    unit_name: str = ""

    @classmethod
    def unit(cls, code: str, name: str) -> Holder:
        return cls("unit", code, name, name)

    @classmethod
    def person(cls, username: str, full_name: str, unit_name: str = "") -> Holder:
        return cls("person", username, full_name, unit_name)

    @property
    def label(self) -> str:
        """The key's name in a token or signing service: ``unit:<code>``, ``person:<login>``."""
        return f"{self.kind}:{self.key}"

    @property
    def pkcs12_path(self) -> Path:
        folder = "units" if self.kind == "unit" else "people"
        return pki.pki_dir() / folder / f"{self.key}.p12"


# Backends ---------------------------------------------------------------------------------


@cache
def _pkcs12_signer(path: str, modified: float, password: bytes) -> signers.Signer:
    signer = signers.SimpleSigner.load_pkcs12(path, passphrase=password)  # type: ignore[no-untyped-call]
    if not isinstance(signer, signers.SimpleSigner):
        raise SignatureError(f"Không đọc được chứng thư số {path} (sai mật khẩu hoặc tệp hỏng).")
    return signer


def _pkcs12(holder: Holder) -> signers.Signer:
    path = holder.pkcs12_path
    if not path.exists() and settings.MOTCUA_DEMO_PKI:
        pki.demo_pkcs12(path, holder.name, "" if holder.kind == "unit" else holder.unit_name)
    if not path.exists():
        # Outside the demo nothing is made up: signing stops until a real certificate is there.
        log.warning("No signing certificate for %s at %s", holder.label, path)
        raise SignatureError(
            _(
                "Chưa có chứng thư số của %(name)s: quản trị viên cần cài chứng thư số "
                "do tổ chức cung cấp dịch vụ chứng thực cấp trước khi ký."
            )
            % {"name": holder.name},
            code="signing.no_certificate",
        )
    if not settings.MOTCUA_PKCS12_PASSWORD:
        raise SignatureError(
            _(
                "Chưa đặt mật khẩu của tệp chứng thư số (MOTCUA_PKCS12_PASSWORD): quản trị viên "
                "cần đặt trước khi ký."
            ),
            code="signing.no_pkcs12_password",
        )
    return _pkcs12_signer(str(path), path.stat().st_mtime, settings.MOTCUA_PKCS12_PASSWORD.encode())


@cache
def _pkcs11_session(module: str, token: str, pin: str) -> object:
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    try:
        return pkcs11.open_pkcs11_session(
            module, token_criteria=TokenCriteria(label=token), user_pin=pin
        )
    except Exception as exc:
        raise SignatureError(f"Không mở được thiết bị ký số (PKCS#11) “{token}”: {exc}") from exc


@cache
def _pkcs11_signer(module: str, token: str, pin: str, label: str, raw: bool) -> signers.Signer:
    from pyhanko.sign import pkcs11

    session = _pkcs11_session(module, token, pin)
    return pkcs11.PKCS11Signer(
        session,  # type: ignore[arg-type]
        key_label=label,
        cert_label=label,
        other_certs_to_pull=None,  # the issuing CA certificates kept on the token, embedded
        use_raw_mechanism=raw,
    )


def _pkcs11(holder: Holder) -> signers.Signer:
    return _pkcs11_signer(
        settings.MOTCUA_PKCS11_MODULE,
        settings.MOTCUA_PKCS11_TOKEN,
        settings.MOTCUA_PKCS11_PIN,
        holder.label,
        settings.MOTCUA_PKCS11_RAW,
    )


def _csc(holder: Holder) -> signers.Signer:
    from documents.csc import CSCError, csc_signer

    if not settings.MOTCUA_CSC_URL:
        raise SignatureError("Chưa cấu hình dịch vụ ký số từ xa (MOTCUA_CSC_URL).")
    try:
        return csc_signer(
            settings.MOTCUA_CSC_URL,
            settings.MOTCUA_CSC_TOKEN,
            holder.label,
            settings.MOTCUA_CSC_PIN,
        )
    except CSCError as exc:
        raise SignatureError(str(exc)) from exc


BACKENDS: dict[str, Callable[[Holder], signers.Signer]] = {
    "pkcs12": _pkcs12,
    "pkcs11": _pkcs11,
    "csc": _csc,
}


def signer_for(holder: Holder) -> signers.Signer:
    backend = BACKENDS.get(settings.MOTCUA_SIGNER)
    if backend is None:
        raise SignatureError(f"MOTCUA_SIGNER không hợp lệ: {settings.MOTCUA_SIGNER!r}.")
    return backend(holder)


def unit_signer(unit_code: str, unit_name: str) -> signers.Signer:
    return signer_for(Holder.unit(unit_code, unit_name))


# Signing ----------------------------------------------------------------------------------


def level() -> str:
    """The PAdES level that signing reaches with the current configuration."""
    if not settings.MOTCUA_TSA_URL:
        return "B-B"
    return "B-LT" if settings.MOTCUA_SIGN_LTV else "B-T"


STAMP_TEXT = "Ký bởi: %(signer)s\n%(unit)s\nThời gian ký: %(ts)s"

# What Vietnamese is written with (NFC: the precomposed letters), with ASCII, Latin-1 and the
# usual punctuation. A signature subsets the stamp's font to the glyphs it draws, and doing so
# from the whole font (hundreds of glyphs of other scripts, their layout tables) cost most of
# a signature's time; the font is cut to these characters once per process instead, and a
# stamp with a character outside them is drawn from the whole font as before.
STAMP_REPERTOIRE = frozenset(
    chr(code)
    for first, last in (
        (0x20, 0x7E),
        (0xA0, 0xFF),
        (0x102, 0x103),  # Ă ă
        (0x110, 0x111),  # Đ đ
        (0x128, 0x129),  # Ĩ ĩ
        (0x168, 0x169),  # Ũ ũ
        (0x1A0, 0x1A1),  # Ơ ơ
        (0x1AF, 0x1B0),  # Ư ư
        (0x1EA0, 0x1EF9),  # Ạ … ỹ
        (0x2013, 0x2014),
        (0x2018, 0x201D),
        (0x2026, 0x2026),
        (0x20AB, 0x20AB),  # ₫
    )
    for code in range(first, last + 1)
) | {"\n"}
_STAMP_FONT_SIZE = 10  # pyHanko's default for the font engine; the text box sets 7 pt


class _FontInMemory(FontEngineFactory):
    """A font engine for each signature from font bytes held in memory (the cut font)."""

    def __init__(self, font: bytes) -> None:
        self.font = font

    def create_font_engine(
        self, writer: BasePdfFileWriter, obj_stream: object = None
    ) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs:
            obj_stream = writer.prepare_object_stream()  # type: ignore[no-untyped-call]
        return GlyphAccumulator(
            writer=writer,
            font_handle=io.BytesIO(self.font),
            font_size=_STAMP_FONT_SIZE,
            obj_stream=obj_stream,
        )


@cache
def _cut_font(font_path: str, modified: float) -> bytes:
    """The stamp font with the glyphs of ``STAMP_REPERTOIRE`` only, hinting and layout tables
    left out (pyHanko leaves them out of what it embeds anyway)."""
    from fontTools import subset, ttLib  # type: ignore[import-untyped]

    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GPOS", "GSUB", "GDEF"]
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = ttLib.TTFont(font_path)
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=[ord(c) for c in STAMP_REPERTOIRE if c != "\n"])
    subsetter.subset(font)
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()


@cache
def _stamp_style(font_path: str, *, cut: bool = True) -> TextStampStyle | None:
    path = Path(font_path)
    if not path.is_file():
        log.warning("Stamp font %s missing: signatures are invisible", font_path)
        return None
    font: FontEngineFactory = (
        _FontInMemory(_cut_font(font_path, path.stat().st_mtime))
        if cut
        else GlyphAccumulatorFactory(font_path, font_size=_STAMP_FONT_SIZE)
    )
    return TextStampStyle(
        stamp_text=STAMP_TEXT,
        text_box_style=TextBoxStyle(font=font, font_size=7),
        border_width=1,
        timestamp_format="%d/%m/%Y %H:%M:%S %z",
    )


def _stamp_for(pdf_signer: signers.Signer, unit_line: str) -> TextStampStyle | None:
    """The stamp style for a signature whose texts are the signer's name and ``unit_line``:
    the cut font when it has every character drawn, else the whole font."""
    try:
        name = pdf_signer.subject_name or ""
    except Exception:  # a remote signer whose certificate is not known yet
        name = ""
    shown = set(STAMP_TEXT) | set(name) | set(unit_line)
    return _stamp_style(settings.MOTCUA_STAMP_FONT, cut=shown <= STAMP_REPERTOIRE)


def _roots() -> list[asn1_x509.Certificate]:
    return [
        asn1_x509.Certificate.load(root.public_bytes(serialization.Encoding.DER))
        for root in pki.trust_roots()
    ]


def _validation_context(*, fetch: bool) -> ValidationContext:
    return ValidationContext(trust_roots=_roots(), allow_fetching=fetch)


def seal_pdf(data: bytes, unit_code: str, unit_name: str, reason: str) -> bytes:
    """Sign ``data`` with a unit's seal: its certificate, the seal's field and stamp box, the
    place of the installation. The one way slips, results and certified copies are sealed."""
    return sign_pdf(
        data,
        Holder.unit(unit_code, unit_name),
        field_name=SEAL_FIELD,
        reason=reason,
        location=settings.MOTCUA_PLACE_NAME,
        box=SEAL_BOX,
    )


def sign_pdf(
    data: bytes,
    signer: signers.Signer | Holder,
    *,
    field_name: str,
    reason: str,
    location: str,
    box: tuple[int, int, int, int] | None = None,
    stamp_unit: str = "",
) -> bytes:
    """Sign ``data`` as one more incremental revision. A ``box`` draws the visible stamp."""
    holder = signer if isinstance(signer, Holder) else None
    pdf_signer = signer_for(holder) if holder else signer
    assert isinstance(pdf_signer, signers.Signer)  # noqa: S101 - narrowed above
    ltv = bool(settings.MOTCUA_TSA_URL and settings.MOTCUA_SIGN_LTV)
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        embed_validation_info=ltv,
        validation_context=_validation_context(fetch=True) if ltv else None,
    )
    unit_line = unicodedata.normalize("NFC", stamp_unit or _stamp_line(holder))
    stamp = _stamp_for(pdf_signer, unit_line) if box else None
    timestamper = (
        timestamps.HTTPTimeStamper(settings.MOTCUA_TSA_URL, timeout=10)
        if settings.MOTCUA_TSA_URL
        else None
    )
    field_spec = None
    if stamp is not None and box is not None:
        field_spec = fields.SigFieldSpec(field_name, on_page=-1, box=box)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        taken = {name for name, _value, _ref in fields.enumerate_sig_fields(writer.prev)}
    except Exception as exc:
        raise SignatureError(f"Không đọc được tệp PDF để ký: {exc}") from exc
    field_name = _free_name(field_name, taken)  # a signed file (an e-document) signed again
    metadata = replace(metadata, field_name=field_name)
    if field_spec is not None:
        field_spec = fields.SigFieldSpec(field_name, on_page=-1, box=field_spec.box)
    key = _reserve_key(pdf_signer) if timestamper is None else None
    reserved = _RESERVED.get(key) if key else None

    def attempt(into: IncrementalPdfFileWriter, reserve: int | None) -> bytes:
        output = io.BytesIO()
        signers.PdfSigner(
            metadata,
            signer=pdf_signer,
            timestamper=timestamper,
            stamp_style=stamp,
            new_field_spec=field_spec,
        ).sign_pdf(
            into,
            output=output,
            appearance_text_params={"unit": unit_line},
            bytes_reserved=reserve,
        )
        return output.getvalue()

    try:
        try:
            signed = attempt(writer, reserved)
        except SigningError as exc:
            if reserved is None or key is None or "larger than expected" not in str(exc):
                raise
            # The space kept from an earlier signature was not enough: pyHanko estimates again.
            del _RESERVED[key]
            signed = attempt(IncrementalPdfFileWriter(io.BytesIO(data), strict=False), None)
            reserved = None
    except SignatureError:
        raise
    except Exception as exc:
        raise SignatureError(f"Ký số không thành công: {exc}") from exc
    if key and reserved is None:
        _RESERVED[key] = _reserved_in(signed)
    return signed


# The space each signer's CMS needs in the file, as pyHanko estimated it for the signer's
# first signature (with its 50% margin). The estimate makes a whole dummy signature (a fifth
# of a signature's time); without a timestamp authority the container's size does not change
# from one signature to the next (same certificates, same attributes), so it is kept.
_RESERVED: dict[str, int] = {}


def _reserve_key(pdf_signer: signers.Signer) -> str | None:
    try:
        certificate = pdf_signer.signing_cert
    except Exception:  # a remote signer whose certificate is not known yet
        return None
    if certificate is None:
        return None
    return f"{type(pdf_signer).__name__}:{certificate.sha256.hex()}:{level()}"


_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+\d+\s*\]")


def _reserved_in(signed: bytes) -> int:
    """The room the last signature of ``signed`` was given: the hexadecimal digits between
    its two signed ranges (``<`` and ``>`` excepted), what ``bytes_reserved`` counts."""
    first_end, second_start = (int(n) for n in _BYTE_RANGE.findall(signed)[-1])
    return second_start - first_end - 2


def _free_name(name: str, taken: set[str]) -> str:
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{name}_{number}"
    return candidate


def _stamp_line(holder: Holder | None) -> str:
    if holder is None or holder.kind == "unit":
        return "Chữ ký số của cơ quan, tổ chức"
    return holder.unit_name


# Verification -----------------------------------------------------------------------------


class State(StrEnum):
    """What a signature, or a whole file, amounts to; the worst one speaks for the file."""

    VALID = "valid"
    UNTRUSTED = "untrusted"  # intact, but from a root we do not trust
    MODIFIED = "modified"  # intact, but the file was changed after it in a way not allowed
    INVALID = "invalid"  # broken, unreadable, or no signature at all


# Worst first: a file is as good as its worst signature.
_SEVERITY = [State.INVALID, State.MODIFIED, State.UNTRUSTED, State.VALID]


def state_label(state: State) -> str:
    return {
        State.VALID: _("Chữ ký số hợp lệ"),
        State.UNTRUSTED: _("Chữ ký không được tin cậy"),
        State.MODIFIED: _("Tệp đã bị sửa đổi sau khi ký"),
        State.INVALID: _("Chữ ký không hợp lệ"),
    }[state]


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str
    signed_at: str
    intact: bool
    trusted: bool
    whole_file: bool  # covers the file, or every later revision is one the validator allows
    timestamped: bool = False
    modification: str = ""  # pyHanko's modification level since this signature, e.g. "NONE"
    # Who the issuing system recorded as this signer ("Hoàng Minh Tuấn — Phó Chủ tịch, …"),
    # shown on an issued document's page beside the certificate's own name.
    described: str = ""

    @property
    def state(self) -> State:
        if not self.intact:
            return State.INVALID
        if not self.whole_file:
            return State.MODIFIED
        return State.VALID if self.trusted else State.UNTRUSTED

    @property
    def valid(self) -> bool:
        return self.state == State.VALID

    @property
    def modified_after_signing(self) -> bool:
        return self.intact and not self.whole_file


@dataclass(frozen=True)
class VerificationReport:
    sha256: str
    signatures: list[SignatureCheck]
    error: str = ""
    # Set for an issued document whose stored file no longer has the SHA-256 recorded at issue.
    differs_from_issued: bool = False

    @property
    def state(self) -> State:
        if self.error or not self.signatures:
            return State.INVALID
        states = {s.state for s in self.signatures}
        if self.differs_from_issued:
            states.add(State.MODIFIED)  # even if another signed file was put in its place
        return next(state for state in _SEVERITY if state in states)

    @property
    def valid(self) -> bool:
        return self.state == State.VALID

    @property
    def modified_after_signing(self) -> bool:
        return self.state == State.MODIFIED

    @property
    def label(self) -> str:
        return state_label(self.state)

    def as_dict(self) -> dict[str, object]:
        return {
            "valid": self.valid,
            "state": self.state.value,
            "state_label": self.label,
            "modified_after_signing": self.modified_after_signing,
            "sha256": self.sha256,
            "differs_from_issued": self.differs_from_issued,
            "error": self.error,
            "signatures": [
                {
                    "field": s.field,
                    "signer": s.signer,
                    "signed_at": s.signed_at,
                    "intact": s.intact,
                    "trusted": s.trusted,
                    "whole_file": s.whole_file,
                    "modified_after_signing": s.modified_after_signing,
                    "modification": s.modification,
                    "timestamped": s.timestamped,
                    "state": s.state.value,
                    "valid": s.valid,
                }
                for s in self.signatures
            ],
        }


def _context_for(reader: PdfFileReader) -> ValidationContext:
    """The trusted roots, with the certificates and revocation data embedded in the file."""
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:  # a B-B or B-T file
        return _validation_context(fetch=False)
    return dss.as_validation_context({"trust_roots": _roots(), "allow_fetching": False})


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
    context = _context_for(reader)
    for signature in embedded:
        try:
            status = validate_pdf_signature(signature, context)
        except Exception as exc:
            return VerificationReport(digest, checks, f"Chữ ký {signature.field_name} hỏng: {exc}")
        timestamp = status.timestamp_validity
        modification = status.modification_level
        checks.append(
            SignatureCheck(
                field=signature.field_name,
                signer=status.signing_cert.subject.human_friendly,
                signed_at=str(
                    timestamp.timestamp if timestamp else status.signer_reported_dt or ""
                ),
                intact=bool(status.intact and status.valid),
                trusted=bool(status.trusted),
                whole_file=_unchanged_since(status),
                timestamped=bool(timestamp and timestamp.intact and timestamp.valid),
                modification=modification.name if modification else "",
            )
        )
    return VerificationReport(digest, checks)


# What may follow a signature: validation data and document timestamps (B-LT, B-LTA), and
# further signatures or form filling (the unit's seal after the leader's signature).
_ALLOWED_AFTER = {
    ModificationLevel.NONE,
    ModificationLevel.LTA_UPDATES,
    ModificationLevel.FORM_FILLING,
}


def _unchanged_since(status: PdfSignatureStatus) -> bool:
    """Covers the whole file, or pyHanko's difference analysis accepts every later revision.

    A signature over its own revision only proves that revision: bytes appended after it
    (a page's content replaced) leave it intact, so the later revisions must be judged too."""
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return False  # bytes outside the signed range inside its own revision
    return bool(status.docmdp_ok) and status.modification_level in _ALLOWED_AFTER


def describe(report: VerificationReport) -> str:
    """The report as text for the command line: one line per signature, then the verdict."""
    lines = [f"SHA-256: {report.sha256}"]
    if report.error:
        lines.append(f"KHÔNG HỢP LỆ: {report.error}")
    for check in report.signatures:
        state = "HỢP LỆ" if check.valid else f"KHÔNG HỢP LỆ ({state_label(check.state)})"
        lines.append(
            f"{check.field}: {state} — người ký: {check.signer}; thời điểm: {check.signed_at}; "
            f"toàn vẹn: {'có' if check.intact else 'KHÔNG'}; tin cậy: "
            f"{'có' if check.trusted else 'KHÔNG'}; không bị sửa sau khi ký: "
            f"{'có' if check.whole_file else 'KHÔNG'}; dấu thời gian: "
            f"{'có' if check.timestamped else 'không'}"
        )
    verdict = "hợp lệ" if report.valid else f"KHÔNG hợp lệ — {report.label}"
    lines.append(f"Kết luận: {verdict}")
    return "\n".join(lines)
