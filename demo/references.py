"""Reference renderings of the declarations and results in the database (``demo references``).

Every declaration and result PDF is checked with poppler's ``pdfsig`` first, as the tests do:
pdfsig runs cleanly, finds at least one signature, and says "Signature is Valid." of each. The
certificate line is reported, not judged: the demo CA is in no NSS store, so poppler answers
"Certificate issuer is unknown." for a good demo signature (docs/eforms.md, "Reference
renderings"). Only when every document passes are its pages rendered with ``pdftoppm`` into
``<kind>-<procedure code>-<n>-p<page>.png`` (``n``: the document's rank among those of its kind
and procedure, in the order stored) and listed in a README.md; the images of an earlier run are
replaced, stale ones removed.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from documents.models import IssuedDocument
from documents.poppler import PdfsigReport, pdfsig, render_pages

KINDS = (IssuedDocument.Kind.DECLARATION, IssuedDocument.Kind.RESULT)
DEFAULT_DPI = 60
# What an export writes; anything else in the folder is left alone.
IMAGE_NAME = re.compile(r"^(declaration|result)-[0-9.]+-\d+-p\d+\.png$")
README = "README.md"


class NotValid(Exception):
    """A document pdfsig does not find valid, or whose stored file cannot be read."""


@dataclass(frozen=True)
class Reference:
    document: IssuedDocument
    procedure_code: str
    procedure_name: str
    dossier_code: str
    dossier_status: str
    stem: str
    report: PdfsigReport
    pages: tuple[str, ...] = ()

    def pdfsig_summary(self) -> str:
        """One line per signature: the signer, pdfsig's verdict and its certificate line."""
        return "; ".join(
            f"{s.signer}: {s.validation} {s.certificate}"
            + (" Total document signed." if s.whole_document else "")
            for s in self.report.signatures
        )


def read(document: IssuedDocument) -> bytes:
    with document.file.open("rb") as stored:
        data: bytes = stored.read()
    return data


def checked(document: IssuedDocument, data: bytes) -> PdfsigReport:
    """pdfsig's report of ``data``; NotValid, saying what pdfsig said, unless valid."""
    report = pdfsig(data)
    if not report.valid:
        verdicts = ", ".join(s.validation for s in report.signatures) or "no signature found"
        raise NotValid(
            f"{document.code} ({document.kind}, {document.reference}, {document.file.name}): "
            f"pdfsig does not find the signatures valid (exit {report.returncode}: {verdicts}).\n"
            f"{report.output}"
        )
    return report


def check_all() -> list[tuple[Reference, bytes]]:
    """Every declaration and result with its bytes, in a stable order, all checked."""
    documents = (
        IssuedDocument.objects.filter(kind__in=KINDS)
        .select_related("dossier_link__dossier__procedure_version__procedure")
        .order_by("kind", "dossier_link__dossier__procedure_version__procedure__code", "pk")
    )
    ranks: Counter[tuple[str, str]] = Counter()
    checked_documents = []
    for document in documents:
        dossier = document.dossier_link.dossier
        version = dossier.procedure_version
        code = version.procedure.code
        ranks[(document.kind, code)] += 1
        try:
            data = read(document)
        except OSError as exc:
            raise NotValid(
                f"{document.code} ({document.kind}, {document.reference}): the stored file "
                f"{document.file.name} cannot be read ({exc})."
            ) from None
        reference = Reference(
            document=document,
            procedure_code=code,
            procedure_name=version.name,
            dossier_code=dossier.code,
            dossier_status=dossier.status,
            stem=f"{document.kind}-{code}-{ranks[(document.kind, code)]}",
            report=checked(document, data),
        )
        checked_documents.append((reference, data))
    return checked_documents


def export(out: Path, *, dpi: int = DEFAULT_DPI) -> list[Reference]:
    """Check every declaration and result, then (only if all pass) write their page images
    and the README into ``out``, replacing what an earlier export wrote there. Nothing is
    written when there is no such document."""
    documents = check_all()
    if not documents:
        return []
    out.mkdir(parents=True, exist_ok=True)
    written: list[Reference] = []
    with tempfile.TemporaryDirectory() as folder:
        staging = Path(folder)
        for reference, data in documents:
            names = []
            for number, png in enumerate(render_pages(data, dpi=dpi), start=1):
                name = f"{reference.stem}-p{number}.png"
                (staging / name).write_bytes(png)
                names.append(name)
            written.append(replace(reference, pages=tuple(names)))
        for old in out.iterdir():
            if IMAGE_NAME.match(old.name):
                old.unlink()
        for image in staging.iterdir():
            shutil.move(image, out / image.name)
    (out / README).write_text(readme(written, dpi=dpi), encoding="utf-8")
    return written


def readme(references: list[Reference], *, dpi: int) -> str:
    lines = [
        "# Declarations and results — reference renderings",
        "",
        f"Every declaration (tờ khai, sealed at submission) and result (kết quả, signed by the "
        f"leader and the unit) the demo issues, rendered at {dpi} dpi by poppler's `pdftoppm` "
        "from the stored, signed PDF. Each passed `pdfsig` before it was rendered: every "
        'signature "Signature is Valid."; the demo CA is, correctly, trusted by no NSS store, '
        'so the certificate line reads "Certificate issuer is unknown.".',
        "",
        "Regenerated, from a fresh demo database, by `make references` (see docs/eforms.md, "
        '"Reference renderings"). Do not edit by hand.',
        "",
        "| file | kind | procedure | dossier | template | pages | pdfsig |",
        "|---|---|---|---|---|---|---|",
    ]
    for ref in references:
        pages = " ".join(f"[p{n}]({name})" for n, name in enumerate(ref.pages, start=1))
        lines.append(
            f"| `{ref.stem}` | {ref.document.kind} | {ref.procedure_code} {ref.procedure_name} "
            f"| {ref.dossier_code} ({ref.dossier_status}) | {ref.document.template} | {pages} "
            f"| {ref.pdfsig_summary()} |"
        )
    for ref in references:
        lines += ["", f"## {ref.stem}: {ref.document.title}", ""]
        lines += [f"![{name}]({name})" for name in ref.pages]
    return "\n".join(lines) + "\n"
