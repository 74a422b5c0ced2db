"""The signer's limit: pyHanko alone signing a one-page PDF with the same unit key as the
slips, in as many processes as the task worker runs. Kept apart from the scenarios so that the
spawned processes import nothing of Django before ``django.setup()``."""

from __future__ import annotations

import io
import multiprocessing
import time

from bench.report import Run


def _bare_sign(args: tuple[bytes, str, str, float]) -> tuple[int, float]:
    """Sign ``data`` with pyHanko alone, as often as it can for ``seconds`` (after one
    signature that loads the key, not counted): (signatures, seconds)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    from documents.signing import unit_signer

    data, code, name, seconds = args
    signer = unit_signer(code, name)

    def sign(n: int) -> None:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name=f"Sig{n}"), signer=signer)

    sign(0)
    started = time.perf_counter()
    signed = 0
    while time.perf_counter() - started < seconds:
        signed += 1
        sign(signed)
    return signed, time.perf_counter() - started


def bare_signing(seconds: float, processes: int = 2) -> Run:
    """Signatures per second of ``processes`` processes signing at once (forked from this
    one, Django already set up)."""
    from django.db import connection

    from documents.testing import pdf_bytes
    from units.models import GovernmentUnit

    units = GovernmentUnit.objects.filter(kind=GovernmentUnit.Kind.COMMUNE_CENTER)
    unit = units.order_by("code")[0]
    job = (pdf_bytes(), unit.code, unit.name, seconds)
    connection.close()  # not shared with the forked processes
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        results = pool.map(_bare_sign, [job] * processes)
    count = sum(n for n, _s in results)
    return Run(
        rate=sum(n / s for n, s in results if s),
        p50=1000 * sum(s for _n, s in results) / max(count, 1),  # mean ms per signature
        count=count,
        seconds=seconds,
    )
