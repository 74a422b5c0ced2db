"""Malicious and malformed files, built byte by byte for the upload-check tests.

Everything is made here, compactly: a bomb is a few hundred kilobytes that claims gigabytes,
so building one never costs the memory it would take to open it the naive way.
"""

from __future__ import annotations

import io
import os
import resource
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import pikepdf

from documents import testing as samples
from documents.checks import UploadRefused

MB = 1024 * 1024
ZERO_BLOCK = 16 * MB


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def animated_png(frames: int = 12, width: int = 4000, height: int = 4000) -> bytes:
    """An APNG of ``frames`` black RGB frames: every frame's data is the same compressed rows."""
    rows = zlib.compress(bytes(height * (1 + 3 * width)), 9)  # filter byte 0, then zeros

    def frame_control(sequence: int) -> bytes:
        return _chunk(
            b"fcTL", struct.pack(">IIIIIHHBB", sequence, width, height, 0, 0, 1, 10, 0, 0)
        )

    parts = [
        b"\x89PNG\r\n\x1a\n",
        _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
        _chunk(b"acTL", struct.pack(">II", frames, 0)),
        frame_control(0),
        _chunk(b"IDAT", rows),
    ]
    sequence = 1
    for _ in range(frames - 1):
        parts.append(frame_control(sequence))
        parts.append(_chunk(b"fdAT", struct.pack(">I", sequence + 1) + rows))
        sequence += 2
    parts.append(_chunk(b"IEND", b""))
    return b"".join(parts)


@dataclass(frozen=True)
class TiffPage:
    width: int
    height: int
    dimensions: bool = True  # False leaves out ImageLength
    compression: int = 8  # Adobe deflate


def tiff(pages: list[TiffPage]) -> bytes:
    """A little-endian grey TIFF whose pages all point at one deflated strip of zeros.

    The strip is as large as the biggest page claims, so each page really decodes to its full
    size: a few kilobytes on disk, gigabytes once decoded.
    """
    largest = max(page.width * page.height for page in pages)
    strip = zlib.compress(bytes(largest), 9)
    header = 8
    ifd_size = 2 + 12 * 9 + 4
    strip_offset = header + ifd_size * len(pages)
    out = bytearray(b"II*\x00" + struct.pack("<I", header))
    for index, page in enumerate(pages):
        entries = [
            (256, 4, page.width),  # ImageWidth
            (257, 4, page.height),  # ImageLength
            (258, 3, 8),  # BitsPerSample
            (259, 3, page.compression),
            (262, 3, 1),  # PhotometricInterpretation: black is zero
            (273, 4, strip_offset),  # StripOffsets
            (277, 3, 1),  # SamplesPerPixel
            (278, 4, page.height),  # RowsPerStrip: one strip
            (279, 4, len(strip)),  # StripByteCounts
        ]
        if not page.dimensions:
            entries = [entry for entry in entries if entry[0] != 257]
            entries.append((65000, 3, 0))  # a private tag keeps the directory size
        out += struct.pack("<H", len(entries))
        for tag, kind, value in entries:
            packed = struct.pack("<H", value) + b"\0\0" if kind == 3 else struct.pack("<I", value)
            out += struct.pack("<HHI", tag, kind, 1) + packed
        following = header + ifd_size * (index + 1) if index + 1 < len(pages) else 0
        out += struct.pack("<I", following)
    return bytes(out + strip)


