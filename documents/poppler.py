"""poppler-utils as an independent check of our signatures (``pdfsig``) and as the renderer of
reference images (``pdftoppm``)."""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PDFSIG = "/usr/bin/pdfsig"
PDFTOPPM = "/usr/bin/pdftoppm"
# What pdfsig says of a signature whose bytes are intact and cover what they claim. Whether the
# certificate's issuer is trusted is another line: the demo CA is in no NSS store, so poppler
# says "Certificate issuer is unknown." for it, and that is expected (docs/signing.md).
VALID = "Signature is Valid."


@dataclass(frozen=True)
class PdfsigSignature:
    """One signature as pdfsig reports it."""

    signer: str
    validation: str
    certificate: str
    # "Total document signed": nothing was added after this signature.
    whole_document: bool


@dataclass(frozen=True)
class PdfsigReport:
    returncode: int
    signatures: tuple[PdfsigSignature, ...]
    output: str

    @property
    def valid(self) -> bool:
        """pdfsig ran cleanly, found at least one signature, and every one is valid."""
        return (
            self.returncode == 0
            and bool(self.signatures)
            and all(s.validation == VALID for s in self.signatures)
        )


def _field(line: str) -> str:
    return line.split(":", 1)[1].strip()


def pdfsig(pdf: bytes) -> PdfsigReport:
    """What poppler's ``pdfsig`` (an independent validator) says of each signature of ``pdf``."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        run = subprocess.run(  # noqa: S603 - a fixed program on our own temporary file
            [PDFSIG, handle.name], capture_output=True, text=True, check=False
        )
    signatures: list[PdfsigSignature] = []
    block: dict[str, str] = {}

    def close() -> None:
        if block:
            signatures.append(
                PdfsigSignature(
                    signer=block.get("signer", ""),
                    validation=block.get("validation", ""),
                    certificate=block.get("certificate", ""),
                    whole_document="whole" in block,
                )
            )
            block.clear()

    for raw in run.stdout.splitlines():
        line = raw.strip()
        if raw.startswith("Signature #"):
            close()
            block["start"] = line
        elif line.startswith("- Signer Certificate Common Name:"):
            block["signer"] = _field(line)
        elif line.startswith("- Signature Validation:"):
            block["validation"] = _field(line)
        elif line.startswith("- Certificate Validation:"):
            block["certificate"] = _field(line)
        elif line == "- Total document signed":
            block["whole"] = "yes"
    close()
    return PdfsigReport(
        returncode=run.returncode,
        signatures=tuple(signatures),
        output=(run.stdout + run.stderr).strip(),
    )


def pdfsig_validations(pdf: bytes) -> list[str]:
    """What pdfsig says of each signature: its "Signature Validation" line."""
    return [signature.validation for signature in pdfsig(pdf).signatures]


def render_pages(pdf: bytes, *, dpi: int) -> list[bytes]:
    """Every page rendered by ``pdftoppm`` as PNG bytes, in page order."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603 - a fixed program on our own temporary files
            [PDFTOPPM, "-r", str(dpi), "-png", str(source), str(Path(folder) / "page")],
            capture_output=True,
            check=True,
        )
        # pdftoppm pads the page number to the width of the page count: page-1 or page-01.
        pages = sorted(
            Path(folder).glob("page-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1])
        )
        return [page.read_bytes() for page in pages]
