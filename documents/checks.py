"""Checks on every uploaded file before it is kept.

The type is read from the content, never from the name; it must be one the component accepts.
Images become PDF. PDFs lose JavaScript, automatic actions, launch actions and embedded files.
Encrypted, corrupt, oversized files and decompression bombs are refused with a message for the
person who sent them, and nothing refused is stored. When ``MOTCUA_CLAMD`` names a ClamAV
daemon, what passes is scanned for viruses last (``documents.antivirus``).

What a file inflates to is bounded before anything is inflated: image sizes come from the PNG
chunks and the TIFF directories, zip sizes from the central directory, PDF streams are measured
with a bounded decompressor. Whatever else a third-party parser raises on a malformed file
becomes a refusal (``upload.unreadable``), so a file can never cause a server error.
"""

from __future__ import annotations

import base64
import io
import logging
import re
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.parsers import expat

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext
from PIL import Image

from core.lazy import lazy_module
from documents import antivirus

if TYPE_CHECKING:
    import pikepdf
else:  # qpdf's binding: ~0.8 s to import, needed only for PDFs
    pikepdf = lazy_module("pikepdf")

log = logging.getLogger(__name__)

MB = 1024 * 1024
# An A4 page scanned at 600 dpi is about 35 million pixels; a bomb is far larger.
MAX_IMAGE_PIXELS = 60_000_000
# A multi-page scan is converted one page at a time, so memory is bounded by one page; the
# total bounds the time spent (about 30 A4 pages at 300 dpi, in colour).
MAX_TOTAL_PIXELS = 300_000_000
MAX_IMAGE_PAGES = 500
# Office files: what the central directory says the parts inflate to, before any is read.
MAX_ZIP_MEMBERS = 5_000
MAX_ZIP_MEMBER_BYTES = 100 * MB
MAX_ZIP_TOTAL_BYTES = 200 * MB
# Office XML compresses about 10:1, a repetitive sheet perhaps 100:1; a bomb 1000:1 and more.
MAX_ZIP_RATIO = 200
ZIP_RATIO_FROM_BYTES = 1 * MB  # small parts may compress very well without harm
ZIP_READ_CHUNK = 1 * MB
# A flate-compressed colour A4 page at 600 dpi is about 105 MB once decoded.
MAX_PDF_STREAM_BYTES = 128 * MB
MAX_PDF_DECODED_BYTES = 512 * MB
INFLATE_CHUNK = 4 * MB

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
ZIP_FORMATS = {"docx", "xlsx"}


class UploadRefused(ValueError):
    """The file cannot be accepted; the message says why, for the person who sent it.

    ``code`` is stable (a dotted string such as ``upload.zip_bomb``) so that callers, logs and
    tests tell refusals apart without reading the translated message.
    """

    DEFAULT_CODE = "upload.refused"

    def __init__(self, message: str = "", code: str = DEFAULT_CODE) -> None:
        super().__init__(message or gettext("Tệp không được nhận."))
        self.code = code


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
        with _open_zip(data(), "ZIP") as archive:
            names = set(archive.namelist())
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
            gettext("Tệp quá lớn (%(size)s MB); tối đa %(limit)s MB mỗi tệp.")
            % {"size": f"{size / MB:.1f}", "limit": f"{limit / MB:.0f}"},
            code="upload.too_large",
        )
    if size == 0:
        raise UploadRefused(gettext("Tệp rỗng, không có nội dung."), code="upload.empty")
    upload.seek(0)
    data = upload.read()
    try:
        checked = _check_content(data, upload.name or "", normalise_kinds(accepted))
    except UploadRefused:
        raise
    except Exception:
        # A parser (Pillow, qpdf, zipfile, expat) failing in a way not foreseen above: the file
        # is malformed, and the person gets a refusal rather than a server error.
        log.exception("Upload refused: a parser failed on %r", upload.name)
        raise UploadRefused(
            gettext(
                "Không đọc được tệp: nội dung bị hỏng hoặc có cấu trúc không hợp lệ. "
                "Hãy mở tệp bằng phần mềm gốc, lưu lại rồi gửi lại."
            ),
            code="upload.unreadable",
        ) from None
    scan_for_viruses(data)
    return checked


