"""poppler-utils as an independent check of our signatures (``pdfsig``)."""

from __future__ import annotations

PDFSIG = "/usr/bin/pdfsig"


def pdfsig_validations(pdf: bytes) -> list[str]:
    """What poppler's ``pdfsig`` (an independent validator) says of each signature."""
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        run = subprocess.run(  # noqa: S603 - a fixed program on our own temporary file
            [PDFSIG, handle.name], capture_output=True, text=True, check=False
        )
    return [
        line.split(":", 1)[1].strip()
        for line in run.stdout.splitlines()
        if line.strip().startswith("- Signature Validation:")
    ]
