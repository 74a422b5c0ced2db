"""Files made on the fly for tests and the demo (nothing is downloaded)."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf
from PIL import Image

if TYPE_CHECKING:
    from documents.models import IssuedDocument


def pdf_bytes(pages: int = 1) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def replace_first_page(signed: bytes, text: bytes = b"GIA MAO") -> bytes:
    """``signed`` with one more incremental revision that swaps page 1's content stream: the
    signatures' bytes stay intact, but what the page shows is no longer what was signed."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    content = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 700 Td (" + text + b") Tj ET")
    page["/Contents"] = writer.add_object(content)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def overwrite_stored(document: IssuedDocument, data: bytes) -> None:
    """Replace an issued document's stored file behind the application's back (local storage),
    as someone with access to the disk could."""
    Path(document.file.path).write_bytes(data)


def read_stored(document: IssuedDocument) -> bytes:
    with document.file.open("rb") as handle:
        content: bytes = handle.read()
    return content


def pdf_with_javascript() -> bytes:
    pdf = pikepdf.open(io.BytesIO(pdf_bytes()))
    script = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('x')"))
    )
    pdf.Root.OpenAction = script
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("a"), script])),
        EmbeddedFiles=pikepdf.Dictionary(Names=pikepdf.Array()),
    )
    launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))
    pdf.pages[0].obj.Annots = pdf.make_indirect(
        pikepdf.Array(
            [pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, A=launch)]
        )
    )
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    pdf = pikepdf.open(io.BytesIO(pdf_bytes()))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="secret"))
    return out.getvalue()


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (200, 100)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header claims a gigantic image."""
    data = bytearray(image_bytes("PNG", (1, 1)))
    ihdr = bytearray(data[12:29])  # type + 13 bytes of IHDR data
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)) & 0xFFFFFFFF)
    return bytes(data)


def docx_bytes() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


PDFTOPPM = "/usr/bin/pdftoppm"


def render_png(pdf: bytes, dpi: int = 50) -> bytes:
    """The first page rendered by poppler's ``pdftoppm``, as PNG bytes."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603 - a fixed program on our own temporary files
            [PDFTOPPM, "-r", str(dpi), "-png", "-singlefile", "-f", "1", "-l", "1",
             str(source), str(Path(folder) / "page")],
            capture_output=True,
            check=True,
        )  # fmt: skip
        return (Path(folder) / "page.png").read_bytes()


def pdf_text(pdf: bytes) -> str:
    """The text of every page (pypdf's extraction), for tests that read what a PDF says."""
    from io import BytesIO

    from pypdf import PdfReader  # a development dependency: tests only

    return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages)
