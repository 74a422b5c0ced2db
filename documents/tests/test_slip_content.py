"""What a slip says is assembled once (``dossiers.slips.slip_content``): the control slip says
what the receipt says of the same dossier, and the template preview has every key a real slip
or result has, so a key added in one place only is caught here."""

from __future__ import annotations

from typing import Any

from django.test import TestCase

from accounts.roles import Position
from core import clock
from documents.admin import sample_context
from dossiers.models import Dossier, Slip
from dossiers.registers import reserve_number
from dossiers.results import result_context
from dossiers.slips import control_slip_content, slip_content, slip_context
from dossiers.testing import Office, create_procedure, issue_every_slip


class SlipContentTestCase(TestCase):
    office: Office
    dossiers: list[Dossier]

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.dossiers = issue_every_slip(create_procedure(days=3), cls.office)

    def control(self, dossier: Dossier) -> dict[str, Any]:
        """The control slip as the back office asks for it (the dossier read back from the
        database, its times in UTC), at the time of the dossier's first slip."""
        dossier = Dossier.objects.get(pk=dossier.pk)
        slip = dossier.slips.earliest("pk")
        return control_slip_content(dossier, self.office.desk.get_full_name(), slip.issued_at)

    def test_the_control_slip_carries_the_receipts_header_and_dates(self) -> None:
        dossier = self.dossiers[0]
        receipt = dossier.slips.get(kind=Slip.Kind.RECEIPT)
        header = slip_content(dossier, self.office.unit, "", receipt.issued_at)
        keys = [*header, "received_at", "due_at"]
        control = self.control(dossier)
        self.assertEqual({k: control[k] for k in keys}, {k: receipt.content[k] for k in keys})

    def test_the_preview_sample_has_every_key_of_every_slip(self) -> None:
        sample = set(sample_context()["c"])
        for slip in Slip.objects.all():
            self.assertLessEqual(set(slip.content), sample, slip.kind)
        for dossier in self.dossiers:
            self.assertLessEqual(set(self.control(dossier)), sample, dossier.code)

    def test_the_preview_sample_has_every_key_a_slip_template_sees(self) -> None:
        for slip in Slip.objects.all():
            self.assertLessEqual(set(slip_context(slip, "VB-X")), set(sample_context()), slip.kind)

    def test_the_preview_sample_has_every_key_a_result_template_sees(self) -> None:
        office, dossier = self.office, self.dossiers[0]
        at = clock.now()
        context = result_context(
            dossier,
            "VB-X",
            signer=office.leader,
            body=office.unit,
            at=at,
            position=Position("Phó Chủ tịch"),
            register=reserve_number(dossier, body=office.unit, register_code="KS", at=at),
        )
        sample = sample_context()
        self.assertLessEqual(set(context), set(sample))
        for key in ("dossier", "version", "unit", "body", "signer", "register"):
            self.assertLessEqual(set(context[key]), set(sample[key]), key)
