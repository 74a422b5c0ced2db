"""Each citizen page lists its rows in a fixed number of queries: "Hồ sơ của tôi" with one
dossier as with several, a dossier's page and the public lookup with few events as with many."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.urls import reverse

from catalog.models import ProcedureVersion
from core.testing_queries import FixedQueries
from dossiers.actions import answer_consultation, consult
from dossiers.actors import person
from dossiers.models import Dossier
from dossiers.testing import (
    Office,
    applicant_of,
    create_dossier,
    create_procedure,
    create_received_dossier,
    reload,
)

ANSWERED = "Cơ quan được hỏi ý kiến đã trả lời"


class CitizenPagesTestCase(FixedQueries):
    office: Office
    version: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.version = create_procedure(days=3)

    def setUp(self) -> None:
        cache.clear()  # the lookup's rate limits

    def consulted(self, dossier: Dossier, times: int) -> Iterable[str]:
        """Events added to the dossier's history: ``times`` opinions asked and answered."""
        other = Office.create()
        for number in range(times):
            asked = consult(
                reload(dossier),
                actor=person(self.office.specialist),
                to_unit=other.unit,
                question=f"Câu hỏi {number}",
            )
            answer_consultation(asked, actor=person(other.specialist), answer="Đồng ý")
        return [ANSWERED]

    def test_my_dossiers(self) -> None:
        first = create_dossier(self.version, self.office)
        citizen = applicant_of(first)

        def more() -> Iterable[str]:
            return [
                create_dossier(self.version, self.office, applicant=citizen).code for _ in range(4)
            ]

        self.assertFixedQueries(6, citizen, reverse("portal:my_dossiers"), more)

    def test_the_dossier_page(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        url = reverse("portal:dossier", kwargs={"code": dossier.code})
        self.assertFixedQueries(10, applicant_of(dossier), url, lambda: self.consulted(dossier, 3))

    def test_the_public_lookup(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        self.assertFixedQueries(
            2,
            None,
            reverse("portal:lookup"),
            lambda: self.consulted(dossier, 3),
            data={"code": dossier.code, "suffix": dossier.applicant_phone[-4:]},
        )
