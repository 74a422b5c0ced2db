"""Shared set-up for the tests of slow work done outside the dossier lock: dossiers ready for
each action that signs, someone else acting on the dossier while a document is being sealed,
how long a lock was held, and whether the storage kept a signed file."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import TestCase
from unittest.mock import patch

from django.core.files.storage import default_storage
from django.db import connection, transaction

from catalog.models import Channel, ProcedureVersion
from core.testing import create_citizen
from documents import signing
from documents.models import IssuedDocument
from documents.storage import hashed_name
from dossiers import actions
from dossiers.actors import person
from dossiers.models import Dossier
from dossiers.testing import Office, attachment, create_dossier

# Runs of each action watched.
TIMED_RUNS = 3


def at_last_step(version: ProcedureVersion, office: Office) -> Dossier:
    """Accepted and forwarded: the leader's step, where signing gives the result."""
    dossier = actions.accept_dossier(create_dossier(version, office), actor=person(office.desk))
    return actions.forward(dossier, actor=person(office.specialist))


def decided(version: ProcedureVersion, office: Office) -> Dossier:
    return actions.sign(
        at_last_step(version, office), actor=person(office.leader), result="Đồng ý cấp."
    )


def at_counter(version: ProcedureVersion, office: Office, **overrides: Any) -> Dossier:
    """Lodged in person by the desk, its paper components not yet scanned."""
    citizen = create_citizen()
    fields: dict[str, Any] = {
        "channel": Channel.IN_PERSON,
        "created_by": office.desk,
        "applicant": None,
        "applicant_name": citizen.full_name,
        "applicant_id_number": citizen.personal_id,
        "files": {},
        "from_data": {c.pk: "Cơ sở dữ liệu quốc gia về dân cư" for c in reusable(version)},
    }
    fields.update(overrides)
    return create_dossier(version, office, **fields)


def reusable(version: ProcedureVersion) -> list[Any]:
    return list(version.components.filter(reusable_from_data=True))


def paper(version: ProcedureVersion) -> Any:
    """The component that can only be handed in on paper (the form)."""
    return version.components.get(reusable_from_data=False)


@contextmanager
def while_sealing(act: Callable[[], object] | None = None, times: int = 1) -> Iterator[list[bytes]]:
    """Run ``act`` — someone else's action on the same dossier — right after each of the next
    ``times`` unit seals, that is between an action's slow work and its lock; yield every
    sealed PDF (the seals of ``act`` itself included), in order. The seals are real."""
    sealed: list[bytes] = []
    real = signing.seal_pdf
    state = {"left": times, "inside": False}

    def seal(*args: Any, **kwargs: Any) -> bytes:
        pdf = real(*args, **kwargs)
        sealed.append(pdf)
        if act is not None and state["left"] and not state["inside"]:
            state["left"] -= 1
            state["inside"] = True
            try:
                act()
            finally:
                state["inside"] = False
        return pdf

    with patch.object(signing, "seal_pdf", seal):
        yield sealed


@contextmanager
def seals_in_transaction() -> Iterator[list[bool]]:
    """For every unit seal and every PDF rendering made in the block (real ones), whether a
    transaction was open — one that may hold a dossier's row, a unit's code sequence or, on
    SQLite, the database. (Checked this way rather than by timing the lock: a busy machine
    makes any time limit fail or pass by chance.)"""
    import weasyprint

    inside: list[bool] = []
    real_seal, real_render = signing.seal_pdf, weasyprint.HTML.write_pdf

    def seal(*args: Any, **kwargs: Any) -> bytes:
        inside.append(connection.in_atomic_block)
        return real_seal(*args, **kwargs)

    def render(*args: Any, **kwargs: Any) -> Any:
        inside.append(connection.in_atomic_block)
        return real_render(*args, **kwargs)

    with (
        patch.object(signing, "seal_pdf", seal),
        patch.object(weasyprint.HTML, "write_pdf", render),
    ):
        yield inside


def kept(pdf: bytes) -> bool:
    """Whether the storage holds this content (it names every file after its SHA-256)."""
    return default_storage.exists(hashed_name(hashlib.sha256(pdf).hexdigest(), "x.pdf"))


def assert_only_issued_kept(case: TestCase, sealed: list[bytes]) -> None:
    """Every sealed PDF is stored if and only if an issued document recorded it."""
    issued = set(IssuedDocument.objects.values_list("sha256", flat=True))
    for pdf in sealed:
        recorded = hashlib.sha256(pdf).hexdigest() in issued
        case.assertEqual(kept(pdf), recorded, "a file is kept for a decision never recorded")


@contextmanager
def dossier_lock_held() -> Iterator[list[float]]:
    """Seconds each dossier row lock taken inside the block was held, its acquisition to the
    commit (the actions log it once they have committed)."""
    held: list[float] = []
    handler = _Collect(held)
    logger = logging.getLogger("dossiers.locks")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        yield held
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


class _Collect(logging.Handler):
    def __init__(self, into: list[float]) -> None:
        super().__init__(logging.DEBUG)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.__dict__["lock_held"])


@contextmanager
def code_sequence_held() -> Iterator[list[float]]:
    """Seconds the receiving unit's code sequence row stayed locked: from the statement that
    takes the next number (dossiers.codes) to the commit."""
    held: list[float] = []

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        if "codesequence" in sql.lower():
            taken = time.perf_counter()
            transaction.on_commit(lambda: held.append(time.perf_counter() - taken))
        return result

    with connection.execute_wrapper(watch):
        yield held


def scan() -> Any:
    return attachment("quet.pdf")
