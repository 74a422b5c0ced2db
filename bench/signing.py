"""The signer's limit: pyHanko alone signing a one-page PDF with the same unit key as the
slips, in as many processes as the task worker runs. Kept apart from the scenarios so that the
spawned processes import nothing of Django before ``django.setup()``."""

from __future__ import annotations

import io
import multiprocessing
import time

from bench.report import Run


def _bare_sign(args: tuple[bytes, str, str, float]) -> int:
    """Sign ``data`` with pyHanko alone, as often as possible until the deadline."""
    import django

    django.setup()
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    from documents.signing import unit_signer

    data, code, name, deadline = args
    signer = unit_signer(code, name)
    signed = 0
    while time.time() < deadline:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        signers.sign_pdf(
            writer, signers.PdfSignatureMetadata(field_name=f"Sig{signed}"), signer=signer
        )
        signed += 1
    return signed


def bare_signing(seconds: float, processes: int = 2) -> Run:
    from documents.testing import pdf_bytes
    from units.models import GovernmentUnit

    unit = GovernmentUnit.objects.filter(kind=GovernmentUnit.Kind.COMMUNE_CENTER).order_by("code")[
        0
    ]
    deadline = time.time() + 3 + seconds  # each process starts Django first
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        counts = pool.map(_bare_sign, [(pdf_bytes(), unit.code, unit.name, deadline)] * processes)
    return Run(rate=sum(counts) / seconds, count=sum(counts), seconds=seconds)
