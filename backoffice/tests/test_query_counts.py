"""Each officer page lists its rows in a fixed number of queries: the same with one dossier
(event, request) as with several (no query per row)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from accounts.models import Role
from catalog.models import ProcedureVersion
from core.testing import create_officer, create_unit
from core.testing_queries import FixedQueries
from dossiers.actions import accept_dossier, answer_consultation, consult
from dossiers.actors import person
from dossiers.testing import (
    Office,
    create_decided_dossier,
    create_dossier,
    create_overdue_dossier,
    create_procedure,
    create_received_dossier,
    reload,
)
from registry import corrections


class OfficerPagesTestCase(FixedQueries):
    office: Office
    version: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.version = create_procedure(days=3)

    def test_the_reception_tab(self) -> None:
        create_dossier(self.version, self.office)

        def more() -> Iterable[str]:
            return [create_dossier(self.version, self.office).code for _ in range(4)]

        url = reverse("backoffice:inbox") + "?o=tiep-nhan"
        self.assertFixedQueries(8, self.office.desk, url, more)

    def test_the_processing_tab(self) -> None:
        create_received_dossier(self.version, self.office)

        def more() -> Iterable[str]:
            return [create_received_dossier(self.version, self.office).code for _ in range(4)]

        url = reverse("backoffice:inbox") + "?o=xu-ly"
        self.assertFixedQueries(7, self.office.leader, url, more)

    def test_the_return_tab(self) -> None:
        create_decided_dossier(self.version, self.office)

        def more() -> Iterable[str]:
            return [create_decided_dossier(self.version, self.office).code for _ in range(4)]

        url = reverse("backoffice:inbox") + "?o=tra-ket-qua"
        self.assertFixedQueries(8, self.office.desk, url, more)

    def test_the_dossier_page(self) -> None:
        """Events, consultations (with the units and officers they name) and slips."""
        dossier = create_received_dossier(self.version, self.office)
        other = Office.create()

        def more() -> Iterable[str]:
            answers = []
            for number in range(3):
                asked = consult(
                    reload(dossier),
                    actor=person(self.office.specialist),
                    to_unit=other.unit,
                    question=f"Câu hỏi {number}",
                )
                answers.append(f"Trả lời {number}")
                answer_consultation(asked, actor=person(other.specialist), answer=answers[-1])
            return answers

        url = reverse("backoffice:dossier", kwargs={"code": dossier.code})
        self.assertFixedQueries(12, self.office.specialist, url, more)

    def test_the_violations_page(self) -> None:
        """For an inspector of the unit's parent: every late dossier below it."""
        city = create_unit()
        office = Office.create(parent=city)
        inspector = create_officer(city, roles=(Role.INSPECTOR,))
        create_overdue_dossier(self.version, office)

        def more() -> Iterable[str]:
            return [create_overdue_dossier(self.version, office).code for _ in range(4)]

        self.assertFixedQueries(6, inspector, reverse("backoffice:violations"), more)

    def test_the_violations_page_of_a_leader(self) -> None:
        create_overdue_dossier(self.version, self.office)

        def more() -> Iterable[str]:
            return [create_overdue_dossier(self.version, self.office).code for _ in range(4)]

        url = reverse("backoffice:violations")
        self.assertFixedQueries(6, self.office.leader, url, more)

    def test_the_corrections_list(self) -> None:
        def file() -> str:
            dossier = accept_dossier(
                create_dossier(self.version, self.office), actor=person(self.office.desk)
            )
            corrections.file_correction(
                officer=self.office.specialist,
                unit=self.office.unit,
                id_number=dossier.applicant_id_number,
                field="sex",
                proposed_value="Nữ",
                reason="Giấy khai sinh ghi Nữ",
                dossier=dossier,
            )
            return dossier.code

        file()

        def more() -> Iterable[str]:
            return [file() for _ in range(4)]

        url = reverse("backoffice:corrections")
        self.assertFixedQueries(7, self.office.specialist, url, more)
