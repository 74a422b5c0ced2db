"""registry 0002: lookups and correction requests keep their dossier's id when the foreign
keys give way to plain ids, and going back restores the foreign keys."""

from __future__ import annotations

from django.test import TransactionTestCase

from core import clock
from core.testing import latest_migrations, migrate
from dossiers.models import Dossier
from dossiers.testing import Office, create_dossier, create_procedure
from registry.models import CorrectionRequest, Lookup

BEFORE = [("registry", "0001_initial")]


class DossierIdsMigrationTestCase(TransactionTestCase):
    office: Office
    dossier: Dossier

    def setUp(self) -> None:
        self.office = Office.create()
        self.dossier = create_dossier(create_procedure(), self.office)

    def tearDown(self) -> None:
        migrate(latest_migrations())  # whatever the test did, the next one finds every table

    def test_the_dossier_ids_are_kept(self) -> None:
        old = migrate(BEFORE)
        old.get_model("registry", "Lookup").objects.create(
            at=clock.now(), id_number="001090000019", purpose="Kiểm tra", actor_name="Cán bộ",
            source="embedded", outcome="found", dossier_id=self.dossier.pk,
        )  # fmt: skip
        old.get_model("registry", "CorrectionRequest").objects.create(
            id_number="001090000019", field="sex", proposed_value="Nữ", reason="Giấy khai sinh",
            filed_by_id=self.office.desk.pk, unit_id=self.office.unit.pk, filed_at=clock.now(),
            dossier_id=self.dossier.pk,
        )  # fmt: skip
        migrate(latest_migrations())
        self.assertEqual(Lookup.objects.get().dossier_id, self.dossier.pk)
        self.assertEqual(CorrectionRequest.objects.get().dossier_id, self.dossier.pk)

    def test_going_back_restores_the_foreign_keys(self) -> None:
        Lookup.objects.create(
            at=clock.now(), id_number="001090000019", purpose="Kiểm tra", actor_name="Cán bộ",
            source="embedded", outcome="found", dossier_id=self.dossier.pk,
        )  # fmt: skip
        old = migrate(BEFORE)
        entry = old.get_model("registry", "Lookup").objects.get()
        self.assertEqual(entry.dossier.code, self.dossier.code)
