"""Issuing electronic documents: render (from a versioned template, with plain data), sign,
store once. What a dossier's documents say and who signs them is decided in ``dossiers``
(``dossiers.slips``: slips; ``dossiers.results``: results and certified copies), which call
these functions; this module knows nothing of dossiers.

Every PDF carries a QR to its public verification page (``verify_url``).
"""

from __future__ import annotations

import hashlib
import ssl
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.template import engines
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from documents import signing
from documents.files import staged
from documents.models import DocumentTemplate, IssuedDocument
from documents.pdf import qr_svg


def verify_url(code: str) -> str:
    """The public page of an issued document, printed as a QR on it."""
    path = reverse("documents:public", args=[code])
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + path


def document_frame(code: str, issued: datetime) -> dict[str, Any]:
    """What a document's template prints around its body, slip or result alike: the place and
    date line, and once the document has its ``code``, the QR to its verification page."""
    verify = verify_url(code) if code else ""
    return {
        "issued": issued,
        "place": settings.MOTCUA_PLACE_NAME,
        "code": code,
        "verify": verify,
        "verify_qr": qr_svg(verify) if verify else "",
    }


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


_renderers = threading.local()


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html``. Each thread keeps WeasyPrint's font configuration (fontconfig's
    setup, the fonts' metrics) and one TLS context for its URL fetcher: made for every
    document they cost about a third of a slip's rendering (a new fetcher loads the system's
    CA store)."""
    from weasyprint import HTML  # imported on use: about 0.7 s, only where PDFs are made
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    if not hasattr(_renderers, "fonts"):
        _renderers.fonts = FontConfiguration()
        _renderers.tls = ssl.create_default_context()
    fetcher = URLFetcher(ssl_context=_renderers.tls)
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf(font_config=_renderers.fonts))


def bind_pdfs(*parts: bytes) -> bytes:
    """One PDF of the pages of ``parts``, in order: a document and the page that certifies it,
    signed afterwards as one file (so neither can be swapped without breaking the signature).
    The pages keep their content and lose their form fields (widgets)."""
    import io
    import warnings

    import pikepdf

    sources = [pikepdf.open(io.BytesIO(part)) for part in parts]
    try:
        bound = pikepdf.new()
        with warnings.catch_warnings():  # that the pages come without their form: wanted
            warnings.filterwarnings("ignore", message="Copying pages from another Pdf")
            for source in sources:
                bound.pages.extend(source.pages)
        for page in bound.pages:
            # Form fields do not come with the pages: a signed original's signature fields
            # would be left as widgets whose signatures no longer cover this file (a validator
            # reports each as broken). The new signatures vouch for the pages as they show.
            if "/Annots" in page.obj:
                kept = [a for a in page.obj.Annots if a.get("/Subtype") != pikepdf.Name.Widget]
                page.obj.Annots = pikepdf.Array(kept)
        output = io.BytesIO()
        bound.save(output)  # the sources stay open until here: qpdf copies their streams late
    finally:
        for source in sources:
            source.close()
    return output.getvalue()


def page_count(pdf: bytes) -> int:
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def save_document(document: IssuedDocument, content: bytes, name: str) -> IssuedDocument:
    store_document(document, content, name).save()
    return document


def store_document(document: IssuedDocument, content: bytes, name: str) -> IssuedDocument:
    """Store the file and fill in what it says (hash, size, level), without saving the row:
    a caller that signs before it locks records the row later, or discards the file."""
    document.sha256 = hashlib.sha256(content).hexdigest()
    document.size = len(content)
    document.level = signing.level()
    document.file.save(name, ContentFile(content), save=False)
    staged(document.file.name)  # removed again if the caller's staging block fails
    return document


def signer_entry(holder: signing.Holder, title: str = "") -> dict[str, str]:
    """Who signed, as ``IssuedDocument.signers`` keeps it: ``kind`` ("person" or "unit" for a
    seal), ``name``, ``unit`` (the body signed for, or sealed with) and, for a person signing
    in a position, ``title`` (chức vụ). Entries written before titles have no ``title``."""
    entry = {"kind": holder.kind, "name": holder.name, "unit": holder.unit_name}
    if title:
        entry["title"] = title
    return entry


def signer_label(entry: dict[str, str]) -> str:
    """A signer as people read it: "Hoàng Minh Tuấn — Phó Chủ tịch, Ủy ban nhân dân Phường
    Hoàn Kiếm"; a seal as "Con dấu điện tử của Ủy ban nhân dân Phường Hoàn Kiếm". Older
    entries (no title) give the name and body only."""
    name, body, title = entry.get("name", ""), entry.get("unit", ""), entry.get("title", "")
    if entry.get("kind") == "unit":
        return gettext("Con dấu điện tử của %(body)s") % {"body": body or name}
    where = ", ".join(part for part in (title, body) if part)
    return f"{name} — {where}" if where else name