def _check_content(data: bytes, name: str, wanted: set[str]) -> CheckedFile:
    kind = sniff(data[:512], lambda: data)
    if kind == "doc" and name.lower().endswith(".xls"):
        kind = "xls"
    if wanted & IMAGE_FORMATS:
        wanted.add("pdf")  # images are kept as PDF, so a scan already in PDF is welcome too
    if kind is None:
        raise UploadRefused(
            gettext(
                "Không nhận ra định dạng tệp (tệp bị hỏng hoặc không phải tài liệu). "
                "Chấp nhận: %(accepted)s."
            )
            % {"accepted": _labels(wanted)},
            code="upload.unknown_format",
        )
    if kind not in wanted:
        raise UploadRefused(
            gettext(
                "Tệp có nội dung %(kind)s, không thuộc định dạng được chấp nhận (%(accepted)s)."
            )
            % {"kind": FORMAT_LABELS[kind], "accepted": _labels(wanted)},
            code="upload.wrong_format",
        )
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0][:80] or "tai-lieu"
    if kind in IMAGE_FORMATS:
        return CheckedFile(
            image_to_pdf(data), f"{stem}.pdf", "pdf", kind, ("ảnh đã chuyển sang PDF",)
        )
    if kind == "pdf":
        cleaned, removed = clean_pdf(data)
        return CheckedFile(cleaned, f"{stem}.pdf", "pdf", "pdf", removed)
    if kind in ZIP_FORMATS:
        check_office(data, kind)
    elif kind == "xml":
        check_xml(data)
    return CheckedFile(data, f"{stem}.{kind}", kind, kind)


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
        raise UploadRefused(
            gettext("Không kiểm tra được virus, vui lòng thử lại sau."),
            code="upload.scan_unavailable",
        ) from None
    if signature is not None:
        log.warning("Upload refused: clamd found %s", signature)
        raise UploadRefused(
            gettext(
                "Tệp bị nhiễm virus hoặc mã độc (%(signature)s) nên không được nhận. "
                "Hãy quét virus trên máy của bạn rồi gửi lại bản sạch."
            )
            % {"signature": signature},
            code="upload.virus",
        )


def _labels(kinds: set[str]) -> str:
    return ", ".join(FORMAT_LABELS.get(k, k) for k in sorted(kinds))


# Images ---------------------------------------------------------------------------------------


def _image_damaged() -> UploadRefused:
    return UploadRefused(gettext("Ảnh bị hỏng, không mở được."), code="upload.malformed")


def _tiff_damaged() -> UploadRefused:
    return UploadRefused(
        gettext("Ảnh TIFF bị hỏng, không đọc được cấu trúc các trang."), code="upload.malformed"
    )


def image_frames(data: bytes) -> list[tuple[int, int]]:
    """The size of every frame the image holds, read from its headers without decoding pixels.

    An animated PNG is refused rather than cut to its first frame: a document is never
    animated, and the frame a browser shows may not be the one that would be kept.
    """
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return [_png_size(data)]
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return _tiff_sizes(data)
    return []  # JPEG: Pillow reads the size from the frame header; only the first is kept


def _png_size(data: bytes) -> tuple[int, int]:
    position, size = 8, None
    while position + 8 <= len(data):
        length, chunk = struct.unpack(">I4s", data[position : position + 8])
        if chunk == b"IHDR" and length >= 8 and position + 16 <= len(data):
            size = struct.unpack(">II", data[position + 8 : position + 16])
        elif chunk in (b"acTL", b"fcTL"):  # APNG animation control and frame control
            raise UploadRefused(
                gettext(
                    "Ảnh PNG động (nhiều khung hình) không phải là bản quét tài liệu; "
                    "hãy gửi ảnh tĩnh hoặc tệp PDF."
                ),
                code="upload.animated_image",
            )
        elif chunk == b"IEND":
            break
        position += 12 + length
    if size is None:
        raise _image_damaged()
    return size


_TIFF_DIMENSIONS = {256: 0, 257: 1}  # ImageWidth, ImageLength
_TIFF_SHORT, _TIFF_LONG = 3, 4