def raw_deflate_of_zeros(size: int) -> bytes:
    """Raw deflate data that inflates to ``size`` zero bytes (a multiple of 16 MB), built from
    one flushed block repeated, so it costs one 16 MB compression whatever the size."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(ZERO_BLOCK)) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15)
    return block * (size // ZERO_BLOCK) + end.compress(b"") + end.flush()


def zlib_of_zeros(size: int) -> bytes:
    """The same in the zlib format PDF streams use (header, data, Adler-32 of the zeros)."""
    checksum = 1
    zeros = bytes(ZERO_BLOCK)
    for _ in range(size // ZERO_BLOCK):
        checksum = zlib.adler32(zeros, checksum)
    return b"\x78\xda" + raw_deflate_of_zeros(size) + struct.pack(">I", checksum)


@dataclass(frozen=True)
class ZipMember:
    name: str
    data: bytes  # as stored: already compressed when method is 8
    size: int  # the uncompressed size the headers declare
    crc: int
    method: int = 0
    version: int = 20


def stored(name: str, content: bytes) -> ZipMember:
    return ZipMember(name, content, len(content), zlib.crc32(content))


def deflated_zeros(name: str, size: int, declared: int | None = None) -> ZipMember:
    crc = 0
    zeros = bytes(ZERO_BLOCK)
    for _ in range(size // ZERO_BLOCK):
        crc = zlib.crc32(zeros, crc)
    return ZipMember(name, raw_deflate_of_zeros(size), declared or size, crc, method=8)


def raw_zip(members: list[ZipMember]) -> bytes:
    """A zip written by hand, so that its headers can say what zipfile would never write."""
    body = bytearray()
    directory = bytearray()
    for member in members:
        name = member.name.encode()
        offset = len(body)
        fields = (member.version, 0, member.method, 0, 0, member.crc)
        sizes = (len(member.data), member.size, len(name), 0)
        body += struct.pack("<4sHHHHHI", b"PK\x03\x04", *fields)
        body += struct.pack("<IIHH", *sizes) + name + member.data
        directory += struct.pack("<4sHHHHHHI", b"PK\x01\x02", 20, *fields)
        directory += struct.pack("<IIHHHHHII", *sizes, 0, 0, 0, 0, offset) + name
    end = struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(body), 0
    )
    return bytes(body + directory + end)


CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCM_CONTENT_TYPES = CONTENT_TYPES.replace(
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "vnd.ms-word.document.macroEnabled.main+xml",
)
DOCUMENT = '<?xml version="1.0"?><w:document xmlns:w="urn:w"><w:body/></w:document>'


def docx(*extra: ZipMember, content_types: str = CONTENT_TYPES, document: str = DOCUMENT) -> bytes:
    return raw_zip(
        [
            stored("[Content_Types].xml", content_types.encode()),
            stored("word/document.xml", document.encode()),
            *extra,
        ]
    )


def pdf_with(**catalog: object) -> bytes:
    """A one-page PDF whose catalog gets the given entries (as pikepdf objects or Python)."""
    pdf = pikepdf.open(io.BytesIO(samples.pdf_bytes()))
    for key, value in catalog.items():
        pdf.Root[f"/{key}"] = value
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def pdf_with_annotations(annotations: pikepdf.Array) -> bytes:
    pdf = pikepdf.open(io.BytesIO(samples.pdf_bytes()))
    pdf.pages[0].obj.Annots = annotations
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def pdf_with_stream(raw: bytes, filters: list[str]) -> bytes:
    """A one-page PDF whose content stream holds ``raw`` as it is, behind ``filters``."""
    pdf = pikepdf.open(io.BytesIO(samples.pdf_bytes()))
    stream = pikepdf.Stream(pdf, raw)
    stream.Filter = pikepdf.Array([pikepdf.Name(name) for name in filters])
    pdf.pages[0].obj.Contents = pdf.make_indirect(stream)
    out = io.BytesIO()
    pdf.save(out)  # qpdf keeps flate streams as they are: the bomb is written unopened
    return out.getvalue()


def refusal_and_peak_memory(check: Callable[[], object]) -> tuple[str | None, int]:
    """The refusal code ``check`` ends with (None when it passes) and the resident memory it
    added at its peak, in bytes.

    It runs in a forked child, whose peak resident size starts at the parent's current size,
    so what Pillow, qpdf and zlib allocate in C counts too (tracemalloc sees only Python).
    """
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe and exits
        code = "-"
        try:
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            try:
                check()
            except UploadRefused as refused:
                code = refused.code
            except BaseException as error:  # reported to the parent as is
                code = f"!{type(error).__name__}"
            after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            os.write(write, f"{code} {(after - before) * 1024}".encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        report = pipe.read().decode()
    os.waitpid(child, 0)
    code, peak = report.split()
    if code.startswith("!"):
        raise AssertionError(f"the check raised {code[1:]}")
    return (None if code == "-" else code), int(peak)


def zlib_compress(data: bytes) -> bytes:
    return zlib.compress(data, 9)
