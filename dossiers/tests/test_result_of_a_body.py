"""A result is issued in the name of the body that decides — the commune committee, received
for at the commune centre — numbered in the body's register, signed by the leader in their
position (Decree 30/2020: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH") and sealed by the body."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from catalog.models import ProcedureVersion
from documents.issue import render_template
from documents.models import IssuedDocument
from documents.signing import verify_pdf
from dossiers import actions
from dossiers.actors import person
from dossiers.issued import documents_of
from dossiers.models import DeadlineState, Dossier, RegisterEntry
from dossiers.registers import reserve_number
from dossiers.results import result_context, signer_position
from dossiers.testing import ActionTestCase, Commune, create_procedure
from dossiers.tests.racing import while_sealing
from units.models import GovernmentUnit
from workdays.calendar import TZ, to_local

Kind = GovernmentUnit.Kind


class ResultOfABodyTestCase(ActionTestCase):
    commune: Commune
    civil_status: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.commune = Commune.create(name="Phường Hoàn Kiếm")
        cls.civil_status = create_procedure(kinds=(Kind.COMMUNE_COMMITTEE,), register_code="XNHN")

    def decide(self, leader: str = "deputy") -> Dossier:
        at_last = self.commune.at_last_step(self.civil_status)
        return actions.sign(at_last, actor=person(getattr(self.commune, leader)), result="Cấp.")

    def result(self, dossier: Dossier) -> IssuedDocument:
        return documents_of(dossier).get(kind=IssuedDocument.Kind.RESULT)

    def test_it_is_issued_by_the_committee(self) -> None:
        self.assertEqual(self.result(self.decide()).issuer, self.commune.committee)

    def test_it_records_the_signer_in_their_position_and_the_committees_seal(self) -> None:
        result = self.result(self.decide())
        deputy, body = self.commune.deputy, self.commune.committee.name
        self.assertEqual(
            result.signers,
            [
                {"kind": "person", "name": deputy.full_name, "unit": body, "title": "Phó Chủ tịch"},
                {"kind": "unit", "name": body, "unit": body},
            ],
        )

    def test_it_is_sealed_with_the_committees_certificate(self) -> None:
        result = self.result(self.decide())
        with result.file.open("rb") as handle:
            report = verify_pdf(handle.read())
        seal = next(s for s in report.signatures if s.field == "ChuKyDonVi")
        self.assertTrue(report.valid)
        self.assertIn(self.commune.committee.name, seal.signer)

    def test_it_takes_the_next_number_of_the_committees_register(self) -> None:
        self.decide()
        second = self.decide(leader="chair")
        entry = RegisterEntry.objects.get(dossier=second)
        assert second.decided_at is not None
        year = to_local(second.decided_at).year
        self.assertEqual((entry.body, entry.reference), (self.commune.committee, f"2/{year}/XNHN"))

    def test_a_decision_made_again_after_a_change_keeps_its_number(self) -> None:
        at_last = self.commune.at_last_step(self.civil_status)
        scan = partial(actions.mark_deadline, at_last, DeadlineState.DUE_SOON)
        with while_sealing(scan):  # the first result is discarded, the decision retried
            dossier = actions.sign(at_last, actor=person(self.commune.deputy))
        self.assertEqual(RegisterEntry.objects.get(dossier=dossier).number, 1)
        self.assertEqual(RegisterEntry.objects.get(dossier=self.decide()).number, 2)


class ResultTemplateTestCase(ActionTestCase):
    commune: Commune
    civil_status: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.commune = Commune.create(name="Phường Hoàn Kiếm")
        cls.civil_status = create_procedure(kinds=(Kind.COMMUNE_COMMITTEE,), register_code="KS")

    def rendered(self, leader: str) -> str:
        """The generic result of a dossier, as ``leader`` would sign it (numbered in 2026)."""
        dossier = self.commune.at_last_step(self.civil_status)
        signer = getattr(self.commune, leader)
        body, at = self.commune.committee, datetime(2026, 6, 1, 9, 0, tzinfo=TZ)
        context = result_context(
            dossier,
            "VB-AAAA-BBBB-CCCC",
            signer=signer,
            body=body,
            at=at,
            position=signer_position(signer, body, body),
            register=reserve_number(dossier, body=body, register_code="KS", at=at),
        )
        return render_template("results/default", context).html

    def test_the_generic_result_is_headed_by_the_committee_with_its_number(self) -> None:
        html = self.rendered("deputy")
        self.assertInHTML('<div class="unit">ỦY BAN NHÂN DÂN</div>', html)
        self.assertIn("PHƯỜNG HOÀN KIẾM", html)
        self.assertIn("Số: 1/2026/KS", html)

    def test_a_deputy_signs_for_the_chair_on_behalf_of_the_committee(self) -> None:
        html = self.rendered("deputy")
        for line in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"):
            self.assertInHTML(f'<div class="block">{line}</div>', html)

    def test_the_chair_signs_on_behalf_of_the_committee(self) -> None:
        html = self.rendered("chair")
        self.assertInHTML('<div class="block">CHỦ TỊCH</div>', html)
        self.assertNotIn("KT.", html)