def _tiff_sizes(data: bytes) -> list[tuple[int, int]]:
    """Width and height of every page (each directory in the chain), refusing a broken chain."""
    order = "<" if data[:2] == b"II" else ">"
    (offset,) = struct.unpack(order + "I", data[4:8])
    sizes: list[tuple[int, int]] = []
    seen: set[int] = set()
    while offset:
        if offset in seen or offset + 2 > len(data):
            raise _tiff_damaged()  # a loop in the chain or a directory outside the file
        seen.add(offset)
        if len(sizes) >= MAX_IMAGE_PAGES:
            raise UploadRefused(
                gettext("Ảnh TIFF có quá nhiều trang (tối đa %(limit)s); hãy chia thành nhiều tệp.")
                % {"limit": MAX_IMAGE_PAGES},
                code="upload.image_too_large",
            )
        (count,) = struct.unpack(order + "H", data[offset : offset + 2])
        end = offset + 2 + 12 * count
        if end + 4 > len(data):
            raise _tiff_damaged()
        found: list[int | None] = [None, None]
        for entry in range(offset + 2, end, 12):
            tag, kind, values = struct.unpack(order + "HHI", data[entry : entry + 8])
            if tag not in _TIFF_DIMENSIONS:
                continue
            if values != 1 or kind not in (_TIFF_SHORT, _TIFF_LONG):
                raise _tiff_damaged()
            fmt = order + ("H" if kind == _TIFF_SHORT else "I")
            (value,) = struct.unpack_from(fmt, data, entry + 8)
            index = _TIFF_DIMENSIONS[tag]
            found[index] = max(value, found[index] or 0)  # a repeated tag: the worst case
        width, height = found
        if not width or not height:
            raise UploadRefused(
                gettext("Ảnh TIFF bị hỏng: trang %(page)s không ghi kích thước.")
                % {"page": len(sizes) + 1},
                code="upload.malformed",
            )
        sizes.append((width, height))
        (offset,) = struct.unpack(order + "I", data[end : end + 4])
    if not sizes:
        raise _tiff_damaged()
    return sizes


