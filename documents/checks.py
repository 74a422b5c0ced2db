"""Checks on every uploaded file before it is kept.

The type is read from the content, never from the name; it must be one the component accepts.
Images become PDF. PDFs lose JavaScript, automatic actions, launch actions and embedded files.
Encrypted, corrupt, oversized files and decompression bombs are refused with a message for the
person who sent them, and nothing refused is stored. When ``MOTCUA_CLAMD`` names a ClamAV
daemon, what passes is scanned for viruses last (``documents.antivirus``).
"""

from __future__ import annotations

import io
import logging
import warnings
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pikepdf
from django.conf import settings
from django.core.files.base import ContentFile, File
from PIL import Image

from documents import antivirus

log = logging.getLogger(__name__)

MB = 1024 * 1024
# An A4 page scanned at 600 dpi is about 35 million pixels; a bomb is far larger.
MAX_IMAGE_PIXELS = 60_000_000

FORMAT_LABELS = {
    "pdf": "PDF",
    "jpg": "JPEG",
    "png": "PNG",
    "tif": "TIFF",
    "doc": "Word (.doc)",
    "docx": "Word (.docx)",
    "xls": "Excel (.xls)",
    "xlsx": "Excel (.xlsx)",
    "xml": "XML",
}
ALIASES = {"jpeg": "jpg", "tiff": "tif"}
IMAGE_FORMATS = {"jpg", "png", "tif"}


class UploadRefused(ValueError):
    """The file cannot be accepted; the message says why, for the person who sent it."""


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    name: str
    kind: str  # the format actually kept: "pdf" for converted images
    original_kind: str
    notes: tuple[str, ...] = ()

    def as_file(self) -> ContentFile[bytes]:
        return ContentFile(self.content, name=self.name)


def sniff(head: bytes, data: Callable[[], bytes]) -> str | None:
    """The format of a file from its first bytes (and, for zip containers, its parts)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tif"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"  # an OLE container: Word or Excel 97–2003, told apart by the name
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data())).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return None
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<?xml"):
        return "xml"
    return None


def normalise_kinds(kinds: Iterable[str]) -> set[str]:
    return {ALIASES.get(k.lower(), k.lower()) for k in kinds}


def check_upload(
    upload: File[Any],
    *,
    accepted: Iterable[str],
    max_bytes: int | None = None,
) -> CheckedFile:
    """Check one upload against the formats a component accepts; return what may be kept."""
    limit = max_bytes or settings.MOTCUA_MAX_UPLOAD_BYTES
    size = upload.size or 0
    if size > limit:
        raise UploadRefused(
            f"Tệp quá lớn ({size / MB:.1f} MB); tối đa {limit / MB:.0f} MB mỗi tệp."
        )
    if size == 0:
        raise UploadRefused("Tệp rỗng, không có nội dung.")
    upload.seek(0)
    data = upload.read()
    kind = sniff(data[:512], lambda: data)
    if kind == "doc" and (upload.name or "").lower().endswith(".xls"):
        kind = "xls"
    wanted = normalise_kinds(accepted)
    if wanted & IMAGE_FORMATS:
        wanted.add("pdf")  # images are kept as PDF, so a scan already in PDF is welcome too
    if kind is None:
        raise UploadRefused(
            "Không nhận ra định dạng tệp (tệp bị hỏng hoặc không phải tài liệu). "
            f"Chấp nhận: {_labels(wanted)}."
        )
    if kind not in wanted:
        raise UploadRefused(
            f"Tệp có nội dung {FORMAT_LABELS[kind]}, không thuộc định dạng được chấp nhận "
            f"({_labels(wanted)})."
        )
    stem = (upload.name or "tai-lieu").rsplit("/", 1)[-1].rsplit(".", 1)[0][:80] or "tai-lieu"
    if kind in IMAGE_FORMATS:
        checked = CheckedFile(
            image_to_pdf(data), f"{stem}.pdf", "pdf", kind, ("ảnh đã chuyển sang PDF",)
        )
    elif kind == "pdf":
        cleaned, removed = clean_pdf(data)
        checked = CheckedFile(cleaned, f"{stem}.pdf", "pdf", "pdf", removed)
    else:
        checked = CheckedFile(data, f"{stem}.{kind}", kind, kind)
    scan_for_viruses(data)
    return checked


def scan_for_viruses(data: bytes) -> None:
    """Refuse what clamd finds infected, and everything while it cannot be asked (fail closed).

    The file as it was sent is scanned, so an upload carrying malware is refused even when
    cleaning would have removed the part that carried it.
    """
    address = settings.MOTCUA_CLAMD
    if not address:
        return
    try:
        signature = antivirus.scan(data, address, timeout=settings.MOTCUA_CLAMD_TIMEOUT)
    except antivirus.ScannerUnavailable as error:
        log.error("Virus scan failed, upload refused: %s", error)
        raise UploadRefused("Không kiểm tra được virus, vui lòng thử lại sau.") from None
    if signature is not None:
        log.warning("Upload refused: clamd found %s", signature)
        raise UploadRefused(
            f"Tệp bị nhiễm virus hoặc mã độc ({signature}) nên không được nhận. "
            "Hãy quét virus trên máy của bạn rồi gửi lại bản sạch."
        )


def _labels(kinds: set[str]) -> str:
    return ", ".join(FORMAT_LABELS.get(k, k) for k in sorted(kinds))


def image_to_pdf(data: bytes) -> bytes:
    """One PDF page per image frame, refusing images too large to decode safely."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size  # read from the header, before any pixel is decoded
            if width * height > MAX_IMAGE_PIXELS:
                raise UploadRefused(
                    f"Ảnh quá lớn ({width}×{height} điểm ảnh); hãy quét ở độ phân giải thấp hơn."
                )
            frames = []
            for index in range(getattr(image, "n_frames", 1)):
                image.seek(index)
                frames.append(image.convert("RGB"))
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRefused("Ảnh quá lớn để mở an toàn.") from None
    except (OSError, ValueError, SyntaxError):
        raise UploadRefused("Ảnh bị hỏng, không mở được.") from None
    output = io.BytesIO()
    frames[0].save(output, "PDF", resolution=200.0, save_all=True, append_images=frames[1:])
    # Pillow writes a loose cross-reference table that strict readers (the signer) refuse:
    # rewrite it with qpdf so the page can be signed as a certified copy.
    with pikepdf.open(io.BytesIO(output.getvalue())) as pdf:
        normalised = io.BytesIO()
        pdf.save(normalised)
    return normalised.getvalue()


