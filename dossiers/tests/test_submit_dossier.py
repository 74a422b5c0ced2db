"""submit_dossier: a dossier is lodged (online, at the counter, by a digital helper) in
SUBMITTED with its code and one event; a retried submission gives the dossier already made."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.test import TestCase, override_settings

from catalog.models import Channel
from core.testing import create_citizen, create_officer
from documents.models import IssuedDocument, StoredDocument
from documents.signing import verify_pdf
from documents.testing import pdf_bytes
from dossiers.actions import DossierError
from dossiers.models import Dossier, DossierComponent, EventType, Status
from dossiers.testing import (
    Office,
    attachment,
    create_counter_dossier,
    create_dossier,
    create_procedure,
)


class RacingUpload(ContentFile[bytes]):
    """An upload whose first reading runs ``competitor``: another request with the same
    submission key commits while this one is checking its files."""

    def __init__(self, competitor: Any) -> None:
        super().__init__(pdf_bytes(), name="to-khai.pdf")
        self.competitor = competitor

    def read(self, *args: Any) -> bytes:
        if self.competitor is not None:
            competitor, self.competitor = self.competitor, None
            competitor()
        data: bytes = super().read(*args)
        return data


class SubmitDossierTestCase(TestCase):
    def setUp(self) -> None:
        self.office = Office.create()
        self.version = create_procedure()

    def test_it_lodges_a_dossier_awaiting_reception(self) -> None:
        dossier = create_dossier(self.version, self.office)
        self.assertEqual((dossier.status, dossier.received_at), (Status.SUBMITTED, None))
        self.assertTrue(dossier.code.startswith(f"{self.office.unit.code}-"))

    def test_it_writes_one_submitted_event_in_the_applicants_name(self) -> None:
        dossier = create_dossier(self.version, self.office)
        event = dossier.events.get()
        self.assertEqual(
            (event.type, event.from_status, event.to_status, event.actor),
            (EventType.SUBMITTED, "", Status.SUBMITTED, dossier.applicant),
        )
        self.assertEqual(
            (event.parameters["channel"], event.parameters["receiving_unit"]),
            (Channel.ONLINE, self.office.unit.code),
        )

    def test_a_retry_with_the_same_key_returns_the_same_dossier(self) -> None:
        key, citizen = uuid.uuid4(), create_citizen()
        first = create_dossier(self.version, self.office, applicant=citizen, submission_key=key)
        again = create_dossier(self.version, self.office, applicant=citizen, submission_key=key)
        self.assertEqual((first.pk, Dossier.objects.count()), (again.pk, 1))

    def test_a_retry_racing_the_first_attempt_returns_the_dossier_it_made(self) -> None:
        key, citizen = uuid.uuid4(), create_citizen()
        made: list[Dossier] = []

        def other_attempt() -> None:
            made.append(
                create_dossier(self.version, self.office, applicant=citizen, submission_key=key)
            )

        form = self.version.components.get(position=1)
        residence = self.version.components.get(position=2)
        files = {form.pk: RacingUpload(other_attempt), residence.pk: attachment()}
        dossier = create_dossier(
            self.version, self.office, applicant=citizen, submission_key=key, files=files
        )
        self.assertEqual(([dossier.pk], Dossier.objects.count()), ([d.pk for d in made], 1))
        self.assertEqual(dossier.events.count(), 1)

    def test_someone_elses_key_is_refused(self) -> None:
        key = uuid.uuid4()
        create_dossier(self.version, self.office, submission_key=key)
        with self.assertRaises(PermissionDenied):
            create_dossier(self.version, self.office, submission_key=key)

    def test_only_reusable_components_can_come_from_data(self) -> None:
        form = self.version.components.get(reusable_from_data=False)
        with self.assertRaises(DossierError):
            create_dossier(self.version, self.office, files={}, from_data={form.pk: "made_up"})
        self.assertFalse(Dossier.objects.exists())

    def test_a_reusable_component_from_data_needs_no_upload(self) -> None:
        held = self.version.components.get(reusable_from_data=True)
        form = self.version.components.get(reusable_from_data=False)
        dossier = create_dossier(
            self.version,
            self.office,
            files={form.pk: attachment()},
            from_data={held.pk: "population_registry"},
        )
        item = dossier.components.get(component=held)
        self.assertEqual(
            (item.state, item.source), (DossierComponent.State.FROM_DATA, "population_registry")
        )

    def test_an_online_submission_without_a_required_paper_is_refused(self) -> None:
        with self.assertRaises(DossierError):
            create_dossier(self.version, self.office, files={})
        self.assertFalse(Dossier.objects.exists())

    def test_an_officer_applying_online_acts_as_a_person(self) -> None:
        officer = create_officer(
            self.office.unit, roles=("front_desk",), personal_id="001090999999"
        )
        dossier = create_dossier(self.version, self.office, applicant=officer, created_by=officer)
        event = dossier.events.get()
        self.assertEqual((event.actor_role, event.actor_unit), ("", None))

    def test_a_scan_handed_in_at_the_counter_is_a_signed_certified_copy(self) -> None:
        form = self.version.components.get(position=1)
        dossier = create_counter_dossier(self.version, self.office, files={form.pk: attachment()})
        item = dossier.components.get(component=form)
        copy = IssuedDocument.objects.get(code=item.certified_copy)
        self.assertEqual(
            (copy.kind, copy.file.name), (IssuedDocument.Kind.CERTIFIED_COPY, item.file.name)
        )
        with item.file.open("rb") as handle:
            self.assertTrue(verify_pdf(handle.read()).valid)
        stored = StoredDocument.objects.get(document=copy)
        self.assertEqual(stored.owner_id_number, dossier.applicant_id_number)

    def test_a_failed_submission_leaves_no_file_behind(self) -> None:
        form = self.version.components.get(position=1)
        # Production without the unit's certificate: the counter scan cannot be certified,
        # after the upload itself was stored.
        with (
            tempfile.TemporaryDirectory() as media,
            tempfile.TemporaryDirectory() as pki,
            override_settings(MEDIA_ROOT=media, MOTCUA_PKI_DIR=Path(pki), MOTCUA_DEMO_PKI=False),
        ):
            with self.assertRaises(DossierError):
                create_counter_dossier(self.version, self.office, files={form.pk: attachment()})
            self.assertEqual([p for p in Path(media).rglob("*") if p.is_file()], [])
        self.assertFalse(Dossier.objects.exists())
