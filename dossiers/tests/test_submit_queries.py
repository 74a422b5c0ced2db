"""submit_dossier's round trips are fixed: the catalog read once before the transaction, the
dossier written with its first event's hash, its components in one statement, however many
components the procedure lists."""

from __future__ import annotations

from django.db import connection
from django.test import TestCase

from catalog.models import Channel, Component, ProcedureVersion
from core.testing import create_citizen
from dossiers.actions import submit_dossier
from dossiers.actors import person
from dossiers.events import verify_dossier
from dossiers.models import Dossier
from dossiers.testing import Office, attachment, create_procedure

# Before the transaction: the catalog's checks and the workflow (one query), the components.
# In it (a savepoint here, the test's transaction around it): the code (and on PostgreSQL the
# dossier's id), the dossier, its event, its components; elsewhere the chain head is written
# by one more UPDATE, the id being known only once the row is.
QUERIES = 8 if connection.vendor == "postgresql" else 9


class SubmitQueriesTestCase(TestCase):
    def setUp(self) -> None:
        self.office = Office.create()

    def lodge(self, version: ProcedureVersion, queries: int) -> Dossier:
        citizen = create_citizen()
        files = {pk: attachment() for pk in version.components.values_list("pk", flat=True)}
        with self.assertNumQueries(queries):
            return submit_dossier(
                version=version,
                channel=Channel.ONLINE,
                actor=person(citizen),
                receiving_unit=self.office.unit,
                competent_unit=self.office.unit,
                applicant=citizen,
                applicant_name=citizen.full_name,
                applicant_id_number=citizen.personal_id or "",
                files=files,
            )

    def test_an_online_submission_takes_a_fixed_number_of_queries(self) -> None:
        dossier = self.lodge(create_procedure(), QUERIES)
        self.assertEqual((dossier.components.count(), dossier.events.count()), (2, 1))

    def test_more_components_add_no_query(self) -> None:
        version = create_procedure()
        for position in range(10, 16):
            Component.objects.create(version=version, position=position, name=f"Giấy {position}")
        dossier = self.lodge(version, QUERIES)
        self.assertEqual(dossier.components.count(), 8)

    def test_the_dossier_is_written_with_its_chain_head(self) -> None:
        dossier = self.lodge(create_procedure(), QUERIES)
        stored = Dossier.objects.get(pk=dossier.pk)
        event = stored.events.get()
        self.assertEqual((stored.event_count, stored.last_event_hash), (1, event.hash))
        self.assertEqual(event.hash, event.compute_hash())
        chain = list(stored.events.order_by("seq"))
        problems = verify_dossier(stored.code, stored.event_count, stored.last_event_hash, chain)
        self.assertEqual(list(problems), [])