_ACTION_KEYS = ("/OpenAction", "/AA")


def clean_pdf(data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """The PDF without scripts, automatic or launch actions and embedded files."""
    removed: list[str] = []
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise UploadRefused("Tệp PDF có mật khẩu: hãy gửi bản không đặt mật khẩu.") from None
    except pikepdf.PdfError:
        raise UploadRefused("Tệp PDF bị hỏng, không đọc được.") from None
    with pdf:
        if pdf.is_encrypted:
            raise UploadRefused("Tệp PDF bị mã hóa: hãy gửi bản không mã hóa.")
        removed.extend(_clean_catalog(pdf.Root))
        for page in pdf.pages:
            if "/AA" in page.obj:
                del page.obj["/AA"]
                removed.append("hành động tự chạy")
            for annotation in page.obj.get("/Annots", []):
                removed.extend(_clean_annotation(annotation))
        output = io.BytesIO()
        pdf.save(output)
    return output.getvalue(), tuple(dict.fromkeys(removed))


def _clean_catalog(root: Any) -> list[str]:
    removed = []
    for key in _ACTION_KEYS:
        if key in root:
            del root[key]
            removed.append("hành động tự chạy")
    names = root.get("/Names")
    if names is not None:
        for key, label in (("/JavaScript", "JavaScript"), ("/EmbeddedFiles", "tệp đính kèm")):
            if key in names:
                del names[key]
                removed.append(label)
    if "/AcroForm" in root and "/XFA" in root.AcroForm:
        del root.AcroForm["/XFA"]
        removed.append("biểu mẫu XFA")
    return removed


def _clean_annotation(annotation: Any) -> list[str]:
    removed = []
    for key in ("/A", "/AA"):
        action = annotation.get(key)
        if action is None:
            continue
        kind = action.get("/S") if hasattr(action, "get") else None
        if key == "/AA" or kind in ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm"):
            del annotation[key]
            removed.append("JavaScript" if kind == "/JavaScript" else "hành động nguy hiểm")
    if annotation.get("/Subtype") == "/FileAttachment":
        annotation.Subtype = pikepdf.Name.Square
        if "/FS" in annotation:
            del annotation["/FS"]
        removed.append("tệp đính kèm")
    return removed
