"""Issue 11, scenario 2: two residents register their marriage online and neither is asked
for a marital-status paper: the status of each comes from the registry (the applicant's with
their own record, the other party's with the lookup by ID number), no page of the e-form has
an upload for the paper, and the dossier is submitted without it and decided."""

from __future__ import annotations

from datetime import date

from catalog.models import Component
from core import clock
from dossiers.models import Dossier, DossierComponent, Draft, Outcome, Status
from eforms.schema import Schema
from portal.tests.journeys import JourneyTestCase
from registry.models import Resident

MARITAL_PAPER = "xac-nhan-tinh-trang-hon-nhan"


class MarriageJourneyTestCase(JourneyTestCase):
    code = "1.000894"
    groom: Resident
    bride: Resident
    paper: Component

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.groom = cls.resident("Nguyễn Văn An", date(1990, 5, 17), "male")
        cls.bride = cls.resident(
            "Trần Thị Bình", date(1995, 1, 2), "female", marital_status="divorced"
        )
        cls.citizen = cls.citizen_of(cls.groom)
        cls.paper = Component.objects.get(version=cls.version, document_type=MARITAL_PAPER)

    @property
    def schema(self) -> Schema:
        schema = self.version.declaration
        assert schema is not None
        return schema

    def fill_in(self, draft: Draft) -> list[str]:
        """Every page of the e-form, as the groom fills it; the URLs of the pages shown."""
        self.choose_unit(draft, self.commune.committee.code)
        self.fill_section(draft, "applicant_party", {})
        self.fill_section(draft, "other_party", {"other_party__id_number": self.bride.id_number})
        self.fill_section(draft, "other_party", {})
        self.fill_section(draft, "confirm", {"copies": "1", "commitment": "true"})
        self.give_contact(draft)
        sections = [
            self.page_url("application_section", draft, s.key) for s in self.schema.sections
        ]
        return [
            self.page_url("application", draft),
            self.page_url("application_unit", draft),
            *sections,
            self.page_url("application_contact", draft),
            self.page_url("application_check", draft),
        ]

    def apply_online(self) -> Dossier:
        draft = self.start()
        self.fill_in(draft)
        return self.submit(draft)

    def test_no_page_asks_for_an_upload_of_the_marital_status_paper(self) -> None:
        draft = self.start()
        for url in self.fill_in(draft):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, 'type="file"')
        tasks = self.client.get(self.page_url("application", draft))
        self.assertNotContains(tasks, self.page_url("application_files", draft))

    def test_the_marital_status_of_both_parties_comes_from_the_registry(self) -> None:
        dossier = self.apply_online()
        parties = (dossier.declaration["applicant_party"], dossier.declaration["other_party"])
        self.assertEqual([p["marital_status"] for p in parties], ["single", "divorced"])
        self.assertEqual(dossier.declaration_sources["applicant_party.marital_status"], "registry")
        self.assertEqual(dossier.declaration_sources["other_party.marital_status"], "registry")

    def test_the_dossier_is_submitted_without_the_paper(self) -> None:
        dossier = self.apply_online()
        item = dossier.components.get(component=self.paper)
        self.assertEqual(item.state, DossierComponent.State.FROM_DATA)
        self.assertFalse(item.file)

    def test_it_is_decided_without_the_paper(self) -> None:
        today = clock.today()
        dossier = self.decide(
            self.apply_online(),
            self.commune.specialist,
            self.commune.chair,
            {"register_book": f"01/{today.year}", "registered_on": today.isoformat()},
        )
        self.assertEqual((dossier.status, dossier.outcome), (Status.DONE, Outcome.GRANTED))
        self.assertEqual(
            dossier.components.get(component=self.paper).state, DossierComponent.State.FROM_DATA
        )