def _check_pixels(frames: Iterable[tuple[int, int]]) -> None:
    total = 0
    for width, height in frames:
        if width * height > MAX_IMAGE_PIXELS:
            raise UploadRefused(
                gettext(
                    "Ảnh quá lớn (%(width)s×%(height)s điểm ảnh); hãy quét ở độ phân giải thấp hơn."
                )
                % {"width": width, "height": height},
                code="upload.image_too_large",
            )
        total += width * height
        if total > MAX_TOTAL_PIXELS:
            raise UploadRefused(
                gettext(
                    "Ảnh quá lớn: các trang cộng lại vượt %(limit)s triệu điểm ảnh; "
                    "hãy quét ở độ phân giải thấp hơn hoặc chia thành nhiều tệp."
                )
                % {"limit": MAX_TOTAL_PIXELS // 1_000_000},
                code="upload.image_too_large",
            )


def image_to_pdf(data: bytes) -> bytes:
    """One PDF page per page of the image, refusing images too large to decode safely.

    Every frame's size is checked from the headers before any pixel is decoded, and pages are
    decoded one at a time, so memory is bounded by one page whatever the number of pages.
    """
    frames = image_frames(data)
    _check_pixels(frames)
    pages: list[bytes] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                # TIFF pages are pages of the document; a JPEG's further pictures (MPO) are
                # previews or stereo views of the same shot.
                count = len(frames) if data[:4] in (b"II*\x00", b"MM\x00*") else 1
                seen: list[tuple[int, int]] = []
                for index in range(count):
                    image.seek(index)
                    seen.append(image.size)  # from the header, before this page is decoded
                    _check_pixels(seen)
                    pages.append(_page_pdf(image))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRefused(
            gettext("Ảnh quá lớn để mở an toàn."), code="upload.image_too_large"
        ) from None
    except (OSError, ValueError, SyntaxError, EOFError, struct.error):
        raise _image_damaged() from None
    return _merge_pages(pages)


def _page_pdf(image: Image.Image) -> bytes:
    with image.convert("RGB") as page:
        output = io.BytesIO()
        page.save(output, "PDF", resolution=200.0)
    return output.getvalue()


def _merge_pages(pages: list[bytes]) -> bytes:
    # Pillow writes a loose cross-reference table that strict readers (the signer) refuse:
    # rewrite it with qpdf so the page can be signed as a certified copy.
    sources = [pikepdf.open(io.BytesIO(page)) for page in pages]
    try:
        merged = pikepdf.new()
        for source in sources:
            merged.pages.extend(source.pages)
        output = io.BytesIO()
        merged.save(output)  # the sources stay open until here: qpdf copies their streams late
    finally:
        for source in sources:
            source.close()
    return output.getvalue()


# Office files (zip containers) ----------------------------------------------------------------

_MACRO_PARTS = re.compile(r"(^|/)(vbaproject\.bin|vbadata\.xml)$|^xl/macrosheets/", re.I)
_MACRO_TYPES = (b"macroenabled", b"vnd.ms-office.vbaproject", b"macrosheet", b"vnd.ms-excel.intl")
_ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
# 2.0 is deflate, 4.5 zip64: what Word, Excel and LibreOffice write. Later versions mean
# compression or encryption that Office files do not use.
MAX_ZIP_VERSION = 45


def _open_zip(data: bytes, label: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except NotImplementedError:  # zipfile's own signal for a compression method it lacks
        raise _zip_unsupported(label) from None
    except (zipfile.BadZipFile, ValueError, struct.error, EOFError):
        raise UploadRefused(
            gettext("Tệp %(kind)s bị hỏng, không đọc được.") % {"kind": label},
            code="upload.malformed",
        ) from None


def _zip_unsupported(label: str) -> UploadRefused:
    return UploadRefused(
        gettext(
            "Tệp %(kind)s dùng phiên bản hoặc kiểu nén ZIP không được hỗ trợ; "
            "hãy mở bằng Word hoặc Excel, lưu lại rồi gửi lại."
        )
        % {"kind": label},
        code="upload.zip_unsupported",
    )


def _zip_bomb(label: str) -> UploadRefused:
    return UploadRefused(
        gettext(
            "Tệp %(kind)s giải nén ra quá lớn (tối đa %(limit)s MB, mỗi phần tối đa "
            "%(member)s MB): tệp có dấu hiệu bom giải nén nên không được nhận."
        )
        % {
            "kind": label,
            "limit": MAX_ZIP_TOTAL_BYTES // MB,
            "member": MAX_ZIP_MEMBER_BYTES // MB,
        },
        code="upload.zip_bomb",
    )


def check_office(data: bytes, kind: str) -> None:
    """Refuse a Word or Excel file that inflates too far, carries macros or hides a DTD.

    Sizes come from the central directory before anything is inflated; then every part is
    read through a bounded stream, so a directory that lies about sizes gains nothing.
    """
    label = FORMAT_LABELS[kind]
    with _open_zip(data, label) as archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise _zip_bomb(label)
        total = 0
        for member in members:
            if member.flag_bits & 0x1:
                raise UploadRefused(
                    gettext("Tệp %(kind)s có mật khẩu: hãy gửi bản không đặt mật khẩu.")
                    % {"kind": label},
                    code="upload.encrypted",
                )
            if member.compress_type not in _ZIP_METHODS or member.extract_version > (
                MAX_ZIP_VERSION
            ):
                raise _zip_unsupported(label)
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if (
                member.file_size > MAX_ZIP_MEMBER_BYTES
                or total > MAX_ZIP_TOTAL_BYTES
                or (member.file_size > ZIP_RATIO_FROM_BYTES and ratio > MAX_ZIP_RATIO)
            ):
                raise _zip_bomb(label)
            if _MACRO_PARTS.search(member.filename):
                raise _macros(label)
        read = 0
        for member in members:
            name = member.filename
            inspected = name == "[Content_Types].xml" or name.lower().endswith((".xml", ".rels"))
            size, content = _read_member(data, member, label, MAX_ZIP_TOTAL_BYTES - read, inspected)
            read += size
            if name == "[Content_Types].xml" and any(t in content.lower() for t in _MACRO_TYPES):
                raise _macros(label)
            if inspected and _has_dtd(content):
                raise _xml_dtd()


def _read_member(
    data: bytes, member: zipfile.ZipInfo, label: str, room: int, keep: bool
) -> tuple[int, bytes]:
    """The part's size and (when kept) content, inflated here with a bound of its own.

    zipfile stops at the size the directory declares, which would let a part that inflates
    further pass unnoticed; here the real size must match the declared one, and the bound
    holds whatever either says.
    """
    damaged = UploadRefused(
        gettext("Tệp %(kind)s bị hỏng, không đọc được.") % {"kind": label},
        code="upload.malformed",
    )
    start = member.header_offset
    if data[start : start + 4] != b"PK\x03\x04":
        raise damaged
    name_length, extra_length = struct.unpack("<HH", data[start + 26 : start + 30])
    begin = start + 30 + name_length + extra_length
    raw = data[begin : begin + member.compress_size]
    if len(raw) < member.compress_size:
        raise damaged
    limit = min(MAX_ZIP_MEMBER_BYTES, room, member.file_size)
    if member.compress_type == zipfile.ZIP_STORED:
        size, content, complete, crc = len(raw), raw, True, zlib.crc32(raw)
        if size > limit:
            raise _zip_bomb(label)
    else:
        size, content, complete, crc = _inflate(raw, limit, lambda: _zip_bomb(label), -15, keep)
    if not complete or size != member.file_size or crc != member.CRC:
        raise damaged
    return size, content


def _macros(label: str) -> UploadRefused:
    return UploadRefused(
        gettext(
            "Tệp %(kind)s có chứa macro (mã lệnh VBA) nên không được nhận; hãy lưu lại thành "
            "tài liệu không có macro (.docx hoặc .xlsx) rồi gửi lại."
        )
        % {"kind": label},
        code="upload.macros",
    )


def _has_dtd(content: bytes) -> bool:
    lowered = content.lower()
    return b"<!doctype" in lowered or b"<!entity" in lowered


# XML ------------------------------------------------------------------------------------------

_SCRIPTABLE_NAMESPACES = {
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xhtml",
}
_SCRIPT_URL = re.compile(r"^(javascript|vbscript|livescript):", re.I)
_URL_NOISE = re.compile(r"[\x00-\x20]+")  # what browsers skip inside a URL scheme
_EVENT_ATTRIBUTE = re.compile(r"^on[a-z]+$", re.I)


def _xml_dtd() -> UploadRefused:
    return UploadRefused(
        gettext(
            "Tệp XML có khai báo DOCTYPE hoặc thực thể (ENTITY), là cách thường dùng để tấn công "
            "máy chủ, nên không được nhận; hãy gửi bản không có phần khai báo này."
        ),
        code="upload.xml_dtd",
    )


def _xml_script(what: str) -> UploadRefused:
    return UploadRefused(
        gettext("Tệp XML có chứa mã lệnh (%(what)s) nên không được nhận.") % {"what": what},
        code="upload.xml_script",
    )


def check_xml(data: bytes) -> None:
    """Refuse XML with a DTD (entity expansion, external entities) or with script in it.

    Expat stops at the DOCTYPE before any entity is declared or expanded. Event handler
    attributes only run on SVG and XHTML elements (or in a document whose root is ``svg`` or
    ``html``, which a browser may take for one); ``<script>`` and ``javascript:`` links are
    refused wherever they are.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root: list[str] = []

    def doctype(*_args: Any) -> None:
        raise _xml_dtd()

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if not root:
            root.append(local.lower())
        if local.lower() == "script":
            raise _xml_script("<script>")
        scriptable = namespace in _SCRIPTABLE_NAMESPACES or root[0] in ("svg", "html")
        for attribute, value in attributes.items():
            attribute_local = attribute.rpartition(" ")[2]
            if scriptable and _EVENT_ATTRIBUTE.match(attribute_local):
                raise _xml_script(f"{attribute_local}=")
            link = _SCRIPT_URL.match(_URL_NOISE.sub("", value))
            if link:
                raise _xml_script(link.group(0))

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise UploadRefused(
            gettext("Tệp XML bị hỏng (dòng %(line)s), không đọc được.") % {"line": error.lineno},
            code="upload.malformed",
        ) from None


# PDF ------------------------------------------------------------------------------------------

_ACTION_KEYS = ("/OpenAction", "/AA")
_FLATE = ("/FlateDecode", "/Fl")
_RUN_LENGTH = ("/RunLengthDecode", "/RL")
_LZW = ("/LZWDecode", "/LZW")
_ASCII_HEX = ("/ASCIIHexDecode", "/AHx")
_ASCII_85 = ("/ASCII85Decode", "/A85")


def _pdf_damaged() -> UploadRefused:
    return UploadRefused(gettext("Tệp PDF bị hỏng, không đọc được."), code="upload.malformed")


def clean_pdf(data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """The PDF without scripts, automatic or launch actions and embedded files.

    Malformed entries (a /Names that is not a dictionary, an /AcroForm array, annotations
    that are not dictionaries) hold nothing a reader could run, so they are left as they are.
    """
    removed: list[str] = []
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise UploadRefused(
            gettext("Tệp PDF có mật khẩu: hãy gửi bản không đặt mật khẩu."),
            code="upload.encrypted",
        ) from None
    except pikepdf.PdfError:
        raise _pdf_damaged() from None
    with pdf:
        if pdf.is_encrypted:
            raise UploadRefused(
                gettext("Tệp PDF bị mã hóa: hãy gửi bản không mã hóa."), code="upload.encrypted"
            )
        try:
            check_pdf_streams(pdf)
            removed.extend(_clean_catalog(pdf.Root))
            for page in pdf.pages:
                if "/AA" in page.obj:
                    del page.obj["/AA"]
                    removed.append("hành động tự chạy")
                annotations = page.obj.get("/Annots")
                if isinstance(annotations, pikepdf.Array):
                    for annotation in annotations:
                        if isinstance(annotation, pikepdf.Dictionary):
                            removed.extend(_clean_annotation(annotation))
            output = io.BytesIO()
            pdf.save(output)
        except pikepdf.PdfError:
            raise _pdf_damaged() from None
    return output.getvalue(), tuple(dict.fromkeys(removed))


def check_pdf_streams(pdf: pikepdf.Pdf) -> None:
    """Refuse a PDF whose streams decode past the bounds, measured without keeping the output."""
    total = 0
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            total += _decoded_size(obj)
            if total > MAX_PDF_DECODED_BYTES:
                raise UploadRefused(
                    gettext(
                        "Tệp PDF giải nén ra hơn %(limit)s MB dữ liệu; "
                        "hãy chia thành nhiều tệp nhỏ hơn."
                    )
                    % {"limit": MAX_PDF_DECODED_BYTES // MB},
                    code="upload.pdf_stream_too_large",
                )


def _pdf_stream_too_large() -> UploadRefused:
    return UploadRefused(
        gettext(
            "Tệp PDF có một luồng dữ liệu giải nén ra hơn %(limit)s MB (dấu hiệu bom giải nén) "
            "nên không được nhận; hãy xuất lại PDF từ phần mềm gốc."
        )
        % {"limit": MAX_PDF_STREAM_BYTES // MB},
        code="upload.pdf_stream_too_large",
    )


def _filters(stream: pikepdf.Stream) -> list[str]:
    value = stream.get("/Filter")
    if isinstance(value, pikepdf.Name):
        return [str(value)]
    if isinstance(value, pikepdf.Array):
        return [str(item) for item in value if isinstance(item, pikepdf.Name)]
    return []


def _decoded_size(stream: pikepdf.Stream) -> int:
    """The size of the stream once its general-purpose filters are undone, within the bound.

    Image codecs (DCT, JPX, JBIG2, CCITT) end the measure: what they produce is pixels.
    """
    filters = _filters(stream)
    content = stream.read_raw_bytes()
    size = len(content)
    for position, name in enumerate(filters):
        last = not any(
            f in _FLATE + _RUN_LENGTH + _LZW + _ASCII_HEX + _ASCII_85
            for f in filters[position + 1 :]
        )
        if name in _FLATE:
            # a damaged stream: readers stop where it breaks, and so does the measure
            size, content, _ended, _crc = _inflate(
                content, MAX_PDF_STREAM_BYTES, _pdf_stream_too_large, keep=not last
            )
        elif name in _RUN_LENGTH:
            size, content = _run_length(content, keep=not last)
        elif name in _LZW:
            size = _lzw_size(content, _early_change(stream, position))
            if not last:
                raise _pdf_stream_too_large() if size > MAX_PDF_STREAM_BYTES else _pdf_damaged()
        elif name in _ASCII_HEX:
            content = _ascii_hex(content)
            size = len(content)
        elif name in _ASCII_85:
            content = _ascii_85(content)
            size = len(content)
        else:
            break
        if size > MAX_PDF_STREAM_BYTES:
            raise _pdf_stream_too_large()
        if last:
            break
    return size


def _inflate(
    raw: bytes,
    limit: int,
    too_large: Callable[[], UploadRefused],
    wbits: int = 15,
    keep: bool = True,
) -> tuple[int, bytes, bool, int]:
    """Bytes a deflate stream inflates to, stopping past ``limit`` (never holding more).

    Returns the size, the content when kept, whether the stream ended properly, and its CRC-32.
    """
    inflater = zlib.decompressobj(wbits)
    kept: list[bytes] = []
    size = crc = 0
    pending = raw
    try:
        while True:
            piece = inflater.decompress(pending, INFLATE_CHUNK)
            size += len(piece)
            crc = zlib.crc32(piece, crc)
            if size > limit:
                raise too_large()
            if keep:
                kept.append(piece)
            pending = inflater.unconsumed_tail
            if inflater.eof or (not pending and len(piece) < INFLATE_CHUNK):
                break
    except zlib.error:
        return size, b"".join(kept), False, crc
    return size, b"".join(kept), inflater.eof, crc


def _run_length(raw: bytes, *, keep: bool) -> tuple[int, bytes]:
    out = bytearray()
    size = position = 0
    while position < len(raw):
        length = raw[position]
        if length == 128:
            break
        if length < 128:
            run = raw[position + 1 : position + 2 + length]
            position += 2 + length
        else:
            run = raw[position + 1 : position + 2] * (257 - length)
            position += 2
        size += len(run)
        if size > MAX_PDF_STREAM_BYTES:
            raise _pdf_stream_too_large()
        if keep:
            out += run
    return size, bytes(out)


def _early_change(stream: pikepdf.Stream, position: int) -> int:
    params = stream.get("/DecodeParms")
    if isinstance(params, pikepdf.Array):
        params = params[position] if position < len(params) else None
    if isinstance(params, pikepdf.Dictionary):
        value = params.get("/EarlyChange", 1)
        return 0 if value == 0 else 1
    return 1


def _lzw_size(raw: bytes, early: int) -> int:
    """Bytes an LZW stream decodes to, from the lengths of its table entries alone."""
    lengths = [1] * 256 + [0, 0]  # 256 clears the table, 257 ends the data
    width, bits, held, previous, size = 9, 0, 0, -1, 0
    for byte in raw:
        bits = (bits << 8) | byte
        held += 8
        while held >= width:
            held -= width
            code = (bits >> held) & ((1 << width) - 1)
            bits &= (1 << held) - 1
            if code == 256:
                del lengths[258:]
                width, previous = 9, -1
                continue
            if code == 257:
                return size
            if code < len(lengths):
                length = lengths[code]
            elif code == len(lengths) and previous >= 0:
                length = lengths[previous] + 1
            else:
                raise _pdf_damaged()
            if previous >= 0 and len(lengths) < 4096:
                lengths.append(lengths[previous] + 1)
            size += length
            if size > MAX_PDF_STREAM_BYTES:
                raise _pdf_stream_too_large()
            previous = code
            if len(lengths) + early >= (1 << width) and width < 12:
                width += 1
    return size


def _ascii_hex(raw: bytes) -> bytes:
    digits = re.sub(rb"\s", b"", raw.split(b">", 1)[0])
    try:
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
    except ValueError:
        raise _pdf_damaged() from None


def _ascii_85(raw: bytes) -> bytes:
    body = raw.split(b"~>", 1)[0].strip()
    body = body.removeprefix(b"<~")
    try:
        return base64.a85decode(body, ignorechars=b" \t\n\r\x0b\x0c\x00")
    except ValueError:
        raise _pdf_damaged() from None


def _clean_catalog(root: Any) -> list[str]:
    removed = []
    for key in _ACTION_KEYS:
        if key in root:
            del root[key]
            removed.append("hành động tự chạy")
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        for key, label in (
            ("/JavaScript", "JavaScript"),
            ("/EmbeddedFiles", "tệp đính kèm"),
        ):
            if key in names:
                del names[key]
                removed.append(label)
    acroform = root.get("/AcroForm")
    if isinstance(acroform, pikepdf.Dictionary) and "/XFA" in acroform:
        del acroform["/XFA"]
        removed.append("biểu mẫu XFA")
    return removed


def _clean_annotation(annotation: Any) -> list[str]:
    removed = []
    for key in ("/A", "/AA"):
        action = annotation.get(key)
        if action is None:
            continue
        kind = action.get("/S") if isinstance(action, pikepdf.Dictionary) else None
        if key == "/AA" or kind in ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm"):
            del annotation[key]
            removed.append("JavaScript" if kind == "/JavaScript" else "hành động nguy hiểm")
    if annotation.get("/Subtype") == "/FileAttachment":
        annotation.Subtype = pikepdf.Name.Square
        if "/FS" in annotation:
            del annotation["/FS"]
        removed.append("tệp đính kèm")
    return removed
